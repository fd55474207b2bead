"""read_case on real folder trees: skipping, aliases, zips, batching, cache, read-only."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import zipfile
from pathlib import Path

import pytest

import pipeline.readers.text as text_reader
from pipeline.cache import ReadCache, reader_version
from pipeline.errors import KaoheError
from pipeline.model import Locator
from pipeline.readcase import read_case
from pipeline.readers import ReadResult, convert

OLE_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")


def tree_state(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under root: content hash, mode and mtime (ns)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st = p.stat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            state[p.relative_to(root).as_posix()] = (digest, st.st_mode, st.st_mtime_ns)
    return state


def build_case(root: Path) -> None:
    (root / "子目录" / "更深").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "case.yaml").write_text("name: x\n", encoding="utf-8")
    (root / "材料2.txt").write_text("第二份材料\n", encoding="utf-8")
    (root / "材料10.txt").write_text("第十份材料\n", encoding="utf-8")
    (root / "副本-材料2.txt").write_text("第二份材料\n", encoding="utf-8")      # same bytes
    (root / "子目录" / "更深" / "说明.md").write_text("# 标题\n正文\n", encoding="utf-8")
    (root / "子目录" / "空.pdf").write_bytes(b"")
    (root / "子目录" / "未知.abc").write_bytes(b"\x00\x01")
    (root / "~$材料2.docx").write_bytes(b"lock")
    (root / "Thumbs.db").write_bytes(b"thumbs")
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"x")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("内/甲.txt", "压缩包里的文字\n".encode())
        zf.writestr("乙.txt", "第十份材料\n".encode())                        # same as 材料10.txt
    (root / "打包.zip").write_bytes(buf.getvalue())


@pytest.fixture
def case(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    root.mkdir()
    build_case(root)
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_folder_tree_is_read_sorted_with_aliases_and_zip_members(case, cache_dir):
    docs = read_case(case, workers=1, cache=ReadCache(cache_dir), progress=False)
    # Path order by component, numbers by value (材料2 before 材料10).
    assert [d.file for d in docs] == [
        "子目录/更深/说明.md", "子目录/未知.abc", "子目录/空.pdf", "打包.zip", "打包.zip/内/甲.txt",
        "材料2.txt", "材料10.txt"]
    by = {d.file: d for d in docs}
    assert by["材料2.txt"].aliases == ("副本-材料2.txt",)
    assert by["材料10.txt"].aliases == ("打包.zip/乙.txt",)
    assert by["打包.zip"].source == "zip" and by["打包.zip"].problems == ()
    assert [(b.text, b.loc) for b in by["打包.zip/内/甲.txt"].blocks] == [
        ("压缩包里的文字", Locator("打包.zip/内/甲.txt", line=1))]
    assert by["子目录/空.pdf"].problems[0].message == "文件“子目录/空.pdf”为空（0 字节）"
    assert by["子目录/未知.abc"].problems[0].message.startswith("不支持的文件类型“.abc”")
    assert [b.text for b in by["子目录/更深/说明.md"].blocks] == ["# 标题", "正文"]
    sha = hashlib.sha256("第二份材料\n".encode()).hexdigest()
    assert by["材料2.txt"].sha256 == sha


def test_evidence_folder_is_unchanged(case, cache_dir):
    before = tree_state(case)
    read_case(case, workers=2, cache=ReadCache(cache_dir), progress=False)
    read_case(case, workers=1, cache=ReadCache(cache_dir), progress=False)
    assert tree_state(case) == before


def test_parallel_and_serial_give_the_same_documents(case):
    assert read_case(case, workers=2, cache=False, progress=False) == \
        read_case(case, workers=1, cache=False, progress=False) == \
        read_case(case, workers=0, cache=False, progress=False)


def counting_text_reader(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = text_reader.read

    def counted(data, name):
        calls.append(name)
        return real(data, name)
    monkeypatch.setattr(text_reader, "read", counted)
    return calls


def test_second_run_hits_the_cache(case, cache_dir, monkeypatch):
    calls = counting_text_reader(monkeypatch)
    first = read_case(case, workers=0, cache=ReadCache(cache_dir), progress=False)
    assert sorted(calls) == sorted(["材料2.txt", "材料10.txt", "打包.zip/内/甲.txt",
                                    "子目录/更深/说明.md"])
    calls.clear()
    cache = ReadCache(cache_dir)
    second = read_case(case, workers=0, cache=cache, progress=False)
    assert calls == []
    assert second == first
    assert cache.hits == 6 and cache.misses == 0


def test_cache_invalidated_when_reader_version_changes(case, cache_dir, monkeypatch):
    calls = counting_text_reader(monkeypatch)
    read_case(case, workers=0, cache=ReadCache(cache_dir, version="v1"), progress=False)
    read_case(case, workers=0, cache=ReadCache(cache_dir, version="v1"), progress=False)
    assert len(calls) == 4
    read_case(case, workers=0, cache=ReadCache(cache_dir, version="v2"), progress=False)
    assert len(calls) == 8


def test_reader_version_follows_source_files(tmp_path):
    src = tmp_path / "reader.py"
    src.write_text("X = 1\n")
    v1 = reader_version([src], libraries=())
    assert reader_version([src], libraries=()) == v1
    src.write_text("X = 2\n")
    assert reader_version([src], libraries=()) != v1


def test_cache_inside_the_case_folder_is_refused(case):
    with pytest.raises(KaoheError):
        read_case(case, workers=1, cache=ReadCache(case / "cache"), progress=False)


def test_cache_dir_from_environment(case, tmp_path, monkeypatch):
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "envcache"))
    read_case(case, workers=1, progress=False)
    assert (tmp_path / "envcache" / "read-cache.sqlite3").is_file()


def test_doc_and_wps_are_converted_in_one_batch(tmp_path, monkeypatch):
    root = tmp_path / "c"
    root.mkdir()
    (root / "甲.doc").write_bytes(OLE_WORD + b"1")
    (root / "乙.wps").write_bytes(OLE_WORD + b"2")
    (root / "丙.doc").write_bytes(OLE_WORD + b"3")
    batches: list[list[str]] = []

    def fake_convert_many(items):
        batches.append([name for _, name in items])
        return {name: ReadResult(source=name[-3:], blocks=()) for _, name in items
                if not name.startswith("丙")}

    def fake_read_doc(data, name):
        return ReadResult(source="doc", problems=())
    monkeypatch.setattr(convert, "convert_many", fake_convert_many)
    monkeypatch.setattr(convert, "read_doc", fake_read_doc)
    docs = read_case(root, workers=0, cache=False, progress=False)
    assert len(batches) == 1 and sorted(batches[0]) == sorted(["丙.doc", "乙.wps", "甲.doc"])
    assert {d.file: d.source for d in docs} == {"丙.doc": "doc", "乙.wps": "wps", "甲.doc": "doc"}


def test_a_crashing_reader_loses_no_file(case, monkeypatch):
    def broken(data, name):
        if name.endswith(".md"):
            raise RuntimeError("crash")
        return real(data, name)
    real = text_reader.read
    monkeypatch.setattr(text_reader, "read", broken)
    docs = read_case(case, workers=0, cache=False, progress=False)
    by = {d.file: d for d in docs}
    assert len(docs) == 7
    assert by["子目录/更深/说明.md"].problems[0].message == (
        "无法读取文件“子目录/更深/说明.md”：文件已损坏或格式异常（RuntimeError: crash）")
    assert by["材料2.txt"].blocks


def _soffice_docs(tmp_path: Path, texts: dict[str, str]) -> dict[str, bytes]:
    """.doc files made by LibreOffice from .docx files holding the given texts."""
    import shutil
    import subprocess

    import docx
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is required by the kaohe readers"
    make = tmp_path / "make"
    make.mkdir()
    for stem, text in texts.items():
        d = docx.Document()
        d.add_paragraph(text)
        d.save(str(make / f"{stem}.docx"))
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(make),
                    *(str(make / f"{stem}.docx") for stem in texts)],
                   check=True, capture_output=True, timeout=180)
    return {stem: (make / f"{stem}.doc").read_bytes() for stem in texts}


def test_real_readers_end_to_end(tmp_path):
    """Every format through the real readers, in parallel, with mislabelled names."""
    import docx
    import openpyxl
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for module in ("docx", "convert", "pdf", "xlsx", "image"):
        assert importlib.util.find_spec(f"pipeline.readers.{module}"), module
    root = tmp_path / "case"
    root.mkdir()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(root / "方案.pdf"))
    c.setFont("STSong-Light", 14)
    c.drawString(72, 700, "医联体建设试点工作方案")
    c.save()
    d = docx.Document()
    d.add_paragraph("关于成立领导小组的通知")
    d.save(str(root / "通知.pdf"))                                  # a .docx named .pdf
    wb = openpyxl.Workbook()
    wb.active.title = "名册"
    wb.active["A1"] = "成员单位"
    wb.save(str(root / "名册.xlsx"))
    made = _soffice_docs(tmp_path, {"a": "支援人员管理制度", "b": "进修人员管理规定"})
    (root / "制度.doc").write_bytes(made["a"])
    (root / "规定.docx").write_bytes(made["b"])                     # a .doc named .docx

    docs = {d.file: d for d in read_case(root, workers=2, cache=False, progress=False)}
    assert {f: d.source for f, d in docs.items()} == {
        "方案.pdf": "pdf-text", "通知.pdf": "docx", "名册.xlsx": "xlsx", "制度.doc": "doc",
        "规定.docx": "doc"}
    assert "医联体建设试点工作方案" in docs["方案.pdf"].text
    assert docs["方案.pdf"].blocks[0].loc.page == 1
    assert docs["通知.pdf"].text == "关于成立领导小组的通知"
    assert docs["通知.pdf"].problems[0].stage == "read-note"
    assert "成员单位" in docs["名册.xlsx"].text
    assert docs["名册.xlsx"].blocks[0].loc.sheet == "名册"
    assert "支援人员管理制度" in docs["制度.doc"].text
    assert "进修人员管理规定" in docs["规定.docx"].text
    assert [p.stage for p in docs["规定.docx"].problems][:1] == ["read-note"]
    assert all(d.ok for d in docs.values()), {f: d.problems for f, d in docs.items()}
