"""Benchmark a batch of small cases: `kaohe run` one after another (--jobs 1) against in parallel.

    .venv/bin/python benchmarks/batch.py [--cases 20] [--files 12] [--jobs N]

Each case (a case.yaml, half .docx and half .txt notices, minutes and plans of
two hospitals, each different; built once under the system temp dir) is as
benchmarks/scale.py makes them. Both passes run the real command line
(``kaohe run ... --no-cache --json``) in a fresh process, so
imports, worker start-up and the summary tables count. While a pass runs, the
memory of its whole process tree (the resident set of the command and of every
process under it: case workers and their reading workers) is sampled every
0.1 s from /proc; the peak of that sum is printed. The results.json of every
case must be the same in both passes (all items, documents and totals).

Target on a 2-core machine: parallel at least 1.6x faster than one after another.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import run_sampled  # noqa: E402 - benchmarks/ is on the path from here on

BUILD_VERSION = 1


def build(root: Path, cases: int, files: int) -> list[Path]:
    import random

    import scale
    stamp = root / "built.json"
    want = {"version": BUILD_VERSION, "cases": cases, "files": files}
    dirs = [root / "inbox" / f"案例{c + 1:02d}" for c in range(cases)]
    if stamp.is_file() and json.loads(stamp.read_text()) == want:
        return dirs
    shutil.rmtree(root, ignore_errors=True)
    for c, case in enumerate(dirs):
        scale.case_yaml(case)
        rng = random.Random(1000 + c)
        for i in range(files):
            lines = scale.lines_for(c * files + i, rng)
            if i % 2:
                (case / f"{i + 1:02d}-{lines[1][:12]}.txt").write_text("\n".join(lines), encoding="utf-8")
            else:
                (case / f"{i + 1:02d}-{lines[1][:12]}.docx").write_bytes(scale.docx_bytes(lines))
    stamp.write_text(json.dumps(want))
    return dirs


def run_pass(dirs: list[Path], out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", "run", *map(str, dirs), "--out", str(out), "--no-cache",
           "--json", "--jobs", str(jobs)]
    t = time.perf_counter()
    proc, peak = run_sampled(cmd, cwd=str(ROOT))
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"kaohe run --jobs {jobs} exited {proc.returncode}: {proc.stderr[-2000:]}")
    results = {}
    for d in dirs:
        data = json.loads((out / d.name / "results.json").read_text(encoding="utf-8"))
        results[d.name] = {k: data[k] for k in ("items", "documents", "total", "problems")}
    return {"wall": wall, "peak": peak, "results": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--files", type=int, default=12, help="files per case")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cases at once in the parallel pass")
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "kaohe-bench-batch"))
    args = ap.parse_args()
    dirs = build(Path(args.dir), args.cases, args.files)
    out = Path(tempfile.mkdtemp(prefix="kaohe-bench-batch-out-"))
    try:
        print(f"{args.cases} 个案例，每个 {args.files} 个文件；{os.cpu_count()} 个 CPU 核；每次在新进程中运行 kaohe run --no-cache")
        serial = run_pass(dirs, out / "serial", 1)
        print(f"  逐个核查（--jobs 1）     {serial['wall']:7.2f} s  进程树内存峰值 {serial['peak'] / 2**20:6.0f} MiB",
              flush=True)
        parallel = run_pass(dirs, out / "parallel", args.jobs)
        print(f"  同时核查（--jobs {args.jobs}）     {parallel['wall']:7.2f} s  "
              f"进程树内存峰值 {parallel['peak'] / 2**20:6.0f} MiB", flush=True)
        ratio = serial["wall"] / parallel["wall"]
        same = serial["results"] == parallel["results"]
        print(f"加速 {ratio:.2f}×（目标 ≥ 1.6×：{'达标' if ratio >= 1.6 else '未达标'}）；"
              f"{args.cases} 个案例的 results.json {'与逐个核查完全相同' if same else '与逐个核查不同（错误）'}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
