"""Ruled tables of a PDF's text pages, read as cells.

A table printed with ruling lines (a register 日期 | 内容 | 主讲人, a grid of half-days per
doctor, a department-to-department target table) loses its empty cells and its wrapped
cells when read as lines of text: "李四 儿科 √" no longer says under which half-day the
mark stands, and a 内容 cell wrapped over two printed lines looks like a second row.
pdfplumber finds the grid from the ruling lines; each cell becomes one block, as a Word
table's cell does, so the rest of kaohe reads a PDF table the way it reads a Word one.

Only pages that draw enough line segments to hold a grid are handed to pdfplumber (it
parses the page again in Python); a page whose tables cannot be read keeps its lines.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..text.normalize import normalize

MIN_ROWS = 1          # a one-row grid is kept only where it continues a table (pdf.py)
MIN_COLS = 2


@dataclass(frozen=True)
class Grid:
    """One ruled table of a page: its box in PDF user space (y grows upwards, as pdfium
    gives it) and its cells' text by row and column (None where a merged cell continues)."""
    x0: float
    bottom: float
    x1: float
    top: float
    rows: tuple[tuple[str | None, ...], ...]

    def holds(self, x0: float, bottom: float, x1: float, top: float) -> bool:
        """True when a text line with this box sits inside the table."""
        middle = (bottom + top) / 2
        return self.bottom - 1 <= middle <= self.top + 1 and x0 < self.x1 and x1 > self.x0


class Tables:
    """pdfplumber opened once per document, on demand."""

    def __init__(self, data: bytes):
        self._data = data
        self._pdf = None
        self.broken = False

    def page(self, index: int, height: float) -> list[Grid]:
        if self.broken:
            return []
        try:
            if self._pdf is None:
                import pdfplumber
                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            page = self._pdf.pages[index].dedupe_chars()
            found = page.find_tables()
            grids = []
            for table in found:
                if _overflows(page, table):
                    continue
                rows = [tuple(cell_text(c) if c is not None else None for c in row)
                        for row in table.extract()]
                rows = [r for r in rows if any(r)]
                if len(rows) < MIN_ROWS or max(len(r) for r in rows) < MIN_COLS:
                    continue
                if not _readable("".join(c for r in rows for c in r if c)):
                    continue
                x0, top, x1, bottom = table.bbox          # pdfplumber measures y from the top
                grids.append(Grid(x0, height - bottom, x1, height - top, tuple(rows)))
            page.close()
            return grids
        except Exception:           # noqa: BLE001 — a table pdfplumber cannot read stays as lines
            return []

    def close(self) -> None:
        if self._pdf is not None:
            try:
                self._pdf.close()
            except Exception:       # noqa: BLE001
                pass
            self._pdf = None


def _overflows(page, table) -> bool:
    """True when printed characters cross the table's column rulings: the text was drawn wider
    than its cells (a generated PDF that shrank the columns), so no cell holds its own text and
    the table is better read as its lines."""
    edges = sorted({round(x, 1) for cell in table.cells for x in (cell[0], cell[2])})
    x0, top, x1, bottom = table.bbox
    for ch in page.chars:
        middle = (ch["top"] + ch["bottom"]) / 2
        if not top < middle < bottom or not ch["text"].strip():
            continue
        if ch["x1"] > x1 + 1 or ch["x0"] < x0 - 1 or any(ch["x0"] + 1 < e < ch["x1"] - 1 for e in edges):
            return True
    return False


def _readable(text: str) -> bool:
    """pdfminer maps glyphs to characters on its own: a table whose text it cannot map
    ((cid:12), U+FFFD, private-use characters) is left to the page's lines, which passed
    the page's quality gate."""
    if not text or "(cid:" in text:
        return False
    bad = sum(1 for ch in text if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= 0.02 * len(text)


def cell_text(text: str) -> str:
    """A cell's printed lines joined as the writer wrote them: Chinese wraps anywhere, so a
    line break between two hanzi is no space; Latin words and figures keep one."""
    lines = [normalize(l).strip() for l in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out
