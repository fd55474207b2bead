"""Read every evidence file of a case folder into Documents, in parallel, cached, none lost.

``read_case(case_dir)`` walks the folder at any depth (skipping case.yaml,
hidden files, Office lock files ``~$x.docx`` and Thumbs.db), never writes in
it, hashes every file, reads identical bytes only once (the other names go
into ``Document.aliases``), opens zip archives in memory (each member becomes
a Document named ``a.zip/inner/x.docx``), sends all .doc/.wps files to
LibreOffice in one batch, reads the rest across processes, and returns one
Document per distinct file, sorted by path (numbers in names in numeric order).
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import hashlib
import importlib.util
import os
import re
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import KaoheError
from .model import Document, Problem
from .readers import archive, dispatch

SKIP_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
CASE_FILES = {"case.yaml", "case.yml"}
CONVERT_MANY = "pipeline.readers.convert:convert_many"
_BATCHED = {dispatch.DOC: (".doc",), dispatch.WPS: (".wps",)}


@dataclass(frozen=True)
class Item:
    """One file to read: on disk (``path``) or a zip member (``data``)."""

    name: str
    sha256: str
    size: int
    plan: dispatch.Plan
    path: str | None = None
    data: bytes | None = None

    def load(self) -> bytes:
        if self.data is not None:
            return self.data
        with open(self.path, "rb") as fh:  # type: ignore[arg-type]
            return fh.read()


def natural_key(name: str) -> tuple:
    """Sort key for a '/' path: component by component, digits by value."""
    return tuple(tuple((0, int(t), t) if t.isdigit() else (1, 0, t)
                       for t in re.split(r"(\d+)", part) if t)
                 for part in name.split("/"))


def skipped(rel: str) -> bool:
    parts = rel.split("/")
    base = parts[-1]
    return (any(p.startswith(".") for p in parts) or base.startswith("~$")
            or base.lower() in SKIP_NAMES or (len(parts) == 1 and base.lower() in CASE_FILES))


def case_files(root: Path) -> list[tuple[Path, str]]:
    """Every evidence file under ``root`` as (path, '/'-relative name), naturally sorted."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for fn in filenames:
            path = Path(dirpath) / fn
            rel = path.relative_to(root).as_posix()
            if skipped(rel) or not path.is_file():
                continue
            found.append((path, rel))
    found.sort(key=lambda pr: natural_key(pr[1]))
    return found


# ---------------------------------------------------------------- worker side

def _work(item: Item) -> tuple[Document, bool]:
    try:
        data = item.load()
    except OSError as exc:
        return dispatch.finish(item.plan, item.sha256, None, (Problem(
            item.name, "read", f"无法打开文件“{item.name}”（{exc}）"),)), False
    return dispatch.run_checked(item.plan, data, item.sha256)


def _work_batch(items: list[Item]) -> list[tuple[Document, bool]]:
    """All .doc/.wps through one LibreOffice call; any file it misses is read alone."""
    loaded: list[tuple[Item, bytes]] = []
    out: dict[str, tuple[Document, bool]] = {}
    for item in items:
        try:
            loaded.append((item, item.load()))
        except OSError:
            out[item.name] = _work(item)
    results: dict = {}
    try:
        convert_many = dispatch.load_reader(CONVERT_MANY)
        results = convert_many([(data, item.name) for item, data in loaded]) or {}
    except Exception:  # noqa: BLE001 - fall back to one file at a time
        results = {}
    for item, data in loaded:
        result = results.get(item.name)
        if isinstance(result, dispatch.ReadResult):
            out[item.name] = (dispatch.finish(item.plan, item.sha256, result), True)
        else:
            out[item.name] = dispatch.run_checked(item.plan, data, item.sha256)
    return [out[item.name] for item in items]


# ---------------------------------------------------------------- main side

