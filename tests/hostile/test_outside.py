"""Nothing from outside the case is read, nothing of kaohe's own is scored, nothing is written into the case."""
from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

from tests.readers.test_read_case import tree_state

from .helpers import SECRET, assert_nothing_outside, kaohe, make_case, secret_outside


def documents(out: Path) -> dict[str, dict]:
    data = json.loads((out / "case" / "results.json").read_text(encoding="utf-8"))
    return {d["file"]: d for d in data["documents"]}


def test_links_and_special_files_are_listed_and_never_opened(tmp_path):
    case = make_case(tmp_path)
    outside = secret_outside(tmp_path)
    os.mkfifo(outside / "管道")                     # opening this would hang the run
    os.symlink(outside / "passwd.txt", case / "口令.txt")
    os.symlink(outside / "sub", case / "外部文件夹")
    os.symlink(outside / "管道", case / "指向管道.txt")
    os.symlink("/dev/zero", case / "零.txt")
    os.symlink(tmp_path / "没有这个文件.pdf", case / "断链.pdf")
    os.symlink(case / "01-领导小组.docx", case / "副本链接.docx")
    os.mkfifo(case / "管道.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(case / "套接字"))
    before = lstat_tree(case)
    try:
        res = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"), "--no-cache", timeout=180)
    finally:
        sock.close()
    assert res.returncode == 0, res.stderr
    docs = documents(tmp_path / "out")
    for name in ("口令.txt", "指向管道.txt", "零.txt"):
        assert docs[name]["error"] == (f"“{name}”是符号链接，未读取（指向案例文件夹以外的位置）；kaohe 只读取案例文件夹内的"
                                       "普通文件，请把文件本身放入案例文件夹")
    assert docs["外部文件夹"]["error"].startswith("“外部文件夹”是指向文件夹的符号链接，未读取（指向案例文件夹以外的位置）")
    assert "指向的位置不存在" in docs["断链.pdf"]["error"]
    assert "指向案例文件夹内的“01-领导小组.docx”，该文件按其本身读取" in docs["副本链接.docx"]["error"]
    assert docs["管道.txt"]["error"] == "“管道.txt”是命名管道（FIFO），不是普通文件，未读取"
    assert docs["套接字"]["error"] == "“套接字”是套接字（socket），不是普通文件，未读取"
    assert docs["01-领导小组.docx"]["error"] is None                 # the real file is still read
    assert "外部文件夹/机密.txt" not in docs
    assert_nothing_outside(tmp_path / "out", res.stdout, res.stderr)
    assert lstat_tree(case) == before


def lstat_tree(root: Path) -> dict:
    """Every entry under root, links and FIFOs included, without following or opening any."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st = p.lstat()
            state[p.relative_to(root).as_posix()] = (st.st_mode, st.st_mtime_ns, st.st_size)
    return state


def test_read_returns_at_once_on_a_fifo_and_on_dev_zero(tmp_path):
    os.mkfifo(tmp_path / "管道")
    res = kaohe(tmp_path, "read", str(tmp_path / "管道"), timeout=60)
    assert res.returncode == 0
    assert "“管道”是命名管道（FIFO），不是普通文件，未读取" in res.stdout
    res = kaohe(tmp_path, "read", "/dev/zero", timeout=60)
    assert res.returncode == 0
    assert "“zero”是字符设备文件，不是普通文件，未读取" in res.stdout


def test_own_outputs_and_cache_inside_a_unit_folder_are_not_evidence(tmp_path):
    case = make_case(tmp_path)
    first = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"))
    assert first.returncode == 0, first.stderr
    again = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"))       # results.previous.json too
    assert again.returncode == 0 and (tmp_path / "out" / "case" / "results.previous.json").is_file()
    # A unit sends last year's outbox back, with a stray review.xlsx and a copy of a read cache.
    shutil.copytree(tmp_path / "out" / "case", case / "上次结果")
    (case / "上次结果" / "说明.txt").write_text("单位自己放的说明文字\n", encoding="utf-8")
    (case / "杂项").mkdir()
    shutil.copy(tmp_path / "out" / "case" / "review.xlsx", case / "杂项" / "review.xlsx")
    shutil.copy(tmp_path / "cache" / "read-cache.sqlite3", case / "杂项" / "read-cache.sqlite3")
    second = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out2"))
    assert second.returncode == 0, second.stderr
    data = json.loads((tmp_path / "out2" / "case" / "results.json").read_text(encoding="utf-8"))
    files = {d["file"] for d in data["documents"]}
    assert files == {"01-领导小组.docx", "上次结果/说明.txt"}
    notes = [p["message"] for p in data["problems"] if p["stage"] == "read-note"]
    assert any(n.startswith("文件夹“上次结果”是 kaohe 的输出文件夹（含 results.json），其中 kaohe 生成的 ")
               for n in notes), notes
    assert "“杂项/review.xlsx”是 kaohe 生成的评审表，不是佐证材料，未读取" in notes
    assert "文件夹“杂项”中的“read-cache.sqlite3”是 kaohe 的读取缓存，不是佐证材料，未读取；缓存目录不应放在案例文件夹内" \
        in notes


def test_out_inside_the_case_is_refused_and_nothing_is_written(tmp_path):
    case = make_case(tmp_path)
    before = tree_state(case)
    res = kaohe(tmp_path, "run", str(case), "--out", str(case / "输出"))
    assert res.returncode == 2
    assert "位于案例“case”的佐证材料文件夹之内" in res.stderr and "--out" in res.stderr
    res = kaohe(tmp_path, "run", ".", cwd=case)                 # outbox/ would be created in the case
    assert res.returncode == 2
    assert "位于案例“case”的佐证材料文件夹之内" in res.stderr
    assert tree_state(case) == before


def test_a_cache_inside_the_case_is_refused_before_it_is_created(tmp_path):
    case = make_case(tmp_path)
    before = tree_state(case)
    res = kaohe(tmp_path, "run", str(case), "--out", str(tmp_path / "out"), KAOHE_CACHE_DIR=str(case / "缓存"))
    assert res.returncode == 2
    assert "位于佐证材料文件夹内" in res.stderr and "KAOHE_CACHE_DIR" in res.stderr
    assert not (case / "缓存").exists()
    assert tree_state(case) == before
    assert SECRET not in res.stderr
