"""Build real PDF and image files for the reader tests."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

NOTO_SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO_SANS_SC = 2          # subfont index of Simplified Chinese in the collection
FONT = "STSong-Light"


def _register() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def text_pdf(pages: list[list[str]], size: float = 14, encrypt=None, bold_offset: float | None = None) -> bytes:
    """A text PDF: every string of a page is drawn on its own line.

    ``bold_offset`` draws every character a second time shifted by that many
    points (fake bold).  ``encrypt`` is passed to the canvas (a password or
    a reportlab StandardEncryption).
    """
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for lines in pages:
        y = height - 80
        for line in lines:
            if bold_offset is None:
                c.setFont(FONT, size)
                c.drawString(72, y, line)
            else:
                x = 72.0
                for ch in line:
                    c.setFont(FONT, size)
                    c.drawString(x, y, ch)
                    c.drawString(x + bold_offset, y, ch)
                    x += pdfmetrics.stringWidth(ch, FONT, size)
            y -= size * 1.8
        c.showPage()
    c.save()
    return buf.getvalue()


def paragraph_pdf(title: str, body: str, size: float = 16, chars_per_line: int = 28) -> bytes:
    """A 公文-like page: a centred title wrapped over two lines, then one
    indented body paragraph wrapped at a fixed width, then a date line."""
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    left = 72
    right = left + chars_per_line * size
    y = height - 100
    c.setFont(FONT, size)
    # Title: the first line fills the width, the rest is centred.
    first, rest = title[:chars_per_line], title[chars_per_line:]
    c.drawString(left, y, first)
    y -= size * 1.8
    if rest:
        c.drawCentredString((left + right) / 2, y, rest)
        y -= size * 1.8
    # Body paragraph: two-character indent on its first line.
    text = "\u3000\u3000" + body
    while text:
        c.drawString(left, y, text[:chars_per_line])
        text = text[chars_per_line:]
        y -= size * 1.8
    c.drawRightString(right, y - size, "2017年6月12日")
    c.showPage()
    c.save()
    return buf.getvalue()


def render_text_image(lines: list[str], size: tuple[int, int] = (1654, 2339), font_px: int = 44,
                      top: int = 200, left: int = 150, spacing: int = 90) -> Image.Image:
    """Chinese text drawn with Noto Sans CJK on white paper (A4 at 200 dpi by default)."""
    font = ImageFont.truetype(NOTO_SANS, font_px, index=NOTO_SANS_SC)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    y = top
    for line in lines:
        draw.text((left, y), line, font=font, fill="black")
        y += spacing
    return image


def scanned_pdf(images: list[Image.Image]) -> bytes:
    """A PDF whose pages are only images, as a scanner makes them."""
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return buf.getvalue()


def image_bytes(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()
