"""Plain text (.txt .md .csv): one block per non-empty line, located by line number.

A run of two or more lines whose fields are separated by tabs (a table copied out of Word
or a spreadsheet), and every line of a .csv file, is a table: one ``table-cell`` block per
non-empty field, ``Locator(file, table, row, col)``, so an empty field keeps its
column (李四<TAB>儿科<TAB><TAB>√ has its mark under the fourth header).

Encodings tried in order: a UTF-8 or UTF-16 byte-order mark, plain UTF-8,
then GB18030 (a superset of GBK/GB2312, what Chinese Windows writes).
"""
from __future__ import annotations

import codecs
import csv
import importlib

from ..model import Block, Locator, Problem
from . import ReadResult


def decode(data: bytes) -> str | None:
    """The text of ``data``, or None when no supported encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _normalizer():
    """The shared text normaliser when it is installed, else the identity."""
    try:
        return importlib.import_module("pipeline.text.normalize").normalize
    except (ImportError, AttributeError):
        return lambda s: s


def read(data: bytes, name: str) -> ReadResult:
    text = decode(data)
    if text is None:
        return ReadResult(source="text", problems=(Problem(
            name, "read",
            f"无法识别文件“{name}”的文字编码（不是UTF-8或GBK），请另存为UTF-8编码的文本后重新提交"),))
    normalize = _normalizer()
    lines = text.splitlines()
    rows = _table_rows(lines, name.lower().endswith(".csv"))
    blocks = []
    for number, line in enumerate(lines, start=1):
        if number in rows:
            table, row, fields = rows[number]
            blocks += [Block(text=cell, kind="table-cell",
                             loc=Locator(file=name, table=table, row=row, col=col))
                       for col, cell in enumerate((normalize(f).strip() for f in fields), start=1) if cell]
            continue
        cleaned = normalize(line).strip()
        if cleaned:
            blocks.append(Block(text=cleaned, kind="paragraph", loc=Locator(file=name, line=number)))
    problems: tuple[Problem, ...] = ()
    if not blocks:
        problems = (Problem(name, "read", f"文件“{name}”中没有文字内容"),)
    return ReadResult(source="text", blocks=tuple(blocks), problems=problems)


def _table_rows(lines: list[str], is_csv: bool) -> dict[int, tuple[int, int, list[str]]]:
    """Line number → (table, row, fields) for the lines that are rows of a table."""
    out: dict[int, tuple[int, int, list[str]]] = {}
    if is_csv:
        for number, fields in enumerate(csv.reader(lines), start=1):
            if any(f.strip() for f in fields):
                out[number] = (1, len(out) + 1, fields)
        return out
    table = 0
    run: list[int] = []
    for number, line in enumerate([*lines, ""], start=1):
        if "\t" in line.strip("\r\n") and line.strip():
            run.append(number)
            continue
        if len(run) >= 2:
            table += 1
            for row, n in enumerate(run, start=1):
                out[n] = (table, row, lines[n - 1].split("\t"))
        run = []
    return out
