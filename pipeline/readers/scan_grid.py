"""Ruled tables of a scanned or photographed page, read as cells.

A register, a 推进表 or an appointment table printed with ruling lines and then scanned loses its
columns when its recognised text is read as lines: a cell wrapped over two printed lines looks
like a second row, and "徐丽 衢州市人民医院护理 护理部主任" no longer says which words are the post.
The page image still draws the rulings. They are found here from the ink (long thin horizontal
and vertical strokes, straightened for a scan's small skew), and each recognised piece of text
goes to the cell its centre falls in, so a scanned table reads as a Word table does.

Red ink (a seal stamped over the table) is no ruling. A page with no grid of at least two rows
and two columns keeps its lines.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INK_CONTRAST = 60       # a ruling is drawn darker than this below the paper
MIN_ROWS, MIN_COLS = 2, 2
MAX_SLOPE = 0.06        # a scan straighter than about 3.5°: rulings are read along their slope


@dataclass(frozen=True)
class ScanGrid:
    """One ruled table: its rulings' positions once the page's slope is taken out (``ys`` from
    the top, ``xs`` from the left, in pixels of the image it was found on)."""
    slope: float
    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def straight(self, x: float, y: float) -> tuple[float, float]:
        """A point of the image in the grid's straightened frame."""
        return x + y * self.slope, y - x * self.slope

    def cell_of(self, box: tuple[float, float, float, float]) -> tuple[int, int] | None:
        """(row, column), both from 0, of the cell holding the middle of ``box``, or None outside."""
        x, y = self.straight((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        if not (self.xs[0] < x < self.xs[-1] and self.ys[0] < y < self.ys[-1]):
            return None
        row = next(i for i in range(len(self.ys) - 1) if y < self.ys[i + 1])
        col = next(i for i in range(len(self.xs) - 1) if x < self.xs[i + 1])
        return row, col

    @property
    def top(self) -> float:
        return self.ys[0]


def find_grids(rgb: np.ndarray, text_height: float) -> list[ScanGrid]:
    """The ruled tables drawn on ``rgb`` (H×W×3), given the height of its text lines in pixels
    (a ruling is longer than any stroke of a character; a row is taller than half a line)."""
    import cv2

    if text_height <= 0 or rgb.ndim != 3:
        return []
    grey = rgb.min(axis=2).astype(np.int16)
    paper = int(np.percentile(grey[::4, ::4], 90))
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    red = (r > 120) & (r - g > 50) & (r - b > 50)
    ink = ((grey < paper - INK_CONTRAST) & ~red).astype(np.uint8)
    if not ink.any():
        return []
    long_h = max(15, int(round(3 * text_height)))
    long_v = max(15, int(round(1.2 * text_height)))
    # a ruling slanting by the scan's skew steps one pixel every 1/slope pixels: close the steps
    horiz = cv2.morphologyEx(cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN,
                             np.ones((1, long_h), np.uint8))
    vert = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, 3), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((long_v, 1), np.uint8))
    lines_h = _segments(horiz, axis=0, min_length=4 * text_height)
    lines_v = _segments(vert, axis=1, min_length=long_v)
    if len(lines_h) < MIN_ROWS + 1 or len(lines_v) < MIN_COLS + 1:
        return []
    slopes = [s for _, _, _, s in lines_h]
    slope = float(np.median(slopes))
    if abs(slope) > MAX_SLOPE:
        return []
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(horiz | vert, np.ones((5, 5), np.uint8)))
    grids = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < 6 * text_height or h < 1.5 * text_height:
            continue
        inside = lambda seg: x - 3 <= seg[0] <= x + w + 3 and y - 3 <= seg[1] <= y + h + 3  # noqa: E731
        hs = [seg for seg in lines_h if inside(seg) and seg[2] >= 0.5 * w]
        vs = [seg for seg in lines_v if inside(seg)]
        ys = _merge(sorted(cy - cx * slope for cx, cy, _, _ in hs), 0.5 * text_height)
        xs = _merge(sorted(cx + cy * slope for cx, cy, _, _ in vs), text_height)
        if len(ys) < MIN_ROWS + 1 or len(xs) < MIN_COLS + 1:
            continue
        grids.append(ScanGrid(slope, tuple(xs), tuple(ys)))
    return sorted(grids, key=lambda gr: gr.top)


def _segments(mask: np.ndarray, axis: int, min_length: float) -> list[tuple[float, float, float, float]]:
    """Long strokes of ``mask``: (middle x, middle y, length, slope dy/dx) of each connected stroke
    running along rows (``axis`` 0: horizontal) or columns (1: vertical)."""
    import cv2

    count, labels, stats, centres = cv2.connectedComponentsWithStats(mask)
    out = []
    for k in range(1, count):
        x, y, w, h, area = stats[k]
        length = w if axis == 0 else h
        thick = h if axis == 0 else w
        if length < min_length or thick > max(12, 0.08 * length):
            continue
        slope = 0.0
        if axis == 0 and w > 20:
            ys_, xs_ = np.nonzero(labels[y:y + h, x:x + w] == k)
            if len(xs_) > 10:
                slope = float(np.polyfit(xs_.astype(np.float64), ys_.astype(np.float64), 1)[0])
        out.append((float(centres[k][0]), float(centres[k][1]), float(length), slope))
    return out


def _merge(values: list[float], gap: float) -> list[float]:
    """Positions closer than ``gap`` are one ruling (a thick line, a line found twice)."""
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] < gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]
