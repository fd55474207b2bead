"""Load a rules file into a typed ``Form``, reporting every error at once.

Each error names the file, the YAML path (``sections[0].items[2].max``) and the
line, so a rules author can fix them all in one pass.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, get_args

import yaml
from pydantic import ValidationError

from ..errors import KaoheError, RulesError
from .schema import Check, Form, Item, Section

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
RULES_ENV = "KAOHE_RULES"           # another rules folder (a new form, a test's forms)
CONTRACT_KINDS = ("方案", "规划", "章程", "协议", "制度", "办法", "意见", "通知", "会议纪要",
                  "会议记录", "计划", "总结", "报告", "任命文件", "名单", "其他")

_YEAR_WORD = re.compile(r"\{Y(?:-(\d+))?\}")
_FORM_KEYS = ("id", "sections")     # what makes a rules file a form (lexicon.yaml has neither)


@dataclass(frozen=True)
class FormEntry:
    """A form found in the rules folder: what the command line needs before loading it whole."""
    id: str
    path: Path
    attachment: str
    title: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that stands for this form: its id, aliases and title."""
        return (self.id, *self.aliases, self.title)

    def label(self) -> str:
        return f"{self.id}（{self.attachment} {self.title}）" if self.attachment else f"{self.id}（{self.title}）"


def rules_dir() -> Path:
    """The rules folder: $KAOHE_RULES, else the repository's rules/."""
    chosen = os.environ.get(RULES_ENV)
    return Path(chosen) if chosen else RULES_DIR


def discover_forms(folder: Path | None = None) -> dict[str, FormEntry]:
    """Every form in the rules folder (``*.yaml`` whose top level has ``id`` and ``sections``), by id."""
    folder = Path(folder or rules_dir())
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        raise KaoheError(f"找不到规则文件夹：{folder}") from None
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _discover(folder.resolve(), stamp)


@lru_cache(maxsize=8)
def _discover(folder: Path, stamp: tuple) -> dict[str, FormEntry]:
    found: dict[str, FormEntry] = {}
    for name, _, _ in stamp:
        path = folder / name
        head = _form_head(path)
        if head is None:
            continue
        fid = str(head.get("id"))
        if fid in found:
            raise KaoheError(f"规则文件夹中有两张 id 同为“{fid}”的考核表：{found[fid].path.name}、{name}")
        found[fid] = FormEntry(fid, path, str(head.get("attachment") or ""), str(head.get("title") or fid),
                               tuple(str(a) for a in head.get("aliases") or [] if a is not None),
                               tuple(str(r) for r in head.get("roles") or [] if r is not None))
    order = sorted(found.values(), key=lambda e: (_natural(e.attachment or "~"), e.id))
    return {e.id: e for e in order}


def _natural(text: str) -> list:
    """附件2 before 附件10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _form_head(path: Path) -> dict | None:
    """The top-level scalars of a form file (None when the file is no form).

    Only the top-level keys are composed, cheaply: a form's ``id`` and ``sections``
    are at the top; a file that does not parse is still listed when it names an
    ``id``, so that loading it reports its errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head: dict = {}
    keys = set()
    whole = False               # a value written over several lines: read the file whole
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_]+):(.*)$", line)
        if not m:
            continue
        keys.add(m.group(1))
        if m.group(1) in ("id", "attachment", "title", "aliases", "roles"):
            try:
                head[m.group(1)] = yaml.safe_load(m.group(2)) if m.group(2).strip() else None
            except yaml.YAMLError:
                whole = True
            if m.group(1) in ("aliases", "roles") and not m.group(2).strip():
                whole = True
    if not all(k in keys for k in _FORM_KEYS):
        return None
    if whole:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError:
            raw = None
        if isinstance(raw, dict):
            head.update({k: raw.get(k) for k in ("id", "attachment", "title", "aliases", "roles")})
    if not isinstance(head.get("id"), str):
        return None
    for k in ("aliases", "roles"):
        if not isinstance(head.get(k), list):
            head[k] = []
    return head


def form_ids() -> tuple[str, ...]:
    return tuple(discover_forms())


def _key(name: str) -> str:
    return re.sub(r"\s+", "", str(name)).lower()


def resolve_form(name: str) -> str | None:
    """The form id that ``name`` stands for (its id, an alias or its title), or None."""
    key = _key(name)
    hits = [e.id for e in discover_forms().values() if key in {_key(n) for n in e.names}]
    if len(hits) > 1:
        raise KaoheError(f"考核表名称“{name}”同时指向 {'、'.join(hits)}，请改用 id")
    return hits[0] if hits else None


def form_choices_text() -> str:
    """The forms as a reviewer can name them, for messages."""
    return "；".join(f"{e.label()}" + (f"，也可写作 {'、'.join(e.aliases)}" if e.aliases else "")
                    for e in discover_forms().values())


