"""extract(Document) -> Evidence: what the document is, who issued it, when, is it final.

- kind and title from pipeline.extract.kind / gongwen;
- 文号, issuer (发文机关标志, else the issuer named before 关于 in the title,
  else the 署名), 成文日期;
- the document date: the 成文日期; else the (first) meeting date; else a
  labelled date in the head (时间 2015年4月14日至16日 → the range's end);
- draft: a draft marker (征求意见稿, 送审稿 …) in the title or head lines or a
  page header.  （试行）/（暂行） are in force.  A draft has no 成文日期, so its
  date is None (the date written on it stays in ``gongwen.date``);
- parts: a 关于印发《X》的通知 followed by X itself gives X as a part of its own
  kind, whose 文号, issuer and date come from the notice;
- meetings, figures, and every clause with its modality and locator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Block, DocMeta, Document, Locator
from ..text.clauses import Clause, split_clauses
from ..text.dates import Date, find_dates
from ..text.lexicon import Lexicon, load
from ..text.variants import simplified
from . import gongwen as gw_mod
from . import webpage
from .figures import Figure, find_figures
from .gongwen import Element, Gongwen, labelled_values, squash, strip_title_tail
from .kind import KindResult, classify, kind_of_title
from .minutes import Meeting, find_meetings

_SPACES = " \t\u3000"
MEETING_KINDS = ("会议纪要", "会议记录")


@dataclass(frozen=True)
class Part:
    """An issued attachment: the document a 印发 notice carries."""

    meta: DocMeta
    first_block: int
    last_block: int            # inclusive


@dataclass(frozen=True)
class LocatedClause:
    clause: Clause
    block: int
    loc: Locator


@dataclass(frozen=True)
class LocatedFigure:
    figure: Figure
    block: int
    loc: Locator


@dataclass(frozen=True)
class Evidence:
    document: Document
    meta: DocMeta
    gongwen: Gongwen
    kind: KindResult
    parts: tuple[Part, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    figures: tuple[LocatedFigure, ...] = ()
    clauses: tuple[LocatedClause, ...] = ()
    date_source: str | None = None      # 成文日期 | 会议时间 | 标注日期 | 网页信息栏 | None
    in_force_marker: str | None = None  # 试行 / 暂行 when the title carries one (in force, not a draft)
    skip: frozenset[int] = frozenset()  # blocks that are no part of the document (a web page's furniture)
    news: bool = False                  # a media item: a news page, a newspaper clipping, a TV report


def is_draft(texts: list[str], lex: Lexicon | None = None) -> bool:
    """True when one of ``texts`` (title, head lines) carries a draft marker."""
    lex = lex or load()
    return any(m in squash(t) for t in texts for m in lex.draft_markers)


def _head_texts(blocks: list[Block], gw: Gongwen, lex: Lexicon) -> list[str]:
    """Title, the lines above it and page headers: where a draft marker counts."""
    texts = []
    if gw.title:
        texts.append(gw.title.value)
        limit = max(gw.title.blocks) + 1
    else:
        limit = 3
    texts += [b.text for b in blocks[:limit] if b.text.strip()]
    texts += [b.text for b in blocks if b.kind == "header" or b.loc.part == "header"]
    return texts


def _issuer(gw: Gongwen) -> str | None:
    if gw.issuer_mark:
        return gw.issuer_mark.value
    if gw.title and "关于" in gw.title.value:
        head = gw.title.value.split("关于", 1)[0]
        if 2 <= len(head) <= 40:
            return head
    if gw.signature:
        return gw.signature.value
    return None


def _carried_issuer(notice_title: str, carried: str) -> str | None:
    """The issuer a forwarded document names (关于转发《国家卫生健康委关于…的通知》的通知):
    forwarding another body's document does not make it the forwarder's own."""
    if "转发" not in notice_title or "关于" not in carried:
        return None
    head = carried.split("关于", 1)[0].strip("《》 ")
    return head if 2 <= len(head) <= 40 else None


def _header_cell(blocks: list[Block], i: int) -> bool:
    """Block ``i`` is a cell of a table row that has other filled cells (a header row)."""
    b = blocks[i]
    if b.kind != "table-cell" or b.loc.row is None:
        return False
    same_row = [x for x in blocks if x.kind == "table-cell" and x.text.strip() and x is not b
                and (x.loc.sheet, x.loc.table, x.loc.row) == (b.loc.sheet, b.loc.table, b.loc.row)]
    return bool(same_row)


def _year_hint(blocks: list[Block]) -> int | None:
    for b in blocks[:20]:
        for d in find_dates(b.text):
            if d.year:
                return d.year
    return None


def _labelled_date(blocks: list[Block], lex: Lexicon) -> tuple[Date, int] | None:
    labels = lex.gongwen.get("date_labels") or []
    head = blocks[:40]
    for _label, value, i in labelled_values(head, labels):
        ds = [d for d in find_dates(value) if d.year]
        if ds and ds[0].last().precision == "day":
            return ds[0].last(), i
    return None


# 附表：2016年度对口支援工作计划 / 附件2：…管理制度 / 附：… — a document appended inside another
_APPENDED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])?"
                       r"(?:附表|附件|附)[ \u3000]*(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?![0-9])[ \u3000]*[:：]?|[:：]|[ \u3000])"
                       r"[ \u3000]*(?P<title>\S.{3,60})$")
def _not_body(lex: Lexicon) -> tuple[str, ...]:
    """Openings of lines that are no body of a document (联系人, 抄送, （此件…）."""
    gw = lex.gongwen
    return tuple(gw.get("contact", [])) + tuple(gw.get("note_open", [])) + tuple(gw.get("cc", [])) \
        + tuple(gw.get("printed_by", []))


_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_ATTACHMENT_MARK = re.compile(r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]*[:：]?$")


def _appended_parts(blocks: list[Block], gw: Gongwen, lex: Lexicon, carrier_draft: bool = False,
                    also_listed: set[int] = frozenset()) -> list[Part]:
    """Documents appended inside a report or minutes (附表：2016年度对口支援工作计划, 附件：…制度)
    whose title names a kind: each is read as a document of its own, with the issuer and
    date of the document that carries it. It runs to the next appended document, or to the
    next top heading (二、) when the appended one sits inside a numbered sequence, or to the end.
    The 附件说明 list of a notice (附件：1.… 2.… then the 署名) is no such document: an
    appended one has a body of its own (a table, paragraphs)."""
    listed = {a.block for a in gw.attachments} | set(also_listed)
    closing = {e.block for e in (gw.signature, gw.date) if e is not None}
    starts = []                     # (first block, title, title block)
    adopted: set[str] = set()       # titles the document adopts (审议通过《…》), so far
    whole: set[int] = set()         # starts that are whole documents, not items of a sequence
    for i, b in enumerate(blocks):
        if b.kind == "table-cell":
            continue
        m = _APPENDED.match(re.sub(r"\s+", " ", b.text.strip()))
        line = squash(b.text).strip("《》")
        _note_adopted(b.text, adopted)
        if not m and line in adopted:
            # 会议…审议通过《X工作计划》 … then X's title on a line of its own: X itself follows,
            # a document of its own (its 一、二、 are its own, not the carrier's sequence)
            title, at = line, i
            whole.add(i)
        elif m:
            title, at = squash(m.group("title")).strip("《》"), i
        elif _ATTACHMENT_MARK.match(squash(b.text)):
            # 附件2 alone on its line, the attachment's title on the next (the 公文 layout)
            at = next((j for j in range(i + 1, min(i + 3, len(blocks))) if blocks[j].text.strip()
                       and blocks[j].kind not in ("footer", "header")), None)
            if at is None or blocks[at].kind == "table-cell":
                continue
            title = squash(blocks[at].text).strip("《》")
        else:
            continue
        if kind_of_title(title, lex) and not title.endswith(("。", "；")):
            starts.append((i, title, at))
    return _parts_from(starts, blocks, gw, lex, carrier_draft, listed, closing, whole)


def _note_adopted(text: str, adopted: set[str]) -> None:
    flat = squash(text)
    for rx in (_ADOPTS, _ISSUES):
        for m in rx.finditer(flat):
            adopted.add(m.group(1))


# 现将《X》印发给你们 in a notice whose title does not say 印发 (关于开展…试点工作的通知)
_ISSUES = re.compile(r"(?:现将|特将|将)《([^《》]{6,80})》(?:予以)?(?:印发|下发|发)给")


_ADOPTS = re.compile(r"(?:审议通过|讨论通过|原则通过|表决通过|研究通过|会议通过|通过了)《([^《》]{6,80})》")


def _parts_from(starts, blocks: list[Block], gw: Gongwen, lex: Lexicon, carrier_draft: bool,
                listed: set[int], closing: set[int], whole: set[int]) -> list[Part]:
    if not starts:
        return []
    issuer = _issuer(gw)
    date = gw.date.value if gw.date else None
    date_loc = gw.date.loc if gw.date else None
    numbered = any(_TOP_HEADING.match(squash(b.text)) for b in blocks[:starts[0][0]])
    parts = []
    for k, (i, title, at) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(blocks) - 1
        if numbered and i not in whole and not any(c < i for c in closing):   # after the 署名: its own
            nxt = next((j for j in range(i + 1, end + 1) if blocks[j].kind != "table-cell"
                        and _TOP_HEADING.match(squash(blocks[j].text))), None)
            end = nxt - 1 if nxt is not None else end
        body = [squash(blocks[j].text) for j in range(at + 1, end + 1)
                if j not in closing | listed and blocks[j].kind not in ("footer", "header")]
        body = [t for t in body if t and not t.startswith(_not_body(lex))]
        if not body:
            continue            # only listed attachments, a contact line, the 署名 and the date: a 附件说明
        ck = kind_of_title(title, lex)
        draft = carrier_draft or is_draft([title], lex)     # a draft's appendix is a draft too
        number = gw.doc_number if i in whole else None      # what the carrier adopts or issues bears its 文号
        parts.append(Part(DocMeta(kind=ck[0], title=title,
                                  doc_number=number.value if number else None,
                                  doc_number_loose=gw.doc_number_loose if number else False,
                                  issuer=issuer, date=None if draft else date, draft=draft,
                                  title_loc=blocks[at].loc, date_loc=None if draft else date_loc),
                          i, end))
    return parts


def _sheet_parts(blocks: list[Block], gw: Gongwen, lex: Lexicon) -> list[Part]:
    """A workbook's sheets after the first that carry a title of their own (a title row of one
    cell, else the sheet's name) naming a kind of document or a draft: each is a document of
    its own (考核办法（征求意见稿） beside a 药学协作 register), with the workbook's issuer and
    date. The first sheet stays the workbook's own text."""
    sheets: list[list] = []                        # [name, first block, last block]
    for i, b in enumerate(blocks):
        name = b.loc.sheet
        if name is None:
            continue
        if sheets and sheets[-1][0] == name:
            sheets[-1][2] = i
        else:
            sheets.append([name, i, i])
    if len(sheets) < 2:
        return []
    issuer = _issuer(gw)
    parts = []
    for name, lo, hi in sheets[1:]:
        first = [j for j in range(lo, hi + 1) if blocks[j].loc.row == blocks[lo].loc.row and blocks[j].text.strip()]
        head = squash(blocks[first[0]].text).strip("《》") if len(first) == 1 else ""
        candidates = [(t, at) for t, at in ((head, first[0] if first else None), (squash(name), None)) if t]
        draft = is_draft([t for t, _ in candidates], lex)
        named = next(((t, at) for t, at in candidates if (kind_of_title(t, lex) or ("其他",))[0] != "其他"), None)
        if named is None and not draft:
            continue                               # a sheet of the same register (2019年, 2020年)
        title, at = named or candidates[0]
        ck = kind_of_title(title, lex)
        date = gw.date.value if gw.date else None
        parts.append(Part(DocMeta(kind=ck[0] if ck else "其他", title=title, doc_number=None,
                                  doc_number_loose=False, issuer=issuer,
                                  date=None if draft else date, draft=draft,
                                  title_loc=blocks[at].loc if at is not None else None,
                                  date_loc=None if draft or not gw.date else gw.date.loc),
                          lo, hi))
    return parts


def _find_part(blocks: list[Block], start: int, carried: str, lex: Lexicon) -> int | None:
    """Index of the block that repeats the carried title (X's own first page)."""
    target = strip_title_tail(carried, lex)
    for i in range(start, len(blocks)):
        s = squash(blocks[i].text).strip("《》")
        if not s or len(s) > len(squash(carried)) + 30:
            continue
        core = strip_title_tail(s, lex)
        if core and (core == target or (len(core) >= 6 and target.endswith(core))):
            return i
    return None


def _meta_for(gw: Gongwen, kind: str, title: str | None, draft: bool, date: str | None,
              date_loc: Locator | None, issuer: str | None, doc_number: Element | None,
              loose: bool) -> DocMeta:
    return DocMeta(
        kind=kind, title=title,
        doc_number=doc_number.value if doc_number else None,
        doc_number_loose=loose if doc_number else False,
        issuer=issuer, date=None if draft else date, draft=draft,
        title_loc=gw.title.loc if gw.title else None,
        date_loc=None if draft else date_loc,
    )


def _with_box(meta: DocMeta, box: "webpage.WebBox", blocks: list[Block], lex: Lexicon) -> DocMeta:
    """A web printout's metadata from its 索引号/发文机关/成文日期 box, over what the page's layout gave."""
    title = box.title() or meta.title
    kind = meta.kind
    if box.title():
        k = kind_of_title(box.title(), lex)
        kind = k[0] if k else kind
    number = gw_mod.parse_doc_number(box.doc_number() or "") if box.doc_number() else None
    date = box.date()
    return replace(meta, title=title, kind=kind,
                   issuer=box.issuer() or meta.issuer,
                   doc_number=number.value if number else meta.doc_number,
                   doc_number_loose=number.loose if number else meta.doc_number_loose,
                   date=None if meta.draft else (date.iso() if date else meta.date),
                   date_loc=blocks[box.blocks[0]].loc if date and not meta.draft else meta.date_loc)


def extract(doc: Document, lex: Lexicon | None = None) -> Evidence:
    """Everything a reviewer asks first of one document, with locators."""
    lex = lex or load()
    # read as simplified (traditional characters match the lexicon); a web printout's
    # furniture (navigation, share links, the browser's header) is blanked, its box read
    blocks = [replace(b, text=simplified(b.text)) for b in doc.blocks]
    web_box = webpage.box(blocks) if webpage.is_webpage(blocks) else None
    skip = frozenset(webpage.chrome(blocks) | set(web_box.blocks if web_box else ())) \
        if web_box is not None or webpage.is_webpage(blocks) else frozenset()
    news = webpage.is_news(blocks)
    blocks = [replace(b, text="") if i in skip else b for i, b in enumerate(blocks)]
    gw = gw_mod.parse(blocks, lex)
    if gw.title is not None and _header_cell(blocks, gw.title.block):
        gw = replace(gw, title=None)       # a table's header cell (姓名) is no title
    title = gw.title.value if gw.title else None
    kres = classify(title, blocks, doc.file, lex)

    # an issued attachment: the carried document's own text after the notice
    parts: list[Part] = []
    notice_gw = gw
    if kres.carried_title and gw.title:
        j = _find_part(blocks, max(gw.title.blocks) + 1, kres.carried_title, lex)
        if j is not None:
            notice_gw = gw_mod.parse(blocks[:j], lex)
            part_gw = gw_mod.parse(blocks[j:], lex)
            ck = kind_of_title(kres.carried_title, lex)
            part_title = part_gw.title.value if part_gw.title else kres.carried_title
            part_draft = is_draft([part_title], lex)
            pdate = part_gw.date or notice_gw.date
            date_loc = (blocks[j + part_gw.date.block].loc if part_gw.date
                        else notice_gw.date.loc if notice_gw.date else None)
            part_meta = DocMeta(
                kind=ck[0] if ck else "其他", title=part_title,
                doc_number=notice_gw.doc_number.value if notice_gw.doc_number else None,
                doc_number_loose=notice_gw.doc_number_loose,
                issuer=_carried_issuer(gw.title.value, kres.carried_title) or _issuer(notice_gw),
                date=None if part_draft or pdate is None else pdate.value,
                draft=part_draft,
                title_loc=blocks[j].loc,
                date_loc=None if part_draft else date_loc,
            )
            parts.append(Part(part_meta, j, len(blocks) - 1))

    draft = is_draft(_head_texts(blocks, gw, lex), lex)
    if kres.carried_title and is_draft([kres.carried_title], lex):
        draft = True
    by_sheet = False
    if not parts:
        parts = _appended_parts(blocks, gw, lex, draft)
        if not parts and doc.source == "xlsx":
            parts = _sheet_parts(blocks, gw, lex)
            by_sheet = bool(parts)
    else:
        # the issued document's own appendices (附件2 …工作规范 after the 行动计划): documents of
        # their own, the issued document ending before the first of them
        first = parts[0].first_block
        own = gw_mod.parse(blocks[first:], lex)          # the issued document's own 附件说明 and 署名
        also = {a.block + first for a in own.attachments} | {e.block + first for e in (own.signature, own.date) if e}
        inner = [p for p in _appended_parts(blocks, notice_gw, lex, draft, also) if p.first_block > first]
        if inner:
            parts = [replace(parts[0], last_block=inner[0].first_block - 1)] + inner
    year_hint = _year_hint(blocks)
    meetings = find_meetings(blocks, year_hint, lex)

    date_el = notice_gw.date
    date_source = None
    date_iso, date_loc = None, None
    if date_el is not None:
        date_iso, date_loc, date_source = date_el.value, date_el.loc, "成文日期"
    else:
        # a meeting date is the document date only for minutes; a report's
        # 时间 2015年4月14日至16日 is a labelled date (its end counts)
        dated = next((m for m in meetings if m.iso_date), None) if kres.kind in MEETING_KINDS else None
        if dated is not None:
            date_iso, date_loc, date_source = dated.iso_date, dated.date_field.loc, "会议时间"
        else:
            ld = _labelled_date(blocks, lex)
            if ld is not None:
                date_iso, date_loc, date_source = ld[0].iso(), blocks[ld[1]].loc, "标注日期"

    meta = _meta_for(gw, kres.kind, title, draft, date_iso, date_loc, _issuer(notice_gw),
                     notice_gw.doc_number, notice_gw.doc_number_loose)
    if by_sheet and not meta.title and meta.kind in {p.meta.kind for p in parts}:
        # the file's name (医共体药学协作及考核办法) names a sheet that is a document of its own
        # (考核办法（征求意见稿）): the rest is the first sheet's, named by that sheet
        first = next(b.loc.sheet for b in blocks if b.loc.sheet is not None)
        named = kind_of_title(squash(first), lex)
        meta = replace(meta, title=squash(first), kind=named[0] if named else "其他")
    if web_box is not None:
        meta, date_source = _with_box(meta, web_box, blocks, lex), date_source
        if web_box.date() is not None and not meta.draft:
            date_source = "网页信息栏"

    clauses: list[LocatedClause] = []
    figures: list[LocatedFigure] = []
    for i, b in enumerate(blocks):
        if not b.text.strip(_SPACES + "\n"):
            continue
        for c in split_clauses(b.text, lex):
            clauses.append(LocatedClause(c, i, b.loc))
        for f in find_figures(b.text, lex):
            figures.append(LocatedFigure(f, i, b.loc))
    return Evidence(
        document=doc, meta=meta, gongwen=gw, kind=kres, parts=tuple(parts),
        meetings=tuple(meetings), figures=tuple(figures), clauses=tuple(clauses),
        date_source=None if draft else date_source,
        in_force_marker=next((w for w in lex.in_force_markers if title and w in title), None),
        skip=skip,
        news=news,
    )
