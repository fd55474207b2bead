"""results.json + Form + the reviewer's decisions -> one view of the case.

``proposals`` lists what the program proposes per item (for review.xlsx);
``build_view`` joins the proposals with the reviewer's decisions into the
final scores every output shows; ``form_context`` turns the view into the
docxtpl context of the official form (tag scheme in ``layout.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..rulebook.schema import CostTable, Form, Item, Section
from .files import xml_text
from .layout import COST_SEP, cost_keys, form_texts

STATUS_NAMES = {
    "met": "符合",
    "partial": "部分符合",
    "not_met": "不符合",
    "no_evidence": "无佐证",
    "needs_data": "待补数据",
}
MISSING_STATUS = "未评"


@dataclass
class Proposal:
    """What the program proposes for one row of the form."""
    id: str
    indicator: str
    max: float
    low: float                      # the lowest final score a reviewer may give
    high: float                     # the highest (max plus any bonus)
    score: float | None             # proposed score, bonus included
    status: str
    status_name: str
    reason: str


@dataclass
class ItemView:
    id: str
    indicator: str
    chain: list[str]                 # section titles above the item
    item: Item | None
    cost: CostTable | None
    proposal: Proposal
    bonus: float
    self_score: float | None
    citations: list[dict]
    figures: dict
    flags: list[str]
    review_score: float | None = None
    review_note: str = ""
    review_problem: str = ""
    review_flag: str = ""

    @property
    def max(self) -> float:
        return self.proposal.max

    @property
    def status(self) -> str:
        return self.proposal.status

    @property
    def final(self) -> float | None:
        return self.review_score if self.review_score is not None else self.proposal.score

    @property
    def reviewed(self) -> bool:
        return self.review_score is not None

    @property
    def decided(self) -> bool:
        """The reviewer gave a final score or an opinion on this item."""
        return self.review_score is not None or bool(self.review_note)

    @property
    def lost_points(self) -> bool:
        return self.final is None or self.final < self.max

    @property
    def final_reason(self) -> str:
        """The 扣分原因 the form prints: the reviewer's words first."""
        if self.review_note:
            return self.review_note
        if self.cost is not None:
            return self.proposal.reason if (self.final or 0) < 0 else ""
        if self.final is not None and self.final > self.max:
            extra = self.final - self.max
            return f"含加分{fmt(extra)}分" if self.reviewed or self.bonus else ""
        return self.proposal.reason if self.lost_points else ""


@dataclass
class SectionTotal:
    title: str
    depth: int
    max: float
    score: float
    pending: int                     # items without a score yet


