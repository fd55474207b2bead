"""Each check type with positive and hard-negative documents, read from real files.

Hard negatives: a draft, a plan for the future, a negation, a passing mention in a
summary, another region's document, a document dated after the assessment year,
a plan of another year, the other hospital's document.
"""
from __future__ import annotations

from .case_builder import CITY, HOSPITALS, case_folder, docx, evaluate, xlsx

NOTICE_HEAD = ["北湖市卫生健康委员会文件", "北湖卫发〔2018〕12号"]
SIGN = ["北湖市卫生健康委员会", "2018年3月5日"]


def city_case(tmp_path, year=2018):
    return case_folder(tmp_path, "yilianti", year, CITY)


def hospital_case(tmp_path):
    return case_folder(tmp_path, "duikou", 2016, HOSPITALS)


# --------------------------------------------------------------------- document
def test_issued_plan_is_met_with_its_title_quoted(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "方案.docx", NOTICE_HEAD + ["关于印发北湖市医疗联合体建设实施方案的通知",
                                             "各区县卫生健康局：", "现将《北湖市医疗联合体建设实施方案》印发给你们，请认真贯彻执行。"] + SIGN)
    f = evaluate(folder)["1.1.1"]
    assert f.status == "met" and f.score == 4
    assert f.citations[0].file == "方案.docx"
    assert f.citations[0].quote == "关于印发北湖市医疗联合体建设实施方案的通知"
    assert f.citations[0].locator == "第3段"


def test_trial_document_is_in_force(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "规划.docx", NOTICE_HEAD + ["北湖市医疗联合体网格化布局规划（试行）", "全市划分为四个网格。"] + SIGN)
    assert evaluate(folder)["1.2.1"].status == "met"


def test_draft_is_not_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "规划.docx", ["北湖市医疗联合体网格化布局规划", "（征求意见稿）", "全市划分为四个网格。",
                                "北湖市卫生健康委员会医政科", "2018年6月1日"])
    f = evaluate(folder)["1.2.1"]
    assert f.status == "not_met" and f.score == 0
    assert "草稿" in f.reason


def test_another_regions_document_is_no_evidence(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "外地方案.docx", ["南江市卫生健康委员会文件", "南卫发〔2018〕3号",
                                  "关于印发南江市医疗联合体建设实施方案的通知", "各县区：", "现将方案印发给你们。",
                                  "南江市卫生健康委员会", "2018年2月1日"])
    assert evaluate(folder)["1.1.1"].status == "no_evidence"


def test_document_dated_after_the_year_is_not_met(tmp_path):
    folder = city_case(tmp_path, year=2017)
    docx(folder, "方案.docx", NOTICE_HEAD + ["关于印发北湖市医疗联合体建设实施方案的通知", "现将方案印发给你们。"] + SIGN)
    f = evaluate(folder)["1.1.1"]
    assert f.status == "not_met" and "晚于考核年度" in f.reason


def test_plan_of_another_year_is_not_met(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "科室计划.docx", ["东江市第一人民医院麻醉科2015年对口支援工作计划", "一、派驻一名主治医师。",
                                 "东江市第一人民医院麻醉科", "2015年1月10日"])
    f = evaluate(folder)["1.03"]
    assert f.status == "not_met" and "2015年" in f.reason


# -------------------------------------------------------------------- statement
def test_negated_statement_is_not_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "说明.docx", ["关于远程医疗服务价格的情况说明", "目前我市尚未出台远程医疗服务收费标准，待省里统一核定。",
                              "北湖市卫生健康委员会", "2018年11月2日"])
    f = evaluate(folder)["1.3.4"]
    assert f.status == "not_met"
    assert any("尚未出台远程医疗服务收费标准" in c.quote for c in f.citations)


def test_planned_statement_is_not_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年医联体工作总结", "已组建医联体12个。下一步将制定双向转诊制度，力争明年推行。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    f = evaluate(folder)["2.1.2"]
    assert f.status in ("not_met", "no_evidence") and f.score == 0


