"""佐证核查报告: one self-contained HTML file and a .docx with the same content.

The HTML comes from templates/html/report.html.j2 (jinja2, autoescape on, no
external resources). The .docx is built with python-docx directly: its length
and its highlighted quotes vary per case, which plain runs express better than
a docxtpl template. Evidence text always goes in as text (escaped in HTML,
a plain w:t in Word), so markup or field codes in a quote stay inert.
"""
from __future__ import annotations

import functools
import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from jinja2 import Environment, FileSystemLoader

from ..problems import as_dict, problem_groups
from .changes import changes_docx, changes_model
from .context import MISSING_STATUS, STATUS_NAMES, CaseView, ItemView, figure_text, fmt
from .docx_build import Writer, a4, field, run, set_properties, shade, style_font
from .files import atomic_write, output_name, xml_text
from .links import Linker

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
    return output_name(f"{TITLE}_{view.case}", suffix)


def report_model(view: CaseView, report_dir: Path | None = None) -> dict:
    """Everything the report shows, as plain strings and lists.

    ``report_dir`` is the folder the HTML report is written to: its citations link
    the evidence files relative to it (none without it, as in the .docx).
    """
    linker = Linker(view.case_dir, report_dir, view.documents) if report_dir is not None else None
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
            "link": linker.link(str(d.get("file") or "")) if linker else None,
        })
    ordered = section_anchors(view)
    anchors: dict[tuple[str, ...], dict] = {}
    for chain, a in ordered:
        anchors.setdefault(chain, a)
    entries = [_item(view, v, linker) for v in view.items]
    _headings(entries, anchors)
    sections = [{"title": s.title, "depth": s.depth, "max": fmt(s.max), "score": fmt(s.score),
                 "pending": s.pending, "anchor": a["id"] if anchors.get(chain) is a else ""}
                for s, (chain, a) in zip(view.section_totals(), ordered)]
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
        "sections": sections,
        "toc": _toc(anchors, entries),
        "counts": list(view.counts().items()),
        "status_counts": _status_counts(entries),
        "unreadable": unreadable,
        "review_warnings": [xml_text(w) for w in view.review_warnings],
        "problem_groups": report_problems(view),
        "entries": entries,
        "documents": documents,
        "colours": COLOURS,
        "changes": changes_model(view.changes),
    }


def report_problems(view: CaseView) -> list[dict]:
    """Every problem of the run, grouped and counted (pipeline.problems), for the top of the report."""
    groups = problem_groups({"documents": view.documents, "problems": view.problems},
                            [("review", w) for w in view.review_warnings])
    out = []
    for g in as_dict(groups):
        g["title"] = xml_text(g["title"])
        g["entries"] = [{"file": xml_text(e["file"]), "message": xml_text(e["message"]), "text": xml_text(e["text"])}
                        for e in g["entries"]]
        out.append(g)
    return out


def section_anchors(view: CaseView, depth: int = 2) -> list[tuple[tuple[str, ...], dict]]:
    """The form's sections down to ``depth`` in table order (as ``section_totals``), each with
    its chain of titles and {"id": "sec-2-3", "title", "depth"} (numbered as the form prints them)."""
    out: list[tuple[tuple[str, ...], dict]] = []

    def walk(sections, trail: tuple[str, ...], number: str, d: int) -> None:
        for n, s in enumerate(sections, start=1):
            chain = trail + (s.title.replace("\n", ""),)
            anchor = f"{number}-{n}"
            out.append((chain, {"id": "sec" + anchor, "title": chain[-1], "depth": d}))
            if d + 1 < depth:
                walk(s.sections, chain, anchor, d + 1)

    walk(view.form.sections, (), "", 0)
    return out


def _headings(entries: list[dict], anchors: dict[tuple[str, ...], dict]) -> None:
    """Each entry's ``opens``: the section headings the list shows before it."""
    shown: set[tuple[str, ...]] = set()
    for e in entries:
        e["opens"] = []
        for d in range(1, min(len(e["chain_titles"]), 2) + 1):
            key = tuple(e["chain_titles"][:d])
            if key in anchors and key not in shown:
                shown.add(key)
                e["opens"].append(anchors[key])
        e["groups"] = " ".join(anchors[tuple(e["chain_titles"][:d])]["id"]
                               for d in (1, 2) if d <= len(e["chain_titles"]) and tuple(e["chain_titles"][:d]) in anchors)


def _toc(anchors: dict[tuple[str, ...], dict], entries: list[dict]) -> list[dict]:
    """The table of contents: the top sections with their subsections, and how many items each holds."""
    counts: dict[tuple[str, ...], int] = {}
    for e in entries:
        for d in range(1, len(e["chain_titles"]) + 1):
            counts[tuple(e["chain_titles"][:d])] = counts.get(tuple(e["chain_titles"][:d]), 0) + 1
    out: list[dict] = []
    for chain, a in anchors.items():
        if not counts.get(chain):
            continue
        entry = {**a, "count": counts[chain], "subs": []}
        if a["depth"] == 0:
            out.append(entry)
        elif out:
            out[-1]["subs"].append(entry)
    return out


