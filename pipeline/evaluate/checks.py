"""One function per check type: what a reviewer accepts as evidence.

Each returns an ``Outcome``: ``met`` (qualifying evidence found), ``not_met``
(something relevant is there but does not satisfy the requirement: a draft, a
plan, a negation, the wrong year, a passing mention, a missing part) or
``no_evidence`` (nothing relevant). Every outcome carries citations built
from the passages' blocks, with the verbatim sentence.

What counts, for all checks:
- a final document: not a draft, not another region's or unit's, not dated
  after the assessment year, of the right role when the check names one;
- a clause in the done modality; a plain (neutral) clause counts in rules,
  agreements, minutes and reports, but in a 方案/计划/规划 it is only a task,
  unless the check asks for that kind of plan;
- planned (拟, 将, 力争, 预计, 正在…), negated (未, 尚未, 暂未, 不能…) and
  conditional clauses never count as done.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..model import Citation
from ..extract.people import appointments, author_post, denies_post, entry_person, said_of
from ..extract.tables import (DEADLINE_COLUMNS, Table, fails_or_open, half_days, is_total_row, leaves_open, per_unit_counts,
                              period_counts, says_no, states_nothing)
from ..rulebook.schema import (AllPartsCheck, AppointmentCheck, CountCheck, DocumentCheck, FrequencyCheck,
                               NoBreachCheck, StatementCheck, WeeklySessionsCheck)
from ..extract.coverage import coverage
from ..extract.gongwen import cited_doc_number, designation, issued_with_number
from ..extract.document import is_draft
from ..text.lexicon import load as load_lexicon
from ..text.clauses import split_clauses
from ..text.topics import negation_elsewhere, own_subject, reach
from ..text.variants import simplified
from ..extract import period
from ..text.dates import find_dates
from ..text.quantities import cuts, quantified, timed
from .concepts import find_group, match_all, mentions, names_topic, squash, synonym_pattern
from .pool import FACT_KINDS, PLAN_KINDS, RULE_KINDS, DocView, Passage
from .statements import (TASK_KINDS, defers, effective_modality, quote_span, has_figure, hit_text, is_header_row, sentence_hits,
                         row_left_open, sets_task, topic_of)
from .units import Unit

QUOTE_MAX = 200


@dataclass
class Outcome:
    status: str                          # met | not_met | no_evidence
    note: str                            # Chinese fragment for the reason
    citations: list[Citation] = field(default_factory=list)
    points: float | None = None          # for checks that score by themselves (parts, count)
    rank: int = 99                       # how telling a not_met is (lower: more)
    silent: bool = False                 # a pass that adds no support (no breach found)
    denied: bool = False                 # the unit's latest word says it is not done: the item is not met


@dataclass
class Context:
    year: int
    views: list[DocView]
    units: list[Unit] = field(default_factory=list)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @cached_property
    def titles(self) -> frozenset[str]:
        """The folder's document titles, squashed (what a 详见《X》 may refer to)."""
        return frozenset(re.sub(r"\s+", "", simplified(v.title)) for v in self.views if v.title)


# ---------------------------------------------------------------------------
# Shared rules: is this document acceptable, is this clause done?
# ---------------------------------------------------------------------------
# how telling each kind of near miss is, for the reason of a not_met
RANK = {"negated": 1, "planned": 2, "draft": 3, "year": 4, "intended": 5, "kind": 6, "content": 7}


def doc_problem(v: DocView, check, ctx: Context) -> tuple[str, str] | None:
    """Why this document cannot serve the check, as (problem kind, Chinese note)."""
    if v.foreign:
        return "foreign", f"{v.label()}不是被考核单位或本地区的文件"
    if check.issuer != "any" and v.roles and check.issuer not in v.roles:
        return "role", f"{v.label()}是{'、'.join(sorted(v.roles))}的文件"
    if v.draft:
        return "draft", f"{v.label()}是草稿（未正式印发）"
    if v.date and v.date > ctx.year_end and not period.report_about_year(v.years, v.date, ctx.year):
        return "year", f"{v.label()}的日期（{v.date.isoformat()}）晚于考核年度"
    if v.kind not in FACT_KINDS and period.expired(v.period, ctx.year):
        a, b = v.period
        span = f"{a}—{b}年" if a < b else f"{b}年"
        return "year", f"{v.label()}的执行期为{span}，{ctx.year}年已不在有效期内"
    if v.starts and v.starts > ctx.year:
        return "year", f"{v.label()}自{v.starts}年起施行，{ctx.year}年尚未生效"
    kinds = getattr(check, "kinds", [])
    decided = v.kind in ("会议纪要", "会议记录") and bool({"制度", "办法"} & set(kinds))   # 会议决定 is a rule
    if kinds and v.kind not in kinds and not unclassified_of_kind(v, kinds) and not decided:
        return "kind", f"{v.label()}是{v.kind}，不是{'/'.join(kinds)}"
    if getattr(check, "facts_only", False) and not check.within_year and v.kind in FACT_KINDS \
            and v.years and max(v.years) < ctx.year:
        return "year", f"{v.label()}记述的是{'、'.join(str(y) for y in sorted(v.years))}年的情况，不是{ctx.year}年的"
    if check.within_year:
        if not v.years:
            return "year", f"{v.label()}未注明日期，无法确认属于{ctx.year}年"
        if ctx.year not in v.years:
            return "year", f"{v.label()}是{'、'.join(str(y) for y in sorted(v.years))}年的，不是{ctx.year}年的"
    return None


def unclassified_of_kind(v: DocView, kinds: list[str]) -> bool:
    """A title the kind reader could not place (…工作计划汇编), or a list or table named for
    the kind (各科室对口帮扶工作计划一览表), that still names the kind."""
    return v.kind in ("其他", "名单") and any(k in v.title for k in kinds)


MODALITY_NOTE = {"negated": "写明尚未做到", "planned": "仅为计划或正在进行",
                 "intended": "只是规定、约定或工作安排，不是已做到的事实"}


def cite(v: DocView, p: Passage, start: int, end: int) -> Citation:
    start, end = p.one_page(start, end)
    quote = p.text[start:end].strip()
    if len(quote) > QUOTE_MAX:
        quote = quote[:QUOTE_MAX]
    loc = p.loc_at(start)
    return Citation(file=v.file, quote=quote, page=loc.page, locator=loc.label())


def title_citation(v: DocView) -> Citation | None:
    """The title as printed (a title over two lines is quoted whole)."""
    if not v.title_blocks:
        # no title line (a sheet, a photo): its first passage, past a table's header row, which
        # names columns and says nothing (序号 科室 拟进修科室 …)
        headers = {i for t in v.tables for i in t.header_blocks}
        first = next((p for p in v.passages if p.spans[0][2] not in headers), v.passages[0] if v.passages else None)
        return cite(v, first, 0, len(first.text)) if first else None
    b = v.title_blocks[0]
    quote = "".join(x.text.strip() for x in v.title_blocks)
    return Citation(file=v.file, quote=quote[:QUOTE_MAX], page=b.loc.page, locator=b.loc.label())


def _near(kind: str, note: str, citation: Citation | None) -> Outcome:
    return Outcome("not_met", note, [citation] if citation else [], rank=RANK.get(kind, 9))


def _not_done(modality: str, subject: str, citation: Citation) -> Outcome:
    """A near miss because the sentence is planned, negated or only a task."""
    return _near(modality, f"{subject}{MODALITY_NOTE[modality]}：“{citation.quote}”", citation)


def best_near(nears: list[Outcome], cite_max: int = 3) -> Outcome | None:
    """The most telling near miss, citing also the other near misses of its rank (up to ``cite_max``)."""
    if not nears:
        return None
    best = min(nears, key=lambda o: o.rank)
    for o in nears:
        if o is not best and o.rank == best.rank:
            for c in o.citations:
                if c not in best.citations and len(best.citations) < cite_max:
                    best.citations.append(c)
    return best


# ---------------------------------------------------------------------------
# document
# ---------------------------------------------------------------------------
def check_document(check: DocumentCheck, ctx: Context) -> Outcome:
    if check.media:
        return _media(check, ctx)
    hits: list[Citation] = []
    nears: list[Outcome] = []
    for v in ctx.views:
        heading = v.title or (v.passages[0].text if v.passages else "")
        designated = None
        if not names_topic(heading, check.title):
            designated = _designated(v, check)
            if designated is None:
                continue
        problem = doc_problem(v, check, ctx)
        if problem:
            if problem[0] in ("foreign", "role"):
                continue
            nears.append(_near(problem[0], problem[1], title_citation(v)))
            continue
        cites = [title_citation(v)]
        stated = _states_each(v, check, ctx.titles)
        if stated is None:
            continue              # a document of that name about something else
        lacking = _lacks_measure(v, check) or _wrong_author(v, check) or _unnamed_unit(v, check, ctx) \
            or _all_pending(v) or (check.every_row and (_row_pending(v) or _entry_pending(v, check)))
        if lacking:
            nears.append(_near("content", f"{v.label()}{lacking}", title_citation(v)))
            continue
        cites += stated + [designated]
        hits += [c for c in cites if c]
        if len(hits) >= 4:
            break
    found = Outcome("met", f"{check.label}：{_titles(hits)}", hits) if hits else None
    if found is None and check.provisions:
        found = _provision(check, ctx, nears)
    if found is None and check.implemented:
        found = _adopted_and_followed(check, ctx)
    if found is None and not check.quantified and not check.timed and not check.author_posts:
        found = _issued_record(check, ctx)
    if found is not None:
        denial = _existence_denied(check, ctx, found)
        return denial or found
    near = best_near(nears)
    if near:
        near.note = f"{check.label}：{near.note}"
        return near
    return Outcome("no_evidence", f"未找到{check.label}")


# a title or sentence that names a draft (研究制定…计划（草案）)
_DRAFT_WORDS = re.compile(r"草案|草稿|讨论稿|征求意见稿|初稿")
# a record that a document was adopted (会议审议通过了《…计划》, 研究制定2016年…计划：…)
_ADOPTED = re.compile(r"(?:审议通过|研究通过|讨论通过|表决通过|研究制定|研究确定|通过了|制定了)")
# a later record of its carrying out (一季度计划执行情况, 全年计划基本完成, 跟踪计划落实)
_FOLLOWED = re.compile(r"计划[^，。；]{0,4}?(?:执行|完成|落实|推进|进展|实施)|(?:执行|完成|落实|推进|跟踪|检查)[^，。；]{0,6}计划")


def _adopted_and_followed(check: DocumentCheck, ctx: Context) -> Outcome | None:
    """A year's plan the unit's records show adopted and then carried out: the minutes say it
    was adopted (审议通过《2018年对口支援工作计划》) and a later record of the year follows it up
    (一季度计划执行情况; 全年计划基本完成). Named once and never followed, it is not shown."""
    if "计划" not in check.kinds:
        return None
    adopted: list[tuple[Citation, DocView, int]] = []
    records = [v for v in ctx.views if v.kind in MINUTES
               and not doc_problem(v, check.model_copy(update={"kinds": [v.kind]}), ctx)]
    for v in records:
        for p in v.passages:
            for s_, e_, clauses in p.sentences():
                text = p.text[s_:e_]
                m = _ADOPTED.search(text)
                if not m or not mentions(text[m.end():], check.title[-1:]):
                    continue
                if not mentions(text + " " + topic_of(v, p) + " " + v.title, check.title[:-1]):
                    continue
                held = [c for c in clauses if c.start <= s_ + m.start() < c.end]
                # the clause's own words, not its place: a decision list (会议决定：…二、审议通过《…》)
                # holds tasks, but what the meeting adopted it adopted there
                if any(c.modality in ("planned", "negated", "conditional") for c in held) \
                        or _DRAFT_WORDS.search(text):
                    continue           # 研究制定…计划（草案）: not adopted yet
                if ctx.year and re.search(r"(?:19|20)\d{2}", text[m.end():]) and str(ctx.year) not in text[m.end():]:
                    continue           # another year's plan
                adopted.append((cite(v, p, *_sentence_span(p, s_)), v, id(p)))
    if not adopted:
        return None
    for c, v, pid in adopted:
        for w in records:
            for p in w.passages:
                if id(p) == pid and w is v:
                    continue
                m = _FOLLOWED.search(p.text)
                if m and not any(cl.modality in ("planned", "negated") for cl in p.clauses
                                 if cl.start <= m.start() < cl.end):
                    after = cite(w, p, 0, len(p.text))
                    return Outcome("met", f"{check.label}：会议记录写明审议通过并跟踪落实（{_titles([c])}）",
                                   [c, after])
    return None