def _cache_for(cache, root: Path | None):
    """(the cache or None, whether this run opened it); refuses a cache inside ``root``."""
    from .cache import ReadCache
    if cache is True:
        cache = ReadCache()
        owned = True
    elif not cache:
        return None, False
    else:
        owned = False
    if root is None:
        return cache, owned
    try:
        cache.path.resolve().relative_to(root.resolve())
    except ValueError:
        return cache, owned
    if owned:
        cache.close()
    raise KaoheError(f"缓存目录“{cache.directory}”位于佐证材料文件夹内，请另选缓存目录或使用 --no-cache")


def _collect(files: Iterable[tuple[Path, str]], limits: archive.Limits | None
             ) -> tuple[list[Item], list[Document]]:
    """Hash and plan every file; open archives. Returns the items and the archives' Documents."""
    items: list[Item] = []
    archives: list[Document] = []
    for path, rel in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            archives.append(Document(file=rel, sha256="", source="unknown", problems=(Problem(
                rel, "read", f"无法打开文件“{rel}”（{exc}）"),)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        plan = dispatch.plan(data, rel)
        if plan.reader != dispatch.ARCHIVE:
            items.append(Item(rel, sha, len(data), plan, path=str(path)))
            continue
        expanded = archive.expand(data, rel, limits=limits)
        docs = list(expanded.documents)
        if plan.notes:
            docs[0] = dataclasses.replace(docs[0], problems=plan.notes + docs[0].problems)
        archives.extend(docs)
        for member, name in expanded.members:
            items.append(Item(name, hashlib.sha256(member).hexdigest(), len(member),
                              dispatch.plan(member, name), data=member))
    return items, archives


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if not enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        console = Console(stderr=True)
        if not console.is_terminal:
            return
        self.bar = Progress(TextColumn("读取佐证材料"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                            transient=True)
        self.task = self.bar.add_task("read", total=total)

    # The bar redraws from its own thread; it runs only while no worker process is being
    # forked, since a child forked while that thread holds the stderr lock could hang.
    def start(self) -> None:
        if self.bar is not None:
            self.bar.start()

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _run_tasks(singles: list[Item], batch: list[Item], workers: int,
               done: Callable[[Item, tuple[Document, bool]], None], bar: _Progress) -> None:
    """Read ``singles`` one per task and ``batch`` in one task, on ``workers`` processes."""
    tasks = len(singles) + (1 if batch else 0)
    if workers <= 1 or tasks <= 1:
        bar.start()
        if batch:
            for item, res in zip(batch, _work_batch(batch)):
                done(item, res)
        for item in singles:
            done(item, _work(item))
        return
    broken: list[Item] = []
    with cf.ProcessPoolExecutor(max_workers=min(workers, tasks)) as pool:
        futures: dict[cf.Future, list[Item]] = {}
        if batch:
            futures[pool.submit(_work_batch, batch)] = batch
        for item in singles:
            futures[pool.submit(_work, item)] = [item]
        bar.start()   # with fork, every worker exists after the first submit
        for future in cf.as_completed(futures):
            group = futures[future]
            try:
                results = future.result()
            except BrokenProcessPool:
                broken.extend(group)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                results = [(dispatch.finish(i.plan, i.sha256, None, (dispatch.failure(i.name, exc),)),
                            False) for i in group]
            if group is batch:
                for item, res in zip(group, results):
                    done(item, res)
            else:
                done(group[0], results)
    # A worker died (crash or out of memory): retry each file alone so one bad file
    # cannot take others with it.
    if broken:
        bar.close()
    for item in broken:
        try:
            with cf.ProcessPoolExecutor(max_workers=1) as pool:
                res = pool.submit(_work, item).result()
        except Exception as exc:  # noqa: BLE001
            res = (dispatch.finish(item.plan, item.sha256, None, (Problem(
                item.name, "read", f"读取文件“{item.name}”时处理进程异常退出，文件可能已损坏"
                f"（{type(exc).__name__}）"),)), False)
        done(item, res)


def _primary_key(item: Item) -> tuple:
    """Among identical files the one read is a loose file before a zip member, then the
    shortest name ("材料2.txt" before "材料2 - 副本.txt"), then path order."""
    return (item.data is not None, len(item.name), natural_key(item.name))


def _dedupe(items: list[Item]) -> tuple[list[Item], dict[str, list[str]]]:
    """Identical bytes are read once; empty files each keep their own Problem."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.sha256 if item.size else f"empty:{item.name}", []).append(item)
    unique: list[Item] = []
    aliases: dict[str, list[str]] = {}
    for group in groups.values():
        primary = min(group, key=_primary_key)
        unique.append(primary)
        aliases[primary.name] = [i.name for i in group if i is not primary]
    return unique, aliases


MAX_DEFAULT_WORKERS = 8   # each OCR worker holds its own engine (hundreds of MB)


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def read_files(root: Path, files: list[tuple[Path, str]], *, workers: int | None = None,
               cache=True, progress: bool = True, limits: archive.Limits | None = None,
               guard_root: bool = True) -> list[Document]:
    """Read the given (path, name) files of a case rooted at ``root``.

    With ``guard_root`` a cache stored inside ``root`` is refused (KaoheError).
    """
    cache_obj, owned = _cache_for(cache, root if guard_root else None)
    try:
        items, early = _collect(files, limits)
        unique, aliases = _dedupe(items)

        docs: dict[str, Document] = {}
        todo: list[Item] = []
        for item in unique:
            hit = cache_obj.get(item.sha256, item.name) if cache_obj else None
            if hit is not None:
                docs[item.name] = hit
            else:
                todo.append(item)

        bar = _Progress(len(unique), progress and sys.stderr is not None)
        bar.advance(len(docs))

        def done(item: Item, res: tuple[Document, bool]) -> None:
            doc, cacheable = res
            docs[item.name] = doc
            if cache_obj and cacheable and not any(p.stage == "convert" for p in doc.problems):
                cache_obj.put(doc)
            bar.advance()

        batch: list[Item] = []
        if importlib.util.find_spec("pipeline.readers.convert") is not None:
            batch = [i for i in todo if i.plan.reader in _BATCHED
                     and dispatch.suffix_of(i.name) in _BATCHED[i.plan.reader]]
        batched = {id(i) for i in batch}
        singles = sorted((i for i in todo if id(i) not in batched), key=lambda i: -i.size)
        if len(batch) == 1:
            singles, batch = batch + singles, []
        try:
            _run_tasks(singles, batch, workers or _default_workers(), done, bar)
        finally:
            bar.close()

        out: list[Document] = list(early)
        for item in unique:
            doc = docs.get(item.name)
            if doc is None:  # never lose a file, whatever happened above
                doc = dispatch.finish(item.plan, item.sha256, None, (Problem(
                    item.name, "read", f"文件“{item.name}”未能读取（内部错误）"),))
            out.append(dataclasses.replace(doc, aliases=tuple(aliases[item.name])))
        out.sort(key=lambda d: natural_key(d.file))
        return out
    finally:
        if owned and cache_obj is not None:
            cache_obj.close()


def read_case(case_dir: Path, *, workers: int | None = None, cache=True, progress: bool = True,
              limits: archive.Limits | None = None) -> list[Document]:
    """Read every evidence file under ``case_dir``.

    ``cache`` is True (the default cache), False/None (no cache) or a ReadCache.
    """
    root = Path(case_dir)
    if not root.is_dir():
        raise KaoheError(f"找不到佐证材料文件夹“{case_dir}”")
    return read_files(root, case_files(root), workers=workers, cache=cache, progress=progress,
                      limits=limits)


def read_path(path: Path, **kwargs) -> list[Document]:
    """A folder (as ``read_case``) or one file, named by its base name."""
    path = Path(path)
    if path.is_dir():
        return read_case(path, **kwargs)
    return read_files(path.parent, [(path, path.name)], guard_root=False, **kwargs)
