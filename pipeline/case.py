"""One case folder's settings: case.yaml merged with command-line options.

case.yaml is read as the reviewer wrote it, and every way it can go wrong is
said with its line: a file that is not YAML (exit 2, nothing is guessed), a
file saved as GBK or UTF-16 (read, with a note to save it as UTF-8), a key
kaohe does not know (``unit:`` for ``units:``; ignored, with the key it
probably meant), a key given twice, item numbers written as numbers
(``1.10`` stays 1.10, not 1.1). A case.yaml that is a link or not a regular
file is not read.

The form is named by its id, an alias or its title (rules/*.yaml ``aliases:``);
``units:`` must name the form's roles (``roles:``): an unknown role is reported
with the nearest known one, and a missing ``units:`` is reported, since no
document can then be attributed. A year outside 2000 … next year is run as given
and reported.
"""
from __future__ import annotations

import codecs
import re
import difflib
import os
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import KaoheError
from .names import decode, escape
from .rulebook.loader import discover_forms, form_choices_text, resolve_form

CASE_FILE = "case.yaml"
FIRST_YEAR = 2000           # an assessment year before this (or after next year) is most likely a typo
MAX_CASE_BYTES = 1024 * 1024
# The assessing commission (评审单位) and its contact, for the letter and documents' author.
REVIEWER_KEYS = ("commission", "contact", "phone")
KNOWN_KEYS = ("form", "year", "units", "self_scores", *REVIEWER_KEYS)

# PyYAML's wording of the usual mistakes, in a reviewer's words.
_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "用了 Tab 字符缩进，YAML 只能用空格缩进",
    "mapping values are not allowed here": "此处不能出现“:”，可能是“:”后缺少空格、缩进不对或需要加引号",
    "could not find expected ':'": "缺少“:”（每行应为“键: 值”）",
    "found unexpected end of stream": "引号或括号没有配对",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少“:”",
}


@dataclass(frozen=True)
class Case:
    name: str                      # the case folder's name, as shown (decoded, escaped)
    root: Path
    form: str
    year: int
    units: dict[str, str] = field(default_factory=dict)   # role -> unit name
    self_scores: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    self_score_lines: dict[str, int] = field(default_factory=dict)   # item id -> line in case.yaml
    reviewer: dict[str, str] = field(default_factory=dict)   # commission, contact, phone (评审单位)


def case_name(root: Path) -> str:
    """The folder's name as shown ("." is named after the folder it stands for)."""
    return escape(decode(Path(os.path.abspath(root)).name)[0])


def _decode(data: bytes, problems: list[str]) -> str:
    """The text of case.yaml: UTF-8 (with or without BOM), else UTF-16 or GBK with a note."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise KaoheError(f"{CASE_FILE} 是 UTF-16 编码但内容已损坏（第{exc.start}字节），请另存为 UTF-8 编码后重试") from None
        problems.append(f"{CASE_FILE} 是 UTF-16 编码，已按 UTF-16 读取；请另存为 UTF-8 编码")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
    if data.count(b"\x00") > len(data) // 4:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                problems.append(f"{CASE_FILE} 是 UTF-16 编码（没有 BOM），已按 UTF-16 读取；请另存为 UTF-8 编码")
                return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise KaoheError(f"{CASE_FILE} 第{line}行含无法识别的字符（既不是 UTF-8 也不是 GBK 编码），"
                         "请另存为 UTF-8 编码后重试") from None
    problems.append(f"{CASE_FILE} 不是 UTF-8 编码（第{line}行起），已按 GBK 读取；请另存为 UTF-8 编码")
    return text


def _yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    said = _YAML_PROBLEMS.get(problem, problem)
    return f"{CASE_FILE} {where}有 YAML 格式错误：{said}，请修正后重试"


def _plain(node: yaml.Node):
    """A node as plain data; scalars as safe_load would give them (``form:`` with nothing after it is None)."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        return None
    return yaml.safe_load(yaml.serialize(node))


_FULL_WIDTH_KEY = re.compile(r"^\s*[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*\s*：")