def _designated(v: DocView, check: DocumentCheck) -> Citation | None:
    """The sentence by which a document says it is the one asked for (通报: 现就上半年情况提出
    工作意见如下), in its first passages, before its body; else None."""
    for p in v.passages[:6]:
        span = designation(p.text)
        if span and mentions(p.text[span[0]:span[1]], check.title):
            clause = next((c for c in p.clauses if c.start <= span[0] < c.end), None)
            if clause is None or clause.modality not in ("planned", "negated", "conditional"):
                return cite(v, p, *_sentence_span(p, span[0]))
    return None


def _issued_record(check: DocumentCheck, ctx: Context) -> Outcome | None:
    """The unit's own document that says it issued the one asked for, named with its 文号
    (7月，对口支援办公室形成《2019年上半年对口支援工作意见》（齐一院对口办〔2019〕5号））:
    the document is on record, of the year its 文号 gives. A title without a 文号, a plan to
    issue it or another year's number is no such record."""
    for v in ctx.views:
        if doc_problem(v, check.model_copy(update={"kinds": [v.kind]}), ctx):
            continue
        for p in v.passages:
            for title, _, year, start, end in issued_with_number(p.text):
                if not mentions(title, check.title) or _DRAFT_WORDS.search(title):
                    continue
                if check.text and not mentions(title + " " + topic_of(v, p), check.text):
                    continue
                if check.within_year and year != ctx.year:
                    continue
                clause = next((c for c in p.clauses if c.start <= start < c.end), None)
                if clause is not None and effective_modality(clause, v, check, p) in ("planned", "negated"):
                    continue
                return Outcome("met", f"{check.label}：{v.label()}写明已印发《{title}》（有文号）",
                               [cite(v, p, *_sentence_span(p, start))])
    return None


def _sentence_span(p: Passage, at: int) -> tuple[int, int]:
    for s_, e_, _ in p.sentences():
        if s_ <= at <= e_:
            return s_, (e_ + 1 if p.text[e_:e_ + 1] in "。；" else e_)
    return at, len(p.text)


_NOT_MEDIA_KINDS = frozenset({"总结", "报告", "会议记录", "会议纪要"}) | RULE_KINDS


def _media(check: DocumentCheck, ctx: Context) -> Outcome:
    """Media items about the topic: the reports themselves (a news page, a clipping)."""
    hits = []
    for v in ctx.views:
        if not v.evidence.news or v.is_plan or doc_problem(v, check, ctx) or not v.mentions(check.text):
            continue
        if v.kind in _NOT_MEDIA_KINDS:
            continue                       # a summary that tells of its reports (微信公众号推送…) is no report
        if not _names_a_unit(v, ctx.units):
            continue                       # a report about other hospitals' support work
        if any(c.modality in ("planned", "negated") for c in split_clauses(simplified(v.title))):
            continue                       # 即将实施: news of a plan
        c = title_citation(v)
        if c:
            hits.append(c)
    if hits:
        return Outcome("met", f"{check.label}：{_titles(hits)}", hits[:4])
    return Outcome("no_evidence", f"未找到{check.label}")


def _names_a_unit(v: DocView, units: list[Unit]) -> bool:
    """The document names one of the case's units (its name, or its place with its core: 市一院)."""
    text = re.sub(r"\s+", "", simplified(v.title + v.full_text))
    return any(u.name in text or any(p + u.core[:2] in text for p in u.places) for u in units if u.name)


def _existence_denied(check: DocumentCheck, ctx: Context, found: Outcome) -> Outcome | None:
    """A report not older than the document that says it does not exist yet (会商机制尚未真正
    建立, 考核办法仍为初稿、未出台): the unit's latest word wins over the document."""
    supports = [v for v in ctx.views if any(c.file == v.file for c in found.citations)]
    denials = []
    unkinded = check.model_copy(update={"kinds": []})
    for v in ctx.views:
        if v.kind not in FACT_KINDS or any(v is s for s in supports) or doc_problem(v, unkinded, ctx):
            continue              # (a document found is not denied by its own sentences: it exists)
        for h in sentence_hits(v, check.title, unkinded):
            text = simplified(hit_text(h))
            verbs = load_lexicon().existence_verbs + (_CARRIED_OUT if check.implemented else ())
            if is_denial(h) and any(w in text for w in verbs) \
                    and _same_thing(text, found.citations[0].quote if found.citations else "", check.title[-1]):
                denials.append((cite(v, h.passage, h.start, h.end), v))
    if check.implemented:
        for v in ctx.views:
            if v.is_plan or any(v is s for s in supports) or doc_problem(v, unkinded, ctx):
                continue
            c = _register_not_held(v, check)
            if c is not None:
                denials.append((c, v))
    d = _standing_denial(denials, supports)
    if d is None:
        return None
    c, v = d
    return Outcome("not_met", f"{check.label}：虽有{_titles(found.citations)}，但{v.label()}写明尚未建立、出台或落实：“{c.quote}”",
                   [c] + found.citations[:2], rank=RANK["negated"], denied=True)


_CARRIED_OUT = ("落实", "实施", "执行", "开展", "召开", "兑现", "运转")


def _register_not_held(v: DocView, check: DocumentCheck) -> Citation | None:
    """A register of the thing (its sheet, lead or header names it: 会商会议) whose rows all say
    it did not happen (执行情况：未举行 …, at most one row unsaid, none done): the mechanism is
    not carried out. The first such row is cited."""
    by_block = v.passage_of_block
    for t in v.tables:
        if len(t.rows) < 2:
            continue
        lead = _lead_of(v, t)
        first_row = by_block.get(t.row_blocks[0][0])
        sheets = {b.loc.sheet for b in first_row.blocks if b.loc.sheet} if first_row is not None else set()
        names = " ".join([*sheets, lead.text if lead is not None else "", " ".join(t.header)])
        if not mentions(names, check.title):
            continue
        said = [t.row_status(r) for r in t.rows]
        if "done" in said or said.count("not_done") < max(2, len(t.rows) - 1):
            continue
        first = next(idx for idx, st in zip(t.row_blocks, said) if st == "not_done")
        p = by_block.get(first[0])
        if p is not None:
            return cite(v, p, 0, len(p.text))
    return None


def _same_thing(denial: str, title: str, group: list[str]) -> bool:
    """The denial names the document by the same word as its title does (会商机制 … 会商), not
    another document of the same kind (利益共享指导意见 is not the 医联体实施方案)."""
    said = find_group(squash(denial).text, group)
    named = find_group(squash(title).text, group)
    return said is not None and (named is None or said[2] == named[2])


MINUTES = frozenset({"会议纪要", "会议记录"})
_ESTABLISH = ("成立", "建立", "设立", "组建", "制定", "实行", "设置")


def _sets_up(text: str, words: list[str]) -> bool:
    """The sentence sets the thing up (医院成立“组团式”帮扶…工作领导小组), not merely names it: the
    establishing verb governs it in its own clause (成立工作专班，…纳入年度目标考核 sets up no 考核)."""
    alts = "|".join(re.escape(w) for w in words if "…" not in w)
    return bool(alts) and re.search(f"(?:{'|'.join(_ESTABLISH)})[^。；，,]{{0,30}}?(?:{alts})", re.sub(r"\s+", "", text)) is not None
NORMATIVE_KINDS = frozenset({"方案", "规划", "计划", "意见", "通知", "办法", "制度", "协议", "章程"})


_OMITTED = re.compile(r"[（(]\s*(?:略|此处略|内容略|以下略)\s*[)）]\s*$")


def _provision(check: DocumentCheck, ctx: Context, nears: list[Outcome]) -> Outcome | None:
    """A section of a broader issued document of the unit that is the document asked for:
    its heading names it (the document's title may name the rest: 医共体 in the title, 布局
    in the heading), its body states it as a rule or guidance in force — not a task left to
    a later document (年底前出台…办法) — and the citation names the section."""
    last = check.title[-1:]
    for v in ctx.views:
        problem = doc_problem(v, check.model_copy(update={"kinds": []}), ctx)
        if problem and problem[0] in ("foreign", "role"):
            continue
        if any(_provision_deferred(v, check, k) for k in range(len(v.sections))):
            continue              # 五、派驻人员管理 …管理办法由医务部另行制定: the document leaves it to later
        for k, sec in enumerate(v.sections):
            if is_draft([sec.heading]):
                continue          # 附件3 …资源共享中心管理办法（草案）: a draft, not in force
            if _OMITTED.search(sec.heading):
                continue          # 二、推进资源共享（略）: the section is left out of this copy
            appended = sec.level == 0 and any(kind in sec.heading for kind in check.kinds)   # 附件：…制度
            collection = v.kind == "其他" and any(k in v.title for k in NORMATIVE_KINDS)      # 制度汇编
            # a meeting's decision that sets it up (纪要 一、成立…工作领导小组。组长由院长…) is that rule
            decision = v.kind in MINUTES and bool(sec.heading) and _sets_up(simplified(sec.heading), last[0])
            if (v.kind not in NORMATIVE_KINDS and not appended and not collection and not decision) or not sec.heading:
                continue          # a report's section tells what was done; an appended 制度 is one
            if any(c.modality in ("planned", "negated", "permissive") for c in split_clauses(simplified(sec.heading))) \
                    or (v.kind in TASK_KINDS and sets_task(simplified(sec.heading))):
                continue          # （三）探索建立收益分配机制, （一）修订医联体网格化布局: a task, not the rule
            body = [p for p in v.passages if p.section is not None and _within(v, p.section, k)]
            view = replace(v, kind=check.kinds[0] if check.kinds else v.kind, passages=body)
            lead = _first_rule(view, check, sec)
            # the heading names it (（三）资源共享), or the section's first rule does (（一）加强组织领导
            # 医院成立…工作领导小组): "a section whose heading or body states the rule"
            named = sec.heading
            if lead is not None and not mentions(named, last) and _sets_up(simplified(lead.quote), last[0]):
                named += lead.quote           # the first rule sets it up: 医院成立…工作领导小组
            # (or the heading names the topic and the title the kind: 若干措施 第三部分 外出进修)
            if lead is None or not mentions(v.title + named, check.title) or not (
                    mentions(named, last) or (len(check.title) > 1 and mentions(named, check.title[:1])
                                              and mentions(v.title, last))):
                continue
            if _duty_for(sec.heading, last[0]):
                continue          # 第二条 牵头医院负责医联体发展规划、人员调配: a duty, not the plan
            if _rule_deferred(view, check):
                continue
            where = f"{v.label()}{sec.label()}"
            if problem:
                nears.append(_near(problem[0], problem[1], title_citation(v)))
                continue
            stated = _states_each(view, check, ctx.titles)
            if stated is None:
                nears.append(_near("content", f"{where}未写明所需内容", title_citation(v)))
                continue
            cites = [c for c in [title_citation(v)] if c]
            heading_p = next((p for p in v.passages if p.spans[0][2] == sec.block), None)
            if heading_p is not None and heading_p.sentences():
                hs, he, _ = heading_p.sentences()[0]
                cites.append(cite(v, heading_p, hs, he + 1 if heading_p.text[he:he + 1] in "。；" else he))
            cites += [c for c in [lead, *stated] if c not in cites]
            return Outcome("met", f"{check.label}：{where}", cites[:4])
    return None


