"""Pick the reader for a file, run it, and never let a bad file stop the run.

``read_bytes(data, name)`` sniffs the content, chooses a reader from the
suffix registry (or from the content when the suffix lies), wraps the
ReadResult into a Document with the sha256, and turns every failure
(an exception in a reader, an empty file, an unknown type) into a Problem.
``read_any`` does the same but also opens zip archives and reads their members.

Readers are named by dotted path ("pipeline.readers.pdf:read") and imported
only when first used, so a missing reader costs one Problem, not the run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, Callable

from ..model import Document, Problem
from . import ReadResult
from . import budget
from .sniff import KIND_NAMES, sniff_stream

ARCHIVE = "archive"
DOCX = "pipeline.readers.docx:read"
DOC = "pipeline.readers.convert:read_doc"
WPS = "pipeline.readers.convert:read_wps"
XLSX = "pipeline.readers.xlsx:read"
PDF = "pipeline.readers.pdf:read"
IMAGE = "pipeline.readers.image:read"
TEXT = "pipeline.readers.text:read"

# Suffix (lower case, with the dot) -> reader.
READERS: dict[str, str] = {
    ".docx": DOCX,
    ".doc": DOC,
    ".wps": WPS,
    ".xlsx": XLSX,
    ".pdf": PDF,
    ".jpg": IMAGE, ".jpeg": IMAGE, ".png": IMAGE, ".tif": IMAGE, ".tiff": IMAGE, ".bmp": IMAGE,
    ".txt": TEXT, ".md": TEXT, ".csv": TEXT,
    ".zip": ARCHIVE,
}

# Content kind (see sniff.KIND_NAMES) -> reader, used when the suffix lies.
KIND_READERS: dict[str, str] = {
    "pdf": PDF, "docx": DOCX, "xlsx": XLSX, "doc": DOC, "ole": DOC, "rtf": DOC, "html": DOC,
    "jpeg": IMAGE, "png": IMAGE, "tiff": IMAGE, "bmp": IMAGE, "gif": IMAGE, "webp": IMAGE,
    "text": TEXT, "zip": ARCHIVE,
}

# Content kinds no reader handles; each gets its own advice.
_UNSUPPORTED_KIND_ADVICE = {
    "ole-encrypted": "设置了打开密码（已加密），无法读取，请提供未加密的版本",
    "xls": "暂不支持直接读取，请用Excel或WPS另存为.xlsx后重新提交",
    "ppt": "暂不支持读取，请另存为PDF后重新提交",
    "pptx": "暂不支持读取，请另存为PDF后重新提交",
    "odf": "暂不支持读取，请另存为.docx、.xlsx或PDF后重新提交",
    "ofd": "暂不支持读取，请另存为PDF后重新提交",
    "rar": "暂不支持，请解压后直接提交文件，或改用ZIP格式压缩",
    "7z": "暂不支持，请解压后直接提交文件，或改用ZIP格式压缩",
}

# Reader -> the Document.source used when the reader gives no result.
_READER_SOURCE = {DOCX: "docx", DOC: "doc", WPS: "wps", XLSX: "xlsx", PDF: "pdf-text",
                  IMAGE: "image-ocr", TEXT: "text", ARCHIVE: "zip"}

# Readers that accept each other's content without a mislabel note.
_WORD_CONVERTED = {".doc", ".wps"}


@dataclass(frozen=True)
class Plan:
    """How one file will be read: ``reader`` is None when it cannot be read at all."""

    name: str
    reader: str | None
    source: str
    notes: tuple[Problem, ...] = ()


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def plan(data: bytes, name: str) -> Plan:
    """Choose the reader for ``data`` named ``name`` (suffix, then content)."""
    return plan_stream(io.BytesIO(data), len(data), name)


def plan_stream(fh: BinaryIO, size: int, name: str) -> Plan:
    """``plan`` for the ``size`` bytes of a seekable file, read with bounded memory."""
    suffix = suffix_of(name)
    suffix_reader = READERS.get(suffix)
    if not size:
        return Plan(name, None, _READER_SOURCE.get(suffix_reader, "unknown"),
                    (Problem(name, "read", f"文件“{name}”为空（0 字节）"),))
    kind = sniff_stream(fh)
    if kind in _UNSUPPORTED_KIND_ADVICE:
        what = KIND_NAMES[kind]
        advice = _UNSUPPORTED_KIND_ADVICE[kind]
        message = (f"文件“{name}”{advice}" if kind == "ole-encrypted"
                   else f"文件“{name}”是{what}，{advice}")
        return Plan(name, None, _READER_SOURCE.get(suffix_reader, "unknown"),
                    (Problem(name, "read", message),))
    kind_reader = KIND_READERS.get(kind) if kind else None
    if kind == "doc" and suffix == ".wps":
        kind_reader = WPS

    if suffix_reader is not None and (
            kind_reader is None or kind_reader == suffix_reader
            or (suffix in _WORD_CONVERTED and kind in ("doc", "ole", "rtf", "html"))
            or (suffix_reader == TEXT and kind == "html")):
        return Plan(name, suffix_reader, _READER_SOURCE[suffix_reader])

    if suffix_reader is None and (kind_reader is None or kind == "text"):
        if suffix:
            message = (f"不支持的文件类型“{suffix}”（文件“{name}”），"
                       "请转换为PDF、Word（.docx）、Excel（.xlsx）或图片后重新提交")
        else:
            message = (f"无法识别文件“{name}”的类型（没有扩展名），"
                       "请加上正确的扩展名，或转换为PDF、Word（.docx）后重新提交")
        return Plan(name, None, "unknown", (Problem(name, "read", message),))

    assert kind is not None and kind_reader is not None
    what = KIND_NAMES[kind]
    if suffix_reader is None:
        detail = "没有扩展名" if not suffix else f"的扩展名“{suffix}”不在支持之列"
        note = f"文件“{name}”{detail}，按内容识别为{what}读取"
    else:
        note = (f"文件“{name}”的扩展名是“{suffix}”，但内容实际是{what}，"
                "已按实际格式读取，建议改正扩展名")
    return Plan(name, kind_reader, _READER_SOURCE[kind_reader], (Problem(name, "read-note", note),))


# Readers that read a prefix of a large file rather than refusing it: reader -> bytes read.
PREFIX_READERS: dict[str, int] = {TEXT: budget.MAX_TEXT_BYTES}


def load_limit(p: Plan) -> int:
    """How many bytes of a file the planned reader is given."""
    return PREFIX_READERS.get(p.reader or "", budget.MAX_FILE_BYTES)


def too_large(name: str, size: int) -> Problem:
    return Problem(name, "read", f"文件“{name}”大小为 {budget.mb(size)}，超过单个文件 "
                                 f"{budget.mb(budget.MAX_FILE_BYTES)} 的上限，未读取；请拆分或压缩后重新提交")


def prefix_note(name: str, size: int, limit: int) -> Problem:
    return Problem(name, "read", f"文件“{name}”大小为 {budget.mb(size)}，超过纯文本 {budget.mb(limit)} 的上限，"
                                 f"只读取了前 {budget.mb(limit)}，其余内容未读取")


def load_reader(reader: str) -> Callable[[bytes, str], ReadResult]:
    module, _, function = reader.partition(":")
    return getattr(importlib.import_module(module), function)


def finish(p: Plan, sha256: str, result: ReadResult | None, problems: tuple[Problem, ...] = ()
           ) -> Document:
    """The Document for a planned file, from its reader's result (None when it has none)."""
    if result is None:
        return Document(file=p.name, sha256=sha256, source=p.source,
                        problems=p.notes + problems)
    blocks = tuple(result.blocks)
    if len(blocks) > budget.MAX_BLOCKS:
        last = blocks[budget.MAX_BLOCKS - 1].loc.label()
        problems = problems + (Problem(p.name, "read", f"文件“{p.name}”的文字超过 {budget.MAX_BLOCKS} 段，"
                                                        f"只采用了前 {budget.MAX_BLOCKS} 段（至{last}），其余内容未核查"),)
        blocks = blocks[:budget.MAX_BLOCKS]
    return Document(file=p.name, sha256=sha256, source=result.source or p.source,
                    blocks=blocks, problems=p.notes + tuple(result.problems)
                    + problems, pages=result.pages, ocr_provider=result.ocr_provider)