def _status_counts(entries: list[dict]) -> list[dict]:
    """How many items have each status, the form's statuses first (zeros too), for the filter."""
    order = list(STATUS_NAMES) + ["missing"]
    got: dict[str, int] = {}
    for e in entries:
        got[e["status_key"]] = got.get(e["status_key"], 0) + 1
    return [{"key": k, "name": STATUS_NAMES.get(k, MISSING_STATUS), "n": got.get(k, 0)}
            for k in order if k in STATUS_NAMES or got.get(k)]


def _item(view: CaseView, v: ItemView, linker: Linker | None = None) -> dict:
    cites = []
    for c in v.citations:
        where = []
        page = f"第{c.get('page')}页" if c.get("page") not in (None, "") else ""
        locator = xml_text(c.get("locator") or "")
        if page and not locator.startswith(page):       # 第2页第1行 already names its page
            where.append(page)
        if locator:
            where.append(locator)
        file = xml_text(c.get("file"))
        link = linker.link(str(c.get("file") or ""), c.get("page")) if linker else None
        cites.append({"file": file, "where": "，".join(where),
                      "quote": xml_text(c.get("quote")),
                      "before": xml_text(c.get("context_before") or ""),
                      "after": xml_text(c.get("context_after") or ""),
                      "href": link.href if link else "",
                      "target": xml_text(link.target) if link else file,
                      "member": xml_text(link.member) if link else ""})
    return {
        "id": v.id,
        "anchor": "item-" + v.id,
        "indicator": v.indicator,
        "chain": " › ".join(v.chain),
        "chain_titles": list(v.chain),
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
@functools.lru_cache(maxsize=1)
def html_environment() -> Environment:
    """One per process: Jinja keeps the compiled report template (and compiles it again if the
    file changes), so a batch does not compile it for every case."""
    return Environment(loader=FileSystemLoader(str(HTML_DIR)), autoescape=True)


def report_html(view: CaseView, report_dir: Path | None = None) -> str:
    return html_environment().get_template("report.html.j2").render(r=report_model(view, report_dir))


def render_report_html(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / report_name(view, ".html"), report_html(view, out_dir).encode("utf-8"))


# --------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
TITLE_FONT = "宋体"
HEADER_FILL = "DDE5F0"


def _report_styles(doc) -> None:
    """Normal in 仿宋; Title and Heading 1/2 (Word's navigation pane) in 宋体/黑体, black."""
    styles = doc.styles
    style_font(styles["Normal"], BODY_FONT, 10.5)
    style_font(styles["Title"], TITLE_FONT, 20, bold=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the default template draws a blue rule under Title
    ppr = styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    for name, size in (("Heading 1", 15), ("Heading 2", 11.5)):
        style = styles[name]
        style_font(style, HEAD_FONT, size, bold=name == "Heading 1")
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 8)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True


def _page_footer(section, case: str) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, f"{TITLE}　{case}　第 ", size=9)
    field(p, "PAGE", size=9)
    run(p, " 页／共 ", size=9)
    field(p, "NUMPAGES", size=9)
    run(p, " 页", size=9)


