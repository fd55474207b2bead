"""A content-hash cache of read Documents, in SQLite, outside the evidence folder.

Key: (sha256 of the bytes, the file's name, the reader version). The name is
part of the key rather than re-stamped on a hit because readers' output
depends on it: the suffix chooses the reader and the mislabel note, and every
Locator and Problem message carries the name. A renamed file is read once
more; identical files inside one case are de-duplicated before the cache.

The reader version is a hash of the reader source files, the text normaliser,
the data model and the serialiser, plus the versions of the parsing
libraries, computed at import: editing any reader invalidates old entries.

The same database holds the extracted Evidence of the Documents
(``pipeline.extractcache``: table ``evidence``, keyed by the Document's content
hash and the extractor version), so a warm run extracts nothing, and the full-text index of the cached Documents that
``kaohe search`` queries (``pipeline.searchindex``): a Document is indexed in
the transaction that stores it, so a warm case is searched without reading.

Location: ``$KAOHE_CACHE_DIR`` or ``~/.cache/kaohe`` (``$XDG_CACHE_HOME``
respected), file ``read-cache.sqlite3``. WAL mode and one short transaction
per write make it safe for several kaohe processes at once.

A cache file that is corrupt, unreadable or of another schema is moved aside
(``read-cache.sqlite3.broken-<time>``, with its journal files) and rebuilt,
and that is said once (``take_notices``, printed by the commands), so later
runs are warm again rather than silently cold. When even a new cache cannot
be made (a read-only folder), the run reads without a cache and says so.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import time
import zlib
from importlib import metadata
from pathlib import Path

from . import searchindex
from .model import Document
from .serialize import dumps, loads

FILE_NAME = "read-cache.sqlite3"
_PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "openpyxl", "rapidocr",
             "onnxruntime", "lxml", "Pillow")
_STALE_SECONDS = 7 * 24 * 3600


def reader_sources(package: Path = _PACKAGE) -> list[Path]:
    """The source files whose change must invalidate cached Documents."""
    files = sorted((package / "readers").rglob("*.py"))
    files += [package / "text" / "normalize.py", package / "model.py", package / "serialize.py"]
    return [f for f in files if f.is_file()]


def reader_version(files: list[Path] | None = None, libraries: tuple[str, ...] = LIBRARIES) -> str:
    """A short hash of the reader code and library versions."""
    h = hashlib.sha256()
    add_sources(h, reader_sources() if files is None else files, libraries)
    return h.hexdigest()[:16]


def add_sources(h, files: list[Path], libraries: tuple[str, ...]) -> None:
    """Fold source files (name and bytes) and library versions into the hash ``h``: a version key."""
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for lib in libraries:
        try:
            h.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=-\0".encode())


READER_VERSION = reader_version()


def default_cache_dir() -> Path:
    env = os.environ.get("KAOHE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "kaohe"


_NOTICES: list[str] = []
COLUMNS = ("sha256", "name", "version", "body", "stored")
EVIDENCE_COLUMNS = ("key", "version", "body", "stored")


def notice(message: str) -> None:
    if message not in _NOTICES:
        _NOTICES.append(message)


def take_notices() -> list[str]:
    """Messages about the cache since the last call (each said once)."""
    out = list(_NOTICES)
    _NOTICES.clear()
    return out


_SQLITE_WORDS = {"file is not a database": "不是 SQLite 数据库文件",
                 "database disk image is malformed": "数据库文件已损坏",
                 "unable to open database file": "无法打开数据库文件",
                 "attempt to write a readonly database": "数据库文件只读"}


class _WrongSchema(sqlite3.DatabaseError):
    pass


class ReadCache:
    """Cached Documents by (sha256, name, reader version)."""

    def __init__(self, directory: Path | str | None = None, *, version: str | None = None):
        self.directory = Path(directory).expanduser() if directory else default_cache_dir()
        self.path = self.directory / FILE_NAME
        self.version = version or READER_VERSION
        self.hits = 0
        self.misses = 0
        self.error: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._off(f"无法建立缓存目录（{exc.strerror or exc}）")
            return
        try:
            self._db = self._connect()
        except (sqlite3.DatabaseError, OSError) as exc:
            self._rebuild(exc)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS documents ("
                       " sha256 TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,"
                       " body BLOB NOT NULL, stored REAL NOT NULL,"
                       " PRIMARY KEY (sha256, name, version))")
            columns = tuple(row[1] for row in db.execute("PRAGMA table_info(documents)"))
            if columns != COLUMNS:
                raise _WrongSchema(f"表结构为 {', '.join(columns)}")
            db.execute("DELETE FROM documents WHERE version != ? AND stored < ?",
                       (self.version, time.time() - _STALE_SECONDS))
            db.execute("CREATE TABLE IF NOT EXISTS evidence ("
                       " key TEXT NOT NULL, version TEXT NOT NULL, body BLOB NOT NULL, stored REAL NOT NULL,"
                       " PRIMARY KEY (key, version))")
            columns = tuple(row[1] for row in db.execute("PRAGMA table_info(evidence)"))
            if columns != EVIDENCE_COLUMNS:
                raise _WrongSchema(f"表结构为 {', '.join(columns)}")
            db.execute("DELETE FROM evidence WHERE stored < ? AND version !="
                       " (SELECT version FROM evidence ORDER BY stored DESC LIMIT 1)",
                       (time.time() - _STALE_SECONDS,))   # old extractor versions; the newest stays
            searchindex.ensure(db)
            searchindex.drop_stale(db, self.version, time.time() - _STALE_SECONDS)
        except BaseException:
            db.close()
            raise
        return db

    def _off(self, why: str) -> None:
        self.error = why
        self._db = None
        notice(f"读取缓存“{self.path}”无法使用：{why}；本次不使用缓存（文件会全部重新读取）")

    def _rebuild(self, exc: BaseException) -> None:
        """Move a broken cache aside and start a new one; say so once."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        why = "表结构不符" if isinstance(exc, _WrongSchema) else _SQLITE_WORDS.get(str(exc), str(exc) or type(exc).__name__)
        aside = self.path.with_name(f"{FILE_NAME}.broken-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                part = Path(str(self.path) + suffix)
                if part.exists() or part.is_symlink():
                    part.rename(Path(str(aside) + suffix))
            self._db = self._connect()
        except (sqlite3.DatabaseError, OSError) as again:
            self._off(f"{why}；移走后也无法重建（{again}）")
            return
        self.error = why
        notice(f"读取缓存“{self.path}”已损坏或无法读取（{why}），已移至“{aside.name}”并重新建立；"
               "本次的文件会重新读取")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, sha256: str, name: str) -> Document | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT body FROM documents WHERE sha256 = ? AND name = ? AND version = ?",
                (sha256, name, self.version)).fetchone()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                row = None
            else:
                self._rebuild(exc)
                row = None
        try:
            doc = loads(zlib.decompress(row[0]).decode("utf-8")) if row else None
        except (zlib.error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            self.error = str(exc)          # one bad entry: drop it, keep the cache
            self._drop(sha256, name)
            doc = None
        if doc is None:
            self.misses += 1
        else:
            self.hits += 1
        return doc

    def put(self, doc: Document) -> None:
        """Store ``doc`` (without its aliases, which belong to one case)."""
        if self._db is None:
            return
        plain = dataclasses.replace(doc, aliases=())
        body = zlib.compress(dumps(plain).encode("utf-8"), 1)
        self._write(lambda db: (db.execute(
            "INSERT OR REPLACE INTO documents (sha256, name, version, body, stored)"
            " VALUES (?, ?, ?, ?, ?)", (doc.sha256, doc.file, self.version, body, time.time())),
            searchindex.index_document(db, plain, self.version)))

    # Extracted Evidence (pipeline.extractcache): opaque bodies by (document key, extractor version).

    def get_evidence(self, key: str, version: str) -> bytes | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT body FROM evidence WHERE key = ? AND version = ?",
                                   (key, version)).fetchone()
        except sqlite3.DatabaseError as exc:
            if not (isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)):
                self._rebuild(exc)
            return None
        return bytes(row[0]) if row else None

    def put_evidence(self, key: str, version: str, body: bytes) -> None:
        if self._db is not None:
            self._write(lambda db: db.execute(
                "INSERT OR REPLACE INTO evidence (key, version, body, stored) VALUES (?, ?, ?, ?)",
                (key, version, body, time.time())))

    def drop_evidence(self, key: str, version: str, why: str = "") -> None:
        """One entry that could not be loaded: dropped, the document is extracted again."""
        if self._db is None:
            return
        self.error = why or self.error
        try:
            self._db.execute("DELETE FROM evidence WHERE key = ? AND version = ?", (key, version))
        except sqlite3.Error:
            pass

    def index(self, doc: Document) -> None:
        """Index ``doc`` for search without storing it (a file the cache does not keep)."""
        if self._db is not None:
            self._write(lambda db: searchindex.index_document(db, doc, self.version))

    def remember_case(self, root: str, stamp: str, docs: list[Document]) -> None:
        """Which documents a case folder held when its files had ``stamp`` (for search)."""
        if self._db is not None:
            self._write(lambda db: searchindex.remember_case(db, root, stamp, self.version, docs))

    def _write(self, work) -> None:
        """``work(db)`` in one transaction; a busy or full disk loses this entry only."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                work(db)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            self.error = str(exc)          # busy, disk full: this entry is not stored
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    @property
    def db(self) -> sqlite3.Connection | None:
        """The open database (for ``pipeline.search``), None when the cache is off."""
        return self._db

    def _drop(self, sha256: str, name: str) -> None:
        if self._db is None:
            return
        try:
            self._db.execute("DELETE FROM documents WHERE sha256 = ? AND name = ? AND version = ?",
                             (sha256, name, self.version))
        except sqlite3.Error:
            pass

    def clear(self) -> None:
        if self._db is not None:
            self._db.execute("DELETE FROM documents")
            self._db.execute("DELETE FROM evidence")
            searchindex.clear(self._db)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "ReadCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
