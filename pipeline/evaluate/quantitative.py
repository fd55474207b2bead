"""Score every quantitative indicator of a form from the figures a unit reported.

``score_quantitative`` is the single entry point.  Each item's rule
(``Scoring``) is one of: levels (the highest satisfied level wins), parts
(satisfied parts add up, capped at max), tiers (the item's bands), deduct (max
minus per-miss deductions, floor 0) or entered (an expert's score); bonus
levels are added on top and reported separately.  The 三类 cost table is scored
as a deduction (0 or −incomplete_deduction).

Missing figures make a condition unknown (three-valued logic).  An item is
``needs_data`` only when the unknown conditions could still change its score;
its reason names the missing cells.  The decisions (interval edges, equal
values, growth from 0 …) are written in docs/quantitative.md.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..data.model import (LAST, THIS, FigureData, cell_label, cost_cells, cost_tables,
                          item_refs, quantitative_items)
from ..data.parse import fmt_number
from ..model import Citation, Finding
from ..rulebook.schema import Band, Condition, CostTable, Figure, Form, Item, Level
from .crosscheck import Reading, crosscheck

EPS = 1e-9
SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@dataclass(frozen=True)
class QuantResult:
    """A quantitative item's finding plus what results.json shows beside it."""

    finding: Finding
    max: float
    bonus: float | None = 0.0              # 加分, None when its figures are missing
    self_score: float | None = None        # the unit's 自评分值, if supplied
    figures_used: dict[str, dict[str, Any]] = field(default_factory=dict)   # key -> {"this": v, "last": v}
    flags: tuple[str, ...] = ()

    @property
    def item_id(self) -> str:
        return self.finding.item_id


def score_quantitative(form: Form, data: FigureData, doc_figures: Iterable = ()) -> list[QuantResult]:
    """Every quantitative item (table order), then each cost table."""
    readings = crosscheck(form, data, doc_figures)
    figures = {f.key: f for f in form.figures}
    out = [_score_item(item, figures, data, readings) for item in quantitative_items(form)]
    out += [score_cost_table(table, data) for table in cost_tables(form)]
    return out


def totals(results: Iterable[QuantResult]) -> dict[str, float]:
    """Sum of scores (needs_data counts 0), of maxima and of bonuses."""
    results = list(results)
    return {"score": sum(r.finding.score or 0 for r in results),
            "max": sum(r.max for r in results),
            "bonus": sum(r.bonus or 0 for r in results)}


# --------------------------------------------------------------------------
# Reading figures with three-valued logic
# --------------------------------------------------------------------------
class _Ctx:
    def __init__(self, figures: dict[str, Figure], data: FigureData):
        self.figures, self.data = figures, data
        self.missing: list[str] = []
        self.remarks: list[str] = []
        self.used: dict[str, dict[str, Any]] = {}

    def value(self, key: str, year: str):
        fig = self.figures[key]
        if fig.type == "list":
            answered = self.data.choices.get(key, {})
            self.used.setdefault(key, {})[year] = dict(answered)
            blank = [c for c in fig.choices if c not in answered]
            if blank:
                self._miss(f"{key}（{'、'.join(blank)}未填写）")
                return None
            return answered
        v = self.data.get(key, year)
        self.used.setdefault(key, {})[year] = v
        if v is None:
            self._miss(cell_label(fig, year))
        return v

    def _miss(self, label: str) -> None:
        if label not in self.missing:
            self.missing.append(label)

    def check(self, cond: Condition) -> bool | None:
        if cond.change is not None:
            a, b = self.value(cond.figure, THIS), self.value(cond.figure, LAST)
            if a is None or b is None:
                return None
            if cond.change == "rise":
                return a > b + EPS
            if cond.change == "fall":
                return a < b - EPS
            if abs(b) < EPS and a > EPS:
                remark = f"{cond.figure}上一年度为0，增长率按无穷大计（视为达到增长要求）"
                if remark not in self.remarks:
                    self.remarks.append(remark)
            return _compare(growth(a, b), cond.op, cond.value)
        v = self.value(cond.figure, cond.year)
        if cond.op == "is":
            return None if v is None else bool(v) == bool(cond.value)
        target = cond.value
        if cond.value_figure:
            target = self.value(cond.value_figure, cond.year)
            if target is not None and cond.value_cap is not None:
                target = min(target, cond.value_cap)
        if v is None or target is None:
            return None
        return _compare(v, cond.op, target)

    def level(self, level: Level) -> bool | None:
        results = [self.check(c) for c in level.when]
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None


def growth(this: float, last: float) -> float:
    """Year-on-year growth in percent; from 0 to more is infinite growth, 0 to 0 is none."""
    if abs(last) < EPS:
        return math.inf if this > EPS else 0.0
    return (this - last) / last * 100


