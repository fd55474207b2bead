"""Every command the CLI offers is documented in the README's command table."""
from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_lines(group: click.Group, prefix: str = "kaohe") -> list[str]:
    out = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += command_lines(command, f"{prefix} {name}")
        else:
            out.append(f"{prefix} {name}")
    return out


def test_every_command_is_in_the_readme():
    lines = command_lines(cli)
    assert len(lines) >= 6
    missing = [line for line in lines if f"`{line}" not in README]
    assert missing == []


def test_the_readme_names_the_two_setup_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def options_of(group: click.Group, prefix: str = "kaohe") -> list[tuple[str, str]]:
    """(command, option) for every option of every command, the group's own included."""
    out = [(prefix, opt) for p in group.params if isinstance(p, click.Option) for opt in p.opts]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += options_of(command, f"{prefix} {name}")
        else:
            out += [(f"{prefix} {name}", opt) for p in command.params if isinstance(p, click.Option)
                    for opt in p.opts]
    return out


def test_every_option_is_in_the_readme():
    import re
    found = options_of(cli)
    assert ("kaohe run", "--strict") in found and ("kaohe", "--version") in found and ("kaohe", "-q") in found
    missing = [(command, opt) for command, opt in found
               if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", README)]
    assert missing == []


def test_the_user_guide_is_chinese_and_shows_both_forms_units():
    user = README[:README.index("# 开发者说明")]
    for heading in ("## 安装", "## 评审人员怎样使用", "## 命令", "## 输出", "## 证据如何判断", "## 问题提示"):
        assert heading in user
    assert "行政部门: 北山市卫生和计划生育委员会" in user and "支援医院: 东江市第一人民医院" in user
    cjk = sum(1 for ch in user if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in user if ch.isascii() and ch.isalpha())
    assert cjk > letters          # the reviewers' part is Chinese (paths and commands aside)
