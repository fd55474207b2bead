"""Make the README's pictures of each output from the sample cases in inbox/.

    .venv/bin/python scripts/readme_pictures.py [--out docs/img]

Runs `kaohe run --pdf` on inbox/ into a temporary outbox, answers one on-site
question and one 终审得分 in review.xlsx as a reviewer would, re-renders, makes
PDFs of review.xlsx and 汇总表.xlsx with LibreOffice (same font map), and writes
PNG pictures of the first page(s) with pdftoppm. Needs LibreOffice and
poppler-utils (scripts/bootstrap.sh installs both).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook                  # noqa: E402
from PIL import Image, ImageOps                     # noqa: E402

from pipeline.render.pdf import to_pdf              # noqa: E402

KAOHE = Path(sys.executable).parent / "kaohe"


def _crop(im: Image.Image, margin: int = 12) -> Image.Image:
    """The page cut to what is printed on it (a spreadsheet's page is mostly empty)."""
    box = ImageOps.invert(im.convert("L")).getbbox()
    if not box:
        return im
    l, t, r, b = box
    return im.crop((max(0, l - margin), max(0, t - margin), min(im.width, r + margin), min(im.height, b + margin)))


def png(pdf: Path, target: Path, pages: int = 1, dpi: int = 60, crop: bool = False,
        vertical: bool = False) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", str(pages), str(pdf),
                        f"{tmp}/p"], check=True)
        images = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p*.png"))]
        if crop:
            images = [_crop(i) for i in images]
        if vertical:
            size = (max(i.width for i in images), sum(i.height for i in images) + 8 * (len(images) - 1))
        else:
            size = (sum(i.width for i in images) + 8 * (len(images) - 1), max(i.height for i in images))
        sheet = Image.new("RGB", size, "white")
        x = y = 0
        for im in images:
            sheet.paste(im, (x, y))
            if vertical:
                y += im.height + 8
            else:
                x += im.width + 8
        sheet.save(target, optimize=True)
    print(f"已生成 {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return target


def edit(path: Path, sheet: str, key_col: str, key: str, values: dict) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    cols = {c.value: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, cols[key_col]).value) == key)
    for name, value in values.items():
        ws.cell(row, cols[name]).value = value
    wb.save(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KAOHE_CACHE_DIR": os.environ.get("KAOHE_CACHE_DIR", tempfile.mkdtemp())}
    with tempfile.TemporaryDirectory(prefix="kaohe-pictures-") as tmp:
        outbox = Path(tmp) / "outbox"
        subprocess.run([str(KAOHE), "run", "--out", str(outbox)], cwd=ROOT, check=True, env=env,
                       stdout=subprocess.DEVNULL)
        d, y = outbox / "示例-对口支援", outbox / "示例-医联体"
        edit(d / "review.xlsx", "现场核查", "数据项", "派驻人员资质、派驻时间符合规定", {"核查结果": "是"})
        edit(y / "review.xlsx", "评审", "编号", "1.3.3", {"终审得分": 1, "评审意见": "利益共享机制已在章程中原则规定，酌情给1分"})
        for case in (d, y):
            subprocess.run([str(KAOHE), "render", str(case), "--pdf"], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(KAOHE), "summary", str(outbox)], check=True, env=env, stdout=subprocess.DEVNULL)
        sheets, problems = to_pdf([d / "review.xlsx", outbox / "汇总表.xlsx"], Path(tmp))
        if problems:
            print("；".join(problems), file=sys.stderr)
        png(next(y.glob("附件1_*.pdf")), args.out / "form-yilianti.png")
        png(next(d.glob("附件2_*.pdf")), args.out / "form-duikou.png")
        png(next(d.glob("佐证核查报告_*.pdf")), args.out / "report.png", pages=2)
        png(next(d.glob("补充材料清单_*.pdf")), args.out / "letter.png", pages=2)
        for pdf in sheets:
            if pdf.stem == "review":
                png(pdf, args.out / "review-xlsx.png", dpi=70)
            else:
                png(pdf, args.out / "summary.png", pages=2, dpi=110, crop=True, vertical=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
