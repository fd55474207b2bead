"""Hostile and odd inputs, built for real: a small case, a secret outside it, and ways to run kaohe."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.evaluate.case_builder import HOSPITALS, case_folder, docx

REPO = Path(__file__).resolve().parents[2]
KAOHE = [str(Path(sys.executable).parent / "kaohe")]
SECRET = "外部机密内容-不应出现-7Q3ZX"          # written only outside the case folder


def make_case(tmp_path: Path, name: str = "case") -> Path:
    """A 附件2 case with one real document of the supporting hospital."""
    folder = case_folder(tmp_path, "duikou", 2016, HOSPITALS)
    if name != "case":
        folder = folder.rename(folder.with_name(name))
    docx(folder, "01-领导小组.docx", ["东江市第一人民医院文件", "东医发〔2016〕3号",
                                    "关于成立对口支援工作领导小组的通知", "院内各科室：",
                                    "为做好对口支援青石县人民医院工作，医院成立对口支援工作领导小组，院长任组长。",
                                    "东江市第一人民医院", "2016年2月1日"])
    return folder


def secret_outside(tmp_path: Path) -> Path:
    """A file and a folder outside the case that hold the secret."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "passwd.txt").write_text(f"root:x:0:0:{SECRET}\n", encoding="utf-8")
    (outside / "sub").mkdir(exist_ok=True)
    (outside / "sub" / "机密.txt").write_text(SECRET + "\n", encoding="utf-8")
    return outside


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e["KAOHE_CACHE_DIR"] = str(tmp_path / "cache")          # every test its own cache
    e["PYTHONPATH"] = str(REPO)
    e.update(extra)
    return e


def kaohe(tmp_path: Path, *args: str, cwd: Path | None = None, timeout: float = 300,
          **extra: str) -> subprocess.CompletedProcess:
    """Run the installed command as a user does; returns the completed process."""
    return subprocess.run(KAOHE + list(args), capture_output=True, text=True, timeout=timeout,
                          cwd=str(cwd or tmp_path), env=env(tmp_path, **extra))


def every_text(folder: Path) -> str:
    """Everything under ``folder`` as text: plain files, and the XML inside .docx/.xlsx."""
    out: list[str] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        out.append(data.decode("utf-8", "replace"))
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    out.append(zf.read(member).decode("utf-8", "replace"))
    return "\n".join(out)


def assert_nothing_outside(out: Path, *texts: str) -> None:
    assert SECRET not in every_text(out)
    for text in texts:
        assert SECRET not in text
