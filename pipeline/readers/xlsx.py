"""Read an .xlsx workbook: one ``table-cell`` block per non-empty cell.

Locator(file, sheet=<sheet name>, row=R, col=C), 1-based as Excel shows them.
Values are written as a person sees them in Excel: 3.0 -> "3", a date ->
"2015-07-01" (or "2015年7月1日" when the cell's format is a Chinese date),
0.85 in a percent format -> "85%"; thousands separators are not added.
A merged range holds its value in the top-left cell only, so it yields one block.
Formula cells give the value Excel last saved (data_only); never-calculated
formulas have no value and yield nothing.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from ..model import Block, Locator, Problem
from . import ReadResult, budget
from .office_sniff import decode_text, guarded, problem_result

MAX_CELLS = budget.MAX_SHEET_CELLS     # cells looked at over all sheets (empty ones count)
MAX_STRINGS_BYTES = 64 * 1024 * 1024   # xl/sharedStrings.xml, decompressed: openpyxl loads it whole


def _problem(name: str, message: str, source: str = "xlsx") -> ReadResult:
    return problem_result(name, source, message)


def _read(data: bytes, name: str, kind: str) -> ReadResult:
    if kind in ("ole", "html"):
        from . import convert  # an old .xls (or a web page saved as a table) under a new name
        result = convert.convert_one(data, name, source="xlsx", target="xlsx")
        if result.blocks:
            note = Problem(name, "read", f"文件“{name}”实际是旧版 Excel（.xls）或网页格式，"
                                         "扩展名与内容不符，已自动转换后读取")
            return ReadResult("xlsx", result.blocks, (note,) + result.problems)
        why = "；".join(p.message for p in result.problems)
        return _problem(name, f"文件“{name}”实际是旧版 Excel（.xls）或网页格式，未能自动转换（{why}）。"
                              "请用 Excel/WPS 打开后另存为 .xlsx 再提交")
    if kind == "text":
        return _read_text_table(data, name)
    if kind != "zip":
        return _problem(name, f"文件“{name}”不是有效的 Excel 表格（无法识别的内容），文件可能已损坏")

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    refused = _precheck_parts(data, name)
    if refused is not None:
        return refused
    _bounded_openpyxl()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError):
        return _problem(name, f"文件“{name}”已损坏（压缩结构不完整或被截断），无法读取，请重新保存或提供原始文件")
    except (KeyError, InvalidFileException):
        return _problem(name, f"文件“{name}”不是有效的 Excel 表格（缺少工作簿部分），请用 Excel/WPS 另存为 .xlsx 后再提交")
    blocks: list[Block] = []
    problems: list[Problem] = []
    seen = [0]
    try:
        for ws in wb.worksheets:
            stopped = _sheet_blocks(ws, name, blocks, seen)
            if stopped is not None:
                problems.append(Problem(name, "read", f"文件“{name}”的单元格超过上限（{MAX_CELLS} 个单元格或 "
                                                      f"{budget.MAX_BLOCKS} 个有内容的单元格），只读取到工作表"
                                                      f"“{ws.title}”第{stopped}行，其余内容未读取"))
                break
    finally:
        wb.close()
    if not blocks:
        return ReadResult("xlsx", problems=tuple(problems) + (
            Problem(name, "read", f"文件“{name}”中没有任何有内容的单元格"),))
    return ReadResult(source="xlsx", blocks=tuple(blocks), problems=tuple(problems))


def _bounded_dimensions(self) -> None:
    """openpyxl's ReadOnlyWorksheet._get_size, stopping where <sheetData> starts.

    openpyxl looks for <dimension> with "end" events, so a sheet without one is
    parsed to its last row before a single cell is read (a million rows: minutes).
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS

    src = self._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == f"{{{SHEET_MAIN_NS}}}dimension":
                if element.get("ref"):
                    dims = SheetDimension.from_tree(element).boundaries
                    if dims is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = dims
                return
            if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData":
                return
    finally:
        src.close()


def _bounded_openpyxl() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    if ReadOnlyWorksheet._get_size is not _bounded_dimensions:
        ReadOnlyWorksheet._get_size = _bounded_dimensions


