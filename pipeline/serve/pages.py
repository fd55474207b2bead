"""Page images of the cited files and the boxes of a quote on them, for the workbench.

A cited page is rendered on demand with pypdfium2 and cached by the file's content
hash in kaohe's cache folder (``pipeline.cache.default_cache_dir()/pages``), never
in the evidence folder. The quote is found again on the page:

- a text PDF: the page's characters (pdfium's text page) are compared with the quote,
  spaces ignored and both sides NFKC-folded; the boxes are the matched glyphs' boxes,
  joined per line;
- a scan or photo (a page without a text layer): the page image is read by the
  project's OCR (``pipeline.readers.ocr``) once, its lines cached; the boxes are the
  lines the quote runs over;
- .docx/.doc/.wps: converted to PDF once by LibreOffice (``pipeline.render.pdf``,
  its own profile and time limit), cached; the quote is looked for on the cited
  page, or on every page when the citation names none.

Boxes are fractions of the page (0..1, top-left origin), so the page shows them over
an image of any size. A quote that cannot be found is said, and the page still shows.
"""
from __future__ import annotations

import hashlib
import io
import json
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..cache import default_cache_dir
from ..render.files import atomic_write

SCALE = 1.5                     # 108 dpi: a readable A4 page about 890 px wide
OCR_SCALE = 2.0
CONVERTED = (".docx", ".doc", ".wps", ".docm", ".rtf", ".odt")
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
MIN_PREFIX = 6                  # the shortest start of a quote worth showing alone (a quote across pages)
_pdfium_lock = threading.RLock()  # pdfium is not thread-safe


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float                   # fractions of the page, top-left origin


@dataclass
class Highlight:
    page: int | None            # the page shown (1-based), None when there is none
    pages: int = 0
    boxes: list[Box] = field(default_factory=list)
    how: str = ""               # glyph | ocr | "" (not found)
    note: str = ""              # Chinese, for the reviewer
    pdf_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # PDF points (l, b, r, t)


def fold(ch: str) -> str:
    """One character as compared: NFKC, lower case; spaces fold to nothing."""
    if ch.isspace():
        return ""
    return unicodedata.normalize("NFKC", ch).lower()


