"""Guessing from a PDF's bytes whether it holds scanned pages (pipeline.readers.scanhint), and the
OCR lane the case reader gives such files."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.readcase import OCR_LANE, ocr_lane
from pipeline.readers import dispatch, scanhint

from .pdf_fixtures import render_text_image, scanned_pdf, text_pdf


def _text_pdf_with_logo(side: int) -> bytes:
    """A text PDF with one ``side`` x ``side`` pixel picture on its page (a logo, a seal)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 800, "Report with a logo")
    c.drawImage(ImageReader(Image.new("RGB", (side, side), "red")), 72, 600, 100, 100)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_scan_is_told_from_text_and_from_a_text_page_with_a_logo():
    scan = scanned_pdf([render_text_image(["扫描的通知"])])
    assert scanhint.has_page_image(scan)
    assert not scanhint.has_page_image(text_pdf([["双向转诊工作方案"]]))
    assert not scanhint.has_page_image(_text_pdf_with_logo(300))
    assert scanhint.has_page_image(_text_pdf_with_logo(1200))      # a page-sized picture


@pytest.mark.parametrize("junk", [0, 1, 900, 1023, 1024, 1500, 2047, 2048, 2100, 4000, 5000])
def test_the_streamed_guess_is_the_same_across_chunk_ends(monkeypatch, junk):
    monkeypatch.setattr(scanhint, "CHUNK", 2048)
    scan = scanned_pdf([render_text_image(["扫描"], size=(827, 1170))])
    data = scan[:9] + b"%" + b"x" * junk + b"\n" + scan[9:]        # the image dictionary moved along
    assert scanhint.stream_has_page_image(io.BytesIO(data))
    text = text_pdf([["甲"]])
    assert not scanhint.stream_has_page_image(io.BytesIO(text[:9] + b"%" + b"x" * junk + b"\n" + text[9:]))


def test_images_and_scanned_pdfs_go_to_the_ocr_lane():
    scan = scanned_pdf([render_text_image(["扫描"])])
    text = text_pdf([["文字"]])
    assert ocr_lane(dispatch.plan(scan, "a.pdf"), data=scan) == OCR_LANE
    assert ocr_lane(dispatch.plan(scan, "a.pdf"), io.BytesIO(scan)) == OCR_LANE
    assert ocr_lane(dispatch.plan(text, "b.pdf"), io.BytesIO(text)) is None
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(png, format="PNG")
    assert ocr_lane(dispatch.plan(png.getvalue(), "c.png"), data=png.getvalue()) == OCR_LANE
    assert ocr_lane(dispatch.plan("文字".encode(), "d.txt"), data="文字".encode()) is None
