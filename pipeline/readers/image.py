"""Reader for photos and scans: .jpg .jpeg .png .tif/.tiff (multi-page) .bmp.

Each frame of the image is a page; it is turned upright by its EXIF
orientation and OCR'd.  Every recognised line becomes a block of kind
``ocr-line`` with ``Locator(file, page, line)`` and the OCR confidence; a ruled table on the
page (scan_grid) becomes ``table-cell`` blocks with ``Locator(file, page, table, row, col)``.
"""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from ..model import Block, Problem
from . import ReadResult, budget
from .ocr import MAX_SIDE as OCR_SIDE
from .ocr import OcrUnavailable, ocr_page, page_blocks, provider

SOURCE = "image-ocr"
MAX_PIXELS = budget.MAX_PIXELS  # per frame decoded at full size; a 50-megapixel phone photo fits
MAX_FRAMES = budget.MAX_FRAMES  # pages of a multi-page TIFF
# A larger JPEG is decoded at 1/2, 1/4 or 1/8 scale (the decoder's draft mode).


def _problem(name: str, message: str, stage: str = "read") -> Problem:
    return Problem(file=name, stage=stage, message=message)


def read(data: bytes, name: str) -> ReadResult:
    if not data:
        return ReadResult(SOURCE, problems=(_problem(name, f"文件“{name}”是空文件（0字节），无法读取"),))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        return ReadResult(SOURCE, problems=(_too_large(name),))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ReadResult(SOURCE, problems=(_problem(
            name, f"文件“{name}”不是可识别的图片或已损坏，无法读取，请重新提供原图"),))

    blocks: list[Block] = []
    problems: list[Problem] = []
    pages = 0
    ocr_ran = False
    tables = 0
    try:
        frames = ImageSequence.Iterator(image)
        for index, frame in enumerate(frames):
            if index >= MAX_FRAMES:
                problems.append(_problem(
                    name, f"文件“{name}”超过{MAX_FRAMES}页，只读取了前{MAX_FRAMES}页"))
                break
            page = index + 1
            if budget.expired():
                problems.append(_problem(name, f"文件“{name}”读取用时超过 {budget.seconds():.0f} 秒的上限，"
                                               f"只读取了前{index}页，其余页未读取"))
                break
            pages = page
            if frame.width * frame.height > MAX_PIXELS:
                width, height = frame.size
                if not _reduce_jpeg(frame):
                    problems.append(_too_large(name, page, frame.size))
                    continue
                problems.append(_problem(name, f"文件“{name}”{'第' + str(page) + '页' if page > 1 else ''}"
                                               f"图像为 {width}×{height} 像素，已按缩小的尺寸识别"))
            upright, truncated = _load_frame(frame)
            if upright is None:
                problems.append(_problem(name, f"文件“{name}”第{page}页图像已损坏，无法读取"))
                continue
            if truncated:
                problems.append(_problem(
                    name, f"文件“{name}”第{page}页图像不完整（文件可能被截断），只识别了可见部分"))
            blank = _blank(upright)
            try:
                lines = [] if blank else ocr_page(upright)
                ocr_ran = ocr_ran or not blank
            except OcrUnavailable as exc:
                return ReadResult(SOURCE, tuple(blocks), tuple(problems) + (_problem(
                    name, f"文件“{name}”需要文字识别（OCR），但识别组件无法加载：{exc}", "ocr"),), pages,
                    provider() if ocr_ran else None)
            if not lines:
                problems.append(_problem(name, f"文件“{name}”第{page}页未识别出文字", "ocr"))
            tables = page_blocks(lines, name, page, tables, blocks)
    except (OSError, SyntaxError, ValueError, EOFError):
        # A frame after the first cannot be decoded: keep what was read.
        problems.append(_problem(name, f"文件“{name}”第{pages + 1}页图像已损坏，无法读取"))
    finally:
        image.close()
    return ReadResult(SOURCE, tuple(blocks), tuple(problems), pages or None, provider() if ocr_ran else None)


def _too_large(name: str, page: int | None = None, size: tuple[int, int] | None = None) -> Problem:
    where = f"第{page}页" if page and page > 1 else ""
    dims = f"{size[0]}×{size[1]} 像素，" if size else ""
    return _problem(name, f"文件“{name}”{where}图像尺寸过大（{dims}超过{MAX_PIXELS // 1_000_000}百万像素的上限），"
                          f"未读取，请提供缩小后的图片")


def _reduce_jpeg(frame: Image.Image) -> bool:
    """Ask the JPEG decoder for a reduced image (1/2, 1/4 or 1/8) within MAX_PIXELS."""
    if frame.format != "JPEG":
        return False
    width, height = frame.size
    fits = [s for s in (2, 4, 8) if (width // s) * (height // s) <= MAX_PIXELS]
    if not fits:
        return False
    # the most reduced size that still leaves OCR its full working size
    legible = [s for s in fits if max(width, height) // s >= OCR_SIDE]
    scale = max(legible) if legible else fits[0]
    try:
        frame.draft(frame.mode, (width // scale, height // scale))
    except (OSError, ValueError):
        return False
    return frame.width * frame.height <= MAX_PIXELS


def _blank(image: Image.Image) -> bool:
    """A page of one colour (a blank scan): nothing for OCR to find."""
    try:
        extrema = image.convert("L").getextrema()
    except (OSError, ValueError):
        return False
    return extrema[0] == extrema[1]


def _load_frame(frame: Image.Image) -> tuple[Image.Image | None, bool]:
    """Decode one frame and turn it upright; salvage a truncated file."""
    try:
        frame.load()
        return _upright(frame), False
    except (OSError, SyntaxError, ValueError):
        pass
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        frame.load()
        return _upright(frame), True
    except (OSError, SyntaxError, ValueError):
        return None, False
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _upright(frame: Image.Image) -> Image.Image:
    try:
        turned = ImageOps.exif_transpose(frame)
    except Exception:   # broken EXIF must not cost the picture
        turned = None
    return (turned if turned is not None else frame).copy()
