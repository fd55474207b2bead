"""Reading on a Dask distributed cluster (``kaohe run --scheduler ADDRESS`` or ``$KAOHE_SCHEDULER``).

Reading is a pure function of a file's bytes and name, so it can run anywhere
the same kaohe is installed. Here the client (the machine running kaohe):

* loads each file's bytes itself (the evidence folder stays on this machine and
  read-only) and submits one task per file to the scheduler, keyed by the
  reader version, the content hash and the name (a file already submitted by
  another case of the same batch is one task);
* keeps a bounded number of files in flight (a few per worker thread), so a
  large case never sits in memory whole;
* gets a Document (blocks and problems) back per file and stores it in its own
  read cache, exactly as with the local pool (``pipeline.workers``), which
  stays the default.

The workers are plain ``dask worker`` processes started from an environment
where this kaohe is installed. A worker that dies mid-run has its tasks run
again on the others by the scheduler; a file that kills workers again and
again (Dask's ``allowed-failures``) is reported as a crash, like the local
pool does. A worker runs one read at a time per process (a lock: the PDF and
OCR libraries are not thread-safe), under the readers' own time budget; the
local pool's hard stop of a stuck worker has no counterpart here.

A scheduler that cannot be reached, or workers of another kaohe version, end
the run with a Chinese message saying what to do.
"""
from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Callable

from .errors import KaoheError
from .names import escape

ENV = "KAOHE_SCHEDULER"
CONNECT_SECONDS = 10
IN_FLIGHT_PER_THREAD = 4
_LOCK = threading.Lock()


def scheduler_address(given: str | None = None) -> str | None:
    """The address to use: the option, else $KAOHE_SCHEDULER, else None (the local pool)."""
    address = (given or os.environ.get(ENV) or "").strip()
    return address or None


READER_MODULES = ("pipeline.readcase", "pipeline.readers.docx", "pipeline.readers.text", "pipeline.readers.pdf",
                  "pipeline.readers.xlsx", "pipeline.readers.image", "pipeline.readers.convert")


def dask_setup(worker=None) -> None:
    """Dask's preload hook (``dask worker ADDRESS --preload pipeline.cluster``): import the
    readers when the worker starts, so a run's first file on it does not pay for that. A
    reader whose library is missing is left to the file, which reports it."""
    import importlib
    for name in READER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported when a file needs it
            pass


def read_task(item, soft: float) -> tuple[Any, bool, str]:
    """Worker side: read one file given with its bytes; (Document, cacheable, reader version)."""
    from .cache import READER_VERSION
    from .readcase import _work
    from .readers import budget
    with _LOCK:
        budget.start(soft)
        try:
            doc, cacheable = _work(item)
        finally:
            budget.stop()
    return doc, cacheable, READER_VERSION


def read_batch_task(items: list, seconds: float) -> tuple[list, str]:
    """Worker side: all .doc/.wps of a case through one LibreOffice call, as the local pool does."""
    from .cache import READER_VERSION
    from .readcase import _work_batch
    from .readers import budget
    with _LOCK:
        budget.start(seconds)
        try:
            got = _work_batch(items)
        finally:
            budget.stop()
    return got, READER_VERSION


def connect(address: str, timeout: float | None = None):
    """A distributed Client to ``address``, or KaoheError in Chinese."""
    try:
        from distributed import Client
    except ImportError:
        raise KaoheError("未安装 Dask distributed，无法使用 --scheduler；请在 kaohe 目录运行 make bootstrap") from None
    try:
        return Client(address, timeout=timeout or CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KaoheError(
            f"无法连接 Dask 调度器“{escape(address)}”（{type(exc).__name__}：{escape(str(exc))[:200]}）。"
            "请确认调度器已用 dask scheduler 启动、地址与端口（默认 8786）正确、网络与防火墙放行，"
            f"且至少有一个 dask worker 连接到它；或去掉 --scheduler（以及环境变量 {ENV}）改在本机读取") from None


def task_key(item, version: str) -> str:
    name = hashlib.sha256(item.name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"kaohe-read-{version}-{item.sha256}-{name}"


def run_on_cluster(address: str, items: list, soft: float, done: Callable[[Any, tuple], None],
                   failed: Callable[[Any, str, str], None], wanted: Callable[[Any], Any],
                   batch: list | None = None, batch_seconds: float = 0.0) -> None:
    """Read ``items`` on the cluster at ``address``: ``done(item, (doc, cacheable))`` for each
    file read, ``failed(item, kind, detail)`` ("crash" | "error") for a file that could not be.
    ``wanted(item)`` gives the Item to send (its bytes loaded), or raises OSError. ``batch``
    (the .doc/.wps files) goes as one task first; if that task fails its files go one by one."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from .cache import READER_VERSION
    client = connect(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        limit = max(2, threads * IN_FLIGHT_PER_THREAD)
        queue = list(items)
        queue.reverse()
        futures = as_completed(loop=client.loop)
        owner: dict[str, Any] = {}
        other_version: set[str] = set()

        def submit_next() -> bool:
            while queue:
                item = queue.pop()
                try:
                    sent = wanted(item)
                except Exception as exc:  # noqa: BLE001 - this file only
                    failed(item, "open", str(exc))
                    continue
                future = client.submit(read_task, sent, soft, key=task_key(item, READER_VERSION),
                                       pure=False, retries=0)
                owner[future.key] = item
                futures.add(future)
                return True
            return False

        if batch:
            shipped = []
            for item in batch:
                try:
                    shipped.append(wanted(item))
                except Exception as exc:  # noqa: BLE001 - this file only
                    failed(item, "open", str(exc))
            if shipped:
                names = hashlib.sha256("\0".join(f"{i.sha256}/{i.name}" for i in shipped).encode(
                    "utf-8", "surrogateescape")).hexdigest()[:32]
                future = client.submit(read_batch_task, shipped, batch_seconds,
                                       key=f"kaohe-read-batch-{READER_VERSION}-{names}", retries=0)
                owner[future.key] = shipped
                futures.add(future)
        for _ in range(limit):
            if not submit_next():
                break
        for future in futures:
            item = owner.pop(future.key)
            if isinstance(item, list):                 # the .doc/.wps batch
                try:
                    got, version = future.result()
                except Exception:  # noqa: BLE001 - each file alone, as the local pool does
                    queue.extend(reversed(item))
                else:
                    for one, (doc, cacheable) in zip(item, got):
                        done(one, (doc, cacheable and version == READER_VERSION))
                    if version != READER_VERSION:
                        other_version.add(version)
                future.release()
                submit_next()
                continue
            try:
                doc, cacheable, version = future.result()
            except KilledWorker as exc:
                failed(item, "crash", str(exc)[:200])
            except Exception as exc:  # noqa: BLE001 - reported for this file
                failed(item, "error", f"{type(exc).__name__}: {exc}"[:300])
            else:
                if version != READER_VERSION:
                    other_version.add(version)
                    cacheable = False
                done(item, (doc, cacheable))
            future.release()
            submit_next()
        if other_version:
            from .cache import notice
            notice(f"Dask 工作进程的 kaohe 读取程序版本（{'、'.join(sorted(other_version))}）与本机（{READER_VERSION}）"
                   "不同，读取结果未存入缓存；请在各台机器上安装同一版本的 kaohe 后重启 dask worker")
    finally:
        client.close()
