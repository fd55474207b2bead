"""Concept matching: synonym groups over text with spaces and line breaks ignored.

A concept list is ``[[a, b], [c]]``: every group must be found, any synonym of a
group will do. "…" inside a synonym is a short gap (``GAP_CHARS``), so
"院长…任组长" finds "院长孔祥瑞任组长". Matching runs on the text with white
space removed and traditional characters read as simplified; spans are mapped
back to the original text so quotes stay verbatim.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import ahocorasick

from ..rulebook.schema import GAP_CHARS
from ..extract.people import guarded
from ..text.variants import simplified

_WHITE = re.compile(r"\s+")


@dataclass(frozen=True)
class Squashed:
    text: str                  # the text without white space
    index: tuple[int, ...]     # index[i] = position in the original text of text[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of the squashed span [start, end)."""
        return self.index[start], self.index[end - 1] + 1


def squash(text: str) -> Squashed:
    """The text without white space, traditional characters read as simplified."""
    text = simplified(text)
    if not _WHITE.search(text):
        return Squashed(text, tuple(range(len(text))))
    index = tuple(i for i, ch in enumerate(text) if not ch.isspace())
    return Squashed(_WHITE.sub("", text), index)


@lru_cache(maxsize=4096)
def synonym_pattern(synonym: str) -> re.Pattern:
    parts = [guarded(_WHITE.sub("", p)) for p in synonym.split("…")]
    return re.compile(f"[^。；！？]{{0,{GAP_CHARS}}}?".join(parts))


def find_synonym(text: str, synonym: str) -> tuple[int, int] | None:
    m = synonym_pattern(synonym).search(text)
    return (m.start(), m.end()) if m else None


def find_group(text: str, group: list[str]) -> tuple[int, int, str] | None:
    """The earliest match of any synonym of ``group`` in squashed ``text``."""
    best: tuple[int, int, str] | None = None
    for synonym in group:
        hit = find_synonym(text, synonym)
        if hit and (best is None or hit[0] < best[0]):
            best = (hit[0], hit[1], synonym)
    return best


def match_all(text: str, groups: list[list[str]]) -> list[tuple[int, int, str]] | None:
    """One match per group, or None when some group is missing."""
    hits = []
    for group in groups:
        hit = find_group(text, group)
        if hit is None:
            return None
        hits.append(hit)
    return hits


def all_occurrences(text: str, groups: list[list[str]]) -> list[tuple[int, int]]:
    """Every occurrence of every synonym of every group (to find all clauses a topic touches)."""
    spans = []
    for group in groups:
        for synonym in group:
            spans += [(m.start(), m.end()) for m in synonym_pattern(synonym).finditer(text)]
    return spans


def mentions(text: str, groups: list[list[str]]) -> bool:
    """True when every group is mentioned somewhere in ``text`` (any white space ignored)."""
    return match_all(_WHITE.sub("", simplified(text)), groups) is not None


# a noun followed by 内/内部/之间/间, or by one of its member institutions, and more words says where
# or whose the title's subject is, not what it is: 关于加强医联体内基层帮扶工作的指导意见 is about
# 基层帮扶; 关于城市医疗集团上级医院为转诊患者提供优先服务的指导意见 about the hospitals' service
# (members only, not people: 派驻人员期满考核 is about the seconded staff)
_LOCATIVE = re.compile(r"(?:内部?|之间|间|的?(?:牵头医院|核心医院|上级医院|下级医院|成员单位|成员医院|各成员|"
                       r"基层医疗卫生机构|基层医疗机构))(?=[\u4e00-\u9fa5]{2})")


def names_topic(title: str, groups: list[list[str]]) -> bool:
    """True when every group is mentioned in ``title`` other than as a place or an owner only: an
    occurrence followed by a locative or a member (医联体内基层帮扶, 集团之间人员流动, 医疗集团上级医院
    为转诊患者提供优先服务) names where or whose another subject is."""
    text = _WHITE.sub("", simplified(title))
    for group in groups:
        found = False
        for synonym in group:
            for m in synonym_pattern(synonym).finditer(text):
                if not _LOCATIVE.match(text, m.end()):
                    found = True
                    break
            if found:
                break
        if not found:
            return False
    return True


class LiteralIndex:
    """Every synonym of a rulebook in one Aho-Corasick automaton, built once per rulebook: one
    pass over a text gives the literal pieces it holds, and a synonym one of whose pieces is
    missing cannot match there, so its pattern is never run. Synonyms the index does not know
    (concepts from elsewhere) are always run."""

    def __init__(self, synonyms: Iterable[str]):
        self.pieces: dict[str, tuple[str, ...]] = {}
        for synonym in set(synonyms):
            pieces = tuple(p for p in (_WHITE.sub("", x) for x in synonym.split("…")) if p)
            if pieces:
                self.pieces[synonym] = pieces
        self._automaton = None
        literals = {p for ps in self.pieces.values() for p in ps}
        if literals:
            self._automaton = ahocorasick.Automaton()
            for literal in literals:
                self._automaton.add_word(literal, literal)
            self._automaton.make_automaton()

    def starts(self, text: str) -> dict[str, list[int]]:
        """Where each literal piece of the rulebook's synonyms starts in ``text`` (ascending)."""
        found: dict[str, list[int]] = {}
        if self._automaton is None or not text:
            return found
        for end, word in self._automaton.iter(text):
            found.setdefault(word, []).append(end - len(word) + 1)
        return found

    def may_match_within(self, starts: dict[str, list[int]], group: list[str], a: int, b: int) -> bool:
        """False only when no synonym of ``group`` can match inside ``text[a:b]`` (``starts`` of
        ``text``): every piece of a synonym must lie wholly inside the window."""
        for synonym in group:
            pieces = self.pieces.get(synonym)
            if pieces is None:
                return True
            for piece in pieces:
                at = starts.get(piece)
                if not at:
                    break
                i = bisect_left(at, a)
                if i == len(at) or at[i] + len(piece) > b:
                    break
            else:
                return True
        return False

    def may_match(self, present: frozenset[str], group: list[str]) -> bool:
        """False only when no synonym of ``group`` can match a text holding ``present``."""
        for synonym in group:
            pieces = self.pieces.get(synonym)
            if pieces is None or all(p in present for p in pieces):
                return True
        return False


def strings_of(value) -> Iterable[str]:
    """Every string inside the lists of a dumped rulebook (its concept lists among them)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from strings_of(v)
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, str):
                yield v
            else:
                yield from strings_of(v)


_INDEXES: dict[int, tuple[object, LiteralIndex]] = {}
_ACTIVE: list[LiteralIndex | None] = [None]


def use_rulebook(form) -> LiteralIndex:
    """Make ``form``'s literal index the one passages are pre-filtered with (built once per form)."""
    held = _INDEXES.get(id(form))
    if held is None or held[0] is not form:
        held = _INDEXES[id(form)] = (form, LiteralIndex(strings_of(form.model_dump())))
    _ACTIVE[0] = held[1]
    return held[1]


def active_index() -> LiteralIndex | None:
    return _ACTIVE[0]
