"""Every scoring shape of both forms, at and around each boundary."""
from __future__ import annotations

import pytest

from pipeline.data.model import LAST, THIS, FigureData, item_refs, quantitative_items
from pipeline.evaluate.quantitative import score_quantitative
from pipeline.rulebook.loader import load_form

Y = load_form("yilianti", 2017)
D = load_form("duikou", 2015)


def fd(values: dict | None = None, choices: dict | None = None, cost: dict | None = None,
       sheets=("指标数据",)) -> FigureData:
    vals = {}
    for k, v in (values or {}).items():
        if isinstance(k, tuple):
            vals[k] = v
        else:
            vals[(k, THIS)] = v
    return FigureData(values=vals, choices=choices or {}, cost=cost or {}, source="t.xlsx", sheets=set(sheets))


def score(form, item_id, values=None, choices=None, cost=None, sheets=("指标数据", "费用情况")):
    results = score_quantitative(form, fd(values, choices, cost, sheets))
    return next(r for r in results if r.item_id == item_id)


def pts(form, item_id, values=None, choices=None):
    r = score(form, item_id, values, choices)
    return r.finding.score


# --------------------------------------------------------------------------
def test_every_referenced_year_is_a_column_of_its_figure():
    for form in (Y, D):
        figures = {f.key: f for f in form.figures}
        for item in quantitative_items(form):
            for key, year in item_refs(item):
                assert year in figures[key].years, (item.id, key, year)


def test_all_quantitative_items_and_cost_table_are_scored():
    ids = [r.item_id for r in score_quantitative(D, FigureData())]
    assert ids[-1] == "3.03" and len(ids) == len(quantitative_items(D)) + 1
    assert all(r.finding.status == "needs_data" and r.finding.score is None
               for r in score_quantitative(Y, FigureData()))


# ------------------------------------------------------------- thresholds
@pytest.mark.parametrize("value,expected,status", [(59.9, 0, "not_met"), (60, 2, "met"), (60.1, 2, "met")])
def test_223_threshold_60(value, expected, status):
    r = score(Y, "2.2.3", {"重点人群签约率": value})
    assert (r.finding.score, r.finding.status) == (expected, status)


def test_223_reasons():
    assert score(Y, "2.2.3", {"重点人群签约率": 60}).finding.reason == \
        "重点人群签约率60%，满足“重点人群签约率≥60%”，得2分"
    assert score(Y, "2.2.3", {"重点人群签约率": 59.9}).finding.reason == \
        "重点人群签约率59.9%，未满足“重点人群签约率≥60%”，不得分"
    r = score(Y, "2.2.3", {})
    assert (r.finding.status, r.finding.score, r.finding.reason) == ("needs_data", None, "缺少数据：重点人群签约率")


@pytest.mark.parametrize("value,expected", [(99.9, 0), (100, 3)])
def test_122_full_participation(value, expected):
    assert pts(Y, "1.2.2", {"启动医联体建设工作的三级公立医院比例": value}) == expected


@pytest.mark.parametrize("value,expected", [(79.9, 0), (80, 1), (99.9, 1), (100, 2)])
def test_461_two_levels(value, expected):
    assert pts(Y, "4.6.1", {"次均费用同比上升不超过2%的基层医疗卫生机构占比": value}) == expected
    assert pts(Y, "4.6.2", {"门诊、住院患者人均费用同比上升不超过2%的医院占比": value}) == expected


@pytest.mark.parametrize("value,expected", [(2, 0), (3, 2), (4, 2), (5, 3), (9, 3)])
def test_444_levels(value, expected):
    assert pts(Y, "4.4.4", {"各基层医疗卫生机构派出进修人员数（最少者）": value}) == expected


@pytest.mark.parametrize("share,months,expected", [(100, 6, 2), (100, 5.9, 0), (99, 12, 0)])
def test_421_both_conditions(share, months, expected):
    assert pts(Y, "4.2.1", {"向基层派驻医务和管理人员的医联体占比": share, "派驻人员最短连续派驻时间": months}) == expected


def test_431_judgement():
    assert pts(Y, "4.3.1", {"基层医疗机构上转率在合理范围内": True}) == 1
    assert pts(Y, "4.3.1", {"基层医疗机构上转率在合理范围内": False}) == 0


# ------------------------------------------------------------- combined conditions (4.1.3)
DM, HT, TB = "糖尿病患者规范化诊疗和管理率", "高血压患者规范化诊疗和管理率", "肺结核患者规范化管理率"


