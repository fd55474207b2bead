"""review.xlsx: the reviewer's decisions beside the program's proposals.

The first run writes one row per item with the proposal and empty 终审得分 /
评审意见 columns. Later runs refresh only the program's columns (指标, 满分,
建议得分, 状态, 建议理由, 提示), keyed by 编号; what a reviewer typed — 终审得分,
评审意见, any column or sheet they added — is never overwritten. When a
proposal changes under a reviewer's decision, 提示 says 建议已变化，请复核; the
note stays until the reviewer clears it. A 终审得分 that is not a number in
range is reported in Chinese, kept in the file, and not applied.

The sheet is dressed on every save: data validation on 终审得分 (0 to the item's
maximum with its bonus, or the deduction range of the cost table), an
autofilter, status colours, protection without a password except the columns
the reviewer edits, and landscape A4 print fitted to the width with the header
row repeated. The 说明 sheet says how each form uses the reviewer's columns.

A second sheet, 现场核查, asks the reviewer what only an on-site check or an
expert can settle (抽查病历, 现场查看, 网络直报 against the national system,
专家评分): one row per such figure of the form. ``read_answers`` reads them
for scoring; they never appear in the unit's figures workbook.

The reviewer's columns are found by meaning, not by exact text: "终审得分（分）",
"编号 " or "最终得分" still count. When 编号, 终审得分 or 评审意见 cannot be found the
file is left untouched and the run stops with a message naming the column, so
the forms are never rendered as if the reviewer had decided nothing. An
编号 that Excel turned into a number (1.1 for 1.10) is matched back and
rewritten as text, or reported when it is ambiguous; a decision on a row
whose 编号 is not in the results is reported.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datetime as _dt

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from .data.model import is_question, items_by_figure
from .data.onsite import parse_answer
from .data.parse import BadValue, is_blank
from .errors import KaoheError
from .render.context import Proposal, fmt, number
from .render.files import atomic_write, xml_text
from .render.layout import REVIEW_NOTE_HEADER, REVIEW_SCORE_HEADER
from .rulebook.schema import Form

FILE_NAME = "review.xlsx"
SHEET = "评审"
COLUMNS = ["编号", "指标", "满分", "建议得分", "状态", "建议理由", "终审得分", "评审意见", "提示"]
PROGRAM_COLUMNS = ("指标", "满分", "建议得分", "状态", "建议理由", "提示")
WIDTHS = {"编号": 8, "指标": 42, "满分": 6, "建议得分": 9, "状态": 9, "建议理由": 50,
          "终审得分": 9, "评审意见": 32, "提示": 32}
CHANGED = "建议已变化，请复核"
GONE = "本次结果中没有此编号"
EDITABLE = ("终审得分", "评审意见", "提示")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
# status colours, as in the report
STATUS_COLOURS = {
    "符合": ("2E7D32", "E8F5E9"), "部分符合": ("B26A00", "FFF4E0"), "不符合": ("C62828", "FDECEA"),
    "无佐证": ("6A1B9A", "F3E5F5"), "待补数据": ("1565C0", "E3F2FD"),
}
VALIDATION_TITLE = "终审得分超出范围"

ONSITE_SHEET = "现场核查"
ONSITE_COLUMNS = ["序号", "数据项", "核查方法", "服务的指标", "核查结果", "核查说明"]
ONSITE_EDITABLE = ("核查结果", "核查说明")
ONSITE_WIDTHS = {"序号": 6, "数据项": 40, "核查方法": 40, "服务的指标": 40, "核查结果": 12, "核查说明": 30}
ONSITE_TITLE = "现场核查结果不符合要求"


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
    answers: dict[str, float | bool] = field(default_factory=dict)   # 现场核查: figure key -> answer


def merge_review(path: Path, props: list[Proposal], form: Form | None = None,
                 author: str = "") -> ReviewResult:
    """Create or refresh ``path`` from the proposals and read the decisions back."""
    path = Path(path)
    if not path.exists():
        wb = _new_workbook(props)
        result = ReviewResult(path=path, created=True)
        _finish(wb, wb[SHEET], props, form, author, result)
        _save(wb, path)
        return result
    wb = _open(path)
    ws, header = _sheet(wb, path)
    cols = _columns(ws, header, path)
    result = ReviewResult(path=path, created=False)
    wanted = {p.id for p in props}
    rows = _rows_by_id(ws, cols, result, header, wanted)
    end = ws.max_row
    for p in props:
        r = rows.get(p.id)
        if r is None:
            end += 1
            r = end
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
            typed = [ws.cell(r, cols[c]).value for c in REVIEWER_COLUMNS[1:]]
            if any(not _blank(v) for v in typed):
                result.warnings.append(f"{path.name} 第{r}行：编号“{iid}”{GONE}，该行填写的终审得分/评审意见未采用，"
                                       "请核对编号")
    _finish(wb, ws, props, form, author, result, cols, header[0])
    _save(wb, path)
    return result


def _finish(wb, ws, props: list[Proposal], form: Form | None, author: str, result: ReviewResult,
            cols: dict[str, int] | None = None, header_row: int = 1) -> None:
    """Everything the program owns besides the values: the dress, 说明, 现场核查, properties."""
    _dress(ws, cols or {name: i for i, name in enumerate(COLUMNS, start=1)}, props, header_row)
    if form is not None:
        _guide(wb, form)
        questions = onsite_questions(form)
        if questions:
            onsite = _onsite_sheet(wb, form, questions)
            answers, warnings = _read_onsite(onsite, form, result.path.name)
            result.answers.update(answers)
            result.warnings.extend(warnings)
    props_ = wb.properties
    props_.title = f"评审表 {form.attachment} {form.title}" if form is not None else "评审表"
    props_.creator = xml_text(author) or None
    props_.lastModifiedBy = xml_text(author) or None
    now = _dt.datetime.now().replace(microsecond=0)
    if result.created:
        props_.created = now
    props_.modified = now


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
    return wb


def _style_row(ws, r: int, cols: dict[str, int]) -> None:
    for name, c in cols.items():
        cell = ws.cell(r, c)
        cell.alignment = Alignment(vertical="top", wrap_text=name in ("指标", "建议理由", "评审意见", "提示"))
        if name in ("终审得分", "评审意见"):
            cell.fill = EDITABLE_FILL


# --------------------------------------------------------------------------
# The dress: validation, filter, colours, protection, print
# --------------------------------------------------------------------------
def _dress(ws, cols: dict[str, int], props: list[Proposal], header_row: int = 1) -> None:
    ranges = {p.id: (p.low, p.high) for p in props}
    last_row = ws.max_row
    last_col = max(cols.values())
    score_letter = get_column_letter(cols["终审得分"])
    # our own validations are replaced; any the reviewer added elsewhere stay
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation if dv.errorTitle != VALIDATION_TITLE]
    by_range: dict[tuple[float, float], DataValidation] = {}
    for r in range(header_row + 1, last_row + 1):
        raw = ws.cell(r, cols["编号"]).value
        iid = fmt(raw) if isinstance(raw, float) else str(raw or "").strip()
        for name in EDITABLE:
            ws.cell(r, cols[name]).protection = Protection(locked=False)
        status = ws.cell(r, cols["状态"])
        colours = STATUS_COLOURS.get(str(status.value or ""))
        if colours:
            status.font = Font(color=colours[0], bold=True)
            status.fill = PatternFill("solid", fgColor=colours[1])
        if iid not in ranges:
            continue
        low, high = ranges[iid]
        dv = by_range.get((low, high))
        if dv is None:
            dv = DataValidation(type="decimal", operator="between", formula1=fmt(low), formula2=fmt(high),
                                allow_blank=True, showErrorMessage=True, showInputMessage=True)
            dv.errorTitle = VALIDATION_TITLE
            dv.error = f"请填写{fmt(low)}～{fmt(high)}之间的数字（本项分值范围）"
            dv.promptTitle = "终审得分"
            dv.prompt = f"填写{fmt(low)}～{fmt(high)}分；留空则按建议得分出表"
            by_range[(low, high)] = dv
            ws.add_data_validation(dv)
        dv.add(f"{score_letter}{r}")
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{max(last_row, header_row + 1)}"
    ws.freeze_panes = f"B{header_row + 1}"
    _protect(ws)
    _print_setup(ws, header_row)


def _protect(ws) -> None:
    """Protected without a password: the reviewer may filter, sort, resize and add columns."""
    p = ws.protection
    p.sheet = True
    p.autoFilter = False
    p.sort = False
    p.formatColumns = False
    p.formatRows = False
    p.insertColumns = False
    p.insertHyperlinks = False


def _print_setup(ws, header_row: int = 1) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = False


# --------------------------------------------------------------------------
# 说明
# --------------------------------------------------------------------------
def guide_lines(form: Form) -> list[str]:
    """What each column does, true for this form."""
    from .data.model import cost_tables
    costs = cost_tables(form)
    questions = onsite_questions(form)
    lines = [f"本表由 kaohe 生成，供评审人员填写《{form.attachment} {form.title}》的终审结果。", ""]
    score = "“终审得分”填数字（可带“分”字），范围为0至本项满分（含加分项）"
    if costs:
        t = costs[0]
        score += f"；{t.indicator}（编号{t.id}）只能扣分，填0或负数（最低-{fmt(t.incomplete_deduction)}）"
    lines.append(score + "；单元格会提示本项的范围，超出范围的数值不予采用并在“提示”列说明。")
    if form.self_score_column:
        lines.append(f"考核表保留单位填报的“{form.self_score_column}”；评审结果印在考核表右侧增加的"
                     f"“{REVIEW_SCORE_HEADER}”“{REVIEW_NOTE_HEADER}”两列："
                     f"“{REVIEW_SCORE_HEADER}”印终审得分（未填时印建议得分），"
                     f"“{REVIEW_NOTE_HEADER}”印评审意见（未填时印建议理由）。")
    else:
        note_cols = list(dict.fromkeys(s.columns[-1] for s in form.sections if s.columns))
        lines.append(f"考核表的“得分”栏印终审得分（未填时印建议得分）；"
                     f"“{'”“'.join(note_cols)}”栏印评审意见（未填时印建议理由或所填数据）。")
    lines.append("填写“终审得分”或“评审意见”的指标，不再列入发给被考核单位的补充材料清单。")
    if questions:
        lines.append(f"“{ONSITE_SHEET}”工作表列出只能由评审人员现场核查或专家评判的{len(questions)}个数据项"
                     "（不在单位的指标数据表中填报），请在“核查结果”列填写“是/否”或专家评分；"
                     "下次运行 kaohe render 或 kaohe run 时按考核表计分。")
    lines += [
        "再次运行时，程序只更新“指标、满分、建议得分、状态、建议理由、提示”各列，"
        "不会改动“终审得分”“评审意见”“核查结果”“核查说明”以及您自行添加的列和工作表。",
        "若建议得分在您作出终审决定后发生变化，“提示”列会标注“建议已变化，请复核”，复核后可删除该提示。",
        "工作表已保护（无密码），黄色单元格可以填写，筛选、排序、调整列宽均可使用；"
        "如需改动其他单元格，可在“审阅”中撤销工作表保护。",
    ]
    return lines


def _guide(wb, form: Form) -> None:
    name = "说明"
    if name in wb.sheetnames:
        ws = wb[name]
        for row in ws.iter_rows():
            for cell in row:
                cell.value = None
    else:
        ws = wb.create_sheet(name)
    for r, line in enumerate(guide_lines(form), start=1):
        ws.cell(r, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=12)
    ws.column_dimensions["A"].width = 110


# --------------------------------------------------------------------------
# 现场核查
# --------------------------------------------------------------------------
def onsite_questions(form: Form):
    return [f for f in form.figures if is_question(f)]


def _onsite_sheet(wb, form: Form, questions):
    """The 现场核查 sheet, created or refreshed (the reviewer's two columns are kept)."""
    users = items_by_figure(form)
    maxima = {i.scoring.entered: i.max for items in users.values() for i in items
              if i.scoring is not None and i.scoring.entered}
    if ONSITE_SHEET in wb.sheetnames:
        ws = wb[ONSITE_SHEET]
    else:
        ws = wb.create_sheet(ONSITE_SHEET, 1 if SHEET in wb.sheetnames else 0)
    cols = {}
    for cell in ws[1]:
        if cell.value is not None and str(cell.value).strip() in ONSITE_COLUMNS:
            cols.setdefault(str(cell.value).strip(), cell.column)
    nxt = max([c.column for c in ws[1] if c.value is not None], default=0) + 1
    for name in ONSITE_COLUMNS:
        if name not in cols:
            cols[name] = nxt
            nxt += 1
        cell = ws.cell(1, cols[name], name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(cols[name])].width = ONSITE_WIDTHS[name]
    rows = {}
    for r in range(2, ws.max_row + 1):
        key = ws.cell(r, cols["数据项"]).value
        if not _blank(key):
            rows.setdefault(str(key).strip(), r)
    end = ws.max_row
    ws.data_validations.dataValidation = [
        dv for dv in ws.data_validations.dataValidation if dv.errorTitle != ONSITE_TITLE]
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                            showInputMessage=True)
    yes_no.errorTitle, yes_no.error = ONSITE_TITLE, "请选择“是”或“否”"
    yes_no.promptTitle, yes_no.prompt = "核查结果", "现场核查后填“是”或“否”"
    ws.add_data_validation(yes_no)
    answer_letter = get_column_letter(cols["核查结果"])
    for n, fig in enumerate(questions, start=1):
        r = rows.get(fig.key)
        if r is None:
            end += 1
            r = end
        serves = "；".join(f"{i.id} {i.indicator}" for i in users.get(fig.key, []))
        method = fig.note or ("由相应专业专家评判后填写得分" if fig.type == "score" else "现场核查：是/否")
        for name, value in (("序号", n), ("数据项", fig.key), ("核查方法", method), ("服务的指标", serves)):
            cell = ws.cell(r, cols[name], xml_text(value) if isinstance(value, str) else value)
            cell.alignment = Alignment(vertical="top", wrap_text=name != "序号")
        for name in ONSITE_EDITABLE:
            cell = ws.cell(r, cols[name])
            cell.fill = EDITABLE_FILL
            cell.protection = Protection(locked=False)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        if fig.type == "score":
            top = maxima.get(fig.key, 100)
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=fmt(top),
                                allow_blank=True, showErrorMessage=True, showInputMessage=True)
            dv.errorTitle, dv.error = ONSITE_TITLE, f"请填写0～{fmt(top)}分"
            dv.promptTitle, dv.prompt = "专家评分", f"由专家评判后填写0～{fmt(top)}分"
            ws.add_data_validation(dv)
            dv.add(f"{answer_letter}{r}")
        else:
            yes_no.add(f"{answer_letter}{r}")
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(cols.values()))}{max(ws.max_row, 2)}"
    _protect(ws)
    _print_setup(ws)
    return ws


