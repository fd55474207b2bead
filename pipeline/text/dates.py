"""Dates as Chinese official documents write them, with their exact source span.

Recognised forms (spaces allowed between the parts, full-width digits too):

- ``2017年6月12日`` / ``2017年6月12号``            day precision
- ``二〇一七年六月十二日`` with 〇 ○ O Ｏ or 零        day precision
- ``2017.6.12`` ``2017-06-12`` ``2017/6/12``       day precision
- ``2017年6月`` / ``二〇一七年六月``                 month precision
- ``2017年`` / ``二〇一七年``                        year precision
- ``6月12日`` / ``十二月三十一日``                    day precision, year unknown
- a range's end: ``2015年4月14日至16日``, ``2015年3月至2016年2月``: the first
  date carries the end in ``until``.

Impossible dates (2月30日, 13月) are not dates.  Every ``Date`` keeps
``start``/``end`` offsets into the text it was found in, so a citation can
quote ``text[start:end]`` verbatim.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_ZERO = "〇○OoＯ零0"
_CN_DIGIT = {c: 0 for c in _ZERO}
_CN_DIGIT.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
_CN_DIGIT.update({c: i for i, c in enumerate("123456789", start=1)})
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")

_SP = r"[ \t\u3000]*"
_YEAR = r"(?<![\d〇○零一二三四五六七八九])(?:\d{4}|[〇○OoＯ零一二三四五六七八九]{4})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九元正])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_RANGE_SEP = r"(?:至|到|—{1,2}|–|-|－|~|～)"

_YMD_RE = re.compile(
    rf"(?P<y>{_YEAR}){_SP}年(?:{_SP}(?P<m>{_MONTH}){_SP}月(?:{_SP}(?P<d>{_DAY}){_SP}[日号])?)?")
_DOTTED_RE = re.compile(
    r"(?<![\d.])(?P<y>\d{4})(?P<sep>[./-])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?![\d])")
_MD_RE = re.compile(
    rf"(?<![\d年月〇○零一二三四五六七八九十])(?P<m>{_MONTH}){_SP}月{_SP}(?P<d>{_DAY}){_SP}[日号]")
_BROKEN_TAIL_RE = re.compile(rf"{_SP}(?:\d+|[〇零一二三四五六七八九十]+){_SP}[月日号]")
_RANGE_DAY_RE = re.compile(
    rf"{_SP}{_RANGE_SEP}{_SP}(?:(?P<y>{_YEAR}){_SP}年{_SP})?(?:(?P<m>{_MONTH}){_SP}月{_SP})?(?P<d>{_DAY}){_SP}[日号]")
_RANGE_MONTH_RE = re.compile(
    rf"{_SP}{_RANGE_SEP}{_SP}(?:(?P<y>{_YEAR}){_SP}年{_SP})?(?P<m>{_MONTH}){_SP}月")


@dataclass(frozen=True)
class Date:
    """A date found in a text; ``year`` is None for 6月12日 without a year."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    text: str                      # the exact source text[start:end]
    until: "Date | None" = None    # the end of a range that starts here

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str | None:
        """YYYY-MM-DD, YYYY-MM or YYYY; None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def last(self) -> "Date":
        """The range end when there is one, else this date."""
        return self.until or self

    def with_year(self, year: int) -> "Date":
        if self.year is not None:
            return self
        until = self.until.with_year(year) if self.until else None
        return Date(year, self.month, self.day, self.start, self.end, self.text, until)


def _cn_int(s: str) -> int | None:
    """1..31 written as 十二, 二十八, 三十一, 元 (=1), or Arabic digits."""
    if s.isdigit():
        return int(s)
    if s in ("元", "正"):
        return 1
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGIT.get(tens, None) if tens else 1
        o = _CN_DIGIT.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    return _CN_DIGIT.get(s) if len(s) == 1 else None


def _year(s: str) -> int | None:
    if s.isdigit():
        y = int(s)
    else:
        if all(c in _ZERO for c in s):
            return None
        try:
            y = int("".join(str(_CN_DIGIT[c]) for c in s))
        except KeyError:
            return None
    return y if 1900 <= y <= 2100 else None


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        try:
            _dt.date(y if y is not None else 2000, m or 1, d)   # 2000: 2月29日 allowed without a year
        except ValueError:
            return False
    return True


def _range_end(text: str, pos: int, first: Date) -> Date | None:
    """The end of a range written right after ``first`` (至16日, —2016年2月)."""
    rx = _RANGE_DAY_RE if first.precision == "day" else _RANGE_MONTH_RE if first.precision == "month" else None
    if rx is None:
        return None
    m = rx.match(text, pos)
    if not m:
        return None
    y = _year(m.group("y")) if m.group("y") else first.year
    mo = _cn_int(m.group("m")) if m.group("m") else first.month
    d = _cn_int(m.group("d")) if "d" in rx.groupindex and m.group("d") else None
    if m.group("y") and y is None:
        return None
    if not _valid(y, mo, d):
        return None
    # the range end's own text starts after the separator
    sep = re.match(rf"{_SP}{_RANGE_SEP}{_SP}", text[m.start():])
    start = m.start() + (sep.end() if sep else 0)
    candidate = Date(y, mo, d, start, m.end(), text[start:m.end()])
    # an end before the start is not a range (2015年9月—3月 is a typo or a list)
    if first.year is not None and y is not None:
        a = (first.year, first.month or 0, first.day or 0)
        b = (y, mo or 0, d or 0)
        if b < a:
            return None
    return candidate


def find_dates(text: str, default_year: int | None = None) -> list[Date]:
    """All dates in ``text``, in order, with their spans.  ``default_year``
    fills in the year of 6月12日-style dates (leave None to keep it unknown)."""
    if not text:
        return []
    work = text.translate(_FULLWIDTH)          # same length: spans stay valid
    found: list[Date] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(d: Date) -> None:
        found.append(d)
        last = d.until or d
        taken.append((d.start, max(d.end, last.end)))

    for rx in (_YMD_RE, _DOTTED_RE, _MD_RE):
        for m in rx.finditer(work):
            if not free(m.start(), m.end()):
                continue
            gy = m.groupdict().get("y")
            y = _year(gy) if gy else None
            if gy and y is None:
                continue
            mo = _cn_int(m.group("m")) if m.group("m") else None
            d = _cn_int(m.group("d")) if m.groupdict().get("d") else None
            if (m.group("m") and mo is None) or (m.groupdict().get("d") and d is None):
                continue
            if not _valid(y, mo, d):
                continue
            if rx is _YMD_RE and _BROKEN_TAIL_RE.match(work, m.end()):
                continue              # 2017年13月1日, 2017年6月32日: an impossible part follows
            if y is None and default_year is not None:
                y = default_year
            date = Date(y, mo, d, m.start(), m.end(), text[m.start():m.end()])
            until = _range_end(work, m.end(), date)
            if until is not None:
                until = Date(until.year, until.month, until.day, until.start, until.end,
                             text[until.start:until.end])
                date = Date(date.year, date.month, date.day, date.start, date.end, date.text, until)
            add(date)
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str, default_year: int | None = None) -> Date | None:
    """The first date in ``text``, or None."""
    dates = find_dates(text, default_year)
    return dates[0] if dates else None


_DATE_LINE_STRIP = " \t\u3000"
_OPEN = "（("
_CLOSE = "）)"


def date_line(text: str) -> Date | None:
    """The date when ``text`` is nothing but one date (a 成文日期 line), else None.

    Surrounding spaces and one pair of brackets are allowed:
    ``二〇一七年十二月五日``, ``2017 年 4 月 11 日``, ``（2017年6月12日）``.
    """
    s = text.strip(_DATE_LINE_STRIP)
    if not s:
        return None
    if s[0] in _OPEN and s[-1] in _CLOSE:
        s = s[1:-1].strip(_DATE_LINE_STRIP)
    dates = find_dates(s)
    if len(dates) != 1:
        return None
    d = dates[0]
    last = d.until or d
    if d.start != 0 or last.end != len(s) or d.year is None or d.precision != "day":
        return None
    offset = text.find(s)
    return _shift(d, offset)


def _shift(d: Date, offset: int) -> Date:
    until = _shift(d.until, offset) if d.until else None
    return Date(d.year, d.month, d.day, d.start + offset, d.end + offset, d.text, until)