@pytest.mark.parametrize("dm,ht,tb,expected", [
    (40, 40, 80, 1), (39.9, 40, 80, 0), (40, 39.9, 80, 0), (40, 40, 79.9, 0),
    (60, 60, 89.9, 1), (60, 60, 90, 2), (59.9, 60, 95, 1), (100, 100, 100, 2), (0, 0, 0, 0)])
def test_413_combinations(dm, ht, tb, expected):
    assert pts(Y, "4.1.3", {DM: dm, HT: ht, TB: tb}) == expected


def test_413_partial_reason_names_next_level():
    r = score(Y, "4.1.3", {DM: 65, HT: 62, TB: 85})
    assert r.finding.status == "partial"
    assert r.finding.reason.endswith("得1分；未达到2分的条件“肺结核患者规范化管理率≥90%”")


def test_413_missing_one_rate_needs_data_unless_already_decided():
    r = score(Y, "4.1.3", {DM: 65, HT: 62})
    assert r.finding.status == "needs_data" and r.finding.reason == "缺少数据：肺结核患者规范化管理率"
    # a rate below both bars decides 0 whatever the missing one is
    assert pts(Y, "4.1.3", {DM: 30, HT: 62}) == 0


# ------------------------------------------------------------- changes
IMR, IMR_T = "婴儿死亡率", "婴儿死亡率十三五规划目标值"


@pytest.mark.parametrize("this,last,target,expected", [
    (5.0, 5.1, None, 2), (5.0, 5.0, 4.0, 0), (5.1, 5.0, 5.1, 2), (5.1, 5.0, 5.09, 0), (6, None, 6.5, 2)])
def test_411_fall_or_target(this, last, target, expected):
    vals = {(IMR, THIS): this}
    if last is not None:
        vals[(IMR, LAST)] = last
    if target is not None:
        vals[IMR_T] = target
    assert pts(Y, "4.1.1", vals) == expected


def test_411_needs_data_names_both_missing_cells():
    r = score(Y, "4.1.1", {(IMR, THIS): 5.0})
    assert r.finding.reason == "缺少数据：婴儿死亡率（上一年度）、婴儿死亡率十三五规划目标值"


def test_412_equal_values_are_not_a_fall():
    r = score(Y, "4.1.2", {("孕产妇死亡率", THIS): 12, ("孕产妇死亡率", LAST): 12, "孕产妇死亡率十三五规划目标值": 10})
    assert r.finding.score == 0
    assert r.finding.reason.startswith("孕产妇死亡率本年度12/10万、上一年度12/10万（两年持平）")


@pytest.mark.parametrize("this,last,expected", [(110, 100, 3), (109.9, 100, 0), (5, 0, 3), (0, 0, 0), (90, 100, 0)])
def test_432_growth(this, last, expected):
    key = "向基层医疗卫生机构和慢性病医疗机构转诊人数"
    assert pts(Y, "4.3.2", {(key, THIS): this, (key, LAST): last}) == expected


@pytest.mark.parametrize("this,last,expected", [(1201, 1200, 10), (1200, 1200, 0), (1199, 1200, 0)])
def test_223_duikou_rise(this, last, expected):
    assert pts(D, "2.23", {("可诊疗病种数量", THIS): this, ("可诊疗病种数量", LAST): last}) == expected


def test_rise_reason_and_missing_last_year():
    r = score(D, "2.23", {("可诊疗病种数量", THIS): 1200, ("可诊疗病种数量", LAST): 1200})
    assert r.finding.reason == ("可诊疗病种数量本年度1200种、上一年度1200种（两年持平），"
                                "未满足“可诊疗病种数量较上一年度增加”，不得分")
    r = score(D, "2.23", {("可诊疗病种数量", THIS): 1200})
    assert r.finding.reason == "缺少数据：可诊疗病种数量（上一年度）"


@pytest.mark.parametrize("this,last,expected", [(7.9, 8.0, 10), (8.0, 8.0, 0), (8.1, 8.0, 0)])
def test_235_fall(this, last, expected):
    assert pts(D, "2.35", {("平均住院日", THIS): this, ("平均住院日", LAST): last}) == expected


@pytest.mark.parametrize("this,last,expected", [(11.9, 12, 50), (12, 12, 0)])
def test_301_fall(this, last, expected):
    key = "新农合患者县域外就诊率"
    assert pts(D, "3.01", {(key, THIS): this, (key, LAST): last}) == expected


