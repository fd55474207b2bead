"""`kaohe rules check|show`: validate the forms and print them readably."""
from __future__ import annotations

import shutil

import click
from rich import box
from rich.console import Console
from rich.table import Table

from ..rulebook.audit import Audit, _n, audit, one_line
from ..rulebook.loader import form_ids, form_path, iter_items, load_form
from ..rulebook.schema import Form, Section

from .options import FORM as FORM_CHOICE
TYPE_NAMES = {"qualitative": "定性", "quantitative": "定量"}


@click.group(name="rules", epilog="""
\b
示例：
  kaohe rules check                      校验规则文件夹中的每一张考核表
  kaohe rules show --form 对口支援
""")
def command() -> None:
    """考核表规则：校验与查看（rules/*.yaml）。"""


@command.command(name="check", epilog="""
\b
示例：
  kaohe rules check
  kaohe rules check --form 医联体 --year 2018
""")
@click.option("--form", "form_id", type=FORM_CHOICE, help="只校验这一张表；默认校验规则文件夹中的每一张表。")
@click.option("--year", type=int, help="考核年度（表中年份随之变化）；默认按官方表原文年份。")
def check(form_id: str | None, year: int | None) -> None:
    """校验规则文件，逐章节列出声明分值与各项合计，并报告官方表格自身的不一致。"""
    for i, fid in enumerate([form_id] if form_id else form_ids()):
        if i:
            click.echo()
        form = load_form(fid, year)
        click.echo(render_check(audit(form), str(form_path(fid).relative_to(form_path(fid).parents[1]))))


def render_check(result: Audit, path: str) -> str:
    form = result.form
    c = result.counts
    lines = [f"{form.attachment} {form.title}（{path}）",
             f"校验通过：{c['items']} 项指标（定性 {c['qualitative']}，定量 {c['quantitative']}），"
             f"数据项 {c['figures']} 个",
             "",
             ]
    width = max(_cols("  " * t.depth + t.title) for t in result.totals) + 2
    lines.append(_row("章节", "声明分值", "各项合计", "", width))
    for t in result.totals:
        mark = "" if t.declared is None else ("一致" if t.agrees else "不一致")
        lines.append(_row("  " * t.depth + t.title, _n(t.declared), _n(t.actual), mark, width))
    agrees = abs(result.grand_total - form.full_marks) < 1e-9
    lines.append(_row("全表", _n(form.full_marks), _n(result.grand_total), "一致" if agrees else "不一致", width))
    extras = []
    if result.bonus_total:
        extras.append(f"加分项 {_n(result.bonus_total)} 分")
    if result.deduction_total:
        extras.append(f"扣分项 {_n(result.deduction_total)} 分")
    if extras:
        lines.append("另有" + "，".join(extras) + "（不计入满分）")
    lines.append("")
    if result.issues:
        lines.append(f"官方表格自身的不一致（{len(result.issues)} 处，规则文件保留原文，未作改动）：")
        lines += [f"  - {issue}" for issue in result.issues]
    else:
        lines.append("官方表格自身未发现不一致。")
    return "\n".join(lines)


def _row(title: str, declared: str, actual: str, mark: str, width: int) -> str:
    pad = " " * max(1, width - _cols(title))
    return f"{title}{pad}{_pad_left(declared, 8)}{_pad_left(actual, 10)}  {mark}".rstrip()


def _cols(text: str) -> int:
    """Terminal columns, counting a CJK character as two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad_left(text: str, width: int) -> str:
    return " " * max(0, width - _cols(text)) + text


@command.command(name="show", epilog="""
\b
示例：
  kaohe rules show --form 医联体
  kaohe rules show --form duikou --year 2016
""")
@click.option("--form", "form_id", type=FORM_CHOICE, required=True, help="要查看的考核表。")
@click.option("--year", type=int, help="考核年度；默认按官方表原文年份。")
def show(form_id: str, year: int | None) -> None:
    """以表格形式显示一张考核表：章节、指标、评分方法、分值、类型。"""
    form = load_form(form_id, year)
    width = max(120, shutil.get_terminal_size((160, 40)).columns)
    console = Console(width=width, soft_wrap=False, highlight=False)
    console.print(render_show(form))


def render_show(form: Form) -> Table:
    table = Table(title=f"{form.attachment} {form.title}{form.subtitle}", box=box.SIMPLE_HEAVY,
                  show_lines=False, title_justify="left")
    table.add_column("编号", no_wrap=True)
    table.add_column("指标", ratio=3, overflow="fold")
    table.add_column("评分方法", ratio=3, overflow="fold")
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("类型", no_wrap=True)

    def walk(sections: list[Section], depth: int) -> None:
        for s in sections:
            total = f"（{_n(s.declared_total)}分）" if s.declared_total and "分" not in s.title else ""
            table.add_row("", f"[bold]{'  ' * depth}{one_line(s.title)}{total}[/bold]", "", "", "")
            for item in s.items:
                method = item.method or ("（同上）" if item.method_merged else "")
                table.add_row(item.id, item.indicator, method, item.max_text or _n(item.max),
                              TYPE_NAMES[item.type])
                for band in item.bands:
                    table.add_row("", f"  · {band.label}", "", _n(band.points), "")
            if s.cost_table is not None:
                ct = s.cost_table
                table.add_row(ct.id, f"{ct.indicator}：{'、'.join(ct.dialysis_rows)}", ct.method,
                              f"-{_n(ct.incomplete_deduction)}", "定量")
                table.add_row("", f"{one_line(ct.disease_group)}：{'、'.join(ct.diseases)}"
                                  f"（{'、'.join(ct.measures)}）", "", "", "")
            walk(s.sections, depth + 1)

    walk(form.sections, 0)
    table.add_row("", f"[bold]{form.total_label or '合计'}[/bold]", "",
                  _n(sum(i.max for _, i in iter_items(form))), "")
    return table