def _read_onsite(ws, form: Form, file_name: str) -> tuple[dict[str, float | bool], list[str]]:
    figures = {f.key: f for f in onsite_questions(form)}
    cols = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    if "数据项" not in cols or "核查结果" not in cols:
        return {}, [f"{file_name} 的“{ONSITE_SHEET}”工作表缺少“数据项”或“核查结果”列，现场核查结果未读取"]
    answers: dict[str, float | bool] = {}
    warnings: list[str] = []
    for r in range(2, ws.max_row + 1):
        key = str(ws.cell(r, cols["数据项"]).value or "").strip()
        raw = ws.cell(r, cols["核查结果"]).value
        fig = figures.get(key)
        if fig is None or is_blank(raw):
            continue
        try:
            answers[key] = parse_answer(fig, raw)
        except BadValue as exc:
            warnings.append(f"{file_name}“{ONSITE_SHEET}”第{r}行（{key}）：{exc}，填写的是“{raw}”，本次未采用")
    return answers, warnings


def read_answers(path: Path, form: Form) -> tuple[dict[str, float | bool], list[str]]:
    """The reviewer's 现场核查 answers in ``path`` (read only; nothing is written)."""
    path = Path(path)
    if not path.is_file() or not onsite_questions(form):
        return {}, []
    from .data import guard
    try:
        if guard.check(path.read_bytes(), "") is not None:
            return {}, []               # merge_review refuses the file, with the reason, when it renders
        wb = load_workbook(path, read_only=False)
    except Exception:  # noqa: BLE001 - merge_review reports an unreadable file when it renders
        return {}, []
    if ONSITE_SHEET not in wb.sheetnames:
        return {}, []
    return _read_onsite(wb[ONSITE_SHEET], form, path.name)


