"""Quantified and timed: what makes a goal 量化 and a plan a 时间表.

量化 needs a number that measures something — a count with its unit (3个, 10名, 2.5万人次),
a rate (85%, 提高5个百分点), an amount (200万元) — not a year (2020年), a date, an
article or section number (第三条, 1.), a 文号, or an indefinite 一批/一些/一系列 (培养一批
学科带头人 names no number). Vague goals (努力提升, 积极开展) have
none, whatever the document's title says (目标责任书).

时间表 needs dated milestones: at least two distinct points in time (2019年6月底前,
第三季度, 10月) tied to tasks.
"""
from __future__ import annotations

import re

from .dates import find_dates

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)"
_UNITS = ("万人次", "人次", "万人", "万元", "亿元", "千元", "元", "个百分点", "百分点", "%", "％", "‰",
          "个", "名", "人", "家", "项", "例", "台", "次", "张", "床", "篇", "场", "期", "批", "所", "种",
          "支", "套", "份", "户", "条", "门", "科", "天", "周", "小时", "分钟", "倍", "级", "万")
_QUANTITY = re.compile(rf"{_NUM}\s*(?:{'|'.join(map(re.escape, _UNITS))})")
_RATE = re.compile(r"(?:提高|降低|增长|下降|减少|增加|上升|达到|不低于|不少于|不超过|以上|以下|超过)\s*" + _NUM)
_NOT_MEASURE = re.compile(r"第\s*" + _NUM + r"\s*(?:条|章|节|款|项|次会议|批次|部分)|"
                          r"一(?:大)?批|一系列|一些|一定数量|一部分|"      # indefinite: no number
                          r"[一二三四]级(?=[甲乙丙]等|医院|综合医院|专科医院|公立医院|以上医院|医疗机构|手术)|"   # a grade (二级甲等, 四级手术)
                          r"(?:19|20)\d{2}\s*(?:年|-|—|－)|\d{1,2}\s*月|\d{1,2}\s*日|〔\d{4}〕\d+号")
_QUARTER = re.compile(r"第[一二三四1-4]季度|[上下]半年|年底前|年内")
_MONTH = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末|中旬|上旬|下旬|初)?(?:前|之前|以前)?")


def quantities(text: str) -> list[str]:
    """The measuring numbers in ``text`` (counts with units, rates, amounts)."""
    t = re.sub(r"\s+", "", text)
    masked = _NOT_MEASURE.sub(lambda m: "□" * len(m.group(0)), t)
    found = [m.group(0) for m in _QUANTITY.finditer(masked)]
    found += [m.group(0) for m in _RATE.finditer(masked) if re.search(r"\d", m.group(0))]
    return found


def quantified(text: str) -> bool:
    return bool(quantities(text))


_BARE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def row_figures(text: str) -> list[str]:
    """Bare numbers of a table row under a header that names what they count
    (一季度 96 31 under 季度 上转 下转): numbers that are not years, dates or numbering."""
    t = re.sub(r"\s+", " ", text)
    masked = _NOT_MEASURE.sub(lambda m: "□" * len(m.group(0)), t)
    return _BARE.findall(masked)


def milestones(text: str) -> set[tuple[int | None, int | None, str]]:
    """Distinct points in time named in ``text``: (year, month, quarter-like word)."""
    points: set[tuple[int | None, int | None, str]] = set()
    for d in find_dates(text):
        if d.month:
            points.add((d.year, d.month, ""))
    flat = re.sub(r"\s+", "", text)
    for m in _QUARTER.finditer(flat):
        points.add((None, None, m.group(0)))
    for m in _MONTH.finditer(flat):
        if not any(p[1] == int(m.group(1)) for p in points):
            points.add((None, int(m.group(1)), ""))
    return points


def timed(text: str) -> bool:
    """At least two dated milestones: a 时间表, not a single deadline."""
    return len(milestones(text)) >= 2


# a part paid or kept at less than before: 绩效工资按50%发放, 奖金减半, 按七成发放, 停发, 扣减
_CUT = re.compile(r"按[^，。；]{0,20}?(?:[1-9]\d?(?:\.\d+)?\s*[%％]|[一二三四五六七八九]成|[二三四五六七八九]折|一半)\s*(?:发放|计发|核发|支付|执行|兑现)"
                  r"|减半|折半|减发|扣减|扣发|停发|暂停发放|不再(?:发放|享受|计发)|(?:降低|下调|减少)\s*[1-9]\d?\s*[%％]?"
                  r"|只发|仅发(?:放)?(?:基本工资|基础)")


def cuts(text: str) -> str | None:
    """The words by which ``text`` pays or keeps part of something at less than before
    (基本工资照发，绩效工资按50%发放): what is cut is not unchanged. None when nothing is cut."""
    m = _CUT.search(text or "")
    return m.group(0) if m else None
