"""The full-text index of read Documents, in the read cache's SQLite database.

Every Document the cache stores is also cut into sentences (the project's own
splitter, ``pipeline.text.clauses.sentences``) and each sentence becomes one
row of ``search_rows`` with its page and locator; an FTS5 table with the
``trigram`` tokenizer indexes the rows (external content, kept in step here,
one statement per document). A document is keyed like the cache: (sha256, name, reader version).

The cache is shared by all cases, so a query is always limited to the
documents of one case: ``search_cases`` remembers, per case folder, the
documents read from it and a stamp of its files (name, size, mtime, inode,
ctime); while the stamp holds, a search needs neither reading nor hashing.

Terms of three characters or more go through the trigram MATCH (ranked by
FTS5's bm25); shorter terms (common in Chinese) cannot, and are matched with
``instr`` over the case's rows alone (an index on the row's document keeps
that scan to the case); when a query has no long term at all the rows are
ranked by a bm25 computed over the case's rows. All terms must occur in the
same sentence.

Nothing here knows a path on disk; ``pipeline.search`` walks the case.
"""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .model import Block, Document
from .text.clauses import sentences
from .text.lexicon import load as load_lexicon
from .text.normalize import normalize

MIN_MATCH_CHARS = 3            # the trigram tokenizer needs three characters
_TABLES = ("search_fts", "search_rows", "search_docs", "search_cases", "search_meta")


