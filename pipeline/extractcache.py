"""Extraction (``pipeline.extract.document.extract``) cached beside the read cache.

``extract`` is a pure function of the Document and of the extractor: its code
(pipeline/extract, pipeline/text, the data model) and the lexicon it loads
(``$KAOHE_LEXICON`` or rules/lexicon.yaml). So an Evidence is stored under

* the document's content hash: sha256 of the Document as ``extract`` is given
  it (name, source, pages, blocks, problems, aliases), so any difference in
  what was read is a different key, whichever way it was read;
* the extractor version: a hash of those source files and of the lexicon's
  bytes, computed for each run, so an edited rule word or extractor re-extracts.

The entry is the Evidence without its Document (the run has that already; it
is put back on load), pickled; loading accepts only the data classes of the
``pipeline`` package, so an entry can rebuild nothing else. An entry that
cannot be loaded (corrupt, or of classes that changed shape) is dropped and the
document extracted again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import sys
import zlib
from pathlib import Path

from .cache import add_sources
from .extract.document import Evidence, extract
from .model import Document
from .serialize import dumps
from .text.lexicon import DEFAULT_PATH as DEFAULT_LEXICON

_PACKAGE = Path(__file__).resolve().parent
PROTOCOL = 5
LIBRARIES = ("opencc", "PyYAML")       # traditional-to-simplified matching, the lexicon's parser


def extractor_sources(package: Path = _PACKAGE) -> list[Path]:
    """The source files whose change must invalidate cached Evidence."""
    files = sorted((package / "extract").rglob("*.py")) + sorted((package / "text").rglob("*.py"))
    files += [package / "model.py"]
    return [f for f in files if f.is_file()]


def lexicon_path() -> Path:
    """The lexicon ``extract`` loads (as pipeline.text.lexicon.load chooses it)."""
    return Path(os.environ.get("KAOHE_LEXICON") or DEFAULT_LEXICON)


def extractor_version(files: list[Path] | None = None, lexicon: Path | None = None) -> str:
    """A short hash of the extractor code, its libraries, the lexicon's bytes and the Python version."""
    h = hashlib.sha256(f"py{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    add_sources(h, extractor_sources() if files is None else files, LIBRARIES)
    try:
        h.update(b"lexicon\0" + (lexicon or lexicon_path()).read_bytes())
    except OSError:
        h.update(b"lexicon\0-")      # extract reports the missing lexicon itself
    return h.hexdigest()[:16]


def document_key(doc: Document) -> str:
    """The content hash of a Document, everything ``extract`` may look at."""
    return hashlib.sha256(dumps(doc).encode("utf-8")).hexdigest()


class _Unpickler(pickle.Unpickler):
    """Rebuilds only data classes of this package (and plain Python values)."""

    def find_class(self, module: str, name: str):
        if module == "pipeline" or module.startswith("pipeline."):
            obj = super().find_class(module, name)
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not an Evidence part")


def encode(ev: Evidence) -> bytes:
    return zlib.compress(pickle.dumps(dataclasses.replace(ev, document=None), protocol=PROTOCOL), 1)


def decode(body: bytes, doc: Document) -> Evidence:
    """The stored Evidence with ``doc`` put back; ValueError when it cannot be."""
    try:
        ev = _Unpickler(io.BytesIO(zlib.decompress(body))).load()
    except Exception as exc:  # noqa: BLE001 - any broken entry is only a miss
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(ev, Evidence):
        raise ValueError(f"not an Evidence: {type(ev).__name__}")
    return dataclasses.replace(ev, document=doc)


class CachedExtract:
    """``extract`` through a ReadCache (None: no cache); counts hits and misses."""

    def __init__(self, cache=None, version: str | None = None):
        self.cache = cache if cache is not None and getattr(cache, "enabled", False) else None
        self.version = version or (extractor_version() if self.cache is not None else "")
        self.hits = 0
        self.misses = 0

    def __call__(self, doc: Document) -> Evidence:
        if self.cache is None:
            return extract(doc)
        key = document_key(doc)
        body = self.cache.get_evidence(key, self.version)
        if body is not None:
            try:
                ev = decode(body, doc)
            except ValueError as exc:
                self.cache.drop_evidence(key, self.version, str(exc))
            else:
                self.hits += 1
                return ev
        self.misses += 1
        ev = extract(doc)
        try:
            body = encode(ev)
        except Exception:  # noqa: BLE001 - an Evidence that cannot be stored is used uncached
            return ev
        self.cache.put_evidence(key, self.version, body)
        return ev
