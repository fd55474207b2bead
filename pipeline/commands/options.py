"""Options shared by several commands (not a command itself)."""
from __future__ import annotations

import click

from ..errors import KaoheError
from ..rulebook.loader import discover_forms, form_choices_text, resolve_form


class FormType(click.ParamType):
    """A form named by its id, an alias or its title (rules/*.yaml ``aliases:``), resolved to its id.

    The forms are discovered when the option is parsed, so a form added to the rules folder
    (or a folder named by $KAOHE_RULES) is known without a change to the code."""

    name = "考核表"

    def get_metavar(self, param, ctx=None) -> str:       # click 8.1 and 8.2 signatures
        try:
            return "[" + "|".join(discover_forms()) + "]"
        except KaoheError:
            return "考核表"

    def convert(self, value, param, ctx):
        try:
            fid = resolve_form(str(value))
        except KaoheError as exc:
            self.fail(str(exc), param, ctx)
        if fid is None:
            self.fail(f"未知的考核表“{value}”。可选：{form_choices_text()}", param, ctx)
        return fid

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem
        return [CompletionItem(fid) for fid in discover_forms() if fid.startswith(incomplete)]


FORM = FormType()


def verbosity() -> int:
    """-1 with ``kaohe -q``, 0 by default, 1 (or more) with ``kaohe -v``."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return int(((root.obj if root is not None else None) or {}).get("verbosity", 0))
