"""The reading pool's lanes (one task of a lane at a time, on one worker, replaced after the
lane's last task) and keep() (workers serving run after run), with real worker processes."""
from __future__ import annotations

import os
import time

from pipeline import workers


def _stint(seconds: float) -> tuple[int, float, float]:
    start = time.monotonic()
    time.sleep(seconds)
    return os.getpid(), start, time.monotonic()


def _run(tasks: list[workers.Task], size: int) -> dict[int, tuple[int, float, float]]:
    got: dict[int, tuple[int, float, float]] = {}
    failed: list = []
    workers.run(tasks, size, lambda t, r: got.__setitem__(t.tag, r), lambda t, f: failed.append((t.tag, f)))
    assert failed == []
    return got


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_a_lane_runs_one_task_at_a_time_on_one_worker_while_the_others_go_on():
    lane = [workers.Task(_stint, (0.4,), 30, 60, tag=i, lane="ocr") for i in range(3)]
    rest = [workers.Task(_stint, (0.1,), 30, 60, tag=10 + i) for i in range(6)]
    got = _run(lane + rest, 2)
    assert sorted(got) == [0, 1, 2] + list(range(10, 16))
    spans = sorted(got[i][1:] for i in range(3))
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))        # never two at once
    lane_pids = {got[i][0] for i in range(3)}
    assert len(lane_pids) == 1
    # the other worker read every other task meanwhile: they all ended before the lane did
    assert {got[i][0] for i in range(10, 16)}.isdisjoint(lane_pids)
    assert max(got[i][2] for i in range(10, 16)) < spans[-1][1]


def test_the_lane_worker_is_replaced_after_the_lanes_last_task_and_the_others_are_kept():
    with workers.keep():
        first = _run([workers.Task(_stint, (0.3,), 30, 60, tag=0, lane="ocr")]
                     + [workers.Task(_stint, (0.05,), 30, 60, tag=i) for i in range(1, 5)], 2)
        lane_pid = first[0][0]
        others = {first[i][0] for i in range(1, 5)}
        deadline = time.monotonic() + 10
        while _alive(lane_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(lane_pid)                    # what the lane loaded is given back
        second = _run([workers.Task(_stint, (0.05,), 30, 60, tag=i) for i in range(4)], 1)
        assert {pid for pid, _, _ in second.values()} <= others    # a kept worker, not a new one
        kept = {pid for pid, _, _ in second.values()}
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in kept) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in kept)            # keep() stops them when it ends


def test_without_keep_every_run_starts_and_stops_its_own_workers():
    first = _run([workers.Task(_stint, (0.01,), 30, 60, tag=i) for i in range(2)], 1)
    second = _run([workers.Task(_stint, (0.01,), 30, 60, tag=i) for i in range(2)], 1)
    a, b = {p for p, _, _ in first.values()}, {p for p, _, _ in second.values()}
    assert a.isdisjoint(b)
    assert not any(_alive(p) for p in a | b)


def test_a_lane_task_past_its_deadline_frees_the_lane_for_the_next(monkeypatch):
    monkeypatch.setattr(workers, "STOP_GRACE", 0.5)
    tasks = [workers.Task(_stint, (30,), 0.5, 0.5, tag=0, lane="ocr"),
             workers.Task(_stint, (0.05,), 30, 60, tag=1, lane="ocr")]
    got: dict = {}
    failed: list = []
    workers.run(tasks, 2, lambda t, r: got.__setitem__(t.tag, r), lambda t, f: failed.append((t.tag, f.kind)))
    assert failed == [(0, "timeout")]
    assert list(got) == [1]


def test_tasks_of_two_lanes_never_run_at_the_same_time():
    tasks = [workers.Task(_stint, (0.3,), 30, 60, tag=0, lane="convert")]
    tasks += [workers.Task(_stint, (0.2,), 30, 60, tag=i, lane="ocr") for i in (1, 2)]
    tasks += [workers.Task(_stint, (0.05,), 30, 60, tag=10 + i) for i in range(4)]
    got = _run(tasks, 2)
    convert, ocr = got[0][1:], sorted(got[i][1:] for i in (1, 2))
    assert all(convert[1] <= start or end <= convert[0] for start, end in ocr)
    assert min(got[10 + i][1] for i in range(4)) < convert[1]     # the other worker did not wait
