"""Auto-numbering labels of a Word document, computed from ``numbering.xml``.

python-docx gives the text of a numbered paragraph without its label; a
reviewer sees "一、总体要求" / "（一）工作目标" / "1.成立领导小组". This module
parses the list definitions (``w:abstractNum``, ``w:num`` with
``w:lvlOverride``/``w:startOverride``, ``w:numStyleLink``) and keeps the
counters as paragraphs are fed in document order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .docx_xml import MC_ALT, MC_CHOICE, MC_FALLBACK, Styles, _attr, _int, _on, _w

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL = "零壹貳參肆伍陸柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"


def _chinese_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千",
                    drop_leading_one: bool = True) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (as Word writes counters)."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        high, low = divmod(n, 10000)
        head = _chinese_number(high, digits, units, drop_leading_one) + "万"
        if low == 0:
            return head
        tail = _chinese_number(low, digits, units, False)
        return head + (digits[0] if low < 1000 else "") + tail
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, power)
        if d:
            if zero and parts:
                parts.append(digits[0])
            zero = False
            parts.append(digits[d] + unit)
        elif parts:
            zero = True
    text = "".join(parts)
    if drop_leading_one and text.startswith(digits[1] + units[0]):
        text = text[1:]
    return text


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: 27 -> aa, 28 -> bb.
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    n = max(n, 1)
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _enclosed(n: int, first: int, count: int = 20) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the OOXML number format ``fmt`` (w:numFmt/@w:val)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "koreanDigital2"):
        return _chinese_number(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(c)] if c != "0" else "〇" for c in str(n))
    if fmt == "chineseLegalSimplified":
        return _chinese_number(n, _CN_LEGAL, "拾佰仟", drop_leading_one=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal", "koreanLegal"):
        return _chinese_number(n, _TW_LEGAL, "拾佰仟", drop_leading_one=False)
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460)
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3280, 10)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt.startswith("decimalZero") and fmt[11:].isdigit():
        return f"{n:0{int(fmt[11:])}d}"
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None     # w:lvlText; None means no label
    suffix: str = "tab"
    legal: bool = False         # w:isLgl: show all counters as decimal
    restart: int | None = None  # w:lvlRestart


def _custom_format(fmt: str) -> str | None:
    """Word 2010 custom formats (w:format="01, 02, 03, ...") mapped to a known one."""
    first = fmt.split(",")[0].strip()
    if first.startswith("一"):
        return "chineseCounting"
    if first.startswith("壹"):
        return "chineseLegalSimplified"
    if first.startswith("①"):
        return "decimalEnclosedCircle"
    if re.fullmatch(r"0+1", first):
        return "decimalZero" if len(first) == 2 else f"decimalZero{len(first)}"
    return None


def _num_format(lvl: etree._Element) -> str:
    """w:numFmt, also when Word 2010 wrapped it in mc:AlternateContent (custom formats)."""
    direct = lvl.find(_w("numFmt"))
    if direct is not None:
        return _attr(direct) or "decimal"
    for alt in lvl.findall(MC_ALT):
        choice = alt.find(MC_CHOICE)
        el = choice.find(_w("numFmt")) if choice is not None else None
        if el is not None:
            val = _attr(el) or "decimal"
            if val != "custom":
                return val
            mapped = _custom_format(el.get(_w("format")) or "")
            if mapped:
                return mapped
        fallback = alt.find(MC_FALLBACK)
        el = fallback.find(_w("numFmt")) if fallback is not None else None
        if el is not None:
            return _attr(el) or "decimal"
    return "decimal"


def _parse_level(lvl: etree._Element) -> Level:
    lvl_text = lvl.find(_w("lvlText"))
    return Level(
        start=_int(_attr(lvl.find(_w("start"))), 1) or 0,
        fmt=_num_format(lvl),
        text=_attr(lvl_text) if lvl_text is not None else None,
        suffix=_attr(lvl.find(_w("suff"))) or "tab",
        legal=_on(lvl.find(_w("isLgl"))),
        restart=_int(_attr(lvl.find(_w("lvlRestart")))),
    )


@dataclass
class NumInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass
class NumberingDefs:
    """The list definitions of numbering.xml (read-only once parsed, so it can be shared)."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)
    nums: dict[str, NumInstance] = field(default_factory=dict)


