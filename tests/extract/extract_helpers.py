"""Build Documents for extract tests: one paragraph Block per line, table rows as cells.

A line written as ``时间 | 2017年3月6日`` becomes one table row whose cells
are separate blocks (table 1, row n, columns 1..k), as a Word reader yields them.
"""
from __future__ import annotations

from pipeline.model import Block, Document, Locator


def make_doc(lines: list[str] | str, name: str = "样例.docx") -> Document:
    if isinstance(lines, str):
        lines = [ln for ln in lines.strip("\n").split("\n")]
    blocks: list[Block] = []
    para = row = 0
    for line in lines:
        if " | " in line:
            row += 1
            for col, cell in enumerate(line.split(" | "), start=1):
                blocks.append(Block(cell.strip(), "table-cell", Locator(name, table=1, row=row, col=col)))
        else:
            para += 1
            blocks.append(Block(line, "paragraph", Locator(name, paragraph=para)))
    return Document(file=name, sha256="0" * 64, source="docx", blocks=tuple(blocks))
