"""Safe output files: atomic writes and file names that every system accepts."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..names import fit_name

_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def safe_name(text: str, limit: int = 120) -> str:
    """A file-name component: no path separators, reserved or control characters."""
    name = _BAD_NAME.sub("_", str(text)).strip(" .")
    name = re.sub(r"_+", "_", name)
    return name[:limit] or "未命名"


def output_name(stem: str, suffix: str) -> str:
    """An output file's name: ``stem`` made safe and the whole name cut by bytes to what a
    file system allows (255), keeping the suffix — the case name stays whole inside the file."""
    return fit_name(safe_name(stem, 1000) + suffix)


def xml_text(value: object) -> str:
    """Text that can go into XML (Word, xlsx): drops control characters XML forbids."""
    return _XML_BAD.sub("", "" if value is None else str(value))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temp file beside ``path`` and move it into place.

    A reader never sees a half-written file, and a failed write leaves the old
    file untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())       # mkstemp makes it private; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
