"""Topic chains: which clauses a topic reaches when Chinese drops the subject.

"远程会诊中心建设仍在论证，目前尚未投入使用": the second clause has no subject of
its own (only 目前 stands before its cue 尚未) and only a short predicate after
the cue (投入使用), so it says something of the first clause's topic, and the
topic is not done. "远程会诊中心已建成，影像中心尚未建成" differs: the second
clause has a subject of its own (影像中心) and leaves the topic alone; so does
"…，尚未开展远程病理诊断", whose object (远程病理诊断) is a topic of its own.
A subject that refers back (该平台, 此项工作) or says the topic's words again (建立会商
制度，但会商制度还停留在纸面上) continues the topic whatever follows.

A chain runs on through plain clauses (they carry no cue that could change the
topic), and into the first clause of the next sentence when that clause
continues ("…仍在论证。目前尚未启用。"); it stops at the first clause with a
cue that does not continue.

``covering_modality`` decides a sentence that must hold several concepts: each
way of taking one clause per concept is read with the clauses its topics reach
and any other clause that restates all the concepts ("已建立药学服务协作机制，
药学服务协作尚未落实" is not done); the sentence is as good as its best reading.
The words that count as leading words, anaphora and predicate fillers are in
rules/lexicon.yaml (``topics``).
"""
from __future__ import annotations

import re
from itertools import islice, product
from typing import Callable, Sequence

from .clauses import Clause
from .lexicon import Lexicon, load
from .quantities import quantified

ALTERING = ("negated", "planned")
_CONCESSIVE = re.compile(r"虽然|虽|尽管")
_BUT = re.compile(r"^(?:但是|但|却|可是|然而|不过)")
_TOPIC_DUI = re.compile(r"^对(?![口照象比接待外标应症称])[^，]{2,40}?的(?:政策|问题|办法|事项|工作|标准|制度|机制)")   # 对…的政策，…       # what a continuing clause can do to a topic
ORDER = ("done", "intended", "planned", "negated")   # better to worse
MAX_READINGS = 64
_PUNCT = re.compile(r"[\s，,：:、；;。！？!?“”\"'（）()《》]")
# an item's number before its text (四、关于… / （二）关于… / 3.关于… / 第五条 关于…)
_ITEM_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
                          r"|第[一二三四五六七八九十百\d]+[条项])\s*")


def _prefix(text: str, lex: Lexicon) -> str:
    """The text before a clause's first cue with its leading words taken off."""
    rules = lex.topics
    t = _PUNCT.sub("", text)
    changed = True
    while t and changed:
        changed = False
        if rules.leading_regex is not None:
            m = rules.leading_regex.match(t)
            if m and m.end() > 0:
                t, changed = t[m.end():], True
                continue
        for w in rules.leading_words:
            if t.startswith(w):
                t, changed = t[len(w):], True
                break
    return t


def refers_back(clause: Clause, lex: Lexicon | None = None) -> bool:
    """The clause's subject refers back to the topic before it (该平台尚未启用)."""
    lex = lex or load()
    if not clause.cues:
        return False
    head = _prefix(clause.text[: clause.cues[0].start - clause.start], lex)
    return bool(head) and head.startswith(lex.topics.anaphora)


def own_subject(clause: Clause, lex: Lexicon | None = None) -> bool:
    """Something other than leading words stands before the clause's first cue."""
    lex = lex or load()
    if not clause.cues:
        return False
    head = _prefix(clause.text[: clause.cues[0].start - clause.start], lex)
    return bool(head) and not head.startswith(lex.topics.anaphora)


def short_predicate(clause: Clause, lex: Lexicon | None = None) -> bool:
    """Only a short predicate follows the clause's last cue (投入使用, 论证): no object of its own."""
    lex = lex or load()
    if not clause.cues:
        return False
    tail = _PUNCT.sub("", clause.text[clause.cues[-1].end - clause.start:])
    if lex.topics.predicate_adverbials is not None:
        tail = lex.topics.predicate_adverbials.sub("", tail)     # 拟于年内报市政府审定后实施: 实施
    for w in lex.topics.predicate_fillers:
        tail = tail.replace(w, "")
    return len(tail) <= lex.topics.predicate_max_chars


def continues(clause: Clause, lex: Lexicon | None = None) -> bool:
    """A clause with a cue that says something of the topic before it."""
    lex = lex or load()
    if not clause.cues:
        return False
    if refers_back(clause, lex):
        return True
    return not own_subject(clause, lex) and short_predicate(clause, lex)


# a clause that names the aspect a sentence is about (远程会诊平台方面，…平台目前还不能连通)
_ASPECT = re.compile(r"^(?:在)?[\u4e00-\u9fa5、]{2,20}方面$")
# a clause that is only a noun phrase naming a rule or a matter (…中对表现突出者的优先政策): a topic
_TOPIC_NP = re.compile(r"的[\u4e00-\u9fa5]{0,8}(?:政策|制度|机制|办法|标准|待遇|补贴|补助|问题|事项|规定|措施)$")


