"""Reading on a real Dask cluster on loopback (a `dask scheduler` and `dask worker` processes):
the Documents of a local read, a killed worker's files read again, a clear message when no
scheduler answers."""
from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from pipeline import cluster
from pipeline.cache import ReadCache
from pipeline.cli import cli
from pipeline.errors import KaoheError
from pipeline.readcase import read_case
from pipeline.run import run_case
from tests.readers.pdf_fixtures import text_pdf

DASK = Path(sys.executable).with_name("dask")
LINE = "东江市第一人民医院派驻医师到青石县人民医院开展对口支援工作第{n}次"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A scheduler and ``workers`` single-threaded worker processes on 127.0.0.1."""

    def __init__(self, tmp: Path, workers: int = 2):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
        logs = tmp / "dask-logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                                        self.address.rsplit(":", 1)[1], "--no-dashboard"],
                                       stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "wb"),
                                       env=env, cwd=tmp)]
        for i in range(workers):
            self.procs.append(subprocess.Popen(
                [str(DASK), "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--preload", "pipeline.cluster", "--host", "127.0.0.1", "--local-directory", str(tmp / f"w{i}")],
                stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{i}.log", "wb"), env=env, cwd=tmp))
        client = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                client = cluster.connect(self.address, timeout=5)
                client.wait_for_workers(workers, timeout=60)
                break
            except (KaoheError, TimeoutError, OSError):
                if client is not None:
                    client.close()
                    client = None
                time.sleep(0.5)
        if client is None:
            self.close()
            pytest.fail("the Dask cluster did not start: " + (logs / "scheduler.log").read_text(errors="replace")[-2000:])
        self.client = client

    def worker_pids(self) -> dict[str, int]:
        return self.client.run(os.getpid)

    def close(self) -> None:
        if getattr(self, "client", None) is not None:
            self.client.close()
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    yield c
    c.close()


def build_case(root: Path, pdfs: int = 4, pages: int = 3) -> Path:
    root.mkdir(parents=True)
    (root / "case.yaml").write_text("form: duikou\nyear: 2016\nunits:\n  支援医院: 东江市第一人民医院\n"
                                    "  受援医院: 青石县人民医院\n", encoding="utf-8")
    for i in range(pdfs):
        (root / f"报告{i + 1}.pdf").write_bytes(text_pdf(
            [[f"关于对口支援工作的报告（{i + 1}）"] + [LINE.format(n=i * 100 + p * 10 + k) for k in range(12)]
             for p in range(pages)]))
    d = docx.Document()
    d.add_paragraph("关于对口支援青石县人民医院的工作方案")
    d.add_paragraph("双方签订了对口支援协议，每季度召开一次联席会议。")
    d.save(str(root / "方案.docx"))
    (root / "总结.txt").write_text("2016年对口支援工作总结\n支援医院开展带教查房36次。\n", encoding="utf-8")
    (root / "副本-总结.txt").write_text("2016年对口支援工作总结\n支援医院开展带教查房36次。\n", encoding="utf-8")
    (root / "坏文件.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("内/纪要.txt", "会议纪要\n会议研究了派驻医师管理工作。\n".encode())
    (root / "打包.zip").write_bytes(buf.getvalue())
    return root


def test_cluster_reads_what_the_local_pool_reads(dask_cluster: Cluster, tmp_path: Path) -> None:
    case = build_case(tmp_path / "案例")
    local = read_case(case, cache=False, progress=False, workers=2)
    remote = read_case(case, cache=False, progress=False, scheduler=dask_cluster.address)
    assert remote == local
    assert len(local) == 9 and any(d.problems for d in local if d.file == "坏文件.pdf")
    assert next(d for d in remote if d.file == "总结.txt").aliases == ("副本-总结.txt",)


def test_the_client_writes_its_cache_and_a_run_is_the_local_run(dask_cluster: Cluster, tmp_path: Path,
                                                                monkeypatch) -> None:
    case = build_case(tmp_path / "案例")
    with ReadCache(tmp_path / "cache") as cache:
        read_case(case, cache=cache, progress=False, scheduler=dask_cluster.address)
        assert cache.misses == 8 and cache.hits == 0
    with ReadCache(tmp_path / "cache") as cache:
        read_case(case, cache=cache, progress=False)        # local, all from what the cluster read
        assert cache.hits == 8 and cache.misses == 0
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache2"))
    a = run_case(case, tmp_path / "local", progress=False)
    b = run_case(case, tmp_path / "remote", progress=False, scheduler=dask_cluster.address, cache=False)
    assert a.results["items"] == b.results["items"] and a.results["documents"] == b.results["documents"]


def test_the_command_takes_the_scheduler_from_the_environment(dask_cluster: Cluster, tmp_path: Path,
                                                              monkeypatch) -> None:
    case = build_case(tmp_path / "案例", pdfs=1)
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KAOHE_SCHEDULER", dask_cluster.address)
    def reads() -> int:
        return dask_cluster.client.run_on_scheduler(lambda dask_scheduler: sum(
            1 for t in dask_scheduler.transition_log if str(t[0]).startswith("kaohe-read-")))

    before = reads()
    result = CliRunner().invoke(cli, ["run", str(case), "--out", str(tmp_path / "out"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "案例" / "results.json").is_file()
    assert reads() >= before + 3                # the cluster read the files


def test_an_unreachable_scheduler_is_said_in_chinese(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    address = f"tcp://127.0.0.1:{free_port()}"          # nothing listens there
    case = build_case(tmp_path / "案例", pdfs=1)
    with pytest.raises(KaoheError) as err:
        read_case(case, cache=False, progress=False, scheduler=address)
    assert "无法连接 Dask 调度器" in str(err.value) and address in str(err.value)
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["run", str(case), "--out", str(tmp_path / "out"), "--scheduler", address])
    assert result.exit_code == 2
    assert "无法连接 Dask 调度器" in result.output and "dask scheduler" in result.output
    assert not (tmp_path / "out" / "案例" / "results.json").exists()


def test_a_worker_killed_mid_run_has_its_files_read_again(tmp_path: Path) -> None:
    case = build_case(tmp_path / "案例", pdfs=16, pages=6)
    local = read_case(case, cache=False, progress=False, workers=2)
    own = Cluster(tmp_path / "own")
    try:
        pids = own.worker_pids()
        killed: list[tuple[str, int]] = []

        def kill_a_busy_worker() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = {w: keys for w, keys in own.client.processing().items()
                        if any(str(k).startswith("kaohe-read-") for k in keys)}
                if len(busy) == 2:            # both have files: kill one of them
                    worker = sorted(busy)[0]
                    os.kill(pids[worker], signal.SIGKILL)
                    killed.append((worker, len(busy[worker])))
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        remote = read_case(case, cache=False, progress=False, scheduler=own.address)
        killer.join()
        assert killed and killed[0][1] >= 1
        assert remote == local                       # every file, read as locally
        assert len(own.client.nthreads()) == 1       # the killed worker is gone
    finally:
        own.close()
