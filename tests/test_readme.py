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
