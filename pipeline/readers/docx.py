"""Read a .docx file into blocks with locators, from the raw OOXML.

Blocks come in body order:

* ``paragraph`` / ``heading`` — Locator(file, paragraph=N). N counts the
  **non-empty** body paragraphs, 1-based, in document order, so that "第N段"
  is what a reviewer counts on screen (empty spacing lines are not counted).
  Paragraphs inside content controls, tracked insertions, hyperlinks and
  fields count like any other; paragraphs inside table cells and text boxes do
  not (cells have their own table locators). Auto-numbering labels are part of
  the text ("一、总体要求").
* ``table-cell`` — Locator(file, table=T, row=R, col=C): T counts tables in
  body order (a nested table gets its own number and its cells follow the
  cell that holds it), R/C are 1-based grid positions. A merged cell is
  emitted once, at its top-left position; the paragraphs of a cell are joined
  with "\\n".
* text boxes — kind ``paragraph``, part ``textbox``, paragraph=K counting
  non-empty text-box paragraphs; emitted after the paragraph they are anchored in.
* footnotes/endnotes — part ``footnote``, paragraph=K counting note paragraphs.
* ``header`` / ``footer`` — part ``header`` / ``footer``, one block per distinct text.

Bad input never raises: it gives a Problem (stage "read") with a Chinese message.
A renamed old .doc / RTF / HTML is converted with LibreOffice; plain text is read as text.
"""
from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile

from lxml import etree

from ..model import Block, Locator, Problem
from . import ReadResult, budget
from . import docx_numbering as dn
from . import docx_xml as dx
from . import office_sniff
from .office_sniff import (PartTooLarge, decode_text, find_member, guarded, problem_result, read_member,
                          read_prefix)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _problem(name: str, message: str) -> ReadResult:
    return problem_result(name, "docx", message)


def _read(data: bytes, name: str, kind: str) -> ReadResult:
    if kind in ("ole", "rtf", "html"):
        return _read_other_word_format(data, name, kind)
    if kind == "text":
        return read_as_text(data, name, "Word 文档")
    if kind == "pdf":
        return _problem(name, f"文件“{name}”实际是 PDF 文件而不是 Word 文档，请将扩展名改为 .pdf 后再提交")
    if kind != "zip":
        return _problem(name, f"文件“{name}”不是有效的 Word 文档（无法识别的内容），文件可能已损坏")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return _problem(name, f"文件“{name}”已损坏（压缩结构不完整或被截断），无法读取，"
                              "请重新保存或提供原始文件")
    with zf:
        return _read_package(zf, name)


def _read_other_word_format(data: bytes, name: str, kind: str) -> ReadResult:
    from . import convert  # lazy: convert imports this module

    what = {"ole": "旧版 Word（.doc）格式", "rtf": "RTF 格式", "html": "网页（HTML）格式"}[kind]
    result = convert.convert_one(data, name, source="doc")
    note = Problem(name, "read", f"文件“{name}”实际是{what}，扩展名与内容不符，已自动转换后读取")
    if result.blocks:
        return ReadResult(result.source, result.blocks, (note,) + result.problems, result.pages)
    return result


def read_as_text(data: bytes, name: str, expected: str) -> ReadResult:
    """A file named like an Office file that holds plain text: say so, and read its lines."""
    text = decode_text(data)
    if text is None:
        return _problem(name, f"文件“{name}”不是有效的 {expected}，文件可能已损坏")
    blocks = tuple(
        Block(line.strip(), "paragraph", Locator(file=name, line=i))
        for i, line in enumerate(text.splitlines(), start=1) if line.strip()
    )
    message = f"文件“{name}”不是有效的 {expected}（内容像是纯文本），已按纯文本读取"
    return ReadResult(source="text", blocks=blocks, problems=(Problem(name, "read", message),))


# --------------------------------------------------------------------------- package parts

def _rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target path in the zip) of a part's relationships."""
    folder, base = posixpath.split(part)
    rels_name = find_member(zf, posixpath.join(folder, "_rels", base + ".rels"))
    if rels_name is None:
        return []
    try:
        root = dx.parse_xml(read_member(zf, rels_name))
    except (etree.XMLSyntaxError, PartTooLarge):
        return []
    out = []
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id") or "", (rel.get("Type") or "").rsplit("/", 1)[-1], path))
    return out


def _main_part(zf: zipfile.ZipFile) -> str | None:
    for _rid, rtype, path in _rels(zf, ""):
        if rtype == "officeDocument" and not path.lower().startswith(("xl/", "ppt/")):
            found = find_member(zf, path)
            if found:
                return found
    return find_member(zf, "word/document.xml")


def _parse_part(zf: zipfile.ZipFile, path: str | None) -> etree._Element | None:
    """A secondary part (styles, numbering, header...); a broken one is skipped."""
    if not path:
        return None
    found = find_member(zf, path)
    if found is None:
        return None
    try:
        return dx.parse_xml(read_member(zf, found))
    except (etree.XMLSyntaxError, PartTooLarge, zipfile.BadZipFile, EOFError, ValueError):
        try:
            return dx.parse_xml(read_member(zf, found), recover=True)
        except Exception:
            return None


