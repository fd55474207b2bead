"""佐证核查报告: one self-contained HTML file and a .docx with the same content.

The HTML comes from templates/html/report.html.j2 (jinja2, autoescape on, no
external resources). The .docx is built with python-docx directly: its length
and its highlighted quotes vary per case, which plain runs express better than
a docxtpl template. Evidence text always goes in as text (escaped in HTML,
a plain w:t in Word), so markup or field codes in a quote stay inert.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from jinja2 import Environment, FileSystemLoader

from .context import CaseView, ItemView, figure_text, fmt
from .build_form import set_style_font
from .files import atomic_write, safe_name, xml_text

HTML_DIR = Path(__file__).resolve().parents[2] / "templates" / "html"
TITLE = "佐证核查报告"

COLOURS = {
    "met": {"fg": "#2e7d32", "bg": "#e8f5e9"},
    "partial": {"fg": "#b26a00", "bg": "#fff4e0"},
    "not_met": {"fg": "#c62828", "bg": "#fdecea"},
    "no_evidence": {"fg": "#6a1b9a", "bg": "#f3e5f5"},
    "needs_data": {"fg": "#1565c0", "bg": "#e3f2fd"},
    "missing": {"fg": "#616161", "bg": "#eeeeee"},
}


def report_name(view: CaseView, suffix: str) -> str:
    return safe_name(f"{TITLE}_{view.case}") + suffix


def report_model(view: CaseView) -> dict:
    """Everything the report shows, as plain strings and lists."""
    problems_by_file: dict[str, list[str]] = {}
    for p in view.problems:
        problems_by_file.setdefault(str(p.get("file") or ""), []).append(xml_text(p.get("message")))
    unreadable = []
    seen = set()
    for d in view.documents:
        if d.get("error"):
            unreadable.append({"file": xml_text(d.get("file")), "message": xml_text(d.get("error"))})
            seen.add((str(d.get("file")), xml_text(d.get("error"))))
    for p in view.problems:
        key = (str(p.get("file") or ""), xml_text(p.get("message")))
        if key not in seen and p.get("stage") in (None, "read", "读取"):
            unreadable.append({"file": key[0], "message": key[1]})
            seen.add(key)
    documents = []
    for d in view.documents:
        probs = [xml_text(d.get("error"))] if d.get("error") else []
        probs += [m for m in problems_by_file.get(str(d.get("file")), []) if m not in probs]
        documents.append({
            "file": xml_text(d.get("file")), "kind": xml_text(d.get("kind")),
            "title": xml_text(d.get("title")), "doc_number": xml_text(d.get("doc_number")),
            "issuer": xml_text(d.get("issuer")), "date": xml_text(d.get("date")),
            "draft": "草稿" if d.get("draft") else "正式",
            "problems": "；".join(probs),
        })
    return {
        "title": TITLE,
        "form_title": f"{view.form.attachment} {view.form.title}",
        "year": view.year or "",
        "case": xml_text(view.case),
        "unit": view.unit_text,
        "total": fmt(view.total),
        "full_marks": fmt(view.form.full_marks),
        "bonus": fmt(view.bonus) if view.bonus else "",
        "deduction": fmt(view.deduction) if view.deduction else "",
        "pending": len(view.pending),
        "reviewed": sum(1 for v in view.items if v.reviewed),
        "sections": [{"title": s.title, "depth": s.depth, "max": fmt(s.max), "score": fmt(s.score),
                      "pending": s.pending} for s in view.section_totals()],
        "counts": list(view.counts().items()),
        "unreadable": unreadable,
        "review_warnings": [xml_text(w) for w in view.review_warnings],
        "entries": [_item(view, v) for v in view.items],
        "documents": documents,
        "colours": COLOURS,
    }


def _item(view: CaseView, v: ItemView) -> dict:
    cites = []
    for c in v.citations:
        where = []
        page = f"第{c.get('page')}页" if c.get("page") not in (None, "") else ""
        locator = xml_text(c.get("locator") or "")
        if page and not locator.startswith(page):       # 第2页第1行 already names its page
            where.append(page)
        if locator:
            where.append(locator)
        cites.append({"file": xml_text(c.get("file")), "where": "，".join(where),
                      "quote": xml_text(c.get("quote"))})
    return {
        "id": v.id,
        "indicator": v.indicator,
        "chain": " › ".join(v.chain),
        "status_key": v.status if v.status in COLOURS else "missing",
        "status_name": v.proposal.status_name,
        "proposed": fmt(v.proposal.score),
        "max": fmt(v.max) if v.cost is None else f"{fmt(v.proposal.low)}～0",
        "final": fmt(v.final),
        "reviewed": v.reviewed,
        "self_score": fmt(v.self_score),
        "reason": v.proposal.reason,
        "review_note": v.review_note,
        "review_problem": v.review_problem,
        "review_flag": v.review_flag,
        "flags": v.flags,
        "figures": xml_text(figure_text(view.form, v.figures, view.year)) if v.figures else "",
        "citations": cites,
    }


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------
def html_environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(HTML_DIR)), autoescape=True)


def report_html(view: CaseView) -> str:
    return html_environment().get_template("report.html.j2").render(r=report_model(view))


def render_report_html(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / report_name(view, ".html"), report_html(view).encode("utf-8"))


# --------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------
def report_docx(view: CaseView) -> bytes:
    r = report_model(view)
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    _base_font(doc)

    _p(doc, r["title"], size=20, bold=True, align="center", font="宋体")
    _p(doc, r["form_title"] + (f"（{r['year']}年度）" if r["year"] else ""), align="center")
    _p(doc, f"案卷：{r['case']}" + (f"　被考核单位：{r['unit']}" if r["unit"] else ""), align="center")

    _h(doc, "一、总体情况")
    text = f"总得分 {r['total']} 分（满分 {r['full_marks']} 分"
    if r["bonus"]:
        text += f"，含加分 {r['bonus']} 分"
    if r["deduction"]:
        text += f"，含扣分 {r['deduction']} 分"
    text += "）"
    if r["pending"]:
        text += f"；另有 {r['pending']} 项待补数据，未计分"
    if r["reviewed"]:
        text += f"；其中 {r['reviewed']} 项采用评审人员终审得分"
    _p(doc, text + "。")
    rows = [[("　" * s["depth"]) + s["title"], s["max"], s["score"], str(s["pending"] or "")]
            for s in r["sections"]]
    _table(doc, ["章节", "满分", "得分", "待补数据项"], rows, [9.5, 2.3, 2.3, 2.9])
    names = [n for n, _ in r["counts"]]
    _table(doc, names + ["合计"], [[str(c) for _, c in r["counts"]] + [str(len(r["entries"]))]],
           [17.0 / (len(names) + 1)] * (len(names) + 1))
    _p(doc, "无法读取的文件：", bold=True)
    if r["unreadable"]:
        for u in r["unreadable"]:
            _p(doc, f"{u['file']}：{u['message']}", indent=True)
    else:
        _p(doc, "无。", indent=True)
    if r["review_warnings"]:
        _p(doc, "评审表提示：", bold=True)
        for w in r["review_warnings"]:
            _p(doc, w, indent=True, colour="B00020")

    _h(doc, "二、逐项核查")
    for it in r["entries"]:
        _item_block(doc, it)

    _h(doc, "三、文件清单")
    doc_rows = [[str(i), d["file"], d["kind"], d["doc_number"], d["issuer"], d["date"], d["draft"],
                 d["problems"]] for i, d in enumerate(r["documents"], start=1)]
    _table(doc, ["序号", "文件", "类型", "文号", "发文机关", "日期", "稿本", "问题"], doc_rows,
           [1.0, 4.2, 1.4, 2.8, 2.6, 2.0, 1.1, 1.9], size=9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_report_docx(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / report_name(view, ".docx"), report_docx(view))


def _item_block(doc, it: dict) -> None:
    colour = COLOURS[it["status_key"]]
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(table, [17.0])
    _borders(table, left=colour["fg"].lstrip("#"))
    cell = table.cell(0, 0)
    cell.width = Cm(17.0)
    p = cell.paragraphs[0]
    _run(p, f"{it['id']}　{it['indicator']}", bold=True, size=11.5)
    if it["chain"]:
        _run(cell.add_paragraph(), it["chain"], size=9, colour="666666")
    p = cell.add_paragraph()
    badge = _run(p, f" {it['status_name']} ", bold=True, colour=colour["fg"].lstrip("#"))
    _shade(badge._r.get_or_add_rPr(), colour["bg"].lstrip("#"))
    _run(p, f"　建议得分：{it['proposed'] or '—'} / {it['max']} 分")
    if it["reviewed"]:
        _run(p, f"　终审得分：{it['final']} 分", bold=True)
    if it["self_score"]:
        _run(p, f"　单位自评：{it['self_score']} 分")
    for label, key, col in (("理由", "reason", None), ("评审意见", "review_note", None),
                            (None, "review_problem", "B00020"), (None, "review_flag", "8A5A00"),
                            ("数据", "figures", None)):
        if it[key]:
            _run(cell.add_paragraph(), (f"{label}：" if label else "") + it[key], colour=col)
    for f in it["flags"]:
        _run(cell.add_paragraph(), f"提示：{f}", colour="8A5A00")
    if it["citations"]:
        for n, c in enumerate(it["citations"], start=1):
            p = cell.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.5)
            _run(p, f"［{n}］{c['file']}" + (f"，{c['where']}" if c["where"] else "") + "：",
                 size=9.5, colour="334455")
            quote = _run(p, c["quote"], size=10)
            quote.font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:
        _run(cell.add_paragraph(), "无引用。", colour="888888", size=9.5)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


# --------------------------------------------------------------------------
# python-docx helpers (shared with supplement.py)
# --------------------------------------------------------------------------
def _base_font(doc, name: str = "仿宋_GB2312", size: float = 10.5) -> None:
    set_style_font(doc.styles["Normal"], name, size)


def _run(paragraph, text: str, bold: bool = False, size: float | None = None,
         colour: str | None = None, font: str | None = None):
    run = paragraph.add_run(xml_text(text))
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.upper())
    if font:
        run.font.name = font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _p(doc, text: str, size: float | None = None, bold: bool = False, align: str = "left",
       font: str | None = None, indent: bool = False, colour: str | None = None):
    p = doc.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        p.paragraph_format.left_indent = Cm(0.74)
    _run(p, text, bold=bold, size=size, font=font, colour=colour)
    return p


def _h(doc, text: str) -> None:
    p = _p(doc, text, size=14, bold=True, font="黑体")
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True


def _table(doc, header: list[str], rows: list[list[str]], widths: list[float], size: float = 10) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(table, widths)
    _borders(table)
    for r, values in enumerate([header] + rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths[c])
            _run(cell.paragraphs[0], value, bold=r == 0, size=size)
            if r == 0 or (len(value) <= 6 and c > 0):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _shade(cell._tc.get_or_add_tcPr(), "DDE5F0")
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    doc.add_paragraph()


def _fixed(table, widths: list[float]) -> None:
    """Column widths every viewer honours: w:tblGrid, w:tcW and a fixed layout."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, w in enumerate(widths):
        table.columns[i].width = Cm(w)


def _borders(table, left: str | None = None) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "24" if (edge == "left" and left) else "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), left if (edge == "left" and left) else "999999")
        borders.append(el)
    tbl_pr.append(borders)


def _shade(props, fill: str) -> None:
    """A background fill on a cell's or a run's properties (w:tcPr / w:rPr)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)
