"""Meetings in a 会议纪要 / 会议记录, several per document (a minutes book).

Fields come as ``时间：2017年3月6日`` lines, ``时间 2017年3月6日`` lines, or a
table whose label cell is followed by the value cell in the same row.  Labels
live in rules/lexicon.yaml (``meeting.fields``).  A new meeting starts when a
date field arrives for a meeting that already has one, or at a short heading
such as ``第二次院务会会议记录`` once the current meeting has fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Block, Locator
from ..text.dates import Date, find_dates
from ..text.lexicon import Lexicon, load
from .gongwen import labelled_values, squash

_SPACES = " \t\u3000"
_HELD_RE = re.compile(r"召开|举行|在.{0,16}开会")


@dataclass(frozen=True)
class Field:
    value: str
    loc: Locator
    block: int


@dataclass(frozen=True)
class Meeting:
    date: Date | None = None
    date_field: Field | None = None
    place: Field | None = None
    host: Field | None = None
    attendees: tuple[Field, ...] = ()
    observers: tuple[Field, ...] = ()      # 列席
    absent: tuple[Field, ...] = ()
    recorder: Field | None = None
    topics: tuple[Field, ...] = ()
    decisions: tuple[Field, ...] = ()
    heading: Field | None = None

    @property
    def iso_date(self) -> str | None:
        return self.date.iso() if self.date and self.date.precision == "day" else None

    def has_fields(self) -> bool:
        return any((self.date_field, self.place, self.host, self.attendees, self.topics, self.decisions,
                    self.recorder, self.observers))


_SINGLE = {"place", "host", "recorder"}
_MULTI = {"attendees", "observers", "absent", "topics", "decisions"}


def _field_of(label: str, lex: Lexicon) -> str | None:
    for name, labels in lex.meeting_fields.items():
        if label in labels:
            return name
    return None


def find_meetings(blocks: tuple[Block, ...] | list[Block], default_year: int | None = None,
                  lex: Lexicon | None = None) -> list[Meeting]:
    """Meetings found in ``blocks``, in order, each field with its locator."""
    lex = lex or load()
    blocks = list(blocks)
    all_labels = [w for labels in lex.meeting_fields.values() for w in labels]
    by_block: dict[int, list[tuple[str, str, int]]] = {}
    value_blocks = set()
    for label, value, i in labelled_values(blocks, all_labels):
        by_block.setdefault(i, []).append((label, value, i))
        value_blocks.add(i)
    decision_labels = sorted(lex.meeting_fields.get("decisions", ()), key=len, reverse=True)
    heading_rx = lex.meeting_heading

    meetings: list[Meeting] = []
    cur = Meeting()

    def flush():
        nonlocal cur
        if cur.has_fields():
            meetings.append(cur)
        cur = Meeting()

    for i, b in enumerate(blocks):
        text = b.text.strip(_SPACES)
        if not text:
            continue
        s = squash(text)
        entries = by_block.get(i, [])
        if not entries and b.kind != "table-cell" and len(s) <= 30 and heading_rx and heading_rx.search(s) \
                and not s.endswith(("。", "；")):
            if cur.has_fields():
                flush()
            ds = find_dates(text, default_year)
            heading = Field(s, b.loc, i)
            cur = replace(cur, heading=heading)
            if ds and ds[0].precision == "day" and ds[0].year:
                cur = replace(cur, date=ds[0], date_field=heading)
            continue
        if not entries and cur.date is None and b.kind != "table-cell" and _HELD_RE.search(s):
            # "3月12日上午，院长办公会在第一会议室召开": the date of a meeting held
            ds = [d for d in find_dates(text, default_year) if d.precision == "day" and d.year]
            if ds:
                cur = replace(cur, date=ds[0], date_field=Field(text, b.loc, i))
        if not entries:
            # 会议决定… / 会议确定… as a sentence without a colon
            for label in decision_labels:
                if s.startswith(label) and b.kind != "table-cell":
                    value = re.sub(rf"^{re.escape(label)}[:：]?", "", text.strip(_SPACES)).strip(_SPACES)
                    entries = [(label, value or text, i)]
                    break
        for label, value, j in entries:
            name = _field_of(label, lex)
            if name is None:
                continue
            f = Field(value, blocks[j].loc, j)
            if name == "date":
                ds = find_dates(value, default_year)
                if not ds:
                    continue          # a table header 日期 | 活动 is not a meeting date
                if cur.date_field is not None and cur.date_field is not cur.heading:
                    flush()
                date = next((d for d in ds if d.precision == "day" and d.year), None)
                cur = replace(cur, date=date or cur.date, date_field=f)
            elif name in _SINGLE:
                if getattr(cur, name) is not None and name in ("host", "place"):
                    flush()
                cur = replace(cur, **{name: f})
            elif name in _MULTI:
                cur = replace(cur, **{name: getattr(cur, name) + (f,)})
    flush()
    return meetings
