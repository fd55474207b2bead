"""Build the docxtpl template of an official form with python-docx.

The template reproduces the official table (see ``layout.py``) with Word
styles a user may restyle: 表格正文, 表头, 表题, 附件标注, 注释. Every docxtpl
tag sits wholly in one run. ``scripts/build_templates.py`` writes the
templates to ``templates/docx/``; ``template_signature`` lets tests prove the
committed templates match what this code builds.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from ..rulebook.loader import load_form
from .docx_build import place
from .layout import Cell, FormPlan, TablePlan, form_texts, plan_form

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "docx"
PROBE_YEARS = (2001, 2002)

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "宋体"


def dynamic_keys(form_id: str) -> set[str]:
    """Keys of the texts that change with the assessment year."""
    a = form_texts(load_form(form_id, PROBE_YEARS[0]))
    b = form_texts(load_form(form_id, PROBE_YEARS[1]))
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def build_plan(form_id: str) -> FormPlan:
    return plan_form(load_form(form_id), dynamic_keys(form_id))


def build_template(form_id: str) -> bytes:
    """The .docx template of a form, as bytes."""
    plan = build_plan(form_id)
    doc = Document()
    _page(doc, plan.landscape)
    _styles(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    for text in plan.attachment:
        _para(doc, "附件标注", [text])
    _cell_para(doc, "表题", plan.title)
    if plan.subtitle is not None:
        _cell_para(doc, "表题副", plan.subtitle)
    _para(doc, "表前说明", ["被考核单位：{{ unit }}　　考核年度：{{ year }}年"])
    for i, table in enumerate(plan.tables):
        if i:
            _para(doc, "表间距", [""])
        _table(doc, table)
    for note in plan.notes:
        _cell_para(doc, "注释", note)
    for line in plan.closing:
        _cell_para(doc, "注释", line)
    _footer(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------
# Page and styles
# --------------------------------------------------------------------------
def _page(doc, landscape: bool) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    margin = Cm(1.8) if landscape else Cm(2.0)
    sec.left_margin = sec.right_margin = margin
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    sec.footer_distance = Cm(1.0)


def set_style_font(style, name: str, size: float, bold: bool = False) -> None:
    """A style's font for Latin and East Asian text alike (python-docx sets only the former)."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _styles(doc) -> None:
    styles = doc.styles
    set_style_font(styles["Normal"], BODY_FONT, 10.5)
    spec = [
        # name, font, size, bold, alignment, space before, space after
        ("附件标注", "黑体", 16, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 6),
        ("表题", HEAD_FONT, 18, True, WD_ALIGN_PARAGRAPH.CENTER, 6, 0),
        ("表题副", BODY_FONT, 14, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        ("表前说明", BODY_FONT, 12, False, WD_ALIGN_PARAGRAPH.LEFT, 6, 6),
        ("表头", HEAD_FONT, 10.5, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        ("类标题", HEAD_FONT, 10.5, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("表格正文", BODY_FONT, 10, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("表格数字", BODY_FONT, 10, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        ("合计", HEAD_FONT, 10.5, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        ("注释", BODY_FONT, 12, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("表间距", BODY_FONT, 6, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    ]
    for name, font, size, bold, align, before, after in spec:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        set_style_font(style, font, size, bold)
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = Pt(before)
        pf.space_after = Pt(after)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        style.quick_style = True


STYLE_OF_KIND = {"body": "表格正文", "header": "表头", "heading": "类标题",
                 "number": "表格数字", "total": "合计"}


# --------------------------------------------------------------------------
# Paragraphs and tables
# --------------------------------------------------------------------------
def _para(doc, style: str, lines: list[str]) -> None:
    for line in lines or [""]:
        p = doc.add_paragraph(style=style)
        if line:
            p.add_run(line)


def _cell_para(doc, style: str, cell: Cell) -> None:
    if cell.tag:
        _para(doc, style, ["{{ " + cell.tag + " }}"])
    else:
        _para(doc, style, cell.lines)


def _table(doc, plan: TablePlan) -> None:
    ncols = len(plan.widths)
    table = doc.add_table(rows=plan.rows, cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False               # w:tblLayout fixed, at its schema place
    tbl_pr = table._tbl.tblPr
    _borders(tbl_pr)
    for i, w in enumerate(plan.widths):
        table.columns[i].width = Cm(w)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if r < plan.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr_pr.append(OxmlElement("w:cantSplit"))
    _grid_cells(table, plan)


def _grid_cells(table, plan: TablePlan) -> None:
    """Write every row's w:tc elements straight from the plan's rectangles:
    gridSpan for column spans, vMerge restart/continue for row spans."""
    owner: dict[tuple[int, int], Cell] = {}
    for spec in plan.cells:
        for r in range(spec.row, spec.row + spec.rowspan):
            for c in range(spec.col, spec.col + spec.colspan):
                if (r, c) in owner:
                    raise ValueError(f"单元格重叠：第{r + 1}行第{c + 1}列")
                owner[(r, c)] = spec
    for r, row in enumerate(table.rows):
        tr = row._tr
        for tc in list(tr.tc_lst):
            tr.remove(tc)
        c = 0
        while c < len(plan.widths):
            spec = owner.get((r, c))
            if spec is None:
                raise ValueError(f"单元格缺失：第{r + 1}行第{c + 1}列")
            tc = tr.add_tc()
            tc_pr = tc.get_or_add_tcPr()
            width = sum(plan.widths[spec.col:spec.col + spec.colspan])
            tc_pr.width = Cm(width)
            if spec.colspan > 1:
                tc.grid_span = spec.colspan
            if spec.rowspan > 1:
                tc.vMerge = "restart" if r == spec.row else "continue"
            v = OxmlElement("w:vAlign")
            v.set(qn("w:val"), "center")
            place(tc_pr, v)
            cell = _Cell(tc, table)
            if r == spec.row:
                _fill(cell, spec)
            else:
                cell.paragraphs[0].style = table.part.document.styles[STYLE_OF_KIND[spec.kind]]
            c += spec.colspan


def _fill(cell, spec: Cell) -> None:
    style = STYLE_OF_KIND[spec.kind]
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    lines = ["{{ " + spec.tag + " }}"] if spec.tag else (spec.lines or [""])
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.style = cell.part.document.styles[style]
        if spec.kind == "body" and spec.align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            p.add_run(line)


def _borders(tbl_pr) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6" if edge.startswith("inside") else "8")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    place(tbl_pr, borders)


def _footer(doc) -> None:
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("{{ case_name }}　第 ")
    _field(p, "PAGE")
    p.add_run(" 页／共 ")
    _field(p, "NUMPAGES")
    p.add_run(" 页")


def _field(paragraph, code: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


# --------------------------------------------------------------------------
# Structure of a built or committed template, for drift tests
# --------------------------------------------------------------------------
def template_signature(source) -> list:
    """Paragraph texts, and per table row every cell's (text, gridSpan, vMerge)."""
    doc = Document(source if not isinstance(source, bytes) else io.BytesIO(source))
    out: list = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(("p", "".join(t.text or "" for t in child.iter(qn("w:t")))))
        elif child.tag == qn("w:tbl"):
            rows = []
            for tr in child.iterchildren(qn("w:tr")):
                header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    cells.append(("\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                            for p in tc.iterchildren(qn("w:p"))),
                                  int(span.get(qn("w:val"))) if span is not None else 1,
                                  None if vm is None else (vm.get(qn("w:val")) or "continue")))
                rows.append((header, cells))
            out.append(("tbl", rows))
    return out