@dataclass
class CaseView:
    form: Form
    case: str
    year: int | None
    units: dict[str, str]
    items: list[ItemView]
    documents: list[dict]
    problems: list[dict]
    review_warnings: list[str] = field(default_factory=list)
    reviewer: dict[str, str] = field(default_factory=dict)   # commission, contact, phone
    notes: list[str] = field(default_factory=list)           # messages for the terminal (PDF, …)
    case_dir: str | None = None                              # the evidence folder (absolute), for links
    changes: dict | None = None                              # results["changes"] (pipeline.compare)

    @property
    def commission(self) -> str:
        """The assessing commission (评审单位), as case.yaml names it; empty when not given."""
        return self.reviewer.get("commission", "")

    @property
    def by_id(self) -> dict[str, ItemView]:
        return {v.id: v for v in self.items}

    @property
    def unit_text(self) -> str:
        names = [n for n in self.units.values() if n]
        if len(names) <= 1:
            return names[0] if names else ""
        return "；".join(f"{role}：{name}" for role, name in self.units.items() if name)

    @property
    def addressees(self) -> list[str]:
        seen: list[str] = []
        for name in self.units.values():
            if name and name not in seen:
                seen.append(name)
        return seen or [self.case]

    @property
    def total(self) -> float:
        return sum(v.final for v in self.items if v.final is not None)

    @property
    def bonus(self) -> float:
        return sum(v.final - v.max for v in self.items
                   if v.final is not None and v.cost is None and v.final > v.max)

    @property
    def deduction(self) -> float:
        return -sum(v.final for v in self.items if v.final is not None and v.final < 0)

    @property
    def pending(self) -> list[ItemView]:
        return [v for v in self.items if v.final is None]

    def counts(self) -> dict[str, int]:
        out = {name: 0 for name in list(STATUS_NAMES.values())}
        for v in self.items:
            out[v.proposal.status_name] = out.get(v.proposal.status_name, 0) + 1
        return {k: n for k, n in out.items() if n or k in STATUS_NAMES.values()}

    def section_totals(self, depth: int = 2) -> list[SectionTotal]:
        finals = self.by_id
        out: list[SectionTotal] = []

        def ids(section: Section) -> list[str]:
            got = [i.id for i in section.items]
            if section.cost_table:
                got.append(section.cost_table.id)
            for sub in section.sections:
                got += ids(sub)
            return got

        def walk(sections: list[Section], d: int) -> None:
            for s in sections:
                members = [finals[i] for i in ids(s) if i in finals]
                maximum = s.declared_total if s.declared_total is not None \
                    else sum(v.max for v in members)
                out.append(SectionTotal(
                    title=s.title.replace("\n", ""), depth=d, max=maximum,
                    score=sum(v.final for v in members if v.final is not None),
                    pending=sum(1 for v in members if v.final is None)))
                if d + 1 < depth:
                    walk(s.sections, d + 1)

        walk(self.form.sections, 0)
        return out


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------
def fmt(value: Any) -> str:
    """4.0 -> "4", 2.5 -> "2.5", None -> ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        v = float(value)
        return str(int(round(v))) if abs(v - round(v)) < 1e-9 else f"{v:.2f}".rstrip("0").rstrip(".")
    return str(value)


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Proposals
# --------------------------------------------------------------------------
def _rows(form: Form):
    """(chain, Item|None, CostTable|None) for every scored row, in table order."""
    def walk(sections: list[Section], trail: tuple[Section, ...]):
        for s in sections:
            here = trail + (s,)
            for item in s.items:
                yield here, item, None
            yield from walk(s.sections, here)
            if s.cost_table:
                yield here, None, s.cost_table
    yield from walk(form.sections, ())


def bonus_cap(item: Item) -> float:
    levels = list(item.bonus) + (list(item.scoring.bonus) if item.scoring else [])
    return sum(level.points for level in levels)


def proposals(form: Form, results: dict) -> list[Proposal]:
    got = {str(r.get("id")): r for r in results.get("items") or [] if isinstance(r, dict)}
    out: list[Proposal] = []
    for _, item, cost in _rows(form):
        iid = item.id if item else cost.id
        r = got.get(iid, {})
        if item is not None:
            maximum, low, high = item.max, 0.0, item.max + bonus_cap(item)
            indicator = item.indicator
        else:
            maximum, low, high = 0.0, -cost.incomplete_deduction, 0.0
            indicator = cost.indicator
        score = number(r.get("score"))
        if score is not None:
            score += number(r.get("bonus")) or 0.0
        status = str(r.get("status") or "") if r else ""
        reason = xml_text(r.get("reason") or "") if r else "本次结果中没有此指标，请核对。"
        out.append(Proposal(
            id=iid, indicator=xml_text(r.get("indicator") or indicator), max=maximum, low=low, high=high,
            score=score, status=status, status_name=STATUS_NAMES.get(status, status or MISSING_STATUS),
            reason=reason))
    return out


def build_view(form: Form, results: dict, decisions: dict | None = None,
               warnings: list[str] | None = None) -> CaseView:
    """Join results, the form and the reviewer's decisions (``review.Decision`` by id)."""
    got = {str(r.get("id")): r for r in results.get("items") or [] if isinstance(r, dict)}
    decisions = decisions or {}
    items: list[ItemView] = []
    for (chain, item, cost), proposal in zip(_rows(form), proposals(form, results)):
        r = got.get(proposal.id, {})
        view = ItemView(
            id=proposal.id, indicator=proposal.indicator,
            chain=[s.title.replace("\n", "") for s in chain], item=item, cost=cost,
            proposal=proposal, bonus=number(r.get("bonus")) or 0.0,
            self_score=number(r.get("self_score")),
            citations=[c for c in r.get("citations") or [] if isinstance(c, dict)],
            figures=r.get("figures") if isinstance(r.get("figures"), dict) else {},
            flags=[xml_text(f) for f in r.get("flags") or []])
        d = decisions.get(proposal.id)
        if d is not None:
            view.review_score = d.score
            view.review_note = xml_text(d.note)
            view.review_problem = d.problem
            view.review_flag = d.flag
        items.append(view)
    units = results.get("units") if isinstance(results.get("units"), dict) else {}
    reviewer = results.get("reviewer") if isinstance(results.get("reviewer"), dict) else {}
    return CaseView(
        form=form, case=str(results.get("case") or ""), year=results.get("year"),
        units={str(k): xml_text(v) for k, v in units.items() if v},
        items=items,
        documents=[d for d in results.get("documents") or [] if isinstance(d, dict)],
        problems=[p for p in results.get("problems") or [] if isinstance(p, dict)],
        review_warnings=list(warnings or []),
        reviewer={str(k): xml_text(v) for k, v in reviewer.items() if v},
        case_dir=results.get("case_dir") if isinstance(results.get("case_dir"), str) else None)


