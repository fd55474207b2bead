import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from pipeline import workers
from pipeline.model import Locator
from pipeline.readers import budget, image, ocr
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


def test_a_lone_small_round_mark_is_the_full_stop_of_the_line_above():
    # minimum: a 句号 wrapped onto a line of its own, read by the recogniser as "0"
    body = [OcrLine("经院务会研究决定，聘任孙海涛同志为针灸康复科主任", 0.95, (228, 519, 1482, 578)),
            OcrLine("聘期自2018年3月1日至2019年2月28日", 0.95, (148, 584, 1479, 647))]
    for mark in ("0", "o", "O", "。"):               # invariance: whatever the recogniser made of it
        got = reading_order(body + [OcrLine(mark, 0.6, (152, 688, 177, 720)),
                                    OcrLine("青檀县中医医院", 0.95, (1208, 722, 1501, 777))])
        assert [l.text for l in got] == [body[0].text, body[1].text + "。", "青檀县中医医院"]
    # directional: a digit of full height is a digit (a page number, a table cell), kept as read
    got = reading_order(body + [OcrLine("0", 0.9, (152, 660, 190, 720))])
    assert [l.text for l in got][-1] == "0"
    # a line that already ends its sentence gets no second stop
    got = reading_order([OcrLine("特此通知。", 0.9, (100, 100, 400, 160)),
                         OcrLine("0", 0.6, (100, 180, 124, 210))])
    assert [l.text for l in got] == ["特此通知。", "。"]


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


# ------------------------------------------------------- a full A4 scan ---

def test_a4_scan_with_table_seal_and_tilt_reads_its_known_text():
    """A 200-dpi A4 page as a scanner makes it: body text, a ruled table, the date under a red
    seal, turned by half a degree. Every line comes back as written, in reading order, and the
    table cell by cell, by row and column (scan_grid)."""
    body = ["关于成立医联体建设工作领导小组的通知", "各成员单位：", "经研究决定成立领导小组，名单如下。"]
    table = [["姓名", "工作单位", "职务"], ["李明", "市卫生计生委", "组长"], ["王建华", "市中心医院", "副组长"]]
    page = render_text_image(body, top=200, left=200, spacing=90)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(NOTO_SANS, 40, index=NOTO_SANS_SC)
    widths, top, row_h, x0 = [300, 500, 300], 520, 90, 250
    for r, row in enumerate(table):
        x = x0
        for c, text in enumerate(row):
            draw.text((x + 30, top + r * row_h + 22), text, font=font, fill="black")
            x += widths[c]
    for r in range(len(table) + 1):
        draw.line((x0, top + r * row_h, x0 + sum(widths), top + r * row_h), fill="black", width=3)
    x = x0
    for w in [0] + widths:
        x += w
        draw.line((x, top, x, top + len(table) * row_h), fill="black", width=3)
    font = ImageFont.truetype(NOTO_SANS, 44, index=NOTO_SANS_SC)
    draw.text((950, 1100), "西岭市人民医院", font=font, fill="black")
    draw.text((980, 1190), "2017年6月12日", font=font, fill="black")
    seal = Image.new("RGB", page.size, "white")
    sd = ImageDraw.Draw(seal)
    sd.ellipse((940, 990, 1300, 1350), outline=(220, 30, 30), width=14)
    sd.text((960, 1140), "西岭市人民医院", font=ImageFont.truetype(NOTO_SANS, 50, index=NOTO_SANS_SC),
            fill=(220, 30, 30))
    page = ImageChops.multiply(page, seal).rotate(0.5, resample=Image.BICUBIC, fillcolor="white")
    result = image.read(image_bytes(page, "PNG"), "扫描件.png")
    assert [b.text.replace(" ", "") for b in result.blocks] == body + [c for r in table for c in r] + [
        "西岭市人民医院", "2017年6月12日"]
    cells = [(b.loc.table, b.loc.row, b.loc.col, b.text) for b in result.blocks if b.kind == "table-cell"]
    assert cells == [(1, r + 1, c + 1, text) for r, row in enumerate(table) for c, text in enumerate(row)]
    assert result.ocr_provider == ocr.provider() == "CPUExecutionProvider"


# ------------------------------------------- what is not recognised ---

def test_boxes_without_text_are_not_recognised():
    line = render_text_image(["对口支援"], size=(400, 80), top=10, left=10)
    assert ocr._holds_text(np.asarray(line))
    rule = Image.new("RGB", (900, 40), "white")
    ImageDraw.Draw(rule).rectangle((0, 18, 900, 22), fill="black")
    assert not ocr._holds_text(np.asarray(rule))                      # a ruled line
    assert not ocr._holds_text(np.asarray(Image.new("RGB", (300, 40), (200, 200, 200))))   # no ink
    assert not ocr._holds_text(np.asarray(line.resize((60, 6))))     # too low to read


def test_long_lines_are_narrowed_short_ones_kept():
    long_line = np.zeros((50, 1500, 3), np.uint8)
    assert ocr._narrowed(long_line).shape == (50, 900, 3)
    short = np.zeros((50, 200, 3), np.uint8)
    assert ocr._narrowed(short) is short
    assert ocr._narrowed(np.zeros((48, 400, 3), np.uint8)).shape[1] == 320     # not below 48×320


# ------------------------------------------------ provider and threads ---

