"""Variants of the same words: traditional characters, and one organ under its several names.

Traditional characters are matched as simplified (OpenCC ``t2s``) while quotes stay
as printed: ``simplified`` keeps the length of the text, character for character,
so an offset found in the simplified text is the offset in the original.

A health commission has had several names (卫生局 → 卫生和计划生育委员会 → 卫生健康
委员会) and short forms (卫计委, 卫健委); ``organ_key`` reduces a name to its place
and a canonical organ word, so 北山市卫生局, 北山市卫计委 and 北山市卫生健康委员会 are
one organ across its renaming.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:                                   # the OpenCC wheel; without it, text is matched as printed
    import opencc as _opencc
except ImportError:                    # pragma: no cover - opencc is a declared dependency
    _opencc = None

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HEALTH_ORGANS = ("卫生和计划生育委员会", "卫生与计划生育委员会", "卫生健康委员会", "卫生计生委员会", "卫生计生委",
                 "卫生健康委", "卫生健康局", "卫生计生局", "卫生和计划生育局", "卫健委", "卫计委", "卫健局", "卫计局",
                 "卫生局", "卫生厅", "卫生委")


@lru_cache(maxsize=1)
def _converter():
    return _opencc.OpenCC("t2s") if _opencc is not None else None


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=1 << 15)
def simplified(text: str) -> str:
    """``text`` with traditional characters as simplified, of the same length (kept for the
    texts met again: a passage is read by many checks)."""
    conv = _converter()
    if conv is None or not text or not _CJK.search(text):
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char(ch) for ch in text)      # a phrase mapping changed the length: go char by char


def organ_key(name: str) -> str:
    """北山市卫生和计划生育委员会, 北山市卫计委 → 北山市卫生健康委员会 (one organ across its renaming)."""
    n = re.sub(r"\s+", "", simplified(name or ""))
    for word in HEALTH_ORGANS:
        if word in n:
            return n.replace(word, "卫生健康委员会", 1)
    return n
