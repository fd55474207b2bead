"""补充材料清单.docx: a 公文 letter (GB/T 9704) asking the unit(s) for what they can supply.

The letter asks only for what a unit can send: documents that are missing or do
not meet the requirement (无佐证, 不符合 — a draft, a plan, another year's), and
figures that were not reported or could not be read. It does not ask for figures
that were reported and simply fall short, nor for what only the reviewer settles
on site (现场核查, 专家评分); an item on which the reviewer has given a final
score or an opinion is off the letter. The list itself is the letter's 附件.

Layout after GB/T 9704—2012: A4, margins 37/35/28/26 mm, title in 2号小标宋,
主送机关 and body in 3号仿宋 on a fixed 28.95 pt line (22 lines of 28 characters),
page numbers "— 1 —" in 4号宋体 (odd pages right, even pages left), a
联系人/联系电话 line, and the signature, date and seal placeholder kept on the
page with the last lines of text.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt

from ..data.model import is_question, item_refs
from .context import CaseView, ItemView
from .docx_build import Writer, a4, field, run, set_properties, style_font
from .files import atomic_write, output_name
from .wording import Titles, tidy_spaces

TITLE = "补充材料清单"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
PAGE_FONT = "宋体"
SIZE_2, SIZE_3, SIZE_4 = 22, 16, 14          # 二号, 三号, 四号
LINE = 28.95                                  # 22 lines in the 225 mm type area
TABLE_SIZE = 12                               # 小四 in the attachment's table
QUALITATIVE_WANTED = ("no_evidence", "not_met")


def supplement_name(view: CaseView) -> str:
    return output_name(f"{TITLE}_{view.case}", ".docx")


@dataclass
class Request:
    item: ItemView
    found: str          # 核查情况
    needed: str         # 需补充的材料
    kind: str           # document | figures


# --------------------------------------------------------------------------
# What to ask for
# --------------------------------------------------------------------------
def _missing_figures(view: CaseView, v: ItemView) -> tuple[list[str], list[str]]:
    """(figures the unit did not report, figures it reported that could not be read)."""
    figures = {f.key: f for f in view.form.figures}
    missing, unreadable = [], []
    data_problems = [str(p.get("message") or "") for p in view.problems if p.get("stage") == "data"]
    used = v.figures or {}
    if not used and v.item is not None:
        # no record of what was read: every figure the scoring reads is wanted
        used = {}
        for key, year in item_refs(v.item):
            used.setdefault(key, {})[year] = None
    for key, years in used.items():
        fig = figures.get(key)
        if fig is None or is_question(fig) or not isinstance(years, dict):
            continue
        blank = []
        for year, value in years.items():
            if fig.type == "list":
                answered = value if isinstance(value, dict) else {}
                if any(c not in answered for c in fig.choices):
                    blank.append(year)
            elif value is None:
                blank.append(year)
        if not blank:
            continue
        label = key + ("" if list(fig.years) == ["this"] else
                       "（" + "、".join({"this": "本年度", "last": "上一年度"}.get(y, y) for y in blank) + "）")
        if any(key in m for m in data_problems):
            unreadable.append(label)
        else:
            missing.append(label)
    return missing, unreadable


def requests(view: CaseView) -> list[Request]:
    titles = Titles(view.documents)
    out: list[Request] = []
    for v in view.items:
        if v.decided:
            continue                    # the reviewer has settled it
        if v.cost is not None:
            if v.status in ("needs_data", "not_met"):
                out.append(Request(v, titles(v.proposal.reason) or v.proposal.status_name,
                                   f"{v.cost.indicator}及{v.cost.disease_group.replace(chr(10), '')}的"
                                   f"{'、'.join(v.cost.measures)}数据（逐项填写完整，精确到个位）", "figures"))
            continue
        item = v.item
        if item is None:
            continue
        if item.type == "qualitative":
            if v.status in QUALITATIVE_WANTED:
                found = ("未见佐证材料" if v.status == "no_evidence"
                         else titles(v.proposal.reason) or v.proposal.status_name)
                out.append(Request(v, f"{v.proposal.status_name}：{found}",
                                   item.typical_evidence or "相关佐证材料", "document"))
            continue
        if v.status != "needs_data":
            continue                    # reported figures that fall short are not asked for again
        missing, unreadable = _missing_figures(view, v)
        if not (missing or unreadable):
            continue                    # only on-site checks are missing: the reviewer's questions
        found = []
        if missing:
            found.append("未填报：" + "、".join(missing))
        if unreadable:
            found.append("填写有误、无法识别：" + "、".join(unreadable))
        needed = "请在指标数据表中填报：" + "、".join(missing + unreadable)
        if item.typical_evidence:
            needed += f"；并提供{item.typical_evidence}"
        out.append(Request(v, "；".join(found), needed, "figures"))
    return out


def responsible(view: CaseView, v: ItemView) -> str:
    for title in v.chain:
        for role, name in view.units.items():
            if title.startswith(role):
                return name
    return "、".join(view.addressees)


def self_name(commission: str) -> str:
    """我委 / 我局 / 我厅 … from the commission's name (我委 when none is given)."""
    for ending, word in (("委员会", "我委"), ("委", "我委"), ("局", "我局"), ("厅", "我厅"),
                         ("办公室", "我办"), ("中心", "我中心")):
        if commission.endswith(ending):
            return word
    return "我委"


