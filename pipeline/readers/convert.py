"""Convert .doc / .wps (and mislabelled Word files) to .docx with LibreOffice, then read them.

LibreOffice runs headless with its own throw-away profile, in a temp folder
outside the case folder (``kaohe-convert-<pid>-…``), in its own process
group. The produced .docx is read with :func:`pipeline.readers.docx.read`
under the ORIGINAL name, so every locator points at the .doc/.wps file.

``convert_many`` converts many files in one LibreOffice call (start-up is
most of the cost). LibreOffice converts them in order, so the batch is
watched: when no new output appears for ``CONVERT_STALL_SECONDS`` the file
being converted is the slow one; LibreOffice is killed, that file is named
as timed out and the rest of the batch goes on in a new call. Files the batch
did not produce are retried one by one.

On every exit path — an exception, Ctrl-C, SIGTERM from the worker pool —
the LibreOffice process group is killed and the temp folder removed; a
temp folder left by a process that was killed outright (SIGKILL) is removed
by the next conversion.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem
from . import ReadResult, budget
from .office_sniff import kind_of

DEFAULT_TIMEOUT = budget.CONVERT_STALL_SECONDS   # one file, or one file's turn in a batch
STARTUP_SECONDS = 30.0             # LibreOffice's start-up (a fresh profile) before the first file
POLL_SECONDS = 0.2
WORK_PREFIX = "kaohe-convert-"
_WORK_NAME = re.compile(rf"^{WORK_PREFIX}(\d+)-")

# Explicit export filters: HTML opens in Writer/Web, which has no plain "docx" export.
_EXPORT_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}

_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice binary: $KAOHE_SOFFICE, then PATH, then the usual install places."""
    env = os.environ.get("KAOHE_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    for exe in ("soffice", "libreoffice"):
        found = shutil.which(exe)
        if found:
            return found
    for path in _CANDIDATES:
        if Path(path).exists():
            return path
    return None


def _source(name: str) -> str:
    return "wps" if name.lower().endswith(".wps") else "doc"


def _fail(name: str, source: str, message: str) -> ReadResult:
    return ReadResult(source=source, problems=(Problem(name, "convert", message),))


def _hint(target: str) -> str:
    return "请用 WPS/Excel 打开后另存为 .xlsx 再试" if target == "xlsx" else "请用 WPS/Word 打开后另存为 .docx 再试"


def _missing_soffice(name: str, source: str, target: str) -> ReadResult:
    if target == "xlsx":
        return _fail(name, source, f"未安装 LibreOffice，无法转换旧版 Excel 文件“{name}”。"
                                   "请安装 LibreOffice（命令 soffice），或将该文件另存为 .xlsx 后重新运行")
    return _fail(name, source, f"未安装 LibreOffice，无法转换 .doc/.wps 文件“{name}”。"
                               "请安装 LibreOffice（命令 soffice），或将该文件另存为 .docx 后重新运行")


@dataclass
class _Run:
    ok: bool
    timed_out: bool
    detail: str = ""
    stuck: int | None = None        # index (in the files given) of the file LibreOffice stalled on


def _report_group(pgid: int) -> None:
    try:
        from ..workers import report_group
    except ImportError:
        return
    report_group(pgid)


def _run_soffice(soffice: str, files: list[Path], outdir: Path, profile: Path, timeout: float,
                 target: str) -> _Run:
    """Convert ``files``; stop when no new output appears for ``timeout`` seconds."""
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           f"-env:UserInstallation={profile.as_uri()}", "--convert-to", _EXPORT_FILTERS.get(target, target),
           "--outdir", str(outdir), *[str(f) for f in files]]
    log_path = profile.parent / "soffice.log"        # a file, not a pipe: LibreOffice never blocks on it
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log,
                                    stdin=subprocess.DEVNULL, start_new_session=True,
                                    env=_soffice_env(profile.parent))
    except OSError as exc:
        return _Run(False, False, str(exc))
    _report_group(proc.pid)
    try:
        done = [False] * len(files)
        last_progress = time.monotonic()
        allowance = timeout + min(STARTUP_SECONDS, timeout)
        while True:
            try:
                proc.wait(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                pass
            grew = False
            for i in (i for i, d in enumerate(done) if not d):
                if _produced(outdir, files[i], target) is not None:
                    done[i] = grew = True
            now = time.monotonic()
            if grew:
                last_progress, allowance = now, timeout
            elif now - last_progress > allowance:
                _kill_group(proc)
                last = max((i for i, d in enumerate(done) if d), default=-1)
                return _Run(False, True, stuck=min(last + 1, len(files) - 1))
        try:
            err = log_path.read_bytes()[-500:]
        except OSError:
            err = b""
        return _Run(proc.returncode == 0, False, err.decode("utf-8", "replace"))
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        _report_group(0)


def _soffice_env(work: Path) -> dict[str, str]:
    """LibreOffice's own temp files go into the work folder, removed with it."""
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}


