"""review.xlsx: the reviewer's decisions beside the program's proposals.

The first run writes one row per item with the proposal and empty 终审得分 /
评审意见 columns. Later runs refresh only the program's columns (指标, 满分,
建议得分, 状态, 建议理由, 提示), keyed by 编号; what a reviewer typed — 终审得分,
评审意见, any column or sheet they added — is never overwritten. When a
proposal changes under a reviewer's decision, 提示 says 建议已变化，请复核; the
note stays until the reviewer clears it. A 终审得分 that is not a number in
range is reported in Chinese, kept in the file, and not applied.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .errors import KaoheError
from .render.context import Proposal, fmt, number
from .render.files import atomic_write, xml_text

FILE_NAME = "review.xlsx"
SHEET = "评审"
COLUMNS = ["编号", "指标", "满分", "建议得分", "状态", "建议理由", "终审得分", "评审意见", "提示"]
PROGRAM_COLUMNS = ("指标", "满分", "建议得分", "状态", "建议理由", "提示")
WIDTHS = {"编号": 8, "指标": 42, "满分": 6, "建议得分": 9, "状态": 9, "建议理由": 50,
          "终审得分": 9, "评审意见": 32, "提示": 32}
CHANGED = "建议已变化，请复核"
GONE = "本次结果中没有此编号"
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


@dataclass
class Decision:
    score: float | None          # a valid 终审得分, or None
    note: str                    # 评审意见
    raw: Any = None              # what the cell holds, as typed
    problem: str = ""            # why the 终审得分 was not applied
    flag: str = ""               # 提示 about a changed proposal


@dataclass
class ReviewResult:
    path: Path
    created: bool
    decisions: dict[str, Decision] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def merge_review(path: Path, props: list[Proposal]) -> ReviewResult:
    """Create or refresh ``path`` from the proposals and read the decisions back."""
    path = Path(path)
    if not path.exists():
        wb = _new_workbook(props)
        _save(wb, path)
        return ReviewResult(path=path, created=True)
    wb = _open(path)
    ws = _sheet(wb)
    cols = _columns(ws)
    result = ReviewResult(path=path, created=False)
    rows = _rows_by_id(ws, cols, result)
    wanted = {p.id for p in props}
    for p in props:
        r = rows.get(p.id)
        if r is None:
            r = ws.max_row + 1
            ws.cell(r, cols["编号"], p.id).number_format = "@"
            _style_row(ws, r, cols)
            old_score, old_status, decided = p.score, p.status_name, False
        else:
            old_score = number(ws.cell(r, cols["建议得分"]).value)
            old_status = str(ws.cell(r, cols["状态"]).value or "")
            decided = not _blank(ws.cell(r, cols["终审得分"]).value) \
                or not _blank(ws.cell(r, cols["评审意见"]).value)
        old_hint = str(ws.cell(r, cols["提示"]).value or "")
        _write(ws, r, cols["指标"], p.indicator)
        _write(ws, r, cols["满分"], _num_cell(p.max))
        _write(ws, r, cols["建议得分"], _num_cell(p.score))
        _write(ws, r, cols["状态"], p.status_name)
        _write(ws, r, cols["建议理由"], p.reason)

        changed = decided and (not _same(old_score, p.score) or old_status != p.status_name)
        flag = ""
        if changed:
            flag = f"{CHANGED}（原建议{fmt(old_score) or '无'}分/{old_status or '无'}，" \
                   f"现建议{fmt(p.score) or '无'}分/{p.status_name}）"
        else:
            kept = [h for h in old_hint.split("；") if h.startswith(CHANGED)]
            flag = kept[0] if kept and decided else ""

        decision = _decision(ws.cell(r, cols["终审得分"]).value,
                             ws.cell(r, cols["评审意见"]).value, p)
        decision.flag = flag
        hints = [h for h in (flag, decision.problem) if h]
        _write(ws, r, cols["提示"], "；".join(hints))
        if decision.problem:
            result.warnings.append(f"{path.name} 第{r}行（编号 {p.id}）：{decision.problem}")
        if changed:
            result.warnings.append(f"{path.name} 第{r}行（编号 {p.id}）：{flag}")
        if decision.score is not None or decision.note or decision.problem or flag:
            result.decisions[p.id] = decision
    for iid, r in rows.items():
        if iid not in wanted:
            _write(ws, r, cols["提示"], GONE)
    _save(wb, path)
    return result


# --------------------------------------------------------------------------
# Reading a decision
# --------------------------------------------------------------------------
_SCORE_TEXT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*分?\s*$")


def _decision(raw: Any, note: Any, p: Proposal) -> Decision:
    note_text = "" if note is None else xml_text(note).strip()
    if _blank(raw):
        return Decision(score=None, note=note_text, raw=raw)
    value: float | None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, (int, float)):
        value = float(raw)
    else:
        m = _SCORE_TEXT.match(str(raw).replace("，", ".").replace("．", "."))
        value = float(m.group(1)) if m else None
    if value is None:
        return Decision(score=None, note=note_text, raw=raw,
                        problem=f"终审得分“{raw}”不是数字，本次按建议得分出表")
    if not (p.low - 1e-9 <= value <= p.high + 1e-9):
        return Decision(score=None, note=note_text, raw=raw,
                        problem=f"终审得分 {fmt(value)} 超出本项分值范围（{fmt(p.low)}～{fmt(p.high)}分），"
                                f"本次按建议得分出表")
    return Decision(score=value, note=note_text, raw=raw)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-9


def _num_cell(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------
# The workbook
# --------------------------------------------------------------------------
def _new_workbook(props: list[Proposal]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for c, name in enumerate(COLUMNS, start=1):
        cell = ws.cell(1, c, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[name]
    ws.freeze_panes = "B2"
    cols = {name: i for i, name in enumerate(COLUMNS, start=1)}
    for r, p in enumerate(props, start=2):
        ws.cell(r, cols["编号"], p.id).number_format = "@"
        ws.cell(r, cols["指标"], p.indicator)
        ws.cell(r, cols["满分"], _num_cell(p.max))
        ws.cell(r, cols["建议得分"], _num_cell(p.score))
        ws.cell(r, cols["状态"], p.status_name)
        ws.cell(r, cols["建议理由"], p.reason)
        _style_row(ws, r, cols)
    guide = wb.create_sheet("说明")
    for r, line in enumerate([
        "本表由 kaohe 生成，供评审人员填写终审结果。",
        "“终审得分”填数字（可带“分”字），范围为 0 至满分（含加分项）；费用表一项填 0 或扣分（负数）。",
        "“评审意见”填写后，将作为扣分原因印在考核表上。",
        "再次运行时，程序只更新“指标、满分、建议得分、状态、建议理由、提示”各列，",
        "不会改动“终审得分”“评审意见”以及您自行添加的列和工作表。",
        "若建议得分在您作出终审决定后发生变化，“提示”列会标注“建议已变化，请复核”，复核后可删除该提示。",
    ], start=1):
        guide.cell(r, 1, line)
    guide.column_dimensions["A"].width = 100
    return wb


def _style_row(ws, r: int, cols: dict[str, int]) -> None:
    for name, c in cols.items():
        cell = ws.cell(r, c)
        cell.alignment = Alignment(vertical="top", wrap_text=name in ("指标", "建议理由", "评审意见", "提示"))
        if name in ("终审得分", "评审意见"):
            cell.fill = EDITABLE_FILL


def _write(ws, r: int, c: int, value) -> None:
    ws.cell(r, c).value = xml_text(value) if isinstance(value, str) else value


def _open(path: Path):
    try:
        return load_workbook(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KaoheError(f"评审表“{path}”无法打开（{type(exc).__name__}），未做任何改动；"
                         f"请修复或移走该文件后重试") from None


def _sheet(wb):
    if SHEET in wb.sheetnames:
        return wb[SHEET]
    for ws in wb.worksheets:
        heads = {str(c.value).strip() for c in ws[1] if c.value is not None}
        if {"编号", "终审得分"} <= heads:
            return ws
    ws = wb.create_sheet(SHEET, 0)
    for c, name in enumerate(COLUMNS, start=1):
        ws.cell(1, c, name).font = Font(bold=True)
    return ws


def _columns(ws) -> dict[str, int]:
    """Column of every program column by header name; adds any that are missing."""
    cols: dict[str, int] = {}
    for cell in ws[1]:
        name = str(cell.value).strip() if cell.value is not None else ""
        if name in COLUMNS and name not in cols:
            cols[name] = cell.column
    nxt = max([c.column for c in ws[1] if c.value is not None], default=0) + 1
    for name in COLUMNS:
        if name not in cols:
            cell = ws.cell(1, nxt, name)
            cell.font = Font(bold=True)
            cols[name] = nxt
            nxt += 1
    return cols


def _rows_by_id(ws, cols: dict[str, int], result: ReviewResult) -> dict[str, int]:
    rows: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        raw = ws.cell(r, cols["编号"]).value
        if _blank(raw):
            continue
        iid = fmt(raw) if isinstance(raw, float) else str(raw).strip()
        if iid in rows:
            result.warnings.append(f"{ws.title} 第{r}行：编号 {iid} 重复，以第{rows[iid]}行为准")
            continue
        rows[iid] = r
    return rows


def _save(wb, path: Path) -> None:
    buf = io.BytesIO()
    wb.save(buf)
    try:
        atomic_write(path, buf.getvalue())
    except PermissionError:
        raise KaoheError(f"评审表“{path}”正被其他程序占用，无法更新；请关闭后重试") from None