def report_docx(view: CaseView) -> bytes:
    r = report_model(view)
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    a4(sec)
    _report_styles(doc)
    _page_footer(sec, r["case"])
    set_properties(doc, f"{TITLE}_{r['case']}", view.commission,
                   subject=r["form_title"], keywords="考核;佐证核查")
    w = Writer(doc)

    w.paragraph(r["title"], style="Title")
    w.paragraph(r["form_title"] + (f"（{r['year']}年度）" if r["year"] else ""), align="center")
    w.paragraph(f"案卷：{r['case']}" + (f"　被考核单位：{r['unit']}" if r["unit"] else ""), align="center")
    _problems_block(w, r["problem_groups"])
    changes_docx(w, r["changes"])

    w.paragraph("一、总体情况", style="Heading 1")
    text = f"总得分{r['total']}分（满分{r['full_marks']}分"
    if r["bonus"]:
        text += f"，含加分{r['bonus']}分"
    if r["deduction"]:
        text += f"，含扣分{r['deduction']}分"
    text += "）"
    if r["pending"]:
        text += f"；另有{r['pending']}项待补数据，未计分"
    if r["reviewed"]:
        text += f"；其中{r['reviewed']}项采用评审人员终审得分"
    w.paragraph(text + "。")
    rows = [[("　" * s["depth"]) + s["title"], s["max"], s["score"], str(s["pending"] or "")]
            for s in r["sections"]]
    _table(w, ["章节", "满分", "得分", "待补数据项"], rows, [9.5, 2.3, 2.3, 2.9])
    names = [n for n, _ in r["counts"]]
    _table(w, names + ["合计"], [[str(c) for _, c in r["counts"]] + [str(len(r["entries"]))]],
           [17.0 / (len(names) + 1)] * (len(names) + 1))
    w.paragraph("无法读取的文件：", bold=True)
    if r["unreadable"]:
        for u in r["unreadable"]:
            _indented(w, f"{u['file']}：{u['message']}")
    else:
        _indented(w, "无。")
    if r["review_warnings"]:
        w.paragraph("评审表提示：", bold=True)
        for warning in r["review_warnings"]:
            _indented(w, warning, colour="B00020")

    w.paragraph("二、逐项核查", style="Heading 1")
    for it in r["entries"]:
        _item_block(w, it)

    w.paragraph("三、文件清单", style="Heading 1")
    doc_rows = [[str(i), d["file"], d["kind"], d["doc_number"], d["issuer"], d["date"], d["draft"],
                 d["problems"]] for i, d in enumerate(r["documents"], start=1)]
    _table(w, ["序号", "文件", "类型", "文号", "发文机关", "日期", "稿本", "问题"], doc_rows,
           [1.0, 4.2, 1.4, 2.8, 2.6, 2.0, 1.1, 1.9], size=9, centre={0, 2, 5, 6})
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_report_docx(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / report_name(view, ".docx"), report_docx(view))


def _problems_block(w: Writer, groups: list[dict]) -> None:
    """运行中发现的问题, right under the title: a count per group, then every entry."""
    total = sum(g["count"] for g in groups)
    if not total:
        w.paragraph("运行中未发现问题。", colour="2E7D32")
        return
    w.paragraph(f"运行中发现的问题（共{total}个）：" + "，".join(f"{g['title']} {g['count']}" for g in groups),
                bold=True, colour="B00020")
    for g in groups:
        w.paragraph(f"{g['title']}（{g['count']}）" + (f"：{g['advice']}" if g["advice"] else ""), bold=True)
        for e in g["entries"]:
            _indented(w, e["text"])


def _indented(w: Writer, text: str, colour: str | None = None) -> None:
    p = w.paragraph(text, colour=colour)
    p.paragraph_format.left_indent = Cm(0.74)


def _item_block(w: Writer, it: dict) -> None:
    colour = COLOURS[it["status_key"]]
    w.paragraph(f"{it['id']}　{it['indicator']}", style="Heading 2")
    box = w.table([17.0], left=colour["fg"].lstrip("#"))
    (cell,) = box.row(cant_split=False)
    first = True

    def line(text: str = "", **kw):
        nonlocal first
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if text:
            run(p, text, **kw)
        return p

    if it["chain"]:
        line(it["chain"], size=9, colour="666666")
    p = line()
    badge = run(p, f" {it['status_name']} ", bold=True, colour=colour["fg"].lstrip("#"))
    shade(badge._r.get_or_add_rPr(), colour["bg"].lstrip("#"))
    run(p, f"　建议得分：{it['proposed'] or '—'}／{it['max']}分")
    if it["reviewed"]:
        run(p, f"　终审得分：{it['final']}分", bold=True)
    if it["self_score"]:
        run(p, f"　单位自评：{it['self_score']}分")
    for label, key, col in (("理由", "reason", None), ("评审意见", "review_note", None),
                            (None, "review_problem", "B00020"), (None, "review_flag", "8A5A00"),
                            ("数据", "figures", None)):
        if it[key]:
            line((f"{label}：" if label else "") + it[key], colour=col)
    for f in it["flags"]:
        line(f"提示：{f}", colour="8A5A00")
    if it["citations"]:
        for n, c in enumerate(it["citations"], start=1):
            p = line()
            p.paragraph_format.left_indent = Cm(0.5)
            run(p, f"［{n}］{c['file']}" + (f"，{c['where']}" if c["where"] else "") + "：",
                size=9.5, colour="334455")
            if c["before"]:
                run(p, c["before"], size=10, colour="555555")
            quote = run(p, c["quote"], size=10)
            quote.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if c["after"]:
                run(p, c["after"], size=10, colour="555555")
    else:
        line("无引用。", colour="888888", size=9.5)
    w.paragraph().paragraph_format.space_after = Pt(0)


def _table(w: Writer, header: list[str], rows: list[list[str]], widths: list[float], size: float = 10,
           centre: set[int] | None = None) -> None:
    """A table built row by row: the header row shaded and repeated on every page, the data plain."""
    t = w.table(widths)
    t.text_row(header, header=True, size=size, fill=HEADER_FILL)
    if centre is None:
        centre = set(range(1, len(header)))
    for values in rows:
        t.text_row(values, size=size, centre=centre)
    w.paragraph()