def _full_width_colon(text: str) -> str | None:
    """The first line whose key ends with a full-width colon (form：duikou), said as a reviewer fixes it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FULL_WIDTH_KEY.match(line.split("#")[0]):
            return (f"{CASE_FILE} 第{number}行用了全角冒号“：”（{escape(line.strip())}）："
                    "应为半角冒号加空格“: ”，请修正后重试")
    return None


def _mapping(node: yaml.Node, what: str, problems: list[str]) -> list[tuple[yaml.Node, yaml.Node]]:
    """The (key, value) pairs of a mapping node; a key given twice is reported (the last one is used)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, int] = {}
    pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        text = str(key.value)
        line = key.start_mark.line + 1
        if text in seen:
            problems.append(f"{CASE_FILE} 第{line}行：{what}“{text}”重复（第{seen[text]}行已有），采用第{line}行")
        seen[text] = line
        pairs[text] = (key, value)
    return list(pairs.values())


def read_settings(path: Path) -> tuple[dict, list[str]]:
    """case.yaml as {key: value} with the messages about it; KaoheError when it cannot be used."""
    from .readcase import NotRegular, open_regular
    problems: list[str] = []
    try:
        with open_regular(path) as fh:
            data = fh.read(MAX_CASE_BYTES + 1)
    except NotRegular as exc:
        raise KaoheError(f"{CASE_FILE} 是{exc.what}，不是普通文件，未读取；请把设置直接写在案例文件夹的 {CASE_FILE} 中") from None
    except OSError as exc:
        raise KaoheError(f"无法打开 {CASE_FILE}（{exc.strerror or exc}）") from None
    if len(data) > MAX_CASE_BYTES:
        raise KaoheError(f"{CASE_FILE} 超过 1 MB，不像是案例设置文件，请检查后重试")
    text = _decode(data, problems)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise KaoheError(_full_width_colon(text) or _yaml_error(exc)) from None
    if root is None:
        return {}, problems
    if not isinstance(root, yaml.MappingNode) and _full_width_colon(text):
        raise KaoheError(_full_width_colon(text))
    if not isinstance(root, yaml.MappingNode):
        raise KaoheError(f"{CASE_FILE} 第{root.start_mark.line + 1}行：内容应为“键: 值”的设置"
                         f"（{'、'.join(KNOWN_KEYS)}），请修正后重试")
    settings: dict = {"_full_width": _full_width_colon(text)}
    for key, value in _mapping(root, "设置", problems):
        name = str(key.value)
        line = key.start_mark.line + 1
        if name not in KNOWN_KEYS:
            guess = difflib.get_close_matches(name, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f"（是否应为“{guess[0]}”？）" if guess else f"（可用的设置：{'、'.join(KNOWN_KEYS)}）"
            problems.append(f"{CASE_FILE} 第{line}行：未知的设置“{escape(name)}”，已忽略{hint}")
            continue
        if name == "self_scores":
            settings[name] = _self_scores(value, problems)
        elif name == "units":
            settings[name] = {str(k.value): _plain(v) for k, v in _mapping(value, "角色", problems)} \
                if isinstance(value, yaml.MappingNode) else _plain(value)
            settings["_units_line"] = line
        else:
            try:
                settings[name] = _plain(value)
            except yaml.YAMLError as exc:
                raise KaoheError(_yaml_error(exc)) from None
            settings[f"_{name}_line"] = line
    return settings, problems


def _self_scores(node: yaml.Node, problems: list[str]):
    """self_scores with each item number exactly as written (1.10 is item 1.10, not 1.1)."""
    if not isinstance(node, yaml.MappingNode):
        return _plain(node)
    out: dict[str, tuple[object, int]] = {}
    for key, value in _mapping(node, "自评分编号", problems):
        out[str(key.value).strip()] = (_plain(value), key.start_mark.line + 1)
    return out


def _known_roles(units: dict, roles: tuple[str, ...], settings: dict, problems: list[str]) -> dict:
    """The units whose role the form knows; every other key is reported with the role it probably meant.

    A missing ``units:`` is said too: without the assessed units' names no document can be told
    to be theirs (attribution), so every document counts for every role."""
    if not roles:
        return units
    example = "；".join(f"{r}: 单位全称" for r in roles)
    if not units and settings.get("_units_bad"):
        return units                        # said already, with what is wrong in it
    if not units:
        where = f"{CASE_FILE} 第{settings['_units_line']}行的 units 为空" if "_units_line" in settings \
            else f"{CASE_FILE} 中没有 units"
        problems.append(f"{where}：无法判断文件由哪个被考核单位印发（归属核查无法进行），每个文件都按被考核单位的材料核查；"
                        f"请写 units: 并在其下写 {example}")
        return units
    kept, suggested = {}, set()
    for role, unit in units.items():
        if role in roles:
            kept[role] = unit
            continue
        best = max(roles, key=lambda r: difflib.SequenceMatcher(None, str(role), r).ratio())
        close = difflib.SequenceMatcher(None, str(role), best).ratio() >= 0.3
        hint = f"是否应为“{best}”？" if close else f"本表的角色为：{'、'.join(roles)}"
        if close:
            suggested.add(best)
        problems.append(f"{CASE_FILE} units 中的角色“{escape(str(role))}”不是本表的角色，已忽略（{hint}）；"
                        f"“{escape(str(unit))}”的文件因此无法归属")
    missing = [r for r in roles if r not in kept and r not in suggested]
    if kept and missing:
        problems.append(f"{CASE_FILE} units 中缺少角色 {'、'.join(missing)}：该单位的文件无法归属")
    return kept


def load_case(root: Path, form: str | None = None, year: int | None = None) -> Case:
    """Read ``root/case.yaml`` (optional); options given here win over it."""
    root = Path(root)
    name = case_name(root)
    if not root.is_dir():
        raise KaoheError(f"找不到案例文件夹：{escape(decode(str(root))[0])}")
    settings: dict = {}
    problems: list[str] = []
    path = root / CASE_FILE
    if path.exists() or path.is_symlink():
        try:
            settings, problems = read_settings(path)
        except KaoheError as exc:
            raise KaoheError(f"案例“{name}”的{exc}") from None
    given = form or settings.get("form")
    if not given:
        said = "；".join(problems)
        raise KaoheError(f"案例“{name}”未指定考核表：请在 {CASE_FILE} 中写 form: 加考核表（{form_choices_text()}），"
                         "或使用 --form" + (f"。另：{said}" if said else ""))
    form = resolve_form(str(given)) if isinstance(given, (str, int)) else None
    if form is None:
        where = f"（{CASE_FILE} 第{settings['_form_line']}行）" if "_form_line" in settings and given == settings.get("form") else ""
        raise KaoheError(f"案例“{name}”的考核表“{escape(str(given))}”未知{where}，可选：{form_choices_text()}")
    year = year or settings.get("year")
    where = f"（{CASE_FILE} 第{settings['_year_line']}行为“{escape(str(settings.get('year')))}”）" \
        if "_year_line" in settings and year == settings.get("year") else ""
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise KaoheError(f"案例“{name}”未指定有效的考核年度{where}：请在 {CASE_FILE} 中写 year: 2017，或使用 --year")
    latest = date.today().year + 1
    if not FIRST_YEAR <= year <= latest:
        problems.append(f"考核年度 {year} 年{where}不在 {FIRST_YEAR}—{latest} 年之间，是否写错？"
                        f"已按 {year} 年核查（文件日期、“本年度”等均按此年份判断）")
    units = settings.get("units") or {}
    if not isinstance(units, dict):
        hint = settings.get("_full_width")
        problems.append(f"{CASE_FILE} 第{settings.get('_units_line', '?')}行：units 应为“角色: 单位名称”，已忽略"
                        + (f"（{hint}）" if hint else "") + "；文件因此无法归属")
        units = {}
        settings["_units_bad"] = True
    units = _known_roles(units, discover_forms()[form].roles, settings, problems)
    scores = settings.get("self_scores") or {}
    if not isinstance(scores, dict):
        problems.append(f"{CASE_FILE} 的 self_scores 应为“编号: 分数”，已忽略")
        scores = {}
    clean_scores: dict[str, float] = {}
    lines: dict[str, int] = {}
    for key, entry in scores.items():
        value, line = entry if isinstance(entry, tuple) else (entry, None)
        where = f"第{line}行" if line else ""
        if line:
            lines[str(key)] = line
        try:
            if isinstance(value, bool):
                raise TypeError
            clean_scores[str(key)] = float(value)
        except (TypeError, ValueError):
            problems.append(f"{CASE_FILE} {where}中指标 {escape(str(key))} 的自评分“{escape(str(value))}”不是数字，已忽略")
    reviewer = {}
    for key in REVIEWER_KEYS:
        value = settings.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            problems.append(f"{CASE_FILE} 第{settings.get(f'_{key}_line', '?')}行：{key} 应为一段文字，已忽略")
            continue
        reviewer[key] = escape(str(value).strip())
    return Case(name=name, root=root, form=form, year=year,
                units={escape(str(k)): escape(str(v)) for k, v in units.items() if v},
                self_scores=clean_scores, problems=tuple(problems), self_score_lines=lines, reviewer=reviewer)
