"""Ruled tables of a page image (scan_grid): the rulings are found from the ink, straightened
for a scan's small skew, and red ink (a seal over the table) is no ruling."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.readers import image
from pipeline.readers.scan_grid import find_grids
from pipeline.text.variants import simplified
from tests.readers.pdf_fixtures import NOTO_SANS, NOTO_SANS_SC, image_bytes

TABLE = [["姓名", "派出单位及职务", "在我院任职"],
         ["徐丽", "衢州市人民医院护理部副主任", "护理部主任"],
         ["祝浩", "衢州市人民医院心内科副主任医师", "心血管内科主任"]]
WIDTHS = [220, 420, 330]


def ruled_page(rows=TABLE, widths=WIDTHS, wrap=14, tilt=0.0, seal=False, rules=True) -> Image.Image:
    """An A4-sized page at about 150 dpi with one ruled table; a cell longer than ``wrap``
    characters wraps onto a second printed line inside its cell."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(NOTO_SANS, 30, index=NOTO_SANS_SC)
    draw.text((300, 120), "关于聘任帮扶专家职务的通知", font=font, fill="black")
    x0, top, row_h = 120, 260, 110
    for r, row in enumerate(rows):
        x = x0
        for c, text in enumerate(row):
            limit = max(1, (widths[c] - 30) // 30)
            for k, start in enumerate(range(0, len(text), min(wrap, limit))):
                draw.text((x + 14, top + r * row_h + 14 + k * 40), text[start:start + min(wrap, limit)],
                          font=font, fill="black")
            x += widths[c]
    if rules:
        for r in range(len(rows) + 1):
            draw.line((x0, top + r * row_h, x0 + sum(widths), top + r * row_h), fill="black", width=2)
        x = x0
        for w in [0] + widths:
            x += w
            draw.line((x, top, x, top + len(rows) * row_h), fill="black", width=2)
    if seal:
        draw.ellipse((700, 300, 1000, 600), outline=(220, 30, 30), width=10)
        draw.line((700, 450, 1000, 450), fill=(220, 30, 30), width=6)
    draw.text((700, 700), "2021年1月11日", font=font, fill="black")
    return page.rotate(tilt, resample=Image.BICUBIC, fillcolor="white") if tilt else page


@pytest.mark.parametrize("tilt", [0.0, 1.0, -1.2])
def test_a_ruled_table_has_its_rows_and_columns_at_any_small_tilt(tilt):
    (grid,) = find_grids(np.asarray(ruled_page(tilt=tilt)), 30)
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 3)


def test_red_ink_over_the_table_draws_no_ruling():
    (grid,) = find_grids(np.asarray(ruled_page(seal=True)), 30)
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 3)


def test_a_page_without_rulings_has_no_grid():
    assert find_grids(np.asarray(ruled_page(rules=False)), 30) == []


def test_a_wrapped_cell_is_one_cell_of_its_row():
    """The second printed line of a wrapped cell belongs to the row above it, not a row of its own
    (the recogniser may read 内 as 內: compared as simplified, as every check reads)."""
    result = image.read(image_bytes(ruled_page(wrap=8, tilt=0.8), "PNG"), "聘任通知.png")
    cells = {(b.loc.row, b.loc.col): simplified(b.text.replace(" ", "")) for b in result.blocks if b.kind == "table-cell"}
    assert cells == {(r + 1, c + 1): text for r, row in enumerate(TABLE) for c, text in enumerate(row)}
    lines = [b.text.replace(" ", "") for b in result.blocks if b.kind == "ocr-line"]
    assert lines == ["关于聘任帮扶专家职务的通知", "2021年1月11日"]
