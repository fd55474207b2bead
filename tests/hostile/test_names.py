"""File names that are not UTF-8, that carry terminal escapes, or that are too long for output names."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.names import display_name, fit_name, terminal_safe

from .helpers import kaohe, make_case

ESCAPE_NAME = "\x1b[31m红色\x1b[0m\u202e.txt"


def test_names_on_disk_are_decoded_or_escaped_and_never_reach_the_terminal_raw(tmp_path):
    made = make_case(tmp_path)
    gbk_case = os.fsencode(tmp_path) + b"/" + "案例甲".encode("gbk")
    os.rename(made, gbk_case)
    with open(gbk_case + b"/" + "会议纪要.txt".encode("gbk"), "wb") as fh:
        fh.write("东江市第一人民医院召开对口支援工作会议。\n".encode("gbk"))
    with open(gbk_case + b"/\xff\xfe\xfa.txt", "wb") as fh:           # neither UTF-8 nor GBK
        fh.write("无法识别的文件名\n".encode())
    (Path(os.fsdecode(gbk_case)) / ESCAPE_NAME).write_text("终端转义字符\n", encoding="utf-8")

    run = kaohe(tmp_path, "run", os.fsdecode(gbk_case), "--out", str(tmp_path / "out"), "--no-cache")
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out" / "案例甲"                                  # the folder's name, decoded
    data = json.loads((out / "results.json").read_bytes().decode("utf-8"))
    assert data["case"] == "案例甲"
    docs = {d["file"]: d for d in data["documents"]}
    assert docs["会议纪要.txt"]["notes"][0] == "文件名“会议纪要.txt”不是 UTF-8 编码，已按 GBK 解读"
    assert docs["\\xff\\xfe\\xfa.txt"]["notes"][0].startswith("文件名“\\xff\\xfe\\xfa.txt”含无法识别的字符")
    assert "\\x1b[31m红色\\x1b[0m\\u202e.txt" in docs
    assert not docs["\\x1b[31m红色\\x1b[0m\\u202e.txt"]["error"]
    read = kaohe(tmp_path, "read", os.fsdecode(gbk_case), "--no-cache")
    assert read.returncode == 0, read.stderr
    assert "== \\x1b[31m红色\\x1b[0m\\u202e.txt ==" in read.stdout
    for text in (run.stdout, run.stderr, read.stdout, read.stderr):
        assert "\x1b" not in text and "\u202e" not in text and "\udcff" not in text
    for path in out.iterdir():                                        # every output name is valid UTF-8
        path.name.encode("utf-8")


def test_a_case_name_too_long_for_output_file_names(tmp_path):
    name = "东江市第一人民医院对口支援青石县人民医院" * 4                # 80 characters, 240 bytes
    case = make_case(tmp_path, name)
    res = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"), "--no-cache")
    assert res.returncode == 0, res.stderr
    out = tmp_path / "out" / name
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["case"] == name and "final" in data["total"]       # the whole name, with the finals
    written = sorted(p.name for p in out.iterdir())
    assert {n.rsplit(".", 1)[-1] for n in written} == {"json", "xlsx", "docx", "html"}
    assert all(len(n.encode("utf-8")) <= 255 for n in written)
    assert any(n.startswith("附件2_") and n.endswith("….docx") for n in written), written
    assert "案例名称过长，输出文件的名称已截短" in res.stderr
    report = next(p for p in out.iterdir() if p.suffix == ".html")
    assert name in report.read_text(encoding="utf-8")                  # the whole name inside the file
    shutil.rmtree(tmp_path / "out")


def test_name_helpers():
    assert display_name(os.fsdecode("方案.docx".encode("gbk"))) == "方案.docx"
    assert display_name("a\x07b\x9bc") == "a\\x07b\\x9bc"
    assert terminal_safe("第一行\n\t缩进\x1b[2J") == "第一行\n\t缩进\\x1b[2J"
    cut = fit_name("长" * 200 + ".docx")
    assert cut.endswith("….docx") and len(cut.encode()) <= 255
    assert fit_name("短.docx") == "短.docx"