def _produced(outdir: Path, path: Path, target: str) -> Path | None:
    out = outdir / (path.stem + "." + target)
    try:
        return out if out.stat().st_size > 0 else None
    except OSError:
        return None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def sweep_stale(tmp: str | None = None) -> None:
    """Remove temp folders of conversions whose process no longer exists."""
    base = Path(tmp or tempfile.gettempdir())
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    for entry in entries:
        m = _WORK_NAME.match(entry.name)
        if not m or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group(1))
        try:
            os.kill(pid, 0)
            continue                      # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue                      # another user's process
        shutil.rmtree(entry, ignore_errors=True)


def _input_suffix(data: bytes, name: str) -> str:
    """A suffix that lets LibreOffice pick the right import filter for these bytes."""
    kind = kind_of(data)
    if kind == "ole":
        return ".doc"
    if kind == "rtf":
        return ".rtf"
    if kind == "html":
        return ".html"
    if kind == "zip":
        return ".docx"
    return Path(name).suffix.lower() or ".doc"


def _precheck(data: bytes, name: str, source: str, target: str) -> ReadResult | None:
    """Answer without LibreOffice when the bytes say what is wrong, or need no conversion."""
    kind = kind_of(data)
    if kind == "empty":
        return _fail(name, source, f"文件“{name}”是空文件（0 字节），没有可读取的内容")
    if kind == "encrypted":
        return _fail(name, source, f"文件“{name}”已加密（设置了打开密码），无法读取，请提供未加密的版本")
    if target == "docx":
        from . import docx
        if kind == "zip":          # really a .docx with an old name
            result = docx.read(data, name)
            return ReadResult(source, result.blocks, result.problems, result.pages)
        if kind == "text":
            return docx.read_as_text(data, name, "Word 文档")
        if kind == "pdf":
            return _fail(name, source, f"文件“{name}”实际是 PDF 文件而不是 Word 文档，请将扩展名改为 .pdf 后再提交")
    return None


def looks_garbled(text: str) -> bool:
    """True for text that is mostly characters no Chinese document is written in.

    LibreOffice imports a file it cannot recognise as plain text, so a
    corrupt .doc "converts" into random code points; those must not pass
    for evidence.
    """
    sample = [ch for ch in text[:20000] if not ch.isspace()]
    if len(sample) < 20:
        return False
    common = 0
    for ch in sample:
        o = ord(ch)
        if (o < 0x250 or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
                or 0x2000 <= o <= 0x206F or 0x2460 <= o <= 0x24FF or 0x2150 <= o <= 0x218F):
            common += 1
    return common < 0.7 * len(sample)


def _read_converted(out: bytes, name: str, source: str, target: str) -> ReadResult:
    if target == "xlsx":
        from . import xlsx
        result = xlsx.read(out, name)
    else:
        from . import docx
        result = docx.read(out, name)
    if looks_garbled("".join(b.text for b in result.blocks)):
        return _fail(name, source, f"文件“{name}”的内容无法识别（转换结果是乱码），文件可能已损坏"
                                   f"或格式不符；{_hint(target)}")
    return ReadResult(source, result.blocks, result.problems, result.pages)


