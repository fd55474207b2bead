"""Reader for PDF files: the text layer where it is good, OCR where it is not.

Text layer (pypdfium2, per character): characters drawn twice at almost the
same place to fake bold type are dropped (found by overlapping boxes, never
by text patterns, since 谢谢 can be real); the spaces pdfium invents between
hanzi and digits ("2015 年") are dropped; lines wrapped inside a paragraph are
joined, so a quote reads as the writer wrote it.  Each block is one paragraph
with ``Locator(file, page, line)``, ``line`` being the paragraph's first line
on the page.

Each page passes a quality gate (``_page_needs_ocr``): an empty text layer on a
page with images or drawings, (cid:N), private-use or replacement characters,
broken Unicode maps or mojibake send the page to OCR (rendered at 200 dpi).
OCR'd lines are blocks of kind ``ocr-line`` with a confidence.  The document's
source is ``pdf-ocr`` when every page with content was OCR'd, else ``pdf-text``.
"""
from __future__ import annotations

import ctypes
import math
import re
import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Block, Locator, Problem
from ..text.normalize import looks_garbled, normalize
from . import ReadResult, budget
from .ocr import OcrUnavailable, ocr_page, page_blocks, provider
from .pdf_tables import Grid, Tables

MAX_PAGES = 2000
OCR_DPI = 200
MAX_RENDER_PIXELS = 20_000_000      # a page larger than ~A2 is rendered below 200 dpi
GARBLED_THRESHOLD = 0.10            # looks_garbled score above which a page is OCR'd
MIN_TEXT_CHARS_ON_SCAN = 40         # fewer text-layer characters on a page mostly covered by an image → OCR
SCAN_COVERAGE = 0.5                 # share of the page an image must cover to count as a scan


def _problem(name: str, message: str, stage: str = "read") -> Problem:
    return Problem(file=name, stage=stage, message=message)


# ------------------------------------------------------------------ entry ---

def read(data: bytes, name: str) -> ReadResult:
    if not data:
        return ReadResult("pdf-text", problems=(_problem(name, f"文件“{name}”是空文件（0字节），无法读取"),))
    if b"%PDF-" not in data[:1024]:
        return ReadResult("pdf-text", problems=(_problem(
            name, f"文件“{name}”不是PDF文件（内容与扩展名不符），无法读取，请确认文件格式"),))
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            return ReadResult("pdf-text", problems=(_problem(
                name, f"文件“{name}”已加密，无法读取，请提供未加密的版本"),))
        return ReadResult("pdf-text", problems=(_problem(
            name, f"文件“{name}”已损坏或不完整（可能下载或拷贝时被截断），无法读取，请重新提供原文件"),))
    tables = Tables(data)
    try:
        return _read_document(pdf, name, tables)
    finally:
        tables.close()
        pdf.close()


