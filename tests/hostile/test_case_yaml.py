"""case.yaml: every way it goes wrong is said exactly, with its line."""
from __future__ import annotations

import os

import pytest

from pipeline.case import load_case
from pipeline.data.workbook import load_case_data
from pipeline.errors import KaoheError
from pipeline.rulebook.loader import load_form

from .helpers import SECRET, kaohe, make_case, secret_outside

GOOD = "form: yilianti\nyear: 2018\nunits:\n  行政部门: 北湖市卫生健康委员会\n"


def folder(tmp_path, text: str | bytes):
    root = tmp_path / "案例"
    root.mkdir()
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (root / "case.yaml").write_bytes(data)
    return root


def refused(tmp_path, text) -> str:
    with pytest.raises(KaoheError) as caught:
        load_case(folder(tmp_path, text))
    return str(caught.value)


def test_invalid_yaml_is_refused_with_its_line(tmp_path):
    message = refused(tmp_path, "form: yilianti\nyear: 2018\nunits:\n  行政部门 北湖市卫健委\n  牵头医院: 北湖市人民医院\n")
    assert message.startswith("案例“案例”的case.yaml 第5行第") and "YAML 格式错误" in message
    assert "请修正后重试" in message


def test_a_tab_indent_is_named(tmp_path):
    message = refused(tmp_path, "form: yilianti\nyear: 2018\nunits:\n\t行政部门: 北湖市卫健委\n")
    assert "第4行第1列有 YAML 格式错误：用了 Tab 字符缩进，YAML 只能用空格缩进" in message


def test_cli_exit_status_and_message_for_invalid_yaml(tmp_path):
    case = make_case(tmp_path)
    (case / "case.yaml").write_text("form: duikou\nyear: [2016\n", encoding="utf-8")
    res = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "错误：case：案例“case”的case.yaml 第" in res.stderr and "YAML 格式错误" in res.stderr


@pytest.mark.parametrize("encoding, said", [
    ("gbk", "case.yaml 不是 UTF-8 编码（第4行起），已按 GBK 读取；请另存为 UTF-8 编码"),
    ("utf-16", "case.yaml 是 UTF-16 编码，已按 UTF-16 读取；请另存为 UTF-8 编码"),
    ("utf-16-le", "case.yaml 是 UTF-16 编码（没有 BOM），已按 UTF-16 读取；请另存为 UTF-8 编码"),
])
def test_other_encodings_are_read_and_named(tmp_path, encoding, said):
    case = load_case(folder(tmp_path, GOOD.encode(encoding)))
    assert case.units == {"行政部门": "北湖市卫生健康委员会"} and case.form == "yilianti"
    assert case.problems == (said,)


def test_unknown_and_repeated_keys_are_named_with_their_line(tmp_path):
    case = load_case(folder(tmp_path, "form: yilianti\nyear: 2018\nunit:\n  行政部门: 北湖市卫健委\n"
                                      "self_score:\n  1.1.1: 4\nyear: 2018\n"))
    assert case.problems == (
        "case.yaml 第7行：设置“year”重复（第2行已有），采用第7行",
        "case.yaml 第3行：未知的设置“unit”，已忽略（是否应为“units”？）",
        "case.yaml 第5行：未知的设置“self_score”，已忽略（是否应为“self_scores”？）",
        "case.yaml 中没有 units：无法判断文件由哪个被考核单位印发（归属核查无法进行），每个文件都按被考核单位的材料核查；"
        "请写 units: 并在其下写 行政部门: 单位全称",
    )
    assert case.units == {} and case.self_scores == {}


def test_self_scores_keep_their_ids_and_an_out_of_range_score_is_reported(tmp_path):
    root = folder(tmp_path, "form: duikou\nyear: 2016\nself_scores:\n  1.10: 2\n  1.01: 999\n  1.02: 很多\n"
                            "units:\n  支援医院: 西岭市人民医院\n  受援医院: 梅林县人民医院\n")
    case = load_case(root)
    assert case.self_scores == {"1.10": 2.0, "1.01": 999.0}                 # 1.10, not 1.1
    assert case.problems == ("case.yaml 第6行中指标 1.02 的自评分“很多”不是数字，已忽略",)
    data = load_case_data(root, load_form("duikou", 2016), None, case.self_scores, 2016, case.self_score_lines)
    assert data.self_scores == {"1.10": 2.0}
    assert [p.message for p in data.problems] == ["case.yaml 第5行中指标 1.01 的自评分 999 分超出本项分值范围（0～10分），已忽略"]


def test_a_case_yaml_that_is_a_link_is_not_read(tmp_path):
    outside = secret_outside(tmp_path)
    (outside / "settings.yaml").write_text(f"form: duikou\nyear: 2016\nunits:\n  支援医院: {SECRET}\n", encoding="utf-8")
    root = tmp_path / "案例"
    root.mkdir()
    os.symlink(outside / "settings.yaml", root / "case.yaml")
    message = refused_existing(root)
    assert message == "案例“案例”的case.yaml 是符号链接，不是普通文件，未读取；请把设置直接写在案例文件夹的 case.yaml 中"


def refused_existing(root) -> str:
    with pytest.raises(KaoheError) as caught:
        load_case(root)
    return str(caught.value)