# --------------------------------------------------------------------------
# The letter
# --------------------------------------------------------------------------
def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    style_font(normal, BODY_FONT, SIZE_3)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE)
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = True


def _footers(doc, section) -> None:
    """"— 1 —" in 4号宋体: odd pages right, even pages left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        pf = p.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = Pt(SIZE_4)
        else:
            pf.left_indent = Pt(SIZE_4)
        run(p, "— ", size=SIZE_4, font=PAGE_FONT)
        field(p, "PAGE", size=SIZE_4, font=PAGE_FONT)
        run(p, " —", size=SIZE_4, font=PAGE_FONT)


def _body(w: Writer, text: str, keep: bool = False):
    p = w.paragraph(tidy_spaces(text))
    p.paragraph_format.first_line_indent = Pt(2 * SIZE_3)
    p.paragraph_format.keep_with_next = keep or None
    return p


def _single(cells) -> None:
    """Table text on single line spacing (the letter's fixed 28.95 pt is for the body)."""
    for cell in cells:
        cell.paragraphs[0].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def letter_title(view: CaseView) -> str:
    year = f"{view.year}年度" if view.year else ""
    return f"关于补充提交{year}考核佐证材料的通知"


def supplement_docx(view: CaseView) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    a4(sec, top=3.7, bottom=3.5, left=2.8, right=2.6)
    sec.footer_distance = Cm(2.0)
    _styles(doc)
    _footers(doc, sec)
    set_properties(doc, letter_title(view), view.commission, subject=f"{view.form.attachment} {view.form.title}",
                   keywords="补充材料;考核")
    w = Writer(doc)
    form = view.form
    us = self_name(view.commission)
    rows = requests(view)
    n_docs = sum(1 for r in rows if r.kind == "document")
    n_figs = len(rows) - n_docs
    year = f"{view.year}年度" if view.year else ""

    title = w.paragraph(letter_title(view), align="center", size=SIZE_2, font=TITLE_FONT)
    title.paragraph_format.line_spacing = Pt(36)
    w.paragraph()                                            # one blank line under the title
    w.paragraph("、".join(view.addressees) + "：")           # 主送机关, flush left

    if rows:
        parts = []
        if n_docs:
            parts.append(f"{n_docs}项指标未见佐证材料或现有材料不符合要求")
        if n_figs:
            parts.append(f"{n_figs}项指标所需数据未填报或无法识别")
        _body(w, f"在{year}《{form.title}》考核中，{us}对你单位报送的佐证材料逐项进行了核查。"
                 f"经核查，{'，'.join(parts)}（详见附件）。请对照附件“需补充的材料”一栏补充提交"
                 f"（正式文件须为印发稿，含文号或印发单位及日期；数据请填入指标数据表），"
                 f"于　　年　　月　　日前报送{us}。")
    else:
        _body(w, f"在{year}《{form.title}》考核中，{us}对你单位报送的佐证材料逐项进行了核查，"
                 f"未发现需要补充的材料。")
    unreadable = [d for d in view.documents if d.get("error")]
    if unreadable:
        _body(w, f"另，你单位报送的以下{len(unreadable)}个文件无法读取，请重新提供可以正常打开的版本：")
        for n, d in enumerate(unreadable, start=1):
            _body(w, f"{n}.{d.get('file')}（{d.get('error')}）")
    _body(w, "特此通知。", keep=True)
    contact = view.reviewer.get("contact", "")
    phone = view.reviewer.get("phone", "")
    _body(w, f"（联系人：{contact or '　　　　'}；联系电话：{phone or '　　　　　　　　'}）", keep=True)
    if rows:
        w.paragraph().paragraph_format.keep_with_next = True
        _body(w, f"附件：{TITLE}", keep=True)
    for _ in range(2):
        w.paragraph().paragraph_format.keep_with_next = True
    sign = w.paragraph(tidy_spaces(f"{view.commission or '（评审单位）'}（盖章）"), align="right")
    sign.paragraph_format.right_indent = Pt(4 * SIZE_3)
    sign.paragraph_format.keep_with_next = True
    date = w.paragraph("　　年　　月　　日", align="right")
    date.paragraph_format.right_indent = Pt(4 * SIZE_3)

    if rows:
        w.page_break()
        w.paragraph("附件", font=HEAD_FONT)
        w.paragraph(TITLE, align="center", size=SIZE_2, font=TITLE_FONT).paragraph_format.line_spacing = Pt(36)
        w.paragraph()
        multi = len(view.addressees) > 1
        header = ["序号", "编号", "考核指标", "核查情况", "需补充的材料"] + (["责任单位"] if multi else [])
        widths = [1.3, 1.4, 4.2, 4.1, 4.6] if not multi else [1.3, 1.4, 3.5, 3.3, 3.8, 2.3]
        t = w.table(widths, border="000000")
        _single(t.text_row(header, header=True, size=TABLE_SIZE, font=HEAD_FONT))
        for n, r in enumerate(rows, start=1):
            values = [str(n), r.item.id, r.item.indicator, tidy_spaces(r.found), tidy_spaces(r.needed)]
            if multi:
                values.append(responsible(view, r.item))
            _single(t.text_row(values, size=TABLE_SIZE, centre={0, 1}))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_supplement(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / supplement_name(view), supplement_docx(view))