def _read_document(pdf: pdfium.PdfDocument, name: str, tables: Tables | None = None) -> ReadResult:
    problems: list[Problem] = []
    total = len(pdf)
    if total == 0:
        return ReadResult("pdf-text", problems=(_problem(name, f"文件“{name}”没有任何页面，无法读取"),), pages=0)
    limit = min(total, MAX_PAGES)
    if total > MAX_PAGES:
        problems.append(_problem(name, f"文件“{name}”共{total}页，超过{MAX_PAGES}页上限，只读取了前{MAX_PAGES}页"))

    blocks: list[Block] = []
    text_pages = ocr_pages = 0
    ocr_broken: str | None = None
    numbering = _TableNumbering()
    ocr_ran = False
    for index in range(limit):
        page_no = index + 1
        if budget.expired():
            problems.append(_problem(name, f"文件“{name}”读取用时超过 {budget.seconds():.0f} 秒的上限，"
                                           f"只读取了前{index}页（共{total}页），其余页未读取"))
            break
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            problems.append(_problem(name, f"文件“{name}”第{page_no}页已损坏，无法读取"))
            continue
        try:
            layer = _read_text_layer(page)
            if not _page_needs_ocr(page, layer):
                grids = tables.page(index, layer.page_height) if tables is not None and _draws_grid(page) else []
                page_blocks = _paragraph_blocks(layer, name, page_no, grids, numbering)
                if page_blocks:
                    text_pages += 1
                    blocks.extend(page_blocks)
                continue
            if ocr_broken is None:
                try:
                    ocr_blocks = _ocr_page(page, name, page_no, numbering)
                    ocr_ran = True
                except OcrUnavailable as exc:
                    ocr_broken = str(exc)
                    problems.append(_problem(
                        name, f"文件“{name}”含扫描页，需要文字识别（OCR），但识别组件无法加载：{exc}", "ocr"))
                    ocr_blocks = []
            else:
                ocr_blocks = []
            if ocr_blocks:
                ocr_pages += 1
                blocks.extend(ocr_blocks)
            elif layer.visible_chars and looks_garbled(layer.raw_text) < 0.5:
                # OCR found nothing but the text layer is not hopeless: keep it.
                page_blocks = _paragraph_blocks(layer, name, page_no)
                if page_blocks:
                    text_pages += 1
                    blocks.extend(page_blocks)
            elif ocr_broken is None and _image_coverage(page, layer) > 0:
                # A picture with no readable text is worth a word; bare lines are not.
                problems.append(_problem(name, f"文件“{name}”第{page_no}页未识别出文字", "ocr"))
        finally:
            page.close()
    source = "pdf-ocr" if ocr_pages and not text_pages else "pdf-text"
    return ReadResult(source, tuple(blocks), tuple(problems), total, provider() if ocr_ran else None)


# ------------------------------------------------------------- text layer ---

class _Char(NamedTuple):
    ch: str
    generated: bool
    box: tuple[float, float, float, float]      # tight glyph box: left, bottom, right, top
    loose: tuple[float, float, float, float]    # advance box from the font metrics
    size: float


@dataclass
class _Line:
    chars: list[_Char]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    top: float = 0.0
    size: float = 0.0


@dataclass
class _Layer:
    lines: list[_Line] = field(default_factory=list)
    raw_text: str = ""
    visible_chars: int = 0
    map_errors: int = 0
    page_width: float = 0.0
    page_height: float = 0.0


def _read_text_layer(page: pdfium.PdfPage) -> _Layer:
    width, height = page.get_size()
    layer = _Layer(page_width=width, page_height=height)
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        if n <= 0:
            return layer
        bulk = textpage.get_text_range()
        if len(bulk) == n and not _looks_fake_bold(bulk):
            return _fast_layer(raw, bulk, layer)
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        rect = pdfium_c.FS_RECTF()
        # the loop runs once per glyph: bind the C calls and arguments once
        get_unicode, map_error = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_HasUnicodeMapError
        is_generated, font_size = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_GetFontSize
        char_box, loose_box = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetLooseCharBox
        pl, pr, pb, pt, prect = (ctypes.byref(x) for x in (left, right, bottom, top, rect))
        chars: list[_Char] = []
        append = chars.append
        map_errors = 0
        pending_high = None
        for i in range(n):
            code = get_unicode(raw, i)
            if 0xD800 <= code <= 0xDBFF:
                pending_high = code
                continue
            if pending_high is not None and 0xDC00 <= code <= 0xDFFF:
                code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
            pending_high = None
            if code == 0:
                continue
            if map_error(raw, i) == 1:
                map_errors += 1
            char_box(raw, i, pl, pr, pb, pt)
            loose_box(raw, i, prect)
            append(_Char(chr(code), is_generated(raw, i) == 1,
                         (left.value, bottom.value, right.value, top.value),
                         (rect.left, rect.bottom, rect.right, rect.top),
                         font_size(raw, i)))
        layer.map_errors += map_errors
    finally:
        textpage.close()
    layer.raw_text = "".join(c.ch for c in chars)
    kept = _drop_fake_bold(chars)
    layer.visible_chars = sum(1 for c in kept if not c.ch.isspace())
    current: list[_Char] = []
    for c in kept:
        if c.ch in "\r\n":
            if current:
                layer.lines.append(_Line(current))
                current = []
            continue
        current.append(c)
    if current:
        layer.lines.append(_Line(current))
    layer.lines = [line for line in (_finish_line(l) for l in layer.lines) if line.text]
    return layer


