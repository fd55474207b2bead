"""Read a rendered .docx back: table cells by grid position, with their merges."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


@dataclass
class GridCell:
    text: str
    span: int           # w:gridSpan
    vmerge: str | None  # "restart", "continue" or None


def _text(el) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in el.iter(qn("w:p")))


def tables(path: Path) -> list[list[dict[int, GridCell]]]:
    """Every table as rows of {grid column: GridCell} (covered columns are absent)."""
    doc = Document(str(path))
    out = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        rows = []
        for tr in tbl.iterchildren(qn("w:tr")):
            row: dict[int, GridCell] = {}
            col = 0
            for tc in tr.iterchildren(qn("w:tc")):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                vm_el = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                vm = None if vm_el is None else (vm_el.get(qn("w:val")) or "continue")
                row[col] = GridCell(_text(tc), span, vm)
                col += span
            rows.append(row)
        out.append(rows)
    return out


def header_rows(path: Path) -> list[list[bool]]:
    doc = Document(str(path))
    return [[tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
             for tr in tbl.iterchildren(qn("w:tr"))]
            for tbl in doc.element.body.iter(qn("w:tbl"))]


def paragraphs(path: Path) -> list[str]:
    """Body paragraphs outside tables."""
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs]


def all_text(path: Path) -> str:
    doc = Document(str(path))
    return _text(doc.element.body)


def find_row(table: list[dict[int, GridCell]], col: int, text: str) -> int:
    for r, row in enumerate(table):
        if col in row and row[col].text == text:
            return r
    raise AssertionError(f"no row with {text!r} in column {col}")