# --------------------------------------------------------------------------
# Figures as text
# --------------------------------------------------------------------------
_NAMED_YEAR = re.compile(r"(?:19|20)\d{2}年")
YEARS = ("this", "last")
NOT_GIVEN = "未填写"


def figure_text(form: Form, figures: dict, year: int | None) -> str:
    """The data line: each figure with the year it is for, said once.

    A figure of one year reads 受援医院人员到支援医院进修培训人数（2016年）：8人; one whose
    name already says its year (2015年培训人员考核不合格……的人数) is not given a second
    year; a figure of two years names each: 年出院人次：2016年24860人次，2015年23120人次.
    A figure not supplied reads 未填写.
    """
    units = {f.key: f.unit for f in form.figures}
    return "；".join(_figure_line(str(key), value, units.get(key, ""), year) for key, value in figures.items())


def _year_names(year: int | None) -> dict[str, str]:
    return {"this": f"{year}年" if year else "本年度", "last": f"{year - 1}年" if year else "上一年度"}


def _figure_line(key: str, value: Any, unit: str, year: int | None) -> str:
    names = _year_names(year)
    if isinstance(value, dict) and value and set(value) <= set(YEARS):
        if len(value) == 1:
            ((which, v),) = value.items()
            label = key if _NAMED_YEAR.search(key) else f"{key}（{names[which]}）"
            return f"{label}：{_value_text(v, unit, year) or NOT_GIVEN}"
        return f"{key}：" + "，".join(f"{names[k]}{_value_text(v, unit, year) or NOT_GIVEN}"
                                     for k, v in value.items())
    return f"{key}：{_value_text(value, unit, year) or NOT_GIVEN}"