def parse_numbering(root: etree._Element | None) -> NumberingDefs:
    defs = NumberingDefs()
    if root is None:
        return defs
    for ab in root.iter(_w("abstractNum")):
        aid = ab.get(_w("abstractNumId"))
        if aid is None:
            continue
        defs.abstracts[aid] = {_int(lv.get(_w("ilvl")), 0) or 0: _parse_level(lv)
                               for lv in ab.findall(_w("lvl"))}
        link = _attr(ab.find(_w("numStyleLink")))
        if link:
            defs.style_links[aid] = link
    for num in root.iter(_w("num")):
        nid = num.get(_w("numId"))
        aid = _attr(num.find(_w("abstractNumId")))
        if nid is None or aid is None:
            continue
        inst = NumInstance(aid)
        for ov in num.findall(_w("lvlOverride")):
            ilvl = _int(ov.get(_w("ilvl")), 0) or 0
            so = _int(_attr(ov.find(_w("startOverride"))))
            if so is not None:
                inst.start_overrides[ilvl] = so
            lv = ov.find(_w("lvl"))
            if lv is not None:
                inst.level_overrides[ilvl] = _parse_level(lv)
        defs.nums[nid] = inst
    return defs


class Numbering:
    """Auto-numbering counters, fed paragraphs in document order.

    Counters belong to the abstract list (``w:abstractNum``), as in Word: two
    ``w:num`` sharing an abstract list continue each other unless one of them
    carries a ``w:lvlOverride/w:startOverride``, which restarts the level the
    first time that ``w:num`` is used. Using a level resets the deeper levels
    (unless their ``w:lvlRestart`` says 0).
    """

    def __init__(self, defs: NumberingDefs | None = None, styles: Styles | None = None):
        defs = defs or NumberingDefs()
        self.abstracts = defs.abstracts
        self.style_links = defs.style_links
        self.nums = defs.nums
        self.styles = styles or Styles()
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def _abstract(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract_id
        levels = self.abstracts.get(aid)
        # w:numStyleLink: the real definition sits behind the numbering style.
        for _ in range(3):
            link = self.style_links.get(aid)
            if not link or (levels and any(lv.text for lv in levels.values())):
                break
            linked_num, _ilvl = self.styles.numbering(link)
            if not linked_num or linked_num not in self.nums:
                break
            aid = self.nums[linked_num].abstract_id
            levels = self.abstracts.get(aid)
        if levels is None:
            return None
        if inst.level_overrides:
            levels = {**levels, **inst.level_overrides}
        return aid, levels

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        """Advance the counter for one numbered paragraph and return its label text."""
        if not num_id or num_id == "0":
            return ""
        found = self._abstract(num_id)
        if found is None:
            return ""
        aid, levels = found
        ilvl = ilvl or 0
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        inst = self.nums[num_id]
        if num_id not in self._started:
            self._started.add(num_id)
            for lv, value in inst.start_overrides.items():
                counters[lv] = value - 1
                for deeper in [k for k in counters if k > lv]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            if levels.get(deeper, Level()).restart != 0:
                del counters[deeper]
        if level.fmt == "bullet" or not level.text:
            return ""

        def one(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, Level())
            value = counters.get(k, lv.start)
            fmt = "decimal" if (level.legal and k < ilvl and lv.fmt != "none") else lv.fmt
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", one, level.text)
        if not text.strip():
            return ""
        # A label followed by a space keeps it; a tab after a label that ends in punctuation
        # or an enclosed number (一、 1. ①) is written against the text, as people type it.
        if level.suffix == "space":
            text += " "
        elif level.suffix != "nothing" and not re.search(r"[、.．。:：)）\]】〕,，\u2460-\u24ff\u3280-\u32b0]$", text):
            text += " "
        return text