def _write(ws, r: int, c: int, value) -> None:
    ws.cell(r, c).value = xml_text(value) if isinstance(value, str) else value


def _open(path: Path):
    from .data import guard
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KaoheError(f"评审表“{path}”无法打开（{exc.strerror or exc}），未做任何改动") from None
    refused = guard.check(data, f"评审表“{path}”")
    if refused is not None:
        raise KaoheError(f"{refused}；未做任何改动，请修复或移走该文件后重试")
    try:
        return load_workbook(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure of a hostile or broken file is a message
        raise KaoheError(f"评审表“{path}”无法打开（{type(exc).__name__}），未做任何改动；"
                         f"请修复或移走该文件后重试") from None


REVIEWER_COLUMNS = ("编号", "终审得分", "评审意见")
# What reviewers write instead of the program's header (after _header_key).
ALIASES = {
    "编号": ("编号", "指标编号", "项目编号", "条目编号", "id", "指标id", "编码"),
    "终审得分": ("终审得分", "终审分", "终审分数", "终审分值", "终审评分", "最终得分", "最终分数", "核定得分",
             "审定得分", "评审得分", "终审"),
    "评审意见": ("评审意见", "终审意见", "评审意见及扣分原因", "扣分原因", "核查意见", "审核意见", "专家意见",
             "意见", "备注意见"),
}
_BRACKETS = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]")
_UNIT_TAIL = re.compile(r"(/|／)?(分|分值|分数|得分)$")
HEADER_ROWS = 10