def test_passing_mention_in_a_summary_is_not_a_document(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年医联体工作总结", "今年我委已制定远程医疗服务收费标准，运行良好。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    f = evaluate(folder)["1.3.4"]
    assert f.status == "not_met"


def test_rule_in_a_regulation_is_met(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "制度.docx", ["东江市第一人民医院援派人员管理办法",
                              "第三条 援派期间原工资、津贴、奖金照发。",
                              "第四条 医院每月发放生活补助800元、交通补助300元。",
                              "东江市第一人民医院", "2016年1月5日"])
    f = evaluate(folder)["1.12"]
    assert f.status == "met"
    assert {c.quote for c in f.citations} >= {"第三条 援派期间原工资、津贴、奖金照发。"}


def test_regulation_without_the_rule_is_not_met(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "制度.docx", ["东江市第一人民医院援派人员管理办法", "第三条 援派期间原工资、津贴、奖金照发。",
                              "东江市第一人民医院", "2016年1月5日"])
    f = evaluate(folder)["1.13"]            # 离岗请假制度 is not in it
    assert f.status == "not_met" and "未写明" in f.reason


def test_other_hospitals_document_does_not_count(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "领导小组.docx", ["青石县人民医院文件", "青医发〔2016〕1号", "关于成立对口支援工作领导小组的通知",
                                  "院长王明任组长，办公室设在医务科，负责日常工作。", "青石县人民医院", "2016年1月8日"])
    findings = evaluate(folder)
    assert findings["1.22"].status == "met"         # the receiving hospital's group
    assert findings["1.01"].status == "no_evidence"  # not the supporting hospital's


# -------------------------------------------------------------------- all_parts
def test_all_parts_lists_the_missing_one(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "细则.docx", NOTICE_HEAD + ["北湖市医联体双向转诊管理办法",
                                            "第五条 上级医院对转诊患者实行优先接诊、优先检查。"] + SIGN)
    f = evaluate(folder)["2.3.2"]
    assert f.status == "not_met" and "优先住院" in f.reason


def test_all_parts_present_is_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "细则.docx", NOTICE_HEAD + ["北湖市医联体双向转诊管理办法",
                                            "第五条 上级医院对转诊患者实行优先就诊、优先检查、优先安排住院。"] + SIGN)
    assert evaluate(folder)["2.3.2"].status == "met"


def test_per_missing_deduction_gives_partial(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "远程.docx", ["2016年远程医疗工作情况报告",
                              "今年两院已开展远程会诊86例、远程心电诊断420例、远程影像诊断310例。",
                              "东江市第一人民医院", "2016年12月15日"])
    f = evaluate(folder)["2.46"]
    assert f.status == "partial" and f.score == 3
    assert "远程视频门诊" in f.reason


# -------------------------------------------------------------------- frequency
def test_frequency_each_half_year(tmp_path):
    folder = hospital_case(tmp_path)
    for month in (3, 9):
        docx(folder, f"督导{month}.docx", [f"科主任赴受援医院督导报告（{month}月）", "骨科主任李强赴青石县人民医院骨科督导。",
                                           f"时间 2016年{month}月8日", "东江市第一人民医院医务科", f"2016年{month}月10日"])
    assert evaluate(folder)["1.05"].status == "met"


def test_frequency_with_a_half_year_missing(tmp_path):
    folder = hospital_case(tmp_path)
    for month in (3, 5):
        docx(folder, f"督导{month}.docx", [f"科主任赴受援医院督导报告（{month}月）", "骨科主任李强赴青石县人民医院骨科督导。",
                                           f"时间 2016年{month}月8日", "东江市第一人民医院医务科", f"2016年{month}月10日"])
    f = evaluate(folder)["1.05"]
    assert f.status == "not_met" and "下半年" in f.reason


def test_meeting_of_the_previous_year_is_not_met(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "院务会.docx", ["院务会会议记录"], table=[["时间", "2015年4月2日"], ["主持人", "王明"],
                                                        ["议题", "研究对口支援工作"]])
    f = evaluate(folder)["1.23"]
    assert f.status == "not_met" and "2015" in f.reason


# ------------------------------------------------------------------------ count
def test_count_examples_do_not_prove_every_unit(tmp_path):
    # one institution's two departments do not show that *every* institution has even one (rule 8)
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年基层帮扶工作总结",
                              "今年核心医院已帮助城西卫生院建成中医康复特色科室、儿科特色科室。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    f = evaluate(folder)["4.4.3"]
    assert f.status == "not_met" and f.score == 0 and ("所有" in f.reason or "部分" in f.reason)


