"""The command line a Chinese reviewer expects: click's own words in Chinese, examples in
every command's help, --version, -q/-v, form aliases, and a summary table that fits 80 columns."""
from __future__ import annotations

import subprocess
import sys

import click
import pytest
import yaml
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from pipeline import __version__
from pipeline.cli import cli
from pipeline.commands.run import closing_table

from .evaluate.case_builder import docx


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def all_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += all_commands(command, path + (name,))
        else:
            out.append(path + (name,))
    return out


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "kaohe")
def test_every_help_is_chinese_with_examples(path):
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0
    text = result.output
    assert max(cell_len(line) for line in text.splitlines()) <= 80       # wrapped by display width
    assert text.startswith("用法：kaohe")
    assert "选项：" in text and "显示本帮助并退出。" in text
    assert "示例：" in text and "kaohe " in text.split("示例：")[1]
    for english in ("Usage:", "Options:", "Show this message and exit.", "Commands:"):
        assert english not in text


def test_version():
    for flag in ("--version", "-V"):
        result = invoke(flag)
        assert result.exit_code == 0 and result.output.strip() == f"kaohe 版本 {__version__}"


@pytest.mark.parametrize("args, said", [
    (["run", "--bogus"], "错误：没有选项 '--bogus'。"),
    (["run", "--yaer", "2015"], "是否应为 '--year'？"),
    (["rules", "show"], "错误：缺少选项 '--form'"),
    (["read"], "错误：缺少参数 'FILE'"),
    (["nosuch"], "错误：没有命令 'nosuch'。"),
    (["run", "--year", "两千"], "'--year' 的取值无效：'两千' 不是有效的整数。"),
    (["run", "--form", "医改"], "'--form' 的取值无效：未知的考核表“医改”。可选：yilianti"),
])
def test_usage_errors_are_in_chinese_and_exit_2(args, said):
    result = invoke(*args)
    assert result.exit_code == 2
    assert said in result.output, result.output
    assert "用法：kaohe" in result.output and "查看帮助。" in result.output
    assert "Error:" not in result.output and "Usage:" not in result.output


def test_the_real_entry_point_prints_chinese_usage_errors():
    code = "import sys; sys.argv = ['kaohe', 'run', '--nope']; from pipeline.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    assert "错误：没有选项 '--nope'。" in result.stderr


def test_form_aliases_from_the_rules_files(tmp_path):
    for alias, form_id in (("医联体", "yilianti"), ("对口支援", "duikou"),
                           ("城市三级医院对口支援县医院考核评估表", "duikou"), ("附件1", "yilianti")):
        result = invoke("rules", "show", "--form", alias)
        assert result.exit_code == 0, result.output
        assert ("附件1" if form_id == "yilianti" else "附件2") in result.output


def test_the_summary_table_fits_80_columns():
    rows = [{"case": name, "form": form, "score": score, "max": full, "final": None, "reviewed": 0,
             "met": 12, "partial": 3, "not_met": 10, "no_evidence": 100, "needs_data": 58, "unreadable": 2,
             "problems": 123}
            for name, form, score, full in (
                ("北山市卫生和计划生育委员会2017年度医联体综合绩效考核佐证材料（第二批补充）", "yilianti", 87.5, 100),
                ("梅林县人民医院", "duikou", 1025, 1100), ("x", "duikou", 0, 1100))]
    console = Console(width=80, record=True, highlight=False, markup=False)
    console.print(closing_table(rows))
    lines = console.export_text().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    body = "\n".join(lines)
    assert "1025/1100" in body and "87.5/100" in body and "123" in body
    first = next(i for i, line in enumerate(lines) if "yilianti" in line)
    last = next(i for i, line in enumerate(lines) if "duikou" in line)
    assert "".join(line.split()[0] for line in lines[first:last]) == rows[0]["case"]   # wrapped, whole


def test_quiet_and_verbose(tmp_path):
    folder = tmp_path / "inbox" / "梅林县"
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(yaml.safe_dump({"form": "对口支援", "year": 2015}, allow_unicode=True),
                                      encoding="utf-8")
    for i in range(7):
        (folder / f"坏{i}.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>\n%" + bytes([65 + i]))
    docx(folder, "01.docx", ["西岭市人民医院", "2015年2月3日"])
    out = str(tmp_path / "out")
    normal = invoke("run", str(folder), "--out", out)
    assert normal.stderr.count("提示：梅林县：") == 5 + 1        # 5 of 7 unreadable, and the missing units
    assert "另有 2 个（加 kaohe -v 显示全部）" in normal.stderr
    verbose = invoke("-v", "run", str(folder), "--out", out)
    assert verbose.stderr.count("提示：梅林县：") == 7 + 1 and "另有" not in verbose.stderr
    quiet = invoke("-q", "run", str(folder), "--out", out)
    assert "提示：" not in quiet.stderr
    assert quiet.stderr.splitlines()[0].startswith("梅林县：发现 8 个问题（无法读取的文件 7，案例设置（case.yaml） 1）")
    assert "核查结果" in quiet.stdout
    also_quiet = invoke("run", "-q", str(folder), "--out", out)
    assert also_quiet.stderr == quiet.stderr
    # no progress bar when the output is not a terminal
    assert "读取佐证材料" not in normal.output and "核查指标" not in normal.output

