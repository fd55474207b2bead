"""Every file is read at a bounded cost: size, XML, cells, pixels, frames and wall-clock budgets,
zip members streamed, nested archives found by content."""
from __future__ import annotations

import io
import os
import stat
import sys
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import workers
from pipeline.readcase import _collect, read_case, walk
from pipeline.readers import budget, convert, dispatch
from tests.readers.office_fixtures import build_docx, p
from tests.readers.test_read_case import OLE_WORD

from .helpers import kaohe

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def read(root: Path, **kw) -> dict:
    return {d.file: d for d in read_case(root, cache=False, progress=False, **kw)}


def messages(doc) -> list[str]:
    return [p.message for p in doc.problems]


def test_a_30_mb_text_file_is_read_up_to_the_limit(tmp_path):
    line = "东江市第一人民医院派驻医师在青石县人民医院坐诊，开展带教查房。" * 2 + "\n"
    with open(tmp_path / "日志.txt", "w", encoding="utf-8") as fh:
        i = 0
        while fh.tell() < 30 * 1024 * 1024:
            fh.write(f"{i}:{line}")
            i += 1
    doc = read(tmp_path, workers=1)["日志.txt"]
    assert messages(doc)[0] == "文件“日志.txt”大小为 30 MB，超过纯文本 8 MB 的上限，只读取了前 8 MB，其余内容未读取"
    assert f"文字超过 {budget.MAX_BLOCKS} 段，只采用了前 {budget.MAX_BLOCKS} 段（至第{budget.MAX_BLOCKS}行）" \
        in messages(doc)[1]
    assert doc.blocks[0].text.startswith("0:东江市") and len(doc.blocks) == budget.MAX_BLOCKS


