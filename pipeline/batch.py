"""Several cases of one `kaohe run` at once, one case per worker process, one progress display.

``run_cases(dirs, out_root, jobs=N, ...)`` gives one Outcome per case folder, in
the order given, whatever order they finish in; each is what ``run_case`` gives
when the cases run one after another:

* the cases run in ``jobs`` long-lived worker processes, each taking case
  after case. They are forked once, before this process starts any thread
  (so no lock of a thread is inherited), after everything a case imports has
  been imported here and the cases' forms loaded (``run.preload``): a worker
  starts in milliseconds and shares those instead of loading them again. Each reads its files
  with ``cores // jobs`` reading processes (pipeline.workers), kept from one
  case to the next (``workers.keep``), so the machine is used, not
  oversubscribed, and readers are not started again for every case;
* cases whose output folder would be the same (two folders of one name) run
  one after another in the same task, as they would serially;
* the parent shows one bar (cases done of all) on a terminal; the workers show
  none. Cache notices said in a worker come back with its case;
* a worker that dies (the out-of-memory killer, a crash in C) loses nothing:
  every case it had not given back is run again in this process, one after
  another, and that is said once;
* the workers ignore Ctrl-C (the terminal sends it to the whole process
  group; this process decides): on KeyboardInterrupt here each worker is
  sent SIGTERM, stops its reading processes (and their LibreOffice) as a
  single case would, and exits; the exception goes on once they are gone.
  A worker also gets SIGTERM when this process dies (PR_SET_PDEATHSIG).

``jobs <= 1`` (or one case) runs the cases here, one after another, each with
its own progress bars, the reading processes kept from one case to the next.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.util
import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import workers
from .cache import take_notices
from .case import case_name
from .errors import KaoheError
from .names import fit_name
from .readers import budget
from .run import CaseRun, preload, run_case


@dataclass
class Outcome:
    folder: Path
    run: CaseRun | None = None
    error: str | None = None              # the KaoheError that stopped this case
    notices: list[str] = field(default_factory=list)


def default_jobs(cases: int) -> int:
    return max(1, min(os.cpu_count() or 1, cases))


def run_one(folder: Path, out_root: Path, options: dict, progress) -> Outcome:
    """One case, its KaoheError and the cache notices it caused."""
    try:
        run = run_case(folder, out_root, progress=progress, **options)
    except KaoheError as exc:
        return Outcome(folder, error=str(exc), notices=take_notices())
    return Outcome(folder, run=run, notices=take_notices())


# ---------------------------------------------------------------- case worker side

_busy = False                   # a case worker is running a case (not waiting for one)


def _worker_start(parent: int) -> None:
    """A case worker's set-up: Ctrl-C is the parent's to handle, SIGTERM stops it cleanly,
    it dies with the parent, and its reading processes serve case after case."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_term)
    workers.die_with_parent()
    if os.getppid() != parent:            # the parent died before we could ask to follow it
        os._exit(0)
    workers.start_keeping()
    multiprocessing.util.Finalize(None, workers.release, exitpriority=10)


def _worker_term(signum, frame) -> None:   # noqa: ARG001 - signal handler signature
    signal.signal(signal.SIGTERM, signal.SIG_IGN)   # the clean-up itself must not be cut short
    if _busy:
        raise workers.Stop()               # the case's own clean-up runs, then _run_group exits
    workers.release()
    os._exit(0)


def _run_group(folders: list[Path], out_root: Path, options: dict, cores: int | None = None) -> list[Outcome]:
    """Worker side: cases sharing one output folder, in order, on ``cores`` cores (its share)."""
    global _busy
    budget.set_cores(cores)
    try:
        _busy = True
        return [run_one(f, out_root, options, False) for f in folders]
    except workers.Stop:                   # told to stop (Ctrl-C in the parent): nothing to give back
        workers.release()
        os._exit(0)
    finally:
        _busy = False


# ---------------------------------------------------------------- parent side

