"""The sample cases shipped in inbox/ run end to end and show a sensible mix of results.

They are what a reviewer sees first (`kaohe run` on a fresh clone), so these tests
pin the behaviours the samples are built to demonstrate: a final 方案 found, a
draft not accepted, a plan-only mention and a negation not counted as done, a
partly evidenced item scored partial, figures missing from 指标数据.xlsx listed as
needs_data, every quote findable in its file, and the evidence folder untouched.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.readcase import read_case
from pipeline.run import run_case

REPO = Path(__file__).resolve().parents[2]
INBOX = REPO / "inbox"
SCRIPT = REPO / "scripts" / "make_samples.py"
CASES = ["示例-医联体", "示例-对口支援"]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("sample-out")
    results = {}
    for name in CASES:
        case_dir = INBOX / name
        if not case_dir.is_dir():
            pytest.fail(f"sample case {case_dir} is missing: run .venv/bin/python scripts/make_samples.py")
        before = snapshot(case_dir)
        run = run_case(case_dir, out, progress=False, cache=False, render=False)
        after = snapshot(case_dir)
        results[name] = {"results": run.results, "before": before, "after": after, "dir": case_dir}
    return results


def items(run: dict) -> dict[str, dict]:
    return {i["id"]: i for i in run["results"]["items"]}


@pytest.mark.parametrize("name", CASES)
def test_every_file_is_read(runs, name):
    docs = runs[name]["results"]["documents"]
    assert docs, "no documents read"
    assert [d["file"] for d in docs if d["error"]] == []
    assert runs[name]["results"]["problems"] == []


@pytest.mark.parametrize("name", CASES)
def test_a_sensible_mix_of_statuses(runs, name):
    statuses = {i["status"] for i in runs[name]["results"]["items"]}
    assert {"met", "not_met", "no_evidence", "needs_data"} <= statuses


@pytest.mark.parametrize("name", CASES)
def test_inbox_folder_unchanged(runs, name):
    assert runs[name]["after"] == runs[name]["before"]


@pytest.mark.parametrize("name", CASES)
def test_every_quote_is_in_its_file(runs, name):
    case_dir = runs[name]["dir"]
    texts = {d.file: squash("".join(b.text for b in d.blocks))
             for d in read_case(case_dir, progress=False, cache=False)}
    checked = 0
    for item in runs[name]["results"]["items"]:
        for c in item["citations"]:
            assert c["file"] in texts, f"{item['id']}: cited file {c['file']} was not read"
            assert squash(c["quote"]) in texts[c["file"]], f"{item['id']}: quote not in {c['file']}: {c['quote']}"
            checked += 1
    assert checked >= 20


def test_yilianti_issued_plan_met(runs):
    item = items(runs["示例-医联体"])["1.1.1"]
    assert item["status"] == "met" and item["score"] == 4
    assert any(c["file"].startswith("01-") for c in item["citations"])


def test_yilianti_draft_plan_not_met(runs):
    item = items(runs["示例-医联体"])["1.2.1"]
    assert item["status"] == "not_met" and item["score"] == 0
    assert "草稿" in item["reason"]
    assert any("征求意见稿" in c["quote"] for c in item["citations"])


def test_yilianti_plan_only_mention_not_met(runs):
    item = items(runs["示例-医联体"])["1.3.3"]
    assert item["status"] == "not_met"
    assert "计划" in item["reason"]
    assert any("下一步将出台" in c["quote"] for c in item["citations"])


def test_yilianti_negation_not_met(runs):
    item = items(runs["示例-医联体"])["1.3.4"]
    assert item["status"] == "not_met"
    assert "尚未做到" in item["reason"]
    assert any("暂未出台" in c["quote"] for c in item["citations"])


def test_yilianti_in_force_trial_rules_count(runs):
    """（试行） marks a document in force: the 双向转诊管理办法（试行） meets 2.1.2."""
    item = items(runs["示例-医联体"])["2.1.2"]
    assert item["status"] == "met"
    assert any("试行" in c["quote"] for c in item["citations"])


def test_yilianti_doc_file_is_evidence(runs):
    item = items(runs["示例-医联体"])["2.2.1"]
    assert item["status"] == "met"
    assert any(c["file"].endswith(".doc") for c in item["citations"])


def test_yilianti_figures_and_self_scores(runs):
    by_id = items(runs["示例-医联体"])
    assert runs["示例-医联体"]["results"]["data_source"] == "指标数据.xlsx"
    assert by_id["4.2.2"]["status"] == "needs_data" and by_id["4.2.2"]["score"] is None
    assert by_id["1.2.2"]["status"] == "met"
    assert by_id["4.2.3"]["status"] == "not_met"
    assert by_id["4.1.3"]["status"] == "partial" and by_id["4.1.3"]["score"] == 1
    assert by_id["1.1.1"]["self_score"] == 4


def test_duikou_draft_plan_not_met(runs):
    item = items(runs["示例-对口支援"])["1.24"]
    assert item["status"] == "not_met"
    assert "草稿" in item["reason"]


def test_duikou_plan_only_publicity_not_met(runs):
    item = items(runs["示例-对口支援"])["1.20"]
    assert item["status"] == "not_met"
    assert "计划" in item["reason"]


def test_duikou_negation_not_met(runs):
    item = items(runs["示例-对口支援"])["1.17"]
    assert item["status"] == "not_met"
    assert "尚未做到" in item["reason"]


def test_duikou_party_meeting_in_year(runs):
    item = items(runs["示例-对口支援"])["1.02"]
    assert item["status"] == "met"
    assert any(c["file"].startswith("03-") for c in item["citations"])


def test_duikou_remote_services_partial(runs):
    item = items(runs["示例-对口支援"])["2.46"]
    assert item["status"] == "partial"
    assert 0 < item["score"] < item["max"]
    assert "远程视频门诊" in item["reason"]


def test_duikou_agreement_and_rules(runs):
    by_id = items(runs["示例-对口支援"])
    assert by_id["2.01"]["status"] == "met"
    assert any(c["file"].endswith(".pdf") and c["file"].startswith("04-") for c in by_id["2.01"]["citations"])
    for item_id in ("1.09", "1.12", "1.13", "1.14"):
        assert by_id[item_id]["status"] == "met", item_id
        # the rules of the 办法, or a decision of the 党政联席会议 (会议同意…), which is a rule in force
        assert all(c["file"].endswith(".doc") or "会议同意" in c["quote"] for c in by_id[item_id]["citations"]), item_id


def test_duikou_figures(runs):
    by_id = items(runs["示例-对口支援"])
    assert by_id["1.08"]["status"] == "needs_data"
    assert by_id["2.41"]["status"] == "needs_data"
    assert by_id["2.26"]["status"] == "met"
    assert by_id["2.15"]["status"] == "partial" and "病理科" in by_id["2.15"]["reason"]
    assert by_id["3.03"]["status"] == "met"


def test_generator_reproduces_the_shipped_files(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)],
                          check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(CASES)
    for name in CASES:
        shipped, fresh = snapshot(INBOX / name), snapshot(tmp_path / name)
        assert sorted(fresh) == sorted(shipped)
        # everything but LibreOffice's .doc output is byte-for-byte reproducible
        differ = [f for f in shipped if not f.endswith(".doc") and shipped[f] != fresh[f]]
        assert differ == []
    assert "已写入" in proc.stdout
