"""The findings of a case kept with the read cache (pipeline.evalcache): a run with the same
documents, case.yaml, rules and code takes them from the store; any change evaluates again."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline import evalcache
from pipeline.cache import ReadCache
from pipeline.run import run_case
from scripts.docbuild import write_file

UNITS = {"支援医院": "东江市第一人民医院", "受援医院": "青石县人民医院"}
GROUP = ("@title 东江市第一人民医院关于成立对口支援青石县人民医院工作领导小组的通知\n@to 院内各科室：\n"
         "经研究，决定成立对口支援工作领导小组。\n@left 组　长：王明（院长）\n@left 成　员：李强（医务部主任）\n"
         "领导小组下设办公室，设在医务部，负责日常工作。\n@right 东江市第一人民医院\n@right 2017年1月9日\n")


def make_case(root: Path, units=UNITS, group=GROUP) -> Path:
    folder = root / "case"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(yaml.safe_dump({"form": "duikou", "year": 2017, "units": units},
                                                     allow_unicode=True), encoding="utf-8")
    write_file(folder, {"name": "领导小组.docx", "text": group})
    write_file(folder, {"name": "工作总结.txt", "text": "@title 东江市第一人民医院2017年对口支援工作总结\n"
                        "全年派驻医师12名，院长王明于3月、9月两次赴青石县人民医院调研督导。\n"
                        "@right 东江市第一人民医院\n@right 2017年12月20日\n"})
    return folder


def run(folder: Path, tmp_path: Path):
    with ReadCache(tmp_path / "cache") as cache:
        return run_case(folder, tmp_path / "out", progress=False, cache=cache, render=False)


def items(r) -> str:
    return json.dumps([(i["id"], i["status"], i.get("score"), i["reason"], i["citations"]) for i in r.results["items"]],
                      ensure_ascii=False)


def test_a_second_run_takes_the_findings_from_the_store_and_they_are_the_same(tmp_path):
    folder = make_case(tmp_path)
    first, second = run(folder, tmp_path), run(folder, tmp_path)
    assert not first.findings_cached and second.findings_cached
    assert items(first) == items(second)
    got = {i["id"]: i["status"] for i in second.results["items"]}
    assert got["1.01"] == "met"


def test_a_changed_file_evaluates_again(tmp_path):
    folder = make_case(tmp_path)
    assert run(folder, tmp_path).findings_cached is False
    write_file(folder, {"name": "领导小组.docx", "text": GROUP.replace("@left 组　长：王明（院长）", "@left 组　长：李华（副院长）")})
    again = run(folder, tmp_path)
    assert not again.findings_cached
    assert {i["id"]: i["status"] for i in again.results["items"]}["1.01"] != "met"


def test_changed_units_in_case_yaml_evaluate_again(tmp_path):
    folder = make_case(tmp_path)
    run(folder, tmp_path)
    (folder / "case.yaml").write_text(yaml.safe_dump(
        {"form": "duikou", "year": 2017, "units": {**UNITS, "受援医院": "白河县人民医院"}}, allow_unicode=True),
        encoding="utf-8")
    assert not run(folder, tmp_path).findings_cached


def test_changed_code_evaluates_again(tmp_path, monkeypatch):
    folder = make_case(tmp_path)
    run(folder, tmp_path)
    monkeypatch.setattr(evalcache, "evaluator_version", lambda: "eval:changed")
    assert not run(folder, tmp_path).findings_cached


def test_a_broken_entry_is_dropped_and_the_case_evaluated(tmp_path):
    folder = make_case(tmp_path)
    first = run(folder, tmp_path)
    with ReadCache(tmp_path / "cache") as cache:
        cache.db.execute("UPDATE evidence SET body = ? WHERE version LIKE 'eval:%'", (b"not a pickle",))
        cache.db.commit()
    again = run(folder, tmp_path)
    assert not again.findings_cached and items(again) == items(first)
    assert run(folder, tmp_path).findings_cached


def test_without_a_cache_nothing_is_stored(tmp_path):
    folder = make_case(tmp_path)
    r = run_case(folder, tmp_path / "out", progress=False, cache=False, render=False)
    assert not r.findings_cached
