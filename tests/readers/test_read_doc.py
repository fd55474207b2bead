""".doc / .wps through LibreOffice: real conversions, batch, fallbacks, missing soffice, timeouts."""
from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from pipeline.model import Locator
from pipeline.readers import convert
from pipeline.readers import docx as docx_reader
from tests.readers.office_fixtures import build_docx, soffice_convert

pytestmark = pytest.mark.skipif(convert.find_soffice() is None, reason="LibreOffice is not installed")


def _build(d):
    d.add_heading("支援人员管理制度", level=1)
    d.add_paragraph("一、下派人员由医务科统一管理。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "姓名"
    t.cell(0, 1).text = "科室"
    t.cell(1, 0).text = "谢军"
    t.cell(1, 1).text = "儿科"
    d.add_paragraph("本制度自2015年1月起执行。")


def _build_other(d):
    d.add_paragraph("第二份文件的正文。")


@pytest.fixture(scope="module")
def doc_files(tmp_path_factory) -> dict[str, bytes]:
    """Real .doc files written by LibreOffice from python-docx documents (one soffice call)."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "main.docx").write_bytes(build_docx(build=_build))
    (folder / "other.docx").write_bytes(build_docx(build=_build_other))
    out = {}
    for stem in ("main", "other"):
        out[stem] = soffice_convert(folder / f"{stem}.docx", "doc", folder).read_bytes()
    return out


def _expected(name: str):
    return [
        ("heading", "支援人员管理制度", Locator(file=name, paragraph=1)),
        ("paragraph", "一、下派人员由医务科统一管理。", Locator(file=name, paragraph=2)),
        ("table-cell", "姓名", Locator(file=name, table=1, row=1, col=1)),
        ("table-cell", "科室", Locator(file=name, table=1, row=1, col=2)),
        ("table-cell", "谢军", Locator(file=name, table=1, row=2, col=1)),
        ("table-cell", "儿科", Locator(file=name, table=1, row=2, col=2)),
        ("paragraph", "本制度自2015年1月起执行。", Locator(file=name, paragraph=3)),
    ]


def rows(result):
    return [(b.kind, b.text, b.loc) for b in result.blocks]


def test_doc_is_converted_and_locators_name_the_doc(doc_files):
    assert doc_files["main"][:4] == b"\xd0\xcf\x11\xe0"       # a real OLE .doc
    res = convert.read_doc(doc_files["main"], "制度/管理制度.doc")
    assert res.source == "doc" and res.problems == ()
    assert rows(res) == _expected("制度/管理制度.doc")


def test_wps_name_with_doc_compatible_bytes(doc_files):
    res = convert.read_wps(doc_files["main"], "管理制度.wps")
    assert res.source == "wps" and res.problems == ()
    assert rows(res) == _expected("管理制度.wps")


def test_doc_bytes_under_docx_name_are_converted_with_a_note(doc_files):
    res = docx_reader.read(doc_files["main"], "误命名.docx")
    assert res.source == "doc"
    assert rows(res) == _expected("误命名.docx")
    assert [p.message for p in res.problems] == [
        "文件“误命名.docx”实际是旧版 Word（.doc）格式，扩展名与内容不符，已自动转换后读取"]


def test_docx_bytes_under_doc_name_need_no_conversion():
    res = convert.read_doc(build_docx(build=_build), "其实是docx.doc")
    assert res.source == "doc" and rows(res) == _expected("其实是docx.doc")


def test_convert_many_reads_good_files_and_reports_bad_ones(doc_files):
    garbage = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096)
    res = convert.convert_many([
        (doc_files["main"], "a/制度.doc"),
        (doc_files["other"], "b/其他.wps"),
        (garbage, "c/损坏.doc"),
        (b"", "d/空.doc"),
    ])
    assert set(res) == {"a/制度.doc", "b/其他.wps", "c/损坏.doc", "d/空.doc"}
    assert rows(res["a/制度.doc"]) == _expected("a/制度.doc")
    assert res["b/其他.wps"].source == "wps"
    assert rows(res["b/其他.wps"]) == [("paragraph", "第二份文件的正文。", Locator(file="b/其他.wps", paragraph=1))]
    bad = res["c/损坏.doc"]
    assert bad.blocks == () and bad.problems[0].stage == "convert"
    # LibreOffice imports what it cannot recognise as text: either it fails or the result is garbage
    assert bad.problems[0].message.startswith(("文件“c/损坏.doc”无法转换（LibreOffice 转换失败）",
                                               "文件“c/损坏.doc”的内容无法识别（转换结果是乱码）"))
    assert res["d/空.doc"].problems[0].message == "文件“d/空.doc”是空文件（0 字节），没有可读取的内容"


def test_missing_libreoffice(monkeypatch, doc_files):
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    res = convert.read_doc(doc_files["main"], "x.doc")
    assert res.blocks == ()
    assert res.problems[0].stage == "convert"
    assert res.problems[0].message.startswith("未安装 LibreOffice，无法转换 .doc/.wps 文件“x.doc”")


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_timeout_kills_the_process_group(tmp_path, doc_files):
    pidfile = tmp_path / "child.pid"
    fake = _script(tmp_path, f"""
import subprocess, time
child = subprocess.Popen(["sleep", "60"])
open({str(pidfile)!r}, "w").write(str(child.pid))
time.sleep(60)
""")
    res = convert.convert_one(doc_files["main"], "卡住.doc", soffice=fake, timeout=2)
    assert res.blocks == ()
    assert res.problems[0].message.startswith("文件“卡住.doc”转换超时（超过 2 秒没有完成）")
    child = int(pidfile.read_text())
    for _ in range(50):                      # the grandchild must be gone (or a reaped-later zombie)
        try:
            state = Path(f"/proc/{child}/stat").read_text().split(")")[1].split()[0]
        except FileNotFoundError:
            state = "gone"
        if state in ("gone", "Z", "X"):
            break
        time.sleep(0.1)
    assert state in ("gone", "Z", "X")


def test_batch_failure_falls_back_to_one_by_one(tmp_path, doc_files):
    # A stand-in for soffice that fails whenever it is given more than one file,
    # and otherwise "converts" by writing a prepared .docx.
    prepared = tmp_path / "prepared.docx"
    prepared.write_bytes(build_docx(build=_build_other))
    calls = tmp_path / "calls.txt"
    fake = _script(tmp_path, f"""
import sys, shutil, pathlib
args = sys.argv[1:]
outdir = pathlib.Path(args[args.index("--outdir") + 1])
files = [a for a in args[args.index("--outdir") + 2:]]
open({str(calls)!r}, "a").write(str(len(files)) + "\\n")
if len(files) > 1:
    sys.exit(1)
shutil.copy({str(prepared)!r}, outdir / (pathlib.Path(files[0]).stem + ".docx"))
""")
    items = [(doc_files["main"], "一.doc"), (doc_files["other"], "二.doc")]
    res = convert.convert_many(items, soffice=fake)
    assert calls.read_text().split() == ["2", "1", "1"]
    for name in ("一.doc", "二.doc"):
        assert rows(res[name]) == [("paragraph", "第二份文件的正文。", Locator(file=name, paragraph=1))]


def test_rtf_and_html_saved_as_doc_are_converted():
    rtf = (r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fnil\fcharset134 SimSun;}}\f0 "
           r"\u20851?\u20110?\u36890?\u30693?\par second line\par}").encode()
    html = ("<html><head><meta charset='utf-8'></head><body><h1>关于通知</h1><p>各科室：</p>"
            "<table><tr><td>甲</td><td>乙</td></tr></table></body></html>").encode()
    res = convert.convert_many([(rtf, "富文本.doc"), (html, "网页.doc")])
    assert rows(res["富文本.doc"]) == [
        ("paragraph", "关于通知", Locator(file="富文本.doc", paragraph=1)),
        ("paragraph", "second line", Locator(file="富文本.doc", paragraph=2))]
    assert rows(res["网页.doc"]) == [
        ("heading", "关于通知", Locator(file="网页.doc", paragraph=1)),
        ("paragraph", "各科室：", Locator(file="网页.doc", paragraph=2)),
        ("table-cell", "甲", Locator(file="网页.doc", table=1, row=1, col=1)),
        ("table-cell", "乙", Locator(file="网页.doc", table=1, row=1, col=2))]


def test_numbering_labels_survive_a_libreoffice_doc(tmp_path):
    from tests.readers.office_fixtures import p
    from tests.readers.test_read_docx import numbering_xml
    body = "".join([p("总体要求", num=("1", 0)), p("工作目标", num=("1", 1)), p("成立领导小组", num=("1", 2)),
                    p("明确分工", num=("1", 2)), p("主要任务", num=("1", 0)), p("重点", num=("1", 1)),
                    p("天干", num=("3", 0)), p("条款", num=("3", 1))])
    (tmp_path / "n.docx").write_bytes(build_docx(body, numbering_xml=numbering_xml()))
    doc = soffice_convert(tmp_path / "n.docx", "doc", tmp_path).read_bytes()
    res = convert.read_doc(doc, "编号.doc")
    assert [b.text for b in res.blocks] == ["一、总体要求", "（一）工作目标", "1.成立领导小组", "2.明确分工",
                                            "二、主要任务", "（一）重点", "甲、天干", "第一条 条款"]


def test_password_protected_doc_is_reported_without_conversion(doc_files, monkeypatch):
    from pipeline.readers.office_sniff import ole_stream_head
    data = bytearray(doc_files["main"])
    head = ole_stream_head(bytes(data), "WordDocument")
    assert head[:2] == b"\xec\xa5"                      # the FIB of a Word 97 file
    at = bytes(data).find(head[:64])
    data[at + 11] |= 0x01                               # FIB flag fEncrypted (0x0100)
    monkeypatch.setattr(convert, "_run_soffice", lambda *a, **k: pytest.fail("must not convert"))
    res = convert.read_doc(bytes(data), "加密.doc")
    assert res.blocks == ()
    assert [p.message for p in res.problems] == ["文件“加密.doc”已加密（设置了打开密码），无法读取，请提供未加密的版本"]