def test_a_docx_whose_body_is_over_the_limit(tmp_path):
    para = p("关于医联体建设的工作安排，各成员单位按要求落实，定期报送进展。")
    body = para * (40 * 1024 * 1024 // len(para.encode()))          # a 40 MB document.xml
    (tmp_path / "巨大.docx").write_bytes(build_docx(body))
    doc = read(tmp_path, workers=1)["巨大.docx"]
    assert messages(doc)[0] == ("文件“巨大.docx”的正文部分解压后超过 32 MB 的上限，只读取了前 32 MB 中的内容，"
                                "其余内容未读取；请检查文件是否异常")
    assert len(doc.blocks) == budget.MAX_BLOCKS


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def million_row_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _PARTS.items():
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:    # no <dimension>
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
            for r in range(1, 1_000_001):
                fh.write(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>第{r}次坐诊</t></is></c>'
                         f'<c r="B{r}"><v>{r}</v></c></row>'.encode())
            fh.write(b"</sheetData></worksheet>")


def test_a_million_row_xlsx_is_read_up_to_the_limit(tmp_path):
    million_row_xlsx(tmp_path / "登记表.xlsx")
    started = time.monotonic()
    doc = read(tmp_path, workers=1)["登记表.xlsx"]
    assert time.monotonic() - started < 60
    assert messages(doc) == [f"文件“登记表.xlsx”的单元格超过上限（{budget.MAX_SHEET_CELLS} 个单元格或 "
                             f"{budget.MAX_BLOCKS} 个有内容的单元格），只读取到工作表“数据”第10000行，其余内容未读取"]
    assert doc.blocks[0].text == "第1次坐诊" and len(doc.blocks) == budget.MAX_BLOCKS


def test_pixel_and_frame_bombs_are_read_at_a_bounded_cost(tmp_path):
    Image.new("1", (12000, 12000), 1).save(tmp_path / "巨图.png")
    Image.new("L", (12000, 12000), 255).save(tmp_path / "巨照.jpg", quality=50)
    frame = Image.new("L", (64, 64), 255)
    frame.save(tmp_path / "多页.tif", save_all=True, append_images=[frame] * 599)
    started = time.monotonic()
    docs = read(tmp_path, workers=2)
    assert time.monotonic() - started < 240
    assert messages(docs["巨图.png"]) == ["文件“巨图.png”图像尺寸过大（12000×12000 像素，超过60百万像素的上限），"
                                         "未读取，请提供缩小后的图片"]
    assert messages(docs["巨照.jpg"])[0] == "文件“巨照.jpg”图像为 12000×12000 像素，已按缩小的尺寸识别"
    tiff = messages(docs["多页.tif"])
    assert f"文件“多页.tif”超过{budget.MAX_FRAMES}页，只读取了前{budget.MAX_FRAMES}页" in tiff
    assert docs["多页.tif"].pages == budget.MAX_FRAMES


def text_frames(n: int) -> list[Image.Image]:
    font = ImageFont.truetype(FONT, 40)
    frames = []
    for i in range(n):
        img = Image.new("L", (1200, 400), 255)
        ImageDraw.Draw(img).text((60, 150), f"第{i + 1}页 对口支援工作会议纪要", font=font, fill=0)
        frames.append(img)
    return frames


def test_a_slow_file_stops_at_its_wall_clock_budget_and_keeps_what_it_read(tmp_path, monkeypatch):
    frames = text_frames(budget.MAX_FRAMES)     # a line a page: tenths of a second each, with the models' loading
    frames[0].save(tmp_path / "扫描.tif", save_all=True, append_images=frames[1:])
    (tmp_path / "通知.txt").write_text("关于召开会议的通知\n", encoding="utf-8")
    monkeypatch.setattr(budget, "FILE_SECONDS", 3.0)
    docs = read(tmp_path, workers=1)
    scan = docs["扫描.tif"]
    stop = [m for m in messages(scan) if "读取用时超过 3 秒的上限" in m]
    assert stop and stop[0].startswith("文件“扫描.tif”读取用时超过 3 秒的上限，只读取了前")
    assert scan.blocks and scan.blocks[0].text.startswith("第1页") and scan.pages < budget.MAX_FRAMES
    assert docs["通知.txt"].blocks


def test_a_file_that_never_returns_is_stopped_and_named_and_the_rest_are_read(tmp_path, monkeypatch):
    monkeypatch.setitem(dispatch.READERS, ".slow", "tests.hostile.stuck_reader:read")
    monkeypatch.setitem(dispatch._READER_SOURCE, "tests.hostile.stuck_reader:read", "unknown")
    monkeypatch.setattr(budget, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(budget, "HARD_GRACE", 1.0)
    monkeypatch.setattr(workers, "STOP_GRACE", 1.0)
    (tmp_path / "卡死.slow").write_bytes(os.urandom(64))
    for i in range(4):
        (tmp_path / f"材料{i}.txt").write_text(f"第{i}份材料\n", encoding="utf-8")
    started = time.monotonic()
    docs = read(tmp_path, workers=2)
    assert time.monotonic() - started < 30
    assert messages(docs["卡死.slow"]) == ["读取文件“卡死.slow”超过 1 秒仍未完成，已停止读取（单个文件的用时上限）；"
                                         "请检查文件是否异常，或拆分后重新提交"]
    assert all(docs[f"材料{i}.txt"].blocks for i in range(4))


def fake_soffice(tmp_path: Path) -> str:
    """A stand-in for soffice: converts in order by copying a prepared .docx, and hangs
    for ever on a file holding the bytes HANG (as LibreOffice does on some files)."""
    prepared = tmp_path / "prepared.docx"
    prepared.write_bytes(build_docx(p("转换后的正文。")))
    script = tmp_path / "fake-soffice"
    script.write_text(f"""#!{sys.executable}
import pathlib, shutil, sys, time
args = sys.argv[1:]
outdir = pathlib.Path(args[args.index("--outdir") + 1])
with open({str(tmp_path / 'calls.txt')!r}, "a") as log:
    log.write(str(len(args[args.index("--outdir") + 2:])) + "\\n")
for f in args[args.index("--outdir") + 2:]:
    if b"HANG" in pathlib.Path(f).read_bytes():
        time.sleep(3600)
    shutil.copy({str(prepared)!r}, outdir / (pathlib.Path(f).stem + ".docx"))
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_libreoffice_batch_names_the_slow_file_and_converts_the_rest(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    for i, marker in enumerate([b"a", b"b", b"HANG", b"c", b"d"]):
        (case / f"制度{i}.doc").write_bytes(OLE_WORD + marker)
    res = kaohe(tmp_path, "read", str(case), "--no-cache", KAOHE_SOFFICE=fake_soffice(tmp_path),
                KAOHE_CONVERT_TIMEOUT="2", timeout=120)
    assert res.returncode == 0, res.stderr
    assert "文件“制度2.doc”转换超时（超过 2 秒没有完成），LibreOffice 未能完成转换" in res.stdout
    assert res.stdout.count("转换后的正文。") == 4
    assert (tmp_path / "calls.txt").read_text().split() == ["5", "2"]      # the batch, then the rest


def big_docx(size: int, text: str) -> bytes:
    """A .docx of about ``size`` bytes: a short body and an incompressible picture."""
    buf = io.BytesIO(build_docx(p(text)))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/media/image1.bin", os.urandom(size))
    return buf.getvalue()


def test_large_zip_members_are_streamed_not_held(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("深层/大文件.docx", big_docx(9 * 1024 * 1024, "嵌套压缩包里的大文件"))
    with zipfile.ZipFile(tmp_path / "材料.zip", "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("大文件.docx", big_docx(9 * 1024 * 1024, "压缩包里的大文件"))
        zf.writestr("内层.zip", inner.getvalue())
        zf.writestr("小文件.txt", "小文件的文字\n".encode())
    found = walk(tmp_path)
    items, _ = _collect(found.files, None)
    by = {i.name: i for i in items}
    assert by["材料.zip/大文件.docx"].data is None and len(by["材料.zip/大文件.docx"].chain) == 1
    assert by["材料.zip/内层.zip/深层/大文件.docx"].data is None
    assert len(by["材料.zip/内层.zip/深层/大文件.docx"].chain) == 2
    assert by["材料.zip/小文件.txt"].data is not None                   # small members keep their bytes
    docs = read(tmp_path, workers=2)
    assert docs["材料.zip/大文件.docx"].text == "压缩包里的大文件"
    assert docs["材料.zip/内层.zip/深层/大文件.docx"].text == "嵌套压缩包里的大文件"


def test_nested_archives_without_zip_in_their_name_are_read(tmp_path):
    def zipped(members: dict[str, bytes]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
        return buf.getvalue()
    inner = zipped({"会议纪要.txt": "党委会研究对口支援工作\n".encode()})
    (tmp_path / "打包文件").write_bytes(zipped({"资料包": inner, "资料.dat": zipped({"方案.txt": "实施方案\n".encode()}),
                                              "__MACOSX/._资料包": b"junk"}))
    docs = read(tmp_path, workers=1)
    assert docs["打包文件/资料包/会议纪要.txt"].text == "党委会研究对口支援工作"
    assert docs["打包文件/资料.dat/方案.txt"].text == "实施方案"
    assert docs["打包文件"].source == "zip"
    notes = messages(docs["打包文件"])
    assert notes[0] == "文件“打包文件”没有扩展名，按内容识别为ZIP压缩包读取"
    assert "压缩包“打包文件”中的 1 个系统文件（__MACOSX/._资料包）不是佐证材料，已跳过" in notes
    assert messages(docs["打包文件/资料包"])[0] == "文件“打包文件/资料包”没有扩展名，按内容识别为ZIP压缩包读取"
    assert docs["打包文件/资料.dat"].source == "zip"


@pytest.mark.slow
def test_a_6000_member_zip_is_read_whole(tmp_path):
    with zipfile.ZipFile(tmp_path / "登记.zip", "w") as zf:
        for i in range(6000):
            zf.writestr(f"登记/第{i}号.txt", f"第{i}号登记：派驻医师坐诊。\n".encode())
    started = time.monotonic()
    docs = read(tmp_path, workers=2)
    assert time.monotonic() - started < 300
    assert sum(1 for f in docs if f.startswith("登记.zip/登记/")) == 6000
    assert docs["登记.zip"].problems == ()


def test_the_readme_states_the_limits_the_code_uses():
    from pipeline.readers import archive, pdf
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    mb = budget.mb
    rows = [
        f"| one file or zip member | {mb(budget.MAX_FILE_BYTES)} |",
        f"| plain text (.txt .md .csv) | {mb(budget.MAX_TEXT_BYTES)} |",
        f"| a .docx body (`word/document.xml`) | {mb(budget.MAX_BODY_BYTES)} |",
        f"| other XML parts of a .docx | {mb(budget.MAX_XML_PART_BYTES)} |",
        f"| text blocks kept per file | {budget.MAX_BLOCKS:,} |",
        f"| .xlsx evidence | {budget.MAX_SHEET_CELLS:,} cells or {budget.MAX_BLOCKS:,} non-empty ones |",
        f"| one image frame | {budget.MAX_PIXELS // 1_000_000} megapixels |",
        f"| frames of a multi-page TIFF | {budget.MAX_FRAMES} |",
        f"| PDF pages | {pdf.MAX_PAGES:,} |",
        f"| wall clock, one file | {budget.FILE_SECONDS:.0f} s (`KAOHE_FILE_TIMEOUT`) |",
        f"| LibreOffice, one file of a batch | {budget.CONVERT_STALL_SECONDS:.0f} s without progress",
        f"| 指标数据.xlsx / review.xlsx | {mb(budget.MAX_DATA_BYTES)} on disk, {mb(budget.MAX_DATA_XML_BYTES)} unpacked, "
        f"{budget.MAX_DATA_ROWS:,} rows a sheet |",
    ]
    lim = archive.Limits()
    rows.append(f"| zip archives | depth {lim.max_depth}, {lim.max_members:,} members, {mb(lim.max_member_bytes)} a member, "
                f"{lim.max_total_bytes // 1024 ** 3} GB in all, ratio {lim.max_ratio:.0f}:1 |")
    assert [r for r in rows if r not in readme] == []
