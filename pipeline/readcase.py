"""Read every evidence file of a case folder into Documents, in parallel, cached, none lost.

``read_case(case_dir)`` walks the folder at any depth and never writes in it.
Only regular files inside the folder are opened (``O_NOFOLLOW``, checked with
``fstat`` after opening): a symbolic link is listed as a problem and its
target never opened, whether it points outside the case or not; FIFOs,
sockets and devices are listed too. Case settings (case.yaml), hidden files,
Office lock files (``~$x.docx``) and Thumbs.db are skipped; so are the files
kaohe itself writes (an output folder with results.json, review.xlsx, the
read cache), with a note, so a run never scores its own outputs.

File names are decoded for display (``pipeline.names``: GBK names from
Windows, control characters escaped). Every file is hashed in chunks;
identical bytes are read once (the other names go into
``Document.aliases``); zip archives are scanned as streams (each member
becomes a Document named ``a.zip/inner/x.docx``; nested archives are found
by content, whatever their name); all .doc/.wps files go to LibreOffice in
one batch; the rest are read across worker processes (``pipeline.workers``)
under the per-file budgets of ``pipeline.readers.budget``, the files that will
probably need OCR (images, PDFs holding a page-sized image) one at a time in
the pool's OCR lane, so that one OCR engine is at work, not one per process,
and never while LibreOffice converts.
The result is one
Document per distinct file, sorted by path (numbers in names in numeric
order).
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import io
import json
import os
import re
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

from . import workers as pool
from .errors import KaoheError
from .model import Document, Problem
from .names import decode, escape
from .readers import archive, budget, dispatch, scanhint

SKIP_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
CASE_FILES = {"case.yaml", "case.yml"}
CONVERT_MANY = "pipeline.readers.convert:convert_many"
_BATCHED = {dispatch.DOC: (".doc",), dispatch.WPS: (".wps",)}

# What kaohe writes: results.json, review.xlsx and the rendered outputs in an output folder,
# the read cache (SQLite with its journal files).
RESULTS_FILE = "results.json"
PREVIOUS_FILE = "results.previous.json"       # the results a run replaced (pipeline.compare)
REVIEW_FILE = "review.xlsx"
OUTPUT_PREFIXES = ("附件1_", "附件2_", "佐证核查报告_", "补充材料清单_", "汇总表")
OUTPUT_SUFFIXES = (".docx", ".html", ".pdf", ".xlsx", ".png")
CACHE_FILE = "read-cache.sqlite3"
CACHE_FILES = {CACHE_FILE + s for s in ("", "-wal", "-shm", "-journal")}

_SPECIAL = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISSOCK, "套接字（socket）"),
            (stat.S_ISCHR, "字符设备文件"), (stat.S_ISBLK, "块设备文件"))


class NotRegular(OSError):
    """The path is not a regular file (``what`` says what it is)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def special_kind(mode: int) -> str:
    for test, what in _SPECIAL:
        if test(mode):
            return what
    return "特殊文件"


