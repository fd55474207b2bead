"""``kaohe read FILE``: show what the tool saw in a file (or every file of a folder)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..cache import take_notices
from ..model import Document
from ..names import terminal_safe
from ..progress import wanted
from ..serialize import document_to_dict
from .options import verbosity

STAGE_NAMES = {"read": "读取", "read-note": "提示", "convert": "转换", "ocr": "识别",
               "extract": "提取", "evaluate": "评估", "render": "生成"}


PROVIDER_NAMES = {"CPUExecutionProvider": "CPU", "CUDAExecutionProvider": "GPU（CUDA）"}


def format_document(doc: Document) -> list[str]:
    """The lines shown for one Document."""
    lines = [f"== {doc.file} ==", f"来源：{doc.source}",
             f"页数：{doc.pages if doc.pages is not None else '—'}"]
    if doc.ocr_provider:
        lines.append(f"文字识别（OCR）运行于：{PROVIDER_NAMES.get(doc.ocr_provider, doc.ocr_provider)}"
                     f"（onnxruntime {doc.ocr_provider}）")
    if doc.aliases:
        lines.append("相同内容的其他文件：" + "、".join(doc.aliases))
    lines.append(f"文字块：{len(doc.blocks)}")
    for block in doc.blocks:
        line = f"[{block.loc.label()}] {block.text}"
        if block.confidence is not None:
            line += f"（识别置信度 {block.confidence:.0%}）"
        lines.append(line)
    if doc.problems:
        lines.append(f"问题：{len(doc.problems)}")
        for p in doc.problems:
            lines.append(f"- {STAGE_NAMES.get(p.stage, p.stage)}：{p.message}")
    else:
        lines.append("问题：无")
    return lines


@click.command("read", epilog="""
\b
示例：
  kaohe read inbox/梅林县/01-方案.pdf      显示一个文件读到的文字、页码和问题
  kaohe read inbox/梅林县                 逐个显示文件夹中的每个文件
  kaohe read 扫描件.jpg --json > 读取结果.json
""")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以JSON输出读取结果。")
@click.option("--no-cache", is_flag=True, help="不使用读取缓存。")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="并行进程数（0：在本进程中读取，不设单个文件的强制时限）。")
def command(file: Path, as_json: bool, no_cache: bool, workers: int | None) -> None:
    """显示工具从文件（或文件夹中每个文件）读到的内容、位置和问题。"""
    from ..readcase import read_path

    try:
        docs = read_path(file, workers=workers, cache=not no_cache, progress=wanted(quiet=verbosity() < 0))
    finally:
        for message in take_notices():
            click.echo(f"提示：{terminal_safe(message)}", err=True)
    if as_json:
        click.echo(json.dumps([document_to_dict(d) for d in docs], ensure_ascii=False, indent=2))
        return
    sections = ["\n".join(format_document(d)) for d in docs]
    click.echo(terminal_safe("\n\n".join(sections)))
    if file.is_dir():
        troubled = sum(1 for d in docs if d.problems)
        click.echo(f"\n共 {len(docs)} 个文件，其中 {troubled} 个有问题或提示")
