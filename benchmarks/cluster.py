"""Benchmark reading on a Dask cluster against the local pool, at equal cores, on one case.

    .venv/bin/python benchmarks/cluster.py [--small] [--no-scans] [--workers 2]

The case is the read benchmark's (benchmarks/read.py builds it, once). A
`dask scheduler` and ``--workers`` `dask worker` processes (one thread each)
are started on 127.0.0.1; then, each in a fresh child process and without a
cache, the case is read by the local pool with ``--workers`` processes and by
the cluster (``read_case(..., scheduler=ADDRESS)``). Both must give the same
Documents. Target: the cluster within 1.3x of the local pool.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
DASK = Path(sys.executable).with_name("dask")


def child(case: Path, workers: int, scheduler: str | None) -> None:
    from pipeline.readcase import read_case
    from pipeline.serialize import dumps
    t = time.perf_counter()
    docs = read_case(case, cache=False, progress=False, workers=workers, scheduler=scheduler)
    wall = time.perf_counter() - t
    digest = hashlib.sha256("".join(dumps(d) for d in docs).encode()).hexdigest()
    print(json.dumps({"wall": wall, "files": len(docs), "digest": digest}))


def measure(case: Path, workers: int, scheduler: str | None) -> dict:
    cmd = [sys.executable, __file__, "--child", str(case), "--workers", str(workers)]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=str(ROOT))
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_cluster(workers: int, tmp: Path) -> tuple[str, list[subprocess.Popen]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    for i in range(workers):
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard",
                                       "--preload", "pipeline.cluster",
                                       "--host", "127.0.0.1", "--local-directory", str(tmp / f"w{i}")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
    from pipeline.cluster import connect
    deadline = time.monotonic() + 120
    while True:
        try:
            client = connect(address, timeout=5)
            client.wait_for_workers(workers, timeout=60)
            client.close()
            return address, procs
        except Exception:  # noqa: BLE001 - still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", help="corpus folder of benchmarks/read.py")
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--no-scans", action="store_true")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child), args.workers, args.scheduler)
        return
    import read as read_bench
    size = "small" if args.small else "full"
    root = Path(args.dir or Path(tempfile.gettempdir()) / f"kaohe-bench-read-{size}")
    read_bench.build(root, size)
    work = Path(tempfile.mkdtemp(prefix="kaohe-bench-cluster-"))
    case = root / "case"
    procs: list[subprocess.Popen] = []
    try:
        if args.no_scans:
            shutil.copytree(case, work / "case", ignore=shutil.ignore_patterns("scans"))
            case = work / "case"
        address, procs = start_cluster(args.workers, work)
        local = measure(case, args.workers, None)
        remote = measure(case, args.workers, address)
        print(f"案例：{case}（{local['files']} 个文件），{args.workers} 个读取进程 / {args.workers} 个 dask worker（各 1 线程）")
        print(f"  本机进程池  {local['wall']:7.2f} s")
        print(f"  Dask 集群   {remote['wall']:7.2f} s（{address}）")
        ratio = remote["wall"] / local["wall"]
        print(f"集群 / 本机 = {ratio:.2f}×（目标 ≤ 1.3×：{'达标' if ratio <= 1.3 else '未达标'}）；读取结果"
              f"{'完全相同' if local['digest'] == remote['digest'] else '不同（错误）'}")
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
