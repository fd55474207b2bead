"""The evidence pool: every readable document as a reviewer sees it.

A ``DocView`` is one document (or an issued attachment inside a 印发 notice)
with its kind, title, date, draft flag, the roles it belongs to, and its text
cut into passages and clauses. OCR lines that run on to the next line are
joined into one passage so a sentence split by the page width is whole again;
every passage keeps the blocks it came from, so a quote maps back to a locator.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..extract.document import Evidence
from ..extract.kind import kind_of_title
from ..extract.period import in_force_year, months_covered, period_of
from ..extract.structure import Section, innermost, sections
from ..extract.tables import Table, tables
from ..model import Block, Locator, Problem
from ..text.clauses import Clause, split_clauses
from ..text.dates import find_dates
from ..text.variants import simplified
from .concepts import Squashed, active_index, find_group, match_all, squash
from .units import Unit, higher_scope, is_foreign, parties, roles_from_issuer, roles_from_title

PLAN_KINDS = frozenset({"方案", "计划", "规划"})
FACT_KINDS = frozenset({"总结", "报告", "会议记录", "会议纪要", "名单", "排班表", "其他"})
RULE_KINDS = frozenset({"制度", "办法", "意见", "通知", "协议", "章程", "任命文件"})
SIGNATURE_CHARS = 30
_MAKER = re.compile(r"(?:填表|填报|编制|制表|报送|出具)单位\s*[:：]\s*([^\s　:：]{2,30})")
_LABEL = re.compile(r"^(?:编制|制表|填报|填报单位|报送单位|单位|编制单位|制表单位|报送)\s*[:：]\s*")
# a closing line that says who keeps or follows a copy (晋川市卫生计生委医政科复印备查, 岭湾市参照执行):
# the reader of someone else's document, not its issuer
_KEPT_BY = re.compile(r"(?:复印|复制)?备查$|存档$|存查$|参照执行")
MIN_QUOTE_CHARS = 8
CELL_GAP = " "          # between the cells of a table row joined into one passage
SENTENCE_END = "。；！？：:;!?"
_PAGE_NUMBER = re.compile(r"^\s*[—–\-－]*\s*\d{1,4}\s*[—–\-－]*\s*$")
_YEAR = re.compile(r"(19|20)\d{2}")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–－至到~～]+\s*((?:19|20)\d{2})")


@dataclass
class Passage:
    text: str
    spans: tuple[tuple[int, int, int], ...]      # (start, end, block index) in text
    blocks: tuple[Block, ...]
    section: int | None = None                   # innermost section (DocView.sections) holding it
    goal: bool = False                           # under a goal or next-step heading: a plan
    row_status: str | None = None                # a table row's status column: done | not_done
    plan_cells: frozenset[int] = frozenset()     # its cells under a plan column (计划建设, 年度目标)
    topic_cells: frozenset[int] = frozenset()    # its cells under a topic column (议题, 主题) of a register
    known: tuple[Clause, ...] | None = None      # its clauses as extraction split them (a one-block passage)

    @cached_property
    def squashed(self) -> Squashed:
        return squash(self.text)

    @cached_property
    def clauses(self) -> list[Clause]:
        """Clauses of the text read as simplified (same offsets as ``text``). A passage of one
        block has them from the extraction (cached with it), which split the same text."""
        if self.known is not None:
            return list(self.known)
        return split_clauses(simplified(self.text))

    def holds_any(self, groups: list[list[str]]) -> bool:
        """True when some concept group is found in the passage. The rulebook's literal index
        (one automaton pass per passage, kept) rules out the groups none of whose synonyms can
        match, so their patterns are not run."""
        index = active_index()
        if index is not None:
            present = self.present(index)
            groups = [g for g in groups if index.may_match(present, g)]
        return any(find_group(self.squashed.text, g) for g in groups)

    def holds_within(self, a: int, b: int, group: list[str]) -> bool:
        """Whether ``group`` is found in ``squashed.text[a:b]`` (a sentence's window). The
        rulebook's literal index rules out a window that lacks a piece of every synonym, so
        most windows are never searched with the group's patterns."""
        index = active_index()
        if index is not None and not index.may_match_within(self._starts(index), group, a, b):
            return False
        return find_group(self.squashed.text[a:b], group) is not None

    def _starts(self, index) -> dict[str, list[int]]:
        """Where each literal piece of ``index`` starts in the passage (one automaton pass, kept)."""
        held = self.__dict__.get("_piece_starts")
        if held is None or held[0] is not index:
            held = self.__dict__["_piece_starts"] = (index, index.starts(self.squashed.text))
        return held[1]

    def present(self, index) -> frozenset[str]:
        """The literal pieces of ``index`` the passage holds (from the same pass as ``_starts``)."""
        held = self.__dict__.get("_present")
        if held is None or held[0] is not index:
            held = self.__dict__["_present"] = (index, frozenset(self._starts(index)))
        return held[1]

    def block_at(self, offset: int) -> int | None:
        """Index of the block that holds ``offset`` of the text."""
        for start, end, i in self.spans:
            if start <= offset < end:
                return i
        return None

    def loc_at(self, offset: int) -> Locator:
        for (start, end, _), block in zip(self.spans, self.blocks):
            if offset < end:
                return block.loc
        return self.blocks[-1].loc

    def one_page(self, start: int, end: int) -> tuple[int, int]:
        """The part of [start, end) on one page: a quote must be found as it is printed,
        and a page break puts the running head and page number in between."""
        pieces: list[list] = []                       # [start, end, page]
        for (s, e, _), block in zip(self.spans, self.blocks):
            a, b = max(s, start), min(e, end)
            if a >= b:
                continue
            if pieces and pieces[-1][2] == block.loc.page:
                pieces[-1][1] = b
            else:
                pieces.append([a, b, block.loc.page])
        if len(pieces) <= 1:
            return start, end
        first = pieces[0]
        if first[1] - first[0] >= MIN_QUOTE_CHARS:      # keep the sentence's opening, where its verb is
            return first[0], first[1]
        a, b, _ = max(pieces, key=lambda piece: piece[1] - piece[0])
        return a, b

    @cached_property
    def _sentences(self) -> list[tuple[int, int, list[Clause]]]:
        groups: dict[int, list[Clause]] = {}
        for c in self.clauses:
            groups.setdefault(c.sentence, []).append(c)
        return [(cs[0].start, cs[-1].end, cs) for _, cs in sorted(groups.items())]

    def sentences(self) -> list[tuple[int, int, list[Clause]]]:
        """Sentences as (start, end, clauses), in order."""
        return self._sentences


@dataclass
class DocView:
    evidence: Evidence
    file: str
    title: str
    title_blocks: tuple[Block, ...]
    kind: str
    draft: bool
    date: dt.date | None
    years: frozenset[int]                 # years the document is about (title words, else its date)
    roles: frozenset[str]
    foreign: bool
    passages: list[Passage] = field(default_factory=list)
    people: frozenset[str] = frozenset()
    sections: list[Section] = field(default_factory=list)
    period: tuple[int, int] | None = None         # the years it says it is for (2015—2017年)
    tables: list[Table] = field(default_factory=list)
    assessed_year: int | None = None              # the case's assessment year (what "in force" is for)
    starts: int | None = None                     # the year it says it takes effect (本办法自…起施行)
    issued: bool = False                          # it, or the notice that carries it, bears a 文号
    covers: tuple[dt.date, dt.date] | None = None  # the months it says it records (2019年10月…登记)

    @cached_property
    def passage_of_block(self) -> dict[int, Passage]:
        """The passage holding each block index (a table row's cells, a paragraph's lines)."""
        return {i: p for p in self.passages for _, _, i in p.spans}

    def row_of(self, p: Passage) -> tuple[Table, int] | None:
        """The table whose row ``p`` is, with the row's index in ``Table.rows``, or None."""
        first = p.spans[0][2]
        for t in self.tables:
            for k, idx in enumerate(t.row_blocks):
                if first in idx:
                    return t, k
        return None

    def provision_of(self, p: Passage) -> str | None:
        """The heading of the numbered provision holding ``p`` when it names its matter in a few
        words (四、（二）外派进修待遇): such a provision is a rule of its own, whatever the kind
        of the document it sits in."""
        if p.section is None or p.section >= len(self.sections):
            return None
        heading = self.sections[p.section].heading.strip()
        return heading if 2 <= len(heading) <= 12 and not re.search(r"[，。；]", heading) else None

    @cached_property
    def full_text(self) -> str:
        return "\n".join(p.text for p in self.passages)

    @cached_property
    def _squashed_all(self) -> str:
        # a spreadsheet or a photo has no title line: its file and sheet names are its title
        names = "" if self.title else self.file.rsplit("/", 1)[-1] + "".join(
            sorted({b.loc.sheet for p in self.passages for b in p.blocks if b.loc.sheet}))
        return re.sub(r"\s+", "", simplified(self.title + names + self.full_text))

    def holding(self, groups: list[list[str]]) -> list[Passage]:
        """The passages holding some group of ``groups`` (``Passage.holds_any``), in order.

        Each group is looked up once per view: the rulebook's literal index gives, per piece,
        the passages that hold it, so a group's candidates are found by set operations and
        only they are searched with the group's patterns; the answer is kept for the next
        check that asks for the same group."""
        index = active_index()
        if index is None:
            return [p for p in self.passages if p.holds_any(groups)]
        memo = self.__dict__.get("_holding")
        if memo is None or memo[0] is not index:
            by_piece: dict[str, set[int]] = {}
            for i, p in enumerate(self.passages):
                for piece in p.present(index):
                    by_piece.setdefault(piece, set()).add(i)
            memo = self.__dict__["_holding"] = (index, by_piece, {})
        _, by_piece, found = memo
        held: set[int] = set()
        for group in groups:
            key = tuple(group)
            got = found.get(key)
            if got is None:
                candidates: set[int] = set()
                for synonym in group:
                    pieces = index.pieces.get(synonym)
                    if pieces is None:
                        candidates = set(range(len(self.passages)))
                        break
                    common = set(by_piece.get(pieces[0], ()))
                    for piece in pieces[1:]:
                        common &= by_piece.get(piece, set())
                    candidates |= common
                got = found[key] = frozenset(
                    i for i in candidates if find_group(self.passages[i].squashed.text, group))
            held |= got
        return [self.passages[i] for i in sorted(held)]

    def mentions(self, groups: list[list[str]]) -> bool:
        """Every concept group named somewhere in the title or the text."""
        return match_all(self._squashed_all, groups) is not None

    @property
    def is_plan(self) -> bool:
        return self.kind in PLAN_KINDS

    def label(self) -> str:
        """《title》 or the file name, for reasons."""
        return f"《{self.title}》" if self.title else f"“{self.file}”"


_FILE_NUMBER = re.compile(r"^(?:[A-Za-z]?\d{1,3}(?:[-_.．、\s]\d{1,3})*[-_.．、\s]+|附件\d*[-_.．、：:\s]*|扫描件?[-_]?)")


def file_title(path: str) -> str:
    """What a unit called a file without a title line (a spreadsheet, a photo): its name
    without the folder, the extension and a leading number (03-…, 附件2-…)."""
    name = path.rsplit("/", 1)[-1]
    name = name.rsplit(".", 1)[0] if "." in name else name
    name = _FILE_NUMBER.sub("", name).strip()
    return "" if re.fullmatch(r"[\w\s-]*", name, flags=re.ASCII) or re.fullmatch(r"扫描\d*|IMG_?\d*|图片\d*", name) else name


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def title_years(title: str) -> set[int]:
    m = _YEAR_RANGE.search(title)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 10:
            return set(range(a, b + 1))
    return {int(y.group(0)) for y in _YEAR.finditer(title)}


def line_width(text: str) -> float:
    """How wide a printed line is, in full-width characters: digits, Latin letters and
    half-width punctuation take half a character (2017年3月 is 4.5 wide, not 7)."""
    t = text.strip()
    return sum(0.5 if ord(ch) < 0x2E80 and not unicodedata.east_asian_width(ch) in ("W", "F") else 1.0 for ch in t)


def make_passages(blocks: list[Block], known: dict[int, tuple[Clause, ...]] | None = None) -> list[Passage]:
    """One passage per block, except text that runs on: OCR lines that fill the
    line width, a PDF paragraph cut by a page break, and the cells of a table
    row. Page headers and footers (— 1 —) are left out. ``known`` gives the clauses of
    blocks by index (as ``extract`` split each block's simplified text): a passage of one
    such block takes them instead of splitting its text again."""
    full: dict[int | None, int] = {}
    for b in blocks:
        if b.kind == "ocr-line":
            full[b.loc.page] = max(full.get(b.loc.page, 0), line_width(b.text))
    content = [(i, b) for i, b in enumerate(blocks)
               if b.text.strip() and b.kind not in ("header", "footer")
               and (b.kind == "table-cell" or not _PAGE_NUMBER.match(b.text))]   # a cell's 210 is no page number
    last_on_page = {b.loc.page: i for i, b in content}
    first_on_page: dict[int | None, int] = {}
    for i, b in content:
        first_on_page.setdefault(b.loc.page, i)
    passages: list[Passage] = []
    current: list[tuple[int, Block]] = []

    def flush() -> None:
        if not current:
            return
        text, spans = "", []
        for i, b in current:
            if text and b.kind == "table-cell":
                text += CELL_GAP
            start = len(text)
            text += b.text
            spans.append((start, len(text), i))
        one = current[0][0] if len(current) == 1 else None
        passages.append(Passage(text, tuple(spans), tuple(b for _, b in current),
                                known=known.get(one) if known is not None and one is not None else None))
        current.clear()

    def runs_on(pi: int, prev: Block, i: int, b: Block) -> bool:
        if prev.kind == b.kind == "table-cell":
            # the cells of one table row read as one line: 组长 | 张三 | 院长, 9月2日 | 教学查房
            a, c = prev.loc, b.loc
            return (a.row is not None and (a.table, a.sheet, a.row, a.part) == (c.table, c.sheet, c.row, c.part))
        if prev.text.rstrip().endswith(tuple(SENTENCE_END)) or prev.kind != b.kind:
            return False
        if b.kind == "ocr-line" and prev.loc.page == b.loc.page:
            return line_width(prev.text) >= 0.85 * full.get(prev.loc.page, 0)
        if b.kind in ("paragraph", "ocr-line") and prev.loc.page is not None and b.loc.page == prev.loc.page + 1:
            return last_on_page.get(prev.loc.page) == pi and first_on_page.get(b.loc.page) == i
        return False

    for i, b in content:
        if current and not runs_on(current[-1][0], current[-1][1], i, b):
            flush()
        current.append((i, b))
    flush()
    return passages


def build_pool(evidence: list[Evidence], units: list[Unit], problems: list[Problem] | None = None,
               year: int | None = None) -> list[DocView]:
    views: list[DocView] = []
    for ev in evidence:
        if not ev.document.blocks:
            continue
        # a web page's furniture (navigation, share links) is no part of the document
        blocks = [replace(b, text="") if i in ev.skip else b for i, b in enumerate(ev.document.blocks)]
        spans = [(ev.meta, 0, len(blocks) - 1)]
        own = blocks
        if ev.parts and ev.parts[-1].last_block < len(blocks) - 1:
            # documents appended inside (附表：…计划): the carrier keeps the rest of its text
            inside = {i for p in ev.parts for i in range(p.first_block, p.last_block + 1)}
            own = [replace(b, text="") if i in inside else b for i, b in enumerate(blocks)]
            spans = [(ev.meta, 0, len(blocks) - 1)] + [(p.meta, p.first_block, p.last_block) for p in ev.parts]
        elif ev.parts:
            first = ev.parts[0].first_block
            spans = [(ev.meta, 0, first - 1)] + [(p.meta, p.first_block, p.last_block) for p in ev.parts]
        for meta, lo, hi in spans:
            try:
                views.append(_view(ev, meta, own if meta is ev.meta else blocks, lo, hi, units, year))
            except Exception as exc:  # noqa: BLE001 - an odd document is left out, never the case
                if problems is not None:
                    problems.append(Problem(ev.document.file, "evaluate",
                                            f"文件“{ev.document.file}”未能参与核查（{type(exc).__name__}），请人工查看"))
    _roles_from_people(views)
    return views


def _body_year(blocks: list[Block]) -> set[int]:
    """An undated paper whose full dates (2016年6月21日) all fall in one year is of that year
    (a 通报 of a visit, a scanned record without its date line); else no year."""
    years = {d.year for b in blocks[:40] for d in find_dates(b.text) if d.year and d.month and d.day}
    return years if len(years) == 1 else set()


def _view(ev: Evidence, meta, blocks: list[Block], lo: int, hi: int, units: list[Unit],
          year: int | None = None) -> DocView:
    gw = ev.gongwen
    title = (meta.title or "").strip() or file_title(ev.document.file)
    title_block = next((b for b in blocks if meta.title_loc and b.loc == meta.title_loc), None)
    title_blocks: tuple[Block, ...] = (title_block,) if title_block else ()
    if gw.title is not None and meta.title_loc == gw.title.loc and gw.title.blocks:
        title_blocks = tuple(blocks[i] for i in gw.title.blocks)      # a title over two lines
    date = parse_iso(meta.date)
    # the short line right under the title: a byline (…宣传科) or a period line (普外科 2019年3—4月)
    under = _under_title(blocks, lo, hi, title_blocks)
    # an undated record whose title names no year takes it from its period line
    years = title_years(title) or ({date.year} if date else ((title_years(under) if under else set())
                                                             or _body_year(blocks[lo:hi + 1])))
    issuers = [t for t in (meta.issuer, gw.issuer_mark.value if gw.issuer_mark else None,
                           gw.signature.value if gw.signature else None) if t]
    # the signing lines: short lines at the end (a long line naming a unit is a sentence)
    # (a table's last cells are no signature; 编制：… / 制表：… / 填报单位：… name the maker)
    closing = [b.text.strip() for b in blocks[max(lo, hi - 3):hi + 1] if b.kind != "table-cell"]
    signing = [_LABEL.sub("", t) for t in closing
               if len(t) <= SIGNATURE_CHARS and not re.search(r"[，,。；;]", t) and not _KEPT_BY.search(t)]
    # the maker's line under the title (宣传报道汇编 / 岭东市人民医院宣传科) names who compiled it
    signing += [_LABEL.sub("", under.strip("（）() "))] if under else []
    # a maker's label among the last lines, however long the line (填表单位：某院医务科　填表日期：…)
    signing += [m.group(1) for t in closing for m in _MAKER.finditer(t)]
    roles: set[str] = set()
    for text in issuers + signing:
        roles |= roles_from_issuer(text, units)
    roles |= roles_from_title(title, units)
    # a copy the unit keeps of someone else's document (…医政科复印备查) is not the unit's own
    kept = any(_KEPT_BY.search(t) for t in closing)
    foreign = not roles and (any(is_foreign(t, units) for t in issuers) or higher_scope(title) or kept)
    if meta is not ev.meta and "转发" in (ev.meta.title or ""):
        # a forwarded document keeps its own issuer: the province's plan is not the city's
        own = roles_from_issuer(meta.issuer or "", units) if meta.issuer != ev.meta.issuer else set()
        roles = own
        foreign = not own and (higher_scope(title) or is_foreign(meta.issuer or "", units)
                               or meta.issuer == ev.meta.issuer)
    if meta.kind == "协议":
        # an agreement is the case's when its parties are: another pair's agreement is not
        named = parties([b.text for b in blocks[lo:hi + 1][:80]])
        party_roles = set().union(*(roles_from_issuer(n, units) for n in named)) if named else set()
        if any(is_foreign(n, units) for n in named):
            roles, foreign = set(), True
        else:
            roles |= party_roles
    people = {el.value for el in (gw.signer,) if el}
    for m in ev.meetings:
        if m.host:
            people.add(m.host.value)
    own = blocks[lo:hi + 1]
    secs = sections(own)
    split: dict[int, list[Clause]] = {}
    for lc in ev.clauses:
        if lo <= lc.block <= hi:
            split.setdefault(lc.block - lo, []).append(lc.clause)
    known = {i: tuple(split.get(i, ())) for i, b in enumerate(own) if b.text.strip()}
    passages = make_passages(own, known)
    owner = innermost(secs, len(own))
    grids = tables(own)
    # a task table's rows are plans; in a rule in force (办法, 制度) a table that says who does what
    # (服务 | 内容 | 责任部门) with no deadline is how the rule assigns the duties
    rule = meta.kind in RULE_KINDS
    planned = {i for t in grids if t.is_plan and not (rule and not t.has_deadline)
               for row in t.row_blocks for i in row}
    status: dict[int, str] = {}            # first block of a row -> what its status column says
    plan_cells: set[int] = set()           # cells under a 计划建设 / 年度目标 column
    topic_cells: set[int] = set()          # cells under a 议题 / 主题 column: what an event was to be about
    for t in grids:
        plans = t.plan_columns()
        topics = t.topic_columns()
        for row, idx in zip(t.rows, t.row_blocks):
            said = t.row_status(row)
            if said:
                status[idx[0]] = said
            if plans and own[idx[0]].kind == "table-cell":
                plan_cells |= {i for i in idx if own[i].loc.col is not None and own[i].loc.col - 1 in plans}
            if topics and own[idx[0]].kind == "table-cell":
                topic_cells |= {i for i in idx if own[i].loc.col is not None and own[i].loc.col - 1 in topics}
    for p in passages:
        k = owner[p.spans[0][2]]
        p.section, p.goal = k, k is not None and secs[k].goal
        p.row_status = status.get(p.spans[0][2])
        if p.spans[0][2] in planned and p.row_status != "done":
            # a row of a task table (任务 / 牵头单位 / 完成时限) is a plan, unless it says it
            # is done: then its 完成时间 is when it was done
            p.goal = True
        p.plan_cells = frozenset(i for _, _, i in p.spans if i in plan_cells)
        p.topic_cells = frozenset(i for _, _, i in p.spans if i in topic_cells)
    text = "\n".join(p.text for p in passages)
    kind = meta.kind
    if not meta.title and title and kind == "其他":
        named = kind_of_title(title)
        kind = named[0] if named else kind
    return DocView(ev, ev.document.file, title, title_blocks, kind, meta.draft, date,
                   frozenset(years), frozenset(roles), foreign,
                   passages, frozenset(_names(people)), secs, period_of(simplified(title), simplified(text), date),
                   grids, year, in_force_year(simplified(text)),
                   bool(getattr(meta, "doc_number", None) or getattr(ev.meta, "doc_number", None)),
                   months_covered(simplified(title), simplified(under or "")))


def _under_title(blocks: list[Block], lo: int, hi: int, title_blocks: tuple[Block, ...]) -> str | None:
    """The short line right under the title that is no sentence, no addressee (…：) and no
    table cell: a byline or a period line."""
    if not title_blocks:
        return None
    last = next((i for i in range(lo, hi + 1) if blocks[i] is title_blocks[-1]), None)
    if last is None:
        return None
    nxt = next((b for b in blocks[last + 1:hi + 1] if b.text.strip()), None)
    if nxt is None or nxt.kind == "table-cell":
        return None
    text = nxt.text.strip()
    if len(text) > SIGNATURE_CHARS or text.endswith(("：", ":", "。", "；")) or re.search(r"[，,。；]", text):
        return None
    return text


def _names(values: set[str]) -> set[str]:
    out = set()
    for v in values:
        for name in re.split(r"[、，,；;\s]+", v):
            name = re.sub(r"(同志|院长|副院长|书记|主任|科长)$", "", name.strip())
            if 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name):
                out.add(name)
    return out


def _roles_from_people(views: list[DocView]) -> None:
    """A document with no known issuer takes the role of the people who sign or
    chair the documents of known role (a 院长 chairs his own hospital's meetings)."""
    known: dict[str, set[str]] = {}
    for v in views:
        if len(v.roles) == 1:
            for person in v.people:
                known.setdefault(person, set()).update(v.roles)
    for v in views:
        if v.roles or v.foreign:
            continue
        found = set()
        for person in v.people:
            if len(known.get(person, ())) == 1:
                found |= known[person]
        if len(found) == 1:
            v.roles = frozenset(found)
