"""Benchmark the per-file budgets on the hostile set: wall time and peak memory of each input.

    .venv/bin/python benchmarks/hostile.py [--dir DIR] [--only NAME,...]

Builds, once, the inputs issue 13 names at their full size — a zip of
5 × 250 MiB members, a .docx whose document.xml is 200 MB, a 30 MB .txt, a
million-row .xlsx, a 12000×12000 PNG and JPEG, a 600-frame TIFF, a zip bomb
(1 GiB of zeros in 1 MB) and a 6,000-member zip — then reads each alone in a
fresh child process (``read_files``, no cache, worker processes as in a run)
and prints its wall time, its peak memory (the reading process plus its
largest worker, ru_maxrss) and what kaohe said about it. Target: every input
under 1 GiB and within its wall-clock budget.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
BUILD_VERSION = 1
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def text_block(rng: random.Random, size: int) -> bytes:
    from benchmarks.read import sentence
    out, got = [], 0
    while got < size:
        line = sentence(rng) + "\n"
        out.append(line)
        got += len(line.encode("utf-8"))
    return "".join(out).encode("utf-8")


def big_zip(path: Path) -> None:
    rng = random.Random(5)
    block = text_block(rng, MIB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for m in range(5):
            with zf.open(f"汇编/第{m + 1}册.txt", "w", force_zip64=True) as fh:
                for i in range(250):
                    fh.write(f"第{m + 1}册第{i + 1}段\n".encode() + block)


def big_body(path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'.encode())
            para = "<w:p><w:r><w:t>第{}段：医联体牵头医院与成员单位签订协议，明确双方责任。</w:t></w:r></w:p>"
            written, i = 0, 0
            while written < 200 * 1000 * 1000:
                chunk = "".join(para.format(i + k) for k in range(1000)).encode()
                fh.write(chunk)
                written += len(chunk)
                i += 1000
            fh.write(b"</w:body></w:document>")


def big_text(path: Path) -> None:
    rng = random.Random(30)
    block = text_block(rng, MIB)
    with open(path, "wb") as fh:
        for i in range(30):
            fh.write(f"第{i + 1}部分\n".encode() + block)


def million_rows(path: Path) -> None:
    from tests.hostile.test_budgets import million_row_xlsx
    million_row_xlsx(path)


def pixel_png(path: Path) -> None:
    from PIL import Image
    Image.new("1", (12000, 12000), 1).save(path)


def pixel_jpeg(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont
    img = Image.new("L", (12000, 12000), 255)
    ImageDraw.Draw(img).text((600, 600), "对口支援工作会议纪要", font=ImageFont.truetype(FONT, 600), fill=0)
    img.save(path, quality=60)


def many_frames(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(FONT, 28)
    frames = []
    for i in range(600):
        img = Image.new("L", (800, 120), 255)
        ImageDraw.Draw(img).text((30, 40), f"第{i + 1}页 派驻医师坐诊登记", font=font, fill=0)
        frames.append(img)
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate")


def bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("炸弹.txt", "w", force_zip64=True) as fh:
            zero = bytes(MIB)
            for _ in range(1024):
                fh.write(zero)
        zf.writestr("正常.txt", "正常文件\n".encode())


def many_members(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(6000):
            zf.writestr(f"登记/第{i + 1}号.txt", f"第{i + 1}号登记：派驻医师坐诊。\n".encode())


INPUTS = {
    "5×250MiB.zip": big_zip, "200MB正文.docx": big_body, "30MB.txt": big_text, "百万行.xlsx": million_rows,
    "12000x12000.png": pixel_png, "12000x12000.jpg": pixel_jpeg, "600帧.tif": many_frames,
    "压缩炸弹.zip": bomb, "6000成员.zip": many_members,
}


def build(root: Path, names: list[str]) -> None:
    stamp = root / "built.json"
    done = json.loads(stamp.read_text()) if stamp.is_file() else {}
    if done.get("version") != BUILD_VERSION:
        done = {"version": BUILD_VERSION}
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        if done.get(name) and (root / name).is_file():
            continue
        t = time.perf_counter()
        INPUTS[name](root / name)
        done[name] = True
        stamp.write_text(json.dumps(done, ensure_ascii=False))
        print(f"  已生成 {name}（{(root / name).stat().st_size / MIB:.0f} MiB，{time.perf_counter() - t:.0f} s）", flush=True)


def child(path: Path) -> None:
    from pipeline.readcase import read_files
    t = time.perf_counter()
    docs = read_files(path.parent, [(path, path.name)], cache=False, progress=False)
    wall = time.perf_counter() - t
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    said = [p.message for d in docs for p in d.problems]
    print(json.dumps({"wall": wall, "self_kib": own, "child_kib": kids, "documents": len(docs),
                      "blocks": sum(len(d.blocks) for d in docs), "said": said[:3], "said_count": len(said)},
                     ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "kaohe-bench-hostile"))
    ap.add_argument("--only", help="comma-separated names of inputs")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child))
        return
    names = args.only.split(",") if args.only else list(INPUTS)
    root = Path(args.dir)
    print(f"敌意输入：{root}")
    build(root, names)
    print(f"{'输入':<18}{'用时':>9}{'峰值内存':>12}（读取进程 + 最大工作进程）  文档/文字块  kaohe 的说明（前 1 条）")
    worst = 0.0
    for name in names:
        out = subprocess.run([sys.executable, __file__, "--child", str(root / name)], capture_output=True,
                             text=True, cwd=str(ROOT), timeout=3600)
        if out.returncode != 0:
            print(f"{name:<18} 失败：{out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        peak = (r["self_kib"] + r["child_kib"]) / 1024
        worst = max(worst, peak)
        said = r["said"][0] if r["said"] else "（无）"
        split = f"（{r['self_kib'] / 1024:.0f} + {r['child_kib'] / 1024:.0f}）"
        print(f"{name:<18}{r['wall']:>8.1f}s{peak:>9.0f} MiB{split:<14}{r['documents']:>5}/{r['blocks']:<7} "
              f"{said[:90]}", flush=True)
    print(f"\n最大峰值内存 {worst:.0f} MiB（读取进程 + 最大的工作进程）："
          + ("达标（< 1 GiB）" if worst < 1024 else "未达标（目标 < 1 GiB）"))


if __name__ == "__main__":
    main()