def form_path(form_id: str, rules_dir_: Path | None = None) -> Path:
    forms = discover_forms(rules_dir_)
    fid = form_id if form_id in forms else (resolve_form(form_id) if rules_dir_ is None else None)
    if fid is None:
        raise KaoheError(f"未知的考核表“{form_id}”，可选：{'、'.join(forms)}")
    return forms[fid].path


def render_years(value: Any, year: int) -> Any:
    """Replace {Y} and {Y-n} in every string with the assessment year words."""
    if isinstance(value, str):
        return _YEAR_WORD.sub(lambda m: str(year - int(m.group(1) or 0)), value)
    if isinstance(value, list):
        return [render_years(v, year) for v in value]
    if isinstance(value, dict):
        return {k: render_years(v, year) for k, v in value.items()}
    return value


def expand_concepts(data: dict, errors: list[str]) -> dict:
    """Replace every "@name" in a concept group by the synonyms of ``concepts.name``.

    A group may be the string "@name" or a list mixing synonyms and "@name"s;
    the form's ``concepts:`` mapping names each list once, so 医联体 and its forms
    (医共体, 城市医疗集团 …) are written in one place for every check."""
    named = data.get("concepts") or {}
    if not isinstance(named, dict):
        errors.append("concepts: 应为“名称: [同义词…]”的映射")
        return data

    def synonyms(ref: str, where: str) -> list[str]:
        name = ref[1:]
        words = named.get(name)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            errors.append(f"{where}: 未定义的概念“{name}”（应在 concepts: 下列出）")
            return []
        return list(words)

    def group(value, where: str):
        if isinstance(value, str) and value.startswith("@"):
            return synonyms(value, where)
        if isinstance(value, list):
            out: list = []
            for w in value:
                if isinstance(w, str) and w.startswith("@"):
                    out += [x for x in synonyms(w, where) if x not in out]
                elif w not in out:
                    out.append(w)
            return out
        return value

    def walk(value, where: str):
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                here = f"{where}.{k}" if where else str(k)
                if k in CONCEPT_FIELDS and isinstance(v, list):
                    out[k] = [group(g, f"{here}[{i}]") for i, g in enumerate(v)]
                elif k == "synonyms" and isinstance(v, list):
                    out[k] = group(v, here)
                else:
                    out[k] = walk(v, here)
            return out
        if isinstance(value, list):
            return [walk(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value

    return walk(data, "")


CONCEPT_FIELDS = ("title", "text", "concepts", "context", "topic", "about", "posts", "seconded", "author_posts")


def load_form(form: str | Path, year: int | None = None, rules_dir: Path | None = None) -> Form:
    """Load ``rules/<form>.yaml`` (or a path) for an assessment year.

    With no year, the year the official text was printed for is used, so the
    form's own words come out exactly as printed.
    """
    path = Path(form) if isinstance(form, Path) or str(form).endswith((".yaml", ".yml")) \
        else form_path(str(form), rules_dir)
    return _load(path.resolve(), year)


@lru_cache(maxsize=16)
def _load(path: Path, year: int | None) -> Form:
    if not path.is_file():
        raise KaoheError(f"找不到规则文件：{path}")
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第{mark.line + 1}行" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RulesError([f"{path.name}{where}：YAML 语法错误：{problem}"]) from None
    if not isinstance(raw, dict):
        raise RulesError([f"{path.name}：顶层应为映射（form 的各字段）"])
    printed = raw.get("printed_year")
    target = year if year is not None else (printed if isinstance(printed, int) else None)
    data = render_years(raw, target) if target is not None else raw
    errors: list[str] = []
    data = expand_concepts(data, errors)
    form: Form | None = None
    try:
        form = Form.model_validate(data)
    except ValidationError as exc:
        errors += [_describe(path, node, err) for err in exc.errors()]
    errors += [f"{path.name}: {msg}" for msg in semantic_errors(data)]
    if errors:
        raise RulesError(errors)
    assert form is not None
    return form


# --------------------------------------------------------------------------
# Cross-field checks pydantic cannot express
# --------------------------------------------------------------------------
def iter_sections(form: Form) -> Iterator[tuple[tuple[Section, ...], Section]]:
    """Every section in table order, with its chain of sections (itself last)."""
    def walk(sections: list[Section], trail: tuple[Section, ...]):
        for s in sections:
            here = trail + (s,)
            yield here, s
            yield from walk(s.sections, here)
    yield from walk(form.sections, ())


def iter_items(form: Form) -> Iterator[tuple[tuple[Section, ...], Item]]:
    """Every item in table order, with the chain of sections above it."""
    for chain, section in iter_sections(form):
        for item in section.items:
            yield chain, item


def semantic_errors(data: dict) -> list[str]:
    """Cross-references checked on the raw data, so they are found even while
    other parts of the file do not validate yet."""
    errors: list[str] = []
    figure_keys = [f.get("key") for f in _dicts(data.get("figures"))]
    for key in sorted({k for k in figure_keys if figure_keys.count(k) > 1}, key=str):
        errors.append(f"figures：数据项“{key}”重复")
    known = set(figure_keys)
    lists = {f.get("key") for f in _dicts(data.get("figures")) if f.get("type") == "list" and f.get("choices")}
    used: set[str] = set()
    seen_ids: set[str] = set()
    for item in _raw_items(data.get("sections")):
        iid = str(item.get("id"))
        where = f"指标 {iid}"
        if iid in seen_ids:
            errors.append(f"{where}：id 重复")
        seen_ids.add(iid)
        for check in _dicts(item.get("checks")):
            for kind in check.get("kinds") or []:
                if kind not in CONTRACT_KINDS:
                    errors.append(f"{where}：检查“{check.get('label')}”的文件类型“{kind}”"
                                  f"不在 {'、'.join(CONTRACT_KINDS)} 中")
        for ref in _figure_refs(item):
            used.add(ref)
            if ref not in known:
                errors.append(f"{where}：引用了未定义的数据项“{ref}”")
        remark_value = item.get("remark_value") if isinstance(item.get("remark_value"), dict) else {}
        if remark_value.get("figure") is not None and remark_value.get("figure") not in known:
            errors.append(f"{where}：remark_value 引用了未定义的数据项“{remark_value.get('figure')}”")
        scoring = item.get("scoring") if isinstance(item.get("scoring"), dict) else {}
        deduct = scoring.get("deduct") if isinstance(scoring.get("deduct"), dict) else {}
        if deduct.get("missing_of") in known and deduct.get("missing_of") not in lists:
            errors.append(f"{where}：missing_of 应指向带 choices 的 list 数据项")
        if scoring.get("tiers") and not item.get("bands"):
            errors.append(f"{where}：scoring.tiers 需要 bands（区间档次）")
    for key in figure_keys:
        if key not in used:
            errors.append(f"figures：数据项“{key}”未被任何指标使用")
    return errors


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _raw_items(sections) -> Iterator[dict]:
    for section in _dicts(sections):
        yield from _dicts(section.get("items"))
        table = section.get("cost_table")
        if isinstance(table, dict):
            yield {"id": table.get("id")}
        yield from _raw_items(section.get("sections"))


def _figure_refs(item: dict) -> Iterator[str]:
    """Every figure key an item's scoring refers to."""
    scoring = item.get("scoring") if isinstance(item.get("scoring"), dict) else {}
    levels = _dicts(item.get("bonus"))
    for name in ("levels", "parts", "bonus"):
        levels += _dicts(scoring.get(name))
    for name in ("tiers", "entered"):
        if isinstance(scoring.get(name), str):
            yield scoring[name]
    deduct = scoring.get("deduct") if isinstance(scoring.get("deduct"), dict) else {}
    for name in ("missing_of", "shortfall_of", "count_figure"):
        if isinstance(deduct.get(name), str):
            yield deduct[name]
    for level in levels:
        for cond in _dicts(level.get("when")):
            for name in ("figure", "value_figure"):
                if isinstance(cond.get(name), str):
                    yield cond[name]


# --------------------------------------------------------------------------
# Pydantic errors -> one line each, with YAML path and line number
# --------------------------------------------------------------------------
_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "bool_parsing": "应为 true/false",
    "greater_than_equal": "数值过小",
    "greater_than": "数值过小",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不对",
}


def _describe(path: Path, root: yaml.Node | None, err: dict) -> str:
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _TAGS)]
    dotted = _dotted(loc)
    line = _line_of(root, loc)
    kind = err["type"]
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        expected = err.get("ctx", {}).get("expected_tags", "")
        msg = f"未知的检查类型“{tag}”（可用：{expected}）"
    elif kind == "union_tag_not_found":
        msg = "检查缺少 type 字段"
    elif kind == "literal_error":
        msg = f"取值“{err.get('input')}”不在允许范围（{err.get('ctx', {}).get('expected', '')}）"
    elif kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        msg = _MESSAGES.get(kind, err["msg"])
        if kind in ("float_parsing", "int_parsing", "float_type", "string_type", "bool_parsing"):
            msg += f"，得到“{err.get('input')}”"
    where = f"（第{line}行）" if line else ""
    return f"{path.name}: {dotted or '<顶层>'}{where}：{msg}"


_TAGS = {model.model_fields["type"].annotation.__args__[0]
         for model in get_args(get_args(Check)[0])}


def _dotted(loc: list) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_of(node: yaml.Node | None, loc: list) -> int | None:
    """The 1-based line of the deepest YAML node the path reaches."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line
