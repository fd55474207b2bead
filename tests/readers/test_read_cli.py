"""``kaohe read``: what a reviewer sees for a file and a folder."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))


def run(*args: str):
    return CliRunner().invoke(cli, ["read", *args])


def test_read_small_text_file_prints_blocks_and_locators(tmp_path):
    f = tmp_path / "通知.txt"
    f.write_text("关于开展医联体建设试点的通知\n\n各成员单位：\n", encoding="utf-8")
    for args in ([str(f)], [str(f)], [str(f), "--no-cache"]):   # cold, cached, uncached
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == [
            "== 通知.txt ==",
            "来源：text",
            "页数：—",
            "文字块：2",
            "[第1行] 关于开展医联体建设试点的通知",
            "[第3行] 各成员单位：",
            "问题：无",
        ]


def test_read_folder_prints_one_section_per_file_and_problems(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("甲\n", encoding="utf-8")
    (tmp_path / "c" / "b.docx").write_bytes(b"")
    result = run(str(tmp_path / "c"), "--workers", "1")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "== a.txt ==", "来源：text", "页数：—", "文字块：1", "[第1行] 甲", "问题：无",
        "",
        "== b.docx ==", "来源：docx", "页数：—", "文字块：0", "问题：1",
        "- 读取：文件“b.docx”为空（0 字节）",
        "",
        "共 2 个文件，其中 1 个有问题或提示",
    ]


def test_read_json(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("一\n二\n", encoding="utf-8")
    result = run(str(f), "--json")
    assert result.exit_code == 0
    docs = json.loads(result.output)
    assert [(d["file"], d["source"]) for d in docs] == [("a.md", "text")]
    assert docs[0]["blocks"][1] == {"text": "二", "kind": "paragraph", "loc": {"file": "a.md", "line": 2}}


def test_missing_file_is_a_usage_error(tmp_path):
    result = run(str(tmp_path / "没有.txt"))
    assert result.exit_code == 2
    assert "不存在" in result.output and "没有.txt" in result.output


def test_read_says_which_onnxruntime_provider_ran_the_ocr(tmp_path):
    from tests.readers.pdf_fixtures import image_bytes, render_text_image
    f = tmp_path / "扫描.png"
    f.write_bytes(image_bytes(render_text_image(["关于成立医联体建设领导小组的通知"], size=(1300, 300), top=100), "PNG"))
    for args in ([str(f), "--workers", "1"], [str(f), "--workers", "1"]):     # read in a worker, then cached
        result = run(*args)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert lines[:4] == ["== 扫描.png ==", "来源：image-ocr", "页数：1",
                             "文字识别（OCR）运行于：CPU（onnxruntime CPUExecutionProvider）"]
        assert "关于成立医联体建设领导小组的通知" in result.output
    docs = json.loads(run(str(f), "--json").output)
    assert docs[0]["ocr_provider"] == "CPUExecutionProvider"
    text = tmp_path / "a.txt"
    text.write_text("甲\n", encoding="utf-8")
    assert "ocr_provider" not in json.loads(run(str(text), "--json").output)[0]
    assert "文字识别" not in run(str(text)).output
