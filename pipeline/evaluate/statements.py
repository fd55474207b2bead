"""Which sentences of a document state a requirement, and in which modality for a check.

A sentence states a requirement when it holds every concept of it. What it
counts as depends on the clause that says it and on the document:

- negated (尚未, 暂未, 没有) is never done; planned (拟, 将, 力争, 仍在论证, 有待) and
  everything under a goal or next-step heading (工作目标, 下一步工作) is a plan;
- encouragement and permission (鼓励, 允许) are not the practice in place;
- a goal (到2020年, …的目标) is a plan, except as the agreed content of an
  agreement or charter, and except when a report dated after the goal year says
  where things stood (pipeline/text/targets.py);
- a plain clause is a rule in a 制度/办法/协议, a fact in a 总结/报告/会议记录, and
  only a task in a 方案/计划/规划 — unless the check asks for that kind of plan;
- a condition (确需离岗的，须经批准) is how a rule is written, and no fact.

Scope follows the topic (pipeline/text/topics.py): a later clause without a
subject of its own ("…，目前尚未投入使用") says something of the topic before it,
and a clause that restates every concept in another modality counts too.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..extract.period import narrates_past, starts_after
from ..extract.tables import is_total_row, leaves_open, states_nothing
from ..text import targets
from ..text.quantities import quantified, row_figures
from ..text.clauses import Clause
from ..text.lexicon import load as load_lexicon
from ..text.topics import covering_modality, worst
from .concepts import all_occurrences, match_all, squash
from .pool import FACT_KINDS, PLAN_KINDS, RULE_KINDS, DocView, Passage

AGREEMENT_KINDS = frozenset({"协议", "章程"})
TASK_KINDS = frozenset({"方案", "计划", "规划", "意见", "通知"})     # documents that set tasks
_SENTENCE_CLOSE = ("。", "；", "！", "？")


def report_year(v: DocView) -> int | None:
    """The year a document reports on or was written in."""
    if v.date:
        return v.date.year
    return max(v.years) if v.years else None


def effective_modality(clause: Clause, v: DocView, check, passage: Passage | None = None) -> str:
    """What a clause counts as for ``check``: done, intended (a rule or task, not a fact),
    planned or negated."""
    modality = clause.modality
    facts_only = getattr(check, "facts_only", False)
    asked_kind = v.kind in getattr(check, "kinds", [])
    if modality == "negated":
        return "negated"
    if passage is not None and passage.row_status == "not_done" and modality != "done":
        return "negated"                 # the row's 完成情况 says 未完成 / 进行中
    if passage is not None and passage.row_status == "plan" and modality != "negated":
        return "planned"                 # marked under 计划建设, not under 已建成
    if passage is not None and passage.plan_cells and passage.block_at(clause.start) in passage.plan_cells:
        return "planned"                 # said in a 计划建设 / 年度目标 column
    if passage is not None and passage.goal:
        if not facts_only and v.kind in AGREEMENT_KINDS and modality != "planned":
            return "done"                # the goals an agreement sets are its content
        return "planned"                 # under 工作目标 / 下一步工作, a task table's row: a plan
    if modality == "planned":
        return "planned"
    if modality == "conditional":
        # "确需离岗的，须经批准" is how a rule is written; elsewhere "if" is not "done"
        rule = v.kind in RULE_KINDS and not facts_only
        return "done" if rule else "planned"
    if modality == "permissive":
        return "intended"                # 鼓励/允许: encouraged, not in place
    if modality == "done":
        return "done"
    if modality == "target":
        if v.kind in FACT_KINDS and targets.reads_as_fact(clause, report_year(v)):
            return "done"                # 到2018年底，全市共建成… in a report of 2018 or later
        if not facts_only and (v.kind in AGREEMENT_KINDS or asked_kind and (
                getattr(check, "accept_planned", False) or v.kind in ("规划", "计划"))):
            return "done"                # the agreed target is the agreement's content, an asked-for 规划's too
        # 到2020年，医共体内建立…服务模式 in a 实施方案: a goal, not the guidance or the rule it asks for
        return "planned" if v.kind in FACT_KINDS or facts_only or asked_kind else "intended"
    if facts_only:
        # a plain clause is a fact in a report or a record, a rule or a task elsewhere
        return "done" if v.kind in FACT_KINDS else "intended"
    if v.kind in TASK_KINDS and sets_task(clause.text):
        return "intended"                # 建立利益共享机制: a task to create it, not the mechanism
    if v.kind == "计划" and _on_agenda(clause.text):
        return "intended"                # a year's work plan: 配合市医保局落实差别化报销政策 is a task
    # an issued plan's plain clause is an arrangement in force (院长任领导小组组长, 派驻人员待遇不变)
    return "done"


@dataclass
class SentenceHit:
    view: DocView
    passage: Passage
    start: int
    end: int
    modality: str                     # effective: done | intended | planned | negated
    clauses: tuple[int, ...] = ()     # the clauses (indices in passage.clauses) that decided it


def sentence_hits(v: DocView, concepts: list[list[str]], check) -> list[SentenceHit]:
    """Sentences of ``v`` holding every concept, each with the modality its topic has.

    Every way of taking one clause per concept is read with the clauses its topic
    reaches and the clauses that restate every concept; the sentence is as good as
    its best reading ("号源开放进展较慢，力争2018年实现号源下放" is not done;
    "远程会诊中心已建成，影像中心尚未建成" is done for the 远程会诊中心)."""
    hits = []
    facts_only = getattr(check, "facts_only", False)
    headings = {v.sections[k].block for k in range(len(v.sections))}
    statement = getattr(check, "type", "") == "statement"
    for p in (_candidates(v, concepts) if statement else v.holding(concepts)):
        if (facts_only or statement) and any(b in p.blocks for b in v.title_blocks):
            continue            # a title names the subject; it states nothing (the body must)
        if statement and p.topic_cells and p.row_status != "done":
            # a register's 议题 cell names what an event was to be about (二季度 | 远程会诊中心运行 |
            # 未举行): unless the row says the event took place, it says nothing of the thing itself
            rest = "".join(b.text for (_, _, i), b in zip(p.spans, p.blocks) if i not in p.topic_cells)
            if not match_all(squash(rest).text, concepts):
                continue
        heading = _is_heading_only(v, p, headings)
        if (facts_only and (heading or is_header_row(p))) or _table_header_row(v, p):
            continue            # a heading or a table's header names a topic; it reports nothing
        sq = p.squashed
        clauses = p.clauses
        topic = None
        for s_start, s_end, sentence_clauses in p.sentences():
            a, b = bisect_left(sq.index, s_start), bisect_left(sq.index, s_end)
            window = sq.text[a:b]
            said = [g for g in concepts if p.holds_within(a, b, g)]
            instance = False
            if not said and statement and p.blocks[0].kind == "table-cell" and not is_header_row(p):
                # a row of a table whose header names every concept (支援科室 | 受援科室 | 年度目标): the
                # row is one instance of what the header says, decided by its own cells' modality
                header = _table_header(v, p)
                first_c = clauses.index(sentence_clauses[0])
                own = clauses[first_c:first_c + len(sentence_clauses)]
                # (a row that also says what is not there, 现状：不能开展血液净化, is left to its cells' words)
                if header and match_all(header, concepts) and not any(c.modality == "negated" for c in own) \
                        and not _cell_states_nothing(v, p, concepts):
                    said, instance = concepts, True
            if len(said) < len(concepts):
                # the topic may be given by the title, the section's headings or a table's header
                # (医保局 in the title; 健康教育 in a register's header): the predicate, the last
                # concept, must still be said in the sentence
                if not said:
                    continue
                row = p.blocks[0].kind == "table-cell" or is_row_line(v, p)
                # a table row's verbs are its columns' names (指导单位 | 被指导机构 | 指导内容)
                if concepts[-1] not in said and not row:
                    continue
                topic = topic if topic is not None else topic_of(v, p)
                if any(g not in said and not match_all(topic, [g]) for g in concepts):
                    continue
            else:
                said = concepts
            if _only_cited(window, said):
                continue            # 贵委《关于…差异化医保报销政策的函》收悉: a title named, nothing stated
            first = clauses.index(sentence_clauses[0])
            idx = range(first, first + len(sentence_clauses))
            holders = []
            for group in said:
                if instance:
                    holders.append(set(idx))
                    continue
                spans = [sq.span(a + x, a + y) for x, y in all_occurrences(window, [group])]
                holders.append({i for i in idx if any(clauses[i].start < e and s < clauses[i].end
                                                      for s, e in spans)})
            modality, touched = covering_modality(
                clauses, holders, lambda i: effective_modality(clauses[i], v, check, p))
            if (modality == "intended" and getattr(check, "facts_only", False)
                    and narrates_past(p.text[s_start:s_end + 1], v.date, v.assessed_year,
                                      schedule=v.kind in PLAN_KINDS)):
                modality = "done"         # 2020年3月至8月，科室…修订16项 (a 制度汇编's preface): a fact
            if modality in ("done", "intended") and starts_after(_full_sentence(p.text, s_start, s_end),
                                                                  v.assessed_year):
                modality = "planned"      # 自2019年1月1日起，A；B。: neither is in force in a 2018 assessment
            deferred = [i for i in idx if defers(clauses[i].text)]
            if not deferred and defers(re.sub(r"\s+", "", p.text[s_start:s_end + 1])):
                deferred = list(idx)      # 2021年6月底前，出台…办法: the deadline in a clause of its own
            if deferred and modality in ("done", "intended"):
                modality, touched = "planned", touched | set(deferred)   # the rule is left to a later document
            if not heading and _inline_heading(v, p, s_start, s_end):
                nxt = next(((s2, e2, c2) for s2, e2, c2 in p.sentences() if s2 > s_end), None)
                if nxt is None:
                    continue
                # （五）利益共享。医共体内…: the heading names the topic, the next sentence decides
                bs, be, bclauses = nxt
                first = clauses.index(bclauses[0])
                modality = _deferred(worst([modality] + [effective_modality(c, v, check, p) for c in bclauses]),
                                     bclauses)
                end = be + 1 if p.text[be:be + 1] in _SENTENCE_CLOSE else be
                hits.append(SentenceHit(v, p, bs, end, modality, tuple(range(first, first + len(bclauses)))))
                continue
            if heading:
                # a heading names the topic of its section (一、甲方的职责与权利): the rule is the
                # section's first sentence, which decides and is cited
                body = _first_body(v, p, concepts)
                if body is None:
                    continue
                bs, be, bclauses = body.sentences()[0]
                first = body.clauses.index(bclauses[0])
                modality = _deferred(worst([modality] + [effective_modality(c, v, check, body) for c in bclauses]),
                                     bclauses)
                end = be + 1 if body.text[be:be + 1] in _SENTENCE_CLOSE else be
                hits.append(SentenceHit(v, body, bs, end, modality, tuple(range(first, first + len(bclauses)))))
                continue
            last = max((clauses[i].end for i in touched), default=s_end)
            if last > s_end:            # the topic runs on into the next sentence: quote it too
                s_end = next((e for s, e, _ in p.sentences() if s <= last - 1 < e), last)
            end = s_end + 1 if p.text[s_end:s_end + 1] in _SENTENCE_CLOSE else s_end
            hits.append(SentenceHit(v, p, s_start, end, modality, tuple(sorted(touched))))
    return hits


def _full_sentence(text: str, start: int, end: int) -> str:
    """The sentence up to ``end`` from the last full stop before ``start``: what a head such as
    会议决定：自2019年1月1日起，… reaches over a list of clauses separated by ；."""
    stop = max(text.rfind(ch, 0, start) for ch in "。！？\n")
    return text[stop + 1:end + 1]


def _on_agenda(text: str) -> bool:
    rx = load_lexicon().agenda
    return rx is not None and bool(rx.search(text))


def sets_task(text: str) -> bool:
    """The clause sets a task to create a rule or mechanism (建立利益共享机制, 修订…布局)."""
    rx = load_lexicon().task
    return rx is not None and bool(rx.search(text))


def _deferred(modality: str, clauses) -> str:
    """A heading's body that leaves the matter to a later document or to others (（二）明确责权利
    关系。…由各医联体自行协商确定。) sets nothing: planned."""
    if modality in ("done", "intended") and any(defers(c.text) for c in clauses):
        return "planned"
    return modality


def defers(text: str) -> bool:
    """The sentence leaves the rule to a later document (另行制定, 年底前出台…办法)."""
    rx = load_lexicon().deferral
    return rx is not None and bool(rx.search(text))


def hit_text(hit: SentenceHit) -> str:
    return hit.passage.text[hit.start:hit.end]


def has_figure(hit: SentenceHit) -> bool:
    """A measuring number (3个, 85%, 200万元; not a year or a date) in the sentence, or,
    for a heading-like line, in the lines just below it (pipeline/text/quantities.py)."""
    if quantified(hit_text(hit)):
        return True
    text = hit_text(hit).strip()
    if text.endswith(tuple("。；;")):
        return False
    passages = hit.view.passages
    i = passages.index(hit.passage)
    # a header line (季度 上转 下转) gives the numbers of the rows below it their meaning
    return any(quantified(p.text) or row_figures(p.text) for p in passages[i + 1:i + 3])


_CITED = re.compile(r"《[^《》]{2,80}》")
_ISSUED = re.compile(r"(?:制定|出台|印发|下发|修订|建立|实行|执行|施行|颁布|发布)(?:了)?$")


def _only_cited(window: str, groups: list[list[str]]) -> bool:
    """Every concept is said only inside a cited title (《…》), and no verb before it issues or
    applies that document (印发《…》 states it; 《…》收悉 does not)."""
    if "《" not in window:
        return False
    outside = _CITED.sub(lambda m: "□" * len(m.group(0)), window)
    if match_all(outside, groups):
        return False
    return not any(_ISSUED.search(window[:m.start()]) for m in _CITED.finditer(window))


def is_row_line(v: DocView, p: Passage) -> bool:
    """A printed line that is a row of a table the document holds."""
    return v.row_of(p) is not None


def topic_of(v: DocView, p: Passage, title: bool = True) -> str:
    """What a passage is about beyond its own words: the document's title (unless ``title`` is
    false), the headings of the sections holding it and, for a table row, the table's header
    (squashed, simplified). Computed once per passage of a view (every check asks again)."""
    memo = v.__dict__.setdefault("_topics", {})
    key = (id(p), title)
    if key not in memo:
        memo[key] = _topic_of(v, p, title)
    return memo[key]


def _topic_of(v: DocView, p: Passage, title: bool) -> str:
    parts = [v.title] if title else []
    k = p.section
    while k is not None:
        parts.append(v.sections[k].heading)
        k = v.sections[k].parent
    return squash(" ".join(parts)).text + (_table_header(v, p) or "")


def quote_span(h: SentenceHit) -> tuple[int, int]:
    """What to quote of a hit: the sentence, or, when the sentence also denies something else
    that did not decide it (重症医学科 床位4张，不能开展血液净化 …), the clauses that decided it —
    so that the support quoted for a met is what supports."""
    clauses = h.passage.clauses
    inside = [i for i, c in enumerate(clauses) if h.start <= c.start < h.end]
    if h.modality != "done" or not h.clauses or not any(
            clauses[i].modality == "negated" for i in inside if i not in h.clauses):
        return h.start, h.end
    return min(clauses[i].start for i in h.clauses), max(clauses[i].end for i in h.clauses)


def _candidates(v: DocView, concepts: list[list[str]]) -> list[Passage]:
    """The passages that may say ``concepts``: those holding one of them (a passage with none has no
    sentence that says one), and the rows of a table whose header names them all."""
    held = v.holding(concepts)
    if not v.tables:
        return held
    rows = set()
    for t in v.tables:
        if t.header and match_all(squash(" ".join(t.header)).text, concepts):
            rows |= {i for row in t.row_blocks for i in row}
    if not rows:
        return held
    seen = {id(p) for p in held}
    extra = [p for p in v.passages if id(p) not in seen and p.spans[0][2] in rows]
    return sorted(held + extra, key=lambda p: p.spans[0][0]) if extra else held


def _table_header(v: DocView, p: Passage) -> str | None:
    """The header of the table holding row ``p`` (squashed, simplified), or None."""
    held = v.row_of(p)
    return squash(" ".join(held[0].header)).text if held else None


def _table_header_row(v: DocView, p: Passage) -> bool:
    """``p`` is the header row of one of the document's tables (支援科室 | 受援科室 | 考核标准)."""
    first = p.spans[0][2]
    return any(first in t.header_blocks for t in v.tables)


