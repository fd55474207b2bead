"""Reading a filled 指标数据.xlsx: value spellings, bad cells, self-scores, the cost sheet."""
from __future__ import annotations

import pytest

from pipeline.data import load_case_data, read_workbook
from pipeline.data.model import LAST, THIS
from pipeline.data.parse import BadValue, parse_bool, parse_percent
from pipeline.evaluate.quantitative import score_quantitative
from pipeline.rulebook.loader import load_form

from .data_helpers import Filler

D = load_form("duikou", 2015)
Y = load_form("yilianti", 2017)
RATE = "重点人群签约率"


@pytest.mark.parametrize("raw,fmt,value,noted", [
    (65, "General", 65, False), (0.65, "General", 65, True), ("65%", "General", 65, False),
    ("65 %", "General", 65, False), ("６５％", "General", 65, False), ("0.65", "@", 65, True),
    (0.65, "0%", 65, False), (0.623, "0.0%", 62.3, False), ("0.8%", "General", 0.8, False),
    (1, "General", 100, True), (0, "General", 0, False), (100, "General", 100, False), (62.3, "0.0#", 62.3, False)])
def test_percent_spellings(raw, fmt, value, noted):
    got, note = parse_percent(raw, fmt)
    assert got == pytest.approx(value) and bool(note) == noted


@pytest.mark.parametrize("raw,message", [("六成", "应为百分数"), (101, "百分数不能超过100%"), ("120%", "百分数不能超过100%"),
                                         (-5, "百分数不能为负数"), (True, "应为百分数")])
def test_percent_errors(raw, message):
    with pytest.raises(BadValue, match=message):
        parse_percent(raw)


@pytest.mark.parametrize("raw,value", [("是", True), ("否", False), ("有", True), ("无", False), ("已", True),
                                       ("未", False), ("√", True), ("×", False), ("TRUE", True), ("false", False),
                                       (True, True), (0, False), (" 是 ", True)])
def test_bool_spellings(raw, value):
    assert parse_bool(raw) is value


def test_bool_error():
    with pytest.raises(BadValue, match="应填“是”或“否”"):
        parse_bool("基本满足")


def test_reads_values_by_key_and_notes_fractions(tmp_path):
    f = Filler(Y, 2017, tmp_path / "指标数据.xlsx")
    f.set(RATE, this=0.65)
    f.set("糖尿病患者规范化诊疗和管理率", this="65%")
    f.set("县域内住院率", this="８２．５％", last=80)
    f.old_row("基层医疗机构上转率在合理范围内", this="是")     # an older template still asked the unit
    f.set("婴儿死亡率", this=4.5, last=5)
    data = read_workbook(f.save(), Y, year=2017)
    assert data.problems == []
    assert data.get(RATE) == 65 and data.get("糖尿病患者规范化诊疗和管理率") == 65
    assert (data.get("县域内住院率", THIS), data.get("县域内住院率", LAST)) == (82.5, 80)
    assert data.get("基层医疗机构上转率在合理范围内") is True
    assert data.get("婴儿死亡率") == 4.5   # a rate per mille is a number, never a fraction
    row = data.cells[(RATE, THIS)]
    assert data.notes[(RATE, THIS)] == [f"{row}填写的“0.65”按小数理解为65%"]
    r = next(r for r in score_quantitative(Y, data) if r.item_id == "2.2.3")
    assert r.finding.score == 2 and r.flags == (f"{row}填写的“0.65”按小数理解为65%",)


