"""A corrupt, unreadable or wrong-schema read cache is said once, moved aside and rebuilt."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from pipeline.cache import FILE_NAME, ReadCache, take_notices
from pipeline.readcase import read_case

from .helpers import kaohe, make_case


def spoil(cache_dir, how: str) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / FILE_NAME
    if how == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif how == "schema":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE documents (key TEXT, value BLOB)")
        db.commit()
        db.close()
    elif how == "unreadable":
        path.mkdir()                                        # a folder where the file should be
        (path / "x").write_text("x")


@pytest.mark.parametrize("how", ["garbage", "schema", "unreadable"])
def test_a_broken_cache_is_said_once_moved_aside_and_rebuilt(tmp_path, how):
    cases = [make_case(tmp_path, "甲"), make_case(tmp_path, "乙")]
    cache_dir = tmp_path / "cache"
    spoil(cache_dir, how)
    if how == "garbage":          # a run over two cases says it once
        res = kaohe(tmp_path, "run", *map(str, cases), "--out", str(tmp_path / "out"),
                    KAOHE_CACHE_DIR=str(cache_dir))
    else:
        res = kaohe(tmp_path, "read", str(cases[0]), KAOHE_CACHE_DIR=str(cache_dir))
    assert res.returncode == 0, res.stderr
    notices = [line for line in res.stderr.splitlines() if "读取缓存" in line]
    assert len(notices) == 1, res.stderr
    assert notices[0].startswith(f"提示：读取缓存“{cache_dir / FILE_NAME}”已损坏或无法读取")
    assert "并重新建立" in notices[0]
    aside = [p.name for p in cache_dir.iterdir() if p.name.startswith(FILE_NAME + ".broken-")]
    assert len(aside) == 1
    again = kaohe(tmp_path, "read", str(cases[0]), KAOHE_CACHE_DIR=str(cache_dir))
    assert again.returncode == 0 and "读取缓存" not in again.stderr
    cache = ReadCache(cache_dir)
    read_case(cases[0], cache=cache, progress=False)
    assert cache.hits == 1 and cache.misses == 0           # later runs are warm
    cache.close()


def test_a_cache_that_cannot_be_made_is_said_and_the_run_goes_on(tmp_path):
    case = make_case(tmp_path)
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    take_notices()
    docs = read_case(case, cache=ReadCache(blocker / "cache"), progress=False)
    assert docs and docs[0].blocks
    notices = take_notices()
    assert len(notices) == 1 and "无法使用" in notices[0] and "本次不使用缓存" in notices[0]


def test_a_damaged_entry_is_dropped_and_read_again(tmp_path):
    case = make_case(tmp_path)
    cache_dir = tmp_path / "cache"
    first = read_case(case, cache=ReadCache(cache_dir), progress=False)
    db = sqlite3.connect(cache_dir / FILE_NAME)
    db.execute("UPDATE documents SET body = ?", (b"damaged",))
    db.commit()
    db.close()
    cache = ReadCache(cache_dir)
    assert read_case(case, cache=cache, progress=False) == first
    assert cache.misses == 1
    cache.close()
    cache = ReadCache(cache_dir)
    read_case(case, cache=cache, progress=False)
    assert cache.hits == 1
    cache.close()
    shutil.rmtree(cache_dir)
