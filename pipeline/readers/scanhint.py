"""Whether a PDF probably holds scanned pages, from its bytes alone, before it is read.

The reading pool runs the files that will need OCR one at a time on one worker
(``pipeline.workers`` lanes: the OCR engine takes about a gigabyte at work), so
it has to guess which files those are before reading them. A PDF is taken for
a scan when it holds an image of at least page size (both sides of
``PAGE_PIXELS`` pixels or more: an A4 page at 100 dpi is 827 x 1170); a logo or a
seal is smaller. Image dictionaries are streams, which a PDF never puts inside
a compressed object stream, so their /Width and /Height are found in the raw
bytes. Only a guess for scheduling: a wrong one changes which worker reads a
file and when, never what is read.
"""
from __future__ import annotations

import re
from typing import BinaryIO

PAGE_PIXELS = 800
CHUNK = 1 << 20
WINDOW = 1024                   # bytes around "/Subtype /Image" searched for its size

_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_WIDTH = re.compile(rb"/Width\s+(\d{1,6})\b(?!\s+\d+\s+R)")
_HEIGHT = re.compile(rb"/Height\s+(\d{1,6})\b(?!\s+\d+\s+R)")


def _page_sized(window: bytes) -> bool:
    w, h = _WIDTH.search(window), _HEIGHT.search(window)
    return bool(w and h and int(w.group(1)) >= PAGE_PIXELS and int(h.group(1)) >= PAGE_PIXELS)


def _dictionary(buf: bytes, at: int) -> bytes:
    """The bytes of the dictionary around ``at`` (bounded by WINDOW each way)."""
    start = buf.rfind(b"<<", max(0, at - WINDOW), at)
    end = buf.find(b">>", at, at + WINDOW)
    return buf[start if start >= 0 else max(0, at - WINDOW):end if end >= 0 else at + WINDOW]


def has_page_image(data: bytes) -> bool:
    """Whether the PDF ``data`` holds an image of page size."""
    return any(_page_sized(_dictionary(data, m.start())) for m in _IMAGE.finditer(data))


def stream_has_page_image(fh: BinaryIO) -> bool:
    """``has_page_image`` on a seekable file, read in chunks from its start (memory bounded)."""
    fh.seek(0)
    tail = b""
    offset = 0                  # file offset of buf[0]
    seen: set[int] = set()
    while True:
        chunk = fh.read(CHUNK)
        buf = tail + chunk
        last = not chunk
        for m in _IMAGE.finditer(buf):
            at = offset + m.start()
            if at in seen:
                continue
            if not last and m.start() > len(buf) - WINDOW:
                break           # seen again, whole, with the next chunk
            seen.add(at)
            if _page_sized(_dictionary(buf, m.start())):
                return True
        if last:
            return False
        keep = min(len(buf), 2 * WINDOW)
        offset += len(buf) - keep
        tail = buf[len(buf) - keep:]
