"""Benchmark `kaohe search` on the read benchmark's case (~197 files, ~2,000 pages).

    .venv/bin/python benchmarks/search.py [--small] [--dir DIR] [--workers N]

The corpus is built (or reused) by benchmarks/read.py's ``build``. Each pass runs
in a fresh child process:

  read     read_case over the whole case into an empty cache (the index is filled
           as the files are cached, so this is the read as a reviewer pays for it)
  index    the same Documents (taken from the cache) indexed again into a fresh
           database, one transaction per document as the cache does: the index's share
           of the read
  queries  ``pipeline.search.search`` on the warm case, several queries, each three
           times (median): opening the cache, the stamp of the case folder, the query
  cli      ``kaohe search CASE 双向转诊`` as a process (Python start-up and imports included)

Targets: every warm query under 1 s; the index a small share of the read (printed
as a ratio, index seconds / read seconds).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

QUERIES = [
    ["双向转诊"],                      # one term, 4 characters
    ["收益分配机制"],                  # a longer term
    ["远程会诊", "培训计划"],          # two terms, both in one sentence
    ["乡镇卫生院", "2017年"],          # a term and a date
    ["专家"],                          # two characters: no trigram, a scan of the case's rows
    ["县"],                            # one character, very common
    ["牵头", "绩效"],                  # two short terms
    ["血液透析中心"],                  # absent
]


def child(args: argparse.Namespace) -> None:
    case = Path(args.dir) / "case"
    out: dict = {}
    if args.run == "read":
        from pipeline.cache import ReadCache
        from pipeline.readcase import read_case
        t = time.perf_counter()
        with ReadCache(args.cache) as cache:
            docs = read_case(case, workers=args.workers, cache=cache, progress=False)
        out = {"wall": time.perf_counter() - t, "files": len(docs), "pages": sum(d.pages or 0 for d in docs)}
    elif args.run == "index":
        import sqlite3
        from pipeline import searchindex
        from pipeline.cache import ReadCache
        from pipeline.readcase import read_case
        with ReadCache(args.cache) as cache:
            docs = read_case(case, workers=args.workers, cache=cache, progress=False)
            hits = cache.hits
        path = Path(args.cache) / "index-only.sqlite3"
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        searchindex.ensure(db)
        t = time.perf_counter()
        for doc in docs:
            db.execute("BEGIN IMMEDIATE")
            searchindex.index_document(db, doc, "bench")
            db.execute("COMMIT")
        wall = time.perf_counter() - t
        rows = db.execute("SELECT count(*), sum(length(text)) FROM search_rows").fetchone()
        db.close()
        out = {"wall": wall, "hits": hits, "rows": rows[0], "chars": rows[1],
               "size": path.stat().st_size}
    elif args.run == "queries":
        from pipeline.search import search
        out = {"queries": []}
        for words in QUERIES:
            times, found = [], 0
            for _ in range(3):
                t = time.perf_counter()
                outcome = search([case], words, progress=False, limit=20)     # the command's default
                times.append(time.perf_counter() - t)
                found = outcome.total
            out["queries"].append({"words": words, "median": statistics.median(times),
                                   "max": max(times), "found": found, "files": outcome.files})
    print(json.dumps(out))


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def measure(args: argparse.Namespace, run: str, cache: str) -> dict:
    cmd = [sys.executable, __file__, "--dir", args.dir, "--run", run, "--cache", cache,
           "--workers", str(args.workers)]
    env = {**os.environ, "KAOHE_CACHE_DIR": cache}
    res = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=str(ROOT), env=env)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", help="corpus folder (shared with benchmarks/read.py, built once)")
    ap.add_argument("--small", action="store_true", help="20 files for a quick run")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        child(args)
        return
    import read as read_bench
    size = "small" if args.small else "full"
    args.dir = str(Path(args.dir or Path(tempfile.gettempdir()) / f"kaohe-bench-read-{size}"))
    t = time.perf_counter()
    manifest = read_bench.build(Path(args.dir), size)
    print(f"语料：{args.dir}（{len(manifest['files'])} 个文件，准备用时 {time.perf_counter() - t:.1f} s）", flush=True)
    cache = tempfile.mkdtemp(prefix="kaohe-bench-search-")
    try:
        read = measure(args, "read", cache)
        print(f"  冷读（同时建立索引） {read['wall']:.2f} s，{read['files']} 个文件，{read['pages']} 页", flush=True)
        index = measure(args, "index", cache)
        print(f"  单独建立索引        {index['wall']:.2f} s，{index['rows']} 句，{index['chars']} 字，"
              f"索引库 {index['size'] / 2**20:.1f} MiB（缓存命中 {index['hits']}）", flush=True)
        queries = measure(args, "queries", cache)["queries"]
        kaohe = ROOT / ".venv" / "bin" / "kaohe"
        t = time.perf_counter()
        subprocess.run([str(kaohe) if kaohe.exists() else "kaohe", "search", str(Path(args.dir) / "case"),
                        "双向转诊", "--limit", "5"], check=True, capture_output=True,
                       env={**os.environ, "KAOHE_CACHE_DIR": cache})
        cli = time.perf_counter() - t
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print()
    print(f"{pad('查询（热缓存）', 26)}{'中位数':>7}{'最慢':>8}{'命中':>6}  判断")
    for q in queries:
        label = " ".join(q["words"])
        print(f"{pad(label, 26)}{q['median'] * 1000:>8.0f}ms{q['max'] * 1000:>8.0f}ms{q['found']:>8}  "
              + ("达标" if q["max"] < 1 else "未达标（目标 < 1 s）"))
    worst = max(q["max"] for q in queries)
    ratio = index["wall"] / read["wall"]
    print()
    print(f"最慢的热查询：{worst * 1000:.0f} ms（{queries[0]['files']} 个文件）"
          + ("，达标" if worst < 1 else "，未达标（目标 < 1 s）"))
    print(f"索引用时 / 冷读用时 = {index['wall']:.2f} s / {read['wall']:.2f} s = {ratio:.3f}")
    print(f"命令行一次查询（含 Python 启动与导入）：{cli:.2f} s")


if __name__ == "__main__":
    main()