def _header_key(value: Any) -> str:
    """A header as compared: NFKC, no spaces, no bracketed note or unit (终审得分（分） -> 终审得分)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).lower()
    text = re.sub(r"\s+", "", text)
    text = _BRACKETS.sub("", text).strip(":：*＊")
    return text


def _meaning(value: Any) -> str | None:
    """The column a header stands for: one of COLUMNS, or None."""
    key = _header_key(value)
    if not key:
        return None
    if key in COLUMNS:
        return key
    for column, names in ALIASES.items():
        if key in names:
            return column
        stem = _UNIT_TAIL.sub("", key) if column == "终审得分" else key
        if stem in names or (stem + "得分") in names:
            return column
    return None


def _find_header(ws) -> tuple[int, dict[str, list[int]]] | None:
    """The header row (among the first rows) and, per meaning, the columns that carry it."""
    for r in range(1, min(ws.max_row, HEADER_ROWS) + 1):
        found: dict[str, list[int]] = {}
        for cell in ws[r]:
            meaning = _meaning(cell.value)
            if meaning:
                found.setdefault(meaning, []).append(cell.column)
        if "编号" in found and len(found) >= 2:
            return r, found
    return None


def _sheet(wb, path: Path):
    """The review sheet and its header row; refuses a workbook without one."""
    ordered = ([wb[SHEET]] if SHEET in wb.sheetnames else []) + [w for w in wb.worksheets if w.title != SHEET]
    for ws in ordered:
        found = _find_header(ws)
        if found is not None:
            return ws, found
    if SHEET in wb.sheetnames:
        heads = [str(c.value).strip() for c in wb[SHEET][1] if c.value is not None]
        raise KaoheError(f"评审表“{path}”的工作表“{SHEET}”找不到“编号”列（第1行为：{'、'.join(heads) or '空'}），"
                         "未做任何改动；请恢复“编号”列的表头后重试，或移走该文件以重新生成")
    raise KaoheError(f"评审表“{path}”中找不到工作表“{SHEET}”（现有：{'、'.join(wb.sheetnames)}），未做任何改动；"
                     "请恢复该工作表的名称后重试，或移走该文件以重新生成")


def _columns(ws, header: tuple[int, dict[str, list[int]]], path: Path) -> dict[str, int]:
    """Column of every program column by meaning; the reviewer's must be there, the program's
    are added when missing."""
    row, found = header
    cols: dict[str, int] = {}
    heads = {c.column: str(c.value).strip() for c in ws[row] if c.value is not None}
    for name in COLUMNS:
        candidates = found.get(name, [])
        exact = [c for c in candidates if _header_key(heads.get(c)) == name]
        if len(exact) == 1 or (len(candidates) == 1 and not exact):
            cols[name] = (exact or candidates)[0]
        elif len(candidates) > 1:
            shown = "、".join(f"“{heads[c]}”（第{get_column_letter(c)}列）" for c in candidates)
            raise KaoheError(f"评审表“{path}”的工作表“{ws.title}”有多列都像是“{name}”：{shown}，"
                             "未做任何改动；请只保留一列后重试")
    missing = [name for name in REVIEWER_COLUMNS if name not in cols]
    if missing:
        listed = "、".join(heads.values()) or "空"
        raise KaoheError(f"评审表“{path}”的工作表“{ws.title}”找不到“{'”“'.join(missing)}”列"
                         f"（第{row}行表头为：{listed}），未做任何改动；请恢复该列的表头后重试，"
                         "或移走该文件以重新生成")
    nxt = max(heads, default=0) + 1
    for name in COLUMNS:
        if name not in cols:
            cell = ws.cell(row, nxt, name)
            cell.font = Font(bold=True)
            cols[name] = nxt
            nxt += 1
    return cols


def _id_text(raw: Any, wanted: set[str]) -> tuple[str, str]:
    """(the 编号 a cell stands for, a warning); a number Excel made of 1.10 is matched back."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return str(raw).strip(), ""
    shown = fmt(raw)
    matches = sorted(i for i in wanted if _same_number(i, raw))
    if len(matches) > 1:
        return shown, (f"编号 {shown} 是数字，无法确定是{'、'.join(matches)}中的哪一项，该行的终审结果未采用；"
                       "请把编号列设为文本后改正")
    if len(matches) == 1 and matches[0] != shown:
        return matches[0], f"编号 {shown} 是数字（Excel 会把 1.10 变成 1.1），已按“{matches[0]}”匹配并改回文本"
    return shown, ""