def _compare(v: float, op: str | None, t: float) -> bool:
    if op == ">=":
        return v >= t - EPS
    if op == ">":
        return v > t + EPS
    if op == "<=":
        return v <= t + EPS
    if op == "<":
        return v < t - EPS
    return abs(v - t) <= EPS


def band_of(bands: list[Band], v: float) -> Band | None:
    """The band holding v: low <= v < high (an open end has no bound)."""
    for band in bands:
        if (band.low is None or v >= band.low - EPS) and (band.high is None or v < band.high - EPS):
            return band
    return None


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------
def show(fig: Figure, v) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dict):
        return "、".join(c for c in fig.choices if v.get(c)) or "无"
    if v == math.inf:
        return "无穷大"
    unit = "%" if fig.type == "percent" else fig.unit
    return f"{fmt_number(v)}{unit}"


def _pts(x: float) -> str:
    return fmt_number(x)


class _Words:
    def __init__(self, figures: dict[str, Figure]):
        self.figures = figures

    def cond(self, c: Condition) -> str:
        fig = self.figures[c.figure]
        prefix = "上一年度" if c.year == LAST and c.change is None else ""
        if c.change == "rise":
            return f"{c.figure}较上一年度{'上升' if fig.type == 'percent' else '增加'}"
        if c.change == "fall":
            return f"{c.figure}较上一年度下降"
        if c.change == "growth":
            return f"{c.figure}年增长率{SYMBOL[c.op]}{fmt_number(c.value)}%"
        if c.op == "is":
            return f"{prefix}{c.figure}" if c.value else f"{prefix}{c.figure}为否"
        if c.value_figure:
            unit = self.figures[c.value_figure].unit or "个"
            cap = (f"（{c.value_figure}超过{fmt_number(c.value_cap)}{unit}的，按{fmt_number(c.value_cap)}{unit}计）"
                   if c.value_cap is not None else "")
            return f"{prefix}{c.figure}{SYMBOL[c.op]}{c.value_figure}{cap}"
        return f"{prefix}{c.figure}{SYMBOL[c.op]}{show(fig, c.value)}"

    def conds(self, conds: Iterable[Condition]) -> str:
        return "”且“".join(self.cond(c) for c in conds)

    def facts(self, used: dict[str, dict[str, Any]]) -> str:
        bits = []
        for key, years in used.items():
            fig = self.figures[key]
            this, last = years.get(THIS), years.get(LAST)
            if fig.type in ("list",):
                continue
            if this is not None and last is not None:
                same = "（两年持平）" if abs(float(this) - float(last)) < EPS else ""
                bits.append(f"{key}本年度{show(fig, this)}、上一年度{show(fig, last)}{same}")
            elif this is not None:
                bits.append(f"{key}{'：' if isinstance(this, bool) else ''}{show(fig, this)}")
            elif last is not None:
                bits.append(f"{key}上一年度{'：' if isinstance(last, bool) else ''}{show(fig, last)}")
        return "，".join(bits)


# --------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------
def _status(score: float, maximum: float) -> str:
    if score >= maximum - EPS:
        return "met"
    return "partial" if score > EPS else "not_met"


def _score_item(item: Item, figures: dict[str, Figure], data: FigureData,
                readings: dict[str, list[Reading]]) -> QuantResult:
    ctx, words = _Ctx(figures, data), _Words(figures)
    scoring = item.scoring
    assert scoring is not None
    flags: list[str] = []
    if scoring.levels:
        score, reason = _levels(item, scoring.levels, ctx, words)
    elif scoring.parts:
        score, reason = _parts(item, scoring.parts, ctx, words)
    elif scoring.tiers:
        score, reason = _tiers(item, scoring.tiers, ctx, words)
    elif scoring.deduct is not None:
        score, reason = _deduct(item, ctx, words)
    else:
        score, reason, flag = _entered(item, scoring.entered, ctx)
        if flag:
            flags.append(flag)
    bonus, bonus_reason, bonus_flag, bonus_used = _bonus(item, figures, data, words)
    used = dict(ctx.used)
    for key, years in bonus_used.items():
        used.setdefault(key, {}).update(years)
    if score is None:
        status = "needs_data"
        reason = _missing_reason(ctx.missing, figures)
    else:
        status = _status(score, item.max)
        if bonus_reason:
            reason += f"；{bonus_reason}"
    flags += ctx.remarks
    if bonus_flag:
        flags.append(bonus_flag)
    for key, years in used.items():
        for year in years:
            flags += data.notes.get((key, year), [])
    citations: list[Citation] = []
    for key in dict.fromkeys(k for k, _ in item_refs(item)):
        for r in readings.get(key, []):
            citations.append(r.citation)
            if r.disagrees or r.year is None:
                flags.append(r.message)
                reason += f"；{r.message}"
    figures_used = {k: {y: v for y, v in ys.items()} for k, ys in used.items()}
    finding = Finding(item.id, status, score, reason, tuple(dict.fromkeys(citations)))
    return QuantResult(finding, item.max, bonus, data.self_scores.get(item.id), figures_used,
                       tuple(dict.fromkeys(flags)))


