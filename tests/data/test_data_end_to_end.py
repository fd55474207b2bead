"""Generate the template, fill it as a unit would, read it back from a case folder, score it,
and compare every item and the totals with values computed by hand."""
from __future__ import annotations

from pipeline.data import load_case_data
from pipeline.data.model import is_question
from pipeline.data.onsite import apply_answers
from pipeline.data.model import cost_cells, cost_tables
from pipeline.evaluate.quantitative import score_quantitative, totals
from pipeline.rulebook.loader import load_form

from .data_helpers import Filler


def test_yilianti_end_to_end(tmp_path):
    form = load_form("yilianti", 2017)
    case = tmp_path / "case-Y"
    case.mkdir()
    f = Filler(form, 2017, case / "指标数据.xlsx")
    f.set("启动医联体建设工作的三级公立医院比例", this="100%")
    f.set("参与医联体建设的社区卫生服务中心（站）、乡镇卫生院占比", this=0.65)   # a fraction: 65%
    f.set("重点人群签约率", this="65%")
    f.set("实现检查检验结果互认的医联体占比", this=1)                           # a fraction: 100%
    f.set("婴儿死亡率", this=4.8, last=5.2)
    f.set("孕产妇死亡率", this=15, last=15)
    f.set("孕产妇死亡率十三五规划目标值", this=12)
    f.set("糖尿病患者规范化诊疗和管理率", this=62)
    f.set("高血压患者规范化诊疗和管理率", this="61%")
    f.set("肺结核患者规范化管理率", this=88)
    f.set("向基层派驻医务和管理人员的医联体占比", this=100)
    f.set("派驻人员最短连续派驻时间", this=6)
    f.set("居民2周患病首选基层医疗卫生机构的比例", this=70)
    f.set("基层医疗卫生机构诊疗量占总诊疗量比例", this=64.9)
    f.answer("基层医疗机构上转率在合理范围内", "是")          # the reviewer's, in review.xlsx
    f.set("向基层医疗卫生机构和慢性病医疗机构转诊人数", this=1100, last=1000)
    f.set("县域内就诊率", this=91)
    f.set("县域内住院率", this=80, last=82)
    f.set("基层医疗卫生机构在牵头医院帮扶下开展新技术、新项目数量", this=12, last=12)
    f.set("各基层医疗卫生机构派出进修人员数（最少者）", this=4)
    f.set("平均住院日同比下降的三级医院占比", this=100)
    # 床位使用率同比上升的基层医疗卫生机构占比: left blank
    f.set("梅毒感染孕产妇治疗率", this=96)
    f.set("建成市、县出生缺陷综合干预中心", this="是")
    f.set("出生缺陷筛查率达到项目方案要求", this="否")
    f.set("次均费用同比上升不超过2%的基层医疗卫生机构占比", this=85)
    f.set("门诊、住院患者人均费用同比上升不超过2%的医院占比", this=100)
    f.self_score("2.2.3", 2)
    f.self_score("4.1.2", 2)
    f.save()

    data = load_case_data(case, form, None, {"1.2.3": 3}, year=2017)
    assert data.problems == []
    apply_answers(data, form, f.answers)
    results = {r.item_id: r for r in score_quantitative(form, data)}
    expected = {"1.2.2": 3, "1.2.3": 0, "2.2.3": 2, "3.4.2": 2, "4.1.1": 2, "4.1.2": 0, "4.1.3": 1,
                "4.2.1": 2, "4.2.2": 2, "4.2.3": 0, "4.3.1": 1, "4.3.2": 3, "4.4.1": 1, "4.4.2": 0,
                "4.4.4": 2, "4.5.1": 2, "4.5.2": None, "4.5.3": 1, "4.6.1": 1, "4.6.2": 2}
    assert {k: r.finding.score for k, r in results.items()} == expected
    assert results["4.5.2"].finding.reason == "缺少数据：床位使用率同比上升的基层医疗卫生机构占比"
    assert results["1.2.3"].finding.reason.startswith("参与医联体建设的社区卫生服务中心（站）、乡镇卫生院占比65%，未满足")
    assert any("按小数理解为65%" in flag for flag in results["1.2.3"].flags)
    assert {k: r.self_score for k, r in results.items() if r.self_score is not None} == \
        {"1.2.3": 3, "2.2.3": 2, "4.1.2": 2}
    # hand total: 3+0+2+2+2+0+1+2+2+0+1+3+1+0+2+2+1+1+2 = 27 of 44
    assert totals(results.values()) == {"score": 27, "max": 44, "bonus": 0}