def _scheme() -> str:
    """Changes when this module or the sentence ends change: the index is then rebuilt
    from the cached Documents (no file is read again)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update("".join(sorted(load_lexicon().sentence_end)).encode())
    return h.hexdigest()[:16]


SCHEME = _scheme()

_CREATE = (
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_docs (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL,"
    " name TEXT NOT NULL, version TEXT NOT NULL, stored REAL NOT NULL, UNIQUE (sha256, name, version))",
    "CREATE TABLE IF NOT EXISTS search_rows (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL,"
    " page INTEGER, locator TEXT NOT NULL, text TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_rows_doc ON search_rows (doc)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text, content='search_rows',"
    " content_rowid='id', tokenize='trigram')",
    "CREATE TABLE IF NOT EXISTS search_cases (root TEXT PRIMARY KEY, stamp TEXT NOT NULL,"
    " version TEXT NOT NULL, docs TEXT NOT NULL, stored REAL NOT NULL)",
)


def ensure(db: sqlite3.Connection) -> None:
    """Create the tables; an index of another scheme is dropped and rebuilt (lazily)."""
    try:
        row = db.execute("SELECT value FROM search_meta WHERE key = 'scheme'").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None or row[0] != SCHEME:
        db.execute("BEGIN IMMEDIATE")
        try:
            # another process may have rebuilt it while this one waited for the lock
            try:
                again = db.execute("SELECT value FROM search_meta WHERE key = 'scheme'").fetchone()
            except sqlite3.OperationalError:
                again = None
            if again is None or again[0] != SCHEME:
                for name in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {name}")
                for statement in _CREATE:
                    db.execute(statement)
                db.execute("INSERT INTO search_meta (key, value) VALUES ('scheme', ?)", (SCHEME,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _drop_rows(db: sqlite3.Connection, where: str, args: tuple) -> None:
    """Delete rows and their index entries (external content: the index is told the old text;
    one statement per document, which FTS5 takes much faster than a trigger per row)."""
    db.execute("INSERT INTO search_fts (search_fts, rowid, text) SELECT 'delete', id, text FROM search_rows"
               f" WHERE {where}", args)
    db.execute(f"DELETE FROM search_rows WHERE {where}", args)


def drop_stale(db: sqlite3.Connection, version: str, before: float) -> None:
    """Forget documents of another reader version stored before ``before``."""
    stale = (version, before)
    if db.execute("SELECT 1 FROM search_docs WHERE version != ? AND stored < ? LIMIT 1", stale).fetchone():
        _drop_rows(db, "doc IN (SELECT id FROM search_docs WHERE version != ? AND stored < ?)", stale)
        db.execute("DELETE FROM search_docs WHERE version != ? AND stored < ?", stale)
    db.execute("DELETE FROM search_cases WHERE version != ? AND stored < ?", stale)


def clear(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    for table in ("search_rows", "search_docs", "search_cases"):
        db.execute(f"DELETE FROM {table}")


# ---------------------------------------------------------------- documents to rows

@dataclass(frozen=True)
class Row:
    page: int | None
    locator: str
    text: str


def _joined_lines(blocks: tuple[Block, ...]) -> list[tuple[str, list[tuple[int, Block]]]]:
    """Texts to split: one per block, except that OCR lines on one page run on as one text
    (a sentence wrapped by the page width is whole again). Each text keeps (offset, block)."""
    out: list[tuple[str, list[tuple[int, Block]]]] = []
    for block in blocks:
        if not block.text.strip():
            continue
        prev = out[-1] if out else None
        if (prev is not None and block.kind == "ocr-line" and prev[1][-1][1].kind == "ocr-line"
                and prev[1][-1][1].loc.page == block.loc.page):
            text, starts = prev
            gap = " " if _needs_space(text[-1:], block.text[:1]) else ""
            starts.append((len(text) + len(gap), block))
            out[-1] = (text + gap + block.text, starts)
        else:
            out.append((block.text, [(0, block)]))
    return out


def _needs_space(left: str, right: str) -> bool:
    wide = ("W", "F")
    return bool(left and right) and not (unicodedata.east_asian_width(left) in wide
                                          or unicodedata.east_asian_width(right) in wide)


def rows_of(doc: Document) -> list[Row]:
    """The sentences of ``doc`` with the page and locator of the block each begins in."""
    lex = load_lexicon()
    ends = set(lex.sentence_end) - {"\n"}
    rows: list[Row] = []
    for text, starts in _joined_lines(doc.blocks):
        for s, e in sentences(text, lex):
            block = next(b for offset, b in reversed(starts) if offset <= s)
            shown = text[s:e + 1] if e < len(text) and text[e] in ends else text[s:e]
            rows.append(Row(block.loc.page, block.loc.label(), shown))
    return rows


def index_document(db: sqlite3.Connection, doc: Document, version: str) -> int | None:
    """(Re)index ``doc``; the caller holds the transaction. Returns the document's id."""
    if not doc.sha256:
        return None
    old = db.execute("SELECT id FROM search_docs WHERE sha256 = ? AND name = ? AND version = ?",
                     (doc.sha256, doc.file, version)).fetchone()
    if old is not None:
        _drop_rows(db, "doc = ?", (old[0],))
        db.execute("UPDATE search_docs SET stored = ? WHERE id = ?", (time.time(), old[0]))
        doc_id = old[0]
    else:
        doc_id = db.execute("INSERT INTO search_docs (sha256, name, version, stored) VALUES (?, ?, ?, ?)",
                            (doc.sha256, doc.file, version, time.time())).lastrowid
    db.executemany("INSERT INTO search_rows (doc, page, locator, text) VALUES (?, ?, ?, ?)",
                   [(doc_id, r.page, r.locator, r.text) for r in rows_of(doc)])
    db.execute("INSERT INTO search_fts (rowid, text) SELECT id, text FROM search_rows WHERE doc = ?", (doc_id,))
    return doc_id


def indexed(db: sqlite3.Connection, keys: list[tuple[str, str]], version: str) -> dict[tuple[str, str], int]:
    """The ids of those (sha256, name) already indexed for ``version``."""
    out: dict[tuple[str, str], int] = {}
    for sha, name in keys:
        row = db.execute("SELECT id FROM search_docs WHERE sha256 = ? AND name = ? AND version = ?",
                         (sha, name, version)).fetchone()
        if row is not None:
            out[(sha, name)] = row[0]
    return out


# ---------------------------------------------------------------- cases

def remember_case(db: sqlite3.Connection, root: str, stamp: str, version: str, docs: list[Document]) -> None:
    listed = [[d.file, d.sha256, list(d.aliases)] for d in docs if d.sha256]
    db.execute("INSERT OR REPLACE INTO search_cases (root, stamp, version, docs, stored) VALUES (?, ?, ?, ?, ?)",
               (root, stamp, version, json.dumps(listed, ensure_ascii=False), time.time()))


