"""Page images and the quote's boxes (pipeline.serve.pages) on files the tests build: a text PDF
(checked against pdfplumber's characters), a scan (OCR line boxes over the ink of the sentence), a
photo, a quote not on the page, and files outside the case folder (not read)."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

from pipeline.serve.pages import PageStore, file_bytes, find, sha256
from scripts.docbuild import parse_markup, with_gaps, write_pdf, write_scan

from .helpers import overlaps, quote_box

FIRST = "本段为背景说明，介绍全市医疗资源的分布情况和基层群众的就医需求，供各单位研究参考。"
TARGET = "经市政府常务会议研究同意，全市划分为东、西、南、北四个网格，每个网格由一家三级公立医院牵头组建城市医疗集团。"


def _blocks():
    return with_gaps(parse_markup("\n".join(["@title 北湖市医疗联合体网格化布局规划", FIRST, FIRST, TARGET, FIRST])))


def test_find_ignores_spaces_and_width_and_falls_back_to_the_quotes_start():
    assert find("经市政府 常务会议\n研究同意", "经市政府常务会议研究同意") == (0, 14)
    assert find("ＡＢＣ１２３", "abc123") == (0, 6)
    hay = "前文。全市划分为东西南北四个网格，每个网格由一家医院牵头"
    start, end = find(hay + "（下页）", "全市划分为东西南北四个网格，每个网格由一家医院牵头组建城市医疗集团统筹网格内机构")
    assert hay[start:end].startswith("全市划分为东西南北四个网格")
    assert find("毫不相干的文字", "全市划分为四个网格") is None


def test_a_text_pdf_quote_gets_its_glyph_boxes(tmp_path):
    pdf = tmp_path / "规划.pdf"
    write_pdf(pdf, _blocks(), "规划")
    store = PageStore(tmp_path / "cache")
    data = pdf.read_bytes()
    shown, note = store.pdf_of(pdf.name, data, sha256(data))
    h = store.highlight(shown, sha256(data), 1, TARGET)
    assert h.how == "glyph" and h.page == 1 and not h.note
    assert len(h.boxes) >= 2                      # the sentence runs over two lines or more: a box per line
    where = quote_box(pdf, 1, TARGET)
    assert any(overlaps((b.x0, b.y0, b.x1, b.y1), where) for b in h.boxes)
    first = quote_box(pdf, 1, FIRST)
    assert not any(overlaps((b.x0, b.y0, b.x1, b.y1), first) for b in h.boxes)
    png = store.image(shown, sha256(data), 1)
    assert Image.open(io.BytesIO(png)).size[0] > 800
    assert store.image(shown, sha256(data), 2) is None


def test_a_quote_not_on_the_page_is_said(tmp_path):
    pdf = tmp_path / "规划.pdf"
    write_pdf(pdf, _blocks(), "规划")
    store = PageStore(tmp_path / "cache")
    data = pdf.read_bytes()
    shown, _ = store.pdf_of(pdf.name, data, sha256(data))
    h = store.highlight(shown, sha256(data), 1, "本市尚未出台任何相关的文件和管理办法")
    assert h.boxes == [] and h.page == 1 and "未能在页面上定位" in h.note


def _ink(img: Image.Image, box) -> float:
    """The share of dark pixels inside a box (fractions of the image)."""
    w, h = img.size
    crop = img.convert("L").crop((int(box.x0 * w), int(box.y0 * h), int(box.x1 * w), int(box.y1 * h)))
    pixels = np.asarray(crop)
    return float((pixels < 128).mean()) if pixels.size else 0.0


@pytest.mark.parametrize("name", ["扫描件.pdf", "照片.png"])
def test_a_scan_quote_gets_the_ocr_line_boxes(tmp_path, name):
    scan = tmp_path / name
    write_scan(scan, _blocks())
    store = PageStore(tmp_path / "cache")
    data = scan.read_bytes()
    sha = sha256(data)
    shown, note = store.pdf_of(scan.name, data, sha)
    assert shown is not None, note
    h = store.highlight(shown, sha, 1, TARGET)
    assert h.how == "ocr" and h.boxes, h.note
    img = Image.open(io.BytesIO(store.image(shown, sha, 1)))
    assert all(_ink(img, b) > 0.03 for b in h.boxes)            # the boxes sit on printed text
    other = store.highlight(shown, sha, 1, FIRST)
    assert other.boxes and max(b.y0 for b in other.boxes) < min(b.y0 for b in h.boxes)   # FIRST is printed above
    assert list((tmp_path / "cache" / "ocr").glob("*.json"))    # OCR once, cached


def test_files_outside_the_case_folder_are_not_read(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    (case / "a.pdf").write_bytes(b"%PDF-1.4 a")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    os.symlink(tmp_path / "secret.pdf", case / "link.pdf")
    assert file_bytes(case, "a.pdf", "") == b"%PDF-1.4 a"
    for target in ("../secret.pdf", str(tmp_path / "secret.pdf"), "link.pdf", ".", "", "a.pdf/../../secret.pdf"):
        assert file_bytes(case, target, "") is None, target
