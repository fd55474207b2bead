"""Coverage: did it happen for every unit, or for some?

"所有/全部/各…均" needs every unit. "12个中有8个", "18个中只有12个", "只有市中心医院医疗集团",
"8家…其余15家未开展", "3个医联体中，中部医联体已…" (fewer named than the total),
"16家卫生院中，建成特色科室的有以下10家" (fewer than the total), "部分/个别/少数", a rate under 100% (覆盖率60%), and a sentence about
one named member (县人民医院医共体实现…) say that only some did; "全部", "均已", "100%", "全覆盖", "没有一家不" say that all did. ``coverage`` reads
one sentence (or a sentence and the next, where 其余… follows) and says which.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_N = r"(\d+|[一二两三四五六七八九十百]+)"
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_M = r"(?:个|家|所|项|名|人|条|支)"

_OF = re.compile(_N + _M + r"?[^，。；]{0,14}?中(?:的)?(?:有|仅有|只有|仅|共有)?" + _N + _M)
_DONE_OF = re.compile(r"(?:共|全部)?" + _N + _M + r"[^，。；]{0,10}?(?:只|仅)?完成(?:了)?" + _N + _M)
# 3个医联体中，中部医联体已实现…: a total, then fewer members named as having done it
_NAMED_OF = re.compile(_N + _M + r"[^，。；]{0,14}?中[，,]?(?!所有|全部|各|均)(?P<named>[\u4e00-\u9fa5、和及与]{2,40}?)"
                       r"(?:已经|已|均已|先行|率先)")
# 全县16家乡镇卫生院中，已建成特色科室的有以下10家: of the total, those that did it are fewer
_THOSE_OF = re.compile(_N + _M + r"[^，。；]{0,14}?中[，,](?!所有|全部|各|均)[^。；]{0,40}?(?:的|者)(?:有|共有|仅有|只有|为)(?:以下|如下|下列)?"
                       + _N + _M)
# 协议约定的5项年度任务中，胸痛中心建设、新技术引进两项已完成: the total, named members, their count
_COUNTED_OF = re.compile(_N + _M + r"[^，。；]{0,14}?中[，,](?!所有|全部|各|均)[^。；]{0,40}?" + _N + _M
                         + r"[\u4e00-\u9fa5]{0,4}?(?:已经|已|均已)")
_FRACTION = re.compile(r"(?<![\d/])(\d+)\s*/\s*(\d+)(?![\d/])")
_REST = re.compile(r"其余" + _N + "?" + _M + r"?[^。；]{0,30}?(?:尚未|未|没有|暂未|仍未|还未|均未)")
_ONLY = re.compile(r"(?:仅|只|仅有|只有)(?:" + _N + _M + r"|[\u4e00-\u9fa5]{2,16}?(?:医院|集团|医共体|医联体|中心|卫生院))")
_SOME = re.compile(r"(?<![第一二三四五六七八九十])(?:部分|个别|少数|多数|大部分|大多数|半数)(?!工作|内容|人员认为)")
_RATE = re.compile(r"(?:覆盖率|占比|比例|覆盖面|参与率|签约率|达到|达)\D{0,6}?(\d+(?:\.\d+)?)\s*[%％]")
# a statement about one named member (市中心医院医疗集团已…, 县人民医院医共体实现…) is about that one
_ONE = re.compile(r"^(?:其中|目前|现|截至目前|今年)?[，,]?[\u4e00-\u9fa5]{1,12}?(?:人民医院|中医院|中心医院|医院|卫生院)"
                  r"(?:医疗集团|医共体|医联体|集团)?(?:已经|已|率先|先行|目前|均)?(?:实现|开展|完成|建成|开放|下放|启用|"
                  r"接入|上线|运行|落实)")
_ALL = re.compile(r"所有|全部|全体|(?<![人平次户])均(?![衡等值匀])|都已|无一例外|全覆盖|100\s*[%％]|每[个家所名]")


@dataclass(frozen=True)
class Coverage:
    scope: str | None           # "all" | "part" | None (the sentence does not say)
    phrase: str = ""            # the words that said it


def _int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    if "十" in text:
        a, _, b = text.partition("十")
        return _CN.get(a, 1) * 10 + _CN.get(b, 0)
    return _CN.get(text, 0)


def coverage(text: str) -> Coverage:
    """Whether ``text`` says that all units did it, or only some."""
    t = re.sub(r"\s+", "", text)
    for rx in (_OF, _DONE_OF, _THOSE_OF, _COUNTED_OF):
        for m in rx.finditer(t):
            total, have = _int(m.group(1)), _int(m.group(2))
            if 0 < have < total:
                return Coverage("part", m.group(0))
    for m in _NAMED_OF.finditer(t):
        named = [x for x in re.split(r"[、和及与]", m.group("named")) if x]
        total = _int(m.group(1))
        if named and len(named) < total and not re.search(r"\d|[一二两三四五六七八九十]+" + _M, m.group("named")):
            return Coverage("part", m.group(0))
    for m in _FRACTION.finditer(t):
        have, total = int(m.group(1)), int(m.group(2))
        if 0 < have < total <= 10000 and not re.search(r"\d\s*/\s*\d+\s*/", t[m.start():m.end() + 3]):
            return Coverage("part", m.group(0))
    m = _REST.search(t) or _ONLY.search(t) or _SOME.search(t)
    if m:
        return Coverage("part", m.group(0))
    m = _ONE.match(t)
    if m and not _ALL.search(t[:m.end()]):
        return Coverage("part", m.group(0))
    for m in _RATE.finditer(t):
        if float(m.group(1)) < 100:
            return Coverage("part", m.group(0))
    m = _ALL.search(t)
    if m:
        return Coverage("all", m.group(0))
    return Coverage(None)
