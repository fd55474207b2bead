"""Split text into clauses and read each clause's modality.

Splitting, kept simple on purpose:

1. Sentences end at 。；！？ (and ; ! ? and a line break) — ``clauses.sentence_end``
   in rules/lexicon.yaml.
2. Inside a sentence the text is cut at ， and ： into pieces.  A piece opens a
   new clause only when it carries a modality cue of its own (a new predicate
   such as 下一步将…, 尚未…, 已…); a piece without a cue stays with the clause
   before it and shares its modality.  So "已出台方案，下一步将制定细则" is two
   clauses (done, planned), while "计划明年建成平台，届时开展会诊" and
   "如遇特殊情况，可顺延一周" stay whole (planned, conditional).
3. A short piece without a cue, or with only a goal year (up to
   ``clauses.adverbial_max_chars``), in front of a piece with one is an
   adverbial and joins it: "到2020年，力争…" is one planned clause.

Modality of a clause: the strongest cue in it, in the lexicon's precedence
(conditional > negated > planned > permissive > done > target); "neutral"
when there is no cue. A cue inside one of its exception words (无偿, 未来,
待遇 …) or exception patterns (没有一家不…) does not count.
Every clause keeps ``start``/``end`` offsets into the text, so
``text[start:end] == clause.text``.
"""
from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .lexicon import Lexicon, load

NEUTRAL = "neutral"
_STRIP = " \t\u3000"


@dataclass(frozen=True)
class Cue:
    modality: str
    word: str          # the cue as found in the text
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int
    modality: str                  # done | planned | negated | conditional | neutral
    cues: tuple[Cue, ...] = ()
    sentence: int = 0              # 0-based sentence number within the text


def _occurrences(text: str, word: str):
    i = text.find(word)
    while i >= 0:
        yield i, i + len(word)
        i = text.find(word, i + 1)


def _inside_exception(text: str, s: int, e: int, exceptions: tuple[str, ...]) -> bool:
    for w in exceptions:
        # look only at exception occurrences that could cover [s, e)
        lo = max(0, e - len(w))
        hi = min(len(text), s + len(w))
        for a, b in _occurrences(text[lo:hi], w):
            if lo + a <= s and e <= lo + b:
                return True
    return False


_AUTOMATA: dict[int, tuple[Lexicon, "ahocorasick.Automaton | None"]] = {}


def _automaton(lex: Lexicon):
    """One Aho-Corasick automaton over every cue word of every modality, built once per
    lexicon: a text is scanned once for all of them instead of once per word."""
    held = _AUTOMATA.get(id(lex))
    if held is not None and held[0] is lex:
        return held[1]
    words: dict[str, list[str]] = {}
    for modality in lex.precedence:
        for word in lex.modality[modality].cues:
            if word and modality not in words.setdefault(word, []):
                words[word].append(modality)
    automaton = None
    if words:
        automaton = ahocorasick.Automaton()
        for word, modalities in words.items():
            automaton.add_word(word, (len(word), tuple(modalities)))
        automaton.make_automaton()
    _AUTOMATA[id(lex)] = (lex, automaton)
    return automaton


def _literal_spans(text: str, lex: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """(start, end) of every occurrence of every cue word, overlapping ones too, by modality."""
    automaton = _automaton(lex)
    out: dict[str, list[tuple[int, int]]] = {}
    if automaton is None or not text:
        return out
    for last, (length, modalities) in automaton.iter(text):
        span = (last + 1 - length, last + 1)
        for modality in modalities:
            out.setdefault(modality, []).append(span)
    return out


def find_cues(text: str, lex: Lexicon | None = None) -> list[Cue]:
    """Every modality cue in ``text`` that is not inside an exception word."""
    lex = lex or load()
    found: list[Cue] = []
    literal = _literal_spans(text, lex)
    for modality in lex.precedence:
        cs = lex.modality[modality]
        spans: list[tuple[int, int]] = literal.get(modality, [])
        for rx in cs.patterns:
            spans.extend((m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start())
        blocked = [(m.start(), m.end()) for rx in cs.exception_patterns for m in rx.finditer(text)]
        for s, e in sorted(set(spans)):
            if _inside_exception(text, s, e, cs.exceptions) or any(a <= s and e <= b for a, b in blocked):
                continue
            found.append(Cue(modality, text[s:e], s, e))
    found.sort(key=lambda c: (c.start, -c.end))
    return found


def classify(text: str, lex: Lexicon | None = None) -> tuple[str, tuple[Cue, ...]]:
    """(modality, cues) of one clause."""
    lex = lex or load()
    cues = tuple(find_cues(text, lex))
    present = {c.modality for c in cues}
    for modality in lex.precedence:
        if modality in present:
            return modality, cues
    return NEUTRAL, cues


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _STRIP:
        e -= 1
    return s, e


def _pieces(text: str, s: int, e: int, seps: str) -> list[tuple[int, int]]:
    out, a = [], s
    for i in range(s, e):
        if text[i] in seps:
            out.append((a, i))
            a = i + 1
    out.append((a, e))
    return [p for p in (_trimmed(text, a, b) for a, b in out) if p[1] > p[0]]


def sentences(text: str, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without its closing punctuation."""
    lex = lex or load()
    ends = set(lex.sentence_end)
    out, a = [], 0
    for i, ch in enumerate(text):
        if ch in ends:
            out.append((a, i))
            a = i + 1
    out.append((a, len(text)))
    return [p for p in (_trimmed(text, a, b) for a, b in out) if p[1] > p[0]]


def _adverbial(piece: str, lex: Lexicon) -> bool:
    """A short piece with no cue, or with only a goal year (到2020年), is an adverbial."""
    return all(c.modality == "target" for c in find_cues(piece, lex))


def split_clauses(text: str, lex: Lexicon | None = None) -> list[Clause]:
    """Clauses of ``text`` with offsets and modality (see the module doc)."""
    lex = lex or load()
    clauses: list[Clause] = []
    for n, (s, e) in enumerate(sentences(text, lex)):
        groups: list[list[int]] = []
        for a, b in _pieces(text, s, e, lex.clause_sep):
            has_cue = bool(find_cues(text[a:b], lex))
            if groups and not has_cue:
                groups[-1][1] = b
            else:
                groups.append([a, b])
        # a short leading piece without a cue is an adverbial: 到2020年，力争…
        merged: list[list[int]] = []
        for g in groups:
            prev = merged[-1] if merged else None
            if (prev is not None and lex.adverbial_max_chars
                    and prev[1] - prev[0] <= lex.adverbial_max_chars and _adverbial(text[prev[0]:prev[1]], lex)):
                prev[1] = g[1]
            else:
                merged.append(list(g))
        for a, b in merged:
            modality, cues = classify(text[a:b], lex)
            shifted = tuple(Cue(c.modality, c.word, c.start + a, c.end + a) for c in cues)
            clauses.append(Clause(text[a:b], a, b, modality, shifted, n))
    return clauses


def modality_of(text: str, lex: Lexicon | None = None) -> str:
    """The modality of a short text taken as one clause."""
    return classify(text, lex)[0]
