"""Text normalisation shared by every reader, and a garbled-text score.

``normalize`` makes text comparable without changing what a Chinese writer
wrote: full-width letters and digits become ASCII, radical look-alikes that
PDF fonts emit (⼀ for 一, ⻓ for 长) become the ordinary ideographs, invisible
characters go, and runs of spaces shrink to one.  Chinese full-width
punctuation (，。：；（）〔〕《》“” …), circled numbers (①) and the ellipsis (……)
are kept exactly as written, although NFKC alone would rewrite them.

``looks_garbled`` scores how likely a text is mojibake or a broken text layer
(0 = clean, 1 = nothing readable); the PDF reader uses it to decide which pages
to send to OCR.
"""
from __future__ import annotations

import re
import unicodedata

from .variants import simplified

# Full-width punctuation that Chinese writers use as such; NFKC would turn it
# into ASCII punctuation, so it is protected from NFKC.
_PROTECTED_FULLWIDTH = "！＂＇（），．：；？［］＿｛｝～｀＜＞"

# Other characters NFKC would rewrite but that carry meaning in Chinese text.
_PROTECTED_RANGES = (
    (0x2025, 0x2026),   # ‥ …  (…… is the Chinese ellipsis)
    (0x2160, 0x217F),   # Roman numerals Ⅰ Ⅱ Ⅲ used in enumerations
    (0x2460, 0x24FF),   # ① ⑴ ⒈ enclosed numbers used as list labels
    (0x2776, 0x2793),   # ❶ dingbat circled numbers
    (0x3200, 0x32FF),   # ㈠ ㊀ enclosed CJK
)

# CJK Radicals Supplement (U+2E80–U+2EFF) characters that stand for a whole
# ordinary character.  NFKC maps only ⺟ and ⻳; the rest are listed by their
# Unicode names (e.g. ⻓ CJK RADICAL C-SIMPLIFIED LONG → 长).  Pure component
# forms (⺀ REPEAT, ⺌ SMALL ONE …) have no standalone equivalent and are kept.
_RADICAL_SUPPLEMENT = {
    "⺁": "厂", "⺅": "亻", "⺆": "冂", "⺉": "刂", "⺊": "卜", "⺋": "㔾",
    "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彑",
    "⺖": "忄", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月",
    "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬",
    "⺤": "爫", "⺦": "丬", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒",
    "⺬": "示", "⺭": "礻", "⺯": "糹", "⺰": "纟", "⺲": "罒", "⺳": "㓁",
    "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹",
    "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西",
    "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻋": "车", "⻌": "辶",
    "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸",
    "⻓": "长", "⻔": "门", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤",
    "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯",
    "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
}

# Invisible characters removed outright: zero-width space/joiners, word joiner,
# BOM, soft hyphen, Mongolian vowel separator, bidi marks and embeddings.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff" \
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Space-like characters that become one ordinary space.
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
          "\u202f\u205f\u3000"

_PROTECTED = set(_PROTECTED_FULLWIDTH)
for _lo, _hi in _PROTECTED_RANGES:
    _PROTECTED.update(chr(c) for c in range(_lo, _hi + 1))

_PROTECTED_RE = re.compile("([" + "".join(re.escape(c) for c in sorted(_PROTECTED)) + "]+)")
_TRANSLATE = {ord(c): None for c in _INVISIBLE}
_TRANSLATE.update({ord(c): " " for c in _SPACES})
_TRANSLATE.update({ord(k): v for k, v in _RADICAL_SUPPLEMENT.items()})
# Control characters other than newline (tab is a space above).
_TRANSLATE.update({c: None for c in range(0x20) if c not in (0x09, 0x0A)})
_TRANSLATE.update({c: None for c in range(0x7F, 0xA0)})
_MULTISPACE_RE = re.compile(" {2,}")


def _nfkc_unprotected(text: str) -> str:
    parts = _PROTECTED_RE.split(text)
    # split() with a capture group alternates: unprotected, protected, unprotected …
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


