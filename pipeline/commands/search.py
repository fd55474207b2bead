"""``kaohe search [CASE] 关键词…``: find words across every file of a case (or of every case)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from ..cache import take_notices
from ..errors import KaoheError
from ..names import terminal_safe
from ..run import case_dirs

INBOX = Path("inbox")
CASE_FILES = ("case.yaml", "case.yml")
HIGHLIGHT = "bold reverse"


def _is_inbox(folder: Path) -> bool:
    """The inbox (or a folder like it): no case.yaml of its own, case folders inside."""
    try:
        if INBOX.is_dir() and os.path.samefile(folder, INBOX):
            return True
    except OSError:
        pass
    if any((folder / n).is_file() for n in CASE_FILES):
        return False
    return any(any((d / n).is_file() for n in CASE_FILES) for d in case_dirs(folder))


def _where(args: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """(case folders, words): the first argument is a folder when it is one."""
    first = Path(args[0])
    if first.is_dir():
        folders = case_dirs(first) if _is_inbox(first) else [first]
        if not folders:
            raise KaoheError(f"“{terminal_safe(args[0])}”下没有案例文件夹")
        words = list(args[1:])
    elif os.sep in args[0] or "/" in args[0]:
        raise KaoheError(f"找不到案例文件夹：{terminal_safe(args[0])}")
    else:
        folders = case_dirs(INBOX)
        if not folders:
            raise KaoheError(f"没有可查找的案例：请指定案例文件夹，或把案例文件夹放入 {INBOX}/")
        words = list(args)
    if not any(w.strip() for w in words):
        raise KaoheError("请给出要查找的关键词，例如：kaohe search inbox/某案例 双向转诊")
    return folders, words


def _where_label(r) -> str:
    return r.locator if r.page is None or r.locator.startswith(f"第{r.page}页") else f"第{r.page}页 {r.locator}"


@click.command("search")
@click.argument("args", metavar="[CASE] 关键词...", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="最多显示的条数。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（条数同样受 --limit 限制）。")
def command(args: tuple[str, ...], limit: int, as_json: bool) -> None:
    """在案例的全部佐证材料中查找关键词，列出文件、页码/位置和所在句子，按相关程度排序。

    CASE 是一个案例文件夹；给出 inbox 文件夹或省略 CASE 时，查找 inbox/ 下的每个案例。
    多个关键词须出现在同一句中；一两个字的词也可以查找。材料读取过（kaohe run 或
    kaohe read 之后）即可直接查找，不再重新读取文件。找不到时退出状态为 1。

    \b
    示例：
      kaohe search inbox/某县医院 双向转诊
      kaohe search inbox/某县医院 专家 坐诊 --limit 50
      kaohe search 远程会诊 --json
    """
    from ..search import excerpt, search

    folders, words = _where(args)
    try:
        outcome = search(folders, words, progress=sys.stderr.isatty(), limit=limit)
    finally:
        for message in take_notices():
            click.echo(f"提示：{terminal_safe(message)}", err=True)
    shown = outcome.results
    if as_json:
        click.echo(json.dumps({
            "terms": outcome.terms, "cases": outcome.cases, "files": outcome.files,
            "total": outcome.total,
            "results": [{"case": r.case, "file": r.file, "aliases": list(r.aliases), "page": r.page,
                         "locator": r.locator, "sentence": r.sentence, "score": round(r.score, 4),
                         "spans": [list(s) for s in r.spans]} for r in shown]},
            ensure_ascii=False, indent=2))
        if not outcome.results:
            sys.exit(1)
        return
    quoted = "".join(f"“{terminal_safe(t)}”" for t in outcome.terms)
    where = (f"案例“{outcome.cases[0]}”" if len(outcome.cases) == 1 else f"{len(outcome.cases)} 个案例")
    if not outcome.results:
        both = "同时含有" if len(outcome.terms) > 1 else "含有"
        click.echo(f"未找到：{terminal_safe(where)}的 {outcome.files} 个文件中没有{both}{quoted}的句子。")
        sys.exit(1)
    console = Console(highlight=False, markup=False, emoji=False,
                      width=None if sys.stdout.isatty() else 120)
    several = len(outcome.cases) > 1
    for n, r in enumerate(shown, 1):
        head = Text(f"{n}. ")
        if several:
            head.append(terminal_safe(r.case) + "：")
        head.append(terminal_safe(r.file), style="bold")
        head.append("  " + terminal_safe(_where_label(r)))
        if r.aliases:
            head.append("（相同内容：" + "、".join(terminal_safe(a) for a in r.aliases) + "）")
        console.print(head)
        text, spans = excerpt(r.sentence, r.spans)
        line = Text("   ")
        at = 0
        for s, e in spans:
            line.append(terminal_safe(text[at:s]))
            line.append(terminal_safe(text[s:e]), style=HIGHLIGHT)
            at = e
        line.append(terminal_safe(text[at:]))
        console.print(line)
    more = f"，显示前 {len(shown)} 处（--limit 可调整）" if len(shown) < outcome.total else ""
    console.print(terminal_safe(f"在{where}的 {outcome.files} 个文件中找到 {outcome.total} 处{quoted}{more}"))