def _in_context(v: DocView, check, ctx: Context) -> bool:
    """The document names the context the check asks for (对口支援, 受援). A role word is also
    named by the name of the unit that holds the role, other than the issuer (龙垌县人民医院进修
    人员 in the supporting hospital's notice is the 受援 hospital's), and the relationship by the
    name of the other party."""
    if not check.context or v.mentions(check.context):
        return True
    issuer = getattr(check, "issuer", None)
    # (the relationship itself, 对口支援, is named by the other party's name: the supporting
    # hospital's page on its experts at 青岙县人民医院 is about the support)
    groups = [list(g) + [u.name for u in ctx.units
                         if u.role != issuer and (any(len(w) >= 2 and u.role.startswith(w) for w in g)
                                                  or (issuer and "对口支援" in g))]
              for g in check.context]
    return v.mentions(groups)


_DUTY = re.compile(r"(?:负责|承担|牵头|参与|协助|配合)[^，,。；;]{0,16}$")


def _duty_for(text: str, group: list[str]) -> bool:
    """The thing is named as the object of someone's duty (牵头医院负责医联体发展规划, 理事会承担
    建设规划…等职责): the text gives the duty for it, it is not the thing itself."""
    t = squash(text).text
    found = find_group(t, group)
    return found is not None and bool(_DUTY.search(t[:found[0]]))


def _provision_deferred(v: DocView, check: DocumentCheck, k: int) -> bool:
    """Section ``k``'s heading names what the check asks for (五、派驻人员管理) and its body
    leaves it to a later document (…管理办法由医务部另行制定): the deferring sentence names the
    rule itself (its kind word: 办法, 细则, 管理), not a detail of it (交通费用的报销，由各科室自行确定)."""
    sec = v.sections[k]
    if not sec.heading or not mentions(v.title + sec.heading, check.title) or not mentions(sec.heading, check.title[:1]):
        return False
    body = [p for p in v.passages if p.section is not None and _within(v, p.section, k)]
    if not body:
        return False
    return any(h.modality == "planned" and defers(hit_text(h))
               for h in sentence_hits(replace(v, passages=body), check.title[-1:], check))


def _within(v: DocView, k: int | None, top: int) -> bool:
    """Section ``k`` is section ``top`` or lies inside it."""
    while k is not None:
        if k == top:
            return True
        k = v.sections[k].parent
    return False


_DATED_NOTE = re.compile(r"[（(]?[^，。；（）()]{0,16}年[^，。；（）()]{0,12}(?:印发|发布|修订|施行|起施行)[）)]?")


def _first_rule(v: DocView, check, sec) -> Citation | None:
    """The first sentence of a section, after its heading, that states something in force
    (not a plan or a denial); an inline heading (（三）资源共享。医共体…) is skipped."""
    head = re.sub(r"\s+", "", sec.number + sec.heading)
    for p in v.passages:
        for s_start, s_end, clauses in p.sentences():
            said = re.sub(r"\s+", "", p.text[s_start:s_end]).rstrip("。：:")
            if said in (head, sec.heading) or _DATED_NOTE.fullmatch(said):
                continue          # the heading again, or its dated note (（2015年3月印发）)
            if all(effective_modality(c, v, check, p) == "done" for c in clauses):
                end = s_end + 1 if p.text[s_end:s_end + 1] in "。；" else s_end
                return cite(v, p, s_start, end)
    return None


def _rule_deferred(v: DocView, check: DocumentCheck) -> bool:
    """The section leaves the rule to a later document (年底前出台考核激励办法) or says it is not
    there (管理办法尚未出台): the sentence names the rule itself (its kind word: 办法, 制度), not
    what the rule forbids (进修期间不安排进修人员回院值班)."""
    return any(h.modality in ("planned", "negated") for h in sentence_hits(v, check.title[-1:], check))


_REFERS = re.compile(r"(?:详见|具体见|参见|另见)《([^《》]{4,80})》")


def _refers_away(text: str, titles: frozenset[str]) -> bool:
    """The sentence leaves its content to another document (具体服务内容详见《…服务包》（另附）) that
    the folder does not hold: it states nothing itself."""
    m = _REFERS.search(re.sub(r"\s+", "", simplified(text)))
    if not m:
        return False
    wanted = m.group(1)
    return not any(wanted in t or t in wanted for t in titles if len(t) >= 4)


def _states_each(v: DocView, check: DocumentCheck, titles: frozenset[str] = frozenset()) -> list[Citation] | None:
    """Each ``text`` concept named in the title or stated (done) in the body; the
    sentences that state them, or None when one is missing. ``titles``: the folder's
    document titles (a sentence that refers its content to one of them may state it)."""
    cites: list[Citation] = []
    for group in check.text:
        if mentions(v.title, [group]):
            continue
        done = [h for h in sentence_hits(v, [group], check) if h.modality == "done"
                and not _refers_away(hit_text(h), titles)]
        if not done:
            return None
        c = cite(v, done[0].passage, done[0].start, done[0].end)
        if c not in cites:
            cites.append(c)
    return cites


def _status_rows(v: DocView) -> list[Passage]:
    """The table rows of ``v`` whose status column (or cells) says done or not done."""
    return [p for p in v.passages if p.row_status in ("done", "not_done")]


def _all_pending(v: DocView) -> str | None:
    """A record whose table says of every row that it is not done yet (考核结果：待考核, 召开情况：
    未召开, 审核意见：未批复): the document shows the thing not done, whatever its title. (Not a
    plan, nor a report: the rows of a 进修计划 are still to come, and a 总结 is the report.)"""
    if v.is_plan or v.kind in ("总结", "报告"):
        return None           # a plan's rows are to come, and a report exists whatever its table says
    rows = _status_rows(v)
    if len(rows) >= 2 and all(p.row_status == "not_done" for p in rows):
        return f"的表中{len(rows)}行均写明尚未完成（如“{rows[0].text.strip()[:40]}”）"
    return None


def _row_pending(v: DocView) -> str | None:
    """A record of one row each (姓名 | 目标完成情况 | 考核结果) whose verdict for a row fails or is
    left open (陆海 | ESD完成6例 | 待评): not every one passed (期满考核合格 asks it of all). Without
    a verdict column, a row whose status says not done."""
    for t in v.tables:
        failed = _failing_row(t) if len(t.rows) >= 2 else None
        if failed:
            row, col, _ = failed
            return (f"的表中“{row[0].strip()}”一行{t.header[col].strip()}为“{row[col].strip()}”，"
                    f"不是每人（每项）都已考核合格")
    rows = _status_rows(v)
    pending = [p for p in rows if p.row_status == "not_done"]
    if pending and len(rows) >= 2:
        return f"的表中“{pending[0].text.strip()[:40]}”一行写明尚未完成，不是每人（每项）都已完成"
    return None


def _entry_pending(v: DocView, check: DocumentCheck) -> str | None:
    """A record of one line per person (刘畅：…考核等次合格。/ 赵文斌：…期满考核拟于2020年1月进行。)
    where a line leaves the thing asked for to come (拟, 待) or says it was not done (尚未考核):
    not every one has it, whatever the other lines say."""
    entries = [(name, p) for p in v.passages if p.blocks[0].kind != "table-cell" and (name := entry_person(p.text))]
    if len(entries) < 2:
        return None
    for name, p in entries:
        for c in p.clauses:
            if c.modality == "planned" or (c.modality == "negated" and mentions(c.text, check.title[:1])):
                return f"中“{name}”一条写明“{c.text.strip('，,。；; ')}”，不是每人都已完成"
    return None


def _lacks_measure(v: DocView, check: DocumentCheck) -> str | None:
    """What a document lacks of the 量化 task items and the 时间表 the check asks for: the
    numbers and the dates must be those of its tasks (开展新技术2项, 6月底前带教4名), not of
    its head (派驻时间2017年3月至2018年2月)."""
    tasks = [simplified(p.text) for p in v.passages
             if not any(b in p.blocks for b in v.title_blocks) and _is_task_line(simplified(p.text))]
    missing = []
    if check.quantified and not any(quantified(t) for t in tasks):
        missing.append("量化的任务项")
    if check.timed and not timed("\n".join(t for t in tasks if quantified(t) or len(tasks) <= 2)):
        missing.append("时间表（具体完成时限）")
    if missing:
        return f"中没有{'和'.join(missing)}"
    return _row_left_open(v, check)


_MEASURE_HEADER = re.compile(r"量化|指标|数量|任务数")


def _row_left_open(v: DocView, check: DocumentCheck) -> str | None:
    """A table of targets one row each (姓名 | 目标任务 | 量化指标 | 完成时限) whose row leaves
    the measure or the deadline open (—, 待到岗后商定): that row has no 量化/时间表 of its own."""
    for t in v.tables:
        cols = []
        if check.quantified:
            cols += [i for i, h in enumerate(t.header) if _MEASURE_HEADER.search(h)]
        if check.timed:
            cols += [i for i, h in enumerate(t.header) if any(w in h for w in DEADLINE_COLUMNS) or "时限" in h]
        if not cols:
            continue
        for row in t.rows:
            if is_total_row(row) or sum(1 for c in row if c.strip()) < 2:
                continue
            open_ = [t.header[c] for c in cols if c < len(row) and leaves_open(row[c])]
            if open_:
                return f"中“{row[0].strip()}”一行的{'、'.join(open_)}未写明，不是每项目标都有量化任务和时间表"
    return None


_TASK_WORDS = ("开展", "完成", "带教", "培训", "培养", "指导", "提高", "提升", "达到", "新增", "实现", "举办", "建立",
               "建成", "引进", "推广", "降低", "减少", "增加", "诊治", "手术", "讲座", "查房", "会诊", "门诊", "授课")


def _is_task_line(text: str) -> bool:
    return any(w in text for w in _TASK_WORDS)


def _unnamed_unit(v: DocView, check: DocumentCheck, ctx: Context) -> str | None:
    """The document does not name the unit it must be about (进修计划 to other hospitals)."""
    if not check.names_role:
        return None
    words = [check.names_role, "对口支援医院", "帮扶医院", "托管医院"] + [
        w for u in ctx.units if u.role == check.names_role for w in (u.name, u.core and u.places and
                                                                     next(iter(u.places)) + u.core[:2])
        if w]
    for p in v.passages:
        for s_start, s_end, clauses in p.sentences():
            sentence = simplified(p.text[s_start:s_end])
            if any(w in sentence for w in words) and not any(c.modality == "negated" for c in clauses):
                return None        # named as where staff go (暂不安排人员赴该院进修 does not)
    return f"未写明到{check.names_role}"


def _wrong_author(v: DocView, check: DocumentCheck) -> str | None:
    """The author's post is named and is not one the check asks for (a nurse's 进修报告)."""
    if not check.author_posts:
        return None
    posts = [synonym_pattern(w) for group in check.author_posts for w in group]
    # the author may be named only in the title's or the file name's brackets: 进修总结（检验科马晓梅）
    named = [f"作者：{m}" for m in re.findall(r"[（(]([^（）()]{2,20})[）)]", simplified(v.title + " " + v.file))]
    found = author_post([simplified(p.text) for p in v.passages] + named, posts)
    if found and not found[1]:
        return f"的作者（{found[0]}）不是{'、'.join(check.author_posts[0][:3])}等人员"
    return None


def _titles(citations: list[Citation]) -> str:
    seen: list[str] = []
    for c in citations:
        name = f"“{c.file}”"
        if name not in seen:
            seen.append(name)
    return "、".join(seen[:3])


# ---------------------------------------------------------------------------
# statement
# ---------------------------------------------------------------------------
def is_about(v: DocView, check) -> bool:
    """A rule document whose very subject is the check's (``about``): if the
    statement is missing from it, the requirement is not met (rather than
    without evidence). A plan is never such a document."""
    if not check.about or v.kind in PLAN_KINDS or (check.kinds and v.kind not in check.kinds):
        return False
    return mentions(v.title, check.about)


