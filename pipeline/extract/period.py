"""Periods: is a document in force for, or about, the assessment year?

- A plan or 办法 with an explicit period (《…规划（2015—2017年）》, 有效期至2017年12月31日,
  试行期至2015年12月31日, 有效期3年, 适用于2021年度考核) has expired after it: it is no evidence
  for a later year.
- A 制度 issued years earlier and still in force counts: no period means in force.
- A report or summary about year Y (its title says Y) may be dated early in Y+1
  (the 2018 annual report dated 2019年1月10日): it counts for Y.
- The previous year's summary is not this year's (``about_years``).
- A record that names the months it covers (《2019年10月教学活动登记》, 2019年3—4月 under its
  title) is a record of those months (``months_covered``): a rate is judged over them.
- A rule or decision that takes effect only after the assessment year
  (自2019年1月1日起，…纳入绩效考核 in a 2018 assessment; 本办法自2019年1月1日起施行)
  was not in force during it: for that year it is a plan (``starts_after``).
"""
from __future__ import annotations

import datetime as dt
import re

from ..text.dates import find_dates

_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–－~～至到]+\s*((?:19|20)\d{2})\s*年?")
# 有效期至2017年, 试行期至2015年12月31日, 执行期限至…, 适用期限为2016年1月1日至2018年12月31日;
# a group's term (本届领导小组任期为2013年1月至2015年12月)
_VALID_UNTIL = re.compile(r"(?:有效期|试行期|执行期|实施期|适用期|任期|聘期)(?:限)?(?:为|是)?[^，。；]{0,16}?(?:至|到|截至|止于)\s*"
                          r"((?:19|20)\d{2})\s*年")
# 本方案适用于2021年度考核: a document for one year
_APPLIES_TO = re.compile(r"适用于\s*((?:19|20)\d{2})\s*年度")
# 有效期3年; 自2019年1月1日起试行，试行期三年 (the period runs from the start it names)
_VALID_YEARS = re.compile(r"(?:(?:自|从)\s*((?:19|20)\d{2})\s*年[^，。；]{0,10}?起[^。；]{0,12}?)?"
                          r"(?:有效期|试行期|执行期|实施期|试用期)\s*(?:限)?\s*(?:为)?\s*([0-9一二两三四五六七八九十]+)\s*年")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# a start: 自/从/于 + date + 起/开始, or date + 起 + 施行/执行/实施/实行/生效 (not 起草, 起步)
_FROM = re.compile(r"(?:[自从]\s*)?$")
_START_AFTER = re.compile(r"^\s*(?:起|开始)(?!草|步|诉|点|止)")
_START_VERB = re.compile(r"^\s*起\s*(?:施行|执行|实施|实行|生效|启用)")
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
    m = _APPLIES_TO.search(head)
    if m:
        return int(m.group(1)), int(m.group(1))
    m = _VALID_YEARS.search(head)
    if m and (issued or m.group(1)):
        n = _int(m.group(2))
        start = int(m.group(1)) if m.group(1) else issued.year
        if 0 < n <= 10:
            return start, start + n - 1
    return None


def starts_after(text: str, year: int | None) -> bool:
    """The sentence makes what it says start after ``year`` (自2019年1月1日起, 2019年起施行).

    A date in the year or before (自2017年7月1日起施行) is in force; a date without a
    year is read as no start."""
    if not year or ("起" not in text and "开始" not in text):
        return False
    for d in find_dates(text):
        if d.year is None or d.year <= year:
            continue
        tail = text[d.end:d.end + 6]
        head = text[max(0, d.start - 2):d.start]
        if _START_VERB.match(tail) or (_START_AFTER.match(tail) and _FROM.search(head)):
            return True
    return False


_IN_FORCE = re.compile(r"本(?:办法|制度|规定|细则|方案|章程|协议|意见|规则|措施|实施方案|管理办法|汇编|条例)[^。；]{0,12}?自")


