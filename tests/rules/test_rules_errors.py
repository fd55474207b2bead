"""A broken rules file gets one message that lists every error with its YAML path and line."""
from __future__ import annotations

import textwrap

import pytest

from pipeline.errors import RulesError
from pipeline.rulebook.loader import load_form

VALID = textwrap.dedent("""\
    id: sample
    attachment: 附件9
    title: 测试考核表
    full_marks: 6
    sections:
    - title: 1.组织实施
      level: 一级指标
      items:
      - id: "1.1"
        indicator: 工作方案出台情况（定性）
        method: 已出台方案，得4分，否则不得分
        max: 4
        type: qualitative
        typical_evidence: 工作方案
        checks:
        - type: document
          label: 工作方案
          title: [[方案]]
      - id: "1.2"
        indicator: 签约率
        method: 签约率≧60%，得2分
        max: 2
        type: quantitative
        scoring:
          levels:
          - when: [{figure: 签约率, op: ">=", value: 60}]
            points: 2
    figures:
    - key: 签约率
      type: percent
      unit: "%"
    """)


def write(tmp_path, text):
    path = tmp_path / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path, text) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_form(write(tmp_path, text))
    return info.value.errors


def test_valid_sample_loads(tmp_path):
    form = load_form(write(tmp_path, VALID))
    assert form.sections[0].items[1].scoring.levels[0].points == 2


def test_missing_field(tmp_path):
    broken = VALID.replace("    method: 已出台方案，得4分，否则不得分\n", "")
    assert errors_of(tmp_path, broken) == [
        "sample.yaml: sections[0].items[0].method（第9行）：缺少必填字段"]


def test_bad_score(tmp_path):
    broken = VALID.replace("    max: 4\n", "    max: 四分\n")
    assert errors_of(tmp_path, broken) == [
        "sample.yaml: sections[0].items[0].max（第12行）：应为数字，得到“四分”"]


def test_unknown_check_type(tmp_path):
    broken = VALID.replace("    - type: document\n", "    - type: keyword\n")
    [message] = errors_of(tmp_path, broken)
    assert message.startswith("sample.yaml: sections[0].items[0].checks[0]（第16行）：未知的检查类型“keyword”（可用：")
    assert "'document'" in message and "'all_parts'" in message


def test_two_errors_at_once_in_one_message(tmp_path):
    broken = (VALID.replace("    max: 4\n", "    max: 四分\n")
                   .replace("    - type: document\n", "    - type: keyword\n")
                   .replace("figure: 签约率, op", "figure: 签约人数, op"))
    with pytest.raises(RulesError) as info:
        load_form(write(tmp_path, broken))
    message = str(info.value)
    assert message.splitlines()[0] == "规则文件有 4 处错误："
    assert "  - sample.yaml: sections[0].items[0].max（第12行）：应为数字，得到“四分”" in message
    assert "sections[0].items[0].checks[0]（第16行）：未知的检查类型“keyword”" in message
    # reference errors are found in the same pass, while the shape is still broken
    assert "  - sample.yaml: 指标 1.2：引用了未定义的数据项“签约人数”" in message
    assert "  - sample.yaml: figures：数据项“签约率”未被任何指标使用" in message


def test_semantic_rules(tmp_path):
    broken = (VALID.replace('id: "1.2"', 'id: "1.1"')
                   .replace("    typical_evidence: 工作方案\n", "")
                   .replace("  type: percent", "  type: ratio"))
    assert errors_of(tmp_path, broken) == [
        "sample.yaml: figures[0].type（第29行）：取值“ratio”不在允许范围"
        "（'percent', 'count', 'number', 'days', 'money', 'bool', 'list', 'score' or 'judgement'）",
        "sample.yaml: sections[0].items[0]（第9行）：定性指标需要 typical_evidence（应提交的佐证材料）",
        "sample.yaml: 指标 1.1：id 重复",
    ]


def test_yaml_syntax_error(tmp_path):
    [message] = errors_of(tmp_path, VALID.replace("title: [[方案]]", "title: [[方案]"))
    assert message == "sample.yaml 第19行：YAML 语法错误：expected ',' or ']', but got '-'"
