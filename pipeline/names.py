"""File names as a reviewer can read them, and output names every file system accepts.

Names on disk are bytes. A folder copied from Chinese Windows may hold GBK
bytes that are not UTF-8; Python hands them over with lone surrogates
(``os.fsdecode``), which cannot be printed, written to JSON or put into Word.
``display_name`` decodes such a name (UTF-8, then GB18030, a superset of GBK)
and writes every control, terminal-escape or bidirectional-override character
as a visible escape (``\\x1b``), so a name can never move the cursor, recolour
a terminal or reverse the text around it. ``fit_name`` cuts a name to the
255-byte limit of common file systems, keeping its extension.
"""
from __future__ import annotations

import os
import re

NAME_MAX = 255          # bytes in one path component (ext4, xfs, btrfs, tmpfs)

# C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), bidi embeddings/overrides/isolates,
# and the line/paragraph separators: none belongs in a file name, all can fool a terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def decode(name: str) -> tuple[str, str | None]:
    """A name from the file system as text, and the encoding used when it was not UTF-8.

    Undecodable bytes are written as ``\\xNN``.
    """
    if not _SURROGATE.search(name):
        return name, None
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), "unknown"


def display_name(name: str) -> str:
    """One path component (or a '/' path) as it is shown and stored: decoded and escaped."""
    return escape(decode(name)[0])


def terminal_safe(text: str) -> str:
    """Text for a terminal: line breaks and tabs kept, every other unsafe character escaped."""
    return "\n".join("\t".join(escape(part) for part in line.split("\t"))
                     for line in _SURROGATE.sub("\ufffd", str(text)).split("\n"))


def fit_name(name: str, limit: int = NAME_MAX) -> str:
    """``name`` cut to at most ``limit`` bytes of UTF-8, keeping its extension (and whole characters)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16 or len(ext.encode("utf-8")) + 2 > limit // 2:
        stem, ext = name, ""
    tail = ("." + ext) if ext else ""
    room = limit - len(tail.encode("utf-8")) - len("…".encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return cut + "…" + tail
