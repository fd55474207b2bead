"""Optical character recognition of one image with RapidOCR.

The engine is created on first use, once per process: loading the models
takes hundreds of megabytes, and processes that never OCR never pay for it.
The models ship inside the rapidocr wheel; their paths are passed explicitly
so the engine never tries to download anything.  The text-line direction
classifier is switched off: it dropped lines in tests and official documents
are printed upright.

A page is read in two steps, both RapidOCR's own (``use_rec=False`` for
detection, ``recognize_txt`` for the lines):

* text lines are found on the part of the page that holds ink, scaled to
  ``DET_SIDE`` pixels on the page's long side (detection costs by the pixel:
  margins and blank half pages are never looked at);
* each line is cut from the page at ``WORK_SIDE`` (a 200-dpi A4 scan at full
  size, so recognition sees sharp strokes) and recognised.  Recognition costs
  by the width of a line scaled to 48 pixels high, so long lines are
  narrowed to ``SQUEEZE`` of their width first (the recognition model is
  trained on lines squeezed to a fixed width; the benchmark scans read the
  same).  Boxes that hold no text (under ``MIN_LINE_PX`` high, a ruled line,
  no ink) and lines under a red seal, which are read again without the red
  ink, are not recognised on the page.

onnxruntime runs on CUDA when its CUDA provider is available, else on the
CPU with as many threads as cores this process is given
(``budget.cores()``: a reading worker gets its share of the machine).
``provider()`` says which provider ran.
"""
from __future__ import annotations

import ctypes
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..model import Block, Locator
from ..text.normalize import normalize
from . import budget
from .pdf_tables import cell_text
from .scan_grid import ScanGrid, find_grids


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float
    box: tuple[float, float, float, float]     # x0, y0, x1, y1 in image pixels, y down


@dataclass(frozen=True)
class OcrTable:
    """A ruled table of the page (scan_grid): each cell's recognised text, row by row, the
    header first; empty cells are ''."""
    rows: tuple[tuple[str, ...], ...]
    confidence: float
    box: tuple[float, float, float, float]


_engine: Any = None
_engine_pid: int | None = None
_inherited: list[Any] = []     # engines of a parent process, never freed here (see engine())
_engine_lock = threading.Lock()
_run_lock = threading.Lock()
_provider: str | None = None
_threads: int | None = None

WORK_SIDE = 2400        # longest side OCR works at: lines are cut for recognition at this size
MAX_SIDE = WORK_SIDE    # (the image reader decodes large JPEGs at no less than this)
DET_SIDE = 1152         # longest side of the page when text lines are found (10.5 pt stays 14 px high)
SQUEEZE = 0.6           # width factor of a long line before recognition …
TRAINED_RATIO = 320 / 48    # … never narrower than the 48×320 lines the recogniser was trained on
REC_SHAPE = (48, 96)    # the recogniser scales a line to 48 px high and pads a short one to 96 px wide
TEXT_SCORE = 0.5        # lines recognised with less confidence are dropped (RapidOCR's default)
MIN_LINE_PX = 8         # a box less high than this at WORK_SIDE holds no legible text
INK_CONTRAST = 32       # a pixel this much darker than the paper is ink
CPU_BATCH, GPU_BATCH = 1, 16    # lines per recognition call: on a CPU padding lines to one width costs more
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CUDA, CPU = "CUDAExecutionProvider", "CPUExecutionProvider"


class OcrUnavailable(RuntimeError):
    """The OCR engine or its models cannot be loaded."""


def _model_dir() -> Path:
    import rapidocr
    return Path(rapidocr.__file__).resolve().parent / "models"


def gpu_available() -> bool:
    """Whether onnxruntime offers its CUDA provider (an NVIDIA GPU with onnxruntime-gpu)."""
    try:
        import onnxruntime
        return CUDA in onnxruntime.get_available_providers()
    except Exception:  # noqa: BLE001 - a broken onnxruntime shows when the engine is made
        return False


