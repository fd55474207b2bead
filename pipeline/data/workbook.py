"""Read a filled 指标数据.xlsx into ``FigureData``; every bad cell becomes a Problem.

Rows are found by their keys (数据项 + 选项, 项目 + 指标, 编号), never by position.
A bad value is reported with its sheet, row and figure and left out; every other
cell is still read, so the other indicators are still scored.
"""
from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..model import Problem
from ..readers import budget
from ..rulebook.schema import Figure, Form
from . import guard
from . import template as T
from .model import DEFAULT_FILE, LAST, THIS, YEAR_LABEL, FigureData, all_items, cost_cells, cost_tables
from .parse import BadValue, clean, is_blank, parse_bool, parse_number, parse_percent, shown

STAGE = "data"


def load_case_data(case_dir: Path, form: Form, data_file: Path | None = None,
                   case_self_scores: dict | None = None, year: int | None = None,
                   self_score_lines: dict[str, int] | None = None) -> FigureData:
    """The figures for one case: ``data_file`` or ``case_dir/指标数据.xlsx``, plus case.yaml self-scores.

    With no workbook, the data is empty (every quantitative item needs data) and
    ``source`` is None; a named ``data_file`` that does not exist is a problem. The
    workbook in the case folder is read only when it is a regular file (not a link).
    """
    if data_file is not None:
        if not Path(data_file).is_file():
            data = FigureData()
            data.problems.append(Problem(str(data_file), STAGE, f"找不到指标数据表“{data_file}”，定量指标均列为待补充数据"))
        else:
            name = str(data_file)
            try:
                name = Path(data_file).resolve().relative_to(case_dir.resolve()).as_posix()
            except ValueError:
                pass
            data = read_workbook(Path(data_file), form, year=year, name=name, follow=True)
    else:
        path = case_dir / DEFAULT_FILE
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = None
        if mode is None:
            data = FigureData()
        elif stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            from ..readcase import special_kind
            what = "符号链接" if stat.S_ISLNK(mode) else special_kind(mode)
            data = FigureData()
            data.problems.append(Problem(DEFAULT_FILE, STAGE, f"指标数据表“{DEFAULT_FILE}”是{what}，不是普通文件，未读取；"
                                                              "请把表格本身放入案例文件夹，定量指标均列为待补充数据"))
        else:
            data = read_workbook(path, form, year=year, name=DEFAULT_FILE)
    merge_self_scores(data, form, case_self_scores or {}, self_score_lines)
    return data


FOREIGN_ROW = "不是本表的数据项"


