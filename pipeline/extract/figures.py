"""Figures with the label they belong to: 重点人群签约率达到62.3% → (重点人群签约率, 62.3, %).

A figure is an Arabic number followed by a unit from rules/lexicon.yaml
(``figures.units``: percent, count, days, months, hours, money) or a ratio
``1:3``.  Its label is the text before it back to the previous punctuation,
date or figure, with link words (达到, 为, 累计 …) taken off the end (kept as
``relation``) and lead words (全年, 目前 …) off the start.  Numbers inside
dates, 文号 (〔2017〕9号) and ordinals (第3次) are not figures.  Each figure
keeps its source span and the modality of its clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.clauses import split_clauses
from ..text.dates import find_dates
from ..text.lexicon import Lexicon, load

_BOUNDARY = set("，。；：、,;:（）()《》“”\"!！？?\n")
_SPACES = " \t\u3000"


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str                 # as written: %, 人次, 万元 …
    unit_kind: str            # percent | count | days | months | hours | money | ratio
    relation: str | None      # the link word between label and number: 达到, 为, 累计 …
    start: int
    end: int
    text: str                 # the exact source text[start:end] (number and unit)
    modality: str             # of the clause the figure sits in


def _unit_regex(lex: Lexicon) -> tuple[re.Pattern, dict[str, str]]:
    kinds: dict[str, str] = {}
    for kind, units in (lex.figures.get("units") or {}).items():
        for u in units:
            kinds.setdefault(u, kind)
    alt = "|".join(re.escape(u) for u in sorted(kinds, key=len, reverse=True))
    rx = re.compile(rf"(?<![\d.〔\[（(第])(?P<num>\d+(?:\.\d+)?)[ \t\u3000]*(?P<unit>{alt})"
                    rf"|(?<![\d.])(?P<a>\d+(?:\.\d+)?)[ \t]*[:：∶][ \t]*(?P<b>\d+(?:\.\d+)?)(?![\d.])")
    return rx, kinds


def _label(text: str, start: int, floor: int, lex: Lexicon) -> tuple[str, str | None]:
    i = start
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    raw = text[i:start].strip(_SPACES)
    link_words = sorted(lex.figures.get("link_words") or [], key=len, reverse=True)
    lead_words = sorted(lex.figures.get("lead_words") or [], key=len, reverse=True)
    relation: list[str] = []
    changed = True
    while changed and raw:
        changed = False
        for w in link_words:
            if raw.endswith(w) and len(raw) > len(w):
                relation.insert(0, w)
                raw = raw[: -len(w)].rstrip(_SPACES)
                changed = True
                break
        else:
            if raw in link_words:
                relation.insert(0, raw)
                raw = ""
    changed = True
    while changed and raw:
        changed = False
        for w in lead_words:
            if raw.startswith(w) and len(raw) > len(w):
                raw = raw[len(w):].lstrip(_SPACES)
                changed = True
                break
    lead_rx = lex.figures.get("lead_regex")
    if lead_rx:
        raw = re.sub(lead_rx, "", raw).lstrip(_SPACES) or raw
    cap = int(lex.figures.get("max_label_chars") or 16)
    if len(raw) > cap:
        raw = raw[-cap:]
    return raw, ("".join(relation) or None)


def find_figures(text: str, lex: Lexicon | None = None) -> list[Figure]:
    """Figures in ``text`` with labels, spans and the modality of their clause."""
    lex = lex or load()
    rx, kinds = _unit_regex(lex)
    date_spans = []
    for d in find_dates(text):
        date_spans.append((d.start, (d.until or d).end))
    clauses = split_clauses(text, lex)
    out: list[Figure] = []
    floor = 0
    for m in rx.finditer(text):
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in date_spans):
            continue
        if m.group("num") is not None:
            unit = m.group("unit")
            value, unit_kind = float(m.group("num")), kinds[unit]
        else:
            unit, unit_kind = ":", "ratio"
            b = float(m.group("b"))
            if b == 0:
                continue
            value = float(m.group("a")) / b
        prev_end = max([a_end for a_start, a_end in date_spans if a_end <= s] + [floor], default=0)
        label, relation = _label(text, s, prev_end, lex)
        modality = next((c.modality for c in clauses if c.start <= s < c.end), "neutral")
        out.append(Figure(label, value, unit, unit_kind, relation, s, e, text[s:e], modality))
        floor = e
    return out