# ------------------------------------------------------------- parts
@pytest.mark.parametrize("visit,this,last,expected,status", [
    (90, 51, 50, 2, "met"), (89.9, 51, 50, 1, "partial"), (90, 50, 50, 1, "partial"), (80, 49, 50, 0, "not_met")])
def test_441_parts(visit, this, last, expected, status):
    r = score(Y, "4.4.1", {"县域内就诊率": visit, ("县域内住院率", THIS): this, ("县域内住院率", LAST): last})
    assert (r.finding.score, r.finding.status) == (expected, status)


def test_441_parts_unknown_part_needs_data():
    r = score(Y, "4.4.1", {"县域内就诊率": 95})
    assert r.finding.status == "needs_data"
    assert r.finding.reason == "缺少数据：县域内住院率（本年度）、县域内住院率（上一年度）"


def test_453_parts_are_capped_at_max():
    vals = {"梅毒感染孕产妇治疗率": 95, "建成市、县出生缺陷综合干预中心": True, "出生缺陷筛查率达到项目方案要求": True}
    assert pts(Y, "4.5.3", vals) == 2
    vals["梅毒感染孕产妇治疗率"] = 94.9
    assert pts(Y, "4.5.3", vals) == 2
    vals["出生缺陷筛查率达到项目方案要求"] = False
    assert pts(Y, "4.5.3", vals) == 0
    vals["梅毒感染孕产妇治疗率"] = 95
    r = score(Y, "4.5.3", vals)
    assert (r.finding.score, r.finding.status) == (1, "partial")


# ------------------------------------------------------------- tiers
@pytest.mark.parametrize("value,expected", [(0, 0), (499, 0), (500, 3), (999.5, 3), (1000, 5), (1499, 5),
                                            (1500, 8), (1999, 8), (2000, 10), (2001, 10)])
def test_224_tiers(value, expected):
    assert pts(D, "2.24", {("可诊疗病种数量", THIS): value}) == expected


def test_224_reasons():
    assert score(D, "2.24", {("可诊疗病种数量", THIS): 1320}).finding.reason == \
        "可诊疗病种数量1320种，属“1000-1500”档，得5分"
    assert score(D, "2.24", {("可诊疗病种数量", THIS): 499}).finding.reason == \
        "可诊疗病种数量499种，低于最低档“500-1000”，不得分"


@pytest.mark.parametrize("value,expected", [(9.9, 0), (10, 2), (14.9, 2), (15, 4), (20, 6), (25, 8), (29.9, 8),
                                            (30, 10), (100, 10)])
def test_230_percent_tiers(value, expected):
    assert pts(D, "2.30", {("年住院手术人次占出院人次比例", THIS): value}) == expected


@pytest.mark.parametrize("value,expected", [(29.9, 0), (30, 2), (45, 8)])
def test_232_tiers(value, expected):
    assert pts(D, "2.32", {("年住院外科手术人次占外科出院人次比例", THIS): value}) == expected


@pytest.mark.parametrize("value,expected", [(0, 2), (4.9, 2), (5, 4), (20, 10)])
def test_234_tiers_from_zero(value, expected):
    assert pts(D, "2.34", {("住院微创手术占住院手术比例", THIS): value}) == expected


@pytest.mark.parametrize("value,expected", [(7.9, 8), (8, 6), (8.9, 6), (9, 4), (10, 2), (15, 2)])
def test_236_descending_tiers(value, expected):
    assert pts(D, "2.36", {("平均住院日", THIS): value}) == expected


@pytest.mark.parametrize("value,expected", [(0, 8), (1.9, 8), (2, 6), (3, 4), (4, 2), (6, 2)])
def test_237_tiers(value, expected):
    assert pts(D, "2.37", {"手术前平均住院日": value}) == expected


@pytest.mark.parametrize("value,expected,status", [(9.9, 50, "met"), (10, 30, "partial"), (19.9, 30, "partial"),
                                                   (20, 20, "partial"), (29.9, 20, "partial"), (30, 0, "not_met")])
def test_302_tiers_with_zero_band(value, expected, status):
    r = score(D, "3.02", {("新农合患者县域外就诊率", THIS): value})
    assert (r.finding.score, r.finding.status) == (expected, status)
    if value == 30:
        assert r.finding.reason == "新农合患者县域外就诊率30%，属“大于30%”档，不得分"


