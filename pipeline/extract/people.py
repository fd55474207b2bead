"""People and posts: who is appointed to what, and what is said of them.

- A post word names its own post only (院长 is not 副院长, nor 院长助理): the words
  are in rules/lexicon.yaml (``people``) and every concept match applies them.
- ``appointments`` reads 任命张三为副院长, 同意东江市第一人民医院副院长谢军同志（对口
  支援派驻）挂职梅林县人民医院副院长, 聘任李四同志担任外科主任: the person, the post
  the sentence gives them, and the words said of the person before the verb (their
  unit and title, a parenthetical such as （对口支援派驻）).
- ``said_of`` tells whether words (派驻, 挂职, the supporting hospital's name) are said
  of that person: in the appointment itself or in a sentence that names the person
  next to them ("我院派驻专家张三"), never merely elsewhere in the notice.
- ``entry_person`` reads a record's line of one person (刘畅：目标任务全部完成，考核等次合格。).
- ``denies_post`` reads what the appointment says it is not (杨启为院长助理，协助院长分管医务工作，
  不列入院领导班子): a post the notice keeps out of a group is not of that group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.lexicon import Lexicon, load

_CJK = "\u4e00-\u9fa5"
NAME_WINDOW = 16          # characters around a name that a description may take


@dataclass(frozen=True)
class Appointment:
    person: str
    post: str                 # the post as written, with its unit (梅林县人民医院副院长)
    described: str            # what the sentence says of the person before the verb
    start: int                # span of the appointment in the text
    end: int


def _verbs(lex: Lexicon) -> list[str]:
    return sorted(lex.people.get("appointment_verbs", ()), key=len, reverse=True)


def _name_before(text: str, end: int, lex: Lexicon) -> tuple[str, int] | None:
    """The person's name ending at ``end`` (after 同志 and a parenthetical are taken off)."""
    head = text[:end]
    head = re.sub(r"[（(][^（）()]{0,48}[）)]$", "", head)
    head = re.sub(r"同志$", "", head)
    m = re.search(f"[{_CJK}]{{2,4}}$", head)
    if not m:
        return None
    cand = m.group(0)
    bounds = lex.people.get("name_boundaries", "")
    # …副院长谢军 → 谢军: a name does not begin right after a title or a unit
    for size in (3, 2):
        if len(cand) >= size:
            name = cand[-size:]
            before = cand[-size - 1] if len(cand) > size else ""
            if name[0] not in bounds and (size == 2 or before in bounds or not before):
                return name, len(head) - size
    return None


def guarded(part: str, lex: Lexicon | None = None) -> str:
    """A literal word as a pattern in which a post word names its own post only:
    院长 is not 副院长 (a deputy prefix before it) nor 院长助理 (a suffix after it)."""
    lex = lex or load()
    people = lex.people or {}
    pattern = re.escape(part)
    posts = people.get("post_words", ())
    if any(part.startswith(w) for w in posts):
        pattern = "".join(f"(?<!{re.escape(d)})" for d in people.get("deputy_prefixes", ())) + pattern
    if any(part.endswith(w) for w in posts):
        pattern += "".join(f"(?!{re.escape(x)})" for x in people.get("post_suffixes_not", ()))
    return pattern


def _last_verb(head: str, verb: str, lex: Lexicon) -> int:
    """The last place ``verb`` stands in ``head`` as a verb (not inside 主任, 作为, 任务)."""
    exceptions = lex.people.get("verb_exceptions", ())
    i = head.rfind(verb)
    while i >= 0:
        inside = any(head.find(w, max(0, i - len(w) + 1), i + len(verb) + len(w)) >= 0
                     and any(a <= i and i + len(verb) <= a + len(w) for a in _finds(head, w, i))
                     for w in exceptions)
        if not inside:
            return i
        i = head.rfind(verb, 0, i)
    return -1


def _finds(text: str, word: str, near: int) -> list[int]:
    lo = max(0, near - len(word))
    out, j = [], text.find(word, lo)
    while 0 <= j <= near:
        out.append(j)
        j = text.find(word, j + 1)
    return out


def _sent_person(text: str, verb_at: int, lex: Lexicon) -> tuple[str, int, int] | None:
    """The person a pivotal construction sends to the appointment at ``verb_at`` (选派张维国同志
    赴某县人民医院挂职副院长; …挂职，任该院执行院长): (name, its start, the sentence start), the last
    such person of the sentence before the verb."""
    people = lex.people or {}
    sends, moves = people.get("pivot_verbs", ()), people.get("pivot_moves", ())
    if not sends or not moves:
        return None
    s_start = max(text.rfind(ch, 0, verb_at) for ch in "。；;\n") + 1
    head = text[s_start:verb_at]
    rx = re.compile("(?:" + "|".join(map(re.escape, sorted(sends, key=len, reverse=True))) + ")"
                    + f"(?P<name>[{_CJK}]{{2,3}}?)(?:同志)?(?:[（(][^（）()]{{0,48}}[）)])?"
                    + "(?:" + "|".join(map(re.escape, moves)) + ")")
    found = list(rx.finditer(head))
    if not found:
        return None
    m = found[-1]
    return m.group("name"), s_start + m.start("name"), s_start