def reach(clauses: Sequence[Clause], i: int, lex: Lexicon | None = None) -> list[int]:
    """Indices of the clauses after ``i`` that the topic of clause ``i`` reaches."""
    lex = lex or load()
    out: list[int] = []
    here = clauses[i].sentence
    opening = _PUNCT.sub("", _ITEM_NUMBER.sub("", clauses[i].text, count=1))
    if opening.startswith(lex.topics.topic_markers) or _TOPIC_DUI.match(opening) \
            or (not clauses[i].cues and _ASPECT.search(opening)) \
            or (not clauses[i].cues and _TOPIC_NP.search(opening) and i + 1 < len(clauses)
                and clauses[i + 1].sentence == here):
        # 关于派驻人员补贴标准，会议决定暂缓: the sentence is about that topic throughout; so is a
        # clause that only names a thing (…对表现突出者的优先政策，待…调整后再研究执行)
        return [j for j in range(i + 1, len(clauses)) if clauses[j].sentence == here]
    concessive = _CONCESSIVE.search(clauses[i].text) is not None
    for j in range(i + 1, len(clauses)):
        c = clauses[j]
        if concessive and c.sentence == here and _BUT.match(_PUNCT.sub("", c.text)):
            out.append(j)           # 各科室虽制定了计划，但…未能组织实施: the 但 clause is what holds
            continue
        if c.sentence == here and c.cues and _repeats(c, clauses[i], lex):
            out.append(j)           # 建立会商制度，但会商制度还停留在纸面上: the topic said again
            continue
        if c.sentence != here:
            # into the next sentence only through its first clause, and only when it continues
            if c.sentence != here + 1 or clauses[j - 1].sentence != here or not continues(c, lex):
                break
            here = c.sentence
            out.append(j)
            continue
        if not c.cues:
            out.append(j)
        elif j == i + 1 and _subject_only(clauses[i]) and not own_subject(c, lex):
            out.append(j)           # 电子病历的连续记录和共享，需待二期立项后实施: a subject, then its predicate
        elif continues(c, lex):
            out.append(j)
        else:
            break
    return out


def _subject_only(clause: Clause) -> bool:
    """A clause that is only a noun phrase (电子病历和电子处方的跨机构连续记录和共享): no cue, a
    的-phrase and no count, so it names a subject and the next clause gives its predicate
    (全年开展远程会诊86例，未发生纠纷 is a fact of its own, not a subject)."""
    t = _PUNCT.sub("", clause.text)
    return not clause.cues and "的" in t and not quantified(t)


def _repeats(clause: Clause, topic: Clause, lex: Lexicon) -> bool:
    """The clause's subject is the topic clause's words said again (…建立会商制度，但会商制度
    还停留在纸面上), not another thing of the same kind (远程影像中心 after 远程会诊中心)."""
    head = _prefix(clause.text[: clause.cues[0].start - clause.start], lex)
    changed = True
    while head and changed:              # adverbs before the cue: 会商制度还…, 该中心目前…
        changed = False
        for w in lex.topics.leading_words:
            if head.endswith(w) and len(head) > len(w):
                head, changed = head[: -len(w)], True
                break
    return len(head) >= 3 and head in _PUNCT.sub("", topic.text)


def worst(modalities) -> str:
    return max(modalities, key=ORDER.index, default="done")


def covering_modality(clauses: Sequence[Clause], holders: Sequence[set[int]], effective: Callable[[int], str],
                      lex: Lexicon | None = None) -> tuple[str, set[int]]:
    """The modality of a sentence that must hold every concept, and the clauses that decided it.

    ``holders[g]`` is the set of clause indices holding concept ``g``; ``effective(i)``
    is clause ``i``'s modality for the check at hand (done, intended, planned, negated)."""
    lex = lex or load()
    if not holders or any(not h for h in holders):
        return "done", set()
    every = set.intersection(*map(set, holders))      # clauses that hold every concept by themselves
    best: tuple[str, set[int]] | None = None
    for choice in islice(product(*[sorted(h) for h in holders]), MAX_READINGS):
        taken = set(choice)
        mods = [effective(i) for i in taken]
        touched = set(taken)
        for i in taken:
            for j in reach(clauses, i, lex):
                if j in taken:
                    continue
                touched.add(j)
                m = effective(j)
                if m in ALTERING:
                    mods.append(m)
        for j in every - taken:
            touched.add(j)
            m = effective(j)
            if m in ALTERING:
                mods.append(m)
        reading = (worst(mods), touched)
        if best is None or ORDER.index(reading[0]) < ORDER.index(best[0]):
            best = reading
        if best[0] == "done":
            break
    return best


_ITEM_BOUNDS = "、，,。；;：:\n"


def enumerated_item(text: str, pos: int) -> str:
    """The item of an enumeration (A、B、C尚未落实等问题) that holds ``pos``: the text between the
    nearest 、 or clause boundary before it and the next one after it."""
    start = max(text.rfind(ch, 0, pos) for ch in _ITEM_BOUNDS) + 1
    ends = [i for i in (text.find(ch, pos) for ch in _ITEM_BOUNDS) if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def negation_elsewhere(clause: Clause, text: str, about: Callable[[str], bool]) -> bool:
    """Every negation of ``clause`` sits in an item of a list of separate facts that is about
    something else: in "存在生活补助标准偏低、远程会诊设备尚未落实等问题" the 尚未 belongs to
    the 远程会诊设备, not to the 生活补助 (``about`` tells whether a text names the topic). A
    coordination under one predicate (与绩效、职称挂钩的措施尚未落实) is negated whole."""
    cues = [c for c in clause.cues if c.modality == "negated"]
    if not cues or "、" not in clause.text or not _PROBLEM_LIST.search(clause.text):
        return False            # 与科室绩效、职称晋升挂钩的措施尚未落实: one predicate over both
    return all(not about(enumerated_item(text, c.start)) for c in cues)


# a list of separate facts: 存在A、B、C等问题 (each item has its own predicate)
_PROBLEM_LIST = re.compile(r"等(?:问题|困难|不足|情况|现象|短板|薄弱环节|矛盾)")