def groups(dirs: list[Path]) -> list[list[int]]:
    """Indexes of ``dirs`` by output folder: cases writing to one folder stay together."""
    by_out: dict[str, list[int]] = {}
    for i, d in enumerate(dirs):
        by_out.setdefault(fit_name(case_name(d)), []).append(i)
    return list(by_out.values())


def run_cases(dirs: list[Path], out_root: Path, *, jobs: int | None = None, progress: bool = True,
              on_outcome: Callable[[Outcome], None] | None = None, **options) -> list[Outcome]:
    """Every case of ``dirs`` (see the module's docstring); ``options`` go to run_case."""
    jobs = default_jobs(len(dirs)) if jobs is None else max(1, jobs)
    parts = groups(dirs)
    jobs = min(jobs, len(parts))
    if jobs <= 1:
        out = []
        with workers.keep():
            for d in dirs:
                label = case_name(d) if len(dirs) > 1 else True
                outcome = run_one(d, out_root, options, label if progress else False)
                out.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
        return out
    options = {**options, "workers": options.get("workers") or max(1, (os.cpu_count() or 1) // jobs)}
    outcomes: dict[int, Outcome] = {}
    lost: list[int] = []
    preload(dirs, options.get("form"), options.get("year"))
    said = _open_cache_once(options.get("cache", True), dirs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"),
                             initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        pending = {}
        share = max(1, budget.cores() // jobs)
        try:
            # The first submit forks every worker, before the executor's and the bar's threads start.
            for part in parts:
                pending[pool.submit(_run_group, [dirs[i] for i in part], out_root, options, share)] = part
            with _Bar(len(dirs), progress) as bar:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        part = pending.pop(future)
                        try:
                            got = future.result()
                        except BrokenProcessPool:
                            lost.extend(part)
                            continue
                        for i, outcome in zip(part, got):
                            outcome.notices[:0], said = said, []
                            outcomes[i] = outcome
                            bar.advance()
                            if on_outcome:
                                on_outcome(outcome)
        except BaseException:
            with workers.no_interrupt():         # a second Ctrl-C must not cut the clean-up short
                _stop(pool)
            raise
    if lost:
        names = "、".join(case_name(dirs[i]) for i in sorted(lost))
        with workers.keep():
            for i in sorted(lost):
                outcome = run_one(dirs[i], out_root, {k: v for k, v in options.items() if k != "workers"},
                                  case_name(dirs[i]) if progress else False)
                outcome.notices.insert(0, f"同时核查多个案例时处理进程异常退出（可能是内存不足），"
                                          f"案例 {names} 已在本进程中逐个重新核查")
                outcome.notices[:0], said = said, []
                outcomes[i] = outcome
                if on_outcome:
                    on_outcome(outcome)
    return [outcomes[i] for i in range(len(dirs))]


def _open_cache_once(cache, dirs: list[Path]) -> list[str]:
    """Open the default cache here, before the workers fork, so that a broken one is moved
    aside and rebuilt once (and said once), not by every worker at the same moment. Nothing is
    done for a cache inside a case folder (each case refuses it before creating anything)."""
    from .cache import ReadCache, default_cache_dir
    from .readcase import cache_inside
    if cache is not True:
        return []
    directory = default_cache_dir()
    if any(cache_inside(directory, d) for d in dirs):
        return []
    ReadCache(directory).close()
    return take_notices()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Every case worker told to stop (SIGTERM: each stops its readers and exits), then gone."""
    # The executor has no public way to stop its workers before Python 3.14 (terminate_workers);
    # its process table is the one place that names them.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        with contextlib.suppress(OSError, ValueError):
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        proc.join(timeout=2 * workers.STOP_GRACE + 5)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=5)
    pool.shutdown(wait=True)


class _Bar:
    """One bar for the batch (cases done of all), on a terminal only."""

    def __init__(self, total: int, enabled: bool):
        self.progress = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        console = Console(stderr=True)
        if not console.is_terminal:
            return
        self.progress = Progress(TextColumn(f"同时核查 {total} 个案例"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.task = self.progress.add_task("cases", total=total)

    def __enter__(self) -> "_Bar":
        if self.progress is not None:
            self.progress.start()
        return self

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
