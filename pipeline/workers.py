"""A small process pool for reading files: one task per worker, hard deadlines, a clean stop.

Why not concurrent.futures: a task that never returns (a decoder stuck in C)
must be stopped without losing the others, a worker must be stopped on
Ctrl-C without printing its traceback, and LibreOffice, which each worker
may start in its own process group, must not outlive it. Here the parent
knows which task each worker runs:

* a task past its hard deadline is reported as timed out, its worker is
  stopped (SIGTERM, so its clean-up runs: LibreOffice killed, temp folders
  removed; SIGKILL after a grace period) and replaced;
* a worker that dies (a crash, the out-of-memory killer) fails only its own
  task, which is retried once in a fresh worker;
* on KeyboardInterrupt (or any exception) in the parent every worker is
  stopped the same way before the exception goes on;
* workers ignore SIGINT (the terminal sends it to the whole process group;
  the parent decides), and get SIGTERM when the parent dies (PR_SET_PDEATHSIG).

Each worker may keep ``cores // workers`` cores busy (``budget.set_cores``:
OCR sizes its thread pools by it), so a full pool never runs more threads
than there are cores; a lane's task (below) may use all of them, since only
one such task runs at a time and the others are short.

Tasks with a ``lane`` are the ones that take much memory (reading a scan:
the OCR engine, about a gigabyte at work; a LibreOffice conversion): at most
one of them runs at a time, whatever its lane, and the tasks of one lane run
on one worker, which takes its lane's tasks before any other; when the lane
has no task left that worker is replaced by a fresh one, so what the lane's
tasks loaded is given back. The other workers go on with the other tasks
meanwhile.

``workers=0`` runs the tasks in the calling process (no hard deadline).

Inside ``keep()`` (a batch of cases in one process) the idle workers of one
``run`` are handed on to the next instead of being stopped, so a process that
reads case after case forks its readers and imports their modules once; a
worker that was stopped or died is replaced as usual, and ``keep()`` stops
the kept ones when it ends (as does the process's exit).
"""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Callable

from .readers import budget

STOP_GRACE = 5.0            # seconds between SIGTERM and SIGKILL
_PR_SET_PDEATHSIG = 1


class Stop(BaseException):
    """Raised inside a worker that is told to stop, so ``finally`` blocks run."""


@dataclass
class Task:
    fn: Callable[..., Any]
    args: tuple
    soft: float                 # the reader's own budget (budget.start)
    hard: float                 # seconds after which the worker is stopped
    tag: Any = None
    attempts: int = 0
    lane: str | None = None     # tasks of one lane run one at a time on one worker (see above)


@dataclass
class Failure:
    kind: str                   # "timeout" | "crash" | "error"
    detail: str = ""


# ---------------------------------------------------------------- worker side

_group_slot = None              # shared int: the process group a worker started (LibreOffice)


def report_group(pgid: int) -> None:
    """Called by code that starts a process group in a worker (0 when it is gone)."""
    if _group_slot is not None:
        _group_slot.value = pgid


def _on_term(signum, frame):   # noqa: ARG001 - signal handler signature
    signal.signal(signal.SIGTERM, signal.SIG_IGN)   # the clean-up itself must not be cut short
    raise Stop()


def die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):     # not Linux: workers still stop when their pipe closes
        pass


