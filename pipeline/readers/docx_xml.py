"""Walk the raw OOXML of a Word document and yield text with its place.

Pure functions over the XML of ``word/document.xml``, header/footer and
footnote parts, ``numbering.xml`` and ``styles.xml``. Nothing here touches
the zip or the file system; :mod:`pipeline.readers.docx` feeds the bytes.

What python-docx skips and this module reads:

* content controls (``w:sdt``; placeholder text of an unfilled control is skipped),
* tracked insertions (``w:ins``, ``w:moveTo``; deletions ``w:del``/``w:moveFrom`` are dropped),
* smart tags, custom XML, hyperlinks, simple and complex fields (result text only),
* auto-numbering labels (一、 （一） 1. ①), computed by :mod:`.docx_numbering`,
* nested tables and merged cells (each cell once, at its grid position),
* text boxes (``w:txbxContent``), reading one branch of ``mc:AlternateContent``.

Hidden text (``w:vanish``) is not what a reader sees and is skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from lxml import etree

if TYPE_CHECKING:
    from .docx_numbering import Numbering

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_R, W_T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
W_SDT, W_SDTCONTENT, W_SDTPR = _w("sdt"), _w("sdtContent"), _w("sdtPr")
W_TXBX = _w("txbxContent")
W_VAL = _w("val")
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
M_T = f"{{{M_NS}}}t"

# Elements whose children are read as if they were in the parent (inline or block level).
_TRANSPARENT = {_w(t) for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple",
                                "dir", "bdo", "rubyBase", "sdtContent")}
# Elements whose whole content is dropped.
_DROPPED = {_w(t) for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "delInstrText",
                            "rt", "footnoteReference", "endnoteReference", "commentReference",
                            "object", "trPr", "tblPr", "tblGrid", "sectPr", "tcPr", "sdtPr",
                            "sdtEndPr")}


def make_parser(recover: bool = False) -> etree.XMLParser:
    """A parser that never resolves entities, never fetches, and refuses huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           remove_comments=True, remove_pis=True, recover=recover)


def parse_xml(data: bytes, recover: bool = False) -> etree._Element:
    """Parse one OOXML part; Strict OOXML is mapped onto the transitional namespace."""
    if STRICT_W_NS in data:
        data = data.replace(STRICT_W_NS, W_NS.encode())
    root = etree.fromstring(data, make_parser(recover))
    if root is None:
        raise etree.XMLSyntaxError("empty document", None, 0, 0)
    return root