def normalize(text: str) -> str:
    """Normalise one piece of text (a line, a paragraph or several lines).

    Line breaks are kept (``\\r\\n`` and ``\\r`` become ``\\n``); each line is
    stripped of surrounding spaces.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    text = _nfkc_unprotected(text)
    # NFKC can produce U+0020 from compatibility spaces; radicals again after
    # NFKC in case a decomposition produced one (it does not today; cheap).
    text = text.translate(_TRANSLATE)
    text = _MULTISPACE_RE.sub(" ", text)
    if "\n" in text:
        return "\n".join(line.strip(" ") for line in text.split("\n")).strip("\n")
    return text.strip(" ")


# ---------------------------------------------------------------- quality ---

_CID_RE = re.compile(r"\(cid:\d+\)")
_MOJIBAKE_LATIN_RE = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_ALLOWED_SYMBOLS = set("×÷°±·µ§¶©®™€£¥‰′″℃№")


def _is_cjk_ideograph(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x3134F or 0xF900 <= cp <= 0xFAFF)


def _is_common_hanzi(ch: str) -> bool:
    """True for the 3,755 most frequent simplified characters (GB2312 level 1)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def _is_readable(ch: str) -> bool:
    cp = ord(ch)
    if 0x20 <= cp <= 0x7E:
        return True
    if _is_cjk_ideograph(cp):
        return True
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:   # CJK punctuation, full-width forms
        return True
    if 0x2000 <= cp <= 0x206F or 0x2100 <= cp <= 0x218F or 0x2460 <= cp <= 0x24FF:
        return True
    if 0x2E80 <= cp <= 0x2FDF:                              # radicals: odd but readable
        return True
    if 0x3200 <= cp <= 0x33FF or 0xFE30 <= cp <= 0xFE4F:
        return True
    if 0x2500 <= cp <= 0x25FF:                              # box drawing, geometric shapes
        return True
    if 0x2190 <= cp <= 0x23FF or 0x2600 <= cp <= 0x27BF:    # √ ≥ ≤ → ☆ ✓ ✔: the marks of forms and grids
        return True
    return ch in _ALLOWED_SYMBOLS


# The same classes as _is_cjk_ideograph, _is_readable and _is_common_hanzi, as compiled character
# classes: a page's text is counted by the regex engine, not character by character in Python
# (tests/readers check that both give the same counts).
_IDEOGRAPH = "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f\uf900-\ufaff"
_IDEOGRAPH_RE = re.compile(f"[{_IDEOGRAPH}]")
_READABLE_RE = re.compile(
    "[\x20-\x7e" + _IDEOGRAPH + "\u3000-\u303f\uff00-\uffef\u2000-\u206f\u2100-\u218f\u2460-\u24ff"
    "\u2e80-\u2fdf\u3200-\u33ff\ufe30-\ufe4f\u2500-\u25ff\u2190-\u23ff\u2600-\u27bf"
    + re.escape("".join(sorted(_ALLOWED_SYMBOLS))) + "]")
_PUA_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")        # Unicode category Cc
_SPACE_RE = re.compile(r"\s+")


def _common_hanzi_class() -> re.Pattern:
    """GB2312 level 1 (rows 0xB0–0xD7): every two-byte code there that decodes."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return re.compile("[" + re.escape("".join(chars)) + "]")


_COMMON_HANZI_RE = _common_hanzi_class()


def text_stats(text: str) -> dict[str, int]:
    """Counts behind ``looks_garbled``; useful when explaining a decision."""
    cids = len(_CID_RE.findall(text))
    body = _CID_RE.sub("", text)
    chars = _SPACE_RE.sub("", body)          # str.isspace and \s are the same class
    pua = len(_PUA_RE.findall(chars))
    replacement = chars.count("\ufffd")
    control = len(_CONTROL_RE.findall(chars))
    latin = len(_MOJIBAKE_LATIN_RE.findall(body))
    unreadable = len(chars) - len(_READABLE_RE.findall(chars))
    hanzi = _IDEOGRAPH_RE.findall(chars)
    rare_hanzi = len(hanzi) - len(_COMMON_HANZI_RE.findall("".join(hanzi)))
    return {
        "chars": len(chars) + cids, "cid": cids, "pua": pua, "replacement": replacement,
        "control": control, "latin_mojibake": latin, "unreadable": unreadable,
        "hanzi": len(hanzi), "rare_hanzi": rare_hanzi,
    }


def looks_garbled(text: str) -> float:
    """Score in [0, 1]: 0 reads as normal Chinese/ASCII text, 1 is unreadable.

    Signals: (cid:N) placeholders, private-use and replacement characters,
    control characters, accented Latin letters typical of UTF-8 read as Latin-1,
    characters outside the scripts a Chinese document uses, and — for text that
    is mostly hanzi — a high share of rare characters (counted after traditional
    characters are read as simplified), which is what UTF-8 read as GBK looks
    like (鍏充簬 for 关于).  Empty text scores 1.
    """
    s = text_stats(text)
    n = s["chars"]
    if n == 0:
        return 1.0
    bad = s["cid"] + s["pua"] + s["replacement"] + s["control"]
    bad += s["latin_mojibake"]
    bad += max(0, s["unreadable"] - s["pua"] - s["replacement"] - s["control"] - s["latin_mojibake"])
    score = bad / n
    if s["hanzi"] >= 8:
        # Ordinary official prose has well under 10 % of characters outside
        # GB2312 level 1; mojibake has around half. Traditional characters are
        # counted as their simplified forms: 關於印發 is prose, not mojibake.
        rare_share = text_stats(simplified(text))["rare_hanzi"] / s["hanzi"]
        if rare_share > 0.2:
            score = max(score, min(1.0, rare_share))
    return min(1.0, score)
