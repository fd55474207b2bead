"""Build 指标数据.xlsx, the workbook a unit fills in with the figures a form needs.

Sheets: 说明 (instructions), 指标数据 (one row per figure, one per required name
for a list figure), 费用情况 (附件2 三类 cost table) and 自评分 (附件1 自评分值).
Every row carries its stable key (数据项 / 选项, 项目 / 指标, 编号) in a column,
so the reader never depends on row positions.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..rulebook.schema import Figure, Form
from .model import (LAST, THIS, all_items, cost_cells, cost_tables, entered_max, is_question,
                    items_by_figure)
from .parse import fmt_number

SHEET_DATA = "指标数据"
SHEET_COST = "费用情况"
SHEET_SELF = "自评分"
SHEET_HELP = "说明"

COL_KEY = "数据项"
COL_CHOICE = "选项"
COL_UNIT = "单位"
COL_ITEMS = "服务的指标"
COL_NOTE = "填写说明"
COL_ROW = "项目"
COL_MEASURE = "指标"
COL_ID = "编号"
COL_MAX = "满分"
COL_SELF = "自评分值"
THIS_PREFIX = "本年度"
LAST_PREFIX = "上一年度"
VALUE_PREFIX = "数值"

TYPE_NAMES = {"percent": "百分数", "count": "整数", "number": "数字", "days": "天数", "money": "金额",
              "bool": "是/否", "judgement": "评审判断（是/否）", "list": "是/否", "score": "专家评分"}
HOW = {
    "percent": "填百分数，65、0.65、65% 均表示65%；比例不超过1%时请带%号填写（如0.8%）",
    "count": "填不小于0的整数",
    "number": "填不小于0的数字",
    "days": "填天数，可保留小数",
    "money": "填金额（元），精确到个位",
    "bool": "填“是”或“否”",
    "judgement": "由评审人员核查后填“是”或“否”",
    "list": "已开设填“是”，未开设填“否”",
    "score": "由相应专业专家评判后填写得分",
}
FORMATS = {"percent": "0.0#", "count": "0", "number": "0.0#", "days": "0.0#", "money": "#,##0"}

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def this_header(year: int) -> str:
    return f"{THIS_PREFIX}（{year}年）"


def last_header(year: int) -> str:
    return f"{LAST_PREFIX}（{year - 1}年）"


def build_template(form: Form, year: int | None = None) -> Workbook:
    year = year or form.printed_year
    if year is None:
        raise ValueError("需要考核年度")
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    _data_sheet(wb.create_sheet(SHEET_DATA), form, year)
    tables = cost_tables(form)
    if tables:
        _cost_sheet(wb.create_sheet(SHEET_COST), form, year)
    if form.self_score_column:
        _self_sheet(wb.create_sheet(SHEET_SELF), form)
    _help_sheet(help_ws, form, year, bool(tables))
    wb.active = 1
    return wb


def write_template(form: Form, path: Path, year: int | None = None) -> Path:
    build_template(form, year).save(path)
    return path


# --------------------------------------------------------------------------
def _header(ws: Worksheet, names: list[str], widths: list[int]) -> None:
    ws.append(names)
    for col, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.sort = False
    ws.protection.autoFilter = False


def _validation(ftype: str, maximum: float | None) -> DataValidation:
    if ftype in ("bool", "judgement", "list"):
        dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        dv.error = "请选择“是”或“否”"
    elif ftype == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        dv.error = "请填写0～100之间的百分数（65、0.65、65% 均表示65%）"
    elif ftype == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写不小于0的整数"
    elif ftype == "score":
        dv = DataValidation(type="decimal", operator="between", formula1="0",
                            formula2=fmt_number(maximum or 0), allow_blank=True)
        dv.error = f"请填写0～{fmt_number(maximum or 0)}分之间的得分"
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写不小于0的数字"
    dv.errorTitle = "数据不符合要求"
    dv.showErrorMessage = True
    dv.prompt = HOW[ftype]
    dv.showInputMessage = True
    return dv


def _input(cell, ftype: str) -> None:
    cell.fill = INPUT_FILL
    cell.border = BORDER
    cell.protection = Protection(locked=False)
    if ftype in FORMATS:
        cell.number_format = FORMATS[ftype]


def _grey(cell) -> None:
    cell.fill = GREY_FILL
    cell.border = BORDER
    cell.value = None


def _data_sheet(ws: Worksheet, form: Form, year: int) -> None:
    names = ["序号", COL_KEY, COL_CHOICE, COL_UNIT, this_header(year), last_header(year), COL_ITEMS, COL_NOTE]
    _header(ws, names, [6, 42, 24, 8, 16, 16, 48, 56])
    users = items_by_figure(form)
    score_max = entered_max(form)
    validations: dict[str, DataValidation] = {}
    row = 1
    # what only the reviewer settles on site is asked in review.xlsx, not here
    unit_figures = [f for f in form.figures if not is_question(f)]
    for n, fig in enumerate(unit_figures, start=1):
        serves = "；".join(f"{i.id} {i.indicator}" for i in users.get(fig.key, []))
        note = _note(fig, score_max.get(fig.key))
        for choice in (fig.choices if fig.type == "list" else [""]):
            row += 1
            ws.append([n, fig.key, choice or None, fig.unit or None, None, None, serves, note])
            for col in (1, 2, 3, 4, 7, 8):
                ws.cell(row=row, column=col).alignment = WRAP
                ws.cell(row=row, column=col).border = BORDER
            key = f"{fig.type}:{score_max.get(fig.key)}"
            dv = validations.get(key)
            if dv is None:
                dv = validations[key] = _validation(fig.type, score_max.get(fig.key))
                ws.add_data_validation(dv)
            for col, year_word in ((5, THIS), (6, LAST)):
                cell = ws.cell(row=row, column=col)
                if year_word in fig.years:
                    _input(cell, fig.type)
                    dv.add(cell)
                else:
                    _grey(cell)
    _protect(ws)


def _note(fig: Figure, maximum: float | None) -> str:
    how = HOW[fig.type]
    if fig.type == "score" and maximum is not None:
        how += f"（0～{fmt_number(maximum)}分）"
    parts = [p for p in (fig.note, how) if p]
    if LAST in fig.years:
        parts.append("本年度和上一年度两列都要填写")
    return "；".join(parts)


def _cost_sheet(ws: Worksheet, form: Form, year: int) -> None:
    names = ["序号", COL_ROW, COL_MEASURE, COL_UNIT, f"{VALUE_PREFIX}（{year}年）", COL_NOTE]
    _header(ws, names, [6, 34, 20, 8, 16, 48])
    validations: dict[str, DataValidation] = {}
    row = 1
    for table in cost_tables(form):
        for n, cell in enumerate(cost_cells(table), start=1):
            row += 1
            note = ("填报销比例（%），65、0.65、65% 均表示65%" if cell.kind == "percent"
                    else "填金额（元），精确到个位")
            ws.append([n, cell.row, cell.measure, cell.unit, None, note])
            for col in (1, 2, 3, 4, 6):
                ws.cell(row=row, column=col).border = BORDER
                ws.cell(row=row, column=col).alignment = WRAP
            value = ws.cell(row=row, column=5)
            _input(value, cell.kind)
            if cell.kind not in validations:
                validations[cell.kind] = _validation(cell.kind, None)
                ws.add_data_validation(validations[cell.kind])
            validations[cell.kind].add(value)
    _protect(ws)


def _self_sheet(ws: Worksheet, form: Form) -> None:
    _header(ws, [COL_ID, COL_MEASURE, COL_MAX, COL_SELF], [10, 70, 8, 12])
    for row, item in enumerate(all_items(form), start=2):
        ws.append([item.id, item.indicator, item.max, None])
        ws.cell(row=row, column=1).number_format = "@"
        for col in (1, 2, 3):
            ws.cell(row=row, column=col).border = BORDER
            ws.cell(row=row, column=col).alignment = WRAP
        cell = ws.cell(row=row, column=4)
        _input(cell, "number")
        dv = _validation("score", item.max)
        dv.prompt = f"填写本单位自评分（0～{fmt_number(item.max)}分）"
        ws.add_data_validation(dv)
        dv.add(cell)
    _protect(ws)


def _help_sheet(ws: Worksheet, form: Form, year: int, has_cost: bool) -> None:
    lines = [
        f"{form.attachment} {form.title} —— 指标数据填报表（考核年度：{year}年）",
        "",
        "一、填写方法",
        f"1. 在“{SHEET_DATA}”工作表的黄色单元格内填写数据；灰色单元格不需要填写。"
        f"“{COL_KEY}”“{COL_CHOICE}”两列是识别数据的依据，请勿修改、删除或调换。",
        f"2. “{THIS_PREFIX}”指{year}年，“{LAST_PREFIX}”指{year - 1}年；注明需要对比的数据项，两列都要填写。",
        "3. 百分数：65、0.65、65%、65 % 都表示65%。不超过1的数按小数理解（0.65即65%）；"
        "比例确实不超过1%时，请带%号填写，如“0.8%”。",
        "4. 人数、科室数等计数填不小于0的整数；天数、金额填数字；“是/否”类填“是”或“否”。",
        "5. 科目、科室清单每行一个名称：已开设填“是”，未开设填“否”，不要留空。",
        "6. 需要现场核查或专家评分的事项由评审人员在评审表中填写，本表不含这些数据项。",
        "7. 暂无数据的单元格请留空，系统会列为“待补充数据”，不会按0计算。",
    ]
    if has_cost:
        lines.append(f"{len(lines) - 2}. “{SHEET_COST}”工作表须逐项填写完整，数据精确到个位数字；"
                     "填写不完整将按考核表扣分。")
    if form.self_score_column:
        lines.append(f"{len(lines) - 2}. “{SHEET_SELF}”工作表填写本单位对每项指标的{form.self_score_column}。")
    lines += ["", "二、说明", "数据将与提交的佐证材料（工作总结、报告等）中的数字相互核对，不一致的将提示评审人员。"]
    ws.column_dimensions["A"].width = 110
    for text in lines:
        ws.append([text])
    ws["A1"].font = Font(bold=True, size=13)
    for r in range(1, len(lines) + 1):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True)
