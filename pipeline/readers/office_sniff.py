"""Tell what an Office file really is from its first bytes, and read zip parts safely.

Units rename files freely: a ``.docx`` may be an old ``.doc``, an encrypted
package, RTF, HTML saved by Word, or plain text. These helpers look at the
bytes, never at the suffix.
"""
from __future__ import annotations

import zipfile

from ..model import Problem
from . import ReadResult, budget

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MAX_PART_BYTES = budget.MAX_XML_PART_BYTES   # decompressed size bound for one secondary part


class PartTooLarge(Exception):
    """A zip member whose decompressed size is beyond MAX_PART_BYTES."""


def kind_of(data: bytes) -> str:
    """empty | zip | ole | encrypted | rtf | html | pdf | text | binary."""
    if not data:
        return "empty"
    head = data[:1024]
    if head.startswith(OLE_MAGIC):
        return "encrypted" if is_encrypted_ole(data) else "ole"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    lower = stripped[:512].lower()
    if (lower.startswith(b"<html") or lower.startswith(b"<!doctype html") or b"<html" in lower
            or lower.startswith(b"mime-version:")):
        return "html"
    if decode_text(data) is not None:
        return "text"
    return "binary"


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE file that needs a password: an encrypted OOXML package, or a .doc/.xls with one."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return True
    word = ole_stream_head(data, "WordDocument")
    if word is not None and len(word) >= 12 and word[:2] == b"\xec\xa5":
        return bool(int.from_bytes(word[10:12], "little") & 0x0100)      # FIB fEncrypted
    book = ole_stream_head(data, "Workbook") or ole_stream_head(data, "Book")
    if book is not None:
        pos = 0
        for _ in range(20):                                             # FILEPASS follows BOF closely
            if pos + 4 > len(book):
                break
            rtype = int.from_bytes(book[pos:pos + 2], "little")
            if rtype == 0x002F:
                return True
            pos += 4 + int.from_bytes(book[pos + 2:pos + 4], "little")
    return False


def ole_stream_head(data: bytes, stream: str) -> bytes | None:
    """The first sector of a (regular, not mini) stream of an OLE compound file, or None.

    A minimal reader of the compound file header, FAT and directory: enough to
    look at the first bytes of WordDocument / Workbook.
    """
    try:
        if not data.startswith(OLE_MAGIC) or len(data) < 512:
            return None
        size = 1 << int.from_bytes(data[0x1E:0x20], "little")
        if size not in (512, 4096):
            return None

        def sector(n: int) -> bytes:
            off = (n + 1) * size
            return data[off:off + size]

        fat_sectors = [int.from_bytes(data[0x4C + 4 * i:0x50 + 4 * i], "little") for i in range(109)]
        fat = b"".join(sector(n) for n in fat_sectors if n < 0xFFFFFFFA)

        def next_sector(n: int) -> int:
            return int.from_bytes(fat[4 * n:4 * n + 4], "little") if 4 * n + 4 <= len(fat) else 0xFFFFFFFE

        cutoff = int.from_bytes(data[0x38:0x3C], "little") or 4096
        root_start = None
        n = int.from_bytes(data[0x30:0x34], "little")
        for _ in range(1000):
            if n >= 0xFFFFFFFA:
                break
            block = sector(n)
            for off in range(0, len(block) - 127, 128):
                entry = block[off:off + 128]
                name_len = int.from_bytes(entry[0x40:0x42], "little")
                name = entry[:max(name_len - 2, 0)].decode("utf-16-le", "replace")
                start = int.from_bytes(entry[0x74:0x78], "little")
                if entry[0x42] == 5:
                    root_start = start
                if name == stream and entry[0x42] == 2:
                    length = int.from_bytes(entry[0x78:0x7C], "little")
                    if start >= 0xFFFFFFFA:
                        return None
                    if length >= cutoff:
                        return sector(start)
                    if root_start is None:
                        return None
                    # a small stream lives in the mini stream (64-byte sectors inside the root stream)
                    index, within = divmod(start * 64, size)
                    k = root_start
                    for _ in range(index):
                        k = next_sector(k)
                        if k >= 0xFFFFFFFA:
                            return None
                    return sector(k)[within:within + 64]
            n = next_sector(n)
    except (IndexError, ValueError, OverflowError):
        return None
    return None


def decode_text(data: bytes) -> str | None:
    """Decode bytes that look like plain text (UTF-8/UTF-16 with BOM, UTF-8, GB18030), else None."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        if b"\x00" in data[:4096]:
            return None
        text = None
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            return None
    sample = text[:4000]
    if not sample.strip():
        return None
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return text if bad <= len(sample) * 0.01 else None


def read_member(zf: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    """Read one member, refusing more than ``limit`` decompressed bytes (zip bombs lie in headers)."""
    limit = MAX_PART_BYTES if limit is None else limit
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise PartTooLarge(name)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise PartTooLarge(name)
    return data


def read_prefix(zf: zipfile.ZipFile, name: str, limit: int) -> tuple[bytes, bool]:
    """The first ``limit`` decompressed bytes of a member, and whether it had more."""
    with zf.open(zf.getinfo(name)) as fh:
        data = fh.read(limit + 1)
    return data[:limit], len(data) > limit


def find_member(zf: zipfile.ZipFile, name: str) -> str | None:
    """The member called ``name``, matched without regard to case or a leading slash."""
    want = name.lstrip("/").lower()
    for member in zf.namelist():
        if member.lstrip("/").lower() == want:
            return member
    return None


def guarded(read_impl, source: str, advice: str):
    """``read(data, name)`` for an Office reader: a file that is empty or encrypted
    gets its message, any failure inside the reader becomes a Problem, never an
    exception (``advice`` tells the user how to re-save the file)."""
    def read(data: bytes, name: str) -> ReadResult:
        try:
            kind = kind_of(data)
            if kind == "empty":
                return problem_result(name, source, f"文件“{name}”是空文件（0 字节），没有可读取的内容")
            if kind == "encrypted":
                return problem_result(name, source, f"文件“{name}”已加密（设置了打开密码），无法读取，请提供未加密的版本")
            return read_impl(data, name, kind)
        except Exception as exc:  # a reader must not stop the run
            return problem_result(name, source, f"文件“{name}”读取时出错（{type(exc).__name__}），无法读取其内容，{advice}")
    return read


def problem_result(name: str, source: str, message: str) -> ReadResult:
    return ReadResult(source=source, problems=(Problem(name, "read", message),))