def _precheck_parts(data: bytes, name: str) -> ReadResult | None:
    """Refuse a workbook whose shared strings openpyxl would have to hold in memory at once."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if i.filename.lower() == "xl/sharedstrings.xml"]
            if infos and infos[0].file_size > MAX_STRINGS_BYTES:
                return _problem(name, f"文件“{name}”的文字部分（共享字符串）解压后超过 "
                                      f"{budget.mb(MAX_STRINGS_BYTES)}，超出上限，未读取；请拆分表格后重新提交")
            if infos:
                with zf.open(infos[0]) as fh:
                    if len(fh.read(MAX_STRINGS_BYTES + 1)) > MAX_STRINGS_BYTES:
                        return _problem(name, f"文件“{name}”的文字部分（共享字符串）解压后超过 "
                                              f"{budget.mb(MAX_STRINGS_BYTES)}，超出上限，未读取；请拆分表格后重新提交")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        return None      # openpyxl gives the precise message
    return None


def _sheet_blocks(ws, name: str, out: list[Block], seen: list[int]) -> int | None:
    """Append the sheet's blocks; the row where the cell budget ran out, or None."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()   # saved dimensions are often wrong; read every stored row
    last_row = 0
    for row in ws.iter_rows():
        for cell in row:
            seen[0] += 1
            if seen[0] > MAX_CELLS or len(out) >= budget.MAX_BLOCKS:
                return last_row
            last_row = getattr(cell, "row", None) or last_row
            value = getattr(cell, "value", None)
            if value is None:
                continue
            text = render(value, getattr(cell, "number_format", "General") or "General")
            if text:
                out.append(Block(text, "table-cell",
                                 Locator(file=name, sheet=ws.title, row=cell.row, col=cell.column)))
    return None


def _number(value: float, fmt: str) -> str:
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    if "%" in section:
        decimals = len(re.search(r"\.(0+)", section).group(1)) if re.search(r"\.(0+)", section) else 0
        return f"{value * 100:.{decimals}f}%"
    if re.search(r"[0#?]", section) and section.lower() != "general":
        m = re.search(r"\.([0#?]+)", section)
        if m:
            zeros = m.group(1).count("0")
            return f"{value:.{len(m.group(1))}f}".rstrip("0").rstrip(".") if zeros == 0 else f"{value:.{zeros}f}"
        return str(round(value))
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".15g")


def _date(value: dt.date, fmt: str) -> str:
    if "年" in fmt and "月" in fmt:
        text = f"{value.year}年{value.month}月"
        return text + f"{value.day}日" if "日" in fmt else text
    return value.isoformat()


def render(value, fmt: str = "General") -> str:
    """A cell value as a person sees it in Excel."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return _date(value.date(), fmt)
        seconds = ":%S" if value.second else ""
        return value.strftime(f"%Y-%m-%d %H:%M{seconds}")
    if isinstance(value, dt.date):
        return _date(value, fmt)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}"
    if isinstance(value, int):
        return str(value) if fmt.lower() in ("general", "0", "@") else _number(float(value), fmt)
    if isinstance(value, float):
        return _number(value, fmt)
    return str(value).strip()


def _read_text_table(data: bytes, name: str) -> ReadResult:
    """A CSV or tab-separated text saved under an .xlsx name: read it as a table."""
    text = decode_text(data) or ""
    delimiter = "\t" if text.count("\t") >= text.count(",") else ","
    blocks = []
    for r, line in enumerate(text.splitlines(), start=1):
        for c, value in enumerate(line.split(delimiter), start=1):
            value = value.strip().strip('"').strip()
            if value:
                blocks.append(Block(value, "table-cell", Locator(file=name, row=r, col=c)))
    message = f"文件“{name}”不是有效的 Excel 表格（内容像是纯文本），已按纯文本表格读取"
    return ReadResult(source="text", blocks=tuple(blocks), problems=(Problem(name, "read", message),))


read = guarded(_read, "xlsx", "请用 Excel/WPS 打开后另存为 .xlsx 再试")
read.__doc__ = "Read an .xlsx; never raises for bad input."
