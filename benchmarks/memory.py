"""Memory of a whole process tree, for the benchmarks: the resident set of a process and of
every process under it (workers, their readers, LibreOffice), summed, sampled from /proc.

    peak = run_sampled(cmd, ...)       # like subprocess.run, plus the tree's peak in bytes

A sum of resident sets counts a page shared by two processes (a forked worker's copy of its
parent's imports) twice: it is what the processes hold as `ps` shows them, an upper bound
on what the machine gives them.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
EVERY = 0.1                     # seconds between samples


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and every live process under it."""
    parents: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry}/statm", "rb") as fh:
                resident = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        if fields[0] in (b"Z", b"X"):          # a zombie holds no memory
            continue
        p = int(entry)
        parents.setdefault(int(fields[1]), []).append(p)
        rss[p] = resident
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(parents.get(p, []))
    return total


def run_sampled(cmd: list[str], **popen) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``cmd`` to its end (stdout and stderr captured as text) while sampling its tree;
    returns the completed process and the peak of the tree's resident memory in bytes."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, **popen)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(EVERY)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(cmd, proc.returncode, out.read().decode("utf-8", "replace"),
                                           err.read().decode("utf-8", "replace"))
    return done, peak