_DEADLINE_AFTER = re.compile(r"^\s*(?:年底|年末|月底|月末|底)?\s*(?:前|以前|之前|起|开始|内|期间每|为止|止)")
_OPENING_MONTH = re.compile(r"^\s*(1[0-2]|0?[1-9])\s*月份?(?:\s*(?:[12][0-9]|3[01]|0?[1-9])\s*日)?\s*[，,]")
_RECURRING = re.compile(r"每年|每月|每季度|每半年|每周|届时|力争|计划|拟|预计|将于|目标")


def narrates_past(sentence: str, issued: dt.date | None, year: int | None, schedule: bool = False) -> bool:
    """The sentence tells what was done at a named time before the document was written
    (2020年3月至8月，科室…修订16项; 3月，平台正式上线运行 in a paper of July): a fact, even in a
    制度, a 方案 or a 工作意见. A deadline (2020年底前),
    a start (自2019年起), a recurring time (每年3月) or a plan word is no such time."""
    if _RECURRING.search(sentence):
        return False
    limit = issued or (dt.date(year, 12, 31) if year else None)
    if limit is None:
        return False
    dates = [d for d in find_dates(sentence, default_year=issued.year if issued else None) if d.year and d.month]
    if not dates:
        # a sentence that opens with a month (3月，平台正式上线运行) in a paper dated later that year;
        # in a plan (``schedule``) such a month is a step of the timetable, of the year planned for
        m = _OPENING_MONTH.match(sentence)
        return bool(m and issued and not schedule and int(m.group(1)) < issued.month)
    for d in dates:
        last = d.until or d
        tail = sentence[last.end:last.end + 4]
        if _DEADLINE_AFTER.match(tail):
            return False
        if (last.year, last.month) > (limit.year, limit.month):
            return False
    return True


def in_force_year(text: str) -> int | None:
    """The year a document says it takes effect (本办法自2019年1月1日起施行), or None."""
    for m in _IN_FORCE.finditer(text or ""):
        window = text[m.end() - 1:m.end() + 30]
        for d in find_dates(window):
            tail = window[d.end:d.end + 6]
            if d.year and (_START_VERB.match(tail) or _START_AFTER.match(tail)):
                return d.year
    return None


def expired(period: tuple[int, int] | None, year: int) -> bool:
    """The period ended before the assessment year."""
    return period is not None and period[1] < year


def report_about_year(about: set[int] | frozenset[int], date: dt.date | None, year: int) -> bool:
    """A report about ``year`` dated early the next year (the annual report written in January)."""
    return (date is not None and set(about) == {year} and date.year == year + 1
            and date.month <= REPORT_GRACE_MONTHS)


# 2019年3—4月, 2019年3月—4月, 2019年3月至2019年6月, 2019年10月 (a month, or months, of one year)
_MONTHS = re.compile(r"((?:19|20)\d{2})\s*年\s*(1[0-2]|0?[1-9])\s*月?\s*(?:[-—–－~～至到]+\s*"
                     r"(?:((?:19|20)\d{2})\s*年)?\s*(1[0-2]|0?[1-9])\s*)?月(?!\s*\d{1,2}\s*[日号])")


def months_covered(*texts: str) -> tuple[dt.date, dt.date] | None:
    """The months a record says it covers, from its title or the period line under it: the
    first and last day. A date to the day (2019年10月8日) is no period; a whole year names none."""
    for text in texts:
        m = _MONTHS.search(text or "")
        if not m:
            continue
        y1, m1 = int(m.group(1)), int(m.group(2))
        y2 = int(m.group(3)) if m.group(3) else y1
        m2 = int(m.group(4)) if m.group(4) else m1
        if (y2, m2) < (y1, m1) or y2 > y1 + 1:
            continue
        end = dt.date(y2 + (m2 == 12), m2 % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(y1, m1, 1), end
    return None