def check_statement(check: StatementCheck, ctx: Context) -> Outcome:
    """A sentence in the done modality, in an acceptable document, that holds every concept.

    When acceptable evidence also says it is not done (尚未落实) and is not older than
    the support, the denial wins and the reason quotes it. A sentence that holds every
    concept but the last (the predicate) and is negated or staged ("系统建设尚处于调研
    论证阶段") is a near miss."""
    hits: list[tuple[Citation, DocView]] = []
    denials: list[tuple[Citation, DocView]] = []
    nears: list[Outcome] = []
    stages: list[Outcome] = []
    relevant: list[DocView] = []
    for v in ctx.views:
        if not _in_context(v, check, ctx):
            continue
        problem = doc_problem(v, check, ctx)
        if problem and problem[0] in ("foreign", "role"):
            continue
        if not problem and is_about(v, check):
            relevant.append(v)
        found = sentence_hits(v, check.concepts, check)
        view_problem = problem
        for h in found:
            problem = view_problem
            if problem and problem[0] == "kind" and _named_provision(v, h, check):
                problem = None             # 工作要点 四、（二）外派进修待遇: an issued provision is a rule
            c = cite(v, h.passage, *quote_span(h))
            modality = h.modality
            if check.accept_planned and modality in ("planned", "intended"):
                modality = "done"          # a plan's targets are what the check asks for
            if modality != "done":
                nears.append(_not_done(modality, f"{v.label()}中", c))
            if problem:
                nears.append(_near(problem[0], problem[1], c))
            if problem or modality != "done":
                said_of_practice = not problem or (problem[0] == "kind" and check.implemented)
                if said_of_practice and is_denial(h, check.concepts) and v.kind in FACT_KINDS | MINUTES:
                    # a report says it is not done (a rule's 无…/不得 is content); a report cannot
                    # be the rule the check asks for, but it can say the rule is not carried out
                    denials.append((c, v))
                continue
            if v.kind in MINUTES and v.kind not in check.kinds and check.kinds \
                    and not any(w in simplified(h.passage.text[:h.end]) for w in load_lexicon().decision_words):
                continue                   # a meeting's agenda or talk is no rule; its decisions are
            partial = _partial_coverage(check, h)
            if partial:
                nears.append(_near("content", f"{v.label()}中仅部分单位做到（{partial}）", c))
                denials.append((_cite_said(v, h, partial) or c, v))
            elif v.kind not in FACT_KINDS and not check.facts_only \
                    and (gap := row_left_open(v, h.passage, check.concepts)):
                # a rule or plan whose table sets the thing for some rows only (a record's — for a
                # trainee still in training is no gap of a rule)
                said, row = gap
                nears.append(_near("content", f"{v.label()}的表中{said}，不是每行都已写明",
                                   cite(v, row, 0, len(row.text)) if row is not None else c))
            elif check.every_row and (failed := _other_row_fails(v, h.passage)):
                said, row = failed
                nears.append(_near("content", f"{v.label()}的表中{said}，不是每人都已考核合格",
                                   cite(v, row, 0, len(row.text)) if row is not None else c))
            elif check.unchanged and (cut := cuts(c.quote)):
                nears.append(_near("content", f"{v.label()}中写明部分待遇降低（{cut}）", c))
            elif check.with_figure and not has_figure(h):
                nears.append(_near("content", f"{v.label()}中没有具体、量化的内容", c))
            else:
                hits.append((c, v))
        if not found and not problem and len(check.concepts) >= 2:
            for h in sentence_hits(v, check.concepts[:-1], check):
                if h.modality in ("negated", "planned"):
                    stages.append(_not_done(h.modality, f"{v.label()}中", cite(v, h.passage, h.start, h.end)))
    if hits:
        denial = _standing_denial(denials, [v for _, v in hits])
        if denial is not None:
            c, v = denial
            return Outcome("not_met", f"{check.label}：虽有{_titles([h for h, _ in hits])}的表述，"
                                      f"但{v.label()}写明尚未做到：“{c.quote}”", [c, hits[0][0]], rank=RANK["negated"],
                           denied=True)
        cites = [c for c, _ in hits]
        if check.forms:
            named = _forms_named(check, [c.quote for c in cites])
            if len(named) < check.forms_at_least:
                said = "、".join(named) or "一种"
                return Outcome("not_met", f"{check.label}：{_titles(cites)}中只见{said}，"
                                          f"不是{check.forms_at_least}种以上形式", cites[:3], rank=RANK["content"])
        return Outcome("met", f"{check.label}（{_titles(cites)}）", cites[:3])
    near = best_near(nears) or best_near(stages)
    if near:
        near.note = f"{check.label}：{near.note}"
        return near
    if relevant:
        v = relevant[0]
        c = title_citation(v)
        return Outcome("not_met", f"{v.label()}中未写明{check.label}", [c] if c else [], rank=RANK["content"])
    return Outcome("no_evidence", f"未找到{check.label}")


def _forms_named(check: StatementCheck, quotes: list[str]) -> list[str]:
    """The forms (check.forms: 电视, 平面媒体, 网络) the supporting sentences name, in order."""
    text = " ".join(quotes)
    return [f.name for f in check.forms if mentions(text, [f.synonyms])]


def _failing_row(t: Table) -> tuple[list[str], int, list[int]] | None:
    """The first row of ``t`` whose verdict (结业考核, 考核结果) fails or is left open (未参加,
    不合格, 待考核), with the verdict column and the row's block indices; None without one."""
    col = t.verdict_column()
    if col is None:
        return None
    for row, idx in zip(t.rows, t.row_blocks):
        if col < len(row) and not is_total_row(row) and fails_or_open(row[col]):
            return row, col, idx
    return None


def _other_row_fails(v: DocView, p: Passage) -> tuple[str, Passage | None] | None:
    """Row ``p`` is of a table where a row's verdict fails or is left open: which row, with its
    passage."""
    held = v.row_of(p)
    failed = _failing_row(held[0]) if held else None
    if failed is None:
        return None
    row, col, idx = failed
    return (f"“{row[0].strip()}”一行{held[0].header[col].strip()}为“{row[col].strip()}”",
            v.passage_of_block.get(idx[0]) if idx else None)


def _named_provision(v: DocView, h, check) -> bool:
    """A sentence of an issued plan (年度工作要点, 实施方案) inside a numbered provision whose own
    heading names what the check asks for (（二）外派进修待遇 for 待遇不变): the provision sets the
    rule, and a document's kind never hides its provisions from a check."""
    if not v.issued or v.kind not in PLAN_KINDS:
        return False
    heading = v.provision_of(h.passage)
    if heading is None:
        return False
    return any(mentions(heading, [g]) for g in check.concepts + list(getattr(check, "about", None) or []))


# a directive to others (各医联体要探索建立…, 各单位应加快推进…): it exhorts; it does not report
_DIRECTIVE = re.compile(r"(?<![主需重只紧摘纲简])(?:要|应当|应|必须)(?:进一步|加快|积极|认真|尽快|抓紧|切实|大力|着力)?"
                        r"(?=探索|建立|制定|出台|推进|推动|加强|完善|落实|开展|健全|形成)")


def is_denial(hit, groups: list[list[str]] | None = None) -> bool:
    """A sentence that says the thing is not done: negated, or, in a report, not done yet
    (尚待出台, 仍在论证, 仍为初稿). With the check's ``groups``, a negation that belongs to
    another item of an enumeration (…补助标准偏低、远程会诊设备尚未落实等问题) is none."""
    if hit.modality == "negated":
        if groups:
            clauses = hit.passage.clauses
            negated = [clauses[i] for i in hit.clauses if clauses[i].modality == "negated"]
            about = lambda text: any(mentions(text, [g]) for g in groups)     # noqa: E731
            if negated and all(negation_elsewhere(c, hit.passage.text, about) for c in negated):
                return False
        return True
    if hit.modality != "planned" or hit.view.kind not in FACT_KINDS:
        return False
    lex = load_lexicon()
    clauses = hit.passage.clauses
    for i in hit.clauses:
        text = simplified(clauses[i].text)
        if _DIRECTIVE.search(text) and not hit.passage.goal and not re.search(r"下一步|下步|将|拟|计划|打算", text):
            continue             # 各医联体要探索建立…: an exhortation to others, no word on what stands
        planned = [cue.word for cue in clauses[i].cues if cue.modality == "planned"]
        if any(w in word or word in w for w in lex.not_yet for word in planned):
            return True
        if planned and any(w in clauses[i].text for w in lex.existence_verbs):
            return True          # 下一步将出台…指导意见: it is not there yet
    return False


def _partial_coverage(check, hit, groups: list[list[str]] | None = None) -> str | None:
    """The words that say only some units did it, when the form asks it of all of them:
    in the sentence (12个中有8个, 只有…, 部分), or in what follows it — 其余…尚未, or other
    members named as not having done it yet (市人民医院…尚未实现专科号源下放, 两个集团的号源下放尚在
    准备之中)."""
    if getattr(check, "coverage", None) != "all":
        return None
    cov = coverage(hit_text(hit))
    if cov.scope == "part":
        return cov.phrase
    if cov.scope == "all":
        return None
    groups = groups if groups is not None else getattr(check, "concepts", [])
    row = _row_saying_no(hit, groups)
    if row:
        return row
    # X、Y已下放…，Z和W尚未下放: other members named in the same sentence as not having done it
    # (西片医共体因…尚未对接，暂未开放号源: the member's clause and the clauses its topic reaches)
    clauses = hit.passage.clauses
    here = next((c.sentence for c in clauses if c.start >= hit.start), None)
    for i, c in enumerate(clauses):
        if c.sentence != here or c.start < hit.start or c.modality not in ("negated", "planned") \
                or not own_subject(c):
            continue
        said = " ".join([c.text] + [clauses[j].text for j in reach(clauses, i) if clauses[j].sentence == here])
        if any(mentions(said, [g]) for g in groups):
            return said.strip("。；; ")[:40]
    for text in _following(hit):
        rest = coverage(text)
        if rest.scope == "part" and "其余" in rest.phrase:
            return rest.phrase
        if _others_not_yet(hit_text(hit), text):
            return text.strip("。；; ")[:40]
        held = [g for g in groups if mentions(text, [g])]
        if groups and len(held) >= max(1, len(groups) - 1) and any(
                c.modality == "negated" for c in split_clauses(simplified(text))):
            return text.strip("。；; ")[:40]
    return None


# members of one class of unit: a later clause about other members of it continues the topic
_UNIT_CLASSES = (("医联体", "医共体", "医疗集团", "专科联盟", "集团"),
                 ("卫生院", "社区卫生服务中心", "基层医疗卫生机构", "基层医疗机构", "村卫生室"))
_BARE_REST = 10
_MEMBER_LEAD = 6         # a member's name opens the sentence: 第三医联体, 西片医共体, 城关镇卫生院


def _others_not_yet(said: str, text: str) -> bool:
    """The next sentence names other members of the same class of unit as not having done it,
    with no object of its own (…3个医联体已拿出专家号源；西河县、北关县2个医联体尚未开展。 /
    4个城市医疗集团已实现…；县域医共体信息平台正在建设): the topic runs on, only some did it."""
    t = re.sub(r"\s+", "", simplified(text))
    clauses = split_clauses(t)
    if not clauses or not any(c.modality in ("negated", "planned") for c in clauses):
        return False
    first = clauses[0].text
    for names in _UNIT_CLASSES:
        unit = next((n for n in names if n in first), None)
        if unit is None or not any(n in said for n in names):
            continue
        rest = first[first.index(unit) + len(unit):].strip("。；;，,")
        if len(rest) <= _BARE_REST and clauses[0].modality in ("negated", "planned"):
            return True
        # 第三医联体因牵头医院HIS系统升级，平台接口尚在联调: the sentence opens with the other member
        # and goes on to say its part is still staged
        return first.index(unit) <= _MEMBER_LEAD and any(c.modality in ("negated", "planned") for c in clauses[1:])
    return False