def _failed_conversion(name: str, source: str, run: _Run, timeout: float, target: str) -> ReadResult:
    if run.timed_out:
        return _fail(name, source, f"文件“{name}”转换超时（超过 {timeout:.0f} 秒没有完成），LibreOffice 未能完成转换，"
                                   f"文件可能已损坏；其余文件已照常转换；{_hint(target)}")
    return _fail(name, source, f"文件“{name}”无法转换（LibreOffice 转换失败），文件可能已损坏、已加密"
                               f"或格式不受支持；{_hint(target)}")


def convert_many(items: list[tuple[bytes, str]], *, timeout: float = DEFAULT_TIMEOUT,
                 soffice: str | None = None, target: str = "docx",
                 source: str | None = None) -> dict[str, ReadResult]:
    """Convert and read many .doc/.wps files with one LibreOffice call.

    Returns ``{name: ReadResult}``. A file LibreOffice stalls on for ``timeout``
    seconds is reported as timed out and the batch goes on without it; files the
    batch did not produce are retried one by one, so one bad file cannot lose the others.
    """
    results: dict[str, ReadResult] = {}
    todo: list[tuple[bytes, str, str]] = []
    for data, name in items:
        src = source or _source(name)
        early = _precheck(data, name, src, target)
        if early is not None:
            results[name] = early
        else:
            todo.append((data, name, src))
    if not todo:
        return results
    exe = soffice or find_soffice()
    if exe is None:
        for _data, name, src in todo:
            results[name] = _missing_soffice(name, src, target)
        return results

    sweep_stale()
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        indir, outdir, profile = work / "in", work / "out", work / "profile"
        for d in (indir, outdir, profile):
            d.mkdir()
        paths: list[Path] = []
        for i, (data, name, _src) in enumerate(todo):
            path = indir / f"f{i:05d}{_input_suffix(data, name)}"
            path.write_bytes(data)
            paths.append(path)

        runs: dict[int, _Run] = {}
        pending = list(range(len(paths)))
        while len(pending) > 1:
            run = _run_soffice(exe, [paths[i] for i in pending], outdir, profile, timeout, target)
            if not run.timed_out:
                break
            stuck = pending[run.stuck or 0]
            runs[stuck] = run
            pending = [i for i in pending if i != stuck and _produced(outdir, paths[i], target) is None]
        for i, (path, (data, name, src)) in enumerate(zip(paths, todo)):
            out = _produced(outdir, path, target)
            if out is None and i not in runs:
                runs[i] = _run_soffice(exe, [path], outdir, profile, timeout, target)
                out = _produced(outdir, path, target)
            if out is None:
                results[name] = _failed_conversion(name, src, runs[i], timeout, target)
            else:
                results[name] = _read_converted(out.read_bytes(), name, src, target)
            for f in (path, outdir / (path.stem + "." + target)):
                f.unlink(missing_ok=True)        # keep the temp folder small as we go
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def convert_one(data: bytes, name: str, *, source: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                soffice: str | None = None, target: str = "docx") -> ReadResult:
    """Convert and read one file (see :func:`convert_many`)."""
    return convert_many([(data, name)], timeout=timeout, soffice=soffice, target=target,
                        source=source)[name]


def read_doc(data: bytes, name: str) -> ReadResult:
    """Reader for .doc files."""
    return _safe(data, name, "doc")


def read_wps(data: bytes, name: str) -> ReadResult:
    """Reader for .wps files (WPS Office text documents)."""
    return _safe(data, name, "wps")


def _safe(data: bytes, name: str, source: str) -> ReadResult:
    try:
        return convert_one(data, name, source=source)
    except Exception as exc:  # a reader must not stop the run
        return _fail(name, source, f"文件“{name}”转换时出错（{type(exc).__name__}），无法读取其内容，"
                                   "请用 WPS/Word 打开后另存为 .docx 再试")
