"""What one file may cost: bytes, pixels, frames, parts and wall-clock seconds.

Every limit is documented in the README (可靠性). Past a limit a file is read
up to the limit with a message naming it, or refused with a message; it never
runs the machine out of memory or time.

The wall clock is a per-process deadline that the worker sets before each
file (``start``) and that long loops (OCR page by page) consult
(``expired``), so they stop early and keep what they read. The worker pool
also enforces a hard deadline a little later (``HARD_GRACE``), for code that
never returns to Python.

The CPU cores a reading process may keep busy (``cores``; OCR sizes its
thread pools by it) are its share of the machine: the worker pool gives each
worker ``cores // workers`` (``set_cores``), so workers running side by side
never start more threads than there are cores.
"""
from __future__ import annotations

import os
import time

MIB = 1024 * 1024


def _env_seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


FILE_SECONDS = _env_seconds("KAOHE_FILE_TIMEOUT", 300.0)    # one file, from open to last page
HARD_GRACE = 30.0                                            # then the worker is stopped
CONVERT_STALL_SECONDS = _env_seconds("KAOHE_CONVERT_TIMEOUT", 60.0)  # LibreOffice on one file

MAX_FILE_BYTES = 512 * MIB        # a loose file or a zip member larger than this is not read
MAX_TEXT_BYTES = 8 * MIB          # .txt/.md/.csv: the first 8 MB are read
MAX_BODY_BYTES = 32 * MIB         # word/document.xml: the first 32 MB are read
MAX_XML_PART_BYTES = 16 * MIB     # other XML parts (styles, numbering, headers, notes)
MAX_SHEET_CELLS = 100_000         # .xlsx evidence: cells looked at over all sheets
MAX_BLOCKS = 20_000               # text blocks kept per file (paragraphs, cells, OCR lines)
MAX_PIXELS = 60_000_000           # one image frame decoded at full size (A4 at 600 dpi is 35 M)
MAX_FRAMES = 100                  # pages of a multi-page TIFF
MAX_DATA_BYTES = 20 * MIB         # 指标数据.xlsx / review.xlsx on disk
MAX_DATA_XML_BYTES = 64 * MIB     # … their parts, decompressed
MAX_DATA_ROWS = 5_000             # … rows read per sheet

_deadline: float | None = None
_seconds: float = FILE_SECONDS
_cores: int | None = None


def start(seconds: float | None = None) -> None:
    """Start the clock for one file."""
    global _deadline, _seconds
    _seconds = FILE_SECONDS if seconds is None else seconds
    _deadline = time.monotonic() + _seconds


def stop() -> None:
    global _deadline
    _deadline = None


def expired() -> bool:
    return _deadline is not None and time.monotonic() > _deadline


def seconds() -> float:
    """The budget of the file being read (for messages)."""
    return _seconds


def mb(n: int) -> str:
    return f"{n / MIB:.0f} MB" if n >= MIB else f"{n} 字节"


def set_cores(n: int | None) -> None:
    """The cores this process may use (None: find out, see ``cores``)."""
    global _cores
    _cores = None if n is None else max(1, int(n))


def cores() -> int:
    """The CPU cores this process may keep busy: the share its pool gave it (``set_cores``),
    else ``$OMP_NUM_THREADS`` (set per process by Dask's workers and batch schedulers),
    else the cores the process may run on."""
    if _cores is not None:
        return _cores
    try:
        omp = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        omp = 0
    try:
        mine = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):      # not Linux
        mine = os.cpu_count() or 1
    return max(1, min(omp, mine) if omp > 0 else mine)