# ------------------------------------------------------------- 四类 graded completion
@pytest.mark.parametrize("value,expected,status", [(0, 0, "not_met"), (0.1, 30, "partial"), (30, 30, "partial"),
                                                   (60, 30, "partial"), (60.1, 60, "partial"), (99, 60, "partial"),
                                                   (100, 100, "met")])
def test_401_graded_completion(value, expected, status):
    r = score(D, "4.01", {"2014年对口支援协议完成进度": value})
    assert (r.finding.score, r.finding.status) == (expected, status)


def test_401_key_follows_year():
    form = load_form("duikou", 2017)
    r = next(r for r in score_quantitative(form, fd({"2016年对口支援协议完成进度": 100})) if r.item_id == "4.01")
    assert r.finding.score == 100


# ------------------------------------------------------------- value_figure with cap
KEY_BUILT, KEY_GOT = "一个对口支援周期内帮助受援医院建成的临床重点专科数", "支援医院获得国家临床重点专科建设项目数"


@pytest.mark.parametrize("got,built,expected", [(5, 3, 10), (5, 2, 0), (2, 2, 10), (2, 1, 0), (0, 0, 0), (0, 1, 10)])
def test_115_value_figure_capped(got, built, expected):
    assert pts(D, "1.15", {KEY_GOT: got, KEY_BUILT: built}) == expected


@pytest.mark.parametrize("done,depts,expected", [(5, 5, 10), (4, 5, 0), (6, 5, 10), (0, 0, 0)])
def test_218_every_department(done, depts, expected):
    assert pts(D, "2.18", {"新增至少1项农村适宜关键技术的受援科室数": done, "受援科室数": depts}) == expected


@pytest.mark.parametrize("level,expected", [(1, 0), (1.9, 0), (2, 15), (3, 15)])
def test_244_number_threshold(level, expected):
    assert pts(D, "2.44", {"电子病历系统功能应用水平等级": level}) == expected


@pytest.mark.parametrize("trainees,expected", [(2, 0), (3, 8), (4, 8)])
def test_116_at_least_three(trainees, expected):
    assert pts(D, "1.16", {("受援医院人员到支援医院进修培训人数", THIS): trainees}) == expected


def test_220_levels_with_half_points():
    a, b = "受援医院开展血液透析", "血液透析满足县域内患者需求"
    assert pts(D, "2.20", {a: True, b: True}) == 10
    assert pts(D, "2.20", {a: True, b: False}) == 5
    assert pts(D, "2.20", {a: False}) == 0
    r = score(D, "2.20", {a: True})
    assert r.finding.status == "needs_data" and r.finding.reason == "缺少数据：血液透析满足县域内患者需求"


# ------------------------------------------------------------- deductions
def _depts(form, missing=(), blank=()):
    fig = next(f for f in form.figures if f.key == "受援医院已开设的一级诊疗科目")
    return {fig.key: {c: c not in missing for c in fig.choices if c not in blank}}


def test_215_all_departments_open():
    r = score(D, "2.15", choices=_depts(D))
    assert (r.finding.score, r.finding.status) == (13, "met")
    assert r.finding.reason == "受援医院已开设的一级诊疗科目：13个均已开设，得13分"


def test_215_missing_departments_are_named():
    r = score(D, "2.15", choices=_depts(D, missing=("病理科", "血液透析室")))
    assert (r.finding.score, r.finding.status) == (11, "partial")
    assert r.finding.reason == ("受援医院已开设的一级诊疗科目中未开设：病理科、血液透析室（共2个），每少一个扣1分，得11分")


def test_215_blank_rows_need_data():
    r = score(D, "2.15", choices=_depts(D, blank=("麻醉科",)))
    assert r.finding.status == "needs_data"
    assert r.finding.reason == "缺少数据：受援医院已开设的一级诊疗科目（麻醉科未填写）"


def test_215_floor_zero_and_216_per_two():
    fig = next(f for f in D.figures if f.key == "受援医院已开设的一级诊疗科目")
    assert pts(D, "2.15", choices=_depts(D, missing=tuple(fig.choices))) == 0
    key = "受援医院已开设的重点科室"
    choices = next(f for f in D.figures if f.key == key).choices
    assert pts(D, "2.16", choices={key: {c: c != "精神科" for c in choices}}) == 28
    assert pts(D, "2.16", choices={key: {c: False for c in choices}}) == 0


