"""Benchmark the read stage on a generated case of ~200 files / ~2,000 pages.

    .venv/bin/python benchmarks/read.py [--small] [--no-scans] [--dir DIR] [--workers N]

The corpus (Chinese text PDFs made with reportlab's STSong-Light, .docx made
with python-docx, .doc converted from .docx by LibreOffice, and scanned pages
rendered with Noto CJK at 200 dpi inside PDFs) is built once into --dir (default
a folder under the system temp dir) and reused while its manifest matches.

Each measured pass runs in a fresh child process, so imports, worker start-up
and LibreOffice count, and its memory is not polluted by building the corpus.
Two figures of memory: the peak of the whole process tree (the resident sets
of the child, its reading workers and LibreOffice, summed, sampled every 0.1 s
from /proc: benchmarks/memory.py), and the older one, the child's own peak plus
the largest peak of any one process under it (RUSAGE_SELF + RUSAGE_CHILDREN
ru_maxrss), which misses workers that hold memory at the same time. Passes:

  cold        read_case over everything, empty cache
  warm        the same again, cache filled by the cold pass
  cold-text   the text PDFs and .docx only, no cache
  bare-text   the same files with bare pypdfium2 + lxml (same number of processes)
  ocr         the scanned PDFs alone, one process (seconds per A4 page)

Targets: text within 1.5x of the bare pass, warm < 5% of cold, peak memory of
the process tree < 1 GiB, OCR <= 1.5 s per A4 page (benchmarks/ocr.py measures OCR alone, with its
error rate).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import run_sampled  # noqa: E402 - benchmarks/ is on the path from here on

BUILD_VERSION = 1
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

# name: (count, pages per file) for each size
PLANS = {
    "full": {"pdf": (100, 12), "docx": (80, 8), "doc": (12, 8), "scans": (5, 4)},
    "small": {"pdf": (10, 5), "docx": (6, 4), "doc": (2, 4), "scans": (2, 1)},
}

_SUBJECTS = ["医联体", "对口支援", "县医院", "乡镇卫生院", "家庭医生签约服务", "双向转诊", "远程会诊",
             "分级诊疗", "卫生健康委员会", "牵头医院", "成员单位", "专家团队", "基层医疗机构"]
_VERBS = ["制定了", "组织开展", "落实", "建立健全", "完善", "推进", "督导检查", "召开会议研究",
          "印发", "统筹安排", "定期通报"]
_OBJECTS = ["工作方案", "管理制度", "考核办法", "实施细则", "培训计划", "技术帮扶", "人员进修",
            "学科建设", "绩效考核", "收益分配机制", "信息平台建设", "质量控制体系"]
_TAILS = ["，取得明显成效。", "，确保各项任务按期完成。", "，全年共计开展{n}次。",
          "，覆盖{n}个乡镇。", "，参与人员{n}人次。", "。", "，于2017年{m}月{d}日完成。"]


def sentence(rng: random.Random) -> str:
    tail = rng.choice(_TAILS).format(n=rng.randint(2, 300), m=rng.randint(1, 12), d=rng.randint(1, 28))
    return rng.choice(_SUBJECTS) + rng.choice(_VERBS) + rng.choice(_OBJECTS) + tail


def paragraph(rng: random.Random, sentences: int) -> str:
    return "".join(sentence(rng) for _ in range(sentences))


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


# ---------------------------------------------------------------- building

def make_pdf(path: Path, pages: int, rng: random.Random) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        y = 800
        c.setFont("STSong-Light", 16)
        c.drawString(72, y, f"关于{rng.choice(_SUBJECTS)}{rng.choice(_OBJECTS)}的报告（第{page + 1}页）")
        y -= 30
        c.setFont("STSong-Light", 11)
        while y > 80:
            for line in wrap(paragraph(rng, 3), 38):
                if y <= 80:
                    break
                c.drawString(72, y, line)
                y -= 19
            y -= 8
        c.showPage()
    c.save()


def make_docx(path: Path, pages: int, rng: random.Random) -> None:
    import docx
    d = docx.Document()
    for page in range(pages):
        d.add_heading(f"{rng.choice(_SUBJECTS)}{rng.choice(_OBJECTS)}（第{page + 1}部分）", level=2)
        for _ in range(9):
            d.add_paragraph(paragraph(rng, 3))
        if page % 3 == 1:
            table = d.add_table(rows=4, cols=3)
            for r, row in enumerate(table.rows):
                for col, cell in enumerate(row.cells):
                    cell.text = f"{rng.choice(_SUBJECTS)}{r + 1}-{col + 1}"
        if page < pages - 1:
            d.add_page_break()
    d.save(str(path))


def make_scan_pdf(path: Path, pages: int, rng: random.Random) -> None:
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(FONT, 36)
    title = ImageFont.truetype(FONT, 52)
    images = []
    for page in range(pages):
        img = Image.new("L", (1654, 2339), 255)        # A4 at 200 dpi
        draw = ImageDraw.Draw(img)
        draw.text((200, 180), f"{rng.choice(_SUBJECTS)}{rng.choice(_OBJECTS)}", font=title, fill=0)
        y = 320
        while y < 2150:
            for line in wrap(paragraph(rng, 2), 34):
                if y >= 2150:
                    break
                draw.text((160, y), line, font=font, fill=0)
                y += 58
            y += 20
        images.append(img.convert("RGB"))
    images[0].save(str(path), save_all=True, append_images=images[1:], resolution=200)


def convert_to_doc(sources: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    profile = Path(tempfile.mkdtemp(prefix="kaohe-bench-lo-"))
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "doc", "--outdir", str(outdir), *map(str, sources)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def build(root: Path, size: str) -> dict:
    manifest_path = root / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("version") == BUILD_VERSION and manifest.get("size") == size:
            return manifest
    shutil.rmtree(root, ignore_errors=True)
    case = root / "case"
    for sub in ("pdf", "docx", "doc", "scans"):
        (case / sub).mkdir(parents=True)
    rng = random.Random(20170612)
    plan = PLANS[size]
    files = []
    t = time.perf_counter()
    n, pages = plan["pdf"]
    for i in range(n):
        make_pdf(case / "pdf" / f"报告{i + 1}.pdf", pages, rng)
        files.append({"name": f"pdf/报告{i + 1}.pdf", "kind": "pdf", "pages": pages})
    n, pages = plan["docx"]
    for i in range(n):
        make_docx(case / "docx" / f"材料{i + 1}.docx", pages, rng)
        files.append({"name": f"docx/材料{i + 1}.docx", "kind": "docx", "pages": pages})
    n, pages = plan["doc"]
    staging = Path(tempfile.mkdtemp(prefix="kaohe-bench-docx-"))
    try:
        sources = []
        for i in range(n):
            sources.append(staging / f"制度{i + 1}.docx")
            make_docx(sources[-1], pages, rng)
            files.append({"name": f"doc/制度{i + 1}.doc", "kind": "doc", "pages": pages})
        convert_to_doc(sources, case / "doc")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    n, pages = plan["scans"]
    for i in range(n):
        make_scan_pdf(case / "scans" / f"扫描件{i + 1}.pdf", pages, rng)
        files.append({"name": f"scans/扫描件{i + 1}.pdf", "kind": "scan", "pages": pages})
    missing = [f["name"] for f in files if not (case / f["name"]).is_file()]
    if missing:
        raise SystemExit(f"corpus build failed, missing: {missing[:5]}")
    manifest = {"version": BUILD_VERSION, "size": size, "files": files,
                "build_seconds": round(time.perf_counter() - t, 1)}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


# ---------------------------------------------------------------- passes (child side)

def _bare_one(path: str) -> int:
    """Text of one file with bare pypdfium2 / lxml; returns the character count."""
    if path.endswith(".pdf"):
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(path)
        chars = 0
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
        return chars
    import zipfile
    from lxml import etree
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return sum(len(t.text or "") for t in root.iter(f"{ns}t"))


def run_pass(args: argparse.Namespace) -> None:
    case = Path(args.dir) / "case"
    manifest = json.loads((Path(args.dir) / "manifest.json").read_text())
    kinds = set(args.kinds.split(","))
    names = [f["name"] for f in manifest["files"] if f["kind"] in kinds]
    t = time.perf_counter()
    if args.run == "bare":
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            chars = sum(pool.map(_bare_one, [str(case / n) for n in names], chunksize=4))
        docs_info = {"files": len(names), "chars": chars, "problems": 0}
    else:
        from pipeline.cache import ReadCache
        from pipeline.readcase import read_files
        cache = ReadCache(args.cache, version=args.cache_version) if args.cache else False
        docs = read_files(case, [(case / n, n) for n in names], workers=args.workers,
                          cache=cache, progress=False)
        docs_info = {"files": len(docs), "chars": sum(len(d.text) for d in docs),
                     "problems": sum(1 for d in docs if any(p.stage in ("read", "convert")
                                                            for p in d.problems)),
                     "pages": sum(d.pages or 0 for d in docs)}
        if cache:
            docs_info["hits"] = cache.hits
    wall = time.perf_counter() - t
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "peak_kib": own + children, "self_kib": own,
                      "child_kib": children, **docs_info}))


# ---------------------------------------------------------------- driver

def measure(root: Path, run: str, kinds: str, workers: int, cache: str | None = None,
            version: str | None = None) -> dict:
    cmd = [sys.executable, __file__, "--dir", str(root), "--run", run, "--kinds", kinds,
           "--workers", str(workers)]
    if cache:
        cmd += ["--cache", cache, "--cache-version", version or ""]
    out, tree = run_sampled(cmd, cwd=str(ROOT))
    if out.returncode != 0:
        raise SystemExit(f"pass {run} {kinds} exited {out.returncode}: {out.stderr[-2000:]}")
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "tree_kib": tree // 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", help="corpus folder (built once, reused)")
    ap.add_argument("--small", action="store_true", help="20 files for a quick run")
    ap.add_argument("--no-scans", action="store_true", help="leave the scanned PDFs out")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--kinds", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    ap.add_argument("--cache-version", help=argparse.SUPPRESS)
    args = ap.parse_args()
    size = "small" if args.small else "full"
    if args.run:
        run_pass(args)
        return
    root = Path(args.dir or Path(tempfile.gettempdir()) / f"kaohe-bench-read-{size}")
    t = time.perf_counter()
    manifest = build(root, size)
    print(f"语料：{root}（{len(manifest['files'])} 个文件，准备用时 {time.perf_counter() - t:.1f} s）")
    files = manifest["files"]
    pages = {k: sum(f["pages"] for f in files if f["kind"] == k) for k in ("pdf", "docx", "doc", "scan")}
    all_kinds = "pdf,docx,doc" + ("" if args.no_scans else ",scan")
    all_pages = sum(v for k, v in pages.items() if k != "scan" or not args.no_scans)
    all_files = sum(1 for f in files if f["kind"] != "scan" or not args.no_scans)

    cache_dir = tempfile.mkdtemp(prefix="kaohe-bench-cache-")
    # One reader version for both passes, so that an edit to a reader during the run
    # (other work in the same tree) cannot turn the warm pass cold.
    from pipeline.cache import READER_VERSION
    results: dict[str, dict] = {}
    try:
        steps = [("cold", "case", all_kinds, args.workers, cache_dir),
                 ("warm", "case", all_kinds, args.workers, cache_dir),
                 ("cold-text", "case", "pdf,docx", args.workers, None),
                 ("bare-text", "bare", "pdf,docx", args.workers, None)]
        if not args.no_scans:
            steps.append(("ocr", "case", "scan", 1, None))
        for label, run, kinds, workers, cache in steps:
            results[label] = r = measure(root, run, kinds, workers, cache, READER_VERSION)
            hits = f"  缓存命中 {r['hits']}" if "hits" in r else ""
            print(f"  {label:<10} {r['wall']:8.2f} s  {r['files']:4d} 个文件  "
                  f"进程树内存峰值 {r['tree_kib'] / 1024:6.0f} MiB  "
                  f"（旧口径 {r['peak_kib'] / 1024:.0f} MiB = 本进程 {r['self_kib'] / 1024:.0f}"
                  f" + 最大子进程 {r['child_kib'] / 1024:.0f}）{hits}", flush=True)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    cold, warm = results["cold"], results["warm"]
    text_ratio = results["cold-text"]["wall"] / results["bare-text"]["wall"]
    warm_share = warm["wall"] / cold["wall"]
    peak = max(r["peak_kib"] for r in results.values()) / 1024
    tree = max(r["tree_kib"] for label, r in results.items() if label != "bare-text") / 1024
    rows = [
        ("文件数 / 页数（名义）", f"{all_files} / {all_pages}", ""),
        ("冷读（无缓存）", f"{cold['wall']:.2f} s，{all_pages / cold['wall']:.1f} 页/s", ""),
        ("热读（命中缓存）", f"{warm['wall']:.2f} s（冷读的 {warm_share:.1%}）",
         "达标" if warm_share < 0.05 else "未达标（目标 < 5%）"),
        ("文本文件 kaohe / 裸读", f"{results['cold-text']['wall']:.2f} s / "
         f"{results['bare-text']['wall']:.2f} s = {text_ratio:.2f}×",
         "达标" if text_ratio <= 1.5 else "未达标（目标 ≤ 1.5×）"),
        ("进程树内存峰值", f"{tree:.0f} MiB（旧口径：本进程 + 最大子进程 {peak:.0f} MiB）",
         "达标" if tree < 1024 else "未达标（目标 < 1 GiB）"),
        ("读取失败的文件", f"{cold['problems']}", "" if cold["problems"] == 0 else "请检查"),
    ]
    if "ocr" in results:
        per_page = results["ocr"]["wall"] / pages["scan"]
        rows.append(("OCR（单进程）", f"{per_page:.2f} s/页（{pages['scan']} 页）",
                     "达标" if per_page <= 1.5 else "未达标（目标 ≤ 1.5 s/页）"))
    print()
    print(f"{'指标':<22}{'结果':<40}判断")
    for name, value, verdict in rows:
        print(f"{name:<22}{value:<40}{verdict}")


if __name__ == "__main__":
    main()
