"""Convert .doc / .wps (and mislabelled Word files) to .docx with LibreOffice, then read them.

LibreOffice runs headless with its own throw-away profile, in a temp folder
outside the case folder, under a timeout; on timeout the whole process group
is killed. The produced .docx is read with :func:`pipeline.readers.docx.read`
under the ORIGINAL name, so every locator points at the .doc/.wps file.

``convert_many`` converts many files in one LibreOffice call (start-up is
most of the cost) and falls back to one call per file for whatever the batch
did not produce (a bad file, a crash, a timeout).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem
from . import ReadResult
from .office_sniff import kind_of

DEFAULT_TIMEOUT = 120.0
PER_FILE_BATCH_TIMEOUT = 10.0      # a batch gets DEFAULT_TIMEOUT plus this much per file

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


def _run_soffice(soffice: str, files: list[Path], outdir: Path, profile: Path, timeout: float,
                 target: str) -> _Run:
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           f"-env:UserInstallation={profile.as_uri()}", "--convert-to", _EXPORT_FILTERS.get(target, target),
           "--outdir", str(outdir), *[str(f) for f in files]]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return _Run(False, False, str(exc))
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        return _Run(False, True)
    return _Run(proc.returncode == 0, False, err.decode("utf-8", "replace")[-500:])


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass


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
        return _fail(name, source, f"文件“{name}”转换超时（超过 {timeout:.0f} 秒），LibreOffice 未能完成转换，"
                                   f"文件可能已损坏；{_hint(target)}")
    return _fail(name, source, f"文件“{name}”无法转换（LibreOffice 转换失败），文件可能已损坏、已加密"
                               f"或格式不受支持；{_hint(target)}")


def convert_many(items: list[tuple[bytes, str]], *, timeout: float = DEFAULT_TIMEOUT,
                 soffice: str | None = None, target: str = "docx",
                 source: str | None = None) -> dict[str, ReadResult]:
    """Convert and read many .doc/.wps files with one LibreOffice call.

    Returns ``{name: ReadResult}``. Files the batch did not produce are retried
    one by one (each under ``timeout``), so one bad file cannot lose the others.
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

    work = Path(tempfile.mkdtemp(prefix="kaohe-convert-"))
    try:
        indir, outdir, profile = work / "in", work / "out", work / "profile"
        for d in (indir, outdir, profile):
            d.mkdir()
        paths: list[Path] = []
        for i, (data, name, _src) in enumerate(todo):
            path = indir / f"f{i:05d}{_input_suffix(data, name)}"
            path.write_bytes(data)
            paths.append(path)

        def produced(path: Path) -> Path | None:
            out = outdir / (path.stem + "." + target)
            return out if out.exists() and out.stat().st_size > 0 else None

        last = _Run(True, False)
        if len(paths) > 1:
            last = _run_soffice(exe, paths, outdir, profile, timeout + PER_FILE_BATCH_TIMEOUT * len(paths),
                                target)
        for path, (data, name, src) in zip(paths, todo):
            out = produced(path)
            if out is None:
                last = _run_soffice(exe, [path], outdir, profile, timeout, target)
                out = produced(path)
            if out is None:
                results[name] = _failed_conversion(name, src, last, timeout, target)
            else:
                results[name] = _read_converted(out.read_bytes(), name, src, target)
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
