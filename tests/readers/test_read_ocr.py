from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline.model import Locator
from pipeline.readers import image
from pipeline.readers.ocr import OcrLine, reading_order
from tests.readers.pdf_fixtures import NOTO_SANS, NOTO_SANS_SC, image_bytes, render_text_image

LINES = ["关于成立对口支援工作领导小组的通知", "各科室：", "经院务会研究，决定成立领导小组。"]


def small_page(lines, width=1300, height=420):
    return render_text_image(lines, size=(width, height), top=60, left=60, spacing=100)


def test_png_lines_in_reading_order():
    result = image.read(image_bytes(small_page(LINES), "PNG"), "照片/通知.png")
    assert result.source == "image-ocr"
    assert result.pages == 1
    assert [b.text for b in result.blocks] == LINES
    assert [b.loc for b in result.blocks] == [Locator(file="照片/通知.png", page=1, line=n) for n in (1, 2, 3)]
    assert all(b.kind == "ocr-line" and b.confidence > 0.8 for b in result.blocks)


def test_jpg_with_exif_rotation_is_turned_upright():
    upright = small_page(LINES)
    stored = upright.rotate(90, expand=True)            # what the camera wrote
    exif = Image.Exif()
    exif[0x0112] = 6                                     # display: rotate 90° clockwise
    data = image_bytes(stored, "JPEG", quality=95, exif=exif)
    result = image.read(data, "拍照.jpg")
    assert [b.text for b in result.blocks] == LINES


def test_multipage_tiff_gives_pages():
    first, second = small_page(LINES[:1], height=200), small_page(LINES[2:], height=200)
    data = image_bytes(first, "TIFF", save_all=True, append_images=[second])
    result = image.read(data, "扫描.tif")
    assert result.pages == 2
    assert [(b.loc.page, b.loc.line, b.text) for b in result.blocks] == [(1, 1, LINES[0]), (2, 1, LINES[2])]


def test_date_under_red_seal_is_read():
    page = render_text_image(["西岭市人民医院", "2017年6月12日"], size=(1300, 520), top=150, left=600,
                             spacing=110)
    # The seal is printed like ink on paper (colours multiply); its text
    # runs across the date, which is where a 公文's seal always sits.
    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    font = ImageFont.truetype(NOTO_SANS, 56, index=NOTO_SANS_SC)
    centre = (760, 300)
    draw.ellipse((centre[0] - 190, centre[1] - 190, centre[0] + 190, centre[1] + 190),
                 outline=(220, 30, 30), width=14)
    draw.text((centre[0] - 170, centre[1] - 40), "西岭市人民医院", font=font, fill=(220, 30, 30))
    draw.regular_polygon((centre[0], centre[1] + 80, 70), 5, fill=(220, 30, 30))
    page = ImageChops.multiply(page, seal)
    result = image.read(image_bytes(page, "PNG"), "盖章.png")
    assert [b.text for b in result.blocks] == ["西岭市人民医院", "2017年6月12日"]


def test_corrupt_empty_and_oversized_images_are_problems(monkeypatch):
    broken = image.read(b"\x89PNG\r\n\x1a\nthis is not a picture", "坏.png")
    assert broken.blocks == ()
    assert broken.problems[0].message == "文件“坏.png”不是可识别的图片或已损坏，无法读取，请重新提供原图"
    empty = image.read(b"", "空.jpg")
    assert empty.problems[0].message == "文件“空.jpg”是空文件（0字节），无法读取"
    monkeypatch.setattr(image, "MAX_PIXELS", 1000)
    big = image.read(image_bytes(Image.new("RGB", (100, 100), "white"), "PNG"), "大.png")
    assert big.blocks == ()
    assert "大.png" in big.problems[0].message and "过大" in big.problems[0].message


def test_truncated_jpeg_is_salvaged_with_a_problem():
    data = image_bytes(small_page(LINES), "JPEG", quality=90)
    result = image.read(data[: int(len(data) * 0.8)], "半截.jpg")
    assert [p.message for p in result.problems if p.stage == "read"] == [
        "文件“半截.jpg”第1页图像不完整（文件可能被截断），只识别了可见部分"]
    assert result.blocks and result.blocks[0].text == LINES[0]


def test_reading_order_groups_rows_left_to_right():
    pieces = [
        OcrLine("张三", 0.9, (600, 205, 700, 245)),
        OcrLine("第二行", 0.9, (100, 300, 400, 340)),
        OcrLine("姓名", 0.8, (100, 200, 200, 240)),
        OcrLine("标题", 1.0, (300, 100, 500, 140)),
    ]
    got = reading_order(pieces)
    assert [(l.text, l.box) for l in got] == [
        ("标题", (300, 100, 500, 140)),
        ("姓名 张三", (100, 200, 700, 245)),
        ("第二行", (100, 300, 400, 340)),
    ]
    assert abs(got[1].confidence - 0.85) < 1e-9