def test_bad_values_are_named_and_the_rest_is_still_scored(tmp_path):
    f = Filler(D, 2015, tmp_path / "指标数据.xlsx")
    r1 = f.set("患者满意度", this="六成", last=90)
    r2 = f.set("年门急诊人次", this=-3, last=100)
    r3 = f.set("危重患者抢救成功率", this=101, last=90)
    r4 = f.set("受援医院开展血液透析", this="也许")
    r5 = f.set("年出院人次", this=10.5, last=10)
    f.set("可诊疗病种数量", this=1320, last=1200)
    data = read_workbook(f.save(), D, year=2015)
    messages = [p.message for p in data.problems]
    assert sorted(messages) == sorted([
        f"工作表“指标数据”第{r1}行“患者满意度”本年度：应为百分数，填写的是“六成”",
        f"工作表“指标数据”第{r2}行“年门急诊人次”本年度：应为不小于0的整数，填写的是“-3”",
        f"工作表“指标数据”第{r3}行“危重患者抢救成功率”本年度：百分数不能超过100%，填写的是“101”",
        f"工作表“指标数据”第{r4}行“受援医院开展血液透析”：应填“是”或“否”，填写的是“也许”",
        f"工作表“指标数据”第{r5}行“年出院人次”本年度：应为整数，填写的是“10.5”",
    ])
    assert all(p.file == "指标数据.xlsx" and p.stage == "data" for p in data.problems)
    assert data.get("患者满意度", LAST) == 90 and data.get("患者满意度", THIS) is None
    results = {r.item_id: r.finding for r in score_quantitative(D, data)}
    assert results["2.41"].status == "needs_data" and results["2.41"].reason == "缺少数据：患者满意度（本年度）"
    assert (results["2.23"].score, results["2.24"].score) == (10, 5)


def test_list_rows_unknown_keys_duplicates_and_year_mismatch(tmp_path):
    f = Filler(D, 2015, tmp_path / "x.xlsx")
    key = "受援医院已开设的一级诊疗科目"
    for name in next(x for x in D.figures if x.key == key).choices:
        f.set(key, this="否" if name == "病理科" else "是", choice=name)
    ws = f.wb["指标数据"]
    ws.cell(row=ws.max_row + 1, column=2).value = "自造的数据项"
    bad_row = ws.max_row
    ws.cell(row=ws.max_row + 1, column=2).value = "可诊疗病种数量"
    ws.cell(row=ws.max_row, column=5).value = 9
    dup_row = ws.max_row
    first = f.set("可诊疗病种数量", this=1320, last=1300)
    data = read_workbook(f.save(), D, year=2016)
    messages = [p.message for p in data.problems]
    assert "工作表“指标数据”的“本年度（2015年）”列年份为2015年，与考核年度不一致（应为2016年），请核对是否用错了模板" in messages
    assert f"工作表“指标数据”第{bad_row}行的数据项“自造的数据项”不是本表的数据项，已忽略" in messages
    assert f"工作表“指标数据”第{dup_row}行“可诊疗病种数量”与第{first}行重复，已忽略" in messages
    assert data.get("可诊疗病种数量") == 1320
    assert data.choices[key]["病理科"] is False and len(data.choices[key]) == 13
    result = next(r for r in score_quantitative(D, data) if r.item_id == "2.15")
    assert result.finding.score == 12 and "病理科" in result.finding.reason


def test_cost_sheet_and_its_bad_cells(tmp_path):
    f = Filler(D, 2015, tmp_path / "指标数据.xlsx")
    f.cost("血液透析", "次均医药费", 420)
    r = f.cost("血液透析", "新农合报销比例", "很高")
    f.cost("脑出血", "新农合报销比例", 0.7)
    data = read_workbook(f.save(), D, year=2015)
    assert data.cost == {("血液透析", "次均医药费"): 420, ("脑出血", "新农合报销比例"): 70}
    assert [p.message for p in data.problems] == \
        [f"工作表“费用情况”第{r}行“血液透析新农合报销比例”：应为百分数，填写的是“很高”"]
    table = next(x for x in score_quantitative(D, data) if x.item_id == "3.03")
    assert (table.finding.score, table.finding.status) == (-20, "not_met")