def failure(name: str, exc: BaseException) -> Problem:
    """The Problem for a reader that raised."""
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(detail) > 200:
        detail = detail[:200] + "…"
    return Problem(name, "read", f"无法读取文件“{name}”：文件已损坏或格式异常（{detail}）")


def run_checked(p: Plan, data: bytes, sha256: str | None = None) -> tuple[Document, bool]:
    """Run the planned reader on ``data``; every exception becomes a Problem.

    The flag is True when the outcome is a property of the bytes (the reader
    returned, or the file cannot be read at all) and False when it may be
    transient (the reader raised or could not be imported): only the former
    should be cached.
    """
    sha = sha256 or hashlib.sha256(data).hexdigest()
    if p.reader is None:
        return finish(p, sha, None), True
    if p.reader == ARCHIVE:
        from .archive import expand
        return _with_notes(expand(data, p.name).documents[0], p.notes), True
    try:
        reader = load_reader(p.reader)
    except Exception as exc:  # noqa: BLE001 - a missing reader is one Problem
        return finish(p, sha, None, (Problem(
            p.name, "read",
            f"暂时无法读取文件“{p.name}”：缺少读取模块 {p.reader}（{type(exc).__name__}: {exc}）"),)
        ), False
    try:
        result = reader(data, p.name)
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the run
        return finish(p, sha, None, (failure(p.name, exc),)), False
    if not isinstance(result, ReadResult):
        return finish(p, sha, None, (Problem(
            p.name, "read", f"无法读取文件“{p.name}”：读取模块返回了无效结果"),)), False
    return finish(p, sha, result), True


def run(p: Plan, data: bytes, sha256: str | None = None) -> Document:
    """Run the planned reader on ``data``; every exception becomes a Problem."""
    return run_checked(p, data, sha256)[0]


def _with_notes(doc: Document, notes: tuple[Problem, ...]) -> Document:
    if not notes:
        return doc
    return dataclasses.replace(doc, problems=notes + doc.problems)


def read_bytes(data: bytes, name: str) -> Document:
    """Read one file's bytes into a Document. Never raises.

    A zip archive gives only its own Document (source "zip" with its problems);
    use ``read_any`` to read the members too.
    """
    try:
        return run(plan(data, name), data)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        return Document(file=name, sha256=hashlib.sha256(data).hexdigest(), source="unknown",
                        problems=(failure(name, exc),))


def read_any(data: bytes, name: str) -> list[Document]:
    """Read a file; a zip archive gives its own Document followed by one per member."""
    p = plan(data, name)
    if p.reader != ARCHIVE:
        return [read_bytes(data, name)]
    from .archive import expand
    expanded = expand(data, name)
    docs = list(expanded.documents)
    docs[0] = _with_notes(docs[0], p.notes)
    docs.extend(read_bytes(member, member_name) for member, member_name in expanded.members)
    return docs