DUIKOU_YES_NO = {
    "晋升中级、高级职称的医师晋升前到县医院连续服务满半年": "是", "按年度计划派驻人员且派驻专业符合规定": "否",
    "派驻人员资质、派驻时间符合规定": "是", "支援医院网络直报信息与实际情况一致": "是",
    "支援医院树立对口支援先进典型": "是", "支援医院先进典型有省级以上媒体报道": "有",
    "2014年派出培训人员的科室符合要求": "是", "派出培训人员职称符合要求": "√", "派出人员学习时间符合要求": "×",
    "培训人员在相应科室参与业务工作（抽查病历）": "是", "受援医院为派驻人员提供必要的生活保障": "是",
    "医院法制化建设情况符合要求": "是", "医院规章制度完善且责任到人": "是", "医疗质量管理体系健全、核心制度落实": "是",
    "建立医疗风险管理与防范机制、落实患者安全目标": "否", "受援医院网络直报信息与实际情况一致": "是",
    "受援医院先进典型有县级以上媒体报道": "是", "受援医院先进典型有市级以上媒体报道": "否",
    "派驻医师参与或单独管理病人（抽查病历）": "是", "派驻医师指导、参与或单独开展手术（抽查手术记录）": "是",
    "受援医院开展血液透析": "是", "血液透析满足县域内患者需求": "否", "受援医院开设重症医学科": "是",
    "重症医学科能够承担农村常见重症患者救治任务": "是", "急诊急救能力满足需要": "是",
    "达到二级甲等医院评审标准要求": "否", "管理体系健全（组织机构、人员、制度、措施、实施方案及考核评价办法）": "是",
}
DUIKOU_NUMBERS = {   # key: (this, last)
    "支援医院获得国家临床重点专科建设项目数": (2, None), "一个对口支援周期内帮助受援医院建成的临床重点专科数": (2, None),
    "受援医院人员到支援医院进修培训人数": (4, 2), "2014年培训人员考核不合格或没有考核记录的人数": (1, None),
    "支援医院帮助受援医院新增的服务项目数": (2, None), "新增至少1项农村适宜关键技术的受援科室数": (6, None),
    "受援科室数": (8, None), "独立开展的复杂技术、手术增加情况（专家评分）": (12, None),
    "可诊疗病种数量": (1320, 1200), "年门急诊人次": (150000, 140000), "年出院人次": (12000, 12000),
    "年住院手术人次": (3000, 2800), "年住院手术人次占出院人次比例": (25, 23.3),
    "年住院外科手术人次占外科出院人次比例": (0.65, 60), "住院微创手术占住院手术比例": ("4.5%", "5%"),
    "平均住院日": (8.0, 8.5), "手术前平均住院日": (2.5, None), "入出院诊断符合率": (95, 95),
    "危重患者抢救成功率": (90, 88), "手术前诊断与术后病理诊断符合率": ("65%", 60), "患者满意度": (92, 90),
    "电子病历系统功能应用水平等级": (3, None), "新农合患者县域外就诊率": (12, 14), "2014年对口支援协议完成进度": (85, None),
}
DUIKOU_EXPECTED = {
    "1.06": 5, "1.07": 0, "1.08": 5, "1.15": 10, "1.16": 8, "1.19": 15, "1.21": 8, "1.26": 5, "1.27": 3,
    "1.28": 5, "1.29": 0, "1.36": 5, "1.37": 5, "1.39": 5, "1.40": 5, "1.41": 5, "1.42": 0, "1.45": 15,
    "1.47": 5, "2.08": 10, "2.09": 10, "2.12": 5, "2.13": 4, "2.14": 10, "2.15": 12, "2.16": 26, "2.17": 10,
    "2.18": 0, "2.19": 12, "2.20": 5, "2.21": 10, "2.22": 10, "2.23": 10, "2.24": 5, "2.25": None, "2.26": 5,
    "2.27": 0, "2.28": 5, "2.29": 5, "2.30": 8, "2.31": 10, "2.32": 8, "2.33": 0, "2.34": 2, "2.35": 10,
    "2.36": 6, "2.37": 6, "2.38": 0, "2.39": 10, "2.40": 10, "2.41": 10, "2.42": 0, "2.43": 15, "2.44": 15,
    "3.01": 50, "3.02": 30, "4.01": 60, "3.03": -20,
}


def test_duikou_end_to_end(tmp_path):
    form = load_form("duikou", 2015)
    case = tmp_path / "case-D"
    case.mkdir()
    f = Filler(form, 2015, case / "指标数据.xlsx")
    onsite = {x.key for x in form.figures if is_question(x)}
    for key, word in DUIKOU_YES_NO.items():
        if key in onsite:
            f.answer(key, word)          # the reviewer's, in review.xlsx
        else:
            f.set(key, this=word)
    for key, (this, last) in DUIKOU_NUMBERS.items():
        if key in onsite:
            f.answer(key, this)
        else:
            f.set(key, this=this, last=last)
    # 独立诊治的疑难病和危重症增加情况（专家评分）: not yet scored by the experts
    for key, closed in (("受援医院已开设的一级诊疗科目", {"病理科"}), ("受援医院已开设的重点科室", {"精神科", "新生儿专业"})):
        for name in next(x for x in form.figures if x.key == key).choices:
            f.set(key, this="否" if name in closed else "是", choice=name)
    cells = cost_cells(cost_tables(form)[0])
    for cell in cells[:-1]:   # the last cell (老年性白内障 新农合报销比例) is left blank
        f.cost(cell.row, cell.measure, "70%" if cell.kind == "percent" else 5000)
    f.save()

    data = load_case_data(case, form, None, None, year=2015)
    assert data.problems == []
    apply_answers(data, form, f.answers)
    results = {r.item_id: r for r in score_quantitative(form, data)}
    assert {k: r.finding.score for k, r in results.items()} == DUIKOU_EXPECTED
    assert results["2.15"].finding.reason == \
        "受援医院已开设的一级诊疗科目中未开设：病理科（共1个），每少一个扣1分，得12分"
    assert results["2.16"].finding.reason == \
        "受援医院已开设的重点科室中未开设：新生儿专业、精神科（共2个），每少一个扣2分，得26分"
    assert results["3.03"].finding.reason == "费用情况缺少1项（老年性白内障新农合报销比例），填写不完整，扣20分"
    assert results["2.31"].figures_used == {"年住院外科手术人次占外科出院人次比例": {"this": 65, "last": 60}}
    assert (results["1.21"].bonus, results["1.47"].bonus) == (10, 0)
    # hand total of the quantitative items: 513, less 20 for the incomplete cost table; max 697; bonus 10
    assert totals(results.values()) == {"score": 493, "max": 697, "bonus": 10}
