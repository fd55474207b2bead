"""Optical character recognition of one image with RapidOCR.

The engine is created on first use, once per process: loading the models
takes about a gigabyte, and processes that never OCR never pay for it.
The models ship inside the rapidocr wheel; their paths are passed explicitly
so the engine never tries to download anything.  The text-line direction
classifier is switched off: it dropped lines in tests and official documents
are printed upright.
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..text.normalize import normalize


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float
    box: tuple[float, float, float, float]     # x0, y0, x1, y1 in image pixels, y down


_engine: Any = None
_engine_lock = threading.Lock()
_run_lock = threading.Lock()

MAX_SIDE = 1600
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"


class OcrUnavailable(RuntimeError):
    """The OCR engine or its models cannot be loaded."""


def _model_dir() -> Path:
    import rapidocr
    return Path(rapidocr.__file__).resolve().parent / "models"


def engine() -> Any:
    """The per-process RapidOCR engine, created on first call."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = _create_engine()
    return _engine


def _create_engine() -> Any:
    try:
        from rapidocr import RapidOCR
    except Exception as exc:  # pragma: no cover - depends on the installation
        raise OcrUnavailable(f"rapidocr cannot be imported: {exc}") from exc
    models = _model_dir()
    det, rec = models / DET_MODEL, models / REC_MODEL
    for path in (det, rec):
        if not path.is_file():
            raise OcrUnavailable(f"OCR model missing: {path}")
    return RapidOCR(params={
        "Global.use_cls": False,
        "Global.log_level": "error",
        "Global.model_root_dir": str(models),
        # the longest side the engine works at: an A4 page at 200 dpi (2339 px) is
        # read at 1600 px, which keeps 10.5 pt text legible and holds the memory of
        # text detection near 0.7 GiB instead of 0.9 (measured on the sample scans:
        # the same text, one OCR slip fewer)
        "Global.max_side_len": MAX_SIDE,
        "Det.model_path": str(det),
        "Rec.model_path": str(rec),
    })


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
    """Recognise the text of one image; lines in reading order.

    A numpy array is taken as RGB (or greyscale).  Text pieces whose vertical
    extents overlap by more than half the smaller height form one row; rows go
    top to bottom, pieces in a row left to right and are joined into one line
    (with a space where the gap is wider than about one character).

    Red seals hide what they are stamped on (the date of a 公文 always): the
    lines around each seal are read again with the red ink removed.
    """
    rgb = _to_rgb(image)
    pieces = _recognise(rgb)
    for region in _seal_regions(rgb, pieces):
        x0, y0, x1, y1 = region
        crop = _without_red(rgb.crop(region))
        again = [OcrLine(p.text, p.confidence,
                         (p.box[0] + x0, p.box[1] + y0, p.box[2] + x0, p.box[3] + y0))
                 for p in _recognise(crop)]
        pieces = [p for p in pieces if not _centre_inside(p, region)] + again
    _release_memory()
    return reading_order(pieces)


def _release_memory() -> None:
    """Hand the inference buffers back to the system after each image: without it
    the C allocator keeps them, and a process that read twenty scans holds
    the peak of all of them."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):       # not glibc: nothing to trim
        pass


def _recognise(rgb: Image.Image) -> list[OcrLine]:
    eng = engine()
    with _run_lock:
        result = eng(rgb)
    boxes = getattr(result, "boxes", None)
    txts = getattr(result, "txts", None)
    scores = getattr(result, "scores", None)
    if boxes is None or txts is None:
        return []
    pieces = []
    for box, txt, score in zip(boxes, txts, scores):
        text = normalize(str(txt))
        if not text:
            continue
        pts = np.asarray(box, dtype=float).reshape(-1, 2)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        pieces.append(OcrLine(text, float(score), (float(x0), float(y0), float(x1), float(y1))))
    return pieces


def _red_mask(arr: np.ndarray) -> np.ndarray:
    r, g, b = (arr[..., i].astype(np.int16) for i in range(3))
    return (r > 120) & (r - g > 50) & (r - b > 50)


def _without_red(image: Image.Image) -> Image.Image:
    """The red channel as grey, paper stretched to white: red ink disappears,
    black ink stays black, and black strokes under the red stay readable."""
    red = np.asarray(image)[..., 0].astype(np.float32)
    paper = max(float(np.percentile(red, 90)), 1.0)
    grey = np.clip(red / paper * 255.0, 0, 255)
    grey[grey > 190] = 255
    return Image.fromarray(grey.astype(np.uint8)).convert("RGB")


def _seal_regions(rgb: Image.Image, pieces: list[OcrLine]) -> list[tuple[int, int, int, int]]:
    """Full-width bands around round or square red seals, tall enough to
    hold every text line the seal touches."""
    import cv2

    arr = np.asarray(rgb)
    mask = _red_mask(arr).astype(np.uint8)
    if mask.sum() < 500:
        return []
    width, height = rgb.size
    mask = cv2.dilate(mask, np.ones((15, 15), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    minimum = 0.06 * min(width, height)
    regions: list[tuple[int, int, int, int]] = []
    for x, y, w, h, _area in stats[1:count]:
        if w < minimum or h < minimum or not 0.6 < w / h < 1.7:
            continue        # red heading text is wide and flat; a seal is round or square
        x0, y0, x1, y1 = float(x), float(y), float(x + w), float(y + h)
        for p in pieces:    # take in whole lines that run under the seal
            if p.box[0] < x1 and p.box[2] > x0 and p.box[1] < y1 and p.box[3] > y0:
                x0, y0 = min(x0, p.box[0]), min(y0, p.box[1])
                x1, y1 = max(x1, p.box[2]), max(y1, p.box[3])
        pad = 0.01 * height
        region = (0, int(max(0, y0 - pad)), width, int(min(height, y1 + pad)))
        if any(_contains(r, region) for r in regions):
            continue
        regions = [r for r in regions if not _contains(region, r)] + [region]
    return regions


def _contains(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def _centre_inside(piece: OcrLine, region: tuple[int, int, int, int]) -> bool:
    cx = (piece.box[0] + piece.box[2]) / 2
    cy = (piece.box[1] + piece.box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def reading_order(pieces: list[OcrLine]) -> list[OcrLine]:
    """Group pieces into rows (vertical overlap) and join each row into a line."""
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
    return [_join_row(sorted(row, key=lambda p: p.box[0])) for row in rows]


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