@pytest.fixture
def fresh_engine(monkeypatch):
    """A new engine for this test; the process's own comes back afterwards."""
    for name in ("_engine", "_engine_pid", "_provider", "_threads"):
        monkeypatch.setattr(ocr, name, None)
    yield


def test_cuda_is_asked_for_when_onnxruntime_offers_it(monkeypatch, fresh_engine):
    import onnxruntime
    monkeypatch.setattr(onnxruntime, "get_available_providers",
                        lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert ocr.gpu_available()
    params = ocr.engine_params(Path("/m"), 2, ocr.gpu_available())
    assert params["EngineConfig.onnxruntime.use_cuda"] is True
    assert params["Rec.rec_batch_num"] == ocr.GPU_BATCH
    # There is no GPU here: onnxruntime falls back to the CPU, and that is what is said.
    result = image.read(image_bytes(small_page(LINES[:1], height=200), "PNG"), "a.png")
    assert [b.text for b in result.blocks] == LINES[:1]
    assert result.ocr_provider == ocr.provider() == "CPUExecutionProvider"


def test_cpu_when_onnxruntime_has_no_cuda(monkeypatch):
    import onnxruntime
    monkeypatch.setattr(onnxruntime, "get_available_providers", lambda: ["CPUExecutionProvider"])
    assert not ocr.gpu_available()
    params = ocr.engine_params(Path("/m"), 1, ocr.gpu_available())
    assert "EngineConfig.onnxruntime.use_cuda" not in params
    assert params["Rec.rec_batch_num"] == ocr.CPU_BATCH
    assert image.read(b"", "empty.png").ocr_provider is None           # no OCR ran: nothing said


def test_the_engine_runs_on_the_cores_the_process_is_given(monkeypatch, fresh_engine):
    monkeypatch.setattr(budget, "_cores", None)
    budget.set_cores(1)
    lines = ocr.ocr_image(small_page(LINES[:1], height=200))
    assert [l.text for l in lines] == LINES[:1]
    sessions = [ocr.engine().text_det.session.session, ocr.engine().text_rec.session.session]
    assert [s.get_session_options().intra_op_num_threads for s in sessions] == [1, 1]
    assert ocr.engine_info()["threads"] == 1


def test_cores_come_from_the_pool_share_then_omp_then_the_machine(monkeypatch):
    monkeypatch.setattr(budget, "_cores", None)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    machine = len(os.sched_getaffinity(0))
    assert budget.cores() == machine
    monkeypatch.setenv("OMP_NUM_THREADS", "1")          # as Dask's workers set it
    assert budget.cores() == 1
    budget.set_cores(3)
    assert budget.cores() == 3


def test_each_pool_worker_gets_its_share_of_the_cores(monkeypatch):
    monkeypatch.setattr(budget, "_cores", 4)
    got = []
    tasks = [workers.Task(budget.cores, (), soft=30, hard=60) for _ in range(4)]
    workers.run(tasks, 2, lambda task, value: got.append(value), lambda task, failure: got.append(failure))
    assert got == [2, 2, 2, 2]
    got.clear()
    workers.run(tasks[:1], 2, lambda task, value: got.append(value), lambda task, failure: got.append(failure))
    assert got == [4]                                   # one file: its worker has the machine


def _engine_of_this_process() -> tuple[int, int, int]:
    ocr.ocr_image(small_page(LINES[:1], height=200))
    return os.getpid(), id(ocr.engine()), budget.cores()


def test_a_worker_keeps_one_engine_for_every_file_it_reads(monkeypatch, fresh_engine):
    monkeypatch.setattr(budget, "_cores", 2)
    ocr.ocr_image(small_page(LINES[:1], height=200))    # the parent has OCR'd on two threads, then forks:
    got = []                                            # its sessions must be neither used nor freed there
    tasks = [workers.Task(_engine_of_this_process, (), soft=30, hard=40) for _ in range(3)]
    workers.run(tasks, 1, lambda task, value: got.append(value), lambda task, failure: got.append(failure))
    assert not [g for g in got if isinstance(g, workers.Failure)]
    assert len(got) == 3 and len(set(got)) == 1                 # one process, one engine, all its files
    assert got[0][0] != os.getpid() and got[0][2] == 2


def test_two_workers_read_after_their_parent_has_read(monkeypatch, fresh_engine):
    """The parent OCR'd on two threads; each of two workers gets one core and reads (nothing of the
    parent's thread pools, onnxruntime's or OpenCV's, may be waited on in a child)."""
    monkeypatch.setattr(budget, "_cores", 2)
    ocr.ocr_image(small_page(LINES[:1], height=200))
    got = []
    tasks = [workers.Task(_engine_of_this_process, (), soft=30, hard=40) for _ in range(2)]
    workers.run(tasks, 2, lambda task, value: got.append(value), lambda task, failure: got.append(failure))
    assert not [g for g in got if isinstance(g, workers.Failure)]
    assert sorted(g[2] for g in got) == [1, 1]


def test_letters_read_for_digits_inside_numbers_are_mended():
    from pipeline.readers.ocr import digit_confusions
    assert digit_confusions("有效期至2C16年12月31日") == "有效期至2016年12月31日"
    assert digit_confusions("2O18年1l月3日") == "2018年11月3日"
    assert digit_confusions("开展CT检查、3D打印，ICU床位12张") == "开展CT检查、3D打印，ICU床位12张"
