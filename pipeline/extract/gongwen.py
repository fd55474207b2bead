"""公文 elements (GB/T 9704-2012) read from a Document's blocks, each with its locator.

The head of a document holds the 发文机关标志 (``北山市卫生健康委员会文件``),
the 发文字号 and 签发人, the 标题 (possibly over two or three lines) and the
主送机关 (a line ending in ：).  The end holds the 附件说明, the 署名, the
成文日期 (a line that is nothing but a date), 印章 remarks, 附注, 抄送 and the
印发机关和印发日期.  A date inside a body sentence is never the 成文日期.
Heading levels of the body (一、 （一） 1. （1） 第X条) are listed too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Locator
from ..text.dates import Date, date_line, find_dates
from ..text.lexicon import Lexicon, load

_SPACES = " \t\u3000"
_PAREN_TAIL_RE = re.compile(r"(?:[（(][^（）()]{1,24}[)）][ \t\u3000]*)+$")
# a bracketed maker's line under a title: （某某医院办公室） （某某医院宣传科 2016年12月）
_BYLINE_RE = re.compile(r"[（(][^（）()]{2,30}(?:医院|卫生院|办公室|委员会|卫健委|卫计委|局|科|部|处|中心)"
                        r"(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?)?[）)]")
_NUMBERING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|"
                           r"\d+[.．、]|（\d+）|\(\d+\)|第[一二三四五六七八九十百\d]+[条章部节])")
_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
    (1, re.compile(r"^第[一二三四五六七八九十百]+(?:部分|章)")),
    (2, re.compile(r"^第[一二三四五六七八九十百\d]+条")),
)
_SECRECY = ("特急", "加急", "平急", "紧急", "机密", "秘密", "绝密", "内部", "★")

# 文号: 机关代字 + 〔年份〕 + 序号 + 号.  The loose forms use other brackets, 第, or no bracket.
_CODE = r"(?P<code>[\u4e00-\u9fa5A-Za-z]{1,16}?)"
_DOCNO_BRACKET_RE = re.compile(
    r"(?:^|(?<=[\s：:]))" + _CODE +
    r"[ \t\u3000]*(?P<open>[〔［\[(（【｛{]{1,2})[ \t\u3000]*(?P<year>(?:19|20)\d{2})[ \t\u3000]*(?P<close>[〕］\])）】｝}]{1,2})"
    r"[ \t\u3000]*(?P<di>第)?[ \t\u3000]*(?P<num>\d{1,5})[ \t\u3000]*号")
_DOCNO_BARE_RE = re.compile(
    r"(?:^|(?<=[\s：:]))" + _CODE +
    r"[ \t\u3000]*(?P<year>(?:19|20)\d{2})[ \t\u3000]*(?P<sep>年|-|—|－)?[ \t\u3000]*(?P<di>第)?"
    r"[ \t\u3000]*(?P<num>\d{1,5})[ \t\u3000]*号")
# words before a cited 文号 in a sentence: 根据北卫发〔2017〕9号文件
_CITING = ("根据", "按照", "依据", "依照", "遵照", "参照", "贯彻", "落实", "执行", "见", "详见")
_SIGNER_RE = re.compile(r"签\s*发\s*人?\s*[:：]\s*(?P<name>[\u4e00-\u9fa5·\s]{2,12}?)\s*$")


@dataclass(frozen=True)
class DocNumber:
    value: str          # normalised: 代字〔年〕号
    raw: str            # as written
    loose: bool         # written with [] () 【】, 第, or without brackets
    start: int
    end: int


@dataclass(frozen=True)
class Element:
    """One 公文 element: its value, the block(s) it came from and their locator."""

    name: str
    value: str
    loc: Locator
    block: int                      # index of the (first) block in Document.blocks
    blocks: tuple[int, ...] = ()    # all blocks it spans (title over two lines)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    loc: Locator
    block: int


@dataclass(frozen=True)
class Gongwen:
    issuer_mark: Element | None = None      # 发文机关标志 (value: the issuer, 文件 removed)
    doc_number: Element | None = None       # value normalised; raw in doc_number_raw
    doc_number_raw: str | None = None
    doc_number_loose: bool = False
    signer: Element | None = None           # 签发人
    title: Element | None = None
    addressee: Element | None = None        # 主送机关
    attachments: tuple[Element, ...] = ()   # 附件说明
    signature: Element | None = None        # 发文机关署名
    date: Element | None = None             # 成文日期 (value ISO)
    date_value: Date | None = None
    seal_remarks: tuple[Element, ...] = ()
    note: Element | None = None             # 附注
    cc: Element | None = None               # 抄送
    printed: Element | None = None          # 印发机关和印发日期 (value: the line)
    printed_date: Date | None = None
    contacts: tuple[Element, ...] = ()
    headings: tuple[Heading, ...] = ()


# a document the text says was issued, named with its 文号: 形成《2019年上半年对口支援工作意见》
# （齐一院对口办〔2019〕5号）; 印发了《…办法》(某卫发〔2018〕3号)
_ISSUED_RE = re.compile(r"(?P<verb>形成|印发|下发|出台|制定|发布|制发)(?:了)?\s*《(?P<title>[^《》]{4,60})》\s*[（(]?\s*"
                        r"(?P<no>[\u4e00-\u9fa5A-Za-z]{1,16}?\s*[〔［\[(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕］\])）】]"
                        r"\s*第?\s*\d{1,5}\s*号)")


def issued_with_number(text: str) -> list[tuple[str, str, int, int, int]]:
    """(title, 文号, year of the 文号, start, end) of each document ``text`` says was issued,
    named with its 文号 (形成《2019年上半年工作意见》（某办〔2019〕5号）): a record of the
    document that a reviewer can look up, not a plan to write one."""
    return [(m.group("title"), m.group("no"), int(m.group("year")), m.start(), m.end())
            for m in _ISSUED_RE.finditer(text or "")]


# a document saying what it is: 现就上半年情况提出工作意见如下; 本总结作为2019年度工作报告报…
_DESIGNATES_RE = re.compile(r"(?:^|[。；，,])\s*(?P<said>(?:现就|现将|特就|现对)[^。；：:]{2,40}?(?:提出|形成|报告|通报|印发|下发)"
                            r"[^。；：:]{0,16}|本(?:总结|报告|通报|文件|材料)(?:即)?作为[^。；：:，,]{2,30})")


def designation(text: str) -> tuple[int, int] | None:
    """The span of the words by which a document says what it is (现就上半年情况提出工作意见;
    本总结作为2019年度工作报告): it is that document, whatever its title says."""
    m = _DESIGNATES_RE.search(text or "")
    return (m.start("said"), m.end("said")) if m else None


def squash(text: str) -> str:
    """Text without spaces (PDF text layers put spaces inside Chinese lines)."""
    return "".join(ch for ch in text if ch not in _SPACES)


def parse_doc_number(text: str) -> DocNumber | None:
    """The first 文号 in ``text`` (a head line), strict or loose."""
    best = None
    for rx in (_DOCNO_BRACKET_RE, _DOCNO_BARE_RE):
        m = rx.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    g = best.groupdict()
    code = g["code"]
    if code.endswith("第") or code.startswith(_CITING):
        return None
    # OCR sometimes doubles a bracket (〔[2017〕): 〔 and 〕 present count as strict
    strict = "〔" in (g.get("open") or "") and "〕" in (g.get("close") or "") and not g.get("di")
    value = f"{code}〔{g['year']}〕{int(g['num'])}号"
    return DocNumber(value, best.group(0), not strict, best.start(), best.end())


def cited_doc_number(text: str) -> DocNumber | None:
    """A 文号 a cell or a line names, at its start or in brackets after a word
    (普外科主任（甘医发〔2019〕8号）): the document it refers to."""
    found = parse_doc_number(text)
    if found is not None:
        return found
    for m in re.finditer(r"[（(]", text):
        inner = parse_doc_number(text[m.end():])
        if inner is not None and inner.start == 0:
            return inner
    return None


# a table's title cell that names its maker after a space or its edition (…一览表（2018年版）　某市卫生健康委员会制)
_MAKER_TAIL = re.compile(r"(?:(?<=\S)[ \t\u3000]+|(?<=[）)]))(?:(?:编制|制表|填报)(?:单位)?[:：])?\S{2,30}?"
                         r"(?:委员会|卫生健康局|卫生局|医院|中心|办公室|卫生院|人民政府|政府|医务科|医务部|科|处)"
                         r"(?:制|编|编制|制表|印制|印)?$")


def strip_title_tail(title: str, lex: Lexicon | None = None) -> str:
    """The title without trailing parentheticals (（试行）（2017—2020年）（送审稿）) and draft markers."""
    lex = lex or load()
    t = squash(_MAKER_TAIL.sub("", title))
    for _ in range(3):
        t2 = _PAREN_TAIL_RE.sub("", t)
        for marker in lex.draft_markers:
            if t2.endswith(marker):
                t2 = t2[: -len(marker)]
        if t2 == t:
            break
        t = t2
    return t


def title_complete(text: str, lex: Lexicon | None = None) -> bool:
    """True when ``text`` ends like a title: in a kind word, or 关于…的X."""
    lex = lex or load()
    core = strip_title_tail(text, lex)
    if not core:
        return False
    core = re.sub(r"(?:汇编|选编|摘编|合集)$", "", core) or core       # 规章制度汇编 is a set of 制度
    return any(core.endswith(w) for w, _ in lex.kinds.synonyms)


def is_page_number(text: str, lex: Lexicon | None = None) -> bool:
    lex = lex or load()
    rx = lex.gongwen.get("page_number_re")
    s = text.strip(_SPACES)
    return bool(s) and bool(rx and rx.match(s))


def _lines(blocks: tuple[Block, ...] | list[Block], lex: Lexicon) -> list[int]:
    """Indexes of blocks that carry text (no page numbers, no page headers/footers)."""
    out = []
    for i, b in enumerate(blocks):
        if not b.text.strip(_SPACES + "\n"):
            continue
        if b.kind in ("header", "footer") or (b.loc.part in ("header", "footer")):
            continue
        if is_page_number(b.text, lex):
            continue
        out.append(i)
    return out


def _el(name: str, value: str, blocks, i: int, span: tuple[int, ...] = ()) -> Element:
    return Element(name, value, blocks[i].loc, i, span or (i,))


def _issuer_from_mark(text: str, lex: Lexicon) -> str | None:
    s = squash(text)
    for suffix in sorted(lex.gongwen.get("issuer_mark_suffixes", ["文件"]), key=len, reverse=True):
        if s.endswith(suffix) and len(s) > len(suffix) + 1 and len(s) <= 60:
            return s[: -len(suffix)]
    return None


def _is_org(text: str, lex: Lexicon) -> bool:
    s = squash(text)
    for remark in lex.gongwen.get("seal_remarks", []):
        s = s.replace(squash(remark), "")
    if not s or len(s) > 60 or any(p in s for p in "。；，,;"):
        return False
    return any(s.endswith(x) for x in lex.gongwen.get("org_suffixes", [])) or "甲方" in s or "乙方" in s


# a printed table's header line under a table's title (工作任务 责任单位 完成情况): three or more
# short labels apart, no title's continuation
_LABELS_LINE = re.compile(r"[^\s，。；：,;:]{1,8}(?:[ \t\u3000]+[^\s，。；：,;:]{1,8}){2,}")


def _title(blocks, lines: list[int], k0: int, lex: Lexicon) -> tuple[Element | None, int]:
    """Title starting at lines[k0]; returns (element, index in ``lines`` after it)."""
    if k0 >= len(lines):
        return None, k0
    first = blocks[lines[k0]].text.strip(_SPACES)
    if (first[-1] in "：:。；;，," or date_line(first) or _NUMBERING_RE.match(first)
            or len(squash(first)) > 80):
        return None, k0
    taken = [lines[k0]]
    joined = squash(first)
    k = k0 + 1
    while not title_complete(joined, lex) and k < len(lines) and len(taken) < 4:
        nxt = blocks[lines[k]].text.strip(_SPACES)
        if (nxt[-1] in "：:。；;" or date_line(nxt) or re.sub(r"\s+", "", nxt) in ("目录", "目次") or _NUMBERING_RE.match(nxt)
                or _LABELS_LINE.fullmatch(nxt)
                or len(joined) + len(squash(nxt)) > 90 or blocks[lines[k]].kind != blocks[taken[0]].kind):
            break
        taken.append(lines[k])
        joined += squash(nxt)
        k += 1
    if not title_complete(joined, lex) and "关于" not in joined:
        # no kind word: keep the first line alone when it reads as a heading
        taken, joined, k = [lines[k0]], squash(first), k0 + 1
        if len(joined) > 40:
            return None, k0
    # a parenthetical alone on the next line belongs to the title: （送审稿） （试行）
    while k < len(lines):
        nxt = squash(blocks[lines[k]].text)
        if _BYLINE_RE.fullmatch(nxt):
            break               # （西陵市中心医院办公室 2016年12月）: who wrote it, not the title
        if _PAREN_TAIL_RE.fullmatch(nxt) or nxt in lex.draft_markers:
            taken.append(lines[k])
            joined += nxt
            k += 1
        else:
            break
    return Element("标题", joined, blocks[taken[0]].loc, taken[0], tuple(taken)), k


def _date_candidates(blocks, lines: list[int], lex: Lexicon):
    """(block index, Date, inline signature or None) for every date-only line, last first."""
    for i in reversed(lines):
        b = blocks[i]
        if b.kind == "table-cell":
            continue
        text = b.text.strip(_SPACES)
        if any(w in text for w in lex.gongwen.get("printed_by", [])):
            continue
        d = date_line(text)
        if d is not None:
            yield i, d, None
            continue
        # 署名 and 成文日期 on one line: "北山市卫生健康委员会  2017年6月12日"
        ds = find_dates(text)
        if ds and ds[-1].precision == "day" and ds[-1].year and text.endswith(ds[-1].last().text):
            head = text[: ds[-1].start].strip(_SPACES)
            if head and _is_org(head, lex) and text[len(head): ds[-1].start].strip(_SPACES) == "" \
                    and ds[-1].start > len(head):
                yield i, ds[-1], head


def _after_signature(blocks, lines: list[int], i: int, lex: Lexicon) -> bool:
    """True when the line before block ``i`` (seal remarks and OCR crumbs skipped) is a 署名."""
    pos = lines.index(i)
    for j in reversed(lines[max(0, pos - 3):pos]):
        t = blocks[j].text.strip(_SPACES)
        if len(squash(t)) <= 2 or any(squash(r) == squash(t) for r in lex.gongwen.get("seal_remarks", [])):
            continue
        return _is_org(t, lex)
    return False


def _signature_and_date(blocks, lines: list[int], lex: Lexicon):
    """(date element, Date, signature element, seal remarks) from the end of the text.

    The 成文日期 is the last date-only line that follows a 署名; without a 署名
    anywhere, the last date-only line (a 纪要's date under its title, an
    unsigned agreement).  A date inside a sentence never qualifies.
    """
    candidates = list(_date_candidates(blocks, lines, lex))
    if not candidates:
        return None, None, None, ()
    chosen = next((c for c in candidates if c[2] is not None or _after_signature(blocks, lines, c[0], lex)),
                  candidates[0])
    date_idx, date_val, sig_inline = chosen
    date_el = _el("成文日期", date_val.iso() or "", blocks, date_idx)
    seals: list[Element] = []
    signature = None
    if sig_inline:
        signature = _el("发文机关署名", squash(sig_inline), blocks, date_idx)
    else:
        pos = lines.index(date_idx)
        for j in reversed(lines[max(0, pos - 3):pos]):
            t = blocks[j].text.strip(_SPACES)
            if any(squash(r) == squash(t) for r in lex.gongwen.get("seal_remarks", [])):
                seals.append(_el("印章", t, blocks, j))
                continue
            if _is_org(t, lex):
                value = squash(t)
                for remark in lex.gongwen.get("seal_remarks", []):
                    value = value.replace(squash(remark), "")
                signature = _el("发文机关署名", value, blocks, j)
            break
    return date_el, date_val, signature, tuple(seals)


def _stray_header(text: str) -> bool:
    """A first line that is no sentence (a running head, a journal's line, a file mark): a title
    may follow it."""
    return bool(text) and "。" not in text and text[-1] not in "；;！？!?"


def parse(blocks: tuple[Block, ...] | list[Block], lex: Lexicon | None = None) -> Gongwen:
    """All 公文 elements found in ``blocks`` (indexes refer to ``blocks``)."""
    lex = lex or load()
    blocks = list(blocks)
    lines = _lines(blocks, lex)
    gw = lex.gongwen
    found: dict = {}
    head_end = 0          # index in ``lines`` after the head elements
    for k, i in enumerate(lines[:8]):
        text = blocks[i].text.strip(_SPACES)
        s = squash(text)
        used = False
        if "issuer_mark" not in found and k < 3:
            issuer = _issuer_from_mark(text, lex)
            if issuer:
                found["issuer_mark"] = _el("发文机关标志", issuer, blocks, i)
                used = True
        if "doc_number" not in found and len(s) <= 60 and not s.endswith(("。", "：", ":")):
            dn = parse_doc_number(text)
            if dn and (dn.start == 0 or not text[: dn.start].strip(_SPACES)):
                found["doc_number"] = _el("发文字号", dn.value, blocks, i)
                found["doc_number_raw"] = squash(dn.raw)
                found["doc_number_loose"] = dn.loose
                used = True
        m = _SIGNER_RE.search(text)
        if "signer" not in found and m:
            found["signer"] = _el("签发人", squash(m.group("name")), blocks, i)
            used = True
        if not used and (s in _SECRECY or re.fullmatch(r"附件\d*[:：]?", s) or s.startswith("★")):
            used = True
        if used:
            head_end = k + 1
        elif ("doc_number" in found or "issuer_mark" in found or k >= 2 or title_complete(s, lex)
              or "关于" in s or s.endswith(("：", ":", "。"))):
            break
    title, after = _title(blocks, lines, head_end, lex)
    if title is None and head_end == 0 and lines and _stray_header(blocks[lines[0]].text.strip(_SPACES)):
        # a first line that is not a title (a stray header); try the second. A document that
        # opens with a sentence (日前，某区印发《…规划》…。) has no title line to find.
        title, after = _title(blocks, lines, 1, lex) if len(lines) > 1 else (None, 0)
    if title is not None:
        found["title"] = title
    else:
        after = head_end
    # 主送机关: the first line after the title that ends with ：
    for i in lines[after: after + 2]:
        t = blocks[i].text.strip(_SPACES)
        if t and t[-1] in gw.get("addressee_end", "：:") and len(squash(t)) <= 80 and "。" not in t \
                and not _NUMBERING_RE.match(t):
            found["addressee"] = _el("主送机关", squash(t)[:-1], blocks, i)
            break
    date_el, date_val, signature, seals = _signature_and_date(blocks, lines, lex)
    attachments, contacts, headings = [], [], []
    note = cc = printed = None
    printed_date = None
    in_attachments = False
    for i in lines:
        t = blocks[i].text.strip(_SPACES)
        s = squash(t)
        if any(s.startswith(w) for w in gw.get("attachment", [])) and (date_el is None or i < date_el.block):
            attachments.append(_el("附件说明", re.sub(r"^(附件\d*|附)[:：]?", "", s), blocks, i))
            in_attachments = True
            continue
        if in_attachments and re.match(r"^\d+[.．、]", s) and (date_el is None or i < date_el.block):
            attachments.append(_el("附件说明", re.sub(r"^\d+[.．、]", "", s), blocks, i))
            continue
        in_attachments = False
        if any(s.startswith(w) for w in gw.get("cc", [])):
            cc = _el("抄送", re.sub(r"^(抄送|抄报|抄发)[:：]?", "", s).rstrip("。"), blocks, i)
            continue
        if any(s.startswith(w) for w in gw.get("contact", [])):
            contacts.append(_el("联系人", s, blocks, i))
            continue
        if any(s.startswith(squash(w)) for w in gw.get("note_open", [])):
            note = _el("附注", s, blocks, i)
            continue
        if s.endswith("印发") and len(s) <= 60:
            ds = find_dates(t)
            if ds:
                printed = _el("印发机关和印发日期", s, blocks, i)
                printed_date = ds[-1]
                continue
        if blocks[i].kind != "table-cell":
            for level, rx in _LEVELS:
                if rx.match(s):
                    headings.append(Heading(level, t, blocks[i].loc, i))
                    break
    return Gongwen(
        issuer_mark=found.get("issuer_mark"),
        doc_number=found.get("doc_number"),
        doc_number_raw=found.get("doc_number_raw"),
        doc_number_loose=found.get("doc_number_loose", False),
        signer=found.get("signer"),
        title=found.get("title"),
        addressee=found.get("addressee"),
        attachments=tuple(attachments),
        signature=signature,
        date=date_el,
        date_value=date_val,
        seal_remarks=seals,
        note=note,
        cc=cc,
        printed=printed,
        printed_date=printed_date,
        contacts=tuple(contacts),
        headings=tuple(headings),
    )


def labelled_values(blocks, labels: tuple[str, ...] | list[str]) -> list[tuple[str, str, int]]:
    """(label, value, block index) for every ``label：value`` / ``label value`` line
    and every table cell holding a label with its value in the next cell."""
    labels = sorted(set(labels), key=len, reverse=True)
    out = []
    blocks = list(blocks)
    for i, b in enumerate(blocks):
        t = b.text.strip(_SPACES)
        if not t:
            continue
        if b.kind == "table-cell":
            key = squash(t).rstrip(":：")
            if key in labels:
                for j in range(i + 1, min(i + 4, len(blocks))):
                    c = blocks[j]
                    if (c.kind == "table-cell" and c.loc.table == b.loc.table and c.loc.row == b.loc.row
                            and c.loc.col is not None and b.loc.col is not None and c.loc.col > b.loc.col):
                        if c.text.strip(_SPACES):
                            out.append((key, c.text.strip(_SPACES), j))
                        break
                continue
        for label in labels:
            m = re.match(rf"^{re.escape(label)}(?:[ \t\u3000]*[:：][ \t\u3000]*|[ \t\u3000]+)(?P<v>\S.*)$", t, re.S)
            if m:
                out.append((label, m.group("v").strip(_SPACES), i))
                break
    return out