def test_count_for_every_institution_reaches_the_higher_level(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年基层帮扶工作总结",
                              "在核心医院帮扶下，全市基层医疗卫生机构均已建成2个以上特色科室。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    f = evaluate(folder)["4.4.3"]
    assert f.status == "met" and f.score == 3


def test_count_planned_only_is_not_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年基层帮扶工作总结", "明年拟在城西卫生院建设中医康复特色科室。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    f = evaluate(folder)["4.4.3"]
    assert f.status == "not_met" and f.score == 0


# --------------------------------------------------------------- weekly_sessions
def test_weekly_sessions(tmp_path):
    folder = hospital_case(tmp_path)
    xlsx(folder, "排班.xlsx", [["青石县人民医院支援专家门诊排班（2016年）"], ["专家", "科室", "出诊时间"],
                              ["张三", "心内科", "每周一上午、周四下午"], ["李四", "骨科", "每周三全天"]])
    assert evaluate(folder)["2.07"].status == "met"


def test_weekly_sessions_short(tmp_path):
    folder = hospital_case(tmp_path)
    xlsx(folder, "排班.xlsx", [["青石县人民医院支援专家门诊排班（2016年）"], ["专家", "科室", "出诊时间"],
                              ["张三", "心内科", "每周一上午、周四下午"], ["李四", "骨科", "每周三上午"]])
    f = evaluate(folder)["2.07"]
    assert f.status == "not_met" and "1人" in f.reason


def test_notice_asking_for_a_plan_is_not_the_plan(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "通知.docx", NOTICE_HEAD + ["关于报送医疗联合体建设方案的通知", "各区县卫生健康局：",
                                            "请于4月底前将本地医疗联合体建设方案报送我委医政科。"] + SIGN)
    assert evaluate(folder)["1.1.1"].status != "met"


def test_rights_and_duties_spread_over_articles(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "章程.docx", ["北湖市第一医疗集团章程", "第八条 牵头医院的职责：负责集团内医疗质量管理和人员培训。",
                              "第九条 成员单位的权利：优先获得牵头医院的专家支持。",
                              "第十条 集团内医疗收入按照贡献进行分配。",
                              "北湖市卫生健康委员会", "2018年5月10日"])
    assert evaluate(folder)["2.1.1"].status == "met"


def test_rights_without_benefits_is_not_met(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "章程.docx", ["北湖市第一医疗集团章程", "第八条 牵头医院的职责：负责集团内医疗质量管理和人员培训。",
                              "第九条 成员单位的权利：优先获得牵头医院的专家支持。",
                              "北湖市卫生健康委员会", "2018年5月10日"])
    f = evaluate(folder)["2.1.1"]
    assert f.status == "not_met" and "利益" in f.reason


# ------------------------------------------------------- other writers' wording
def test_other_wording_for_insurance_and_pay(tmp_path):
    folder = city_case(tmp_path)
    sign = ["北湖市卫生健康委员会", "2018年9月1日"]
    docx(folder, "医保.docx", ["北湖市卫生健康委员会文件", "北湖卫发〔2018〕20号", "关于完善医联体医保支付政策的通知",
                               "医保部门已明确，医联体内基层医疗机构住院报销比例高于三级医院20个百分点。"] + sign)
    docx(folder, "薪酬.docx", ["北湖市卫生健康委员会文件", "北湖卫发〔2018〕21号", "关于深化医联体薪酬制度改革的意见",
                               "允许医联体内医疗机构突破现行事业单位工资调控水平，允许医疗服务收入扣除成本并按规定"
                               "提取各项基金后主要用于人员奖励。"] + sign)
    findings = evaluate(folder)
    assert findings["1.3.2"].status == "met"
    assert findings["1.4.1"].status == "met"


def test_prose_minutes_and_reports_count_once_each(tmp_path):
    folder = hospital_case(tmp_path)
    sign = ["东江市第一人民医院", "2016年12月1日"]
    for month, day in ((4, 12), (10, 20)):
        docx(folder, f"督导{month}.docx", ["关于赴青石县人民医院开展科室督导的报告",
                                          f"2016年{month}月{day}日，骨科主任王强赴青石县人民医院骨科督导。"] + sign)
    f = evaluate(folder)["1.05"]
    assert f.status == "met" and "共2次" in f.reason


def test_a_hospitals_own_pay_rules_are_not_the_alliances(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "绩效.docx", ["北湖市第一人民医院绩效工资分配办法", "第一条 按岗位、工作量和质量考核结果分配绩效工资。",
                              "北湖市第一人民医院", "2018年3月1日"])
    assert evaluate(folder)["1.4.1"].status != "met"


def test_social_providers_must_be_members_not_mentioned(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "总结.docx", ["北湖市2018年医联体工作总结", "社会办医疗机构参与医联体建设的积极性不高。",
                              "北湖市卫生健康委员会", "2018年12月20日"])
    assert evaluate(folder)["1.2.4"].status != "met"
    docx(folder, "名册.docx", ["北湖市第一医疗集团成员单位名册"],
         table=[["成员单位", "类别"], ["城西社区卫生服务中心", "公立"], ["康宁护理院", "民营"]])
    assert evaluate(folder)["1.2.4"].status == "met"


# ------------------------------------------------------------- tables as lines
def test_group_composition_in_a_table(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "领导小组.docx", ["东江市第一人民医院文件", "东一医发〔2016〕2号", "关于调整对口支援工作领导小组的通知",
                                  "各科室：", "领导小组组成如下：", "领导小组下设办公室，办公室设在医务科。",
                                  "东江市第一人民医院", "2016年1月6日"],
         table=[["职务", "姓名", "职称/职务"], ["组长", "王明", "院长"], ["副组长", "李华", "副院长"]])
    f = evaluate(folder)["1.01"]
    assert f.status == "met", f.reason


def test_register_as_a_word_table(tmp_path):
    folder = hospital_case(tmp_path)
    rows = [["日期", "活动", "内容"]]
    for month, day in ((3, 2), (3, 9), (3, 16), (3, 23), (3, 30), (4, 6), (4, 13), (4, 20)):
        rows.append([f"{month}月{day}日", "教学查房+小讲课" if day in (2, 16, 30, 13) else "教学查房", "病例讨论"])
    docx(folder, "带教登记.docx", ["青石县人民医院骨科支援专家带教活动登记（2016年3—4月）"], table=rows)
    f = evaluate(folder)["2.10"]
    assert f.status == "met", f.reason


def test_a_compilation_of_plans_is_still_a_plan(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "计划.docx", ["2016年各临床科室对口支援工作计划汇编", "骨科：派驻主治医师一名，指导开展关节镜手术。",
                              "东江市第一人民医院", "2016年2月1日"])
    assert evaluate(folder)["1.03"].status == "met"


def test_trainees_of_the_receiving_hospital_are_a_support_topic(tmp_path):
    folder = hospital_case(tmp_path)
    docx(folder, "办法.docx", ["东江市第一人民医院进修人员管理办法",
                              "一、科教科指定专人负责受援医院进修人员的培训管理。",
                              "东江市第一人民医院", "2016年2月1日"])
    assert evaluate(folder)["1.17"].status == "met"


def test_appointing_a_local_doctor_is_not_a_seconded_one(tmp_path):
    folder = hospital_case(tmp_path)
    head = ["青石县卫生和计划生育局文件", "青卫人〔2016〕3号"]
    sign = ["青石县卫生和计划生育局", "2016年2月1日"]
    docx(folder, "聘任.docx", head + ["关于聘任刘强同志为青石县人民医院副院长的通知", "经研究，聘任刘强同志为青石县人民医院副院长。"] + sign)
    assert evaluate(folder)["2.05"].status != "met"
    docx(folder, "挂职.docx", head + ["关于张三同志挂职的通知",
                                     "经研究，同意东江市第一人民医院派驻专家张三同志挂职青石县人民医院副院长。"] + sign)
    assert evaluate(folder)["2.05"].status == "met"


def test_a_directive_to_issue_standards_is_not_standards(tmp_path):
    folder = city_case(tmp_path)
    docx(folder, "通知.docx", NOTICE_HEAD + ["关于推进远程医疗服务的通知", "各区县要尽快出台远程医疗服务收费标准。",
                                            "远程医疗服务价格由物价部门另行制定。"] + SIGN)
    f = evaluate(folder)["1.3.4"]
    assert f.status == "not_met" and f.score == 0
