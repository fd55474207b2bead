"""Dispatcher, sniffing, the plain-text reader and serialisation, on real bytes."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from PIL import Image

from pipeline.model import Block, Document, Locator, Problem
from pipeline.readers import ReadResult, dispatch
from pipeline.readers.dispatch import plan, read_bytes
from pipeline.readers.sniff import sniff
from pipeline.readers.text import read as read_text
from pipeline.serialize import document_from_dict, document_to_dict, dumps, loads

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, fmt)
    return buf.getvalue()


def test_zero_byte_file_is_a_problem():
    doc = read_bytes(b"", "材料/空.docx")
    assert doc.file == "材料/空.docx"
    assert doc.source == "docx"
    assert doc.blocks == ()
    assert doc.problems == (Problem("材料/空.docx", "read", "文件“材料/空.docx”为空（0 字节）"),)
    assert not doc.ok


def test_unknown_type_is_a_problem():
    doc = read_bytes(b"\x00\x01\x02 binary stuff", "x.abc")
    assert doc.source == "unknown"
    assert [p.message for p in doc.problems] == [
        "不支持的文件类型“.abc”（文件“x.abc”），请转换为PDF、Word（.docx）、Excel（.xlsx）或图片后重新提交"]
    assert read_bytes("文字".encode(), "x.abc").problems[0].message.startswith("不支持的文件类型“.abc”")


def test_text_renamed_docx_is_read_as_text_with_a_note():
    doc = read_bytes("第一行\n\n  第三行  \n".encode("utf-8"), "说明.docx")
    assert doc.source == "text"
    assert [(b.text, b.loc) for b in doc.blocks] == [
        ("第一行", Locator("说明.docx", line=1)), ("第三行", Locator("说明.docx", line=3))]
    assert doc.problems == (Problem(
        "说明.docx", "read-note",
        "文件“说明.docx”的扩展名是“.docx”，但内容实际是纯文本，已按实际格式读取，建议改正扩展名"),)
    assert doc.ok


def test_docx_named_pdf_is_read_by_the_word_reader():
    doc = read_bytes(docx_bytes("关于成立医联体工作领导小组的通知"), "a.pdf")
    assert doc.source == "docx"
    assert "关于成立医联体工作领导小组的通知" in doc.text
    assert doc.problems[0].stage == "read-note"
    assert "内容实际是Word文档（.docx格式）" in doc.problems[0].message


def test_doc_named_docx_goes_to_libreoffice_conversion():
    p = plan(OLE + "WordDocument".encode("utf-16-le"), "方案.docx")
    assert p.reader == dispatch.DOC
    assert p.notes[0].message == ("文件“方案.docx”的扩展名是“.docx”，但内容实际是Word文档（旧版.doc格式），"
                                  "已按实际格式读取，建议改正扩展名")
    # A .wps holding Word binary content is no mislabel.
    p = plan(OLE + "WordDocument".encode("utf-16-le"), "方案.wps")
    assert (p.reader, p.notes) == (dispatch.WPS, ())


def test_encrypted_office_file_and_old_excel_are_reported():
    doc = read_bytes(OLE + "EncryptedPackage".encode("utf-16-le"), "表.xlsx")
    assert doc.problems[0].message == "文件“表.xlsx”设置了打开密码（已加密），无法读取，请提供未加密的版本"
    doc = read_bytes(OLE + "Workbook".encode("utf-16-le"), "表.xls")
    assert doc.problems[0].message == (
        "文件“表.xls”是Excel表格（旧版.xls格式），暂不支持直接读取，请用Excel或WPS另存为.xlsx后重新提交")


def test_sniff_kinds():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    assert sniff(buf.getvalue()) == "zip"
    assert sniff(docx_bytes("x")) == "docx"
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(image_bytes("PNG")) == "png"
    assert sniff(image_bytes("JPEG")) == "jpeg"
    assert sniff(image_bytes("TIFF")) == "tiff"
    assert sniff(image_bytes("BMP")) == "bmp"
    assert sniff("中文文本".encode("gbk")) == "text"
    assert sniff(b"{\\rtf1 hello}") == "rtf"
    assert sniff(b"\x00\x01\x02\x03") is None


def test_xlsx_sniffed_from_members():
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    assert sniff(buf.getvalue()) == "xlsx"


def test_reader_exception_becomes_a_problem(monkeypatch):
    def broken(data, name):
        raise ValueError("boom")
    monkeypatch.setattr(dispatch, "load_reader", lambda reader: broken)
    doc = read_bytes(b"hello", "坏.txt")
    assert doc.problems == (Problem("坏.txt", "read",
                                    "无法读取文件“坏.txt”：文件已损坏或格式异常（ValueError: boom）"),)
    assert doc.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"


def test_missing_reader_module_is_a_problem(monkeypatch):
    monkeypatch.setitem(dispatch.READERS, ".txt", "pipeline.readers.no_such_reader:read")
    monkeypatch.setitem(dispatch.KIND_READERS, "text", "pipeline.readers.no_such_reader:read")
    monkeypatch.setitem(dispatch._READER_SOURCE, "pipeline.readers.no_such_reader:read", "text")
    doc = read_bytes(b"hello", "a.txt")
    assert doc.source == "text"
    assert doc.problems[0].message.startswith("暂时无法读取文件“a.txt”：缺少读取模块")


def test_text_encodings():
    assert [b.text for b in read_text("卫生健康委员会\r\n".encode("gbk"), "a.txt").blocks] == ["卫生健康委员会"]
    assert [b.text for b in read_text(b"\xef\xbb\xbf" + "医联体".encode(), "a.txt").blocks] == ["医联体"]
    assert [b.text for b in read_text("家庭医生".encode("utf-16"), "a.txt").blocks] == ["家庭医生"]
    bad = read_text(b"\xff\xfe\xfd"[1:] + b"\x81\x20", "a.csv")
    assert bad.problems[0].message.startswith("无法识别文件“a.csv”的文字编码")


def test_serialise_round_trip():
    doc = Document(file="a.pdf", sha256="00", source="pdf-ocr", pages=2, aliases=("b.pdf",),
                   blocks=(Block("文字", "ocr-line", Locator("a.pdf", page=2, line=3), 0.5),
                           Block("单元格", "table-cell", Locator("a.pdf", table=1, row=2, col=3))),
                   problems=(Problem("a.pdf", "ocr", "识别有误"),))
    assert document_from_dict(document_to_dict(doc)) == doc
    assert loads(dumps(doc)) == doc
    assert document_to_dict(doc)["blocks"][0]["loc"] == {"file": "a.pdf", "page": 2, "line": 3}


def test_read_bytes_never_raises_on_garbage():
    for name in ("a.docx", "a.pdf", "a.xlsx", "a.png", "a.zip", "a.doc"):
        doc = read_bytes(b"PK\x03\x04 this is not a zip", name)
        assert isinstance(doc, Document) and doc.file == name
        assert doc.problems, name


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.csv"])
def test_text_suffixes_use_text_reader(name):
    assert dispatch.READERS[dispatch.suffix_of(name.upper())] == dispatch.TEXT
    assert isinstance(read_text(b"x", name), ReadResult)
