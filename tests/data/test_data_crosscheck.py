"""Reported figures against the same figures stated in the evidence documents."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipeline.data.model import LAST, THIS, FigureData
from pipeline.evaluate.crosscheck import agree, crosscheck, match_figure
from pipeline.evaluate.quantitative import score_quantitative
from pipeline.model import Citation
from pipeline.rulebook.loader import load_form

Y = load_form("yilianti", 2017)
D = load_form("duikou", 2015)


@dataclass
class Found:
    label: str
    value: float
    unit: str
    quote: str
    file: str = "总结.docx"
    page: int | None = None
    locator: str | None = "第3段"
    modality: str = "done"
    relation: str | None = "达到"


@pytest.mark.parametrize("label,quote,key", [
    ("重点人群签约率", "", "重点人群签约率"), ("全市重点人群签约率", "", "重点人群签约率"),
    ("签约率", "重点人群签约率为62.3%", "重点人群签约率"), ("签约率", "家庭医生签约率65%", None),
    ("梅毒感染孕产妇治疗率", "", "梅毒感染孕产妇治疗率"), ("县域内就诊率", "", "县域内就诊率"),
    ("住院率", "住院率80%", None), ("住院率", "县域内住院率80%", "县域内住院率"), ("率", "", None),
    ("家庭医生签约人数", "", None)])
def test_matching_is_conservative(label, quote, key):
    fig = match_figure(Y, label, quote)
    assert (fig.key if fig else None) == key


def test_duikou_exact_beats_tail():
    assert match_figure(D, "平均住院日").key == "平均住院日"
    assert match_figure(D, "手术前平均住院日").key == "手术前平均住院日"
    assert match_figure(D, "住院日") is None   # a tail of two keys


@pytest.mark.parametrize("a,b,same", [(62, 62.3, True), (62.3, 62.3, True), (62.3, 62.8, False), (62.3, 65, False),
                                      (1320, 1321, False), (1320, 1320, True), (62.5, 62, True)])
def test_agreement_is_rounding(a, b, same):
    assert agree(a, b) is same


def test_agreeing_figure_is_cited_without_a_flag():
    data = FigureData(values={("重点人群签约率", THIS): 62.3}, source="t.xlsx")
    found = [Found("重点人群签约率", 62.3, "%", "重点人群签约率达到62.3%", page=2)]
    r = next(r for r in score_quantitative(Y, data, found) if r.item_id == "2.2.3")
    assert r.finding.citations == (Citation("总结.docx", "重点人群签约率达到62.3%", 2, "第3段"),)
    assert r.flags == () and r.finding.reason == "重点人群签约率62.3%，满足“重点人群签约率≥60%”，得2分"


def test_disagreement_is_flagged_in_flags_and_reason():
    data = FigureData(values={("重点人群签约率", THIS): 65}, source="t.xlsx")
    found = [Found("签约率", 58.2, "%", "重点人群签约率为58.2%")]
    r = next(r for r in score_quantitative(Y, data, found) if r.item_id == "2.2.3")
    message = "佐证材料“总结.docx”记载“重点人群签约率为58.2%”（58.2%），与填报的本年度数值65%不一致"
    assert r.flags == (message,)
    assert r.finding.reason.endswith("；" + message)
    assert r.finding.score == 2   # the reported figure is scored; the reviewer decides


def test_missing_figure_points_at_the_document():
    found = [Found("重点人群签约率", 62.3, "%", "重点人群签约率达到62.3%")]
    r = next(r for r in score_quantitative(Y, FigureData(), found) if r.item_id == "2.2.3")
    assert r.finding.status == "needs_data"
    assert r.finding.reason == ("缺少数据：重点人群签约率；佐证材料“总结.docx”记载“重点人群签约率达到62.3%”，"
                                "“重点人群签约率”尚未填报，请核实后填入指标数据表")


def test_last_year_figure_agrees_with_last_year_column():
    data = FigureData(values={("可诊疗病种数量", THIS): 1320, ("可诊疗病种数量", LAST): 1200})
    checks = crosscheck(D, data, [Found("可诊疗病种数量", 1200, "种", "可诊疗病种数量1200种")])
    reading = checks["可诊疗病种数量"][0]
    assert (reading.year, reading.disagrees) == (LAST, False)


@pytest.mark.parametrize("found", [
    Found("重点人群签约率", 70, "%", "力争重点人群签约率达到70%", modality="planned"),
    Found("重点人群签约率", 5, "%", "重点人群签约率提高5%", relation="提高"),
    Found("重点人群签约率", 5, "个百分点", "重点人群签约率提高5个百分点"),
    Found("重点人群签约率", 620, "人", "重点人群签约620人")])
def test_plans_changes_and_wrong_units_are_not_compared(found):
    assert crosscheck(Y, FigureData(values={("重点人群签约率", THIS): 65}), [found]) == {}


def test_ten_thousands_are_scaled():
    data = FigureData(values={("年门急诊人次", THIS): 152000, ("年门急诊人次", LAST): 140000})
    reading = crosscheck(D, data, [Found("年门急诊人次", 15.2, "万人次", "年门急诊人次15.2万人次")])["年门急诊人次"][0]
    assert reading.value == 152000 and not reading.disagrees
