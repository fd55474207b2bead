"""Ctrl-C during a real LibreOffice conversion: one line, exit 130, no process and no temp file left;
temp folders go on every other exit path too."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.readers import convert
from tests.readers.test_read_case import _soffice_docs

from .helpers import KAOHE, env, make_case

pytestmark = pytest.mark.skipif(convert.find_soffice() is None, reason="LibreOffice is not installed")


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live (not zombie) processes that mention ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmd and state not in ("Z", "X"):
            found.append(cmd)
    return found


def _as_in_a_terminal() -> None:
    """SIGINT as a terminal leaves it: a background shell job would hand kaohe SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _with_docs(case: Path, tmp_path: Path, count: int = 30) -> Path:
    made = _soffice_docs(tmp_path, {f"纪要{i}": f"第{i}次对口支援工作会议纪要。" * 30 for i in range(count)})
    for stem, data in made.items():
        (case / f"{stem}.doc").write_bytes(data)
    return case


def _stop_during_conversion(tmp_path: Path, cases: list[Path], how: str, *extra: str) -> None:
    """Ctrl-C reaches the whole process group; SIGKILL only the main process, whose workers
    must then stop LibreOffice and clean up by themselves."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(KAOHE + ["run", *map(str, cases), "--out", str(tmp_path / "out"), "--no-cache", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(tmp_path),
                            env=env(tmp_path, TMPDIR=str(tmp)), start_new_session=True,
                            preexec_fn=_as_in_a_terminal)
    try:
        assert wait_for(lambda: any("soffice" in c for c in processes_mentioning(str(tmp))), 120), \
            "LibreOffice never started"
        time.sleep(0.5)
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)          # what a terminal's Ctrl-C does
        else:
            os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    if how == "ctrl-c":
        assert proc.returncode == 130
        assert err == "已中止（Ctrl-C），未完成的输出没有写入。\n"
        assert "Traceback" not in out + err
    else:
        assert proc.returncode == -signal.SIGKILL
    assert wait_for(lambda: not processes_mentioning(str(tmp)), 10), processes_mentioning(str(tmp))
    assert list(tmp.iterdir()) == []
    for case in cases:
        assert not (tmp_path / "out" / case.name / "results.json").exists()


@pytest.mark.parametrize("how", ["ctrl-c", "kill-9"])
def test_stopping_during_conversion_leaves_nothing_behind(tmp_path, how):
    _stop_during_conversion(tmp_path, [_with_docs(make_case(tmp_path), tmp_path)], how)


@pytest.mark.parametrize("how", ["ctrl-c", "kill-9"])
def test_stopping_a_batch_during_conversion_leaves_nothing_behind(tmp_path, how):
    """Two cases at once (--jobs 2): the case workers and their readers stop as one case's do."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _with_docs(make_case(tmp_path / "a", "甲"), tmp_path / "a")
    second = make_case(tmp_path / "b", "乙")
    for doc in first.glob("*.doc"):
        (second / doc.name).write_bytes(doc.read_bytes())
    _stop_during_conversion(tmp_path, [first, second], how, "--jobs", "2")


def test_temp_folder_goes_on_an_exception_and_stale_ones_are_swept(tmp_path, monkeypatch):
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / "kaohe-convert-999999999-abc"        # left by a process killed outright
    (stale / "in").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    made = _soffice_docs(tmp_path / "src", {"一": "第一份", "二": "第二份"})

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(convert, "_read_converted", interrupted)
    with pytest.raises(KeyboardInterrupt):
        convert.convert_many([(made["一"], "一.doc"), (made["二"], "二.doc")])
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("kaohe-convert-")] == []
    assert not processes_mentioning(str(tmp_path / "kaohe-convert-"))
