"""The extraction cache: a warm run extracts nothing and gives what a cold run gives;
a lexicon or extractor change re-extracts; a broken entry is extracted again."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import docx
import pytest

from pipeline import extractcache
from pipeline.cache import FILE_NAME, ReadCache
from pipeline.extract.document import extract
from pipeline.readcase import read_case
from pipeline.run import extract_all, run_case
from pipeline.text.lexicon import DEFAULT_PATH

TITLE = "关于印发东江市医联体建设工作方案（甲稿）的通知"


def build_case(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "case.yaml").write_text("form: yilianti\nyear: 2017\n", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("东江市卫生健康委员会")
    d.add_paragraph(TITLE)
    d.add_paragraph("各县（区）卫生健康局：")
    d.add_paragraph("为推进分级诊疗，市卫生健康委员会制定了医联体建设工作方案，已于2017年3月召开会议研究部署。"
                    "牵头医院与成员单位签订了合作协议，建立了双向转诊制度，全年开展远程会诊120次。")
    d.add_paragraph("东江市卫生健康委员会")
    d.add_paragraph("2017年3月20日")
    d.save(str(root / "通知.docx"))
    (root / "会议纪要.txt").write_text(
        "医联体建设工作会议纪要\n会议时间：2017年5月8日\n会议研究了双向转诊工作，明确由牵头医院负责专家下沉。\n"
        "会议决定每季度召开一次联席会议。\n", encoding="utf-8")
    (root / "总结.txt").write_text(
        "2017年医联体工作总结\n牵头医院派出专家36人次，培训基层人员210人次，双向转诊患者460人次。\n"
        "尚未建立绩效考核机制。\n", encoding="utf-8")
    return root


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return build_case(tmp_path / "案例")


def test_warm_extraction_is_the_cold_one_and_extracts_nothing(case: Path, tmp_path: Path, monkeypatch) -> None:
    with ReadCache(tmp_path / "cache") as cache:
        docs = read_case(case, cache=cache, progress=False)
        cold, cold_problems = extract_all(docs, cache)
        plain = [extract(d) for d in docs if d.blocks]
    assert len(cold) == 3 and not cold_problems
    assert cold == plain                      # the cache changes nothing in what is extracted

    calls = []
    monkeypatch.setattr(extractcache, "extract", lambda doc: calls.append(doc.file) or extract(doc))
    with ReadCache(tmp_path / "cache") as cache:
        docs = read_case(case, cache=cache, progress=False)
        run = extractcache.CachedExtract(cache)
        warm = [run(d) for d in docs if d.blocks]
    assert calls == []                        # nothing extracted again
    assert (run.hits, run.misses) == (3, 0)
    assert warm == cold
    assert all(ev.document is doc for ev, doc in zip(warm, [d for d in docs if d.blocks]))


def test_warm_run_writes_the_cold_results(case: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAOHE_CACHE_DIR", str(tmp_path / "cache"))
    cold = run_case(case, tmp_path / "out1", progress=False)
    calls = []
    monkeypatch.setattr(extractcache, "extract", lambda doc: calls.append(doc.file) or extract(doc))
    warm = run_case(case, tmp_path / "out2", progress=False)
    assert calls == []
    for key in ("items", "documents", "total", "problems"):
        assert warm.results[key] == cold.results[key], key
    a = json.loads((cold.out_dir / "results.json").read_text(encoding="utf-8"))
    b = json.loads((warm.out_dir / "results.json").read_text(encoding="utf-8"))
    assert a["items"] == b["items"] and a["total"] == b["total"]
    assert set(warm.timings) == {"read", "extract", "evaluate", "render"}


def test_a_lexicon_change_extracts_again(case: Path, tmp_path: Path, monkeypatch) -> None:
    first = tmp_path / "lexicon-a.yaml"
    shutil.copyfile(DEFAULT_PATH, first)
    monkeypatch.setenv("KAOHE_LEXICON", str(first))
    with ReadCache(tmp_path / "cache") as cache:
        docs = read_case(case, cache=cache, progress=False)
        before, _ = extract_all(docs, cache)
    notice = next(ev for ev in before if ev.document.file == "通知.docx")
    assert not notice.meta.draft                  # 甲稿 is no draft marker yet

    second = tmp_path / "lexicon-b.yaml"           # the same lexicon with one more draft marker
    text = first.read_text(encoding="utf-8")
    assert "    - 未定稿\n" in text
    second.write_text(text.replace("    - 未定稿\n", "    - 未定稿\n    - 甲稿\n", 1), encoding="utf-8")
    monkeypatch.setenv("KAOHE_LEXICON", str(second))
    with ReadCache(tmp_path / "cache") as cache:
        run = extractcache.CachedExtract(cache)
        after = [run(d) for d in docs if d.blocks]
    assert (run.hits, run.misses) == (0, 3)
    assert next(ev for ev in after if ev.document.file == "通知.docx").meta.draft
    assert after == [extract(d) for d in docs if d.blocks]


def test_the_version_follows_the_extractor_sources_and_lexicon(tmp_path: Path) -> None:
    sources = []
    for name in ("a.py", "b.py"):
        sources.append(tmp_path / name)
        sources[-1].write_text("x = 1\n", encoding="utf-8")
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("draft: {markers: [草案]}\n", encoding="utf-8")
    v1 = extractcache.extractor_version(sources, lexicon)
    assert extractcache.extractor_version(sources, lexicon) == v1
    sources[1].write_text("x = 2\n", encoding="utf-8")
    v2 = extractcache.extractor_version(sources, lexicon)
    lexicon.write_text("draft: {markers: [草案, 讨论稿]}\n", encoding="utf-8")
    v3 = extractcache.extractor_version(sources, lexicon)
    assert len({v1, v2, v3}) == 3
    names = {p.relative_to(extractcache._PACKAGE).parts[0] for p in extractcache.extractor_sources()}
    assert {"extract", "text", "model.py"} <= names


def test_a_corrupt_entry_is_extracted_again(case: Path, tmp_path: Path) -> None:
    with ReadCache(tmp_path / "cache") as cache:
        docs = read_case(case, cache=cache, progress=False)
        cold, _ = extract_all(docs, cache)
    db = sqlite3.connect(tmp_path / "cache" / FILE_NAME)
    keys = [row[0] for row in db.execute("SELECT key FROM evidence ORDER BY key")]
    assert len(keys) == 3
    # one entry of garbage, one that unpickles to something other than a data class of ours
    import pickle
    import zlib
    db.execute("UPDATE evidence SET body = ? WHERE key = ?", (b"\x00not zlib", keys[0]))
    db.execute("UPDATE evidence SET body = ? WHERE key = ?",
               (zlib.compress(pickle.dumps(shutil.rmtree)), keys[1]))
    db.commit()
    db.close()
    with ReadCache(tmp_path / "cache") as cache:
        run = extractcache.CachedExtract(cache)
        again = [run(d) for d in docs if d.blocks]
        assert (run.hits, run.misses) == (1, 2)
        assert again == cold
    with ReadCache(tmp_path / "cache") as cache:     # the broken entries were replaced
        run = extractcache.CachedExtract(cache)
        assert [run(d) for d in docs if d.blocks] == cold
        assert (run.hits, run.misses) == (3, 0)


def test_a_different_document_is_a_different_entry(case: Path, tmp_path: Path) -> None:
    with ReadCache(tmp_path / "cache") as cache:
        docs = read_case(case, cache=cache, progress=False)
        extract_all(docs, cache)
        (case / "总结.txt").write_text("2017年医联体工作总结\n已建立绩效考核机制。\n", encoding="utf-8")
        docs = read_case(case, cache=cache, progress=False)
        run = extractcache.CachedExtract(cache)
        evs = [run(d) for d in docs if d.blocks]
    assert (run.hits, run.misses) == (2, 1)
    assert evs == [extract(d) for d in docs if d.blocks]


def test_no_cache_extracts_as_before(case: Path) -> None:
    docs = read_case(case, cache=False, progress=False)
    evs, problems = extract_all(docs, None)
    assert evs == [extract(d) for d in docs if d.blocks] and not problems
