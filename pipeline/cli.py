"""The ``kaohe`` command line: a thin click layer over the library."""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import KaoheError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kaohe")
def cli() -> None:
    """kaohe（考核）：核查佐证材料，对照考核表提出评分建议。"""


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except KaoheError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("已中止。", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


# Commands are defined in their own modules and registered here.
from .commands import register  # noqa: E402

register(cli)
