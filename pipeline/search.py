"""Find words across the evidence of one case or several (``kaohe search``).

A case folder is walked (names and file-system stamps only); while its stamp is
the one recorded when the case was last read, its documents are known and
searched in the index (``pipeline.searchindex``) without reading or hashing a
file. Otherwise the case is read through the cache as ``kaohe run`` reads it
(only new or changed files are read) and then searched. A document the index
lacks (cached by an older kaohe) is indexed from the cache, not read again.
Without a usable cache the case is read and indexed in memory for this search.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import searchindex as index
from .case import case_name
from .readcase import cache_for, case_stamp, read_case, walk


@dataclass(frozen=True)
class Result:
    case: str
    file: str
    aliases: tuple[str, ...]
    page: int | None
    locator: str
    sentence: str
    score: float
    spans: tuple[tuple[int, int], ...]      # where the terms are in ``sentence``


@dataclass
class Outcome:
    terms: list[str]
    results: list[Result] = field(default_factory=list)    # the best ones, at most ``limit``
    total: int = 0                           # sentences found
    files: int = 0                           # documents searched
    cases: list[str] = field(default_factory=list)


def spans_of(text: str, terms: list[str]) -> tuple[tuple[int, int], ...]:
    """Every place a term occurs (case-insensitive), overlaps merged, in order."""
    found = sorted((m.start(), m.end()) for t in terms
                   for m in re.finditer(re.escape(t), text, re.IGNORECASE))
    merged: list[list[int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


def _docs_of(case_dir: Path, cache, progress: bool) -> tuple[sqlite3.Connection, dict[int, tuple[str, tuple[str, ...]]], object]:
    """(database, {doc id: (file, aliases)}, what to close) for the case's documents."""
    cache_obj, owned = cache_for(cache, case_dir)
    db = cache_obj.db if cache_obj is not None else None
    if db is None:                       # no usable cache: read, index in memory
        if owned and cache_obj is not None:
            cache_obj.close()
        db = sqlite3.connect(":memory:", isolation_level=None)
        index.ensure(db)
        docs = read_case(case_dir, cache=False, progress=progress)
        ids = {}
        for doc in docs:
            doc_id = index.index_document(db, doc, "")
            if doc_id is not None:
                ids[doc_id] = (doc.file, doc.aliases)
        return db, ids, db
    version = cache_obj.version
    real = os.path.realpath(case_dir)
    listed = index.known_case(db, real, case_stamp(walk(case_dir).files), version)
    if listed is None:
        docs = read_case(case_dir, cache=cache_obj, progress=progress)
        listed = [(d.file, d.sha256, list(d.aliases)) for d in docs if d.sha256]
    keys = [(sha, name) for name, sha, _ in listed]
    ids = index.indexed(db, keys, version)
    missing = [(sha, name) for sha, name in keys if (sha, name) not in ids]
    unread = []
    for sha, name in missing:
        doc = cache_obj.get(sha, name)
        if doc is None:
            unread.append((sha, name))
        else:
            cache_obj.index(doc)
    if unread:
        for doc in read_case(case_dir, cache=cache_obj, progress=progress):
            if (doc.sha256, doc.file) in unread:
                cache_obj.index(doc)
    if missing:
        ids = index.indexed(db, keys, version)
    names = {(sha, name): tuple(aliases) for name, sha, aliases in listed}
    return db, {i: (key[1], names[key]) for key, i in ids.items()}, cache_obj if owned else None


def search(case_dirs: list[Path], words: list[str], *, cache=True, progress: bool = False,
           limit: int | None = None) -> Outcome:
    """The ``limit`` best sentences of the cases' files that hold every word (all when None)."""
    terms = index.terms_of(words)
    outcome = Outcome(terms)
    for case_dir in case_dirs:
        name = case_name(case_dir)
        outcome.cases.append(name)
        db, docs, closing = _docs_of(Path(case_dir), cache, progress)
        try:
            outcome.files += len(docs)
            hits, total = index.query(db, list(docs), terms, limit)
            outcome.total += total
            for hit in hits:
                file, aliases = docs[hit.doc]
                outcome.results.append(Result(name, file, aliases, hit.page, hit.locator, hit.text,
                                              hit.score, spans_of(hit.text, terms)))
        finally:
            if closing is not None:
                closing.close()
    outcome.results.sort(key=lambda r: -r.score)
    del outcome.results[limit or len(outcome.results):]
    return outcome


def excerpt(text: str, spans: tuple[tuple[int, int], ...], width: int = 160) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most ``width`` characters of ``text`` around its first hit (… where cut), spans shifted."""
    if len(text) <= width:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = start + width
    prefix = "…" if start > 0 else ""
    shown = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    kept = tuple((max(s + shift, len(prefix)), min(e + shift, len(prefix) + width))
                 for s, e in spans if e > start and s < end)
    return shown, kept

