"""`kaohe run`: check case folders against their form and write the results."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..cache import take_notices
from ..case import case_name
from ..compare import lines as change_lines
from ..errors import KaoheError
from ..names import terminal_safe
from ..rulebook.loader import FORM_IDS
from ..run import case_dirs, run_case, summary

INBOX = Path("inbox")
OUTBOX = Path("outbox")


@click.command(name="run")
@click.argument("case_dirs_", metavar="[CASE_DIR]...", nargs=-1,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--form", type=click.Choice(FORM_IDS), help="考核表；优先于 case.yaml。")
@click.option("--year", type=int, help="考核年度；优先于 case.yaml。")
@click.option("--out", "out_root", type=click.Path(file_okay=False, path_type=Path), default=OUTBOX,
              show_default=True, help="输出根目录，每个案例写入其下同名文件夹。")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="指标数据表；默认读取案例文件夹中的 指标数据.xlsx。")
@click.option("--no-cache", is_flag=True, help="不使用读取缓存，重新读取每个文件。")
@click.option("--pdf", is_flag=True, help="另外生成考核表、核查报告和补充材料清单的 PDF。")
@click.option("--compare", "compare_with", type=click.Path(path_type=Path),
              help="与另一个输出文件夹（含 results.json，例如同一单位上一年度的核查结果）逐项比较；"
                   "默认与本案例上次的结果比较。")
def command(case_dirs_: tuple[Path, ...], form: str | None, year: int | None, out_root: Path,
            data_file: Path | None, no_cache: bool, pdf: bool, compare_with: Path | None) -> None:
    """核查案例文件夹中的佐证材料，写出 results.json 与填好的考核表。

    不指定 CASE_DIR 时，inbox/ 下的每个文件夹都是一个案例。佐证材料文件夹只读不写。
    核查多个案例时，另在输出根目录写出 汇总表.xlsx 与 汇总表.html。
    """
    dirs = list(case_dirs_) or case_dirs(INBOX)
    if not dirs:
        raise KaoheError(f"没有要核查的案例：请指定案例文件夹，或把案例文件夹放入 {INBOX}/")
    for d in dirs:
        if not d.is_dir():
            raise KaoheError(f"找不到案例文件夹：{d}")
    console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 120)
    rows, failed, runs = [], [], []
    for d in dirs:
        try:
            run = run_case(d, out_root, form=form, year=year, data_file=data_file,
                           progress=sys.stderr.isatty(), cache=not no_cache, pdf=pdf,
                           compare_with=compare_with)
        except KaoheError as exc:
            failed.append(f"{case_name(d)}：{exc}")
            continue
        finally:
            for message in take_notices():
                click.echo(f"提示：{terminal_safe(message)}", err=True)
        runs.append(run)
        rows.append(summary(run))
    if rows:
        console.print(closing_table(rows))
        for r in rows:
            console.print(terminal_safe(f"{r['case']} 的结果已写入 {r['out']}/"))
    for run in runs:
        for n, line in enumerate(change_lines(run.results.get("changes") or {})):
            console.print(terminal_safe(f"{run.case.name}：{line}" if n == 0 and len(runs) > 1 else line))
    for run in runs:
        for warning in run.warnings:
            click.echo(f"提示：{terminal_safe(run.case.name)}：{terminal_safe(warning)}", err=True)
    if len(runs) > 1:
        from ..summary import report_link, write_summary
        commission = next((r.case.reviewer.get("commission", "") for r in runs
                           if r.case.reviewer.get("commission")), "")
        for path in write_summary(out_root, [(r.results, report_link(r.out_dir)) for r in runs], commission):
            console.print(terminal_safe(f"汇总表已写入 {path}"))
    for message in failed:
        click.echo(f"错误：{terminal_safe(message)}", err=True)
    if failed:
        sys.exit(2)


def closing_table(rows: list[dict]) -> Table:
    table = Table(title="核查结果", title_justify="left")
    for name, justify in (("案例", "left"), ("考核表", "left"), ("建议得分", "right"), ("终审得分", "right"),
                          ("符合", "right"),
                          ("部分符合", "right"), ("不符合", "right"), ("无佐证", "right"),
                          ("待补数据", "right"), ("无法读取的文件", "right")):
        if name == "案例":      # a long folder name wraps instead of squeezing the figures away
            table.add_column(name, justify=justify, overflow="fold", max_width=40)
        else:
            table.add_column(name, justify=justify, no_wrap=True)
    for r in rows:
        final = "—" if r.get("final") is None or not r.get("reviewed") else f"{r['final']:g}"
        table.add_row(Text(terminal_safe(r["case"])), r["form"], f"{r['score']:g}/{r['max']:g}", final, str(r["met"]), str(r["partial"]),
                      str(r["not_met"]), str(r["no_evidence"]), str(r["needs_data"]), str(r["unreadable"]))
    return table
