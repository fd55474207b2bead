"""What kind of document this is, from its title and structure.

1. The title: its last kind word after trailing parentheticals and draft
   markers are removed (longest synonym in rules/lexicon.yaml wins).
   A notice with an appointment word (任命, 挂职 …) is a 任命文件.
   A notice that issues another document (关于印发《X》的通知) carries X; the
   file's kind is X's kind or 通知, as ``kinds.issuing_notice.file_kind`` says.
2. Without a kind word in the title: structure (meeting field labels →
   会议记录; 甲方/乙方 → 协议).
3. Only when the text has no title: the file name, as a weak hint.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..model import Block
from ..text.lexicon import Lexicon, load
from .gongwen import squash, strip_title_tail

_QUOTES = "《》〈〉“”\"'"


@dataclass(frozen=True)
class KindResult:
    kind: str                       # one of the contract kinds
    subkind: str | None = None      # finer name: 细则, 规定, 排班表, 决定 …
    source: str = "title"           # title | structure | filename | none
    carrier: str | None = None      # 通知 when the file is a notice issuing another document
    carried_title: str | None = None
    carried_kind: str | None = None


def kind_of_title(title: str, lex: Lexicon | None = None) -> tuple[str, str | None] | None:
    """(kind, subkind) from the kind word at the end of a title, or None."""
    lex = lex or load()
    core = strip_title_tail(title, lex).strip(_QUOTES)
    core = re.sub(r"(?:汇编|合集|选编|摘编|汇总|集)$", "", core) or core     # 目标责任书汇编 is a set of 责任书
    for word, canon in lex.kinds.synonyms:
        if core.endswith(word):
            sub = next((s for w, s in lex.kinds.subkinds if core.endswith(w)), None)
            if canon == "通知" and any(w in core for w in lex.kinds.appointment_words):
                return "任命文件", sub or word
            return canon, sub
    return None


def carried_document(title: str, lex: Lexicon | None = None) -> str | None:
    """X in 关于印发《X》的通知, without the book-title marks; None otherwise."""
    lex = lex or load()
    m = next((m for rx in lex.kinds.issuing_notice if (m := rx.search(squash(title)))), None)
    if not m:
        return None
    carried = m.group("carried").strip()
    inner = re.findall(r"《([^《》]+)》", carried)
    if inner:
        return inner[0]
    return carried.strip(_QUOTES) or None


def _structure_kind(blocks, lex: Lexicon) -> str | None:
    head = [squash(b.text) for b in list(blocks)[:60] if b.text.strip()]
    for kind, cues in lex.kinds.structure.items():
        hits = sum(1 for cue in cues if any(t.startswith(cue) for t in head))
        if hits >= 2:
            return kind
    return None


def classify(title: str | None, blocks: tuple[Block, ...] | list[Block] = (), file_name: str | None = None,
             lex: Lexicon | None = None) -> KindResult:
    """The kind of a document from its title, its structure and (weakly) its file name."""
    lex = lex or load()
    if title:
        carried = carried_document(title, lex)
        if carried:
            ck = kind_of_title(carried, lex)
            carried_kind = ck[0] if ck else "其他"
            if "转发" in squash(title):
                # forwarding another body's document does not make the file that document
                return KindResult("通知", None, "title", "通知", carried, carried_kind)
            if lex.kinds.issuing_file_kind == "carried" and ck:
                return KindResult(carried_kind, ck[1], "title", "通知", carried, carried_kind)
            return KindResult("通知", None, "title", "通知", carried, carried_kind)
        k = kind_of_title(title, lex)
        if k:
            return KindResult(k[0], k[1], "title")
    sk = _structure_kind(blocks, lex)
    if sk:
        return KindResult(sk, None, "structure")
    if not title and file_name:
        stem = PurePosixPath(file_name).stem
        # the rightmost kind word in the file name (names often end in （2015年）)
        best = None
        for word, canon in lex.kinds.synonyms:
            pos = stem.rfind(word)
            if pos >= 0 and (best is None or pos + len(word) > best[0]
                             or (pos + len(word) == best[0] and len(word) > best[2])):
                best = (pos + len(word), canon, len(word))
        if best:
            return KindResult(best[1], None, "filename")
    return KindResult("其他", None, "none")