def _same_number(item_id: str, raw: float) -> bool:
    try:
        return abs(float(item_id) - float(raw)) < 1e-9
    except ValueError:
        return False


def _rows_by_id(ws, cols: dict[str, int], result: ReviewResult, header: tuple[int, dict] = (1, {}),
                wanted: set[str] | None = None) -> dict[str, int]:
    rows: dict[str, int] = {}
    wanted = wanted or set()
    for r in range(header[0] + 1, ws.max_row + 1):
        cell = ws.cell(r, cols["编号"])
        raw = cell.value
        if _blank(raw):
            continue
        iid, warning = _id_text(raw, wanted)
        if warning:
            result.warnings.append(f"{ws.title} 第{r}行：{warning}")
            if iid not in wanted:
                continue
        if iid in wanted and not isinstance(raw, str):
            cell.value = iid                     # stored as text from now on
            cell.number_format = "@"
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


# --------------------------------------------------------------------------
# One decision at a time (the browser workbench, ``kaohe serve``)
# --------------------------------------------------------------------------
LOCK_FILES = ("~${name}", ".~lock.{name}#")


class ReviewLocked(KaoheError):
    """review.xlsx is open in Excel or LibreOffice: writing now would be undone by their next save."""


class ReviewConflict(KaoheError):
    """review.xlsx changed on disk under the page, in a cell the page also changed."""


