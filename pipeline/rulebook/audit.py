"""What `kaohe rules check` reports: declared totals against item sums, and the
official forms' own inconsistencies, found from the data without altering it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .loader import iter_items, iter_sections
from .schema import Form, Item, Section


@dataclass(frozen=True)
class SectionTotal:
    depth: int               # 0 for a top-level section
    title: str               # one line (line breaks of the cell removed)
    declared: float | None
    actual: float
    bonus: float             # 加分项 the section's items can add on top

    @property
    def agrees(self) -> bool:
        return self.declared is None or abs(self.declared - self.actual) < 1e-9


@dataclass(frozen=True)
class Audit:
    form: Form
    totals: list[SectionTotal]
    grand_total: float
    bonus_total: float
    deduction_total: float
    issues: list[str]

    @property
    def counts(self) -> dict[str, int]:
        items = [i for _, i in iter_items(self.form)]
        return {"items": len(items),
                "qualitative": sum(i.type == "qualitative" for i in items),
                "quantitative": sum(i.type == "quantitative" for i in items),
                "figures": len(self.form.figures)}


SPECIFIC_METHOD_CHARS = 20
_STRAY_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。、；：）])[ \u3000]+(?=[\u4e00-\u9fff（])")


def one_line(text: str) -> str:
    return "".join(part.strip() for part in text.splitlines())


def section_items(section: Section) -> list[Item]:
    out = list(section.items)
    for sub in section.sections:
        out += section_items(sub)
    return out


def item_bonus(item: Item) -> float:
    levels = item.bonus + (item.scoring.bonus if item.scoring else [])
    return sum(level.points for level in levels)


def audit(form: Form) -> Audit:
    totals = [SectionTotal(len(chain) - 1, one_line(s.title), s.declared_total,
                           sum(i.max for i in section_items(s)), sum(item_bonus(i) for i in section_items(s)))
              for chain, s in iter_sections(form)]
    items = [i for _, i in iter_items(form)]
    grand = sum(i.max for i in items)
    deductions = sum(s.cost_table.incomplete_deduction for _, s in iter_sections(form) if s.cost_table)
    return Audit(form, totals, grand, sum(item_bonus(i) for i in items), deductions,
                 _issues(form, totals, grand, items))


def _issues(form: Form, totals: list[SectionTotal], grand: float, items: list[Item]) -> list[str]:
    issues = [f"“{t.title}”声明 {_n(t.declared)} 分，其下各项分值合计 {_n(t.actual)} 分"
              for t in totals if not t.agrees]
    if abs(grand - form.full_marks) > 1e-9:
        issues.append(f"全表满分声明 {_n(form.full_marks)} 分，各项分值合计 {_n(grand)} 分")
    # A specific scoring method printed again on the next row usually means the
    # row was copied and not edited (附件1's last row).
    for prev, item in zip(items, items[1:]):
        a, b = _squash(prev.method), _squash(item.method)
        if a and a == b and len(b) > SPECIFIC_METHOD_CHARS:
            same = "相同" if prev.method == item.method else "相同（仅空格不同）"
            issues.append(f"指标 {item.id}“{one_line(item.indicator)}”的评分方法与上一行 {prev.id} {same}："
                          f"“{one_line(item.method)}”")
    for item in items:
        for field, text in (("指标", item.indicator), ("评分方法", item.method)):
            if _STRAY_SPACE.search(text):
                issues.append(f"指标 {item.id} 的{field}文字中有多余空格：“{one_line(text)}”")
    return issues


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _n(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
