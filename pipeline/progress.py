"""A progress bar per stage (reading, checking, rendering) on stderr, only on a terminal.

``label`` names the case when several run; a bar is transient (it leaves no line behind)
and is never shown when stdout or stderr is not a terminal, or with ``-q``.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager


def wanted(quiet: bool = False) -> bool:
    """Bars only for a person at a terminal."""
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


def stage_title(stage: str, label: str | bool | None) -> str:
    return f"{label}：{stage}" if isinstance(label, str) and label else stage


class _Bar:
    def __init__(self, progress=None, task=None):
        self.progress, self.task = progress, task

    def advance(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)


@contextmanager
def stage_bar(stage: str, total: int | None, enabled, label: str | bool | None = None):
    """A bar for one stage; ``total`` None shows a pulsing bar (a stage without steps)."""
    if not enabled:
        yield _Bar()
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _Bar()
        return
    columns = [TextColumn(escape(stage_title(stage, label))), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield _Bar(progress, progress.add_task(stage, total=total))