def _value_text(value: Any, unit: str, year: int | None) -> str:
    if isinstance(value, dict):
        names = _year_names(year)
        return "，".join(f"{names.get(k, k)}{_value_text(v, unit, year) or NOT_GIVEN}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(_value_text(v, "", year) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return fmt(value) + unit
    return "" if value is None else str(value)


def cost_values(table: CostTable, figures: dict) -> dict[str, str]:
    """The cost table's data cells from the item's figures.

    Accepted shapes: nested ``{row: {measure: value}}`` or flat keys
    ``"row·measure"`` (also with ``|``, ``/``, ``-`` or a space between).
    """
    out: dict[str, str] = {}
    flat: dict[str, Any] = {}
    for k, v in figures.items():
        if isinstance(v, dict):
            for m, x in v.items():
                flat[f"{k}{COST_SEP}{m}"] = x
        else:
            flat[str(k)] = v
    norm = {_norm_key(k): v for k, v in flat.items()}
    for key, row, measure in cost_keys(table):
        value = norm.get(_norm_key(key))
        if value is None and row == table.indicator:
            value = norm.get(_norm_key(measure))        # 次均医药费 alone
        out[key] = "" if value is None else _value_text(value, "", None)
    return out


def _norm_key(key: str) -> str:
    for sep in ("|", "/", "-", " ", "：", ":", "_"):
        key = key.replace(sep, COST_SEP)
    return key.strip(COST_SEP)


# --------------------------------------------------------------------------
# The docxtpl context of the official form
# --------------------------------------------------------------------------
def remark_value(item: Item, figures: dict) -> str:
    """The value a 备注 instruction asks for (下降2.3%, 85%), or "" while it is not there."""
    spec = item.remark_value
    if spec is None:
        return ""
    years = figures.get(spec.figure) if isinstance(figures, dict) else None
    if not isinstance(years, dict):
        return ""
    this, last = number(years.get("this")), number(years.get("last"))
    if spec.show == "value":
        return "" if this is None else f"{fmt(this)}%"
    if this is None or last is None:
        return ""
    fall = round(last - this, 6)
    if fall > 0:
        return f"下降{fmt(fall)}%"
    if fall < 0:
        return f"上升{fmt(-fall)}%（未下降）"
    return "持平（未下降）"


def form_context(view: CaseView) -> dict:
    from .wording import Titles
    form = view.form
    titles = Titles(view.documents)
    score: dict[str, str] = {}
    self_score: dict[str, str] = {}
    tier: dict[str, list[str]] = {}
    reason: dict[str, str] = {}
    remark: dict[str, str] = {}
    cost: dict[str, str] = {}
    texts = form_texts(form)
    for v in view.items:
        final = v.final
        score[v.id] = fmt(final)
        self_score[v.id] = fmt(v.self_score)
        reason[v.id] = titles(v.final_reason)
        if v.item is not None:
            if v.item.bands:
                cells = [""] * len(v.item.bands)
                if final is not None:
                    idx = next((j for j, b in enumerate(v.item.bands) if abs(b.points - final) < 1e-9), 0)
                    cells[idx] = fmt(final)
                tier[v.id] = cells
            if v.item.remark_value is not None:
                # the printed instruction stays until the value it asks for is there
                parts = [remark_value(v.item, v.figures) or texts.get(f"{v.id}.remark", "")]
                if v.review_note:
                    parts.append(v.review_note)
                remark[v.id] = "；".join(p for p in parts if p)
            else:
                parts = [figure_text(form, v.figures, view.year) if v.figures else ""]
                if v.final_reason:
                    parts.append(titles(v.final_reason))
                filled = "；".join(p for p in parts if p)
                remark[v.id] = filled or texts.get(f"{v.id}.remark", "")
        if v.cost is not None:
            cost.update(cost_values(v.cost, v.figures))
    notes = []
    if view.bonus:
        notes.append(f"含加分{fmt(view.bonus)}分")
    if view.deduction:
        notes.append(f"含扣分{fmt(view.deduction)}分")
    if view.pending:
        notes.append(f"另有{len(view.pending)}项待补数据，未计分")
    selfs = [v.self_score for v in view.items if v.self_score is not None]
    return {
        "score": score,
        "self_score": self_score,
        "self_total": fmt(sum(selfs)) if selfs else "",
        "tier_score": tier,
        "reason": {k: xml_text(t) for k, t in reason.items()},
        "remark": {k: xml_text(t) for k, t in remark.items()},
        "cost": {k: xml_text(t) for k, t in cost.items()},
        "text": {k: xml_text(t) for k, t in texts.items()},
        "total": fmt(view.total),
        "total_note": "；".join(notes),
        "case_name": xml_text(view.case),
        "unit": view.unit_text,
        "year": "" if view.year is None else str(view.year),
    }