def _cell_states_nothing(v: DocView, p: Passage, concepts: list[list[str]]) -> bool:
    """Row ``p``'s cell under the column that names a concept (考核标准) is empty or leaves it to
    later (双方协商确定, 另行制定, —): the row does not state that concept."""
    held = v.row_of(p)
    if held is None:
        return False
    t, k = held
    row = t.rows[k]
    if len(row) != len(t.header):
        return False                    # a printed row whose cells do not line up: not told apart
    for group in concepts:
        cols = [c for c, h in enumerate(t.header) if match_all(squash(h).text, [group])]
        if cols and all(states_nothing(row[c]) for c in cols):
            return True
    return False


def row_left_open(v: DocView, p: Passage, concepts: list[list[str]]) -> tuple[str, Passage | None] | None:
    """Row ``p`` states a concept under a column named for it (人员培养合格标准), but another row of
    the same table leaves that column open (待定, —, 另行商定): the table sets the thing for some
    rows only. Says which row and column, with that row's passage; a blank cell (maybe a merged
    one) is no answer."""
    held = v.row_of(p)
    if held is None:
        return None
    t, k = held
    if len(t.rows[k]) != len(t.header):
        return None
    for group in concepts:
        cols = [c for c, h in enumerate(t.header) if match_all(squash(h).text, [group])]
        if not cols or any(states_nothing(t.rows[k][c]) for c in cols):
            continue
        for row, idx in zip(t.rows, t.row_blocks):
            if len(row) != len(t.header) or is_total_row(row) or sum(1 for c in row if c.strip()) < 2:
                continue
            open_ = [c for c in cols if row[c].strip() and leaves_open(row[c])]
            if open_:
                return (f"“{row[0].strip()}”一行的“{t.header[open_[0]].strip()}”为“{row[open_[0]].strip()}”",
                        v.passage_of_block.get(idx[0]) if idx else None)
    return None