def _row_saying_no(hit, groups: list[list[str]]) -> str | None:
    """A row of the hit's table whose cell under a column naming the concept answers no (否,
    未实现, 改造中): one row a unit, the units are not all there (苍山县医共体 | 否 | 否)."""
    held = hit.view.row_of(hit.passage)
    if held is None:
        return None
    t = held[0]
    cols = [c for c, h in enumerate(t.header) if any(match_all(squash(h).text, [g]) for g in groups)]
    rows = [r for r in t.rows if len(r) == len(t.header)]
    for row in rows:
        if any(says_no(row[c]) for c in cols):
            return " ".join(x for x in row if x.strip())[:40]
    for c in cols:
        # a column the other rows fill, left blank (—) for this one: that unit or person lacks it
        # (a note under the table, 双方医务科联合核对, fills one cell and is no row)
        blank = [r for r in rows if states_nothing(r[c]) and sum(1 for x in r if x.strip()) >= max(2, len(r) // 2)]
        if blank and len(blank) * 2 < len(rows):
            return " ".join(x for x in blank[0] if x.strip())[:40] + f"（{t.header[c]}空缺）"
    return None


def _cite_said(v: DocView, hit, phrase: str) -> Citation | None:
    """The sentence at or after the hit that holds ``phrase`` (what says only some did it), to
    quote as the denial rather than the hit it qualifies."""
    i = v.passages.index(hit.passage)
    key = phrase[:12]
    for p in v.passages[i:i + 2]:
        at = p.text.find(key, hit.start if p is hit.passage else 0)
        if at < 0:
            continue
        if any(s_ <= at <= e_ for s_, e_, _ in p.sentences()):
            return cite(v, p, *_sentence_span(p, at))
    return None


def _following(hit) -> list[str]:
    """The next sentence of the passage and the first one of the next paragraph of the section."""
    p = hit.passage
    out = [p.text[s:e + 1] for s, e, _ in p.sentences() if s >= hit.end][:1]
    i = hit.view.passages.index(p)
    later = hit.view.passages[i + 1] if i + 1 < len(hit.view.passages) else None
    if later is not None and later.section == p.section and later.sentences():
        s, e, _ = later.sentences()[0]
        out.append(later.text[s:e + 1])
    return out


def _standing_denial(denials: list[tuple[Citation, DocView]], supports: list[DocView]):
    """A denial not older than every support: the unit's latest word is that it is not done."""
    newest = max((v.date for v in supports if v.date), default=None)
    for c, v in denials:
        if v.date is None or newest is None or v.date >= newest:
            return c, v
    return None


# ---------------------------------------------------------------------------
# all_parts
# ---------------------------------------------------------------------------
_REQUIREMENT = re.compile(r"(?:按照|根据|依据|遵照|对照)[^，。；]{0,40}?(?:的)?(?:要求|规定|部署|精神)")


def _only_as_requirement(text: str, synonyms: list[str]) -> bool:
    """Every mention of the part is inside a restated requirement (按照…的要求)."""
    flat = re.sub(r"\s+", "", simplified(text))
    if not _REQUIREMENT.search(flat):
        return False
    outside = _REQUIREMENT.sub(lambda m: "□" * len(m.group(0)), flat)
    return not mentions(outside, [synonyms])


def check_all_parts(check: AllPartsCheck, ctx: Context, max_points: float) -> Outcome:
    found: dict[str, Citation] = {}
    support: dict[str, DocView] = {}
    denied: dict[str, list[tuple[Citation, DocView]]] = {}
    near: dict[str, Outcome] = {}
    for v in ctx.views:
        if not _in_context(v, check, ctx):
            continue
        if doc_problem(v, check, ctx):
            continue
        for part in check.parts:
            for h in sentence_hits(v, [part.synonyms], check):
                if _only_as_requirement(hit_text(h), part.synonyms):
                    continue       # 按照院领导班子、职能科室…轮训的要求: the requirement restated, not done
                if check.heads and _rank_only_row(v, h.passage):
                    continue       # 格桑 | 内科 | 主治医师: a doctor of the department, no head of it
                c = cite(v, h.passage, h.start, h.end)
                if h.modality == "done" and not _partial_coverage(check, h, [part.synonyms]):
                    if part.name not in found:
                        found[part.name], support[part.name] = c, v
                    continue
                # a report's or a meeting's 尚未 denies the part; a rule's 不能/不得 is its content
                # (上转标准：基层医疗机构不能明确诊断的患者)
                report = v.kind in FACT_KINDS | MINUTES
                if (report and is_denial(h, [part.synonyms])) or _partial_coverage(check, h, [part.synonyms]):
                    denied.setdefault(part.name, []).append((c, v))
                near.setdefault(part.name, _not_done("negated" if is_denial(h) else h.modality, part.name, c)
                                if h.modality != "done" else _near("content", f"{part.name}仅部分单位做到", c))
    for name, ds in denied.items():          # a standing denial takes a part off (远程会诊尚未开展)
        if name in found:
            d = _standing_denial(ds, [support[name]])
            if d is not None:
                del found[name]
                near[name] = _not_done("negated", name, d[0])
    missing = [p.name for p in check.parts if p.name not in found]
    cites = list(found.values()) + [n.citations[0] for name, n in near.items() if name in missing and n.citations]
    if not missing:
        return Outcome("met", f"{check.label}齐全（{'、'.join(found)}）", cites, points=max_points)
    if not found and not near:
        return Outcome("no_evidence", f"未找到{check.label}")
    note = f"{check.label}缺少{'、'.join(missing)}"
    if found:
        note = f"{check.label}中有{'、'.join(found)}，缺少{'、'.join(missing)}"
    if check.per_missing is not None:
        points = max(0.0, max_points - check.per_missing * len(missing))
        status = "partial" if 0 < points < max_points else "not_met"
        return Outcome(status, note, cites, points=points, rank=RANK["content"])
    return Outcome("not_met", note, cites, points=0, rank=RANK["content"])


def _rank_only_row(v: DocView, p: Passage) -> bool:
    """A table row whose 职称/职务 cell is a clinical rank only (主治医师, 主管护师): the person holds
    no post of head, whatever department the row names."""
    found = v.row_of(p)
    if found is None:
        return False
    t, i = found
    col = t.column("职务", "职称")
    if col is None or i >= len(t.rows) or col >= len(t.rows[i]):
        return False
    ranks = load_lexicon().people.get("clinical_posts", ())
    return re.sub(r"\s+", "", simplified(t.rows[i][col])) in ranks


# ---------------------------------------------------------------------------
# frequency
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    date: tuple[int, int, int | None]           # year, month, day (day may be unknown)
    citation: Citation
    view: DocView


def events(check: FrequencyCheck, ctx: Context) -> list[Event]:
    """Dated meetings, visits and register entries on the topic."""
    found: dict[tuple, Event] = {}
    for v in ctx.views:
        problem = doc_problem(v, _without_year(check), ctx)
        if problem and problem[0] == "kind" and _is_register(v) and _title_names(v, [["会议", "例会", "台账", "登记",
                                                                                     "一览", "记录", "签到"]]):
            problem = None        # a register or list of dated meetings records each of them
        if problem or v.is_plan:
            continue
        default_year = min(v.years) if len(v.years) == 1 else (v.date.year if v.date else None)
        # meetings (minutes and minutes books)
        for m in v.evidence.meetings:
            if not m.date or not m.date.year or not m.date.month:
                continue
            text = " ".join(f.value for f in (*m.topics, *m.decisions) if f) + " " + v.title
            text += " " + " ".join(b.text for b in _meeting_blocks(v, m))
            if not mentions(text, check.topic):
                continue
            if check.joint and not _both_units(" ".join(f.value for f in (*m.attendees, *m.observers) if f)
                                               or text, ctx.units):
                continue
            # cite what shows it was on the topic (议题：专题研究对口支援工作), not the date alone
            said = [f for f in (*m.topics, *m.decisions) if f and mentions(f.value, check.topic)]
            # a topic or a decision taken before a directive (会议要求…尽快研究制定…计划): the
            # directive says what is still to do, not what the meeting was on
            said.sort(key=lambda f: _plan_or_denial(f.value))
            if said and _plan_or_denial(said[0].value):
                said = []
            c = None
            if not said:
                # no 议题 field names it: the meeting's own sentence that does (会议专题研究对口支援…工作)
                c = _meeting_sentence(v, m, check.topic)
                fields = " ".join(f.value for f in (*m.topics, *m.decisions) if f and not _plan_or_denial(f.value))
                if c is None and not mentions(fields + " " + v.title, check.topic):
                    continue          # only a plan or a denial names it (会议要求尽快研究…，下次会议再议)
            if c is None:
                field_ = (said[0] if said else None) or m.date_field or (m.topics[0] if m.topics else None)
                loc = field_.loc if field_ else None
                quote = (field_.value if field_ else m.date.text).lstrip("，,；;。 ")
                c = Citation(v.file, quote, loc.page if loc else None, loc.label() if loc else None)
            found.setdefault((m.date.year, m.date.month, m.date.day, v.file), Event((m.date.year, m.date.month, m.date.day), c, v))
        # dated lines: a register entry or a sentence that says when something was done
        register = _is_register(v)
        title_topic = _register_title(v, check)
        lead = ""               # the text before a table: its lead sentence (双方…召开会商会议4次，如下表)
        printed = False         # after a header line printed as text (日期 地点 主要议题): rows as lines
        for p in v.passages:
            if p.blocks[0].kind != "table-cell":
                if printed and any(s <= 2 for s, *_ in dated_spans(p.text[:24], default_year)):
                    # a table printed as lines (a PDF without rules): its rows are events on what
                    # the section, the header and the lead name, as a table's cells are
                    row_topic = " " + topic_of(v, p, bool(title_topic)) + " " + lead
                else:
                    printed = bool(lead) and is_header_row(p)
                    if not printed:
                        lead = p.text
                    row_topic = ""
            else:
                # a table's dated rows are events on what its section, header and lead name
                # (二、会商机制 … 日期 | 地点 | 主要议题): each row is one
                row_topic = " " + topic_of(v, p, bool(title_topic)) + " " + lead
            dates = dated_spans(p.text, default_year)
            if register and dates and dates[0][0] <= 8 and p.blocks[0].kind != "table-cell":
                dates = dates[:1] + [d for d in dates[1:] if _opens_row(p.text, d[0], d[1])]
            if p.blocks[0].kind == "table-cell":
                # a table row is one event: the date that opens a cell, not the dates its cells mention;
                # a row with several columns of when (上半年督导日期 | 下半年督导日期) is one event each
                starts = {a for a, _, _ in p.spans}
                dates = [d for d in dates if any(d[0] - a <= 1 and d[0] >= a for a in starts)]
                whens = _when_cells(v, p)
                dates = [d for d in dates if any(d[0] - a <= 1 and d[0] >= a for a in whens)] if whens else dates[:1]
            for k, (start, _, year, month, day) in enumerate(dates):
                # dates joined by 、和及 (3月、8月、11月三次…) share what follows the last of them
                j = k + 1
                while j < len(dates) and not p.text[dates[j - 1][1]:dates[j][0]].strip("、，,和及与 \u3000"):
                    j += 1
                end = dates[j][0] if j < len(dates) else len(p.text)
                segment = p.text[start:end]
                about = segment + " " + _sentence_at(p, start) + (" " + title_topic if register else "") + row_topic
                if not mentions(about, check.topic) or (not register and len(segment.strip()) <= dates[k][1] - start + 1):
                    continue
                if check.joint and not _both_units(about, ctx.units):
                    continue
                clause = next((c for c in p.clauses if c.start <= start < c.end), None)
                if clause and effective_modality(clause, v, check, p) != "done":
                    continue
                if not year:
                    continue
                # quote the event, not the tasks it set (…研究2018年工作安排 12月底前完成年度工作报告)
                later = next((c.start for c in p.clauses if c.start > start and c.start < end
                              and effective_modality(c, v, check, p) in ("planned", "negated")), None)
                c = cite(v, p, start, later if later else end)
                found.setdefault((year, month, day, v.file), Event((year, month, day), c, v))
        # the document itself, when its title says it records the event (a 督导报告)
        attendees = " ".join(f.value for m in v.evidence.meetings for f in (*m.attendees, *m.observers) if f)
        if check.joint and not _both_units(attendees or v.full_text, ctx.units):
            continue                       # one unit's own meeting is no meeting of both
        if v.date and _title_names(v, check.topic) and mentions(v.title + "\n" + _done_text(v, check), check.topic):
            key = (v.date.year, v.date.month, v.date.day, v.file)
            if not any(k[3] == v.file for k in found):     # the dates inside say when it happened
                c = title_citation(v)
                if c:
                    found[key] = Event((v.date.year, v.date.month, v.date.day), c, v)
    # one event a day: a register's row and its sign-in sheet are the same meeting
    by_day: dict[tuple, Event] = {}
    for key, e in found.items():
        by_day.setdefault(e.date if e.date[2] is not None else key, e)
    return sorted(by_day.values(), key=lambda e: (e.date[0], e.date[1], e.date[2] or 0))


def _when_cells(v: DocView, p: Passage) -> set[int]:
    """Offsets in a table row's text of its cells under the table's columns of when, where it
    has two or more of them (上半年督导日期 | 下半年督导日期); else none."""
    found = v.row_of(p)
    if not found:
        return set()
    cols = found[0].date_columns()
    if len(cols) < 2:
        return set()
    return {a for (a, _, _), b in zip(p.spans, p.blocks) if b.loc.col is not None and b.loc.col - 1 in cols}


def _opens_row(text: str, at: int, end: int) -> bool:
    """A date that opens a row printed on the same line as the row before (…指南解读9月16日 教学查房):
    a cell of its own, with a space after it; a date inside a cell (3月13日到岗) is no row."""
    return at > 0 and not text[at - 1].isdigit() and end < len(text) and text[end:end + 1].isspace()


def _both_units(text: str, units: list[Unit]) -> bool:
    """Each of the case's units is named (by name, its core, or 两院/双方)."""
    t = re.sub(r"\s+", "", simplified(text))
    if re.search(r"两院|双方|两家医院", t):
        return True
    return len(units) >= 2 and all(u.name in t or (u.core and any(p + u.core[:2] in t or p + "县" + u.core[:2] in t
                                                                   or p + "市" + u.core[:2] in t for p in u.places))
                                   for u in units)


def _sentence_at(p: Passage, offset: int) -> str:
    for start, end, _ in p.sentences():
        if start <= offset < end + 1:
            return p.text[start:end]
    return ""


def _title_names(v: DocView, topic: list[list[str]]) -> bool:
    """The title names the first concept of the topic (督导…报告, 会议记录)."""
    return bool(v.title) and mentions(v.title, topic[:1])


def _without_year(check):
    return check.model_copy(update={"within_year": False})


def _meeting_sentence(v: DocView, m, topic) -> Citation | None:
    """The first sentence of a meeting's record that names ``topic``: from its fields (时间, 主持,
    议题) to the next meeting's heading or date, within the record's own blocks."""
    fields = [f for f in (m.heading, m.date_field, m.place, m.host, *m.attendees, *m.topics, *m.decisions) if f]
    if not fields:
        return None
    first = min(f.block for f in fields)
    starts = sorted({f.block for other in v.evidence.meetings if other is not m
                     for f in (other.heading, other.date_field) if f and f.block > first})
    last = starts[0] - 1 if starts else first + 12
    for p in v.passages:
        if not any(first <= i <= last for _, _, i in p.spans):
            continue
        for s_start, s_end, _ in p.sentences():
            if mentions(p.text[s_start:s_end], topic) and _not_plan_or_denial(v, p, s_start):
                # quote what the meeting did, not the tasks it set (…研究了住宿问题，明确由…6月底前完成…)
                later = next((c.start for c in p.clauses if s_start < c.start < s_end
                              and c.modality in ("planned", "negated")), None)
                if later is not None and mentions(p.text[s_start:later], topic):
                    return cite(v, p, s_start, len(p.text[:later].rstrip("，,；; ")))
                return cite(v, p, s_start, s_end + 1 if p.text[s_end:s_end + 1] in "。；" else s_end)
    return None


def _not_plan_or_denial(v: DocView, p: Passage, start: int) -> bool:
    """The sentence at ``start`` is no plan or denial (its first clause)."""
    clause = next((c for c in p.clauses if c.start <= start < c.end), None)
    return clause is None or clause.modality not in ("planned", "negated", "conditional")


def _plan_or_denial(text: str) -> bool:
    """A meeting's field that is a directive or a denial in some clause (会议要求…尽快研究)."""
    return any(c.modality in ("planned", "negated") for c in split_clauses(simplified(text)))


def _meeting_blocks(v: DocView, m) -> list:
    """The passages of meeting ``m``'s 议题 and 决定 fields."""
    idx = {f.block for f in (*m.topics, *m.decisions) if f}
    return [p for p in v.passages if any(i in idx for _, _, i in p.spans)]


def _done_text(v: DocView, check) -> str:
    out = []
    for p in v.passages:
        for c in p.clauses:
            if effective_modality(c, v, check, p) == "done":
                out.append(c.text)
    return "\n".join(out)


_MONTH_ROW = re.compile(r"^\s*(1[0-2]|0?[1-9])\s*月(?:\s*([12][0-9]|3[01]|0?[1-9])\s*日)?")


def dated_spans(text: str, default_year: int | None) -> list[tuple[int, int, int | None, int, int | None]]:
    """(start, end, year, month, day) of each date in ``text`` that names a month;
    a register row that opens with 3月 or 3月5日 takes the document's year."""
    out = [(d.start, d.end, d.year or default_year, d.month, d.day)
           for d in find_dates(text, default_year=default_year) if d.month]
    m = _MONTH_ROW.match(text)
    if m and not any(start <= m.start(1) < end for start, end, *_ in out):
        out.insert(0, (m.start(1), m.end(), default_year, int(m.group(1)),
                       int(m.group(2)) if m.group(2) else None))
    if default_year is not None:
        # months listed as when it happened (于3月、8月、11月三次赴…督导), in a document of one year
        for m in _MONTH_LIST.finditer(text):
            for k in _BARE_MONTH.finditer(m.group(0)):
                a = m.start() + k.start(1)
                if not any(start <= a < end for start, end, *_ in out):
                    out.append((a, m.start() + k.end(), default_year, int(k.group(1)), None))
        out.sort()
    return out


_BARE_MONTH = re.compile(r"(1[0-2]|[1-9])\s*月份?")
# 于/在 then months joined by 、和及 (two at least, or one then 份): the months something was done in;
# never a deadline (3月底前) nor a length (6个月) nor every month (每月)
_MONTH_LIST = re.compile(r"(?<=[于在])\s*(?:(?:1[0-2]|[1-9])\s*月份?\s*[、和及与，,]\s*)+(?:1[0-2]|[1-9])\s*月份?"
                         r"(?![底末初中前内\d日号])")


_TITLE_JOINERS = re.compile(r"及|和|与|暨|、")


def _register_title(v: DocView, check: FrequencyCheck) -> str:
    """What a register's title says each of its rows is on. A title that joins several
    activities (教学查房及科内讲课记录) does not say which row is which: each row names its own."""
    parts = [t for t in _TITLE_JOINERS.split(v.title) if t.strip()]
    if len(parts) > 1 and any(mentions(t, check.topic) for t in parts) \
            and not all(mentions(t, check.topic) for t in parts):
        return ""
    return v.title


def _is_register(v: DocView) -> bool:
    """A register or log: many lines that open with a date, maybe after a number (第1期 2月25日),
    or a table with a date column (登记本, 台账, 签到表)."""
    dated = sum(1 for p in v.passages if any(start <= 8 for start, *_ in dated_spans(p.text[:20], None)))
    if dated >= 3:
        return True
    return any(t.column("日期", "时间") is not None and len(t.rows) >= 3 for t in v.tables)


PERIODS = {"year": 1, "half_year": 2, "quarter": 4, "month": 12}
PERIOD_NAMES = {"year": "全年", "half_year": "每半年", "quarter": "每季度", "month": "每月",
                "week": "每周", "two_weeks": "每两周"}


def check_frequency(check: FrequencyCheck, ctx: Context) -> Outcome:
    outcome = _frequency_of_events(check, ctx)
    if check.each and outcome.status == "met" and (
            gap := _row_missed_period(check, ctx) or _said_missed(check, ctx)) is not None:
        return gap
    if outcome.status == "met" or check.per not in ("week", "two_weeks", "month"):
        return outcome
    stated = _stated_rate(check, ctx)         # 本季度教学查房13次, 每月教学查房4—5次
    return stated or outcome


_PERIOD_WEEKS = (("全年度", 52), ("全年", 52), ("本年度", 52), ("年度", 52), ("上半年", 26), ("下半年", 26),
                 ("半年", 26), ("本季度", 13), ("季度", 13), ("每月", 4.33), ("本月", 4.33), ("月均", 4.33),
                 ("每两周", 2), ("每2周", 2), ("隔周", 2), ("每半月", 2.17), ("每周", 1), ("周均", 1))
_PER_WEEKS = {"week": 1, "two_weeks": 2, "month": 4.33}


def _stated_rate(check: FrequencyCheck, ctx: Context) -> Outcome | None:
    """A record that states how often it happened over a period (本季度教学查房13次、科内临床教学
    7次; 每月教学查房4—5次): a rate at least the one asked for counts, within the year."""
    words = "|".join(re.escape(w) for g in check.topic for w in g if "…" not in w)
    periods = "|".join(re.escape(w) for w, _ in _PERIOD_WEEKS)
    rx = re.compile(f"(?P<period>{periods})[^。；，]{{0,12}}?(?:{words})[^。；，\\d]{{0,6}}?(?P<n>\\d+)(?:[—\\-~～至](?P<m>\\d+))?次"
                    f"|(?P<period2>{periods})[^。；，\\d]{{0,6}}?(?P<n2>\\d+|[一二两三四五六七八九十])次[^。；，]{{0,4}}?(?:{words})")
    want = f"{PERIOD_NAMES[check.per]}至少{check.at_least}次"
    flat = [w for g in check.topic for w in g if "…" not in w]
    for v in ctx.views:
        if doc_problem(v, _without_year(check), ctx) or v.is_plan or (v.years and ctx.year not in v.years):
            continue
        for t in v.tables:
            # 月份 | 教学查房（次）: every period listed must reach the rate
            counts = period_counts(t, flat)
            if len(counts) >= 3:
                low = min(counts, key=lambda x: x[2] / x[1])
                by_block = v.passage_of_block
                row = next((idx for r, idx in zip(t.rows, t.row_blocks) if low[0] in r[:2]), None)
                p = by_block.get(row[0]) if row else None
                c = cite(v, p, 0, len(p.text)) if p is not None else None
                if all(n / weeks * _PER_WEEKS[check.per] >= 0.9 * check.at_least for _, weeks, n in counts):
                    return Outcome("met", f"{check.label}：{v.label()}逐{len(counts)}个时段统计，最少的“{low[0]}”"
                                          f"{low[2]}次，符合{want}", [c] if c else [])
                return Outcome("not_met", f"{check.label}：{v.label()}统计“{low[0]}”仅{low[2]}次，达不到{want}",
                               [c] if c else [], rank=RANK["content"])
        for p in v.passages:
            text = simplified(p.text)
            for m in rx.finditer(re.sub(r"\s+", "", text)):
                weeks = dict(_PERIOD_WEEKS)[m.group("period") or m.group("period2")]
                n = int(m.group("n")) if m.group("n") else _cn_int(m.group("n2"))
                if n / weeks * _PER_WEEKS[check.per] >= 0.9 * check.at_least:
                    c = cite(v, p, 0, len(p.text))
                    return Outcome("met", f"{check.label}：{v.label()}记载“{m.group(0)}”，符合{want}", [c])
    return None


def _row_missed_period(check: FrequencyCheck, ctx: Context) -> Outcome | None:
    """A register of the year that lists units in its rows, one column of when per period
    (科室 | 上半年实际日期 | 下半年实际日期): a row whose period cell holds no date (blank, —,
    未成行) is a unit that missed that period. A column of planned dates (计划日期) is no record."""
    for v in ctx.views:
        problem = doc_problem(v, _without_year(check), ctx)
        if (problem and problem[0] != "kind") or v.is_plan or (v.years and ctx.year not in v.years):
            continue              # a register (登记表, 台账) is the record whatever its kind
        by_block = v.passage_of_block
        for t in v.tables:
            whens = t.date_columns()
            if len(whens) < 2 or not t.row_blocks or not t.row_blocks[0]:
                continue
            first = by_block.get(t.row_blocks[0][0])
            if first is None or not mentions(topic_of(v, first) + " ".join(t.header), check.topic):
                continue
            for row, idx in zip(t.rows, t.row_blocks):
                cells = [c.strip() for c in row]
                if not cells or is_total_row(cells) or sum(1 for c in cells if c) < 2:
                    continue
                missed = [t.header[c] for c in whens
                          if c < len(cells) and not dated_spans(cells[c], ctx.year)]
                if not missed:
                    continue
                p = by_block.get(idx[0]) if idx else None
                c = cite(v, p, 0, len(p.text)) if p is not None else title_citation(v)
                return Outcome("not_met", f"{check.label}：{v.label()}中“{cells[0]}”一行的“{'、'.join(missed)}”"
                                          f"没有记录，不是每个单位{PERIOD_NAMES[check.per]}至少{check.at_least}次",
                               [c] if c else [], rank=RANK["content"])
    return None


def _said_missed(check: FrequencyCheck, ctx: Context) -> Outcome | None:
    """A report of the year that says some of the units the rate is asked of did not take part
    (神经内科、骨科主任本年度因疫情防控未能赴现场): not each kept it, whatever the others did. A
    negation about something else (督导中未发现重大问题) is no missed visit."""
    for v in ctx.views:
        if doc_problem(v, _without_year(check), ctx) or v.is_plan or v.kind not in FACT_KINDS \
                or (v.years and ctx.year not in v.years):
            continue
        for h in sentence_hits(v, check.topic, check):
            if h.modality != "negated":
                continue
            said = [h.passage.clauses[i].text for i in h.clauses] or [hit_text(h)]
            if any(load_lexicon().not_gone.search(simplified(t)) for t in said):
                c = cite(v, h.passage, h.start, h.end)
                return Outcome("not_met", f"{check.label}：{v.label()}记载“{c.quote}”，不是每个单位"
                                          f"{PERIOD_NAMES[check.per]}至少{check.at_least}次", [c],
                               rank=RANK["content"], denied=True)
    return None


def _frequency_of_events(check: FrequencyCheck, ctx: Context) -> Outcome:
    evs = events(check, ctx)
    in_year = [e for e in evs if e.date[0] == ctx.year]
    other = [e for e in evs if e.date[0] != ctx.year and e.date[0] < ctx.year]
    cites = [e.citation for e in in_year][:6]
    want = f"{PERIOD_NAMES[check.per]}至少{check.at_least}次"
    if check.per in PERIODS:
        n = PERIODS[check.per]
        buckets = [0] * n
        for e in in_year:
            buckets[(e.date[1] - 1) * n // 12] += 1
        if in_year and all(b >= check.at_least for b in buckets):
            return Outcome("met", f"{check.label}：{ctx.year}年共{len(in_year)}次，达到{want}", cites)
        if in_year:
            gaps = [i for i, b in enumerate(buckets) if b < check.at_least]
            return Outcome("not_met", f"{check.label}：{ctx.year}年仅{len(in_year)}次，"
                                      f"{_bucket_names(check.per, gaps)}不足{check.at_least}次（要求{want}）",
                           cites, rank=RANK["content"])
    else:
        days = sorted({dt.date(*e.date) for e in (in_year if check.within_year else evs)
                       if e.date[2] and dt.date(*e.date) <= ctx.year_end})
        if days:
            span = (days[-1] - days[0]).days + 7
            # a register that names the month it covers (2019年10月…登记) is a month of record, though
            # its first and last entries of a kind are two weeks apart
            for cover in {v.covers for v in {id(e.view): e.view for e in evs}.values()
                          if v.covers and v.covers[0].year == ctx.year and _is_register(v)}:
                span = max(span, min((min(cover[1], ctx.year_end) - cover[0]).days + 1, 31))
            period = 7 if check.per == "week" else 14
            expected = span / period * check.at_least
            if span >= 28 and len(days) >= 0.8 * expected:
                return Outcome("met", f"{check.label}：{days[0].isoformat()}至{days[-1].isoformat()}共{len(days)}次，"
                                      f"符合{want}", cites or [e.citation for e in evs][:6])
            return Outcome("not_met", f"{check.label}：记录{len(days)}次，不足以证明{want}",
                           cites or [e.citation for e in evs][:6], rank=RANK["content"])
    if other:
        years = sorted({e.date[0] for e in other})
        return Outcome("not_met", f"{check.label}：仅有{'、'.join(map(str, years))}年的记录，"
                                  f"没有{ctx.year}年的", [e.citation for e in other][:3], rank=RANK["year"])
    return Outcome("no_evidence", f"未找到{check.label}")


def _bucket_names(per: str, gaps: list[int]) -> str:
    names = {"half_year": ["上半年", "下半年"], "quarter": ["第一季度", "第二季度", "第三季度", "第四季度"],
             "month": [f"{i + 1}月" for i in range(12)], "year": ["全年"]}[per]
    return "、".join(names[i] for i in gaps)


# ---------------------------------------------------------------------------
# count
# ---------------------------------------------------------------------------
_ALL_WORDS = "均|所有|每个|每家|每所|全部"
_UNIVERSAL = re.compile(rf"(?:{_ALL_WORDS}|各)[^。；，]{{0,16}}?([0-9]+|[一二两三四五六七八九十]+)个(?:以上)?")
_UNIVERSAL_WORD = re.compile(_ALL_WORDS)
_COUNT_AFTER = re.compile(r"(?:均|各)?(?:达到|有)?([0-9]+|[一二两三四五六七八九十]+)个(?:以上|及以上)?")


def check_count(check: CountCheck, ctx: Context) -> Outcome:
    """How many the form asks of *every* unit (≥1 个, ≥2 个): only a sentence that says so of
    all of them (均已建成2个以上) gives a level. Some units' examples (城西卫生院建成2个) or
    a share (18个中只有12个) do not show it of every unit: the reason says which."""
    levels = sorted(check.levels, key=lambda lv: lv.at_least)
    universal = 0
    cites: list[Citation] = []
    universal_cites: list[Citation] = []
    nears: list[Outcome] = []
    words = tuple(w for g in check.concepts for w in g if "…" not in w)
    for v in ctx.views:
        if doc_problem(v, check, ctx):
            continue
        if check.coverage == "all" and not v.is_plan:
            # a table of one row per unit (机构 | 特色科室一 | 特色科室二): the fewest any unit holds
            by_block = v.passage_of_block
            for t in v.tables:
                counts = per_unit_counts(t, words)
                if not counts:
                    continue
                lead = _lead_of(v, t)
                said = coverage(lead.text) if lead is not None else None
                if said is not None and said.scope == "part":
                    # 全县16家卫生院中，建成特色科室的有以下10家: the table holds only those
                    nears.append(_near("content", f"{v.label()}中仅部分单位做到（{said.phrase}）",
                                       cite(v, lead, 0, len(lead.text))))
                    continue
                low = min(counts, key=lambda x: x[1])
                row = next((idx for r, idx in zip(t.rows, t.row_blocks) if low[0] in [x.strip() for x in r]), None)
                p = by_block.get(row[0]) if row else None
                c = cite(v, p, 0, len(p.text)) if p is not None else title_citation(v)
                if low[1] >= levels[0].at_least and low[1] > universal:
                    universal = low[1]
                    universal_cites.insert(0, c)
                elif low[1] < levels[0].at_least:
                    nears.append(_near("content", f"{v.label()}的{len(counts)}家单位中，{low[0]}仅{low[1]}个", c))
        for h in sentence_hits(v, check.concepts, check):
            c = cite(v, h.passage, h.start, h.end)
            if h.modality != "done":
                nears.append(_not_done(h.modality, f"{v.label()}中", c))
                continue
            partial = _partial_coverage(check, h) if check.coverage else None
            text = re.sub(r"\s+", "", h.passage.text[h.start:h.end])
            said = 0
            for synonym in [s for g in check.concepts for s in g]:
                for m in re.finditer(re.escape(synonym), text):
                    u = _UNIVERSAL.search(text[max(0, m.start() - 24):m.start()])
                    if u:
                        said = max(said, _cn_int(u.group(1)))
                    # or the count after the thing: 全部在帮扶下建成特色科室1个以上
                    after = _COUNT_AFTER.match(text[m.end():m.end() + 10])
                    if after and _UNIVERSAL_WORD.search(text[max(0, m.start() - 30):m.start()]):
                        said = max(said, _cn_int(after.group(1)))
            if said:
                universal = max(universal, said)
                universal_cites.append(c)
            else:
                cites.append(c)
                nears.append(_near("content", f"{v.label()}中{'仅部分单位做到（' + partial + '）' if partial else '只有个别单位的例子，未说明所有单位均已做到'}", c))
    if universal >= levels[0].at_least:
        level = [lv for lv in levels if universal >= lv.at_least][-1]
        status = "met" if level is levels[-1] else "partial"    # the form's lower tier (≥1 个 of ≥2 个)
        return Outcome(status, f"{check.label}：所有单位均达到{universal}个", (universal_cites + cites)[:4],
                       points=level.points)
    near = best_near(nears)
    if near:
        near.note = f"{check.label}：{near.note}"
        return near
    return Outcome("no_evidence", f"未找到{check.label}")


def _lead_of(v: DocView, t) -> Passage | None:
    """The passage right before a table (its lead sentence: 现将…情况列表如下：), or None."""
    first = min((i for i in t.header_blocks), default=None)
    if first is None:
        return None
    before = [p for p in v.passages if p.spans[-1][2] < first]
    return before[-1] if before and first - before[-1].spans[-1][2] <= 2 else None


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    if "十" in text:
        a, _, b = text.partition("十")
        return digits.get(a, 1) * 10 + digits.get(b, 0)
    return digits.get(text, 0)


# ---------------------------------------------------------------------------
# weekly_sessions
# ---------------------------------------------------------------------------
_SLOT = re.compile(r"上午|下午|晚上|半天|半日")
_PERSON_LINE = re.compile(r"^([^：:。；，,]{2,30}?(?:医师|医生|主任|专家|教授|技师|药师|护师))\s*[：:]\s*([^。]{2,60})")
_WEEKDAY = re.compile(r"周[一二三四五六日天]|星期[一二三四五六日天]")
_STATED = re.compile(r"每周[^。；]{0,8}?([0-9]+|[一二两三四五六七八九十]+)个半[天日]")


def check_weekly_sessions(check: WeeklySessionsCheck, ctx: Context) -> Outcome:
    nears: list[Outcome] = []
    for v in ctx.views:
        if doc_problem(v, check, ctx) or not v.mentions(check.topic):
            continue
        for p in v.passages:                      # a schedule's own note: 每周…2个半天
            if v.kind not in FACT_KINDS:
                break                              # a plan or a rule asks for it; it is no schedule
            # every count it states must reach the floor: 4名专家每周2个半天；骨科…每周仅出诊1个半天
            # (a count planned or denied is no schedule kept: 原计划每周出诊2个半天)
            counts = [_cn_int(m.group(1)) for c in p.clauses if c.modality not in ("planned", "negated")
                      for m in _STATED.finditer(re.sub(r"\s+", "", c.text))]
            if counts and min(counts) >= check.at_least:
                return Outcome("met", f"{check.label}（{v.label()}）", [cite(v, p, 0, len(p.text))])
            if counts:
                nears.append(Outcome("not_met", f"{check.label}：{v.label()}写明有人每周仅{min(counts)}个半天",
                                     [cite(v, p, 0, len(p.text))], rank=RANK["content"]))
        per_row, cites = _grid_sessions(v, tuple(w for g in check.topic for w in g if "…" not in w))
        if not per_row:
            rows: dict[tuple, list[tuple[Passage, int]]] = {}
            for p in v.passages:
                loc = p.blocks[0].loc
                if loc.row is None:
                    # a printed list, one person a line (骨科 吴永刚副主任医师：每周一下午、周三上午)
                    m = _PERSON_LINE.match(p.text.strip())
                    if m and _WEEKDAY.search(m.group(2)):
                        slots = len(_SLOT.findall(m.group(2))) + 2 * m.group(2).count("全天")
                        if slots:
                            rows.setdefault((loc.page, loc.line, loc.paragraph), []).append((p, slots))
                    continue
                if "每" not in p.text and "周" not in p.text:
                    continue
                slots = len(_SLOT.findall(p.text)) + 2 * p.text.count("全天")
                if slots:
                    rows.setdefault((loc.sheet, loc.table, loc.row), []).append((p, slots))
            if not rows:
                continue
            per_row = {k: sum(s for _, s in cells) for k, cells in rows.items()}
            cites = [cite(v, cells[0][0], 0, len(cells[0][0].text)) for cells in rows.values()][:4]
        short = [k for k, n in per_row.items() if n < check.at_least]
        if not short:
            return Outcome("met", f"{check.label}：{v.label()}中{len(per_row)}人每周均不少于{check.at_least}个半天", cites)
        nears.append(Outcome("not_met", f"{check.label}：{v.label()}中有{len(short)}人每周少于{check.at_least}个半天",
                             cites, rank=RANK["content"]))
    near = best_near(nears)
    return near or Outcome("no_evidence", f"未找到{check.label}")


def _grid_sessions(v: DocView, activity: tuple[str, ...] = ()) -> tuple[dict, list[Citation]]:
    """Half-days per person from a grid whose header names the slots (周一上午 … 周五下午)
    or counts them (每周半天数): each row is one person, each marked slot one half-day."""
    per_row: dict = {}
    cites: list[Citation] = []
    by_block = v.passage_of_block
    for t in v.tables:
        if not t.slot_columns() and t.column("半天数", "半日数") is None:
            continue
        for row, idx in zip(t.rows, t.row_blocks):
            n = half_days(t, row, activity)
            if n is None or not row or not row[0] or not any(x.strip() for x in row[1:]):
                continue
            per_row[(id(t), row[0])] = n
            p = by_block.get(idx[0])
            if p is not None and len(cites) < 4:
                cites.append(cite(v, p, 0, len(p.text)))
    return per_row, cites


# ---------------------------------------------------------------------------
# appointment
# ---------------------------------------------------------------------------
def check_appointment(check: AppointmentCheck, ctx: Context) -> Outcome:
    posts = [synonym_pattern(w) for group in check.posts for w in group]
    words = [w for group in check.seconded for w in group]
    unit_words = [w for u in ctx.units if u.role == check.from_role for w in (u.name, *u.places)]
    hits: list[Citation] = []
    nears: list[Outcome] = []
    texts = [(v, simplified(p.text)) for v in ctx.views for p in v.passages]
    for v in ctx.views:
        problem = doc_problem(v, check, ctx)
        if problem and problem[0] in ("foreign", "role"):
            continue
        for person, post, described, c, order, heading in _appointment_rows(v, posts):
            if problem and not (problem[0] == "kind" and order):
                # (a row that names its appointing document, 石医发〔2016〕31号, records it in any kind)
                nears.append(_near(problem[0], problem[1], c))
            elif _home_post(post, v, ctx, check.from_role):
                nears.append(_near("content", f"{v.label()}聘任{person}为{post}，是派出单位本院的职务", c))
            elif any(w in described for w in words + unit_words) or any(w in heading for w in words) or any(
                    said_of(person, t, words) for _, t in texts):
                hits.append(c)
            else:
                nears.append(_near("content", f"{v.label()}聘任{person}为{post}，但未写明其为{check.from_role}派驻人员", c))
        lead = ""
        for p in v.passages:
            # 决定聘任以下…派驻同志担任…：段志华同志任…；: the lead-in is said of each item of its list
            m = re.search(r"[^。；]*(?:以下|如下|下列)[^。；]{0,40}[：:]\s*$", p.text)
            if m:
                lead = simplified(m.group(0))
                continue
            if lead and not re.search(r"同志|[；;]\s*$", p.text):
                lead = ""                  # the list has ended
            for a in appointments(simplified(p.text), posts):
                if lead:
                    a = replace(a, described=lead + a.described)
                clause = next((c for c in p.clauses if c.start <= a.start < c.end), None)
                end = next((e for s, e, _ in p.sentences() if s <= a.start < e), a.end)
                c = cite(v, p, a.start, max(end, a.end))
                modality = effective_modality(clause, v, check, p) if clause else "done"
                if modality != "done":
                    nears.append(_not_done(modality, f"{v.label()}中", c))
                    continue
                if problem:
                    nears.append(_near(problem[0], problem[1], c))
                    continue
                kept_out = denies_post(simplified(p.text[a.start:max(end, a.end) + 1]),
                                       [w for group in check.posts for w in group])
                if kept_out:
                    nears.append(_near("content", f"{v.label()}任命{a.person}为{a.post}，但写明“{kept_out}”", c))
                    continue
                home = _home_post(a.post, v, ctx, check.from_role)
                if home:
                    nears.append(_near("content", f"{v.label()}任命{a.person}为{a.post}，是{home}本院的职务，"
                                                  f"不是受援单位的", c))
                    continue
                said = next((w for w in words + unit_words if w in a.described), None) \
                    or next((w for _, t in texts if (w := said_of(a.person, t, words))), None)
                if said:
                    hits.append(c)
                else:
                    nears.append(_near("content", f"{v.label()}任命{a.person}为{a.post}，"
                                                  f"但未写明其为{check.from_role}派驻人员", c))
    if hits:
        return Outcome("met", f"{check.label}（{_titles(hits)}）", hits[:3])
    near = best_near(nears)
    if near:
        near.note = f"{check.label}：{near.note}"
        return near
    return Outcome("no_evidence", f"未找到{check.label}")


# ---------------------------------------------------------------------------
# no_breach
# ---------------------------------------------------------------------------
def check_no_breach(check: NoBreachCheck, ctx: Context) -> Outcome:
    """A breach stated as a fact of the year fails the item; none found passes silently. A rule
    (制度, 办法, 协议 …) reports nothing: its negated clauses prohibit (进修期间不安排返院值班)."""
    for v in ctx.views:
        if doc_problem(v, check, ctx) or not _in_context(v, check, ctx) \
                or v.kind in RULE_KINDS - {"通知", "任命文件"}:
            continue
        for h in sentence_hits(v, check.concepts, check):
            # a breach is often told with 未 (未履行请假手续离岗3天); 无擅自离岗 reads as plain
            if h.modality in ("done", "negated") and not is_header_row(h.passage) \
                    and not _states_no_breach(hit_text(h)):
                c = cite(v, h.passage, h.start, h.end)
                return Outcome("not_met", f"{check.label}：{v.label()}记载：“{c.quote}”", [c], rank=RANK["negated"],
                               denied=True)
    return Outcome("met", "", [], silent=True)


def _states_no_breach(text: str) -> bool:
    """无擅自离岗现象, 未发生脱岗: the good state, no breach."""
    rx = load_lexicon().no_breach
    return rx is not None and bool(rx.search(simplified(text)))


def _home_post(post: str, v: DocView, ctx: Context, from_role: str) -> str | None:
    """The sending unit whose own post this is (王海涛为牡原市第一人民医院对口支援办公室主任):
    a post named with the sending unit's name, or with 我院/本院 in the sending unit's own
    document, is held there, not in the unit it helps."""
    senders = [u for u in ctx.units if u.role == from_role]
    others = [u for u in ctx.units if u.role != from_role]
    for u in senders:
        if u.name in post and not any(o.name in post for o in others):
            return u.name
    if re.match(r"(?:我院|本院)", post) and v.roles == frozenset({from_role}) and senders:
        return senders[0].name
    return None


_POST_HEADERS = ("聘任职务", "拟任职务", "任职", "职务", "岗位")
_GIVEN_POST_HEADER = re.compile(r"聘任|拟任|任职|任命|挂职")
# a column of the person's own post at home (派出单位及职务, 原职务, 现任职务), not the post given
_HOME_POST_HEADER = re.compile(r"派出|原|现任|现职|所在单位|单位及")


def _appointment_rows(v: DocView, posts: list) -> list[tuple[str, str, str, Citation, bool, str]]:
    """A table of appointments (姓名 | 人员来源 | 聘任职务 | 任期): each row appoints its person
    to the post in the post column (在我院任职 before 派出单位及职务: the post given, not the
    home one); the other cells say who they are. A bare 职务 column appoints only in a document
    that appoints (a 任命文件, a title with 聘任/任职): in a training register it is the person's
    post. Each row comes with whether it names the document that appointed (聘任文件
    石医发〔2016〕31号, in a cell of its own or in the post cell: 普外科主任（甘医发〔2019〕8号）) and with the table's title and lead sentence, which say who its people
    are (派驻人员任职情况; 聘任我院派驻人员担任相应科室职务，具体如下：)."""
    out = []
    by_block = v.passage_of_block
    appoints = v.kind == "任命文件" or bool(_GIVEN_POST_HEADER.search(v.title))
    for t in v.tables:
        name_col = t.column("姓名")
        post_col = next((i for w in _POST_HEADERS for i, h in enumerate(t.header)
                         if w in h and not _HOME_POST_HEADER.search(h)), None)
        if name_col is None or post_col is None:
            continue
        if not appoints and not _GIVEN_POST_HEADER.search(t.header[post_col]):
            continue
        lead = _lead_of(v, t)
        heading = simplified(v.title + " " + (lead.text if lead is not None else ""))
        for row, idx in zip(t.rows, t.row_blocks):
            if max(name_col, post_col) >= len(row) or not any(rx.search(row[post_col]) for rx in posts):
                continue
            p = by_block.get(idx[0])
            if p is not None:
                order = any(cited_doc_number(cell) for k, cell in enumerate(row) if k != name_col)
                out.append((row[name_col], row[post_col], " ".join(row), cite(v, p, 0, len(p.text)), order, heading))
    return out


def run_check(check, ctx: Context, max_points: float) -> Outcome:
    if isinstance(check, DocumentCheck):
        return check_document(check, ctx)
    if isinstance(check, StatementCheck):
        return check_statement(check, ctx)
    if isinstance(check, AllPartsCheck):
        return check_all_parts(check, ctx, max_points)
    if isinstance(check, FrequencyCheck):
        return check_frequency(check, ctx)
    if isinstance(check, CountCheck):
        return check_count(check, ctx)
    if isinstance(check, WeeklySessionsCheck):
        return check_weekly_sessions(check, ctx)
    if isinstance(check, AppointmentCheck):
        return check_appointment(check, ctx)
    if isinstance(check, NoBreachCheck):
        return check_no_breach(check, ctx)
    raise TypeError(f"unknown check {type(check).__name__}")
