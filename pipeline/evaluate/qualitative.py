"""Decide a qualitative item from its checks: status, score, reason, citations."""
from __future__ import annotations

from ..model import Finding
from ..rulebook.schema import Item
from .checks import Context, Outcome, run_check

MAX_CITATIONS = 6


def evaluate_item(item: Item, ctx: Context) -> Finding:
    outcomes = [run_check(check, ctx, item.max) for check in item.checks]
    # a silent pass (no breach found) neither supports nor decides the item
    outcomes = [o for o in outcomes if not o.silent] or outcomes[:1]
    status, score = combine(item, outcomes)
    reason = reason_for(item, status, score, outcomes)
    # a met item is proved by the checks that are met: a near miss of another check is no proof
    support = [o for o in outcomes if o.status == "met"] if status == "met" else outcomes
    citations = []
    for o in support:
        for c in o.citations:
            if c not in citations:
                citations.append(c)
    return Finding(item.id, status, score, reason, tuple(citations[:MAX_CITATIONS]))


def combine(item: Item, outcomes: list[Outcome]) -> tuple[str, float]:
    statuses = [o.status for o in outcomes]
    if any(o.denied for o in outcomes):
        return "not_met", 0.0            # the unit's latest word is that it is not done: that wins
    if item.require == "any":
        best = next((o for o in outcomes if o.status == "met"), None) \
            or next((o for o in outcomes if o.status == "partial"), None)
        if best is not None:
            return best.status, _points(best, item.max)
        if "not_met" in statuses:
            return "not_met", 0.0
        return "no_evidence", 0.0
    if all(s == "met" for s in statuses):
        scored = [o.points for o in outcomes if o.points is not None]
        score = min(scored) if scored else item.max
        return ("met" if score >= item.max else "partial"), float(score)
    if all(s == "no_evidence" for s in statuses):
        return "no_evidence", 0.0
    if len(outcomes) == 1 and outcomes[0].status == "partial":
        return "partial", float(outcomes[0].points or 0)
    if item.partial_points is not None and any(s in ("met", "partial") for s in statuses):
        return "partial", float(item.partial_points)
    return "not_met", 0.0


def _points(outcome: Outcome, max_points: float) -> float:
    return float(outcome.points if outcome.points is not None else max_points)


def reason_for(item: Item, status: str, score: float, outcomes: list[Outcome]) -> str:
    met = [o.note for o in outcomes if o.status == "met"]
    if status == "met":
        return "已找到" + "；".join(met) + "。"
    if status == "no_evidence":
        return f"未找到相关佐证材料，应提交：{item.typical_evidence}。"
    failing = sorted((o for o in outcomes if o.status != "met"), key=lambda o: o.rank)
    lacking = [o.note for o in failing]
    text = "；".join(lacking)
    if met and not lacking:                          # every check met, at a lower level
        text = "已找到" + "；".join(met)
    elif met and item.require == "all":
        text = "已有" + "；".join(met) + "；但" + text
    suffix = f"，得{score:g}分" if status == "partial" else ""
    return text + suffix + "。"
