"""Compare the figures a unit reports with the same figures found in its documents.

Input: any objects with ``label, value, unit, quote, file, page, locator`` (an
extracted figure such as 重点人群签约率达到62.3% in a 工作总结).  A label matches a
figure key only conservatively: equal after normalising, the key with a scope
word in front (全市重点人群签约率), or a tail of exactly one key that is at
least three characters long, when the quote also names the rest of the key
(签约率 in “重点人群签约率为62.3%” → 重点人群签约率).  Units must fit the
figure's type, and figures stated as plans or negated are skipped.

Two values agree when they differ by no more than the rounding of the less
precise one (62 and 62.3 agree; 62.3 and 62.8 do not; a count must be equal).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..data.model import LAST, THIS, YEAR_LABEL, FigureData
from ..data.parse import fmt_number
from ..model import Citation
from ..rulebook.schema import Figure, Form

SCOPE_WORDS = ("全市", "全县", "全区", "全省", "全旗", "全州", "全盟", "区域内", "辖区内", "辖区", "本地区",
               "本市", "本县", "本区", "我市", "我县", "我区", "我省", "县域内", "全院", "本院", "我院",
               "医院", "受援医院", "支援医院", "今年", "本年度", "当年")
SKIP_MODALITY = {"planned", "negated", "conditional"}
SKIP_RELATION = ("增长", "下降", "提高", "降低", "减少", "增加", "同比", "上升")
SCALE = {"万": 10_000, "千": 1_000, "亿": 100_000_000}


@dataclass(frozen=True)
class Reading:
    """One document figure matched to a reported figure."""

    key: str
    value: float                  # in the figure's own unit (percent 0–100, 元, 人 …)
    citation: Citation
    year: str | None              # the reported year it agrees with, None if none
    disagrees: bool
    message: str                  # Chinese, for flags and reasons


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s，。、；：:,;“”\"'‘’《》（）()\[\]【】·]", "", text).lower()


def _strip_parens(text: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", text)


_KEYS: dict[int, tuple] = {}


def _figure_keys(form: Form) -> tuple[list[Figure], dict[str, tuple[str, str]]]:
    """The form's figures that documents state, with each key normalised (once per form)."""
    held = _KEYS.get(id(form))
    if held is None or held[0] is not form:
        figures = [f for f in form.figures if f.type in ("percent", "count", "number", "days", "money")]
        keys = {f.key: (norm(f.key), norm(_strip_parens(f.key))) for f in figures}
        held = _KEYS[id(form)] = (form, figures, keys)
    return held[1], held[2]


def match_figure(form: Form, label: str, quote: str = "") -> Figure | None:
    """The one figure a document label names, or None when unsure.

    A label that is only the tail of a key (签约率) matches when it is the tail of
    exactly one key and the rest of the key (重点人群) is written in the quote.
    """
    lab = norm(label)
    if not lab:
        return None
    figures, keys = _figure_keys(form)
    exact = [f for f in figures if lab in keys[f.key]]
    if exact:
        return exact[0]
    for scope in sorted(SCOPE_WORDS, key=len, reverse=True):
        if lab.startswith(scope):
            rest = lab[len(scope):]
            hits = [f for f in figures if rest in keys[f.key]]
            if hits:
                return hits[0]
    if len(lab) >= 3:
        tails = [f for f in figures if any(k.endswith(lab) for k in keys[f.key])]
        if len(tails) == 1:
            key = next(k for k in keys[tails[0].key] if k.endswith(lab))
            if key[: -len(lab)] in norm(quote):
                return tails[0]
    return None


def _in_unit(fig: Figure, value: float, unit: str) -> float | None:
    """The document value in the figure's unit, or None when the units do not fit."""
    u = unicodedata.normalize("NFKC", unit or "").strip()
    if fig.type == "percent":
        return value if u == "%" and 0 <= value <= 100 else None
    if u in ("%", "个百分点"):
        return None
    if fig.type == "days":
        return value if u in ("天", "日") else None
    scale = SCALE.get(u[:1], 1) if len(u) > 1 else 1
    base = u[1:] if scale != 1 else u
    if fig.type == "money":
        return value * scale if base == "元" else None
    if fig.type == "count":
        want = fig.unit or ""
        if base in ("天", "日", "元", "小时", "个月", "月"):
            return None
        return value * scale if (not want or base == want or base in ("个", "项", "名", "例")) else None
    if fig.unit:
        return value if u == fig.unit else None
    return None


def _decimals(x: float) -> int:
    text = fmt_number(x)
    return len(text.split(".")[1]) if "." in text else 0


def agree(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return False
    tol = 0.5 * 10 ** -min(_decimals(a), _decimals(b))
    return abs(a - b) <= tol + 1e-9


def _show(fig: Figure, v: float) -> str:
    return f"{fmt_number(v)}{'%' if fig.type == 'percent' else fig.unit}"


def crosscheck(form: Form, data: FigureData, found: Iterable) -> dict[str, list[Reading]]:
    """Figure key -> the document figures that state it, each compared with the reported values."""
    out: dict[str, list[Reading]] = {}
    seen: set[tuple] = set()
    for obj in found:
        if getattr(obj, "modality", None) in SKIP_MODALITY:
            continue
        relation = getattr(obj, "relation", None) or ""
        if any(w in relation for w in SKIP_RELATION):
            continue
        fig = match_figure(form, getattr(obj, "label", ""), str(getattr(obj, "quote", "") or ""))
        if fig is None:
            continue
        try:
            value = _in_unit(fig, float(obj.value), getattr(obj, "unit", ""))
        except (TypeError, ValueError):
            continue
        if value is None:
            continue
        quote = str(getattr(obj, "quote", "") or "")
        file = str(getattr(obj, "file", "") or "")
        ident = (fig.key, file, getattr(obj, "page", None), quote, value)
        if ident in seen:
            continue
        seen.add(ident)
        citation = Citation(file=file, quote=quote, page=getattr(obj, "page", None),
                            locator=getattr(obj, "locator", None))
        out.setdefault(fig.key, []).append(_compare(fig, data, value, citation))
    return out


def _compare(fig: Figure, data: FigureData, value: float, citation: Citation) -> Reading:
    where = f"佐证材料“{citation.file}”记载“{citation.quote}”"
    reported = {y: data.get(fig.key, y) for y in fig.years}
    reported = {y: v for y, v in reported.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    for year in (THIS, LAST):
        if year in reported and agree(value, float(reported[year])):
            return Reading(fig.key, value, citation, year, False,
                           f"{where}，与填报的{YEAR_LABEL[year]}数值{_show(fig, reported[year])}一致")
    if THIS not in reported:
        return Reading(fig.key, value, citation, None, False,
                       f"{where}，“{fig.key}”尚未填报，请核实后填入指标数据表")
    return Reading(fig.key, value, citation, None, True,
                   f"{where}（{_show(fig, value)}），与填报的本年度数值{_show(fig, reported[THIS])}不一致")