def _raw_part(zf: zipfile.ZipFile, path: str | None) -> bytes:
    found = find_member(zf, path) if path else None
    if found is None:
        return b""
    try:
        return read_member(zf, found)
    except (PartTooLarge, zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        return b""


def _parse_raw(raw: bytes) -> etree._Element | None:
    if not raw:
        return None
    try:
        return dx.parse_xml(raw)
    except etree.XMLSyntaxError:
        try:
            return dx.parse_xml(raw, recover=True)
        except etree.XMLSyntaxError:
            return None


# Files made from one template share styles.xml / numbering.xml byte for byte:
# parse each distinct part once. The parsed definitions are never mutated.
@functools.lru_cache(maxsize=32)
def _styles(raw: bytes) -> dx.Styles:
    return dx.parse_styles(_parse_raw(raw))


@functools.lru_cache(maxsize=32)
def _numbering(raw: bytes) -> dn.NumberingDefs:
    return dn.parse_numbering(_parse_raw(raw))


def _read_package(zf: zipfile.ZipFile, name: str) -> ReadResult:
    main = _main_part(zf)
    if main is None:
        names = {n.lower() for n in zf.namelist()}
        if "xl/workbook.xml" in names:
            return _problem(name, f"文件“{name}”实际是 Excel 表格而不是 Word 文档，请将扩展名改为 .xlsx 后再提交")
        if "ppt/presentation.xml" in names:
            return _problem(name, f"文件“{name}”实际是 PowerPoint 演示文稿，本工具无法读取，请另存为 PDF 后提交")
        return _problem(name, f"文件“{name}”不是有效的 Word 文档（压缩包中缺少正文部分 word/document.xml）")

    problems: list[Problem] = []
    try:
        raw, cut = read_prefix(zf, main, budget.MAX_BODY_BYTES)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        return _problem(name, f"文件“{name}”已损坏（正文部分无法解压），无法读取，请重新保存或提供原始文件")
    if cut:
        limit = budget.mb(budget.MAX_BODY_BYTES)
        problems.append(Problem(name, "read", f"文件“{name}”的正文部分解压后超过 {limit} 的上限，"
                                              f"只读取了前 {limit} 中的内容，其余内容未读取；请检查文件是否异常"))
    try:
        document = dx.parse_xml(raw, recover=cut)
    except etree.XMLSyntaxError:
        try:
            document = dx.parse_xml(raw, recover=True)
        except etree.XMLSyntaxError:
            document = None
        problems.append(Problem(name, "read", f"文件“{name}”的正文 XML 已损坏，"
                                              "只读出了能恢复的部分，请核对原文件"))
    if document is None:
        return _problem(name, f"文件“{name}”的正文 XML 已损坏，无法读取，请用 Word 打开后重新保存")

    rels = _rels(zf, main)
    by_type: dict[str, list[str]] = {}
    by_id: dict[str, str] = {}
    for rid, rtype, path in rels:
        by_type.setdefault(rtype, []).append(path)
        by_id[rid] = path
    styles = _styles(_raw_part(zf, (by_type.get("styles") or ["word/styles.xml"])[0]))
    defs = _numbering(_raw_part(zf, (by_type.get("numbering") or ["word/numbering.xml"])[0]))
    ctx = dx.Context(styles, dn.Numbering(defs, styles))

    blocks: list[Block] = []
    counters = {"body": 0, "textbox": 0, "footnote": 0}
    for item in dx.body_items(document, ctx):
        block = _to_block(item, name, counters)
        if block is not None:
            blocks.append(block)

    for rtype in ("footnotes", "endnotes"):
        for path in by_type.get(rtype, []):
            root = _parse_part(zf, path)
            if root is None:
                continue
            for item in dx.note_items(root, dx.Context(styles, dn.Numbering(defs, styles)), "footnote"):
                block = _to_block(item, name, counters)
                if block is not None:
                    blocks.append(block)

    for part in ("header", "footer"):
        seen: set[str] = set()
        for path in _ordered_parts(document, part, by_id, by_type.get(part, [])):
            root = _parse_part(zf, path)
            if root is None:
                continue
            for item in dx.part_items(root, dx.Context(styles, dn.Numbering(defs, styles)), part):
                for line in item.text.split("\n"):
                    line = line.strip()
                    if line and line not in seen:
                        seen.add(line)
                        blocks.append(Block(line, part, Locator(file=name, part=part)))

    if not blocks and not problems:
        problems.append(Problem(name, "read", f"文件“{name}”中没有文字内容（空文档，或内容是图片）"))
    return ReadResult(source="docx", blocks=tuple(blocks), problems=tuple(problems))


def _ordered_parts(document: etree._Element, part: str, by_id: dict[str, str],
                   fallback: list[str]) -> list[str]:
    """Header/footer parts in section order (default before first/even), then any others."""
    order: list[str] = []
    ref_tag = dx._w(f"{part}Reference")
    rank = {"default": 0, "first": 1, "even": 2}
    for sect in document.iter(dx._w("sectPr")):
        refs = sorted(sect.findall(ref_tag), key=lambda r: rank.get(r.get(dx._w("type")) or "default", 3))
        for ref in refs:
            path = by_id.get(ref.get(f"{{{R_NS}}}id") or "")
            if path and path not in order:
                order.append(path)
    for path in sorted(fallback, key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p)]):
        if path not in order:
            order.append(path)
    return order


def _to_block(item: dx.Item, name: str, counters: dict[str, int]) -> Block | None:
    if not item.text:
        return None
    part = None if item.part == "body" else item.part
    if isinstance(item, dx.Cell):
        return Block(item.text, "table-cell",
                     Locator(file=name, table=item.table, row=item.row, col=item.col, part=part))
    counters[item.part] = counters.get(item.part, 0) + 1
    kind = "heading" if item.heading and item.part == "body" else "paragraph"
    return Block(item.text, kind, Locator(file=name, paragraph=counters[item.part], part=part))


read = guarded(_read, "docx", "请用 Word 打开后另存为 .docx 再试")
read.__doc__ = "Read a .docx; never raises for bad input."