_GRID = 4.0      # points; a fake-bold copy is shifted by well under half a glyph
_SAMPLE_GLYPHS = 5     # glyphs per line whose boxes give the line's extent and size
_MAP_SAMPLES = 64      # glyphs per page checked for broken Unicode mappings


def _looks_fake_bold(text: str) -> bool:
    """Fake bold shows in the plain text as doubled glyphs (关关于于) or doubled runs."""
    ink = [ch for ch in text if not ch.isspace()]
    if len(ink) < 4:
        return False
    pairs = sum(1 for a, b in zip(ink, ink[1:]) if a == b and not a.isdigit())
    if pairs > 0.1 * len(ink):
        return True
    for line in re.split(r"[\r\n]+", text):
        line = line.strip()
        half = len(line) // 2
        if half >= 2 and len(line) % 2 == 0 and line[:half] == line[half:]:
            return True
    return False


def _fast_layer(raw, text: str, layer: _Layer) -> _Layer:
    """The text layer of an ordinary page from the bulk text, with glyph boxes
    only for the few glyphs a line's geometry needs (the per-glyph path costs
    six C calls a glyph and is kept for fake bold)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    pl, pr, pb, pt, prect = (ctypes.byref(x) for x in (left, right, bottom, top, rect))

    def glyph(i: int) -> _Char:
        pdfium_c.FPDFText_GetCharBox(raw, i, pl, pr, pb, pt)
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, prect)
        return _Char(text[i], pdfium_c.FPDFText_IsGenerated(raw, i) == 1,
                     (left.value, bottom.value, right.value, top.value),
                     (rect.left, rect.bottom, rect.right, rect.top),
                     pdfium_c.FPDFText_GetFontSize(raw, i))

    step = max(1, len(text) // _MAP_SAMPLES)
    layer.map_errors = sum(pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1 for i in range(0, len(text), step))
    layer.raw_text = text
    layer.visible_chars = sum(1 for ch in text if not ch.isspace())
    for m in re.finditer(r"[^\r\n]+", text):
        a, b = m.start(), m.end()
        ink = [i for i in range(a, b) if not text[i].isspace()]
        if not ink:
            continue
        picks = sorted({ink[0], ink[-1], *ink[:: max(1, len(ink) // _SAMPLE_GLYPHS)]})
        chars = [glyph(i) for i in picks]
        # a space between a hanzi and a Latin letter or digit may be pdfium's own: keep its glyph
        spaces = [i for i in range(a + 1, b - 1) if text[i] == " "
                  and _is_hanzi_or_cjk_punct(text[i - 1]) != _is_hanzi_or_cjk_punct(text[i + 1])]
        line = _Line([glyph(i) for i in range(a, b)] if spaces else chars)
        layer.lines.append(_finish_line(line) if spaces else _finish_sampled(line, text[a:b]))
    layer.lines = [line for line in layer.lines if line.text]
    return layer


def _finish_sampled(line: _Line, text: str) -> _Line:
    """_finish_line for a line known only by its text and a few sampled glyphs."""
    line.text = normalize(text)
    ink = [c for c in line.chars if (c.box[2] - c.box[0]) > 0] or line.chars
    line.x0 = min(c.loose[0] for c in ink)
    line.x1 = max(c.loose[2] for c in ink)
    line.bottom = min(c.box[1] for c in ink)
    line.top = max(c.box[3] for c in ink)
    sizes = [c.size for c in ink if c.size > 1.0]
    heights = [c.loose[3] - c.loose[1] for c in ink if c.loose[3] > c.loose[1]]
    line.size = statistics.median(sizes) if sizes else (statistics.median(heights) if heights else 10.0)
    return line


def _drop_fake_bold(chars: list[_Char]) -> list[_Char]:
    """Drop a glyph drawn again over an earlier copy of the same character.

    Fake bold type prints every character two or more times, shifted by a
    fraction of a point.  A character is dropped when an earlier kept copy of
    the same character has a box overlapping it by more than half.
    """
    # earlier kept boxes by (character, grid cell): a copy drawn a fraction of a
    # point away lands in the same or a neighbouring cell, so each glyph is
    # compared with a handful of boxes instead of every earlier copy on the page
    seen: dict[tuple[str, int, int], list[tuple[float, float, float, float]]] = {}
    kept: list[_Char] = []
    for c in chars:
        l, b, r, t = c.box
        area = (r - l) * (t - b)
        if c.generated or c.ch.isspace() or area <= 0:
            kept.append(c)
            continue
        gx, gy = int(l // _GRID), int(b // _GRID)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for (l2, b2, r2, t2) in seen.get((c.ch, gx + dx, gy + dy), ()):
                    w = min(r, r2) - max(l, l2)
                    h = min(t, t2) - max(b, b2)
                    if w > 0 and h > 0 and w * h > 0.5 * min(area, (r2 - l2) * (t2 - b2)):
                        duplicate = True
                        break
                if duplicate:
                    break
            if duplicate:
                break
        if duplicate:
            continue
        seen.setdefault((c.ch, gx, gy), []).append(c.box)
        kept.append(c)
    # Fake bold leaves the spaces pdfium generated between the copies.
    out: list[_Char] = []
    for c in kept:
        if c.generated and c.ch == " " and out and out[-1].generated and out[-1].ch == " ":
            continue
        out.append(c)
    return out


def _is_hanzi_or_cjk_punct(ch: str) -> bool:
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF
            or 0x20000 <= cp <= 0x3134F)


def _finish_line(line: _Line) -> _Line:
    chars = line.chars
    pieces: list[str] = []
    for i, c in enumerate(chars):
        if c.generated and c.ch == " " and 0 < i < len(chars) - 1:
            prev, nxt = chars[i - 1], chars[i + 1]
            # pdfium reads the automatic gap between hanzi and Latin/digits as a space.
            if _is_hanzi_or_cjk_punct(prev.ch) != _is_hanzi_or_cjk_punct(nxt.ch) \
                    and not prev.ch.isspace() and not nxt.ch.isspace():
                size = max(prev.size, nxt.size, 1.0)
                if nxt.loose[0] - prev.loose[2] < 0.4 * size:
                    continue
        pieces.append(c.ch)
    line.text = normalize("".join(pieces))
    ink = [c for c in chars if not c.ch.isspace() and (c.box[2] - c.box[0]) > 0]
    if not ink:
        line.text = line.text if any(not c.ch.isspace() for c in chars) else ""
        ink = [c for c in chars if not c.ch.isspace()] or chars
    line.x0 = min(c.loose[0] for c in ink)
    line.x1 = max(c.loose[2] for c in ink)
    line.bottom = min(c.box[1] for c in ink)
    line.top = max(c.box[3] for c in ink)
    heights = [c.loose[3] - c.loose[1] for c in ink if c.loose[3] > c.loose[1]]
    sizes = [c.size for c in ink if c.size > 1.0]
    line.size = statistics.median(sizes) if sizes else (statistics.median(heights) if heights else 10.0)
    return line


# ---------------------------------------------------------------- quality ---

def _page_needs_ocr(page: pdfium.PdfPage, layer: _Layer) -> bool:
    if layer.visible_chars == 0:
        # Nothing to read: OCR only if something is drawn (a scan, outlined text).
        return _has_drawing(page)
    if layer.map_errors > 0.1 * layer.visible_chars:
        return True
    if looks_garbled(layer.raw_text) > GARBLED_THRESHOLD:
        return True
    if layer.visible_chars < MIN_TEXT_CHARS_ON_SCAN and _image_coverage(page, layer) > SCAN_COVERAGE:
        return True
    return False


def _has_drawing(page: pdfium.PdfPage) -> bool:
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH,
                                      pdfium_c.FPDF_PAGEOBJ_SHADING]):
        return True
    return False


MIN_GRID_SEGMENTS = 12     # line segments a page must draw before its tables are looked for


def _draws_grid(page: pdfium.PdfPage) -> bool:
    """True when the page draws enough line segments to hold a ruled table (a 文号's red rule
    or a footnote line does not): only such pages are parsed again for their tables."""
    segments = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        segments += max(0, pdfium_c.FPDFPath_CountSegments(obj.raw))
        if segments >= MIN_GRID_SEGMENTS:
            return True
    return False


def _image_coverage(page: pdfium.PdfPage, layer: _Layer) -> float:
    area = layer.page_width * layer.page_height
    if area <= 0:
        return 0.0
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            l, b, r, t = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        largest = max(largest, max(0.0, r - l) * max(0.0, t - b))
    return largest / area


# --------------------------------------------------------------------- OCR ---

def _ocr_page(page: pdfium.PdfPage, name: str, page_no: int, numbering: "_TableNumbering") -> list[Block]:
    width, height = page.get_size()
    scale = OCR_DPI / 72
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = math.sqrt(MAX_RENDER_PIXELS / (width * height))
    bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
    try:
        image = bitmap.to_pil()
        items = ocr_page(image)
    finally:
        bitmap.close()
    blocks: list[Block] = []
    numbering.count = page_blocks(items, name, page_no, numbering.count, blocks)
    numbering.close()
    return blocks


# ------------------------------------------------------------- paragraphs ---

_FINAL_PUNCT = tuple("。！？；：!?;:")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－~～\s]*\d{1,4}[-—–－~～\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|-?\s*[ivxlcIVXLC]{1,6}\s*-?)$")


class _TableNumbering:
    """Tables are numbered through the document; a table that runs on at the top of the next
    page (as many columns, its header not repeated or repeated) keeps its number and rows."""

    def __init__(self):
        self.count = 0
        self.open: tuple[int, int, tuple, int] | None = None    # number, columns, header, rows so far

    def start(self, grid: Grid, continues: bool) -> tuple[int, int, list[tuple]]:
        """(table number, row offset, rows to emit) for ``grid``."""
        rows = list(grid.rows)
        width = max(len(r) for r in rows)
        if continues and self.open and self.open[1] == width:
            number, _, header, done = self.open
            if rows and rows[0] == header:
                rows = rows[1:]                     # the header printed again on the new page
        else:
            self.count += 1
            number, header, done = self.count, rows[0], 0
        self.open = (number, width, header, done + len(rows))
        return number, done, rows

    def close(self) -> None:
        self.open = None


def _paragraph_blocks(layer: _Layer, name: str, page_no: int, grids: list[Grid] = (),
                      numbering: _TableNumbering | None = None) -> list[Block]:
    lines = layer.lines
    if not lines:
        return []
    numbering = numbering or _TableNumbering()
    # Margins from the body: a browser's print header and footer (the date and the
    # page title at the very top, the URL at the very bottom) sit outside them.
    edge = 0.06 * layer.page_height
    body = [l for l in lines if edge < l.top and l.bottom < layer.page_height - edge] or lines
    left = min(l.x0 for l in body)
    # Margins are (nearly) symmetric: a wrapped line ends near the mirror of
    # the left margin.  If no line gets there, nothing is joined.
    right = layer.page_width - left
    indented_style = any(abs(l.x0 - (left + 2 * l.size)) < 0.7 * l.size for l in lines)
    # a one-row grid is a table only where it carries on the table the last page ended with
    def carries_on(g: Grid) -> bool:
        body_above = [l for l in lines if edge < l.top < layer.page_height - edge and l.bottom > g.top
                      and not g.holds(l.x0, l.bottom, l.x1, l.top)]
        return bool(numbering.open) and numbering.open[1] == max(len(r) for r in g.rows) and not body_above
    grids = [g for g in grids if len(g.rows) >= 2 or carries_on(g)]
    # each line's table, if it sits inside one
    inside = [next((k for k, g in enumerate(grids) if g.holds(l.x0, l.bottom, l.x1, l.top)), None) for l in lines]
    blocks: list[Block] = []
    emitted: set[int] = set()
    seen_body = False
    start = 0
    for i in range(1, len(lines) + 1):
        if inside[i - 1] is not None:
            k = inside[i - 1]
            if k not in emitted:
                emitted.add(k)
                blocks.extend(_grid_blocks(grids[k], name, page_no, numbering, continues=not seen_body))
                seen_body = True
            start = i
            continue
        if i < len(lines) and inside[i] is None and _continues(lines[i - 1], lines[i], left, right, indented_style):
            continue
        group = lines[start:i]
        text = group[0].text
        for prev, cur in zip(group, group[1:]):
            text += (" " if _needs_space(prev.text, cur.text) else "") + cur.text
        kind = "paragraph"
        if len(group) == 1 and _is_page_number(group[0], layer, is_last=(i == len(lines))):
            kind = "footer"
        if kind != "footer" and edge < group[0].top and group[-1].bottom < layer.page_height - edge:
            seen_body = True
            numbering.close()               # text after a table ends it
        blocks.append(Block(text, kind, Locator(file=name, page=page_no, line=start + 1)))
        start = i
    for k, grid in enumerate(grids):        # a table with no text line of the layer inside it
        if k not in emitted and any(any(r) for r in grid.rows):
            blocks.extend(_grid_blocks(grid, name, page_no, numbering, continues=False))
    return blocks


def _grid_blocks(grid: Grid, name: str, page_no: int, numbering: _TableNumbering, continues: bool) -> list[Block]:
    number, offset, rows = numbering.start(grid, continues)
    out = []
    for r, row in enumerate(rows, start=offset + 1):
        for c, text in enumerate(row, start=1):
            if text:
                out.append(Block(text, "table-cell", Locator(file=name, page=page_no, table=number, row=r, col=c)))
    return out


def _continues(a: _Line, b: _Line, left: float, right: float, indented_style: bool) -> bool:
    """True when line ``b`` is the wrapped continuation of line ``a``."""
    size = max(a.size, b.size)
    if abs(a.size - b.size) > 0.15 * size:
        return False
    if b.top > a.bottom + 0.2 * size:                 # b is not below a (columns, table cells)
        return False
    if a.bottom - b.top > 1.6 * size:                 # a wide gap separates paragraphs
        return False
    a_full = a.x1 >= right - 2.0 * size
    if not a_full:
        return False
    b_at_margin = b.x0 <= left + 0.6 * size
    if b_at_margin and a.x0 <= left + 2.8 * size:
        # Body text: a new paragraph is indented; without indentation style
        # a line ending a sentence ends the paragraph.
        return indented_style or not a.text.endswith(_FINAL_PUNCT)
    # A centred heading wrapped over two lines: the last line is centred too.
    centre = (left + right) / 2
    b_centre = (b.x0 + b.x1) / 2
    if abs(b_centre - centre) < 1.5 * size and not a.text.endswith(_FINAL_PUNCT) \
            and b.x1 < right - 1.5 * size and a.x0 <= left + 2.8 * size:
        return True
    return False


def _needs_space(prev: str, cur: str) -> bool:
    return bool(prev and cur) and prev[-1].isascii() and prev[-1].isalnum() \
        and cur[0].isascii() and cur[0].isalnum()


def _is_page_number(line: _Line, layer: _Layer, is_last: bool) -> bool:
    if not _PAGE_NUMBER_RE.match(line.text):
        return False
    return is_last or line.top < 0.12 * layer.page_height or line.bottom > 0.88 * layer.page_height