def squash(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for every folded character the index of the character it came from."""
    out, index = [], []
    for i, ch in enumerate(text):
        for f in fold(ch):
            out.append(f)
            index.append(i)
    return "".join(out), index


def find(haystack: str, quote: str) -> tuple[int, int] | None:
    """(start, end) in ``haystack`` of the quote (spaces ignored), or of its longest start found."""
    text, index = squash(haystack)
    want, _ = squash(quote)
    if not want or not text:
        return None
    k = text.find(want)
    n = len(want)
    while k < 0 and n > MIN_PREFIX:
        n = max(MIN_PREFIX, n * 2 // 3)
        k = text.find(want[:n])
    if k < 0:
        return None
    return index[k], index[k + n - 1] + 1


class PageStore:
    """Rendered pages, converted PDFs and OCR lines, cached under ``root`` by content hash."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else default_cache_dir() / "pages"
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._highlights: dict[tuple, Highlight] = {}

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    # ---- the PDF a file is shown as -------------------------------------------------
    def cached_pdf(self, sha: str) -> Path | None:
        target = self.root / "pdf" / f"{sha}.pdf"
        return target if target.is_file() else None

    def pdf_of(self, name: str, data: bytes, sha: str) -> tuple[Path | None, str]:
        """The PDF that shows file ``name`` (its bytes ``data``), and a Chinese note when there is none."""
        suffix = Path(name).suffix.lower()
        target = self.root / "pdf" / f"{sha}.pdf"
        if target.is_file():
            return target, ""
        with self._lock("pdf" + sha):
            if target.is_file():
                return target, ""
            if suffix == ".pdf" or data[:5] == b"%PDF-":
                return atomic_write(target, data), ""
            if suffix in IMAGES:
                return self._image_pdf(data, target)
            if suffix in CONVERTED:
                return self._converted(name, data, target)
        return None, f"“{Path(name).name}”不是可显示页面的文件类型（PDF、图片、Word/WPS 文档），请打开原文件核对"

    def _image_pdf(self, data: bytes, target: Path) -> tuple[Path | None, str]:
        from PIL import Image
        try:
            with Image.open(io.BytesIO(data)) as img:
                frames = []
                for n in range(getattr(img, "n_frames", 1)):
                    img.seek(n)
                    frames.append(img.convert("RGB"))
            buf = io.BytesIO()
            frames[0].save(buf, "PDF", save_all=True, append_images=frames[1:], resolution=150)
        except Exception as exc:  # noqa: BLE001 - a broken image is a message
            return None, f"图片无法显示（{type(exc).__name__}），请打开原文件核对"
        return atomic_write(target, buf.getvalue()), ""

    def _converted(self, name: str, data: bytes, target: Path) -> tuple[Path | None, str]:
        import tempfile
        from ..render.pdf import to_pdf
        with tempfile.TemporaryDirectory(prefix="kaohe-serve-") as tmp:
            src = Path(tmp) / ("source" + Path(name).suffix.lower())
            src.write_bytes(data)
            out = Path(tmp) / "out"
            out.mkdir()
            written, problems = to_pdf([src], out)
            if not written:
                return None, f"“{Path(name).name}”未能转换为 PDF 以显示页面：{'；'.join(problems) or '原因不明'}"
            return atomic_write(target, written[0].read_bytes()), ""

    # ---- images --------------------------------------------------------------------
    def image(self, pdf: Path, sha: str, page: int, scale: float = SCALE) -> bytes | None:
        """PNG of ``page`` (1-based), cached; None when the page does not exist."""
        target = self.root / "png" / f"{sha}-{page}-{scale:g}.png"
        if target.is_file():
            return target.read_bytes()
        with _pdfium_lock:
            doc = pdfium.PdfDocument(str(pdf))
            try:
                if not 1 <= page <= len(doc):
                    return None
                img = doc[page - 1].render(scale=scale).to_pil()
            finally:
                doc.close()
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=False, compress_level=1)
        atomic_write(target, buf.getvalue())
        return buf.getvalue()

    # ---- the quote's boxes ---------------------------------------------------------
    def highlight(self, pdf: Path, sha: str, page: int | None, quote: str) -> Highlight:
        key = (sha, page, quote)
        got = self._highlights.get(key)
        if got is None:
            got = self._highlights[key] = self._highlight(pdf, sha, page, quote)
        return got

    def _highlight(self, pdf: Path, sha: str, page: int | None, quote: str) -> Highlight:
        with _pdfium_lock:
            doc = pdfium.PdfDocument(str(pdf))
            try:
                count = len(doc)
                order = list(range(1, count + 1))
                if page is not None and 1 <= page <= count:
                    order.remove(page)
                    order.insert(0, page)
                for n in order:
                    got = self._on_page(doc, n, sha, quote)
                    if got is not None:
                        got.pages = count
                        if page is not None and n != page:
                            got.note = f"引文在第{n}页找到（引用标注为第{page}页）"
                        return got
            finally:
                doc.close()
        shown = page if page is not None and 1 <= page <= count else (1 if count else None)
        return Highlight(page=shown, pages=count, note="未能在页面上定位这段引文，请对照下方文字核对")

    def _on_page(self, doc, n: int, sha: str, quote: str) -> Highlight | None:
        p = doc[n - 1]
        width, height = p.get_size()
        text_page = p.get_textpage()
        try:
            chars = [chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, i) or 32) for i in range(text_page.count_chars())]
            if sum(1 for c in chars if not c.isspace()) < 8:
                return self._ocr_page(p, n, sha, quote)
            span = find("".join(chars), quote)
            if span is None:
                return None
            pdf_boxes = []
            for i in range(*span):
                if chars[i].isspace():
                    continue
                l, b, r, t = text_page.get_charbox(i)
                if r > l and t > b:
                    pdf_boxes.append((l, b, r, t))
        finally:
            text_page.close()
        lines = _lines(pdf_boxes)
        boxes = [Box(l / width, 1 - t / height, r / width, 1 - b / height) for l, b, r, t in lines]
        return Highlight(page=n, boxes=boxes, how="glyph", pdf_boxes=lines)

    def _ocr_page(self, page, n: int, sha: str, quote: str) -> Highlight | None:
        lines = self._ocr_lines(page, n, sha)
        if not lines:
            return None
        text, owner = "", []
        for k, line in enumerate(lines):
            text += line["text"] + "\n"
            owner += [k] * (len(line["text"]) + 1)
        span = find(text, quote)
        if span is None:
            return None
        hit = sorted({owner[i] for i in range(*span)})
        w, h = lines[0]["size"]
        boxes = [Box(lines[k]["box"][0] / w, lines[k]["box"][1] / h, lines[k]["box"][2] / w, lines[k]["box"][3] / h)
                 for k in hit]
        return Highlight(page=n, boxes=boxes, how="ocr")

    def _ocr_lines(self, page, n: int, sha: str) -> list[dict]:
        target = self.root / "ocr" / f"{sha}-{n}.json"
        if target.is_file():
            return json.loads(target.read_text(encoding="utf-8"))
        from ..readers.ocr import OcrUnavailable, ocr_image, reading_order
        img = page.render(scale=OCR_SCALE).to_pil()
        try:
            found = reading_order(ocr_image(img))
        except OcrUnavailable:
            return []
        lines = [{"text": line.text, "box": list(line.box), "size": list(img.size)} for line in found]
        atomic_write(target, json.dumps(lines, ensure_ascii=False).encode("utf-8"))
        return lines


def _lines(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Glyph boxes joined into one box per line (glyphs whose vertical middles are within a line's height)."""
    out: list[list[float]] = []
    for l, b, r, t in boxes:
        mid = (b + t) / 2
        for line in out:
            if line[1] - 1 <= mid <= line[3] + 1 and l >= line[0] - (line[3] - line[1]) * 2:
                line[0], line[1], line[2], line[3] = min(line[0], l), min(line[1], b), max(line[2], r), max(line[3], t)
                break
        else:
            out.append([l, b, r, t])
    return [tuple(x) for x in out]


def file_bytes(case_dir: Path, target: str, member: str) -> bytes | None:
    """The bytes of a file of the case (``target`` relative to ``case_dir``, a member inside it when an
    archive), or None when it is not a file inside the case folder."""
    root = Path(case_dir).resolve()
    path = (root / target).resolve()
    if not path.is_relative_to(root) or path == root or not path.is_file():
        return None
    if not member:
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as z:
            from ..readers.archive import member_name, safe_path
            names = {safe_path(member_name(i))[0]: i for i in z.infolist()}
            info = names.get(member)
            if info is None or info.file_size > 200 * 1024 * 1024:
                return None
            return z.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
