"""补充材料清单.docx: a letter to the assessed unit(s) listing what to submit.

One row per item whose evidence is missing (无佐证), does not meet the
requirement (不符合) or whose figures were not supplied (待补数据), with the
document the rules name as typical evidence, or the figures to report. An item
the reviewer has scored at full marks is left out. Unreadable files are listed
after the table so the unit can send readable copies.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt

from ..rulebook.schema import Item
from .context import CaseView, ItemView
from .files import atomic_write, safe_name
from .report import _base_font, _p, _table

TITLE = "补充材料清单"
WANTED = ("no_evidence", "not_met", "needs_data")


def supplement_name(view: CaseView) -> str:
    return safe_name(f"{TITLE}_{view.case}") + ".docx"


def needed_figures(item: Item) -> list[str]:
    """The figure keys an item's scoring reads, in order, without repeats."""
    keys: list[str] = []
    s = item.scoring
    if s is None:
        return keys
    for name in (s.tiers, s.entered):
        if name:
            keys.append(name)
    if s.deduct:
        keys += [k for k in (s.deduct.missing_of, s.deduct.shortfall_of, s.deduct.count_figure) if k]
    for level in list(s.levels) + list(s.parts) + list(s.bonus) + list(item.bonus):
        for cond in level.when:
            keys += [k for k in (cond.figure, cond.value_figure) if k]
    return list(dict.fromkeys(keys))


def needed_text(v: ItemView) -> str:
    if v.cost is not None:
        return f"{v.cost.indicator}及{v.cost.disease_group.replace(chr(10), '')}的" \
               f"{'、'.join(v.cost.measures)}数据（逐项填写完整）"
    item = v.item
    if item is None:
        return ""
    if item.type == "quantitative":
        figures = needed_figures(item)
        text = "请填报数据：" + "、".join(figures) if figures else ""
        if item.typical_evidence:
            text = (text + "；" if text else "") + item.typical_evidence
        return text or "相关数据及其证明材料"
    return item.typical_evidence


def wanted(view: CaseView) -> list[ItemView]:
    out = []
    for v in view.items:
        if v.status not in WANTED:
            continue
        if v.reviewed and v.final is not None and v.final >= v.max:
            continue            # the reviewer accepted the item
        out.append(v)
    return out


def responsible(view: CaseView, v: ItemView) -> str:
    for title in v.chain:
        for role, name in view.units.items():
            if title.startswith(role):
                return name
    return "、".join(view.addressees)


def supplement_docx(view: CaseView) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    _base_font(doc, size=12)
    form = view.form
    title = _p(doc, "关于补充提交考核佐证材料的通知", size=20, bold=True, align="center", font="宋体")
    title.paragraph_format.space_after = Pt(18)
    _p(doc, "、".join(view.addressees) + "：")
    rows = wanted(view)
    year = f"{view.year}年度" if view.year else ""
    if rows:
        body = (f"在{year}《{form.title}》考核中，我们对你单位报送的佐证材料逐项进行了核查。"
                f"下列 {len(rows)} 项指标未见佐证材料、现有材料不符合要求或缺少所需数据，"
                f"请对照“需补充的材料”一栏补充提交（正式文件须为印发稿，含文号或印发单位及日期），"
                f"于　　年　　月　　日前报送。")
    else:
        body = f"在{year}《{form.title}》考核中，经对你单位报送的佐证材料逐项核查，未发现需要补充的材料。"
    p = _p(doc, body)
    p.paragraph_format.first_line_indent = Pt(24)
    if rows:
        multi = len(view.addressees) > 1
        header = ["序号", "编号", "考核指标", "核查情况", "需补充的材料"] + (["责任单位"] if multi else [])
        widths = [1.0, 1.5, 4.6, 3.6, 5.1] if not multi else [1.0, 1.5, 3.8, 3.0, 4.2, 2.3]
        table_rows = []
        for n, v in enumerate(rows, start=1):
            found = v.review_note or v.proposal.reason or v.proposal.status_name
            row = [str(n), v.id, v.indicator, f"{v.proposal.status_name}：{found}", needed_text(v)]
            if multi:
                row.append(responsible(view, v))
            table_rows.append(row)
        _table(doc, header, table_rows, widths, size=10.5)
    unreadable = [d for d in view.documents if d.get("error")]
    if unreadable:
        p = _p(doc, "另，以下文件无法读取，请重新提供可以正常打开的版本：")
        p.paragraph_format.first_line_indent = Pt(24)
        for d in unreadable:
            _p(doc, f"{d.get('file')}（{d.get('error')}）", indent=True)
    p = _p(doc, "特此通知。")
    p.paragraph_format.first_line_indent = Pt(24)
    doc.add_paragraph()
    _p(doc, "（评审单位盖章）", align="right")
    _p(doc, "　　年　　月　　日", align="right")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_supplement(view: CaseView, out_dir: Path) -> Path:
    return atomic_write(Path(out_dir) / supplement_name(view), supplement_docx(view))
