"""Benchmark a whole `kaohe run` on the read benchmark's case, cold and warm: seconds per stage.

    .venv/bin/python benchmarks/stages.py [--small] [--no-scans] [--dir DIR] [--form yilianti]

The case is the one benchmarks/read.py builds (~200 files, ~2,000 pages; built
once and reused). Each pass is ``pipeline.run.run_case`` in a fresh child
process with one cache folder made for this benchmark:

  cold       empty cache: read, extract, evaluate, render
  warm-old   documents from the cache, extraction and evaluation run (as before either was cached)
  warm-eval  documents and extraction from the cache, every item evaluated (as when a file changed)
  warm       nothing changed: documents, extraction and the findings come from the cache
             (pipeline.evalcache; the reviewer's review.xlsx is still read and applied)

The stages are the ones run_case times (CaseRun.timings): read (walk, hash, the
cache or the readers), extract (Evidence of every document, cached with the
read cache), evaluate (every item, the figures, results.json) and render (the
forms, the report .html/.docx, the letter, review.xlsx).
"""
from __future__ import annotations

import argparse
import json
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

STAGES = (("read", "读取"), ("extract", "提取"), ("evaluate", "核查"), ("render", "生成输出"))


def child(case: Path, out: Path, cache_dir: Path, form: str, year: int, extract_cache: bool,
          findings_cache: bool = True) -> None:
    from pipeline import run as run_module
    from pipeline.cache import ReadCache
    from pipeline.evalcache import evaluate_cached
    from pipeline.extractcache import CachedExtract
    from pipeline.run import run_case
    if not extract_cache:      # as before the extraction was cached: every document extracted
        run_module.CachedExtract = lambda cache: CachedExtract(None)
    if not findings_cache:     # as when a document changed: every item evaluated again
        run_module.evaluate_cached = lambda cache, *a, **k: evaluate_cached(None, *a, **k)
    t = time.perf_counter()
    with ReadCache(cache_dir) as cache:
        run = run_case(case, out, form=form, year=year, progress=False, cache=cache)
        hits, misses = cache.hits, cache.misses
    wall = time.perf_counter() - t
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"wall": wall, "timings": run.timings, "hits": hits, "misses": misses,
                      "documents": len(run.results["documents"]), "peak_kib": peak,
                      "items": [(i["id"], i["status"], i.get("score")) for i in run.results["items"]]}))


def measure(case: Path, out: Path, cache_dir: Path, form: str, year: int, extract_cache: bool = True,
            findings_cache: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--child", str(case), "--out", str(out), "--cache-dir", str(cache_dir),
           "--form", form, "--year", str(year)] + ([] if extract_cache else ["--no-extract-cache"]) \
        + ([] if findings_cache else ["--no-findings-cache"])
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=str(ROOT))
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", help="corpus folder of benchmarks/read.py (built once, reused)")
    ap.add_argument("--small", action="store_true", help="the 20-file case")
    ap.add_argument("--no-scans", action="store_true", help="a copy of the case without the scanned PDFs")
    ap.add_argument("--form", default="yilianti")
    ap.add_argument("--year", type=int, default=2017)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--cache-dir", help=argparse.SUPPRESS)
    ap.add_argument("--no-extract-cache", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-findings-cache", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child), Path(args.out), Path(args.cache_dir), args.form, args.year, not args.no_extract_cache,
              not args.no_findings_cache)
        return
    import read as read_bench
    size = "small" if args.small else "full"
    root = Path(args.dir or Path(tempfile.gettempdir()) / f"kaohe-bench-read-{size}")
    manifest = read_bench.build(root, size)
    case = root / "case"
    work = Path(tempfile.mkdtemp(prefix="kaohe-bench-stages-"))
    try:
        if args.no_scans:
            copy = work / "case"
            shutil.copytree(case, copy, ignore=shutil.ignore_patterns("scans"))
            case = copy
        files = sum(1 for f in manifest["files"] if not (args.no_scans and f["kind"] == "scan"))
        print(f"案例：{case}（{files} 个文件），考核表 {args.form}，每次在新的子进程中运行 kaohe run 的各阶段")
        cache_dir, out = work / "cache", work / "out"
        rows = {}
        passes = (("cold", True, True), ("warm-old", False, False), ("warm-eval", True, False), ("warm", True, True))
        for label, extract_cache, findings_cache in passes:
            rows[label] = r = measure(case, out, cache_dir, args.form, args.year, extract_cache, findings_cache)
            split = "  ".join(f"{name} {r['timings'].get(stage, 0):6.2f} s" for stage, name in STAGES)
            print(f"  {label:<8} 合计 {r['wall']:6.2f} s  {split}  "
                  f"峰值内存 {r['peak_kib'] / 1024:.0f} MiB  读取缓存命中 {r['hits']}/{r['hits'] + r['misses']}",
                  flush=True)
        same = rows["cold"]["items"] == rows["warm"]["items"] == rows["warm-old"]["items"] == rows["warm-eval"]["items"]
        print("warm-old：读取缓存命中、提取与核查不用缓存（提取缓存之前的热运行）；warm-eval：读取与提取命中缓存、"
              "逐项重新核查（如改动了一个文件）；warm：读取、提取与核查结论均命中缓存（什么都没变，如改完 review.xlsx 后重跑）")
        print(f"热运行 / 冷运行 = {rows['warm']['wall'] / rows['cold']['wall']:.1%}；提取 "
              f"{rows['warm-old']['timings']['extract']:.2f} s → {rows['warm']['timings']['extract']:.2f} s；"
              f"两次的逐项结论{'相同' if same else '不同（错误）'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
