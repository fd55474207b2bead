"""Typed access to rules/lexicon.yaml: cue words, markers, kinds, labels.

The file is read once per path and cached.  ``load()`` without an argument
reads the repository's ``rules/lexicon.yaml``; the environment variable
``KAOHE_LEXICON`` or an explicit path overrides it (tests, other rule sets).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import RulesError

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "rules" / "lexicon.yaml"

MODALITIES = ("conditional", "negated", "planned", "permissive", "done", "target")


@dataclass(frozen=True)
class CueSet:
    """Literal cues, regex cues and the words that neutralise a cue."""

    cues: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    exceptions: tuple[str, ...]
    exception_patterns: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class KindRules:
    canonical: tuple[str, ...]
    synonyms: tuple[tuple[str, str], ...]        # (synonym, canonical), longest first
    subkinds: tuple[tuple[str, str], ...]        # (word, subkind), longest first
    appointment_words: tuple[str, ...]
    issuing_notice: tuple[re.Pattern, ...]
    issuing_file_kind: str                        # carried | notice
    structure: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TopicRules:
    """What lets a clause continue the topic before it (see pipeline/text/topics.py)."""

    leading_words: tuple[str, ...]           # longest first
    leading_regex: re.Pattern | None
    anaphora: tuple[str, ...]
    predicate_fillers: tuple[str, ...]
    predicate_max_chars: int
    topic_markers: tuple[str, ...] = ()      # 关于…: the clause names the topic of the whole sentence
    predicate_adverbials: re.Pattern | None = None   # 于年内, 报市政府审定后: when and how, no object


@dataclass(frozen=True)
class Lexicon:
    path: Path
    precedence: tuple[str, ...]
    modality: dict[str, CueSet]
    sentence_end: str
    clause_sep: str
    adverbial_max_chars: int
    draft_markers: tuple[str, ...]
    in_force_markers: tuple[str, ...]
    kinds: KindRules
    gongwen: dict
    meeting_fields: dict[str, tuple[str, ...]]
    meeting_heading: re.Pattern
    figures: dict
    topics: "TopicRules | None" = None
    not_yet: tuple[str, ...] = ()           # planned cues that, in a report, deny it is done
    existence_verbs: tuple[str, ...] = ()   # a denial of a document says it is not 出台/建立 yet
    deferral: re.Pattern | None = None      # the rule is left to a later document (…前制定…办法)
    not_gone: re.Pattern | None = None      # the visit or activity itself did not take place (未能赴现场)
    task: re.Pattern | None = None          # a plan says to create the mechanism (建立…机制): a task
    agenda: re.Pattern | None = None        # a year's work plan opens a clause with a task verb (落实…政策)
    decision_words: tuple[str, ...] = ()    # what a meeting decided (会议决定, 原则通过) is a rule
    no_breach: re.Pattern | None = None     # 无擅自离岗: the good state, no breach
    structure: dict = None
    people: dict = None


def _strs(value, where: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        errors.append(f"{where}: 应为非空字符串列表")
        return ()
    return tuple(value)


def _compile(patterns: tuple[str, ...], where: str, errors: list[str]) -> tuple[re.Pattern, ...]:
    out = []
    for i, p in enumerate(patterns):
        try:
            out.append(re.compile(p))
        except re.error as exc:
            errors.append(f"{where}[{i}]: 正则表达式无效（{exc}）")
    return tuple(out)


def _build(data: dict, path: Path) -> Lexicon:
    errors: list[str] = []
    if not isinstance(data, dict):
        raise RulesError([f"{path}: 顶层应为映射"])
    mod = data.get("modality") or {}
    modality: dict[str, CueSet] = {}
    for name in MODALITIES:
        sect = mod.get(name) or {}
        where = f"{path.name}: modality.{name}"
        modality[name] = CueSet(
            cues=_strs(sect.get("cues"), where + ".cues", errors),
            patterns=_compile(_strs(sect.get("regex"), where + ".regex", errors), where + ".regex", errors),
            exceptions=_strs(sect.get("exceptions"), where + ".exceptions", errors),
            exception_patterns=_compile(_strs(sect.get("regex_exceptions"), where + ".regex_exceptions", errors),
                                        where + ".regex_exceptions", errors),
        )
    precedence = _strs(mod.get("precedence"), f"{path.name}: modality.precedence", errors) or MODALITIES
    if set(precedence) != set(MODALITIES):
        errors.append(f"{path.name}: modality.precedence 应恰好包含 {', '.join(MODALITIES)}")

    cl = data.get("clauses") or {}
    dr = data.get("draft") or {}
    kd = data.get("kinds") or {}
    canonical = _strs(kd.get("canonical"), f"{path.name}: kinds.canonical", errors)
    synonyms: list[tuple[str, str]] = []
    for canon, words in (kd.get("synonyms") or {}).items():
        if canon not in canonical:
            errors.append(f"{path.name}: kinds.synonyms.{canon}: 不是合同规定的文种")
        for w in _strs(words, f"{path.name}: kinds.synonyms.{canon}", errors):
            synonyms.append((w, canon))
    subkinds = [(w, sub) for sub, words in (kd.get("subkinds") or {}).items()
                for w in _strs(words, f"{path.name}: kinds.subkinds.{sub}", errors)]
    notice = kd.get("issuing_notice") or {}
    notice_src = notice.get("regex") or [r"(?!)"]
    if isinstance(notice_src, str):
        notice_src = [notice_src]
    notice_re = _compile(tuple(notice_src), f"{path.name}: kinds.issuing_notice.regex", errors)
    structure = {k: _strs(v, f"{path.name}: kinds.structure.{k}", errors)
                 for k, v in (kd.get("structure") or {}).items()}

    mt = data.get("meeting") or {}
    fields = {k: _strs(v, f"{path.name}: meeting.fields.{k}", errors)
              for k, v in (mt.get("fields") or {}).items()}
    heading = _compile((mt.get("heading_regex") or r"(?!)",), f"{path.name}: meeting.heading_regex", errors)

    gw = data.get("gongwen") or {}
    page_re = _compile((gw.get("page_number_regex") or r"(?!)",), f"{path.name}: gongwen.page_number_regex", errors)
    gw = dict(gw)
    gw["page_number_re"] = page_re[0] if page_re else None
    by_len = lambda pairs: tuple(sorted(pairs, key=lambda p: -len(p[0])))  # noqa: E731
    tp = data.get("topics") or {}
    topic_re = _compile((tp["leading_regex"],), f"{path.name}: topics.leading_regex", errors) \
        if tp.get("leading_regex") else ()
    topics = TopicRules(
        leading_words=tuple(sorted(_strs(tp.get("leading_words"), "topics.leading_words", errors), key=len, reverse=True)),
        leading_regex=topic_re[0] if topic_re else None,
        anaphora=tuple(sorted(_strs(tp.get("anaphora"), "topics.anaphora", errors), key=len, reverse=True)),
        predicate_fillers=_strs(tp.get("predicate_fillers"), "topics.predicate_fillers", errors),
        predicate_max_chars=int(tp.get("predicate_max_chars", 6)),
        topic_markers=_strs(tp.get("topic_markers"), "topics.topic_markers", errors),
        predicate_adverbials=(_compile((tp.get("predicate_adverbials_regex") or "(?!)",),
                                       "topics.predicate_adverbials_regex", errors) or [None])[0],
    )
    lex = Lexicon(
        path=path,
        precedence=precedence,
        modality=modality,
        sentence_end=cl.get("sentence_end", "。；;！!？?\n"),
        clause_sep=cl.get("clause_sep", "，,"),
        adverbial_max_chars=int(cl.get("adverbial_max_chars", 0)),
        draft_markers=_strs(dr.get("markers"), "draft.markers", errors),
        in_force_markers=_strs(dr.get("in_force"), "draft.in_force", errors),
        kinds=KindRules(
            canonical=canonical,
            synonyms=by_len(synonyms),
            subkinds=by_len(subkinds),
            appointment_words=_strs(kd.get("appointment_words"), "kinds.appointment_words", errors),
            issuing_notice=notice_re,
            issuing_file_kind=str(notice.get("file_kind", "carried")),
            structure=structure,
        ),
        gongwen=gw,
        meeting_fields=fields,
        meeting_heading=heading[0] if heading else None,
        figures=dict(data.get("figures") or {}),
        topics=topics,
        not_yet=_strs((mod.get("planned") or {}).get("not_yet"), "modality.planned.not_yet", errors),
        existence_verbs=_strs((mod.get("planned") or {}).get("existence_verbs"), "modality.planned.existence_verbs",
                              errors),
        no_breach=(_compile(((data.get("breach") or {}).get("none_regex") or "(?!)",), "breach.none_regex", errors)
                   or [None])[0],
        deferral=(_compile((data.get("deferral_regex") or "(?!)",), "deferral_regex", errors) or [None])[0],
        not_gone=(_compile((data.get("not_gone_regex") or "(?!)",), "not_gone_regex", errors) or [None])[0],
        task=(_compile((data.get("task_regex") or "(?!)",), "task_regex", errors) or [None])[0],
        agenda=(_compile((data.get("agenda_regex") or "(?!)",), "agenda_regex", errors) or [None])[0],
        decision_words=_strs(data.get("decision_words"), "decision_words", errors),
        people={"post_words": _strs((data.get("people") or {}).get("post_words"), "people.post_words", errors),
                "deputy_prefixes": _strs((data.get("people") or {}).get("deputy_prefixes"), "people.deputy_prefixes",
                                         errors),
                "post_suffixes_not": _strs((data.get("people") or {}).get("post_suffixes_not"),
                                           "people.post_suffixes_not", errors),
                "appointment_verbs": _strs((data.get("people") or {}).get("appointment_verbs"),
                                           "people.appointment_verbs", errors),
                "name_boundaries": str((data.get("people") or {}).get("name_boundaries") or ""),
                "verb_exceptions": _strs((data.get("people") or {}).get("verb_exceptions"), "people.verb_exceptions",
                                         errors),
                "author_labels": _strs((data.get("people") or {}).get("author_labels"), "people.author_labels", errors),
                "clinical_posts": _strs((data.get("people") or {}).get("clinical_posts"), "people.clinical_posts",
                                        errors),
                "pivot_verbs": _strs((data.get("people") or {}).get("pivot_verbs"), "people.pivot_verbs", errors),
                "pivot_moves": _strs((data.get("people") or {}).get("pivot_moves"), "people.pivot_moves", errors),
                "handling_verbs": _strs((data.get("people") or {}).get("handling_verbs"), "people.handling_verbs",
                                        errors)},
        structure={"goal_headings": _strs((data.get("structure") or {}).get("goal_headings"),
                                          "structure.goal_headings", errors),
                   "not_goal_words": _strs((data.get("structure") or {}).get("not_goal_words"),
                                           "structure.not_goal_words", errors),
                   "heading_max_chars": int((data.get("structure") or {}).get("heading_max_chars", 40))},
    )
    if errors:
        raise RulesError(errors)
    return lex


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError([f"无法读取词表文件 {path}（{exc.strerror or exc}）"]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError([f"{path}: YAML 格式错误（{exc}）"]) from exc
    return _build(data, path)


_RESOLVED: dict[str, Path] = {}


def load(path: str | os.PathLike | None = None) -> Lexicon:
    """The lexicon at ``path`` (default: $KAOHE_LEXICON or rules/lexicon.yaml)."""
    key = str(path) if path else (os.environ.get("KAOHE_LEXICON") or str(DEFAULT_PATH))
    resolved = _RESOLVED.get(key)
    if resolved is None:                      # resolving a path costs a system call each time
        resolved = _RESOLVED[key] = Path(key).resolve()
    return _load_cached(resolved)