def open_regular(path: str | Path, *, follow: bool = False) -> BinaryIO:
    """Open a regular file for reading; never blocks on a FIFO, never follows a final symlink
    (unless ``follow``); anything else raises NotRegular."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise NotRegular("符号链接") from None
        raise exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular("文件夹" if stat.S_ISDIR(mode) else special_kind(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass(frozen=True)
class Item:
    """One file to read: on disk (``path``), a member of the archive at ``path`` (``chain``),
    or bytes in memory (``data``)."""

    name: str
    sha256: str
    size: int
    plan: dispatch.Plan
    path: str | None = None
    data: bytes | None = None
    chain: tuple[int, ...] = ()
    follow: bool = False
    notes: tuple[Problem, ...] = ()
    lane: str | None = None       # OCR_LANE: probably read by OCR (pipeline.workers runs those one at a time)

    def load(self) -> bytes:
        """The bytes the reader is given: all of them, or a prefix for prefix readers."""
        limit = dispatch.load_limit(self.plan)
        if self.data is not None:
            data = self.data[:limit + 1]
        else:
            with open_regular(self.path, follow=self.follow) as fh:  # type: ignore[arg-type]
                if self.chain:
                    with archive.open_member(fh, self.chain) as member:
                        data = member.read(limit + 1)
                else:
                    data = fh.read(limit + 1)
        if len(data) > limit:
            data = cut_text(data[:limit])
        return data


def cut_text(data: bytes) -> bytes:
    """A text prefix cut at its last line end, so no character is split."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    end = data.rfind(b"\n\x00" if data.startswith(b"\xff\xfe") else b"\n", max(0, len(data) - 65536))
    if end > 0:
        return data[:end + (2 if utf16 else 1)]
    return data[:len(data) // 2 * 2] if utf16 else data


OCR_LANE = "ocr"
CONVERT_LANE = "convert"        # the LibreOffice batch: never at the same time as OCR


def ocr_lane(plan: dispatch.Plan, fh: BinaryIO | None = None, data: bytes | None = None) -> str | None:
    """OCR_LANE for a file that will probably be read by OCR: an image, or a PDF holding a
    page-sized image (pipeline.readers.scanhint); None for the rest."""
    if plan.reader == dispatch.IMAGE:
        return OCR_LANE
    if plan.reader != dispatch.PDF:
        return None
    if data is not None:
        return OCR_LANE if scanhint.has_page_image(data) else None
    if fh is not None:
        return OCR_LANE if scanhint.stream_has_page_image(fh) else None
    return None


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


# ---------------------------------------------------------------- the walk

@dataclass
class Walk:
    files: list[tuple[Path, str]] = dataclasses.field(default_factory=list)
    refused: list[Document] = dataclasses.field(default_factory=list)   # links, special files
    notes: list[Problem] = dataclasses.field(default_factory=list)      # kaohe's own files skipped
    name_notes: dict[str, Problem] = dataclasses.field(default_factory=dict)


def _refused(rel: str, message: str) -> Document:
    return Document(file=rel, sha256="", source="unknown", problems=(Problem(rel, "read", message),))


def _link_message(rel: str, path: str, real_root: str) -> str:
    target = os.path.realpath(path)
    is_dir = os.path.isdir(path)
    what = "是指向文件夹的符号链接" if is_dir else "是符号链接"
    if not os.path.lexists(target) or not os.path.exists(path):
        where = "指向的位置不存在"
    elif target == real_root or target.startswith(real_root + os.sep):
        inside = os.path.relpath(target, real_root).replace(os.sep, "/")
        where = f"指向案例文件夹内的“{escape(decode(inside)[0])}”，该{'文件夹' if is_dir else '文件'}按其本身读取"
    else:
        where = "指向案例文件夹以外的位置"
    return (f"“{rel}”{what}，未读取（{where}）；kaohe 只读取案例文件夹内的普通文件，"
            "请把文件本身放入案例文件夹")


def _is_results(path: Path) -> bool:
    try:
        with open_regular(path) as fh:
            raw = fh.read(64 * 1024 * 1024 + 1)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "schema" in data and "form" in data and "items" in data


def _is_review(path: Path) -> bool:
    try:
        with open_regular(path) as fh, zipfile.ZipFile(fh) as zf:
            with zf.open("xl/workbook.xml") as part:
                head = part.read(256 * 1024)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    return 'name="评审"'.encode() in head


def _is_cache(path: Path, base: str) -> bool:
    if base != CACHE_FILE:
        return True
    try:
        with open_regular(path) as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _own_files(folder: Path, entries: list[os.DirEntry], rel_dir: str) -> tuple[set[str], list[Problem]]:
    """Names in ``folder`` that kaohe wrote, and the notes saying they were skipped."""
    names = {e.name: e for e in entries if e.is_file(follow_symlinks=False)}
    own: set[str] = set()
    notes: list[Problem] = []
    where = f"文件夹“{rel_dir}”" if rel_dir else "案例文件夹"
    if RESULTS_FILE in names and _is_results(folder / RESULTS_FILE):
        outputs = sorted(n for n in names if n in (RESULTS_FILE, PREVIOUS_FILE, REVIEW_FILE)
                         or (n.startswith(OUTPUT_PREFIXES) and n.lower().endswith(OUTPUT_SUFFIXES)))
        own.update(outputs)
        shown = "、".join(escape(decode(n)[0]) for n in outputs[:6]) + ("等" if len(outputs) > 6 else "")
        notes.append(Problem(rel_dir or ".", "read-note",
                             f"{where}是 kaohe 的输出文件夹（含 results.json），其中 kaohe 生成的 "
                             f"{len(outputs)} 个文件（{shown}）不是佐证材料，未读取"))
    if REVIEW_FILE in names and REVIEW_FILE not in own and _is_review(folder / REVIEW_FILE):
        own.add(REVIEW_FILE)
        notes.append(Problem(_join(rel_dir, REVIEW_FILE), "read-note",
                             f"“{_join(rel_dir, REVIEW_FILE)}”是 kaohe 生成的评审表，不是佐证材料，未读取"))
    cache = sorted(n for n in names if n in CACHE_FILES and _is_cache(folder / n, n))
    if cache:
        own.update(cache)
        notes.append(Problem(_join(rel_dir, cache[0]), "read-note",
                             f"{where}中的“{'、'.join(cache)}”是 kaohe 的读取缓存，不是佐证材料，未读取；"
                             "缓存目录不应放在案例文件夹内"))
    return own, notes


def _join(rel_dir: str, name: str) -> str:
    return f"{rel_dir}/{name}" if rel_dir else name


def walk(root: Path) -> Walk:
    """Every regular evidence file under ``root``, what was refused and what was skipped."""
    out = Walk()
    real_root = os.path.realpath(root)

    def visit(folder: Path, rel_dir: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            out.refused.append(_refused(rel_dir or ".", f"无法打开文件夹“{rel_dir or '.'}”（{exc.strerror}），其中的文件未读取"))
            return
        own, notes = _own_files(folder, entries, rel_dir)
        out.notes.extend(notes)
        used: set[str] = set()
        for entry in sorted(entries, key=lambda e: e.name):
            shown_name, encoding = decode(entry.name)
            shown_name = escape(shown_name)
            unique = shown_name
            n = 2
            while unique in used:
                stem, dot, ext = shown_name.rpartition(".")
                unique = f"{stem}（{n}）.{ext}" if dot and stem else f"{shown_name}（{n}）"
                n += 1
            used.add(unique)
            rel = _join(rel_dir, unique)
            if entry.name in own or skipped(rel):
                continue
            path = folder / entry.name
            if entry.is_symlink():
                out.refused.append(_refused(rel, _link_message(rel, str(path), real_root)))
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                out.refused.append(_refused(rel, f"无法打开“{rel}”（{exc.strerror}）"))
                continue
            if stat.S_ISDIR(mode):
                visit(path, rel)
                continue
            if not stat.S_ISREG(mode):
                out.refused.append(_refused(rel, f"“{rel}”是{special_kind(mode)}，不是普通文件，未读取"))
                continue
            if encoding == "GBK":
                out.name_notes[rel] = Problem(rel, "read-note", f"文件名“{rel}”不是 UTF-8 编码，已按 GBK 解读")
            elif encoding:
                out.name_notes[rel] = Problem(rel, "read-note", f"文件名“{rel}”含无法识别的字符，"
                                                                 "已按原始字节显示（\\x..）")
            out.files.append((path, rel))

    visit(Path(root), "")
    out.files.sort(key=lambda pr: natural_key(pr[1]))
    return out


def case_files(root: Path) -> list[tuple[Path, str]]:
    """Every regular evidence file under ``root`` as (path, '/'-relative name), naturally sorted."""
    return walk(root).files


# ---------------------------------------------------------------- worker side

def _timeout_problem(name: str) -> Problem:
    return Problem(name, "read", f"读取文件“{name}”超过 {budget.FILE_SECONDS:.0f} 秒仍未完成，已停止读取"
                                 "（单个文件的用时上限）；请检查文件是否异常，或拆分后重新提交")


def _work(item: Item) -> tuple[Document, bool]:
    try:
        data = item.load()
    except NotRegular as exc:
        return dispatch.finish(item.plan, item.sha256, None, (Problem(
            item.name, "read", f"“{item.name}”已不是普通文件（现在是{exc.what}），未读取"),)), False
    except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        return dispatch.finish(item.plan, item.sha256, None, (Problem(
            item.name, "read", f"无法打开文件“{item.name}”（{exc}）"),)), False
    doc, cacheable = dispatch.run_checked(item.plan, data, item.sha256)
    limit = dispatch.load_limit(item.plan)
    if item.size > limit:
        doc = dataclasses.replace(doc, problems=(dispatch.prefix_note(item.name, item.size, limit),)
                                  + doc.problems)
    return doc, cacheable


def _work_batch(items: list[Item]) -> list[tuple[Document, bool]]:
    """All .doc/.wps through one LibreOffice call; any file it misses is read alone."""
    loaded: list[tuple[Item, bytes]] = []
    out: dict[str, tuple[Document, bool]] = {}
    for item in items:
        try:
            loaded.append((item, item.load()))
        except (OSError, zipfile.BadZipFile, EOFError, ValueError):
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

def cache_inside(directory: Path, root: Path) -> bool:
    """Whether ``directory`` is ``root`` or lies inside it (links resolved, nothing created)."""
    try:
        Path(directory).expanduser().resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def cache_for(cache, root: Path | None):
    """(the cache or None, whether this run opened it); refuses a cache inside ``root``
    before anything is created there."""
    from .cache import ReadCache, default_cache_dir
    if not cache:
        return None, False
    directory = default_cache_dir() if cache is True else cache.directory
    if root is not None and cache_inside(directory, root):
        raise KaoheError(f"缓存目录“{escape(str(directory))}”位于佐证材料文件夹内：kaohe 不向佐证材料文件夹写入任何文件，"
                         "请用环境变量 KAOHE_CACHE_DIR 另选缓存目录，或使用 --no-cache")
    if cache is True:
        return ReadCache(directory), True
    return cache, False


def _collect(files: Iterable[tuple[Path, str]], limits: archive.Limits | None, follow: bool = False,
             name_notes: dict[str, Problem] | None = None) -> tuple[list[Item], list[Document]]:
    """Hash and plan every file; scan archives. Returns the items and the archives' Documents."""
    items: list[Item] = []
    archives: list[Document] = []
    name_notes = name_notes or {}
    for path, rel in files:
        notes = (name_notes[rel],) if rel in name_notes else ()
        try:
            with open_regular(path, follow=follow) as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > budget.MAX_FILE_BYTES:
                    archives.append(Document(file=rel, sha256="", source="unknown",
                                             problems=notes + (dispatch.too_large(rel, size),)))
                    continue
                sha = archive.hash_stream(fh)
                plan = dispatch.plan_stream(fh, size, rel)
                if plan.reader == dispatch.ARCHIVE:
                    scanned = archive.scan(fh, rel, size, limits=limits, notes=notes + plan.notes)
                else:
                    lane = ocr_lane(plan, fh)
        except NotRegular as exc:
            archives.append(_refused(rel, f"“{rel}”是{exc.what}，不是普通文件，未读取"))
            continue
        except OSError as exc:
            archives.append(Document(file=rel, sha256="", source="unknown", problems=notes + (Problem(
                rel, "read", f"无法打开文件“{rel}”（{exc.strerror or exc}）"),)))
            continue
        if plan.reader != dispatch.ARCHIVE:
            items.append(Item(rel, sha, size, plan, path=str(path), follow=follow, notes=notes, lane=lane))
            continue
        archives.extend(scanned.documents)
        for m in scanned.entries:
            items.append(Item(m.name, m.sha256, m.size, m.plan, path=str(path), data=m.data,
                              chain=m.chain, follow=follow, lane=ocr_lane(m.plan, data=m.data)))
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
        from rich.markup import escape

        from .progress import stage_title
        self.bar = Progress(TextColumn(escape(stage_title("读取佐证材料", enabled))), BarColumn(), MofNCompleteColumn(),
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


def _failure_problem(name: str, failure: pool.Failure) -> Problem:
    if failure.kind == "timeout":
        return _timeout_problem(name)
    if failure.kind == "crash":
        return Problem(name, "read", f"读取文件“{name}”时处理进程异常退出，文件可能已损坏或所需内存过大")
    return Problem(name, "read", f"无法读取文件“{name}”：读取时出错（{failure.detail}）")


def _batch_hard(n: int) -> float:
    return (budget.CONVERT_STALL_SECONDS + 30.0) * (n + 1) + budget.HARD_GRACE


def _run_tasks(singles: list[Item], batch: list[Item], workers: int,
               done, bar: _Progress) -> None:
    """Read ``singles`` one per task and ``batch`` in one task, on ``workers`` processes."""
    soft, hard = budget.FILE_SECONDS, budget.FILE_SECONDS + budget.HARD_GRACE
    tasks: list[pool.Task] = []
    if batch:
        tasks.append(pool.Task(_work_batch, (batch,), _batch_hard(len(batch)), _batch_hard(len(batch)),
                               tag=batch, lane=CONVERT_LANE))
    tasks += [pool.Task(_work, (item,), soft, hard, tag=item, lane=item.lane) for item in singles]
    retry: list[Item] = []

    def on_result(task: pool.Task, result) -> None:
        if isinstance(task.tag, list):
            for item, res in zip(task.tag, result):
                done(item, res)
        else:
            done(task.tag, result)

    def on_failure(task: pool.Task, failure: pool.Failure) -> None:
        if isinstance(task.tag, list):          # the batch as a whole: each file alone
            retry.extend(task.tag)
            return
        item = task.tag
        done(item, (dispatch.finish(item.plan, item.sha256, None,
                                    (_failure_problem(item.name, failure),)), False))

    pool.run(tasks, workers, on_result, on_failure, pause=bar.close, resume=bar.start,
             started=bar.start)
    if retry:
        pool.run([pool.Task(_work, (item,), _batch_hard(1), _batch_hard(1), tag=item, lane=item.lane)
                  for item in retry],
                 workers, on_result, on_failure, pause=bar.close, resume=bar.start)


def _shipped(item: Item) -> Item:
    """The item with its bytes, for a reader on another machine."""
    return dataclasses.replace(item, path=None, data=item.load(), chain=())


def _run_on_cluster(address: str, items: list[Item], batch: list[Item], done, bar: _Progress) -> None:
    from .cluster import run_on_cluster

    def failed(item: Item, kind: str, detail: str) -> None:
        if kind == "open":                   # the bytes could not be loaded here: say it as a local read would
            done(item, _work(item))
        else:
            done(item, (dispatch.finish(item.plan, item.sha256, None,
                                        (_failure_problem(item.name, pool.Failure(kind, detail)),)), False))

    bar.start()
    run_on_cluster(address, items, budget.FILE_SECONDS, done, failed, _shipped,
                   batch=batch, batch_seconds=_batch_hard(len(batch)))


def _primary_key(item: Item) -> tuple:
    """Among identical files the one read is a loose file before a zip member, then the
    shortest name ("材料2.txt" before "材料2 - 副本.txt"), then path order."""
    return (bool(item.chain) or item.path is None, len(item.name), natural_key(item.name))


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
               guard_root: bool = True, follow: bool = False,
               name_notes: dict[str, Problem] | None = None,
               early: list[Document] | None = None, scheduler: str | None = None) -> list[Document]:
    """Read the given (path, name) files of a case rooted at ``root``.

    With ``scheduler`` (a Dask scheduler's address) the files are read on that cluster
    (``pipeline.cluster``), otherwise by the local worker pool.

    With ``guard_root`` a cache stored inside ``root`` is refused (KaoheError).
    ``workers=0`` reads in this process. ``early`` Documents (refused files) join the result.
    """
    cache_obj, owned = cache_for(cache, root if guard_root else None)
    try:
        items, archives = _collect(files, limits, follow, name_notes)
        unique, aliases = _dedupe(items)

        docs: dict[str, Document] = {}
        todo: list[Item] = []
        for item in unique:
            hit = cache_obj.get(item.sha256, item.name) if cache_obj else None
            if hit is not None:
                docs[item.name] = hit
            else:
                todo.append(item)

        bar = _Progress(len(unique), progress if sys.stderr is not None else False)
        bar.advance(len(docs))

        def done(item: Item, res: tuple[Document, bool]) -> None:
            doc, cacheable = res
            docs[item.name] = doc
            if cache_obj and cacheable and not any(p.stage == "convert" for p in doc.problems):
                cache_obj.put(doc)
            elif cache_obj:
                cache_obj.index(doc)       # searchable until it is read again
            bar.advance()

        batch: list[Item] = []
        if importlib.util.find_spec("pipeline.readers.convert") is not None:
            batch = [i for i in todo if i.plan.reader in _BATCHED
                     and dispatch.suffix_of(i.name) in _BATCHED[i.plan.reader]]
        batched = {id(i) for i in batch}
        singles = sorted((i for i in todo if id(i) not in batched), key=lambda i: -i.size)
        if len(batch) == 1:
            singles, batch = batch + singles, []
        if scheduler:
            _run_on_cluster(scheduler, singles, batch, done, bar)
            singles, batch = [], []
        try:
            if singles or batch:
                _run_tasks(singles, batch, _default_workers() if workers is None else workers, done, bar)
        finally:
            bar.close()

        by_name = {item.name: item for item in items}
        out: list[Document] = list(early or []) + archives
        for item in unique:
            doc = docs.get(item.name)
            if doc is None:  # never lose a file, whatever happened above
                doc = dispatch.finish(item.plan, item.sha256, None, (Problem(
                    item.name, "read", f"文件“{item.name}”未能读取（内部错误）"),))
            notes = by_name[item.name].notes
            out.append(dataclasses.replace(doc, aliases=tuple(aliases[item.name]),
                                           problems=notes + doc.problems))
        out.sort(key=lambda d: natural_key(d.file))
        return out
    finally:
        if owned and cache_obj is not None:
            cache_obj.close()


def read_case(case_dir: Path, *, workers: int | None = None, cache=True, progress: bool = True,
              limits: archive.Limits | None = None, notes: list[Problem] | None = None,
              scheduler: str | None = None) -> list[Document]:
    """Read every evidence file under ``case_dir``.

    ``cache`` is True (the default cache), False/None (no cache) or a ReadCache.
    Notes about skipped files kaohe wrote itself are appended to ``notes``.
    """
    root = Path(case_dir)
    if not root.is_dir():
        raise KaoheError(f"找不到佐证材料文件夹“{escape(decode(str(case_dir))[0])}”")
    found = walk(root)
    if notes is not None:
        notes.extend(found.notes)
    stamp = case_stamp(found.files)        # before reading: a file changed meanwhile reads again
    cache_obj, owned = cache_for(cache, root)
    try:
        docs = read_files(root, found.files, workers=workers, cache=cache_obj or False, progress=progress,
                          limits=limits, name_notes=found.name_notes, early=found.refused,
                          scheduler=scheduler)
        if cache_obj is not None:
            cache_obj.remember_case(os.path.realpath(root), stamp, docs)
        return docs
    finally:
        if owned and cache_obj is not None:
            cache_obj.close()


def case_stamp(files: list[tuple[Path, str]]) -> str:
    """A digest of the case's files as the file system lists them (name, size, times, inode):
    while it holds, the files are the ones last read (``kaohe search`` relies on it)."""
    h = hashlib.sha256()
    for path, rel in files:
        try:
            st = os.stat(path, follow_symlinks=False)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode(
                "utf-8", "surrogateescape"))
        except OSError:
            h.update(f"{rel}\0-\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def read_path(path: Path, **kwargs) -> list[Document]:
    """A folder (as ``read_case``) or one file, named by its base name.

    A path named on the command line is followed if it is a link; a FIFO, socket or
    device is answered at once with a problem, never opened.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise KaoheError(f"无法打开“{escape(decode(str(path))[0])}”（{exc.strerror}）") from None
    name = escape(decode(path.name)[0])
    if stat.S_ISDIR(mode):
        return read_case(path, **kwargs)
    if not stat.S_ISREG(mode):
        return [_refused(name, f"“{name}”是{special_kind(mode)}，不是普通文件，未读取")]
    return read_files(path.parent, [(path, name)], guard_root=False, follow=True, **kwargs)
