"""The reviewer's on-site answers (review.xlsx, 现场核查) as figures for scoring.

Some figures only the reviewer can settle: a spot check of records, a look at a
notice board, the national reporting system, an expert's score (``is_question``).
They are asked in review.xlsx, never in the unit's workbook. An older workbook
that still has those rows is read, and the value is used with a note until the
reviewer answers; the reviewer's answer always wins.
"""
from __future__ import annotations

from ..rulebook.schema import Figure, Form
from .model import THIS, FigureData, is_question
from .parse import fmt_number, parse_bool, parse_number

SOURCE = "review.xlsx“现场核查”工作表"


def _shown(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return fmt_number(value)


def parse_answer(fig: Figure, raw) -> float | bool:
    """A 核查结果 cell: 是/否 for an on-site check, a number for an expert's score (BadValue if neither)."""
    return parse_number(raw, "分") if fig.type == "score" else parse_bool(raw)


def apply_answers(data: FigureData, form: Form, answers: dict) -> FigureData:
    """Put the reviewer's answers into ``data``; note the unit's own answers to on-site questions."""
    for fig in form.figures:
        if not is_question(fig):
            continue
        unit_value = data.values.get((fig.key, THIS))
        if fig.key in answers:
            answer = answers[fig.key]
            if unit_value is not None and unit_value != answer:
                data.note(fig.key, THIS, f"单位在指标数据表中填写“{fig.key}”为“{_shown(unit_value)}”，"
                                         f"采用评审人员现场核查结果“{_shown(answer)}”")
            data.values[(fig.key, THIS)] = answer
            data.cells[(fig.key, THIS)] = SOURCE
        elif unit_value is not None:
            data.note(fig.key, THIS, f"“{fig.key}”应由评审人员现场核查，本次暂按单位在指标数据表中填写的"
                                     f"“{_shown(unit_value)}”计分；请在{SOURCE}填写核查结果")
    return data


# --------------------------------------------------------------------------
# Re-scoring at render time (kaohe render reads no evidence and no workbook)
# --------------------------------------------------------------------------
def data_from_results(form: Form, results: dict) -> FigureData:
    """The figures a run scored with, rebuilt from results.json (each item keeps what it used)."""
    figures = {f.key: f for f in form.figures}
    data = FigureData(source=results.get("data_source"))
    for entry in results.get("items") or []:
        if not isinstance(entry, dict):
            continue
        if entry.get("self_score") is not None:
            try:
                data.self_scores[str(entry.get("id"))] = float(entry["self_score"])
            except (TypeError, ValueError):
                pass
        used = entry.get("figures") if isinstance(entry.get("figures"), dict) else {}
        for key, years in used.items():
            fig = figures.get(key)
            if fig is None or not isinstance(years, dict):
                continue
            for year, value in years.items():
                if value is None:
                    continue
                if fig.type == "list":
                    if isinstance(value, dict):
                        data.choices[key] = {str(k): bool(v) for k, v in value.items()}
                else:
                    data.values[(key, str(year))] = value
    return data


def rescore(form: Form, results: dict, answers: dict) -> list[str]:
    """Re-score, in ``results``, the items whose on-site answers differ from what they used.

    Returns the ids re-scored. Citations of the figures found in documents are kept.
    """
    from ..evaluate.quantitative import score_quantitative
    from ..results import quant_entry, totals_of
    from .model import item_refs, quantitative_items
    if not answers:
        return []
    entries = {str(e.get("id")): e for e in results.get("items") or [] if isinstance(e, dict)}
    stale = []
    for item in quantitative_items(form):
        entry = entries.get(item.id)
        if entry is None:
            continue
        used = entry.get("figures") if isinstance(entry.get("figures"), dict) else {}
        for key, year in item_refs(item):
            if key in answers and (used.get(key) or {}).get(year) != answers[key]:
                stale.append(item.id)
                break
    if not stale:
        return []
    data = apply_answers(data_from_results(form, results), form, answers)
    fresh = {r.item_id: r for r in score_quantitative(form, data)}
    for iid in stale:
        entry = entries[iid]
        old_reason = str(entry.get("reason") or "")
        kept_flags = [f for f in entry.get("flags") or [] if f and f in old_reason]   # cross-check messages
        citations = entry.get("citations") or []
        new = quant_entry(fresh[iid])
        new["citations"] = citations
        for flag in kept_flags:
            if flag not in new["flags"]:
                new["flags"].append(flag)
                new["reason"] += f"；{flag}"
        entry.update(new)
    results["total"] = {**(results.get("total") or {}), **totals_of(results["items"])}
    return stale
