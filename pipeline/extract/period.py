"""Periods: is a document in force for, or about, the assessment year?

- A plan or 办法 with an explicit period (《…规划（2015—2017年）》, 有效期至2017年12月31日,
  有效期3年) has expired after it: it is no evidence for a later year.
- A 制度 issued years earlier and still in force counts: no period means in force.
- A report or summary about year Y (its title says Y) may be dated early in Y+1
  (the 2018 annual report dated 2019年1月10日): it counts for Y.
- The previous year's summary is not this year's (``about_years``).
"""
from __future__ import annotations

import datetime as dt
import re

_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–－~～至到]+\s*((?:19|20)\d{2})\s*年?")
_VALID_UNTIL = re.compile(r"有效期(?:至|到|截至)\s*((?:19|20)\d{2})\s*年")
_VALID_YEARS = re.compile(r"有效期\s*(?:为)?\s*([0-9一二两三四五六七八九十]+)\s*年")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
REPORT_GRACE_MONTHS = 3          # an annual report about Y may be dated up to March of Y+1


def _int(text: str) -> int:
    return int(text) if text.isdigit() else _CN.get(text, 0)


def period_of(title: str, text: str = "", issued: dt.date | None = None) -> tuple[int, int] | None:
    """(first year, last year) a document says it is for, or None when it names no period."""
    m = _RANGE.search(title or "")
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 15:
            return a, b
    head = (text or "")[:20000]
    m = _VALID_UNTIL.search(head)
    if m:
        return (issued.year if issued else int(m.group(1))), int(m.group(1))
    m = _VALID_YEARS.search(head)
    if m and issued:
        n = _int(m.group(1))
        if 0 < n <= 10:
            return issued.year, issued.year + n - 1
    return None


def expired(period: tuple[int, int] | None, year: int) -> bool:
    """The period ended before the assessment year."""
    return period is not None and period[1] < year


def report_about_year(about: set[int] | frozenset[int], date: dt.date | None, year: int) -> bool:
    """A report about ``year`` dated early the next year (the annual report written in January)."""
    return (date is not None and set(about) == {year} and date.year == year + 1
            and date.month <= REPORT_GRACE_MONTHS)
