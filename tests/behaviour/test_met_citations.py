"""Every `met` is proved by what it cites: walk results.json of the sample cases in inbox/ and
of every held-out case, and check each citation of a met item.

A citation given for met is a verbatim quote of the cited file (Ctrl-F finds it) in the done
modality or a rule in force: none of its clauses is negated (尚未, 暂未) or planned (拟, 将,
力争, 仍在论证), unless the item accepts a plan's targets (a 发展规划's goals, a 派驻人员's
量化 targets with their 时间表); and it is not
a heading or a table header alone."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.readcase import read_case
from pipeline.rulebook.loader import iter_items, load_form
from pipeline.run import run_case
from pipeline.text.clauses import split_clauses
from pipeline.text.variants import simplified

REPO = Path(__file__).resolve().parents[2]
CASES = sorted(p.parent for p in (REPO / "inbox").glob("*/case.yaml")) + \
    sorted(p for s in (REPO / "heldout").glob("*/cases") for p in s.iterdir() if (p / "case.yaml").is_file())


def _accepts_plans(form_id: str, item_id: str) -> bool:
    """The item asks for a plan's targets (accept_planned), or for targets with 量化 task items and
    a 时间表 (quantified, timed): its support is what is to be done, by when."""
    item = next(it for _, it in iter_items(load_form(form_id)) if it.id == item_id)
    return any(getattr(c, "accept_planned", False) or getattr(c, "quantified", False) or getattr(c, "timed", False)
               for c in item.checks)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[tuple[Path, dict]]:
    out = tmp_path_factory.mktemp("met-citations")
    return [(case, run_case(case, out, progress=False, render=False).results) for case in CASES]


def test_there_are_cases_to_walk():
    assert len(CASES) >= 10, CASES


def test_every_met_citation_is_verbatim_and_done(results):
    problems, checked = [], 0
    for case, res in results:
        texts = {d.file: _squash(d.text) for d in read_case(case, progress=False)}
        for item in res["items"]:
            if item["status"] != "met" or item["type"] != "qualitative":
                continue
            assert item["citations"], f"{case.name} {item['id']}: met without a citation"
            plans_ok = _accepts_plans(res["form"], item["id"])
            for c in item["citations"]:
                checked += 1
                if _squash(c["quote"]) not in texts.get(c["file"], ""):
                    problems.append(f"{case.name} {item['id']}: quote not in {c['file']}: {c['quote'][:60]}")
                # a negated breach (没有擅自离岗情况) states the good state: it is no denial (README)
                bad = [cl.modality for cl in split_clauses(simplified(c["quote"]))
                       if (cl.modality == "negated" and not _no_breach(cl.text))
                       or (cl.modality == "planned" and not plans_ok)]
                if bad:
                    problems.append(f"{case.name} {item['id']}: {bad[0]} quote cited for met: {c['quote'][:80]}")
    assert checked > 100
    assert not problems, "\n".join(problems)


def _no_breach(text: str) -> bool:
    from pipeline.text.lexicon import load
    rx = load().no_breach
    return rx is not None and bool(rx.search(text))


_DATE_ONLY = re.compile(r"^(?:[^\u4e00-\u9fff]*|.{0,6}[:：])?[\d〇○零一二三四五六七八九十年月日号时分上下午至到—\-－:：.\s]*"
                        r"(?:地点[:：].{0,30})?$")


def test_a_met_is_never_proved_by_a_date_alone(results):
    """"时间：2016年1月19日" proves nothing about the topic: some citation of a met must say more."""
    problems = []
    for case, res in results:
        for item in res["items"]:
            if item["status"] != "met" or item["type"] != "qualitative" or not item["citations"]:
                continue
            if all(_DATE_ONLY.match(_squash(c["quote"])) for c in item["citations"]):
                problems.append(f"{case.name} {item['id']}: only dates cited: {[c['quote'] for c in item['citations']]}")
    assert not problems, "\n".join(problems)


def test_the_date_only_pattern():
    assert _DATE_ONLY.match("时间：2016年1月19日") and _DATE_ONLY.match("2016年1月26日下午")
    assert _DATE_ONLY.match("时间：2016年1月19日地点：门诊楼十二楼第一会议室")
    assert not _DATE_ONLY.match("议题：专题研究2016年对口支援工作。")
