"""Word documents built in linear time, with elements in the order the schema requires.

python-docx's friendly calls are quadratic for long documents: ``table.cell(r, c)``
rebuilds the whole table's cell grid on every call, and each ``add_paragraph``
searches the body for its section properties. ``Writer`` appends paragraphs and
tables just before the body's final ``w:sectPr`` in constant time, and tables are
built row by row from their XML, so a report of 1,600 documents costs 16 times one
of 100.

Elements that python-docx does not place itself (table borders, layout, shading,
fields) are inserted at their schema position (ECMA-376 Part 1, the sequences in
``SEQUENCES``), so Word never sees a duplicate or out-of-order property.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .files import xml_text

# The child order of the property elements kaohe writes (ECMA-376 Part 1, §17).
SEQUENCES: dict[str, tuple[str, ...]] = {
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
              "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
             "cellMerge", "tcPrChange"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
            "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
            "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
            "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
            "oMath", "rPrChange"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
               "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
               "sectPrChange"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tbl": ("tblPr", "tblGrid", "tr"),
    "tr": ("tblPrEx", "trPr", "tc"),
    "tc": ("tcPr", "p", "tbl"),
}
REPEATABLE = {"headerReference", "footerReference", "tr", "tc", "p", "tbl"}

TWIPS_PER_CM = 567


def twips(cm: float) -> int:
    return int(round(cm * TWIPS_PER_CM))


def place(parent, child):
    """Insert ``child`` into ``parent`` at its schema position, replacing one of the same tag."""
    local = child.tag.split("}")[1]
    order = SEQUENCES[parent.tag.split("}")[1]]
    rank = order.index(local)
    for old in parent.findall(child.tag):
        if local not in REPEATABLE:
            parent.remove(old)
    for existing in parent:
        name = existing.tag.split("}")[1] if "}" in str(existing.tag) else ""
        if name in order and order.index(name) > rank:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def element(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def shade(props, fill: str) -> None:
    """A background fill on a cell's or a run's properties (w:tcPr / w:rPr), in schema order."""
    place(props, element("w:shd", val="clear", color="auto", fill=fill))


# --------------------------------------------------------------------------
# Runs and paragraphs
# --------------------------------------------------------------------------
def run(paragraph, text: str, bold: bool = False, size: float | None = None,
        colour: str | None = None, font: str | None = None):
    r = paragraph.add_run(xml_text(text))
    if bold:
        r.bold = True
    if size:
        r.font.size = Pt(size)
    if colour:
        r.font.color.rgb = RGBColor.from_string(colour.upper().lstrip("#"))
    if font:
        set_run_font(r, font)
    return r


def set_run_font(r, font: str) -> None:
    r.font.name = font
    r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def field(paragraph, code: str, placeholder: str = "1", size: float | None = None,
          font: str | None = None) -> None:
    """A simple field (PAGE, NUMPAGES) whose result Word and LibreOffice compute."""
    fld = element("w:fldSimple", instr=f" {code} ")
    paragraph._p.append(fld)
    r = Paragraph(paragraph._p, paragraph._parent).add_run(placeholder)
    fld.append(r._r)            # move the run into the field
    if size:
        r.font.size = Pt(size)
    if font:
        set_run_font(r, font)


ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


class Writer:
    """Appends to a python-docx Document's body in constant time per block."""

    def __init__(self, doc):
        self.doc = doc
        self.body = doc.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.parent = doc._body

    def _add(self, el) -> None:
        if self.sect is not None:
            self.sect.addprevious(el)
        else:
            self.body.append(el)

    def paragraph(self, text: str = "", style: str | None = None, align: str | None = None,
                  **run_kw) -> Paragraph:
        p = OxmlElement("w:p")
        self._add(p)
        para = Paragraph(p, self.parent)
        if style:
            para.style = self.doc.styles[style]
        if align:
            para.alignment = ALIGN[align]
        if text:
            run(para, text, **run_kw)
        return para

    def table(self, widths: list[float], border: str = "999999", left: str | None = None,
              align: str = "center") -> "TableBuilder":
        tbl = OxmlElement("w:tbl")
        tbl_pr = OxmlElement("w:tblPr")
        tbl.append(tbl_pr)
        place(tbl_pr, element("w:tblW", w=twips(sum(widths)), type="dxa"))
        place(tbl_pr, element("w:jc", val=align))
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            thick = edge == "left" and left
            borders.append(element(f"w:{edge}", val="single", sz="24" if thick else "4", space="0",
                                   color=left if thick else border))
        place(tbl_pr, borders)
        place(tbl_pr, element("w:tblLayout", type="fixed"))
        place(tbl_pr, element("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0",
                              lastColumn="0", noHBand="1", noVBand="1"))
        grid = OxmlElement("w:tblGrid")
        for w in widths:
            grid.append(element("w:gridCol", w=twips(w)))
        tbl.append(grid)
        self._add(tbl)
        return TableBuilder(Table(tbl, self.parent), widths)

    def page_break(self) -> None:
        p = self.paragraph()
        r = p.add_run()
        r._r.append(element("w:br", type="page"))


@dataclass
class TableBuilder:
    table: Table
    widths: list[float]

    def row(self, header: bool = False, cant_split: bool = True) -> list[_Cell]:
        """A new row of empty cells (one paragraph each), returned as python-docx cells."""
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        if cant_split:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if len(tr_pr):
            tr.append(tr_pr)
        cells = []
        for w in self.widths:
            tc = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            place(tc_pr, element("w:tcW", w=twips(w), type="dxa"))
            tc.append(tc_pr)
            tc.append(OxmlElement("w:p"))
            tr.append(tc)
            cells.append(_Cell(tc, self.table))
        self.table._tbl.append(tr)
        return cells

    def text_row(self, values: list[str], header: bool = False, size: float | None = None,
                 fill: str | None = None, centre: set[int] | None = None, font: str | None = None) -> list[_Cell]:
        cells = self.row(header=header)
        for c, (cell, value) in enumerate(zip(cells, values)):
            p = cell.paragraphs[0]
            run(p, value, bold=header, size=size, font=font)
            if header or (centre and c in centre):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if fill:
                shade(cell._tc.get_or_add_tcPr(), fill)
        return cells


# --------------------------------------------------------------------------
# Styles, pages and properties
# --------------------------------------------------------------------------
def style_font(style, name: str, size: float | None = None, bold: bool | None = None,
               colour: str | None = "000000") -> None:
    """A style's font for Latin and East Asian text alike, dropping theme fonts that would win."""
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def a4(section, top: float = 2.0, bottom: float = 2.0, left: float = 2.0, right: float = 2.0) -> None:
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


def set_properties(doc, title: str, author: str, when: _dt.datetime | None = None,
                   subject: str = "", keywords: str = "") -> None:
    """Core properties of our own: python-docx's template says 'python-docx' and 2013."""
    # core properties are stored in UTC (python-docx writes a naive time with a Z)
    when = (when or _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)).replace(microsecond=0)
    cp = doc.core_properties
    cp.title = xml_text(title)
    cp.author = xml_text(author)
    cp.last_modified_by = xml_text(author)
    cp.subject = xml_text(subject)
    cp.keywords = xml_text(keywords)
    cp.comments = ""
    cp.category = ""
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