def _worker_main(conn, slot, parent: int, cores: int = 1) -> None:
    global _group_slot
    _group_slot = slot
    budget.set_cores(cores)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    die_with_parent()
    try:
        if os.getppid() != parent:        # the parent died before we could ask to follow it
            return
        while True:
            message = conn.recv()
            if message is None:
                return
            tid, fn, args, soft, cores = message
            budget.set_cores(cores)
            budget.start(soft)
            try:
                reply = (tid, "ok", fn(*args))
            except Stop:
                raise
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, never printed
                reply = (tid, "error", f"{type(exc).__name__}: {exc}"[:300])
            finally:
                budget.stop()
            try:
                conn.send(reply)
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                conn.send((tid, "error", f"结果无法传回（{type(exc).__name__}）"))
    except (Stop, EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        os._exit(0)


# ---------------------------------------------------------------- parent side

_kept: list | None = None       # idle workers handed from one run() to the next (keep())

@dataclass
class _Worker:
    proc: Any
    conn: Any
    slot: Any
    task: Task | None = None
    tid: int = 0
    deadline: float = 0.0
    stopping: float | None = None        # when SIGTERM was sent


@dataclass
class _Pool:
    size: int
    on_result: Callable[[Task, Any], None]
    on_failure: Callable[[Task, Failure], None]
    pause: Callable[[], None] | None = None
    resume: Callable[[], None] | None = None
    workers: list[_Worker] = field(default_factory=list)
    stopping: list[_Worker] = field(default_factory=list)
    next_tid: int = 0
    shown: bool = False               # the progress bar runs (started() was called)
    owners: dict[str, _Worker] = field(default_factory=dict)   # lane -> the worker running it

    def spawn(self) -> _Worker:
        ctx = mp.get_context("fork")
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        slot = ctx.RawValue("i", 0)
        if self.pause and self.shown:
            self.pause()          # never fork while the progress bar's thread holds a lock
        try:
            proc = ctx.Process(target=_worker_main, args=(child_conn, slot, os.getpid(), self.cores()),
                               daemon=True)
            proc.start()
        finally:
            if self.pause and self.shown and self.resume:
                self.resume()
        child_conn.close()
        worker = _Worker(proc, parent_conn, slot)
        self.workers.append(worker)
        return worker

    def cores(self) -> int:
        """Each worker's share of the cores this process may use."""
        return max(1, budget.cores() // max(1, self.size))

    def give(self, worker: _Worker, task: Task) -> None:
        self.next_tid += 1
        worker.task, worker.tid = task, self.next_tid
        worker.deadline = time.monotonic() + task.hard
        cores = budget.cores() if task.lane is not None else self.cores()
        worker.conn.send((worker.tid, task.fn, task.args, task.soft, cores))

    def take(self, worker: _Worker, queue: deque) -> Task | None:
        """The next task for an idle worker: the first of a lane it runs, else the first it may
        run (no lane, or a lane no worker runs, which it then runs), a lane's task only while
        no other lane's task runs; None when none may be."""
        mine = {lane for lane, w in self.owners.items() if w is worker}
        lanes_free = not any(w.task is not None and w.task.lane is not None for w in self.workers)
        pick = None
        for i, task in enumerate(queue):
            if task.lane is not None and not lanes_free:
                continue
            if task.lane is not None and task.lane in mine:
                pick = i
                break
            if pick is None and (task.lane is None or task.lane not in self.owners):
                pick = i
                if not mine:
                    break
        if pick is None:
            return None
        task = queue[pick]
        del queue[pick]
        if task.lane is not None:
            self.owners[task.lane] = worker
        return task

    def lane_done(self, worker: _Worker, task: Task, queue: deque) -> None:
        """After a lane's task: the worker that ran the lane's last task is replaced."""
        if task.lane is None or any(t.lane == task.lane for t in queue):
            return
        self.owners.pop(task.lane, None)
        if worker not in self.owners.values():
            self.recycle(worker)

    def recycle(self, worker: _Worker) -> None:
        """An idle worker told to end (it exits at once); SIGKILL after the grace if it does not."""
        try:
            worker.conn.send(None)
        except OSError:
            pass
        if worker in self.workers:
            self.workers.remove(worker)
        worker.stopping = time.monotonic()
        self.stopping.append(worker)

    def retire(self, worker: _Worker) -> None:
        """Stop a worker: SIGTERM now, SIGKILL (and its LibreOffice group) after the grace."""
        if worker in self.workers:
            self.workers.remove(worker)
        for lane in [lane for lane, w in self.owners.items() if w is worker]:
            del self.owners[lane]
        worker.task = None
        if worker.proc.is_alive():
            try:
                worker.proc.terminate()
            except OSError:
                pass
            worker.stopping = time.monotonic()
            self.stopping.append(worker)
        else:
            self._bury(worker)

    def _bury(self, worker: _Worker) -> None:
        worker.proc.join(timeout=1)
        pgid = worker.slot.value
        if pgid > 0:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                pass
        try:
            worker.conn.close()
        except OSError:
            pass

    def reap(self, force: bool = False) -> None:
        now = time.monotonic()
        for worker in list(self.stopping):
            if worker.proc.is_alive() and (force or now - (worker.stopping or now) > STOP_GRACE):
                worker.proc.kill()
            if not worker.proc.is_alive():
                self.stopping.remove(worker)
                self._bury(worker)

    def adopt(self) -> None:
        """Take up to ``size`` live workers kept by an earlier run (keep())."""
        while _kept and len(self.workers) < self.size:
            worker = _kept.pop()
            if worker.proc.is_alive():
                self.workers.append(worker)
            else:
                self._bury(worker)

    def hand_on(self) -> None:
        """After a run inside keep(): the idle workers wait for the next run, the rest stop."""
        for worker in list(self.workers):
            if worker.task is None and worker.proc.is_alive() and _kept is not None:
                self.workers.remove(worker)
                _kept.append(worker)
        self.close()

    def close(self) -> None:
        for worker in list(self.workers):
            if worker.task is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + STOP_GRACE
        for worker in list(self.workers):
            if worker.task is not None:
                self.retire(worker)
                continue
            worker.proc.join(timeout=max(0.0, deadline - time.monotonic()))
            self.retire(worker)
        while self.stopping and time.monotonic() < deadline + STOP_GRACE:
            self.reap()
            time.sleep(0.05)
        self.reap(force=True)


def run(tasks: list[Task], workers: int, on_result: Callable[[Task, Any], None],
        on_failure: Callable[[Task, Failure], None], *, pause: Callable[[], None] | None = None,
        resume: Callable[[], None] | None = None, started: Callable[[], None] | None = None) -> None:
    """Run every task; each ends in exactly one ``on_result`` or ``on_failure`` call."""
    if workers <= 0:
        if started:
            started()
        for task in tasks:
            budget.start(task.soft)
            try:
                result = task.fn(*task.args)
            except Exception as exc:  # noqa: BLE001
                on_failure(task, Failure("error", f"{type(exc).__name__}: {exc}"[:300]))
            else:
                on_result(task, result)
            finally:
                budget.stop()
        return
    pool = _Pool(min(workers, len(tasks)) or 1, on_result, on_failure, pause, resume)
    queue = deque(tasks)
    pool.shown = started is None          # without a start signal the caller's bar may be running
    try:
        pool.adopt()
        while len(pool.workers) < min(pool.size, len(queue)):
            pool.spawn()
        if started:
            started()
        pool.shown = True
        while queue or any(w.task is not None for w in pool.workers):
            while queue and len(pool.workers) < pool.size:
                pool.spawn()
            for worker in list(pool.workers):
                task = pool.take(worker, queue) if worker.task is None and queue else None
                if task is not None:
                    try:
                        pool.give(worker, task)
                    except OSError:                 # the worker died while idle
                        worker.task = task
                        _crashed(pool, worker, task, queue)
            busy = [w for w in pool.workers if w.task is not None]
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in busy) - now) if busy else 0.0
            if pool.stopping:
                timeout = min(timeout, 0.2)
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=timeout)
            pool.reap()
            for worker in busy:
                task = worker.task
                if task is None:
                    continue
                if worker.conn in ready:
                    try:
                        tid, status, value = worker.conn.recv()
                    except (EOFError, OSError):
                        tid, status, value = worker.tid, "crash", ""
                    if tid != worker.tid:
                        continue
                    if status == "crash":
                        _crashed(pool, worker, task, queue)
                        continue
                    worker.task = None
                    pool.lane_done(worker, task, queue)
                    if status == "ok":
                        on_result(task, value)
                    else:
                        on_failure(task, Failure("error", value))
                elif worker.proc.sentinel in ready:
                    _crashed(pool, worker, task, queue)
                elif time.monotonic() > worker.deadline:
                    pool.retire(worker)
                    on_failure(task, Failure("timeout"))
    except BaseException:
        with no_interrupt():             # a second Ctrl-C must not cut the clean-up short
            pool.close()
        raise
    pool.hand_on()


@contextlib.contextmanager
def keep():
    """Within it, the reading workers of one ``run`` serve the next ones too (see the module's
    docstring); on leaving, the kept workers are stopped. Nested uses share the outer one."""
    if _kept is not None:
        yield
        return
    start_keeping()
    try:
        yield
    finally:
        release()


def start_keeping() -> None:
    """From now on, as inside ``keep()``, until ``release()`` (a process that reads case after
    case for its whole life)."""
    global _kept
    if _kept is None:
        _kept = []


def release() -> None:
    """Stop the workers kept by ``keep()`` and end it."""
    global _kept
    kept, _kept = _kept, None
    if kept:
        with no_interrupt():
            _Pool(len(kept), lambda t, r: None, lambda t, f: None, workers=kept).close()


@contextlib.contextmanager
def no_interrupt():
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:                    # not the main thread
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _crashed(pool: _Pool, worker: _Worker, task: Task, queue: deque) -> None:
    pool.retire(worker)
    task.attempts += 1
    if task.attempts < 2:
        queue.append(task)
    else:
        code = worker.proc.exitcode
        pool.on_failure(task, Failure("crash", "" if code is None else str(code)))