def _attr(el: etree._Element | None, tag: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(_w(tag))


def _on(el: etree._Element | None) -> bool:
    """A toggle property (w:b, w:vanish...) that is present and not switched off."""
    if el is None:
        return False
    return (_attr(el) or "true").lower() not in ("0", "false", "off")


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------- styles

@dataclass
class StyleInfo:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


@dataclass
class Styles:
    styles: dict[str, StyleInfo] = field(default_factory=dict)
    default_para: str | None = None

    def chain(self, style_id: str | None) -> Iterator[StyleInfo]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            info = self.styles[style_id]
            yield info
            style_id = info.based_on

    def is_heading(self, style_id: str | None) -> bool:
        for info in self.chain(style_id or self.default_para):
            name = info.name.lower().replace(" ", "")
            if name.startswith("heading") or name in ("title", "标题") or re.fullmatch(r"标题\d", name):
                return True
            if info.outline is not None and info.outline < 9:
                return True
        return False

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph inherits from its style chain."""
        num_id = ilvl = None
        for info in self.chain(style_id or self.default_para):
            if num_id is None and info.num_id is not None:
                num_id = info.num_id
            if ilvl is None and info.ilvl is not None:
                ilvl = info.ilvl
        return num_id, ilvl


def parse_styles(root: etree._Element | None) -> Styles:
    out = Styles()
    if root is None:
        return out
    for st in root.iter(_w("style")):
        if st.get(_w("type"), "paragraph") != "paragraph":
            continue
        sid = st.get(_w("styleId"))
        if not sid:
            continue
        ppr = st.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        info = StyleInfo(
            name=_attr(st.find(_w("name"))) or sid,
            based_on=_attr(st.find(_w("basedOn"))),
            num_id=_attr(num_pr.find(_w("numId"))) if num_pr is not None else None,
            ilvl=_int(_attr(num_pr.find(_w("ilvl")))) if num_pr is not None else None,
            outline=_int(_attr(ppr.find(_w("outlineLvl")))) if ppr is not None else None,
        )
        out.styles[sid] = info
        if _on(st.find(_w("default"))) or st.get(_w("default")) in ("1", "true", "on"):
            out.default_para = sid
    return out


# --------------------------------------------------------------------------- walking

@dataclass
class Para:
    """One paragraph: its text (with its numbering label) and where it sits."""

    text: str
    heading: bool
    part: str                      # body | textbox | header | footer | footnote


@dataclass
class Cell:
    text: str
    table: int
    row: int
    col: int
    part: str


@dataclass
class Context:
    styles: Styles
    numbering: Numbering
    tables: int = 0
    fields: list[str] = field(default_factory=list)  # complex-field stack: "instr" | "result"


Item = Para | Cell


def _placeholder(sdt: etree._Element) -> bool:
    pr = sdt.find(W_SDTPR)
    return pr is not None and _on(pr.find(_w("showingPlcHdr")))


def _alt_branch(alt: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent that is read: first Choice, else Fallback."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def _text_boxes(el: etree._Element) -> list[etree._Element]:
    """Outermost w:txbxContent under a drawing, reading one mc:AlternateContent branch."""
    found: list[etree._Element] = []
    stack = [el]
    while stack:
        node = stack.pop()
        for child in reversed(node):
            if not isinstance(child.tag, str):
                continue
            if child.tag == W_TXBX:
                found.append(child)
            elif child.tag == MC_ALT:
                branch = _alt_branch(child)
                if branch is not None:
                    stack.append(branch)
            elif child.tag == MC_FALLBACK:
                continue
            else:
                stack.append(child)
    return found


def _run_text(run: etree._Element, ctx: Context, out: list[str], boxes: list[etree._Element]) -> None:
    rpr = run.find(_w("rPr"))
    hidden = rpr is not None and _on(rpr.find(_w("vanish")))
    for child in run:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _w("fldChar"):
            kind = child.get(_w("fldCharType"))
            if kind == "begin":
                ctx.fields.append("instr")
            elif kind == "separate" and ctx.fields:
                ctx.fields[-1] = "result"
            elif kind == "end" and ctx.fields:
                ctx.fields.pop()
            continue
        if tag in (_w("drawing"), _w("pict")):
            boxes.extend(_text_boxes(child))
            continue
        if tag == MC_ALT:
            branch = _alt_branch(child)
            if branch is not None:
                _run_text(branch, ctx, out, boxes)
            continue
        if hidden or any(f == "instr" for f in ctx.fields):
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == _w("tab") or tag == _w("ptab"):
            out.append("\t")
        elif tag == _w("br"):
            if child.get(_w("type")) not in ("page", "column"):
                out.append("\n")
        elif tag == _w("cr"):
            out.append("\n")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        elif tag == _w("sym"):
            try:
                code = int(child.get(_w("char")) or "", 16)
            except ValueError:
                code = 0
            if code and not 0xE000 <= code <= 0xF8FF:
                out.append(chr(code))
        elif tag == _w("ruby"):
            base = child.find(_w("rubyBase"))
            if base is not None:
                _inline(base, ctx, out, boxes)


def _inline(el: etree._Element, ctx: Context, out: list[str], boxes: list[etree._Element]) -> None:
    """Collect the visible text of paragraph content in document order."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            continue
        if tag == W_R:
            _run_text(child, ctx, out, boxes)
        elif tag == W_SDT:
            if _placeholder(child):
                continue
            content = child.find(W_SDTCONTENT)
            if content is not None:
                _inline(content, ctx, out, boxes)
        elif tag == MC_ALT:
            branch = _alt_branch(child)
            if branch is not None:
                _inline(branch, ctx, out, boxes)
        elif tag == _w("fldSimple"):
            ctx.fields.append("result")
            _inline(child, ctx, out, boxes)
            ctx.fields.pop()
        elif tag in _TRANSPARENT:
            _inline(child, ctx, out, boxes)
        elif tag.startswith(f"{{{M_NS}}}"):
            out.extend(t.text or "" for t in child.iter(M_T))


def _clean(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def paragraph(p: etree._Element, ctx: Context, part: str) -> tuple[Para, list[etree._Element]]:
    """Text of one w:p with its numbering label, and the text boxes anchored in it."""
    ppr = p.find(_w("pPr"))
    style_id = num_id = None
    ilvl: int | None = None
    outline: int | None = None
    if ppr is not None:
        style_id = _attr(ppr.find(_w("pStyle")))
        num_pr = ppr.find(_w("numPr"))
        if num_pr is not None:
            num_id = _attr(num_pr.find(_w("numId")))
            ilvl = _int(_attr(num_pr.find(_w("ilvl"))))
        outline = _int(_attr(ppr.find(_w("outlineLvl"))))
    style_num, style_ilvl = ctx.styles.numbering(style_id)
    if num_id is None:
        num_id = style_num
    if ilvl is None:
        ilvl = style_ilvl
    out: list[str] = []
    boxes: list[etree._Element] = []
    _inline(p, ctx, out, boxes)
    # A field instruction never runs past its paragraph in practice: a broken field
    # (begin without separate/end) must not hide the rest of the document.
    ctx.fields = ["result" for _ in ctx.fields]
    text = _clean("".join(out))
    label = ctx.numbering.label(num_id, ilvl) if num_id else ""
    if label and text:
        text = label + text
    heading = (outline is not None and outline < 9) or ctx.styles.is_heading(style_id)
    return Para(text, heading, part), boxes


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """w:tr children, looking through row-level content controls and custom XML."""
    for child in tbl:
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, _w("customXml"), W_SDTCONTENT) or child.tag == _w("ins"):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _rows(inner)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, _w("customXml"), W_SDTCONTENT):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _cells(inner)