@pytest.mark.parametrize("last,expected", [(0, 0), (1, 0), (2, 5), (3, 10), (5, 10)])
def test_212_shortfall_last_year(last, expected):
    key = "受援医院人员到支援医院进修培训人数"
    assert pts(D, "2.12", {(key, LAST): last, (key, THIS): 9}) == expected


def test_212_reason_and_missing_year():
    key = "受援医院人员到支援医院进修培训人数"
    assert score(D, "2.12", {(key, LAST): 2}).finding.reason == \
        "上一年度受援医院人员到支援医院进修培训人数2人，比要求的3人少1人，每少1人扣5分，得5分"
    assert score(D, "2.12", {(key, THIS): 5}).finding.reason == "缺少数据：受援医院人员到支援医院进修培训人数（上一年度）"


@pytest.mark.parametrize("count,expected", [(0, 8), (1, 4), (2, 0), (3, 0)])
def test_213_count_deduction(count, expected):
    assert pts(D, "2.13", {"2014年培训人员考核不合格或没有考核记录的人数": count}) == expected


@pytest.mark.parametrize("built,expected", [(0, 0), (1, 5), (2, 10), (3, 15), (4, 15)])
def test_214_shortfall(built, expected):
    assert pts(D, "2.14", {KEY_BUILT: built}) == expected


# ------------------------------------------------------------- entered scores
@pytest.mark.parametrize("value,expected,status,flagged", [
    (15, 15, "met", False), (7.5, 7.5, "partial", False), (0, 0, "not_met", False),
    (16, 15, "met", True), (-1, 0, "not_met", True)])
def test_219_entered_clamped(value, expected, status, flagged):
    r = score(D, "2.19", {"独立开展的复杂技术、手术增加情况（专家评分）": value})
    assert (r.finding.score, r.finding.status) == (expected, status)
    assert bool(r.flags) == flagged


# ------------------------------------------------------------- bonuses
def test_121_bonus_reported_separately():
    a, b = "支援医院树立对口支援先进典型", "支援医院先进典型有省级以上媒体报道"
    r = score(D, "1.21", {a: True, b: True})
    assert (r.finding.score, r.bonus, r.max) == (8, 10, 8)
    assert r.finding.reason.endswith("得8分；另加10分（支援医院先进典型有省级以上媒体报道）")
    r = score(D, "1.21", {a: True, b: False})
    assert (r.finding.score, r.bonus) == (8, 0)
    r = score(D, "1.21", {a: False, b: False})
    assert (r.finding.score, r.bonus, r.finding.status) == (0, 0, "not_met")
    r = score(D, "1.21", {a: True})
    assert (r.finding.score, r.bonus) == (8, None)
    assert r.flags == ("加分项缺少数据：支援医院先进典型有省级以上媒体报道",)


def test_147_bonus_city_media():
    r = score(D, "1.47", {"受援医院先进典型有县级以上媒体报道": True, "受援医院先进典型有市级以上媒体报道": True})
    assert (r.finding.score, r.bonus) == (5, 10)


# ------------------------------------------------------------- cost table
def _cost_values(skip: int = 0):
    from pipeline.data.model import cost_cells, cost_tables
    cells = cost_cells(cost_tables(D)[0])
    return {(c.row, c.measure): 50.0 for c in cells[skip:]}, cells


def test_303_complete_incomplete_and_absent():
    full, cells = _cost_values()
    assert len(cells) == 42
    r = score(D, "3.03", cost=full)
    assert (r.finding.score, r.finding.status, r.max) == (0, "met", 0)
    part, _ = _cost_values(skip=1)
    r = score(D, "3.03", cost=part)
    assert (r.finding.score, r.finding.status) == (-20, "not_met")
    assert r.finding.reason == "费用情况缺少1项（血液透析次均医药费），填写不完整，扣20分"
    r = score(D, "3.03", cost={})
    assert (r.finding.score, r.finding.status) == (None, "needs_data")
    r = score(D, "3.03", cost=full, sheets=("指标数据",))
    assert r.finding.status == "needs_data"


def test_self_score_and_figures_used():
    data = fd({"重点人群签约率": 62.3})
    data.self_scores["2.2.3"] = 2
    r = next(r for r in score_quantitative(Y, data) if r.item_id == "2.2.3")
    assert r.self_score == 2 and r.figures_used == {"重点人群签约率": {"this": 62.3}}
