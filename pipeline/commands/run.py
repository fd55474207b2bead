"""`kaohe run`: check case folders against their form and write the results."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..batch import run_cases
from ..cluster import scheduler_address
from ..case import case_name
from ..compare import lines as change_lines
from ..errors import KaoheError
from ..names import terminal_safe
from ..run import case_dirs, summary
from ..problems import as_dict, problem_count
from ..progress import wanted
from .options import FORM, verbosity

INBOX = Path("inbox")
OUTBOX = Path("outbox")


EXAMPLES = """
\b
示例：
  kaohe run                              核查 inbox/ 下的每个案例
  kaohe run inbox/梅林县 --form 对口支援 --year 2015
  kaohe run inbox/北山市 --data 北山市指标数据.xlsx --pdf
  kaohe run --strict --json > 结果摘要.json   有任何问题时退出状态为 1
"""
SHOWN = 5                   # entries shown per group of problems (all with -v)
TERMINAL_WIDTH = 80         # the summary table fits this many columns when stdout is no terminal


@click.command(name="run", epilog=EXAMPLES)
@click.argument("case_dirs_", metavar="[CASE_DIR]...", nargs=-1,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--form", type=FORM, help="考核表（id、别名或表名，如 医联体、对口支援）；优先于 case.yaml。")
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
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="同时核查的案例数（默认：CPU 核数与案例数中较小者；1：逐个核查）。结果与逐个核查相同。")
@click.option("--scheduler", envvar="KAOHE_SCHEDULER", metavar="ADDRESS",
              help="在 Dask 分布式集群上读取佐证材料：调度器地址，如 tcp://192.168.1.10:8786"
                   "（也可用环境变量 KAOHE_SCHEDULER 指定）；默认在本机读取。")
@click.option("--strict", is_flag=True, help="发现任何问题（无法读取的文件、数据表或 case.yaml 的错误等）时退出状态为 1。")
@click.option("--json", "as_json", is_flag=True, help="在标准输出打印机器可读的 JSON 摘要（不打印表格）。")
@click.option("-q", "--quiet", is_flag=True, help="同 kaohe -q：不显示进度条和逐条提示。")
@click.option("-v", "--verbose", count=True, help="同 kaohe -v：列出每类问题的全部条目。")
def command(case_dirs_: tuple[Path, ...], form: str | None, year: int | None, out_root: Path,
            data_file: Path | None, no_cache: bool, pdf: bool, compare_with: Path | None, jobs: int | None,
            scheduler: str | None, strict: bool,
            as_json: bool, quiet: bool, verbose: int) -> None:
    """核查案例文件夹中的佐证材料，写出 results.json 与填好的考核表。

    不指定 CASE_DIR 时，inbox/ 下的每个文件夹都是一个案例。佐证材料文件夹只读不写。
    核查多个案例时，另在输出根目录写出 汇总表.xlsx 与 汇总表.html。
    运行中发现的问题分类计数，列在结果表之后和核查报告开头。
    """
    level = -1 if quiet else (verbose or verbosity())
    dirs = list(case_dirs_) or case_dirs(INBOX)
    if not dirs:
        raise KaoheError(f"没有要核查的案例：请指定案例文件夹，或把案例文件夹放入 {INBOX}/")
    for d in dirs:
        if not d.is_dir():
            raise KaoheError(f"找不到案例文件夹：{d}")
    console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else TERMINAL_WIDTH)
    show_bars = wanted(quiet=level < 0 or as_json)
    rows, failed, runs = [], [], []
    said: set[str] = set()

    def show(outcome) -> None:
        for message in outcome.notices:
            if level >= 0 and message not in said:
                said.add(message)
                click.echo(f"提示：{terminal_safe(message)}", err=True)

    outcomes = run_cases(dirs, out_root, jobs=jobs, progress=show_bars, on_outcome=show, form=form, year=year,
                         data_file=data_file, cache=not no_cache, pdf=pdf, compare_with=compare_with,
                         scheduler=scheduler_address(scheduler))
    for outcome in outcomes:
        if outcome.error is not None:
            failed.append(f"{case_name(outcome.folder)}：{outcome.error}")
            continue
        runs.append(outcome.run)
        rows.append(summary(outcome.run))
    summaries = []
    for run, row in zip(runs, rows):
        groups = run.problems
        row["problems"] = problem_count(groups)
        summaries.append({**row, "year": run.results.get("year"), "problem_groups": as_dict(groups),
                          "strict_problems": problem_count(groups, strict=True)})
    paths = []
    if len(runs) > 1:
        from ..summary import report_link, write_summary
        commission = next((r.case.reviewer.get("commission", "") for r in runs
                           if r.case.reviewer.get("commission")), "")
        paths = write_summary(out_root, [(r.results, report_link(r.out_dir)) for r in runs], commission)
    failing = sum(s["strict_problems"] for s in summaries)
    status = 2 if failed else (1 if strict and failing else 0)
    if as_json:
        click.echo(json.dumps({"schema": 1, "cases": summaries, "failed": failed, "summary_files": [str(p) for p in paths],
                               "strict": strict, "exit_status": status}, ensure_ascii=False, indent=2))
    else:
        if rows:
            console.print(closing_table(rows))
            for r in rows:
                console.print(terminal_safe(f"{r['case']} 的结果已写入 {r['out']}/"))
        for run in runs:
            for n, line in enumerate(change_lines(run.results.get("changes") or {})):
                console.print(terminal_safe(f"{run.case.name}：{line}" if n == 0 and len(runs) > 1 else line))
        for run, s in zip(runs, summaries):
            for line in problem_lines(run.case.name, run.problems, level):
                click.echo(terminal_safe(line), err=True)
        for path in paths:
            console.print(terminal_safe(f"汇总表已写入 {path}"))
    for message in failed:
        click.echo(f"错误：{terminal_safe(message)}", err=True)
    if status == 1:
        click.echo(f"错误：--strict：共发现 {failing} 个问题，退出状态为 1", err=True)
    if status:
        sys.exit(status)


def problem_lines(case: str, groups: list, level: int) -> list[str]:
    """The problems of one case for the terminal: a count per group and (unless -q) its first entries."""
    total = problem_count(groups)
    if not total:
        return [] if level < 0 else [f"{case}：未发现问题"]
    lines = [f"{case}：发现 {total} 个问题（" + "，".join(f"{g.title} {g.count}" for g in groups) + "），详见核查报告开头"]
    if level < 0:
        return lines
    for g in groups:
        lines.append(f"【{g.title}】{g.count} 个" + (f"：{g.advice}" if g.advice else ""))
        shown = g.entries if level > 0 else g.entries[:SHOWN]
        for e in shown:
            lines.append(f"提示：{case}：{e['text']}")
        if len(shown) < g.count:
            lines.append(f"  … 另有 {g.count - len(shown)} 个（加 kaohe -v 显示全部）")
    return lines


def closing_table(rows: list[dict]) -> Table:
    """One row per case; fits 80 columns (CJK characters are two columns wide)."""
    table = Table(title="核查结果", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1),
                  collapse_padding=True, pad_edge=False)
    for name, justify in (("案例", "left"), ("考核表", "left"), ("建议得分", "right"), ("终审", "right"),
                          ("符合", "right"), ("部分", "right"), ("不符合", "right"), ("无佐证", "right"),
                          ("待补", "right"), ("问题", "right")):
        if name == "案例":      # a long folder name wraps instead of squeezing the figures away
            table.add_column(name, justify=justify, overflow="fold", min_width=8)
        else:
            table.add_column(name, justify=justify, no_wrap=True)
    for r in rows:
        final = "—" if r.get("final") is None or not r.get("reviewed") else f"{r['final']:g}"
        table.add_row(Text(terminal_safe(r["case"])), r["form"], f"{r['score']:g}/{r['max']:g}", final,
                      str(r["met"]), str(r["partial"]), str(r["not_met"]), str(r["no_evidence"]),
                      str(r["needs_data"]), str(r.get("problems", r["unreadable"])))
    return table
