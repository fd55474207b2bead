"""A content-hash cache of read Documents, in SQLite, outside the evidence folder.

Key: (sha256 of the bytes, the file's name, the reader version). The name is
part of the key rather than re-stamped on a hit because readers' output
depends on it: the suffix chooses the reader and the mislabel note, and every
Locator and Problem message carries the name. A renamed file is read once
more; identical files inside one case are de-duplicated before the cache.

The reader version is a hash of the reader source files, the text normaliser,
the data model and the serialiser, plus the versions of the parsing
libraries, computed at import: editing any reader invalidates old entries.

Location: ``$KAOHE_CACHE_DIR`` or ``~/.cache/kaohe`` (``$XDG_CACHE_HOME``
respected), file ``read-cache.sqlite3``. WAL mode and one short transaction
per write make it safe for several kaohe processes at once. Any SQLite
failure turns the cache off for the run rather than failing the read.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import zlib
from importlib import metadata
from pathlib import Path

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
    for f in (reader_sources() if files is None else files):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for lib in libraries:
        try:
            h.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=-\0".encode())
    return h.hexdigest()[:16]


READER_VERSION = reader_version()


def default_cache_dir() -> Path:
    env = os.environ.get("KAOHE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "kaohe"


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
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS documents ("
                       " sha256 TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,"
                       " body BLOB NOT NULL, stored REAL NOT NULL,"
                       " PRIMARY KEY (sha256, name, version))")
            db.execute("DELETE FROM documents WHERE version != ? AND stored < ?",
                       (self.version, time.time() - _STALE_SECONDS))
            self._db = db
        except (sqlite3.Error, OSError) as exc:
            self.error = str(exc)

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
            doc = loads(zlib.decompress(row[0]).decode("utf-8")) if row else None
        except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError) as exc:
            self.error = str(exc)
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
        plain = Document(file=doc.file, sha256=doc.sha256, source=doc.source, blocks=doc.blocks,
                         problems=doc.problems, pages=doc.pages)
        body = zlib.compress(dumps(plain).encode("utf-8"), 1)
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO documents (sha256, name, version, body, stored)"
                " VALUES (?, ?, ?, ?, ?)", (doc.sha256, doc.file, self.version, body, time.time()))
        except sqlite3.Error as exc:
            self.error = str(exc)

    def clear(self) -> None:
        if self._db is not None:
            self._db.execute("DELETE FROM documents")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "ReadCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
