"""`kaohe rules check|show` as a user runs them: exact lines and exit codes."""
from __future__ import annotations

import shutil
import subprocess
import sys

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.rulebook import loader


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_rules_check_reports_totals_and_the_forms_own_inconsistencies():
    result = run("rules", "check")
    assert result.exit_code == 0
    out = result.output.splitlines()
    assert out[0] == "附件1 医联体综合绩效考核指标体系（行政部门）（rules/yilianti.yaml）"
    assert out[1] == "校验通过：42 项指标（定性 22，定量 20），数据项 28 个"
    assert any(line.startswith("全表") and line.split()[1:] == ["100", "100", "一致"] for line in out)
    assert any(line.startswith("二类指标：考核对口支援双方医院共同工作效果（分数600）")
               and line.split()[1:] == ["600", "508", "不一致"] for line in out)
    assert any(line.strip().startswith("支援医院工作情况（150分）")
               and line.split()[1:] == ["150", "150", "一致"] for line in out)
    assert "  - “二类指标：考核对口支援双方医院共同工作效果（分数600）”声明 600 分，其下各项分值合计 508 分" in out
    assert "  - 全表满分声明 1100 分，各项分值合计 1008 分" in out
    assert any(line.startswith("  - 指标 4.6.2“医院门诊、住院患者人均费用及三年变化趋势”的评分方法与上一行 4.6.1 相同")
               for line in out)
    assert "另有加分项 20 分，扣分项 20 分（不计入满分）" in out


def test_rules_check_one_form():
    result = run("rules", "check", "--form", "duikou")
    assert result.exit_code == 0
    assert result.output.startswith("附件2 城市三级医院对口支援县医院考核评估表（rules/duikou.yaml）\n")
    assert "附件1" not in result.output


def test_rules_show_prints_the_form_as_a_table():
    result = run("rules", "show", "--form", "duikou", "--year", "2017")
    assert result.exit_code == 0
    text = result.output
    assert "附件2 城市三级医院对口支援县医院考核评估表（满分1100分）" in text
    assert "抽查2016、2017年职称晋升人员到县医院支援经历" in text
    assert "大于2000" in text and "新农合报销比例" in text


def test_unknown_form_is_a_usage_error():
    result = CliRunner().invoke(cli, ["rules", "show", "--form", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.output


def test_broken_rules_file_exits_2_with_every_error(tmp_path):
    for name in ("yilianti.yaml", "duikou.yaml"):
        shutil.copy(loader.RULES_DIR / name, tmp_path / name)
    text = (tmp_path / "yilianti.yaml").read_text(encoding="utf-8")
    text = text.replace("max: 4\n", "max: 四\n", 1).replace("type: document\n", "type: keyword\n", 1)
    (tmp_path / "yilianti.yaml").write_text(text, encoding="utf-8")
    # the real entry point in a fresh process, pointed at the broken rules folder
    code = ("import sys, pathlib; from pipeline.rulebook import loader; "
            f"loader.RULES_DIR = pathlib.Path({str(tmp_path)!r}); "
            "sys.argv = ['kaohe', 'rules', 'check', '--form', 'yilianti']; "
            "from pipeline.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "错误：规则文件有 2 处错误："
    assert lines[1].startswith("  - yilianti.yaml: sections[0].sections[0].items[0].max（第")
    assert lines[1].endswith("）：应为数字，得到“四”")
    assert "sections[0].sections[0].items[0].checks[0]" in lines[2]
    assert "未知的检查类型“keyword”" in lines[2]
