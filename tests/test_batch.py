"""A batch of cases in parallel: the results of one after another, one outcome per case in
order, cases of one output folder kept together, a killed worker's cases run again."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import docx
from click.testing import CliRunner

from pipeline import batch
from pipeline.cli import cli

UNITS = {"支援医院": "东江市第一人民医院", "受援医院": "青石县人民医院"}


def build_case(root: Path, n: int) -> Path:
    root.mkdir(parents=True)
    (root / "case.yaml").write_text("form: duikou\nyear: 2016\nunits:\n"
                                    + "".join(f"  {k}: {v}\n" for k, v in UNITS.items()), encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("东江市第一人民医院")
    d.add_paragraph(f"关于对口支援青石县人民医院的工作方案（第{n}号）")
    d.add_paragraph(f"东江市第一人民医院派驻{n + 2}名医师到青石县人民医院开展对口支援工作，为期一年。")
    d.add_paragraph("双方签订了对口支援协议，每季度召开一次联席会议，通报工作进展。")
    d.add_paragraph("东江市第一人民医院")
    d.add_paragraph("2016年3月1日")
    d.save(str(root / "方案.docx"))
    (root / "总结.txt").write_text(f"2016年对口支援工作总结\n支援医院专家团队开展带教查房{n * 3}次，指导手术{n}台。\n"
                                 "受援医院选派2名业务骨干到支援医院进修学习。\n", encoding="utf-8")
    return root


def cases(tmp_path: Path, count: int = 3) -> list[Path]:
    return [build_case(tmp_path / "inbox" / f"案例{i + 1}", i + 1) for i in range(count)]


def comparable(outcome: batch.Outcome) -> dict:
    data = json.loads((outcome.run.out_dir / "results.json").read_text(encoding="utf-8"))
    return {k: data[k] for k in ("case", "items", "documents", "total", "problems")}


def test_parallel_is_serial(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    dirs = cases(tmp_path)
    serial = batch.run_cases(dirs, tmp_path / "serial", jobs=1, progress=False)
    parallel = batch.run_cases(dirs, tmp_path / "parallel", jobs=2, progress=False, cache=False)
    assert [o.folder for o in parallel] == dirs
    assert [o.error for o in parallel] == [None] * 3
    assert [comparable(o) for o in parallel] == [comparable(o) for o in serial]
    assert [o.run.out_dir.parent.name for o in parallel] == ["parallel"] * 3
    assert {o.run.case.name for o in parallel} == {"案例1", "案例2", "案例3"}


def test_a_case_error_is_its_own(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    dirs = cases(tmp_path, 2)
    (dirs[0] / "case.yaml").write_text("form: 不存在的表\n", encoding="utf-8")
    out = batch.run_cases(dirs, tmp_path / "out", jobs=2, progress=False)
    assert out[0].run is None and "不存在的表" in out[0].error
    assert out[1].error is None and (out[1].run.out_dir / "results.json").is_file()


def test_cases_of_one_output_folder_stay_together(tmp_path: Path) -> None:
    a = build_case(tmp_path / "甲" / "同名", 1)
    b = build_case(tmp_path / "乙" / "同名", 2)
    c = build_case(tmp_path / "丙" / "别名", 3)
    assert batch.groups([a, c, b]) == [[0, 2], [1]]


def test_the_command_runs_cases_in_parallel(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    dirs = cases(tmp_path)
    runner = CliRunner()
    one = runner.invoke(cli, ["run", *map(str, dirs), "--out", str(tmp_path / "o1"), "--jobs", "1", "--json"])
    two = runner.invoke(cli, ["run", *map(str, dirs), "--out", str(tmp_path / "o2"), "--jobs", "2", "--json"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    strip = lambda s: [{k: v for k, v in c.items() if k != "out"} for c in s["cases"]]   # noqa: E731
    assert strip(a) == strip(b) and len(a["cases"]) == 3
    for d in dirs:
        x = json.loads((tmp_path / "o1" / d.name / "results.json").read_text(encoding="utf-8"))
        y = json.loads((tmp_path / "o2" / d.name / "results.json").read_text(encoding="utf-8"))
        assert x["items"] == y["items"]
    assert (tmp_path / "o2" / "汇总表.xlsx").is_file()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def test_a_killed_worker_loses_no_case(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    dirs = cases(tmp_path, 4)
    serial = batch.run_cases(dirs, tmp_path / "serial", jobs=1, progress=False)
    killed: list[int] = []
    before = set(_children(os.getpid()))      # the case workers are the children forked from now on

    def kill_first_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for pid in _children(os.getpid()):
                if pid not in before:
                    time.sleep(1.0)          # let it take a case
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_first_worker)
    killer.start()
    got = batch.run_cases(dirs, tmp_path / "parallel", jobs=2, progress=False)
    killer.join()
    assert killed
    assert [o.error for o in got] == [None] * 4
    assert [comparable(o) for o in got] == [comparable(o) for o in serial]
    assert any("处理进程异常退出" in n for o in got for n in o.notices)