def test_self_scores_from_sheet_and_case_yaml(tmp_path):
    f = Filler(Y, 2017, tmp_path / "指标数据.xlsx")
    f.self_score("1.1.1", 4)
    f.self_score("2.2.3", 2)
    r = f.self_score("1.2.2", 9)
    f.save()
    data = load_case_data(tmp_path, Y, None, {"2.2.3": 0, "9.9.9": 1}, year=2017)
    assert data.self_scores == {"1.1.1": 4, "2.2.3": 0}
    messages = [p.message for p in data.problems]
    assert f"工作表“自评分”第{r}行指标 1.2.2 的自评分值9分超过满分3分，已忽略" in messages
    assert "指标 2.2.3 的自评分：case.yaml 为0分，指标数据表为2分，采用 case.yaml" in messages
    assert "case.yaml 自评分中的编号“9.9.9”不是本表的指标，已忽略" in messages
    res = {x.item_id: x for x in score_quantitative(Y, data)}
    assert res["2.2.3"].self_score == 0 and res["1.2.2"].self_score is None


def test_load_case_data_without_a_workbook(tmp_path):
    data = load_case_data(tmp_path, D, None, None)
    assert data.source is None and data.values == {} and data.problems == []
    results = score_quantitative(D, data)
    assert {r.finding.status for r in results} == {"needs_data"}
    data = load_case_data(tmp_path, D, tmp_path / "nope.xlsx", None)
    assert data.problems[0].message == f"找不到指标数据表“{tmp_path / 'nope.xlsx'}”，定量指标均列为待补充数据"


def test_corrupt_workbook_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "指标数据.xlsx").write_bytes(b"not a workbook")
    data = load_case_data(tmp_path, D, None, None)
    assert data.problems[0].message.startswith("指标数据表“指标数据.xlsx”无法打开")
    assert next(r for r in score_quantitative(D, data) if r.item_id == "3.03").finding.status == "needs_data"


def test_data_file_option_and_relative_name(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    f = Filler(Y, 2017, tmp_path / "other.xlsx")
    f.set(RATE, this="abc")
    f.save()
    data = load_case_data(case, Y, tmp_path / "other.xlsx", None, year=2017)
    assert data.source == str(tmp_path / "other.xlsx")
    assert data.problems[0].message.endswith("“重点人群签约率”：应为百分数，填写的是“abc”")


def test_an_older_workbook_with_onsite_rows_is_read_with_a_note_and_the_reviewer_wins(tmp_path):
    from pipeline.data.onsite import apply_answers
    key = "基层医疗机构上转率在合理范围内"
    f = Filler(Y, 2017, tmp_path / "指标数据.xlsx")
    f.old_row(key, this="是")
    data = read_workbook(f.save(), Y, year=2017)
    assert data.problems == [] and data.get(key) is True
    apply_answers(data, Y, {})
    r = next(r for r in score_quantitative(Y, data) if r.item_id == "4.3.1")
    assert r.finding.score == 1
    assert any(flag.startswith(f"“{key}”应由评审人员现场核查，本次暂按单位在指标数据表中填写的“是”计分")
               for flag in r.flags)
    # the reviewer's answer in review.xlsx wins over the unit's
    data = read_workbook(f.path, Y, year=2017)
    apply_answers(data, Y, {key: False})
    r = next(r for r in score_quantitative(Y, data) if r.item_id == "4.3.1")
    assert r.finding.score == 0
    assert any("采用评审人员现场核查结果“否”" in flag for flag in r.flags)


def test_a_missing_onsite_answer_is_the_reviewers_to_give(tmp_path):
    f = Filler(Y, 2017, tmp_path / "指标数据.xlsx")
    data = read_workbook(f.save(), Y, year=2017)
    r = next(r for r in score_quantitative(Y, data) if r.item_id == "4.3.1")
    assert r.finding.status == "needs_data"
    assert r.finding.reason == ("待评审人员现场核查：基层医疗机构上转率在合理范围内"
                                "（在 review.xlsx“现场核查”工作表填写）")
