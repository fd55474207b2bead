"""The ``kaohe`` command line: a thin click layer over the library."""
from __future__ import annotations

import signal
import sys

import click

from . import __version__
from .errors import KaoheError
from .names import terminal_safe


class Interrupted(Exception):
    """Ctrl-C, raised past click so that it prints nothing of its own."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kaohe")
def cli() -> None:
    """kaohe（考核）：核查佐证材料，对照考核表提出评分建议。"""


INTERRUPTED = 130            # 128 + SIGINT, what a shell reports for Ctrl-C


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except KaoheError as exc:
        click.echo(f"错误：{terminal_safe(str(exc))}", err=True)
        sys.exit(2)
    except click.exceptions.Abort as exc:
        interrupted = isinstance(exc.__context__, KeyboardInterrupt)
        _stop_quietly("已中止（Ctrl-C），未完成的输出没有写入。" if interrupted else "已中止。")
        sys.exit(INTERRUPTED if interrupted else 1)
    except (KeyboardInterrupt, Interrupted):
        _stop_quietly("已中止（Ctrl-C），未完成的输出没有写入。")
        sys.exit(INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


def _stop_quietly(message: str) -> None:
    """One line on stderr; a further Ctrl-C while exiting prints nothing more."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    click.echo(message, err=True)


# Commands are defined in their own modules and registered here.
from .commands import register  # noqa: E402

register(cli)
