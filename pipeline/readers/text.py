"""Plain text (.txt .md .csv): one block per non-empty line, located by line number.

Encodings tried in order: a UTF-8 or UTF-16 byte-order mark, plain UTF-8,
then GB18030 (a superset of GBK/GB2312, what Chinese Windows writes).
"""
from __future__ import annotations

import codecs
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
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = normalize(line).strip()
        if cleaned:
            blocks.append(Block(text=cleaned, kind="paragraph", loc=Locator(file=name, line=number)))
    problems: tuple[Problem, ...] = ()
    if not blocks:
        problems = (Problem(name, "read", f"文件“{name}”中没有文字内容"),)
    return ReadResult(source="text", blocks=tuple(blocks), problems=problems)