def _missing_reason(missing: list[str], figures: dict[str, Figure]) -> str:
    """Figures the unit did not report, apart from what only the reviewer settles on site."""
    from ..data.model import is_question
    onsite = [m for m in missing if m in figures and is_question(figures[m])]
    unit = [m for m in missing if m not in onsite]
    parts = []
    if unit:
        parts.append(f"缺少数据：{'、'.join(unit)}")
    if onsite:
        parts.append(f"待评审人员现场核查：{'、'.join(onsite)}（在 review.xlsx“现场核查”工作表填写）")
    return "；".join(parts)


def _decide(levels: list[Level], ctx: _Ctx, cap: float | None = None,
            add: bool = False) -> tuple[float | None, list[bool | None]]:
    truths = [ctx.level(lv) for lv in levels]
    if add:
        low = sum(lv.points for lv, t in zip(levels, truths) if t is True)
        high = sum(lv.points for lv, t in zip(levels, truths) if t is not False)
    else:
        low = max([lv.points for lv, t in zip(levels, truths) if t is True], default=0.0)
        high = max([lv.points for lv, t in zip(levels, truths) if t is not False], default=0.0)
    if cap is not None:
        low, high = min(low, cap), min(high, cap)
    return (float(low) if abs(low - high) < EPS else None), truths


def _failing(level: Level, ctx: _Ctx) -> list[Condition]:
    return [c for c in level.when if ctx.check(c) is False] or list(level.when)


def _levels(item: Item, levels: list[Level], ctx: _Ctx, words: _Words) -> tuple[float | None, str]:
    score, truths = _decide(levels, ctx, cap=item.max)
    if score is None:
        return None, ""
    facts = words.facts(ctx.used)
    lead = f"{facts}，" if facts else ""
    if score > EPS:
        best = next(lv for lv, t in zip(levels, truths) if t is True and min(lv.points, item.max) >= score - EPS)
        reason = f"{lead}满足“{words.conds(best.when)}”，得{_pts(score)}分"
        higher = sorted((lv for lv in levels if lv.points > score + EPS), key=lambda lv: lv.points)
        if higher:
            reason += f"；未达到{_pts(higher[0].points)}分的条件“{words.conds(_failing(higher[0], ctx))}”"
        return score, reason
    lowest = min(lv.points for lv in levels)
    unmet = ["“" + words.conds(_failing(lv, ctx)) + "”" for lv in levels if lv.points == lowest]
    return 0.0, f"{lead}未满足{'或'.join(unmet)}，不得分"


def _parts(item: Item, parts: list[Level], ctx: _Ctx, words: _Words) -> tuple[float | None, str]:
    score, truths = _decide(parts, ctx, cap=item.max, add=True)
    if score is None:
        return None, ""
    pieces = []
    for part, t in zip(parts, truths):
        if t is True:
            pieces.append(f"满足“{words.conds(part.when)}”得{_pts(part.points)}分")
        else:
            pieces.append(f"未满足“{words.conds(_failing(part, ctx))}”")
    facts = words.facts(ctx.used)
    tail = f"共得{_pts(score)}分" if score > EPS else "不得分"
    return score, "，".join([p for p in (facts, *pieces) if p]) + f"，{tail}"


def _tiers(item: Item, key: str, ctx: _Ctx, words: _Words) -> tuple[float | None, str]:
    v = ctx.value(key, THIS)
    if v is None:
        return None, ""
    fig = words.figures[key]
    band = band_of(list(item.bands), float(v))
    if band is None:
        lowest = min(item.bands, key=lambda b: b.low if b.low is not None else -math.inf)
        if lowest.low is not None and v < lowest.low:
            return 0.0, f"{key}{show(fig, v)}，低于最低档“{lowest.label}”，不得分"
        return 0.0, f"{key}{show(fig, v)}，不在任何档次内，不得分"
    got = f"得{_pts(band.points)}分" if band.points > EPS else "不得分"
    return float(band.points), f"{key}{show(fig, v)}，属“{band.label}”档，{got}"


