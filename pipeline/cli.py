"""The ``kaohe`` command line: a thin click layer over the library."""
from __future__ import annotations

import signal
import sys

import click

from . import __version__
from .errors import KaoheError
from .clickzh import install as _chinese_click
from .names import terminal_safe

_chinese_click()


class Interrupted(Exception):
    """Ctrl-C, raised past click so that it prints nothing of its own."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


EXAMPLES = """
\b
示例：
  kaohe run                    核查 inbox/ 下的每个案例，结果写入 outbox/
  kaohe -q run inbox/梅林县     只显示结果表和问题计数
  kaohe run --help             查看 run 的全部选项
  kaohe rules show --form 医联体
"""


@click.group(name="kaohe", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.version_option(__version__, "-V", "--version", prog_name="kaohe")
@click.option("-q", "--quiet", is_flag=True, help="安静：不显示进度条和逐条提示，只显示结果表、问题计数和错误。")
@click.option("-v", "--verbose", count=True, help="详细：列出每类问题的全部条目。")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: int) -> None:
    """kaohe（考核）：核查佐证材料，对照考核表提出评分建议。"""
    ctx.obj = {"verbosity": -1 if quiet else verbose}


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