def other_form_title(wb, form: Form) -> str | None:
    """The title of another form when the workbook's 说明 sheet names one (a wrong form's template)."""
    if T.SHEET_HELP not in wb.sheetnames:
        return None
    first = next(wb[T.SHEET_HELP].iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
    text = str(first[0] or "") if first else ""
    marker = " —— 指标数据填报表"
    if marker not in text:
        return None
    title = text.split(marker)[0].strip()
    return None if title == f"{form.attachment} {form.title}" else title


def read_workbook(path: Path, form: Form, year: int | None = None, name: str | None = None,
                  follow: bool = False) -> FigureData:
    from ..readcase import NotRegular, open_regular
    name = name or path.name
    data = FigureData(source=name)
    label = f"指标数据表“{name}”"
    advice = "，定量指标均列为待补充数据；请提供用本系统模板（kaohe data-template）填写的 .xlsx 文件"
    try:
        with open_regular(path, follow=follow) as fh:
            raw = fh.read(budget.MAX_DATA_BYTES + 1)
    except NotRegular as exc:
        data.problems.append(Problem(name, STAGE, f"{label}是{exc.what}，不是普通文件，未读取{advice}"))
        return data
    except OSError as exc:
        data.problems.append(Problem(name, STAGE, f"{label}无法打开（{exc.strerror or exc}）{advice}"))
        return data
    refused = guard.check(raw, label)
    if refused is not None:
        data.problems.append(Problem(name, STAGE, refused + advice))
        return data
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        data.problems.append(Problem(name, STAGE, f"{label}无法打开（{type(exc).__name__}）{advice}"))
        return data
    except Exception as exc:  # noqa: BLE001 - a hostile workbook is a problem, never a traceback
        data.problems.append(Problem(name, STAGE, f"{label}无法解析（{type(exc).__name__}），已损坏或格式异常{advice}"))
        return data
    try:
        reader = _Reader(data, form, name, year)

        def sheet(title: str):
            grid = guard.Grid(wb[title])
            if grid.truncated:
                reader.problem(f"{label}的工作表“{title}”超过 {budget.MAX_DATA_ROWS} 行，"
                               f"只读取了前 {budget.MAX_DATA_ROWS} 行")
            return grid

        other = other_form_title(wb, form)
        if other is not None:
            reader.problem(f"{label}是“{other}”的填报表，不是本案例考核表“{form.attachment} {form.title}”的，"
                           f"其中的数据项均不能采用；请用 kaohe data-template --form {form.id} 生成本表的模板填写")
        if T.SHEET_DATA in wb.sheetnames:
            before = len(data.problems)
            reader.figures(sheet(T.SHEET_DATA))
            if other is not None:       # one message for the workbook, not one per row of the other form
                data.problems[before:] = [p for p in data.problems[before:] if FOREIGN_ROW not in p.message]
        else:
            reader.problem(f"{label}缺少工作表“{T.SHEET_DATA}”，定量指标均列为待补充数据")
        if cost_tables(form):
            if T.SHEET_COST in wb.sheetnames:
                reader.cost(sheet(T.SHEET_COST))
            else:
                reader.problem(f"{label}缺少工作表“{T.SHEET_COST}”，费用情况列为待补充数据")
        if T.SHEET_SELF in wb.sheetnames:
            reader.self_scores(sheet(T.SHEET_SELF))
    except Exception as exc:  # noqa: BLE001 - nothing half-read is scored
        data = FigureData(source=name)
        data.problems.append(Problem(name, STAGE, f"{label}读取时出错（{type(exc).__name__}），已损坏或格式异常{advice}"))
    finally:
        wb.close()
    return data


def merge_self_scores(data: FigureData, form: Form, scores: dict, lines: dict[str, int] | None = None) -> None:
    """case.yaml self-scores (id -> score) win over the workbook's; a disagreement is noted,
    a score outside the item's range is reported and not used."""
    maxima = {i.id: i.max for i in all_items(form)}
    low = {i: 0.0 for i in maxima}
    for table in cost_tables(form):
        maxima[table.id] = 0
        low[table.id] = -float(table.incomplete_deduction)
    lines = lines or {}
    for raw_id, raw in scores.items():
        item_id = str(raw_id)
        at = f"第{lines[item_id]}行" if item_id in lines else ""
        if item_id not in maxima:
            data.problems.append(Problem("case.yaml", STAGE, f"case.yaml {at}自评分中的编号“{item_id}”不是本表的指标，已忽略"))
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            data.problems.append(Problem("case.yaml", STAGE, f"case.yaml 中指标 {item_id} 的自评分“{raw}”不是数字，已忽略"))
            continue
        if not (low[item_id] - 1e-9 <= value <= maxima[item_id] + 1e-9):
            data.problems.append(Problem("case.yaml", STAGE,
                                         f"case.yaml {at}中指标 {item_id} 的自评分 {shown(value)} 分超出本项分值范围"
                                         f"（{shown(low[item_id])}～{shown(maxima[item_id])}分），已忽略"))
            continue
        old = data.self_scores.get(item_id)
        if old is not None and abs(old - value) > 1e-9:
            data.problems.append(Problem("case.yaml", STAGE,
                                         f"指标 {item_id} 的自评分：case.yaml 为{shown(value)}分，"
                                         f"指标数据表为{shown(old)}分，采用 case.yaml"))
        data.self_scores[item_id] = value


# --------------------------------------------------------------------------
class _Reader:
    def __init__(self, data: FigureData, form: Form, name: str, year: int | None):
        self.data, self.form, self.name, self.year = data, form, name, year
        self.by_key = {_key(f.key): f for f in form.figures}
        self.headers: dict[int, str] = {}
        self.warned: set[str] = set()

    def problem(self, message: str) -> None:
        self.data.problems.append(Problem(self.name, STAGE, message))

    def where(self, sheet: str, row: int) -> str:
        return f"工作表“{sheet}”第{row}行"

    def _columns(self, ws, required: list[str]) -> tuple[int, dict[str, int]] | None:
        """(header row, header text -> column) from the first rows, or None with a problem."""
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
            texts = [clean(v) if v is not None else "" for v in row]
            if all(any(t == req for t in texts) for req in required):
                self.headers = {c: str(v).strip() for c, v in enumerate(row, start=1) if v is not None}
                return r, {t: c for c, t in enumerate(texts, start=1) if t}
        self.problem(f"工作表“{ws.title}”找不到表头（{'、'.join(required)}），该表未读取")
        return None

    def _year_column(self, cols: dict[str, int], prefix: str, expected: int | None, sheet: str) -> int | None:
        for text, col in cols.items():
            if text.startswith(prefix):
                m = re.search(r"(\d{4})", text)
                if m and expected is not None and int(m.group(1)) != expected and sheet not in self.warned:
                    self.warned.add(sheet)
                    self.problem(f"工作表“{sheet}”的“{self.headers.get(col, text)}”列年份为{m.group(1)}年，"
                                 f"与考核年度不一致（应为{expected}年），请核对是否用错了模板")
                return col
        return None

    # ---------------------------------------------------------------- figures
    def figures(self, ws) -> None:
        found = self._columns(ws, [T.COL_KEY])
        if found is None:
            return
        header_row, cols = found
        self.data.sheets.add(ws.title)
        year = self.year
        this_col = self._year_column(cols, T.THIS_PREFIX, year, ws.title)
        last_col = self._year_column(cols, T.LAST_PREFIX, year - 1 if year else None, ws.title)
        if this_col is None:
            self.problem(f"工作表“{ws.title}”缺少“{T.THIS_PREFIX}”列，该表未读取")
            return
        key_col, choice_col = cols[T.COL_KEY], cols.get(T.COL_CHOICE)
        seen: dict[tuple[str, str], int] = {}
        for r in range(header_row + 1, ws.max_row + 1):
            raw_key = ws.cell(row=r, column=key_col).value
            if is_blank(raw_key):
                continue
            fig = self.by_key.get(_key(raw_key))
            if fig is None:
                self.problem(f"{self.where(ws.title, r)}的数据项“{str(raw_key).strip()}”不是本表的数据项，已忽略")
                continue
            choice = ""
            if fig.type == "list":
                raw_choice = ws.cell(row=r, column=choice_col).value if choice_col else None
                choice = next((c for c in fig.choices if _key(c) == _key(raw_choice or "")), "")
                if not choice:
                    self.problem(f"{self.where(ws.title, r)}“{fig.key}”的选项“{shown(raw_choice or '')}”"
                                 "不是考核表要求的名称，已忽略")
                    continue
            ident = (fig.key, choice)
            if ident in seen:
                self.problem(f"{self.where(ws.title, r)}“{fig.key}{('：' + choice) if choice else ''}”"
                             f"与第{seen[ident]}行重复，已忽略")
                continue
            seen[ident] = r
            for year_word, col in ((THIS, this_col), (LAST, last_col)):
                if year_word not in fig.years or col is None:
                    continue
                cell = ws.cell(row=r, column=col)
                self._figure_cell(fig, choice, year_word, cell, ws.title, r)

    def _figure_cell(self, fig: Figure, choice: str, year: str, cell, sheet: str, row: int) -> None:
        raw = cell.value
        if is_blank(raw):
            return
        label = fig.key + (f"：{choice}" if choice else "")
        year_word = f"{YEAR_LABEL[year]}" if len(fig.years) > 1 else ""
        try:
            value, note = self._parse(fig, raw, cell.number_format)
        except BadValue as exc:
            self.problem(f"{self.where(sheet, row)}“{label}”{year_word}：{exc}，填写的是“{shown(raw, cell.number_format)}”")
            return
        data = self.data
        if fig.type == "list":
            data.choices.setdefault(fig.key, {})[choice] = bool(value)
        else:
            data.values[(fig.key, year)] = value
        data.cells[(fig.key, year)] = self.where(sheet, row)
        if note:
            data.note(fig.key, year, f"{self.where(sheet, row)}{note}")

    def _parse(self, fig: Figure, raw, number_format: str):
        if fig.type == "percent":
            return parse_percent(raw, number_format)
        if fig.type in ("bool", "judgement", "list"):
            return parse_bool(raw), None
        if fig.type == "count":
            return parse_number(raw, fig.unit, whole=True), None
        if fig.type == "score":
            return parse_number(raw, fig.unit, minimum=None), None
        return parse_number(raw, fig.unit), None

    # ---------------------------------------------------------------- cost table
    def cost(self, ws) -> None:
        found = self._columns(ws, [T.COL_ROW, T.COL_MEASURE])
        if found is None:
            return
        header_row, cols = found
        value_col = self._year_column(cols, T.VALUE_PREFIX, self.year, ws.title)
        if value_col is None:
            self.problem(f"工作表“{ws.title}”缺少“{T.VALUE_PREFIX}”列，该表未读取")
            return
        self.data.sheets.add(ws.title)
        known = {(_key(c.row), _key(c.measure)): c for t in cost_tables(self.form) for c in cost_cells(t)}
        seen: dict[tuple[str, str], int] = {}
        for r in range(header_row + 1, ws.max_row + 1):
            raw_row = ws.cell(row=r, column=cols[T.COL_ROW]).value
            raw_measure = ws.cell(row=r, column=cols[T.COL_MEASURE]).value
            if is_blank(raw_row) and is_blank(raw_measure):
                continue
            cell_def = known.get((_key(raw_row or ""), _key(raw_measure or "")))
            if cell_def is None:
                self.problem(f"{self.where(ws.title, r)}“{shown(raw_row or '')}{shown(raw_measure or '')}”"
                             "不是考核表要求的费用项目，已忽略")
                continue
            ident = (cell_def.row, cell_def.measure)
            if ident in seen:
                self.problem(f"{self.where(ws.title, r)}“{cell_def.label}”与第{seen[ident]}行重复，已忽略")
                continue
            seen[ident] = r
            cell = ws.cell(row=r, column=value_col)
            if is_blank(cell.value):
                continue
            try:
                if cell_def.kind == "percent":
                    value, _ = parse_percent(cell.value, cell.number_format)
                else:
                    value = parse_number(cell.value, "元")
            except BadValue as exc:
                self.problem(f"{self.where(ws.title, r)}“{cell_def.label}”：{exc}，"
                             f"填写的是“{shown(cell.value, cell.number_format)}”")
                continue
            self.data.cost[ident] = value

    # ---------------------------------------------------------------- self-scores
    def self_scores(self, ws) -> None:
        found = self._columns(ws, [T.COL_ID, T.COL_SELF])
        if found is None:
            return
        header_row, cols = found
        self.data.sheets.add(ws.title)
        maxima = {i.id: i.max for i in all_items(self.form)}
        for r in range(header_row + 1, ws.max_row + 1):
            raw_id = ws.cell(row=r, column=cols[T.COL_ID]).value
            raw = ws.cell(row=r, column=cols[T.COL_SELF]).value
            if is_blank(raw_id) or is_blank(raw):
                continue
            item_id = clean(raw_id)
            if item_id not in maxima:
                self.problem(f"{self.where(ws.title, r)}的编号“{item_id}”不是本表的指标，已忽略")
                continue
            try:
                value = parse_number(raw, "分")
            except BadValue as exc:
                self.problem(f"{self.where(ws.title, r)}指标 {item_id} 的{T.COL_SELF}：{exc}，填写的是“{shown(raw)}”")
                continue
            if value > maxima[item_id] + 1e-9:
                self.problem(f"{self.where(ws.title, r)}指标 {item_id} 的{T.COL_SELF}{shown(value)}分"
                             f"超过满分{shown(maxima[item_id])}分，已忽略")
                continue
            self.data.self_scores[item_id] = value


def _key(text) -> str:
    """Keys compare after NFKC and with whitespace removed."""
    return clean(text)
