"""`kaohe render CASE`: re-render the outputs from results.json and review.xlsx.

The evidence is not read again: the filled form, the reports and the
补充材料清单 are rebuilt from the last results and the reviewer's decisions.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import KaoheError
from ..names import terminal_safe
from ..render.files import atomic_write
from ..rulebook.loader import load_form

OUTBOX = Path("outbox")


def find_results(case: str) -> Path:
    """CASE is an output folder holding results.json, or a case name under outbox/."""
    given = Path(case)
    for folder in (given, OUTBOX / case):
        if (folder / "results.json").is_file():
            return folder / "results.json"
    where = given if given.is_dir() else OUTBOX / case
    raise KaoheError(f"找不到“{where / 'results.json'}”：请先运行 kaohe run 生成核查结果，"
                     f"或给出含 results.json 的输出文件夹")


def load_results(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KaoheError(f"无法读取“{path}”：{exc}") from None
    if not isinstance(data, dict) or not data.get("form"):
        raise KaoheError(f"“{path}”不是有效的核查结果（缺少 form 字段）")
    return data


@click.command(name="render", epilog="""
\b
示例：
  kaohe render 梅林县              按 outbox/梅林县/ 中的结果和评审表重新出表
  kaohe render outbox/梅林县 --pdf       另外生成 PDF
""")
@click.argument("case")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="输出文件夹；默认与 results.json 同一文件夹。")
@click.option("--pdf", is_flag=True, help="另外生成考核表、核查报告和补充材料清单的 PDF。")
def command(case: str, out_dir: Path | None, pdf: bool) -> None:
    """按上次核查结果和评审表（review.xlsx）重新生成考核表、核查报告和补充材料清单，不重新读取佐证材料。"""
    from ..render.case import render_outputs

    path = find_results(case)
    results = load_results(path)
    year = results.get("year") if isinstance(results.get("year"), int) else None
    form = load_form(str(results["form"]), year)
    target = out_dir or path.parent
    if out_dir is not None and (path.parent / "review.xlsx").is_file() \
            and not (out_dir / "review.xlsx").exists():
        atomic_write(out_dir / "review.xlsx", (path.parent / "review.xlsx").read_bytes())
    written, view = render_outputs(target, form, results, pdf=pdf)
    for p in written:
        click.echo(terminal_safe(f"已生成 {p}"))
    # every problem of the case (the run's and the review sheet's), grouped as kaohe run shows them
    from ..problems import problem_groups
    from .options import verbosity
    from .run import problem_lines
    groups = problem_groups(results, [("review", w) for w in view.review_warnings] + [("render", w) for w in view.notes])
    for line in problem_lines(str(results.get("case") or case), groups, verbosity()):
        click.echo(terminal_safe(line), err=True)