def engine_params(models: Path, threads: int, gpu: bool) -> dict[str, Any]:
    """RapidOCR's settings for this process: ``threads`` CPU threads, CUDA when ``gpu``."""
    params: dict[str, Any] = {
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Global.model_root_dir": str(models),
        # the page is scaled by ocr_image itself (DET_SIDE for detection, WORK_SIDE for lines);
        # the engine must not scale it again
        "Global.max_side_len": WORK_SIDE,
        "Det.limit_type": "max",
        "Det.limit_side_len": WORK_SIDE,
        "Det.model_path": str(models / DET_MODEL),
        "Rec.model_path": str(models / REC_MODEL),
        "Rec.rec_batch_num": GPU_BATCH if gpu else CPU_BATCH,
        "Rec.rec_img_shape": [3, *REC_SHAPE],
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    if gpu:
        params["EngineConfig.onnxruntime.use_cuda"] = True
        # lines come in many widths: an exhaustive search per new shape would cost more than it saves
        params["EngineConfig.onnxruntime.cuda_ep_cfg.cudnn_conv_algo_search"] = "HEURISTIC"
    return params


def engine() -> Any:
    """The per-process RapidOCR engine, created on first call.

    A forked child makes its own: the parent's sessions lost their threads in
    the fork and would never return.  Nor may the child free them (the
    session's destructor waits for those threads forever), so they are kept,
    untouched, in copy-on-write memory."""
    global _engine, _engine_pid
    if _engine is None or _engine_pid != os.getpid():
        with _engine_lock:
            if _engine is None or _engine_pid != os.getpid():
                if _engine is not None:
                    _inherited.append(_engine)
                _engine = _create_engine()
                _engine_pid = os.getpid()
    return _engine


def _create_engine() -> Any:
    global _provider, _threads
    try:
        from rapidocr import RapidOCR
    except Exception as exc:  # pragma: no cover - depends on the installation
        raise OcrUnavailable(f"rapidocr cannot be imported: {exc}") from exc
    models = _model_dir()
    for path in (models / DET_MODEL, models / REC_MODEL):
        if not path.is_file():
            raise OcrUnavailable(f"OCR model missing: {path}")
    # OpenCV's own thread count is left alone: changing it in a forked child whose parent had
    # used its pool waits forever on the parent's threads (its share of the work is small).
    threads = budget.cores()
    eng = RapidOCR(params=engine_params(models, threads, gpu_available()))
    _provider, _threads = None, threads
    return eng


def provider() -> str | None:
    """The onnxruntime execution provider that ran OCR in this process (None before any OCR)."""
    return _provider if _engine_pid == os.getpid() else None


def engine_info() -> dict[str, Any]:
    """What the benchmark prints about the engine of this process."""
    return {"provider": provider(), "threads": _threads, "det_side": DET_SIDE, "work_side": WORK_SIDE,
            "squeeze": SQUEEZE}


def _session_provider(part: Any) -> str | None:
    session = getattr(getattr(part, "session", None), "session", None)
    try:
        return session.get_providers()[0]
    except Exception:  # noqa: BLE001 - another inference engine: say nothing rather than guess
        return None


def _to_rgb(image: Image.Image | np.ndarray) -> Image.Image:
    if isinstance(image, np.ndarray):
        image = Image.fromarray(image)
    if image.mode != "RGB":
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            # Transparent pixels would turn black; put them on white paper.
            rgba = image.convert("RGBA")
            paper = Image.new("RGB", rgba.size, "white")
            paper.paste(rgba, mask=rgba.getchannel("A"))
            image = paper
        else:
            image = image.convert("RGB")
    return image


def ocr_image(image: Image.Image | np.ndarray) -> list[OcrLine]:
    """Recognise the text of one image; lines in reading order (see _pieces)."""
    return reading_order(_pieces(image)[0])


def ocr_page(image: Image.Image | np.ndarray) -> list[OcrLine | OcrTable]:
    """Recognise one page: its lines in reading order, and each ruled table on it (scan_grid)
    as one OcrTable where it stands, its pieces of text put in the cells their middles fall in."""
    pieces, grids = _pieces(image, with_grids=True)
    if not grids:
        return reading_order(pieces)
    owned: list[list[list[list[OcrLine]]]] = [
        [[[] for _ in range(len(g.xs) - 1)] for _ in range(len(g.ys) - 1)] for g in grids]
    loose: list[OcrLine] = []
    for piece in pieces:
        for k, g in enumerate(grids):
            cell = g.cell_of(piece.box)
            if cell is not None:
                owned[k][cell[0]][cell[1]].append(piece)
                break
        else:
            loose.append(piece)
    items: list[tuple[float, OcrLine | OcrTable]] = [(line.box[1], line) for line in reading_order(loose)]
    for g, rows in zip(grids, owned):
        inside = [p for row in rows for cell in row for p in cell]
        if not inside:
            continue
        table = tuple(tuple(cell_text("\n".join(l.text for l in reading_order(cell))) for cell in row)
                      for row in rows)
        table = tuple(r for r in table if any(r))
        weights = [max(1, len(p.text)) for p in inside]
        confidence = sum(p.confidence * w for p, w in zip(inside, weights)) / sum(weights)
        box = (min(p.box[0] for p in inside), min(p.box[1] for p in inside),
               max(p.box[2] for p in inside), max(p.box[3] for p in inside))
        items.append((box[1], OcrTable(table, confidence, box)))
    return [item for _, item in sorted(items, key=lambda t: t[0])]


def page_blocks(items: list[OcrLine | OcrTable], name: str, page: int, tables: int, out: list) -> int:
    """Append the blocks of one recognised page to ``out``: a line per ``ocr-line`` block, a table
    cell per ``table-cell`` block (tables numbered on from ``tables``, rows and columns from 1).
    Returns the number of the last table."""
    for number, item in enumerate(items, start=1):
        if isinstance(item, OcrLine):
            out.append(Block(item.text, "ocr-line", Locator(file=name, page=page, line=number),
                             confidence=round(item.confidence, 4)))
            continue
        tables += 1
        for r, row in enumerate(item.rows, start=1):
            for c, text in enumerate(row, start=1):
                if text:
                    out.append(Block(text, "table-cell", Locator(file=name, page=page, table=tables, row=r, col=c),
                                     confidence=round(item.confidence, 4)))
    return tables


def _pieces(image: Image.Image | np.ndarray, with_grids: bool = False) -> tuple[list[OcrLine], list[ScanGrid]]:
    """The recognised pieces of text of one image (boxes in its pixels), and with ``with_grids``
    the ruled tables drawn on it.

    A numpy array is taken as RGB (or greyscale).  Text pieces whose vertical
    extents overlap by more than half the smaller height form one row; rows go
    top to bottom, pieces in a row left to right and are joined into one line
    (with a space where the gap is wider than about one character).

    Red seals hide what they are stamped on (the date of a 公文 always): the
    lines around each seal are read without the red ink, and only so.
    """
    import cv2

    work = np.asarray(_to_rgb(image))
    back = max(work.shape[:2]) / WORK_SIDE
    if back > 1:
        h, w = work.shape[:2]
        work = cv2.resize(work, (max(1, round(w / back)), max(1, round(h / back))), interpolation=cv2.INTER_AREA)
    bgr = cv2.cvtColor(work, cv2.COLOR_RGB2BGR)         # what the models were trained on
    scale = min(1.0, DET_SIDE / max(work.shape[:2]))
    quads = _detect(bgr, scale)
    regions = _seal_regions(work, [_bounds(q) for q in quads])
    pieces = _recognise(bgr, [q for q in quads if not any(_centre_in(_bounds(q), r) for r in regions)])
    for x0, y0, x1, y1 in regions:
        band = cv2.cvtColor(_without_red(work[y0:y1, x0:x1]), cv2.COLOR_GRAY2BGR)
        pieces += [_moved(p, x0, y0) for p in _recognise(band, _detect(band, scale))]
    if _provider is None:
        _note_provider()
    grids: list[ScanGrid] = []
    if with_grids and pieces:
        heights = sorted(p.box[3] - p.box[1] for p in pieces if len(p.text) >= 2) or [0.0]
        grids = find_grids(work, heights[len(heights) // 2])
    _release_memory()
    if back > 1:
        pieces = [OcrLine(p.text, p.confidence, tuple(v * back for v in p.box)) for p in pieces]
        grids = [ScanGrid(g.slope, tuple(x * back for x in g.xs), tuple(y * back for y in g.ys)) for g in grids]
    return pieces, grids


def _note_provider() -> None:
    global _provider
    eng = engine()
    _provider = _session_provider(getattr(eng, "text_rec", None)) or _session_provider(
        getattr(eng, "text_det", None))


def _ink_box(bgr: np.ndarray, pad: int = 16) -> tuple[int, int, int, int] | None:
    """The box around every pixel darker than the paper (with a margin), or None for an empty page.
    The paper is the page's light grey (faded print on grey paper counts), not pure white."""
    grey = bgr.min(axis=2)
    paper = int(np.percentile(grey[::4, ::4], 90))
    ink = grey < paper - INK_CONTRAST
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    h, w = ink.shape
    return (max(0, int(cols[0]) - pad), max(0, int(rows[0]) - pad),
            min(w, int(cols[-1]) + 1 + pad), min(h, int(rows[-1]) + 1 + pad))


def _detect(bgr: np.ndarray, scale: float) -> list[np.ndarray]:
    """Text-line quadrilaterals (4×2, pixels of ``bgr``), found at ``scale`` on the inked part."""
    import cv2

    box = _ink_box(bgr)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    part = bgr[y0:y1, x0:x1]
    h, w = part.shape[:2]
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    if (sw, sh) != (w, h):
        part = cv2.resize(part, (sw, sh), interpolation=cv2.INTER_AREA)
    eng = engine()
    with _run_lock:
        found = eng(np.ascontiguousarray(part), use_det=True, use_cls=False, use_rec=False)
    quads = getattr(found, "boxes", None)
    if quads is None or not len(quads):
        return []
    quads = np.asarray(quads, dtype=np.float32).reshape(-1, 4, 2)
    quads[..., 0] = quads[..., 0] * (w / sw) + x0
    quads[..., 1] = quads[..., 1] * (h / sh) + y0
    return list(quads)


def _recognise(bgr: np.ndarray, quads: list[np.ndarray]) -> list[OcrLine]:
    """The lines in ``quads`` cut from ``bgr`` and recognised in one call."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    crops, kept = [], []
    for quad in quads:
        crop = get_rotate_crop_image(bgr, quad.copy())
        if _holds_text(crop):
            crops.append(_narrowed(crop))
            kept.append(quad)
    if not crops:
        return []
    eng = engine()
    with _run_lock:
        result = eng.recognize_txt(crops)
    pieces = []
    for quad, txt, score in zip(kept, result.txts, result.scores):
        if score < TEXT_SCORE:
            continue
        text = digit_confusions(normalize(str(txt)))
        if not text:
            continue
        (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
        pieces.append(OcrLine(text, float(score), (float(x0), float(y0), float(x1), float(y1))))
    return pieces


# letters the recogniser reads for a digit inside a number (有效期至2C16年, 2O18年, 1l月)
_AS_ZERO = re.compile(r"(?<=\d)[OoCDQ](?=\d)|(?<=\d{2})[OoCDQ](?=\d?年)|(?<=\d)[OoCDQ](?=[年月日号])")
_AS_ONE = re.compile(r"(?<=\d)[lI|](?=\d)|(?<=\d)[lI|](?=[年月日号])")


def digit_confusions(text: str) -> str:
    """A letter between digits, or closing a number before 年/月/日/号, is the digit it looks
    like: 2C16年 is 2016年, 1l月 is 11月. Letters elsewhere (CT, ICU, 3D) are left alone."""
    return _AS_ONE.sub("1", _AS_ZERO.sub("0", text))


def _holds_text(crop: np.ndarray) -> bool:
    """False for a box that is no text: too low to read, a ruled line, or no ink at all."""
    h, w = crop.shape[:2]
    if h < MIN_LINE_PX or w < 2:
        return False
    grey = crop.min(axis=2)
    if int(grey.max()) - int(grey.min()) < 16:
        return False                                  # one flat shade: nothing written
    ink = grey < (int(grey.max()) + int(grey.min())) // 2
    coverage = ink.mean(axis=1)
    if coverage.max() > 0.9 and (coverage > 0).sum() < h / 3:
        return False                                  # a rule: one solid stroke across, the rest paper
    return True


def _narrowed(crop: np.ndarray) -> np.ndarray:
    """A long line squeezed to SQUEEZE of its width, never narrower than TRAINED_RATIO × its height
    (the recogniser learnt long lines squeezed into 48×320; a short one it reads as it is)."""
    import cv2

    h, w = crop.shape[:2]
    floor = int(h * TRAINED_RATIO)
    target = max(round(w * SQUEEZE), min(w, floor))
    if target >= w:
        return crop
    return cv2.resize(crop, (target, h), interpolation=cv2.INTER_AREA)


def _bounds(quad: np.ndarray) -> tuple[float, float, float, float]:
    (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _centre_in(box: tuple[float, float, float, float], region: tuple[int, int, int, int]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def _moved(piece: OcrLine, dx: float, dy: float) -> OcrLine:
    b = piece.box
    return OcrLine(piece.text, piece.confidence, (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy))


def _release_memory() -> None:
    """Hand the inference buffers back to the system after each image: without it
    the C allocator keeps them, and a process that read twenty scans holds
    the peak of all of them."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):       # not glibc: nothing to trim
        pass


def _red_mask(arr: np.ndarray) -> np.ndarray:
    r, g, b = (arr[..., i].astype(np.int16) for i in range(3))
    return (r > 120) & (r - g > 50) & (r - b > 50)


def _without_red(rgb: np.ndarray) -> np.ndarray:
    """The red channel as grey, paper stretched to white: red ink disappears,
    black ink stays black, and black strokes under the red stay readable."""
    red = rgb[..., 0].astype(np.float32)
    paper = max(float(np.percentile(red, 90)), 1.0)
    grey = np.clip(red / paper * 255.0, 0, 255)
    grey[grey > 190] = 255
    return grey.astype(np.uint8)


def _seal_regions(rgb: np.ndarray, boxes: list[tuple[float, float, float, float]]
                  ) -> list[tuple[int, int, int, int]]:
    """Full-width bands around round or square red seals, tall enough to
    hold every text line (``boxes``: x0, y0, x1, y1) the seal touches."""
    import cv2

    mask = _red_mask(rgb).astype(np.uint8)
    if mask.sum() < 500:
        return []
    height, width = rgb.shape[:2]
    mask = cv2.dilate(mask, np.ones((15, 15), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    minimum = 0.06 * min(width, height)
    regions: list[tuple[int, int, int, int]] = []
    for x, y, w, h, _area in stats[1:count]:
        if w < minimum or h < minimum or not 0.6 < w / h < 1.7:
            continue        # red heading text is wide and flat; a seal is round or square
        x0, y0, x1, y1 = float(x), float(y), float(x + w), float(y + h)
        for b in boxes:     # take in whole lines that run under the seal
            if b[0] < x1 and b[2] > x0 and b[1] < y1 and b[3] > y0:
                x0, y0 = min(x0, b[0]), min(y0, b[1])
                x1, y1 = max(x1, b[2]), max(y1, b[3])
        pad = 0.01 * height
        region = (0, int(max(0, y0 - pad)), width, int(min(height, y1 + pad)))
        if any(_contains(r, region) for r in regions):
            continue
        regions = [r for r in regions if not _contains(region, r)] + [region]
    return regions


def _contains(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


_ROUND = frozenset("0oO○〇°。.·")      # what the recogniser makes of a lone 句号


def _full_stops(pieces: list[OcrLine]) -> list[OcrLine]:
    """A lone round mark far smaller than the page's lines is a 句号 that wrapped onto a line of
    its own (…至2019年2月28日 / 。): the recogniser, seeing one small circle, reads it as 0 or o."""
    heights = sorted(p.box[3] - p.box[1] for p in pieces if len(p.text) >= 2)
    if not heights:
        return pieces
    line = heights[len(heights) // 2]
    small = lambda p: (p.box[3] - p.box[1]) < 0.6 * line and (p.box[2] - p.box[0]) < 0.6 * line  # noqa: E731
    return [OcrLine("。", p.confidence, p.box) if len(p.text) == 1 and p.text in _ROUND and small(p) else p
            for p in pieces]


def reading_order(pieces: list[OcrLine]) -> list[OcrLine]:
    """Group pieces into rows (vertical overlap) and join each row into a line. A row that is
    only a 句号 ends the line above it."""
    pieces = _full_stops(pieces)
    rows: list[list[OcrLine]] = []
    for piece in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        target = None
        for row in reversed(rows[-3:]):
            if any(_same_row(piece, other) for other in row):
                target = row
                break
        if target is None:
            rows.append([piece])
        else:
            target.append(piece)
    rows.sort(key=lambda r: min(p.box[1] for p in r))
    lines: list[OcrLine] = []
    for row in rows:
        line = _join_row(sorted(row, key=lambda p: p.box[0]))
        if line.text == "。" and lines and lines[-1].text[-1:] not in "。！？；：":
            last = lines[-1]
            lines[-1] = OcrLine(last.text + "。", last.confidence, last.box)
        else:
            lines.append(line)
    return lines


def _same_row(a: OcrLine, b: OcrLine) -> bool:
    top = max(a.box[1], b.box[1])
    bottom = min(a.box[3], b.box[3])
    smaller = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
    return smaller > 0 and (bottom - top) > 0.5 * smaller


def _join_row(row: list[OcrLine]) -> OcrLine:
    if len(row) == 1:
        return row[0]
    text = row[0].text
    for prev, cur in zip(row, row[1:]):
        height = min(prev.box[3] - prev.box[1], cur.box[3] - cur.box[1])
        gap = cur.box[0] - prev.box[2]
        text += (" " if gap > 0.8 * height else "") + cur.text
    weights = [max(1, len(p.text)) for p in row]
    confidence = sum(p.confidence * w for p, w in zip(row, weights)) / sum(weights)
    box = (min(p.box[0] for p in row), min(p.box[1] for p in row),
           max(p.box[2] for p in row), max(p.box[3] for p in row))
    return OcrLine(normalize(text), confidence, box)
