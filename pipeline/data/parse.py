"""Turn one spreadsheet cell into a figure value, or say in Chinese what is wrong.

Percent cells (the rule is written in docs/quantitative.md):
  * text with a percent sign is the percent as written: "65%", "65 %", "６５％",
    "0.8%" (= 0.8, not 80);
  * a number in a cell whose Excel number format is a percentage is Excel's
    stored fraction (0.65 shown as 65%) and is multiplied by 100;
  * any other bare number x with 0 < x <= 1 is read as a fraction (0.65 → 65)
    and a note says so; a rate of 1% or less must be typed with a % sign;
  * a bare number above 1 is the percent (65 → 65);
  * the result must lie within 0–100.
"""
from __future__ import annotations

import re
import unicodedata

BLANKS = {"", "-", "—", "——", "－", "/", "／", "\\", "none", "null", "n/a", "na"}
YES = {"是", "有", "已", "√", "✓", "✔", "对", "true", "yes", "y", "1", "符合", "达到", "满足",
       "已开设", "开设", "已开展", "开展", "已建成", "建成", "已达到", "已满足", "已落实", "落实"}
NO = {"否", "无", "未", "×", "✗", "✘", "x", "错", "false", "no", "n", "0", "不符合", "未达到",
      "不满足", "未开设", "没有", "未开展", "未建成", "未满足", "未落实", "不是"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class BadValue(ValueError):
    """The cell holds something the figure cannot be; ``str()`` is the Chinese reason."""


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and clean(raw).lower() in BLANKS)


def clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def shown(raw, number_format: str = "General") -> str:
    """The value as a reviewer would recognise it in the message."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        if is_percent_format(number_format):
            return f"{fmt_number(raw * 100)}%"
        return fmt_number(raw)
    return str(raw).strip()


def fmt_number(x: float) -> str:
    if isinstance(x, bool):
        return str(x)
    x = round(float(x), 6)
    if x == int(x):
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


def is_percent_format(number_format: str | None) -> bool:
    if not number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in bare


def _to_float(raw, unit: str = "") -> float:
    if isinstance(raw, bool):
        raise BadValue("应为数字")
    if isinstance(raw, (int, float)):
        return float(raw)
    text = clean(raw).replace(",", "")
    for suffix in sorted({unit, "人次", "人", "个", "项", "种", "天", "日", "元", "万元", "分", "级", "月",
                          "个月", "次", "家", "‰", "/10万"} - {""}, key=len, reverse=True):
        if text.endswith(suffix) and _NUMBER.match(text[: -len(suffix)] or "x"):
            if suffix == "万元":
                return float(text[: -len(suffix)]) * 10000
            text = text[: -len(suffix)]
            break
    if not _NUMBER.match(text):
        raise BadValue("应为数字")
    return float(text)


def parse_number(raw, unit: str = "", whole: bool = False, minimum: float | None = 0) -> float:
    """A count (whole), a number of days, a sum of money or another plain number."""
    try:
        value = _to_float(raw, unit)
    except BadValue:
        raise BadValue("应为整数" if whole else "应为数字") from None
    if minimum is not None and value < minimum:
        raise BadValue("不能为负数" if not whole else "应为不小于0的整数")
    if whole and abs(value - round(value)) > 1e-9:
        raise BadValue("应为整数")
    return round(value) if whole else value


def parse_percent(raw, number_format: str = "General") -> tuple[float, str | None]:
    """(percent 0–100, a note when a fraction was read as a percent)."""
    if isinstance(raw, bool):
        raise BadValue("应为百分数")
    note = None
    if isinstance(raw, (int, float)):
        value = float(raw)
        if is_percent_format(number_format):
            value = value * 100
        elif 0 < value <= 1:
            note = f"填写的“{fmt_number(value)}”按小数理解为{fmt_number(value * 100)}%"
            value = value * 100
    else:
        text = clean(raw).replace(",", "")
        if text.endswith("%"):
            if not _NUMBER.match(text[:-1]):
                raise BadValue("应为百分数")
            value = float(text[:-1])
        elif _NUMBER.match(text):
            value = float(text)
            if 0 < value <= 1:
                note = f"填写的“{text}”按小数理解为{fmt_number(value * 100)}%"
                value = value * 100
        else:
            raise BadValue("应为百分数")
    value = round(value, 9)
    if value < 0:
        raise BadValue("百分数不能为负数")
    if value > 100:
        raise BadValue("百分数不能超过100%")
    return value, note


def parse_bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = clean(raw).lower() if not isinstance(raw, (int, float)) else fmt_number(raw)
    if text in YES:
        return True
    if text in NO:
        return False
    raise BadValue("应填“是”或“否”")
