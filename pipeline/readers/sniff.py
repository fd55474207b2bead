"""What a file really is, from its first bytes (and, for zip and OLE files, their members).

``sniff(data)`` returns one of the kinds below, or None for bytes it cannot
recognise; ``sniff_stream(fh)`` does the same on a seekable binary file with
bounded memory (a zip's directory, the head, OLE stream names in chunks). Evidence files are often mislabelled: a .pdf that is a .docx,
a .txt renamed .docx, a .doc saved with a .docx suffix; the dispatcher
compares the kind with the suffix.
"""
from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

# Kinds and how a reviewer names them (Chinese).
KIND_NAMES = {
    "pdf": "PDF文件",
    "docx": "Word文档（.docx格式）",
    "xlsx": "Excel表格（.xlsx格式）",
    "pptx": "PowerPoint演示文稿（.pptx格式）",
    "odf": "OpenDocument文档（.odt/.ods等格式）",
    "ofd": "OFD版式文件",
    "zip": "ZIP压缩包",
    "doc": "Word文档（旧版.doc格式）",
    "xls": "Excel表格（旧版.xls格式）",
    "ppt": "PowerPoint演示文稿（旧版.ppt格式）",
    "ole-encrypted": "加密的Office文档",
    "ole": "旧版Office文档",
    "rtf": "RTF格式文档",
    "html": "网页（HTML）文件",
    "jpeg": "JPEG图片",
    "png": "PNG图片",
    "tiff": "TIFF图片",
    "bmp": "BMP图片",
    "gif": "GIF图片",
    "webp": "WebP图片",
    "rar": "RAR压缩包",
    "7z": "7z压缩包",
    "text": "纯文本",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the OLE directory (stored UTF-16LE); the first found wins.
_OLE_STREAMS = [
    ("ole-encrypted", "EncryptedPackage"),
    ("doc", "WordDocument"),
    ("xls", "Workbook"),
    ("ppt", "PowerPoint Document"),
    ("xls", "Book"),
]
_TEXT_PROBE = 64 * 1024
_OLE_CHUNK = 1024 * 1024


def sniff(data: bytes) -> str | None:
    return sniff_stream(io.BytesIO(data)) if data else None


def sniff_stream(fh: BinaryIO) -> str | None:
    """The kind of the bytes in ``fh`` (read from its start; the position is left anywhere)."""
    fh.seek(0)
    probe = fh.read(_TEXT_PROBE)
    head = probe[:16]
    if not probe:
        return None
    if probe[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(fh)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(fh)
    data = probe
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_like_html(data):
        return "html"
    if _looks_like_text(data):
        return "text"
    return None


def _sniff_zip(fh: BinaryIO) -> str:
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names or any(n.startswith("word/") for n in names) \
                    and "[Content_Types].xml" in names:
                return "docx"
            if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names) \
                    and "[Content_Types].xml" in names:
                return "xlsx"
            if any(n.startswith("ppt/") for n in names) and "[Content_Types].xml" in names:
                return "pptx"
            if "OFD.xml" in names:
                return "ofd"
            if "mimetype" in names:
                try:
                    with zf.open("mimetype") as member:
                        mime = member.read(100)
                except Exception:  # noqa: BLE001 - any damage means "plain zip"
                    mime = b""
                if mime.startswith(b"application/vnd.oasis.opendocument"):
                    return "odf"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass
    return "zip"


def _sniff_ole(fh: BinaryIO) -> str:
    """The first kind of _OLE_STREAMS whose stream name is anywhere in the file."""
    patterns = [(kind, stream.encode("utf-16-le")) for kind, stream in _OLE_STREAMS]
    overlap = max(len(p) for _, p in patterns)
    found: set[bytes] = set()
    fh.seek(0)
    tail = b""
    while True:
        chunk = fh.read(_OLE_CHUNK)
        if not chunk:
            break
        window = tail + chunk
        found.update(p for _, p in patterns if p not in found and window.find(p) != -1)
        if found and patterns[0][1] in found:
            break
        tail = window[-overlap:]
    for kind, pattern in patterns:
        if pattern in found:
            return kind
    return "ole"


def _looks_like_html(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<html", b"<!doctype html", b"mime-version:")) \
        or (start.startswith(b"<?xml") and b"<html" in data[:2048].lower())


def _looks_like_text(data: bytes) -> bool:
    probe = data[:_TEXT_PROBE]
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = probe[: len(probe) // 2 * 2].decode("utf-16", errors="strict")
        except UnicodeDecodeError:
            return False
    else:
        if b"\x00" in probe:
            return False
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = probe.decode(encoding)
                break
            except UnicodeDecodeError as exc:
                # A multi-byte character cut by the probe window is fine.
                if len(probe) == _TEXT_PROBE and exc.start >= len(probe) - 4:
                    try:
                        text = probe[: exc.start].decode(encoding)
                        break
                    except UnicodeDecodeError:
                        continue
        if text is None:
            return False
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls <= len(text) // 100
