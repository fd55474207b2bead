"""Workbooks kaohe opens in its own process (指标数据.xlsx, review.xlsx), checked before openpyxl.

A workbook is a zip of XML parts. Before openpyxl sees one, ``check`` refuses
what could take the run down or reach outside the case: a file over
``MAX_DATA_BYTES``, a broken zip, parts that decompress past
``MAX_DATA_XML_BYTES`` or at a bomb's ratio, and any DTD or entity
declaration (XXE, "billion laughs": OOXML never needs one). ``Grid`` holds
the first ``MAX_DATA_ROWS`` rows of a sheet read in openpyxl's streaming
mode, so a million-row sheet costs what 5,000 rows cost.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any, Iterator

from ..readers import budget

_CHUNK = 1024 * 1024
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
MAX_RATIO = 500.0


def check(data: bytes, label: str) -> str | None:
    """Why the workbook bytes ``data`` (called ``label`` in messages) must not be opened, or None."""
    if len(data) > budget.MAX_DATA_BYTES:
        return f"{label}大小为 {budget.mb(len(data))}，超过 {budget.mb(budget.MAX_DATA_BYTES)} 的上限，未读取"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return f"{label}无法打开（已损坏或不是 .xlsx 文件）"
    total = 0
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                return f"{label}已加密（设置了打开密码），未读取"
            remaining = budget.MAX_DATA_XML_BYTES - total
            if info.file_size > remaining or info.file_size > MAX_RATIO * max(info.compress_size, 1) + _CHUNK:
                return (f"{label}中的“{info.filename}”解压后过大，疑似压缩炸弹"
                        f"（上限 {budget.mb(budget.MAX_DATA_XML_BYTES)}），未读取")
            xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            tail = b""
            got = 0
            try:
                with zf.open(info) as fh:
                    while True:
                        chunk = fh.read(_CHUNK)
                        if not chunk:
                            break
                        got += len(chunk)
                        if got > remaining:
                            return (f"{label}中的“{info.filename}”解压后过大，疑似压缩炸弹"
                                    f"（上限 {budget.mb(budget.MAX_DATA_XML_BYTES)}），未读取")
                        window = tail + chunk
                        if xml and any(d in window for d in _DECLARATIONS):
                            return (f"{label}中的“{info.filename}”含有 DTD 或实体声明（可用于读取外部文件或"
                                    "无限展开的 XML），正常的 .xlsx 不会有，出于安全原因未读取")
                        tail = window[-16:]
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
                return f"{label}中的“{info.filename}”已损坏，无法解压，未读取"
            total += got
    return None


@dataclass
class _Cell:
    value: Any = None
    number_format: str = "General"


_EMPTY = _Cell()


class Grid:
    """The first ``max_rows`` rows of a sheet, with the little of openpyxl's Worksheet the readers use."""

    def __init__(self, ws, max_rows: int = budget.MAX_DATA_ROWS):
        self.title = ws.title
        self.cells: dict[tuple[int, int], _Cell] = {}
        self.max_row = 0
        self.truncated = False
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        for r, row in enumerate(ws.iter_rows(), start=1):
            if r > max_rows:
                self.truncated = True
                break
            for c, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if value is None:
                    continue
                row_no = getattr(cell, "row", None) or r
                col_no = getattr(cell, "column", None) or c
                self.cells[(row_no, col_no)] = _Cell(value, getattr(cell, "number_format", None) or "General")
                self.max_row = max(self.max_row, row_no)

    def cell(self, row: int, column: int) -> _Cell:
        return self.cells.get((row, column), _EMPTY)

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, values_only: bool = False) -> Iterator[tuple]:
        last = self.max_row if max_row is None else min(max_row, self.max_row)
        width = max((c for _r, c in self.cells), default=0)
        for r in range(min_row, last + 1):
            cells = tuple(self.cell(r, c) for c in range(1, width + 1))
            yield tuple(c.value for c in cells) if values_only else cells