def _row_deleted(tr: etree._Element) -> bool:
    trpr = tr.find(_w("trPr"))
    return trpr is not None and trpr.find(_w("del")) is not None


def table(tbl: etree._Element, ctx: Context, part: str) -> Iterator[Item]:
    """Cells of one table at their grid positions; nested tables follow their cell."""
    ctx.tables += 1
    number = ctx.tables
    row_no = 0
    for tr in _rows(tbl):
        if _row_deleted(tr):
            continue
        row_no += 1
        trpr = tr.find(_w("trPr"))
        col = 1
        if trpr is not None:
            col += _int(_attr(trpr.find(_w("gridBefore"))), 0) or 0
        for tc in _cells(tr):
            tcpr = tc.find(_w("tcPr"))
            span = 1
            merged = False
            if tcpr is not None:
                span = max(_int(_attr(tcpr.find(_w("gridSpan"))), 1) or 1, 1)
                vmerge = tcpr.find(_w("vMerge"))
                if vmerge is not None and _attr(vmerge) != "restart":
                    merged = True
                hmerge = tcpr.find(_w("hMerge"))
                if hmerge is not None and _attr(hmerge) != "restart":
                    merged = True
            texts: list[str] = []
            after: list[Item] = []
            for item in blocks(tc, ctx, part):
                if isinstance(item, Para) and item.part == part:
                    if item.text:
                        texts.append(item.text)
                else:
                    after.append(item)
            text = "\n".join(texts)
            if text and not merged:
                yield Cell(text, number, row_no, col, part)
            yield from after
            col += span


def blocks(container: etree._Element, ctx: Context, part: str) -> Iterator[Item]:
    """Paragraphs and table cells of a block container (body, cell, text box, header)."""
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            continue
        if tag == W_P:
            para, boxes = paragraph(child, ctx, part)
            yield para
            for box in boxes:
                yield from blocks(box, ctx, "textbox")
        elif tag == W_TBL:
            yield from table(child, ctx, part)
        elif tag == W_SDT:
            if _placeholder(child):
                continue
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from blocks(content, ctx, part)
        elif tag == MC_ALT:
            branch = _alt_branch(child)
            if branch is not None:
                yield from blocks(branch, ctx, part)
        elif tag in _TRANSPARENT:
            yield from blocks(child, ctx, part)


def body_items(document: etree._Element, ctx: Context) -> Iterator[Item]:
    body = document.find(_w("body"))
    if body is None:
        return iter(())
    return blocks(body, ctx, "body")


def part_items(root: etree._Element, ctx: Context, part: str) -> Iterator[Item]:
    """Items of a header/footer part (its root holds the block content)."""
    return blocks(root, ctx, part)


def note_items(root: etree._Element, ctx: Context, part: str = "footnote") -> Iterator[Item]:
    """Items of footnotes.xml / endnotes.xml, skipping the separator notes."""
    for note in root:
        if note.tag not in (_w("footnote"), _w("endnote")):
            continue
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield from blocks(note, ctx, part)