def _inline_heading(v: DocView, p: Passage, start: int, end: int) -> bool:
    """The sentence is the inline heading of a section (（五）利益共享。医共体内…)."""
    if p.section is None or p.spans[0][2] != v.sections[p.section].block or start > 2:
        return False
    sec = v.sections[p.section]
    said = re.sub(r"\s+", "", p.text[start:end]).rstrip("。：:")
    return (bool(sec.heading) and len(sec.heading) <= 16 and not re.search(r"[，,、；;]", sec.heading)
            and not sec.number.endswith("条") and said == re.sub(r"\s+", "", sec.number + sec.heading))


_ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[0-9一二三四五六七八九十]*\s*[：:]")


def _first_body(v: DocView, p: Passage, concepts: list[list[str]]) -> Passage | None:
    """The first passage after a heading, within its section. A notice's list of attachments
    (附件：…标准表) names documents and has no body. A heading over a table has its first row for
    a body, not its header, and only where the header has a column for what the check asks
    (附件 …合格标准表 | 支援科室 | … | 人员培养合格标准): a table without one does not say it,
    whatever its heading promises."""
    if _ATTACHMENT_LIST.match(p.text):
        return None
    i = v.passages.index(p)
    nxt = v.passages[i + 1] if i + 1 < len(v.passages) else None
    if nxt is not None and _table_header_row(v, nxt):
        held = next((t for t in v.tables if nxt.spans[0][2] in t.header_blocks), None)
        header = squash(" ".join(held.header)).text if held else ""
        if not any(match_all(header, [g]) for g in concepts):
            return None
        nxt = v.passages[i + 2] if i + 2 < len(v.passages) else None
    if nxt is None or not nxt.sentences() or is_header_row(nxt):
        return None
    sec = v.sections[p.section]
    return nxt if nxt.spans[0][2] <= sec.end else None


def _is_heading_only(v: DocView, p: Passage, headings: set[int]) -> bool:
    """A passage that is only a section heading (二、托管协议2019年度任务完成情况)."""
    if p.section is None or p.spans[0][2] not in headings:
        return False
    sec = v.sections[p.section]
    if sec.block != p.spans[0][2] or not sec.heading or sec.number.endswith("条") or sec.end <= sec.block:
        return False          # an article (第七条 派驻人员…) or a numbered line without body is content
    body = re.sub(r"\s+", "", p.text)
    return (len(body) <= len(sec.number) + len(sec.heading) + 2 and len(sec.heading) <= 24
            and not re.search(r"[，,。；;！？]", body))


def is_header_row(p: Passage) -> bool:
    """A table's header row (姓名 科室 请假天数 擅自离岗): labels of columns, no statement.
    Its words name what the rows below hold; they say nothing happened."""
    cells = [b for b in p.blocks if b.kind == "table-cell"]
    if cells and all(b.loc.row == 1 for b in cells):
        return True
    tokens = p.text.split()
    return (len(tokens) >= 3 and all(len(t) <= 8 for t in tokens) and not any(ch.isdigit() for ch in p.text)
            and not any(ch in p.text for ch in "，。；：,;:"))