def appointments(text: str, posts: list[re.Pattern], lex: Lexicon | None = None) -> list[Appointment]:
    """Every appointment in ``text`` to a post that one of ``posts`` (compiled concept
    patterns, with the post-word guard) matches."""
    lex = lex or load()
    t = text
    out: list[Appointment] = []
    for rx in posts:
        for m in rx.finditer(t):
            # the verb before the post, within the same clause: 挂职梅林县人民医院副院长
            clause_start = max(t.rfind(ch, 0, m.start()) for ch in "，。；：,;:\n") + 1
            head = t[clause_start:m.start()]
            verb_at = None             # the last verb; of verbs ending together, the longest (担任, not 任)
            for verb in _verbs(lex):
                i = _last_verb(head, verb, lex)
                if i >= 0 and (verb_at is None or (i + len(verb), -i) > (verb_at[0] + len(verb_at[1]), -verb_at[0])):
                    verb_at = (i, verb)
            if verb_at is None:
                continue
            v_start = clause_start + verb_at[0]
            gap = t[v_start + len(verb_at[1]):m.start()]
            if len(gap) > 20:
                # too far: the post is not the verb's object, unless it is listed with the posts
                # before it (聘任…马立新同志为中共某医院委员会委员、某医院副院长)
                k = gap.rfind("、")
                if k < 0 or len(gap) - k - 1 > 20:
                    continue
            named = _name_before(t, v_start, lex)
            if named:
                person, p_start = named
                described = t[clause_start:p_start] + t[p_start + len(person):v_start] + verb_at[1]
            else:
                sent = _sent_person(t, v_start, lex)
                if sent is None:
                    continue
                person, p_start, s_start = sent
                described = t[s_start:p_start] + t[p_start + len(person):v_start] + verb_at[1]
            out.append(Appointment(person, t[v_start + len(verb_at[1]):m.end()], described, p_start, m.end()))
    out.sort(key=lambda a: a.start)
    dedup: list[Appointment] = []
    for a in out:
        if not any(d.person == a.person and d.start == a.start for d in dedup):
            dedup.append(a)
    return dedup


def said_of(person: str, text: str, words: list[str], lex: Lexicon | None = None) -> str | None:
    """The word of ``words`` said of ``person`` in ``text`` (within a short window of the name,
    in the same sentence), or None. After the name the window ends at a verb whose object is
    other people (闫淑珍兼任办公室主任，负责派驻专家的日常联络: she looks after the experts)."""
    lex = lex or load()
    handling = lex.people.get("handling_verbs", ())
    for m in re.finditer(re.escape(person), text):
        s_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;\n") + 1
        s_end = min((i for i in (text.find(ch, m.end()) for ch in "。；;\n") if i >= 0), default=len(text))
        after = text[m.end():min(s_end, m.end() + NAME_WINDOW)]
        cut = min((i for i in (after.find(v) for v in handling) if i >= 0), default=len(after))
        window = text[max(s_start, m.start() - NAME_WINDOW):m.end()] + after[:cut]
        for w in words:
            if w and w in window:
                return w
    return None


_ENTRY = re.compile(r"^\s*([\u4e00-\u9fa5]{2,4})(?:同志)?\s*[：:]")


def entry_person(line: str) -> str | None:
    """The person a record's line is about when it opens with a name and a colon (赵文斌：…)."""
    m = _ENTRY.match(line)
    return m.group(1) if m else None


_NOT_AMONG = r"(?:不|未|并不|暂不)(?:列入|进入|属于|作为|计入|算作|纳入|是)"


def denies_post(sentence: str, words: list[str]) -> str | None:
    """The words of ``sentence`` that keep the post out of a group named by ``words``
    (不列入院领导班子, 不属于领导班子成员), or None."""
    names = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    if not names:
        return None
    m = re.search(rf"{_NOT_AMONG}[^，,。；;]{{0,6}}?(?:{names})[^，,。；;]{{0,4}}", sentence)
    return m.group(0) if m else None


def author_lines(texts: list[str], lex: Lexicon | None = None) -> list[str]:
    """The lines of a report that name its author and post (汇报人：…, 职务：…), head and end."""
    lex = lex or load()
    labels = lex.people.get("author_labels", ())
    out = []
    for t in texts[:12] + texts[-6:]:
        s = re.sub(r"\s+", "", t)
        if len(s) <= 60 and any(s.startswith(w) for w in labels):
            out.append(s)
    return out


def author_post(texts: list[str], posts: list[re.Pattern], lex: Lexicon | None = None) -> tuple[str, bool] | None:
    """(the author lines, whether they hold one of ``posts``) — None when no author line is found.
    A line that holds a clinical post (护师, 主治医师) and none of ``posts`` is a clinical author."""
    lex = lex or load()
    lines = author_lines(texts, lex)
    if not lines:
        return None
    joined = "；".join(lines)
    if any(rx.search(joined) for rx in posts):
        return joined, True
    clinical = any(w in joined for w in lex.people.get("clinical_posts", ()))
    return (joined, False) if clinical else None
