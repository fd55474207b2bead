"""PDF copies of the Word outputs (forms, report, letter), made by LibreOffice headless.

A server has none of the faces the documents name (仿宋_GB2312, 宋体, 黑体,
方正小标宋简体); ``templates/fontconfig/fonts.conf`` maps them to the free Noto CJK
faces installed by the bootstrap (serif for 宋/仿宋/小标宋, sans for 黑体), and
LibreOffice embeds the faces it used, so the PDF reads the same on any machine.
One LibreOffice call converts all the files of a case, in a private profile, with
a time limit; a failure is a message and the .docx files stay.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .files import atomic_write

FONTS_CONF = Path(__file__).resolve().parents[2] / "templates" / "fontconfig" / "fonts.conf"
TIMEOUT = 300


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_env() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env.setdefault("HOME", tempfile.gettempdir())
    return env


def to_pdf(paths: list[Path], out_dir: Path, timeout: int = TIMEOUT) -> tuple[list[Path], list[str]]:
    """Convert ``paths`` (.docx/.xlsx) to PDFs in ``out_dir``; (written, problems in Chinese)."""
    paths = [Path(p) for p in paths]
    if not paths:
        return [], []
    exe = soffice()
    if exe is None:
        return [], ["未安装 LibreOffice（soffice），未生成 PDF；请运行 scripts/bootstrap.sh 安装"]
    written: list[Path] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kaohe-pdf-") as tmp:
        work = Path(tmp)
        # LibreOffice names its output after the input: copy to plain names first, so
        # long or odd case names never trouble it, and map back afterwards.
        sources = []
        for i, p in enumerate(paths):
            src = work / f"in{i}{p.suffix}"
            shutil.copyfile(p, src)
            sources.append(src)
        cmd = [exe, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work / "out")] + [str(s) for s in sources]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=pdf_env(),
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return [], [f"LibreOffice 在{timeout}秒内未完成 PDF 转换，已停止；Word 文件不受影响"]
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        for src, original in zip(sources, paths):
            pdf = work / "out" / (src.stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                written.append(atomic_write(Path(out_dir) / (original.stem + ".pdf"), pdf.read_bytes()))
            else:
                detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
                problems.append(f"“{original.name}”未能转换为 PDF" + (f"（{detail[0]}）" if detail else ""))
    return written, problems
