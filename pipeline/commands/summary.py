"""`kaohe summary [OUTBOX]`: 汇总表.xlsx and 汇总表.html over every case in an outbox."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import KaoheError
from ..summary import load_outbox, write_summary

OUTBOX = Path("outbox")


@click.command(name="summary", epilog="""
\b
示例：
  kaohe summary                          汇总 outbox/ 下的每个案例
  kaohe summary outbox --commission 北山市卫生健康委员会
""")
@click.argument("outbox", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--commission", default="", help="评审单位名称，写入汇总表的文档属性（作者）。")
def command(outbox: Path | None, commission: str) -> None:
    """汇总输出文件夹中每个案例的结果：一行一个案例（建议总分、终审总分、各部分得分、状态计数、名次），
    写出 汇总表.xlsx 与 汇总表.html，每行链接到该案例的核查报告。"""
    outbox = outbox or OUTBOX
    if not outbox.is_dir():
        raise KaoheError(f"找不到输出文件夹：{outbox}")
    found = load_outbox(outbox)
    if not found:
        raise KaoheError(f"“{outbox}”下没有含 results.json 的案例文件夹：请先运行 kaohe run")
    if not commission:
        commission = next((str((r.get("reviewer") or {}).get("commission") or "") for r, _ in found
                           if isinstance(r.get("reviewer"), dict) and r["reviewer"].get("commission")), "")
    for path in write_summary(outbox, found, commission):
        click.echo(f"已生成 {path}")
    click.echo(f"共汇总 {len(found)} 个案例")
