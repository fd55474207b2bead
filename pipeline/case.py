"""One case folder's settings: case.yaml merged with command-line options."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import KaoheError
from .rulebook.loader import FORM_IDS

CASE_FILE = "case.yaml"
# The assessing commission (评审单位) and its contact, for the letter and documents' author.
REVIEWER_KEYS = ("commission", "contact", "phone")


@dataclass(frozen=True)
class Case:
    name: str                      # the case folder's name
    root: Path
    form: str
    year: int
    units: dict[str, str] = field(default_factory=dict)   # role -> unit name
    self_scores: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    reviewer: dict[str, str] = field(default_factory=dict)   # commission, contact, phone (评审单位)


def load_case(root: Path, form: str | None = None, year: int | None = None) -> Case:
    """Read ``root/case.yaml`` (optional); options given here win over it."""
    if not root.is_dir():
        raise KaoheError(f"找不到案例文件夹：{root}")
    settings: dict = {}
    problems: list[str] = []
    path = root / CASE_FILE
    if path.is_file():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            loaded = None
            problems.append(f"{CASE_FILE} 无法解析（{type(exc).__name__}），已忽略其中的设置")
        if isinstance(loaded, dict):
            settings = loaded
        elif loaded is not None:
            problems.append(f"{CASE_FILE} 的内容应为键值对，已忽略")
    form = form or settings.get("form")
    if not form:
        raise KaoheError(f"案例“{root.name}”未指定考核表：请在 {CASE_FILE} 中写 form: yilianti 或 duikou，"
                         "或使用 --form")
    if form not in FORM_IDS:
        raise KaoheError(f"案例“{root.name}”的考核表“{form}”未知，可选：{'、'.join(FORM_IDS)}")
    year = year or settings.get("year")
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise KaoheError(f"案例“{root.name}”未指定有效的考核年度：请在 {CASE_FILE} 中写 year: 2017，或使用 --year")
    units = settings.get("units") or {}
    if not isinstance(units, dict):
        problems.append(f"{CASE_FILE} 的 units 应为“角色: 单位名称”，已忽略")
        units = {}
    scores = settings.get("self_scores") or {}
    if not isinstance(scores, dict):
        problems.append(f"{CASE_FILE} 的 self_scores 应为“编号: 分数”，已忽略")
        scores = {}
    clean_scores: dict[str, float] = {}
    for key, value in scores.items():
        try:
            clean_scores[str(key)] = float(value)
        except (TypeError, ValueError):
            problems.append(f"{CASE_FILE} 中指标 {key} 的自评分“{value}”不是数字，已忽略")
    reviewer = {}
    for key in REVIEWER_KEYS:
        value = settings.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            problems.append(f"{CASE_FILE} 的 {key} 应为一段文字，已忽略")
            continue
        reviewer[key] = str(value).strip()
    return Case(name=root.name, root=root, form=form, year=year,
                units={str(k): str(v) for k, v in units.items() if v},
                self_scores=clean_scores, problems=tuple(problems), reviewer=reviewer)
