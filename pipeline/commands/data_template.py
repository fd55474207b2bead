"""`kaohe data-template`: write the 指标数据.xlsx a unit fills in."""
from __future__ import annotations

from pathlib import Path

import click

from ..data.model import DEFAULT_FILE
from ..data.template import write_template
from ..errors import KaoheError
from ..rulebook.loader import load_form
from .options import FORM


@click.command(name="data-template", epilog="""
\b
示例：
  kaohe data-template --form 医联体 --year 2017
  kaohe data-template --form 对口支援 -o inbox/梅林县/指标数据.xlsx
""")
@click.option("--form", "form_id", type=FORM, required=True,
              help="考核表：id、别名或表名（如 yilianti、医联体、duikou、对口支援）。")
@click.option("--year", type=int, help="考核年度；默认按官方表原文年份。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path(DEFAULT_FILE),
              show_default=True, help="输出文件。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def command(form_id: str, year: int | None, output: Path, force: bool) -> None:
    """生成指标数据填报表（指标数据.xlsx），供被考核单位填写定量指标数据。"""
    form = load_form(form_id, year)
    year = year or form.printed_year
    if year is None:
        raise KaoheError("请用 --year 指定考核年度")
    if output.exists() and not force:
        raise KaoheError(f"文件“{output}”已存在，未覆盖；如需覆盖请加 --force")
    if not output.parent.is_dir():
        raise KaoheError(f"输出目录“{output.parent}”不存在")
    write_template(form, output, year)
    rows = sum(len(f.choices) if f.type == "list" else 1 for f in form.figures)
    click.echo(f"已生成“{output}”：{form.attachment} {form.title}，{year}年，"
               f"{len(form.figures)} 个数据项（{rows} 行）")