@dataclass
class Cells:
    """What one row of the review sheet holds in the reviewer's two columns, as text."""
    score: str = ""
    note: str = ""


@dataclass
class Saved:
    cells: Cells                                   # what the row holds now
    merged: list[str] = field(default_factory=list)   # what was kept from the file (changed meanwhile)
    written: list[str] = field(default_factory=list)  # the columns written


def cell_text(value: Any) -> str:
    """A cell's value as the page shows it (a score 3.0 as 3)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return fmt(value)
    return xml_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def locked_by(path: Path) -> str | None:
    """A Chinese message when Excel (``~$review.xlsx``) or LibreOffice (``.~lock.review.xlsx#``) has the file open."""
    path = Path(path)
    for pattern, program in ((LOCK_FILES[0], "Excel/WPS"), (LOCK_FILES[1], "LibreOffice")):
        if (path.parent / pattern.format(name=path.name)).exists():
            return (f"评审表“{path.name}”正在{program}中打开（存在锁定文件“{pattern.format(name=path.name)}”），"
                    "为免两处修改互相覆盖，本次未保存；请在表格程序中保存并关闭该文件后再保存")
    return None


def _read_rows(path: Path, wanted: set[str]):
    """The sheet, its columns by meaning, the row of each wanted 编号 and the reading's result
    (its warnings), for reading only."""
    wb = _open(path)
    ws, header = _sheet(wb, path)
    cols = _columns(ws, header, path)
    result = ReviewResult(path=path, created=False)
    return ws, cols, _rows_by_id(ws, cols, result, header, wanted), result


def read_cells(path: Path, wanted: set[str]) -> tuple[dict[str, Cells], list[str]]:
    """The reviewer's two columns per 编号 (read only; nothing is written) and the reading's warnings."""
    path = Path(path)
    if not path.is_file():
        return {}, []
    ws, cols, rows, result = _read_rows(path, wanted)
    return ({iid: Cells(cell_text(ws.cell(r, cols["终审得分"]).value), cell_text(ws.cell(r, cols["评审意见"]).value))
             for iid, r in rows.items()}, result.warnings)


def read_decisions(path: Path, props: list[Proposal]) -> tuple[dict[str, Decision], list[str]]:
    """The decisions ``merge_review`` would read, without writing the file (for pages that only show)."""
    path = Path(path)
    if not path.is_file():
        return {}, []
    ws, cols, rows, result = _read_rows(path, {p.id for p in props})
    out: dict[str, Decision] = {}
    for p in props:
        r = rows.get(p.id)
        if r is None:
            continue
        d = _decision(ws.cell(r, cols["终审得分"]).value, ws.cell(r, cols["评审意见"]).value, p)
        hint = str(ws.cell(r, cols["提示"]).value or "")
        d.flag = next((h for h in hint.split("；") if h.startswith(CHANGED)), "")
        if d.problem:
            result.warnings.append(f"{path.name} 第{r}行（编号 {p.id}）：{d.problem}")
        if d.score is not None or d.note or d.problem or d.flag:
            out[p.id] = d
    return out, result.warnings


def check_score(text: str, p: Proposal) -> str:
    """Why ``text`` cannot be this item's 终审得分 (empty when it can, or is blank)."""
    return _decision(text, None, p).problem.replace("，本次按建议得分出表", "")


def save_decision(path: Path, p: Proposal, score: str, note: str, loaded: Cells) -> Saved:
    """Write one item's 终审得分 and 评审意见 into ``path`` through the same workbook code as the runs.

    ``loaded`` is what the row held when the page was shown. A column the page left as
    it was keeps what the file holds now (the reviewer may have typed it in Excel since:
    that is merged and said); a column the page changed is written, unless the file
    changed it too, to another value: then nothing is written and ``ReviewConflict``
    says both values. Saved atomically; refused while Excel or LibreOffice holds the file."""
    path = Path(path)
    refused = locked_by(path)
    if refused:
        raise ReviewLocked(refused)
    problem = check_score(score, p)
    if problem:
        raise KaoheError(problem + "，未保存")
    before = path.read_bytes() if path.is_file() else None
    if before is None:
        raise KaoheError(f"找不到评审表“{path}”：请先运行 kaohe run 或 kaohe render 生成后再保存")
    wb = _open(path)
    ws, header = _sheet(wb, path)
    cols = _columns(ws, header, path)
    result = ReviewResult(path=path, created=False)
    rows = _rows_by_id(ws, cols, result, header, {p.id})
    r = rows.get(p.id)
    if r is None:
        r = ws.max_row + 1
        ws.cell(r, cols["编号"], p.id).number_format = "@"
        _style_row(ws, r, cols)
    wanted = {"终审得分": cell_text(score.strip()), "评审意见": cell_text(note)}   # a browser sends \r\n
    was = {"终审得分": cell_text(loaded.score), "评审意见": cell_text(loaded.note)}
    saved = Saved(cells=Cells())
    conflicts = []
    for name, new in wanted.items():
        now = cell_text(ws.cell(r, cols[name]).value)
        if new == was[name]:                     # the page did not touch it
            if now != was[name]:
                saved.merged.append(f"{name}：表格中已改为“{now or '空'}”（页面打开时为“{was[name] or '空'}”），保留表格中的值")
            continue
        if now != was[name] and now != new:
            conflicts.append(f"{name}：页面打开时为“{was[name] or '空'}”，表格中已改为“{now or '空'}”，"
                             f"页面填写的是“{new or '空'}”")
            continue
        if now != new:
            value: Any = new or None
            if name == "终审得分" and new:
                value = _num_cell(_decision(new, None, p).score)
            ws.cell(r, cols[name]).value = value
            saved.written.append(name)
    if conflicts:
        raise ReviewConflict(f"评审表“{path.name}”中编号 {p.id} 在页面打开后已被修改，与页面的修改不一致，"
                             "本次未保存：" + "；".join(conflicts) + "。请核对后重新填写")
    saved.cells = Cells(cell_text(ws.cell(r, cols["终审得分"]).value), cell_text(ws.cell(r, cols["评审意见"]).value))
    if not saved.written:
        return saved
    if path.read_bytes() != before:               # changed while we were merging: read it again
        raise ReviewConflict(f"评审表“{path.name}”在保存过程中被其他程序修改，本次未保存；请重新打开本页后再保存")
    _save(wb, path)
    return saved
