"""click's own words in Chinese: usage errors and the ``--help`` framing.

click marks every message it prints for translation (``from gettext import gettext as _``
and ``ngettext`` in each of its modules). ``install`` puts a small table in front of
those two names; a message not in the table is printed as click wrote it.
"""
from __future__ import annotations

import gettext
import importlib

import click
import click.types

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个取值。",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否取值，可用：{states}",
    "integer": "整数",
    "float": "数字",
    "boolean": "是/否",
    "text": "文字",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Error: invalid input": "错误：输入无效",
    "Do you want to continue?": "是否继续？",
}
# (singular, plural) -> the one Chinese form
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "多余的参数（{args}）",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "选项 {name!r} 需要取值。",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): "是否应为 {possibility}？",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "{value!r} 不在可选值（{choices}）中。",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "需要 {nargs} 个取值。",
}
_BY_SINGULAR = {s: (p, zh) for (s, p), zh in PLURALS.items()}
MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils")


def translate(message: str) -> str:
    return MESSAGES.get(message) or gettext.gettext(message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    hit = _BY_SINGULAR.get(singular)
    if hit is not None and hit[0] == plural:
        return hit[1]
    return gettext.ngettext(singular, plural, n)


class ChineseFormatter(click.HelpFormatter):
    """Headings end with a full-width colon; columns are aligned by display width (CJK is two columns)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else translate("Usage:"))


def truncate_to_width(text: str, n: int) -> str:
    """The longest prefix of ``text`` at most ``n`` columns wide (at least one character)."""
    from rich.cells import cell_len
    width = 0
    for i, ch in enumerate(text):
        width += cell_len(ch)
        if width > n:
            return text[:max(i, 1)]
    return text


def display_width(text: str) -> int:
    from rich.cells import cell_len
    import click._compat
    return cell_len(click._compat.strip_ansi(text))


def install() -> None:
    """Hook the table into click's gettext names, the help formatter and its width (idempotent)."""
    import click.formatting
    click.Context.formatter_class = ChineseFormatter
    click.formatting.term_len = display_width
    import click._textwrap as textwrap_
    if hasattr(textwrap_, "term_len"):        # click >= 8.4 wraps help text by visible width: make it CJK-aware
        textwrap_.term_len = display_width
        textwrap_._truncate_visible = truncate_to_width
    # the type names click prints in messages and metavars ("不是有效的整数", "--year 整数")
    for cls in (click.types.IntParamType, click.types.FloatParamType, click.types.BoolParamType,
                click.types.StringParamType, click.types.IntRange, click.types.FloatRange):
        english = cls.__dict__.get("name") or next(c.__dict__["name"] for c in cls.__mro__ if "name" in c.__dict__)
        cls.name = MESSAGES.get(english, english)
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = ntranslate
