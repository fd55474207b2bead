"""Targets and goals: 到2020年…全面建成, 力争, …的目标.

A goal is a plan, not a fact, with or without 将/拟 — the clause reader marks it
``target`` (rules/lexicon.yaml). Two things turn a goal's wording back into a
fact: an explicit done cue in the same clause (到2018年底，已建成…, which the
clause reader's precedence already settles), and a report dated after the goal
year that says where things stood (到2018年底，全市共建成医联体12个, in the
2018 summary): ``reads_as_fact``.
"""
from __future__ import annotations

import re

from .clauses import Clause

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def goal_years(clause: Clause) -> list[int]:
    """The years named by the clause's goal cues (到2020年 → 2020)."""
    out = []
    for cue in clause.cues:
        if cue.modality == "target":
            out += [int(m.group(1)) for m in _YEAR.finditer(cue.word)]
    return out


def reads_as_fact(clause: Clause, report_year: int | None) -> bool:
    """A goal year that is not after the year of the report that states it: a fact."""
    years = goal_years(clause)
    if not years or report_year is None:
        return False
    if any(c.modality == "target" and not _YEAR.search(c.word) for c in clause.cues):
        return False                       # …的目标 is a goal whatever the date
    return max(years) <= report_year