def known_case(db: sqlite3.Connection, root: str, stamp: str, version: str) -> list[tuple[str, str, list[str]]] | None:
    """The case's (name, sha256, aliases) when its files have not changed since they were read."""
    row = db.execute("SELECT docs FROM search_cases WHERE root = ? AND stamp = ? AND version = ?",
                     (root, stamp, version)).fetchone()
    if row is None:
        return None
    try:
        return [(name, sha, list(aliases)) for name, sha, aliases in json.loads(row[0])]
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------- queries

@dataclass(frozen=True)
class Hit:
    doc: int
    page: int | None
    locator: str
    text: str
    score: float          # higher is better


def terms_of(words: list[str] | tuple[str, ...]) -> list[str]:
    """The query's terms: normalised as the readers normalise text, split at spaces, once each."""
    out: list[str] = []
    for word in words:
        for term in normalize(word).split():
            if term and term not in out:
                out.append(term)
    return out


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _count(text: str, term: str) -> int:
    return text.lower().count(term.lower()) if _cased(term) else text.count(term)


def _cased(term: str) -> bool:
    """Whether case matters (Latin letters): Chinese terms are compared as they are, faster."""
    return term.lower() != term.upper()


def _has(column: str, term: str) -> str:
    return f"instr(lower({column}), lower(?)) > 0" if _cased(term) else f"instr({column}, ?) > 0"


def query(db: sqlite3.Connection, doc_ids: list[int], terms: list[str],
          limit: int | None = None) -> tuple[list[Hit], int]:
    """The best ``limit`` sentences of the given documents holding all ``terms`` (all of them
    when ``limit`` is None), and how many sentences hold them."""
    if not terms or not doc_ids:
        return [], 0
    db.execute("CREATE TEMP TABLE IF NOT EXISTS search_want (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.search_want")
    db.executemany("INSERT OR IGNORE INTO temp.search_want (id) VALUES (?)", [(i,) for i in doc_ids])
    long = [t for t in terms if len(t) >= MIN_MATCH_CHARS]
    short = [t for t in terms if len(t) < MIN_MATCH_CHARS]
    filters = "".join(" AND " + _has("r.text", t) for t in short)
    mine = "r.doc IN (SELECT id FROM temp.search_want)"
    if long:
        match = " AND ".join(_fts_phrase(t) for t in long)
        where = f" WHERE search_fts MATCH ? AND {mine}{filters}"
        join = " FROM search_fts JOIN search_rows r ON r.id = search_fts.rowid"
        total = db.execute("SELECT count(*)" + join + where, [match, *short]).fetchone()[0]
        if not total:
            return [], 0
        sql = ("SELECT r.doc, r.page, r.locator, r.text, bm25(search_fts)" + join + where +
               " ORDER BY bm25(search_fts), r.id" + (" LIMIT ?" if limit else ""))
        rows = db.execute(sql, [match, *short, *([limit] if limit else [])]).fetchall()
        return [Hit(d, p, loc, text, -score) for d, p, loc, text, score in rows], total
    rows = db.execute(f"SELECT r.id, r.doc, r.page, r.locator, r.text FROM search_rows r WHERE {mine}{filters}",
                      short).fetchall()
    if not rows:
        return [], 0
    # bm25 over the case's rows, characters as tokens (what the trigram index counts): one pass
    # for the number of rows, their mean length and each term's document frequency
    counts = "".join(f", sum({_has('r.text', t)})" for t in short)
    stats = db.execute(f"SELECT count(*), avg(length(r.text)){counts} FROM search_rows r WHERE {mine}",
                       short).fetchone()
    n, avg, df = stats[0], stats[1] or 1, dict(zip(short, stats[2:]))
    k1, b = 1.2, 0.75
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in short}
    scored = []
    for row_id, d, p, loc, text in rows:
        score = 0.0
        norm = k1 * (1 - b + b * len(text) / avg)
        for t in short:
            tf = _count(text, t)
            score += idf[t] * tf * (k1 + 1) / (tf + norm)
        scored.append((-score, row_id, d, p, loc, text))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [Hit(d, p, loc, text, -neg) for neg, _, d, p, loc, text in scored[:limit]], len(rows)