def _deduct(item: Item, ctx: _Ctx, words: _Words) -> tuple[float | None, str]:
    d = item.scoring.deduct
    assert d is not None
    per = fmt_number(d.per)
    if d.missing_of:
        fig = words.figures[d.missing_of]
        answered = ctx.value(d.missing_of, THIS)
        if answered is None:
            return None, ""
        absent = [c for c in fig.choices if not answered.get(c)]
        score = max(0.0, item.max - d.per * len(absent))
        if not absent:
            return score, f"{d.missing_of}：{len(fig.choices)}个均已开设，得{_pts(score)}分"
        return score, (f"{d.missing_of}中未开设：{'、'.join(absent)}（共{len(absent)}个），"
                       f"每少一个扣{per}分，得{_pts(score)}分")
    key = d.shortfall_of or d.count_figure
    fig = words.figures[key]
    v = ctx.value(key, d.year)
    if v is None:
        return None, ""
    year = "上一年度" if d.year == LAST and len(fig.years) > 1 else ""
    unit = fig.unit or "个"
    if d.shortfall_of:
        short = max(0.0, d.required - float(v))
        score = max(0.0, item.max - d.per * short)
        if short < EPS:
            return score, f"{year}{key}{show(fig, v)}，达到{d.required}{unit}的要求，得{_pts(score)}分"
        return score, (f"{year}{key}{show(fig, v)}，比要求的{d.required}{unit}少{fmt_number(short)}{unit}，"
                       f"每少1{unit}扣{per}分，得{_pts(score)}分")
    score = max(0.0, item.max - d.per * float(v))
    if float(v) < EPS:
        return score, f"{year}{key}为0，不扣分，得{_pts(score)}分"
    return score, f"{year}{key}{show(fig, v)}，每1{unit}扣{per}分，得{_pts(score)}分"


def _entered(item: Item, key: str, ctx: _Ctx) -> tuple[float | None, str, str | None]:
    v = ctx.value(key, THIS)
    if v is None:
        return None, "", None
    score = min(float(item.max), max(0.0, float(v)))
    flag = None
    if abs(score - float(v)) > EPS:
        flag = f"{key}填写为{fmt_number(v)}分，超出0～{_pts(item.max)}分，按{_pts(score)}分计"
    return score, f"{key}为{fmt_number(v)}分，得{_pts(score)}分", flag


def _bonus(item: Item, figures: dict[str, Figure], data: FigureData,
           words: _Words) -> tuple[float | None, str, str | None, dict]:
    levels = list(item.scoring.bonus if item.scoring else []) + list(item.bonus)
    ctx = _Ctx(figures, data)
    if not levels:
        return 0.0, "", None, {}
    bonus, truths = _decide(levels, ctx)
    if bonus is None:
        return None, "", f"加分项缺少数据：{'、'.join(ctx.missing)}", ctx.used
    if bonus > EPS:
        best = next(lv for lv, t in zip(levels, truths) if t is True and lv.points >= bonus - EPS)
        return bonus, f"另加{_pts(bonus)}分（{words.conds(best.when)}）", None, ctx.used
    return 0.0, "", None, ctx.used


# --------------------------------------------------------------------------
# The cost table
# --------------------------------------------------------------------------
def score_cost_table(table: CostTable, data: FigureData) -> QuantResult:
    from ..data.template import SHEET_COST
    cells = cost_cells(table)
    self_score = data.self_scores.get(table.id)
    used = {"费用情况": {THIS: {c.label: data.cost.get((c.row, c.measure)) for c in cells}}}
    if SHEET_COST not in data.sheets:
        reason = "未提供费用情况数据（指标数据表“费用情况”工作表），无法核对填写是否完整"
        finding = Finding(table.id, "needs_data", None, reason)
        return QuantResult(finding, 0.0, 0.0, self_score, used)
    missing = [c.label for c in cells if (c.row, c.measure) not in data.cost]
    if len(missing) == len(cells):
        reason = (f"费用情况{len(cells)}项均未填写；如单位确未填报，按考核表“填写不完整扣"
                  f"{fmt_number(table.incomplete_deduction)}分”处理")
        return QuantResult(Finding(table.id, "needs_data", None, reason), 0.0, 0.0, self_score, used)
    if not missing:
        finding = Finding(table.id, "met", 0.0, f"血液透析费用及常见病种费用{len(cells)}项已填写完整，不扣分")
    else:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        finding = Finding(table.id, "not_met", -float(table.incomplete_deduction),
                          f"费用情况缺少{len(missing)}项（{shown}），填写不完整，"
                          f"扣{fmt_number(table.incomplete_deduction)}分")
    return QuantResult(finding, 0.0, 0.0, self_score, used)


__all__ = ["QuantResult", "score_quantitative", "score_cost_table", "totals", "band_of", "growth"]
