"""Rule 1: topic chains and the scope of negation and stage words.

A negated or staged clause without a subject of its own continues the topic
before it; a negation about something else leaves the topic alone; double
negation is done; a dated completed fact is done."""
import pytest

from pipeline.text.clauses import split_clauses
from pipeline.text.topics import continues, reach

from .checklist import DUIKOU, DUIKOU_OTHER, CITY, CITY_OTHER, status


def summary(body: str, unit="东江市第一人民医院", year=2016, title=None) -> str:
    title = title or f"{unit}{year}年对口支援工作总结"
    return f"@title {title}\n{body}\n@right {unit}\n@right {year}年12月28日\n"


def remote(tmp_path, body, units=DUIKOU):
    unit = units["支援医院"]
    return status(tmp_path, "duikou", 2016, units, {"总结.docx": summary(body, unit)}, "2.45")


# --- the reading rule itself --------------------------------------------------------------
@pytest.mark.parametrize("text, continued", [
    ("远程会诊中心建设仍在论证，目前尚未投入使用", [1]),
    ("远程会诊中心已建成，影像中心尚未建成", []),                 # a subject of its own
    ("远程会诊中心已建成，尚未开展远程病理诊断", []),            # an object of its own
    ("远程会诊中心已建成，但该中心至今尚未启用", [1]),            # 该中心 refers back
    ("远程会诊平台已搭建，运行情况良好，但尚未正式启用", [1]),     # a plain piece stays with its clause
])
def test_which_clauses_a_topic_reaches(text, continued):
    clauses = split_clauses(text)
    assert reach(clauses, 0) == continued


def test_the_chain_crosses_into_a_subjectless_sentence():
    clauses = split_clauses("远程会诊中心建设仍在论证。目前尚未启用。")
    assert continues(clauses[1]) and reach(clauses, 0) == [1]
    clauses = split_clauses("远程会诊中心已建成。影像中心尚未启用。")
    assert reach(clauses, 0) == []


# --- minimum ------------------------------------------------------------------------------
def test_minimum_a_dated_completed_fact_is_met(tmp_path):
    assert remote(tmp_path, "我院与青石县人民医院共建的远程会诊中心已于2016年5月正式运行，全年完成远程会诊86例。") == "met"


def test_minimum_a_subjectless_negation_is_not_met(tmp_path):
    assert remote(tmp_path, "我院与青石县人民医院远程会诊中心建设仍在论证，目前尚未投入使用。") == "not_met"


# --- invariance ---------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "远程医疗平台已于2016年3月上线运行，两院开展远程会诊40余例。",
    "两院远程会诊系统于2016年4月建成并投入使用。",
    "双方已开通远程医疗服务网络，实现了远程心电、远程影像会诊。",
])
def test_invariance_other_wording_and_units_stay_met(tmp_path, body):
    assert remote(tmp_path, body, DUIKOU_OTHER) == "met"


@pytest.mark.parametrize("body", [
    "远程会诊中心已建成，目前尚未投入使用。",
    "远程医疗平台硬件已搭建，但至今还没有正式启用。",
    "远程会诊系统建设尚处于调研论证阶段。",
    "远程会诊中心建设方案正在论证。",
    "远程会诊中心已建成。该中心目前尚未启用。",
])
def test_invariance_every_stage_or_continued_negation_is_not_met(tmp_path, body):
    assert remote(tmp_path, body, DUIKOU_OTHER) == "not_met"


# --- directional --------------------------------------------------------------------------
def test_directional_adding_a_continued_negation_removes_met(tmp_path):
    base = "两院远程会诊中心已建成"
    assert remote(tmp_path, base + "，开展远程会诊52例。") == "met"
    assert remote(tmp_path, base + "，目前尚未投入使用。") == "not_met"


def test_directional_a_negation_about_something_else_leaves_met(tmp_path):
    base = "两院远程会诊中心已建成并投入使用"
    assert remote(tmp_path, base + "，远程病理诊断尚未开展。") == "met"
    assert remote(tmp_path, base + "，但尚未正常运转。") == "not_met"


def test_double_negation_is_done(tmp_path):
    def guidance(body):
        doc = (f"@title 北湖市2017年医联体建设工作总结\n{body}\n"
               "@right 北湖市卫生健康委员会\n@right 2017年12月20日\n")
        return status(tmp_path, "yilianti", 2017, CITY, {"总结.docx": doc}, "4.3.3")
    assert guidance("全市16家乡镇卫生院没有一家不接受医联体牵头医院的健康教育指导。") == "met"
    assert guidance("对乡镇卫生院的健康教育指导工作尚未开展。") == "not_met"


def test_double_negation_reading():
    (c,) = split_clauses("没有一家成员单位不开展健康教育指导")
    assert c.modality == "done"
    (c,) = split_clauses("没有一家乡镇卫生院开展家庭医生签约")
    assert c.modality == "negated"
    (c,) = split_clauses("下派医师无一人擅自离岗")          # no breach is the good state, not a denial
    assert c.modality == "neutral"


@pytest.mark.parametrize("text, continued", [
    ("各科室虽于年初制定了计划，但计划中的新技术基本未能组织实施", [1]),       # 虽…但…: the 但 clause holds
    ("关于派驻人员补贴标准，会议决定暂缓，另行研究", [1, 2]),                 # 关于…: the topic of the sentence
    ("一是协议约定两院建立会商制度，但会商制度还停留在纸面上", [1]),          # the topic said again
    ("四、关于科室管理制度，专家提出了修订意见，科室正在修改", [1]),          # 关于… after an item number
    ("（二）关于补贴标准，会议决定暂缓", [1]),
])
def test_more_ways_a_topic_runs_on(text, continued):
    assert reach(split_clauses(text), 0) == continued


def test_a_negation_inside_a_modifier_describes_a_noun():
    assert all(c.modality != "negated" for c in split_clauses("第三条 上转标准：基层不能确诊的疑难复杂病例转县医院"))
    assert split_clauses("远程会诊系统尚未建成")[0].modality == "negated"


# --- a negation in one item of a list of separate problems leaves the other items alone -----
RULE_112 = ("@title 东江市第一人民医院对口支援派驻人员管理办法\n第十条 派驻期间，派驻人员工资、津贴、奖金及各项福利待遇不变。\n"
            "第十一条 派驻期间按每人每天60元标准发放生活补助，往返交通费每月凭票报销2次。\n"
            "@right 东江市第一人民医院\n@right 2016年1月5日\n")


def allowances(tmp_path, line, units=DUIKOU):
    unit = units["支援医院"]
    rule = RULE_112.replace("东江市第一人民医院", unit)
    minutes = (f"@title 中共{unit}委员会会议纪要\n时间：2016年11月20日\n主持：党委书记李明\n"
               f"议题：研究对口支援工作。\n会议指出，我院对口支援工作总体进展顺利。{line}\n"
               f"@right 中共{unit}委员会办公室\n@right 2016年11月21日\n")
    files = {"办法.docx": rule, "纪要.docx": minutes}
    return status(tmp_path, "duikou", 2016, units, files, "1.12")


def test_the_item_of_an_enumeration():
    from pipeline.text.topics import enumerated_item, negation_elsewhere
    text = "存在生活补助标准偏低、部分科室派人困难、远程会诊设备尚未落实等问题"
    assert enumerated_item(text, text.index("尚未")) == "远程会诊设备尚未落实等问题"
    (c,) = split_clauses(text)
    assert negation_elsewhere(c, text, lambda t: "生活补助" in t)
    assert not negation_elsewhere(c, text, lambda t: "远程会诊" in t)
    joint = "考核结果与科室绩效、个人职称晋升挂钩的措施尚未落实"
    (c,) = split_clauses(joint)
    assert not negation_elsewhere(c, joint, lambda t: "绩效" in t)        # one predicate over both


def test_minimum_a_problem_of_another_item_does_not_deny_the_allowance(tmp_path):
    line = "同时也存在派驻人员生活补助标准偏低、部分科室派人困难、远程会诊设备尚未落实等问题。"
    assert allowances(tmp_path, line) == "met"


def test_invariance_other_problems_and_places(tmp_path):
    line = "工作中还存在交通补助发放周期较长、受援医院住宿条件较差、远程影像系统暂未开通等困难。"
    assert allowances(tmp_path, line, DUIKOU_OTHER) == "met"


def test_directional_the_allowance_itself_not_paid_is_denied(tmp_path):
    line = "同时也存在派驻人员生活补助尚未发放、部分科室派人困难等问题。"
    assert allowances(tmp_path, line) == "not_met"


# A rating not yet given (未定级, 未评级) is an attribute of the unit, not a denial of the row
def members(level: str) -> dict:
    return {"format": "xlsx", "sheets": {"成员": [["北湖市医联体成员单位名册"], ["医联体", "成员单位", "级别", "举办主体", "加入时间"],
                                               ["市人民医院医疗集团", "康宁护理院", level, "社会办（民营）", "2018年3月"]]}}


def test_minimum_an_unrated_member_is_a_member(tmp_path):

    assert status(tmp_path, "yilianti", 2018, CITY, {"名册.xlsx": members("未定级")}, "1.2.4") == "met"


def test_invariance_other_ratings(tmp_path):

    assert status(tmp_path, "yilianti", 2018, CITY, {"名册.xlsx": members("未评级")}, "1.2.4") == "met"
    assert status(tmp_path, "yilianti", 2018, CITY, {"名册.xlsx": members("一级")}, "1.2.4") == "met"


def test_directional_a_member_that_has_not_joined(tmp_path):

    spec = members("未定级")
    spec["sheets"]["成员"][2][4] = "尚未加入"
    assert status(tmp_path, "yilianti", 2018, CITY, {"名册.xlsx": spec}, "1.2.4") != "met"


# A process said of its topic and still going, with nothing reached, is under way: 互通工作稳步推进。
def records(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = f"@title {organ}2018年医联体建设工作总结\n{sentence}\n@right {organ}\n@right 2018年12月20日\n"
    return status(tmp_path, "yilianti", 2018, units, {"工作总结.docx": doc}, "3.3.1")


def test_minimum_records_shared_in_every_alliance_is_met(tmp_path):
    assert records(tmp_path, "全市所有医联体均已实现电子健康档案和电子病历互联互通、信息共享。") == "met"


def test_invariance_other_city_and_words(tmp_path):
    assert records(tmp_path, "全市各医联体均已实现居民电子健康档案与电子病历共享调阅。", CITY_OTHER) == "met"


def test_directional_a_process_still_going_falls(tmp_path):
    assert records(tmp_path, "全市医联体内电子健康档案与电子病历互通工作稳步推进。") != "met"
    assert records(tmp_path, "全市医联体电子健康档案和电子病历信息共享工作正在有序推进中。") != "met"


# Double negation with a long subject and 不能 (没有一家基层医疗卫生机构不能调阅…) is done.
@pytest.mark.parametrize("text, modality", [
    ("全市4个医联体内没有一家基层医疗卫生机构不能调阅居民电子健康档案", "done"),     # minimum
    ("全县没有一所乡镇卫生院未能接入区域信息平台", "done"),                          # invariance
    ("全市没有一家基层医疗卫生机构能调阅居民电子健康档案", "negated"),                # directional
])
def test_double_negation_with_a_long_subject(text, modality):
    assert split_clauses(text)[0].modality == modality


# A clause that only names a matter (…对表现突出者的优先政策，) is the topic of the rest of its sentence:
# 待…调整后再研究执行 is said of it.
def priority(tmp_path, sentence, units=DUIKOU):
    helped = units["受援医院"]
    doc = (f"@title {helped}派出进修人员管理制度\n第一条　为规范派出进修人员管理，制定本制度。\n第四条　{sentence}\n"
           f"@right {helped}\n@right 2019年1月5日\n")
    return status(tmp_path, "duikou", 2019, units, {"进修管理制度.docx": doc}, "1.34")


def test_minimum_a_priority_rule_in_force(tmp_path):
    s = "进修考核结果纳入个人年度绩效考核；进修表现突出者在职称晋升、评优评先中优先考虑。"
    assert priority(tmp_path, s) == "met"


def test_invariance_other_hospital(tmp_path):
    s = "派出进修人员考核结果纳入个人绩效考核，表现突出者在职称申报和评优评先时优先考虑。"
    assert priority(tmp_path, s, DUIKOU_OTHER) == "met"


def test_directional_the_named_matter_left_for_later_falls(tmp_path):
    s = ("进修考核结果纳入个人年度绩效考核。职称申报、评优评先中对表现突出者的优先政策，"
         "待县人社部门职称评审办法调整后再研究执行。")
    assert priority(tmp_path, s) != "met"


# --- a subject phrase and its predicate; the aspect a sentence is about ---------------------
# "电子病历的连续记录和共享，需待二期立项后实施": the first clause is only a noun phrase (a 的-phrase,
# no cue, no count); the next clause, with no subject of its own, is its predicate. A clause that
# is a fact of its own (全年开展远程会诊86例) is no subject. "X方面，…" names the aspect the whole
# sentence is about: its last clause (平台目前还不能连通) speaks of it too.
@pytest.mark.parametrize("text, continued", [
    ("电子病历和电子处方的跨机构连续记录和共享，需待二期项目立项后实施", [1]),
    ("两院的远程心电诊断服务，目前尚在测试", [1]),
    ("全年开展远程会诊86例，未出现一例医疗差错和纠纷", []),           # a fact, then another fact
    ("远程会诊平台方面，信息科完成了专线勘察，设备采购被暂缓，平台目前还不能连通", [1, 2, 3]),
    ("信息化方面，区域平台已上线，电子病历共享尚未实现", []),       # the aspect is said with a fact: no aspect clause
])
def test_a_subject_phrase_and_an_aspect_reach_their_predicates(text, continued):
    assert reach(split_clauses(text), 0) == continued


def shares(tmp_path, body, units=CITY):
    organ = units["行政部门"]
    doc = summary(body, organ, 2019, title=f"{organ}2019年医联体建设工作汇报")
    return status(tmp_path, "yilianti", 2019, units, {"工作汇报.docx": doc}, "3.3.1")


def test_minimum_a_subject_phrase_left_pending_is_not_met(tmp_path):
    body = "全民健康信息平台于10月上线。电子健康档案和电子病历的跨机构连续记录和信息共享，需待二期项目立项后实施。"
    assert shares(tmp_path, body) == "not_met"


def test_invariance_other_organs_and_wording_stay_not_met(tmp_path):
    body = "区域平台已上线运行。健康档案与电子病历的连续记录和互联互通，还需等信息化二期工程验收后推开。"
    assert shares(tmp_path, body, CITY_OTHER) == "not_met"


def test_directional_the_same_phrase_with_a_done_predicate_is_met(tmp_path):
    done = "全民健康信息平台于10月上线。全市各医联体电子健康档案和电子病历的连续记录和信息共享，已于11月全部实现。"
    assert shares(tmp_path, done) == "met"
    pending = done.replace("已于11月全部实现", "需待二期项目立项后实施")
    assert shares(tmp_path, pending) == "not_met"


# --- a numbered 关于… item of minutes is about its topic throughout ---------------------------
def guidance(tmp_path, line, units=DUIKOU):
    unit, helped = units["支援医院"], units["受援医院"]
    minutes = (f"@title {unit}与{helped}对口支援工作会商纪要\n时间：2016年10月12日\n"
               f"会议议定事项如下：\n{line}\n@right {unit}\n@right 2016年10月13日\n")
    return status(tmp_path, "duikou", 2016, units, {"纪要.docx": minutes}, "2.11")


def test_minimum_guidance_on_department_rules_done_is_met(tmp_path):
    line = "三、关于科室管理制度，派驻专家指导受援医院内科修订完善了科室管理制度12项，已于2016年9月印发执行。"
    assert guidance(tmp_path, line) == "met"


def test_directional_a_numbered_topic_whose_revision_is_pending_is_not_met(tmp_path):
    line = ("三、关于科室管理制度，派驻专家对受援医院内科的管理制度逐条提出了修订意见，科室正在对照修改，"
            "修订稿尚需提交医院审定后才能印发执行。")
    assert guidance(tmp_path, line) != "met"


def test_invariance_other_number_and_units_stay_not_met(tmp_path):
    line = ("（二）关于科室制度建设，帮扶专家对外科的规章制度提出了完善建议，外科正在修改，"
            "修改稿尚待院务会审定后才能下发。")
    assert guidance(tmp_path, line, DUIKOU_OTHER) != "met"


# A subjectless clause opened by a modal (要抓紧修改完善) or whose predicate only says when and by
# what procedure (拟于年内报市政府审定后实施) continues the topic before it: the thing is still to come.
@pytest.mark.parametrize("text, continued", [
    ("药学服务协作工作方案已形成征求意见稿，要抓紧修改完善", [1]),
    ("研究测算医联体内不同级别医疗机构之间差异化报销比例，拟于年内报市政府审定后实施", [1]),
    ("医联体内药学服务协作已全面开展，要求各成员单位配备临床药师", []),
])
def test_a_modal_or_a_when_and_how_predicate_continues_the_topic(text, continued):
    assert reach(split_clauses(text), 0) == continued


def city_summary(tmp_path, line, units=CITY, item="1.3.2"):
    organ = units["行政部门"]
    doc = f"@title {organ}2018年医联体建设工作总结\n一、主要工作\n{line}\n@right {organ}\n@right 2018年12月20日\n"
    return status(tmp_path, "yilianti", 2018, units, {"总结.docx": doc}, item)


def test_minimum_rates_in_force_are_met(tmp_path):
    line = "医联体内不同级别医疗机构之间实行差异化报销比例，基层医疗卫生机构住院报销比例高于二级医院10个百分点。"
    assert city_summary(tmp_path, line) == "met"


def test_invariance_a_pharmacy_plan_still_a_draft_in_other_words(tmp_path):
    line = "会议指出，药学服务协作工作方案已形成征求意见稿，要抓紧修改完善，争取2019年一季度印发实施。"
    assert city_summary(tmp_path, line, CITY_OTHER, "1.3.1") != "met"


def test_directional_rates_to_be_put_in_force_after_approval_fall(tmp_path):
    line = "研究测算医联体内不同级别医疗机构之间差异化报销比例，拟于年内报市政府审定后实施。"
    assert city_summary(tmp_path, line) != "met"


# A negation character inside a place name (未央路, 无锡市, 无为县) negates nothing
def named_members(member: str) -> dict:
    return {"format": "xlsx", "sheets": {"成员": [["北湖市医联体成员单位名册"], ["医联体", "牵头单位", "成员单位"],
                                               ["市人民医院医疗集团", "北湖市人民医院", member]]}}


def test_minimum_a_place_name_with_wei_is_no_negation(tmp_path):
    member = "未央路社区卫生服务中心、颐康护理院（民营，2022年加入）"
    assert status(tmp_path, "yilianti", 2022, CITY, {"名册.xlsx": named_members(member)}, "1.2.4") == "met"


@pytest.mark.parametrize("member", [
    "无为县康复医院（社会办）、城东社区卫生服务中心",
    "无锡路社区卫生服务中心、仁济康复医院（社会办）",
    "未央区仁济护理院（民营）",
])
def test_invariance_other_names_with_negation_characters(tmp_path, member):
    assert status(tmp_path, "yilianti", 2022, CITY, {"名册.xlsx": named_members(member)}, "1.2.4") == "met"


def test_directional_a_member_not_yet_joined_beside_the_name(tmp_path):
    member = "未央路社区卫生服务中心；颐康护理院（民营）尚未加入"
    assert status(tmp_path, "yilianti", 2022, CITY, {"名册.xlsx": named_members(member)}, "1.2.4") != "met"


# A request is not the fact requested: 申请加入 a group is not being in it, unless it was granted
def joining(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = (f"@title {organ[:3]}市2024年城市医疗集团建设工作总结\n两个集团共吸纳社区卫生服务中心14家。\n{sentence}\n"
           f"@right {organ}\n@right 2024年12月27日\n")
    return status(tmp_path, "yilianti", 2024, units, {"总结.docx": doc}, "1.2.4")


def test_minimum_a_private_hospital_that_joined(tmp_path):
    assert joining(tmp_path, "惠民康复医院（民营）今年3月加入市第一人民医院医疗集团。") == "met"


def test_invariance_a_request_that_was_granted(tmp_path):
    assert joining(tmp_path, "仁和护理院（社会办）申请纳入市中心医院医疗集团并获批准。", CITY_OTHER) == "met"


def test_directional_a_request_is_not_joining(tmp_path):
    assert joining(tmp_path, "惠民康复医院（民营）今年3月申请加入市第一人民医院医疗集团。") != "met"


# A preparation that is over (胸痛中心筹建完成) is done; one still going (正在筹建) is a stage
@pytest.mark.parametrize("text, modality", [
    ("胸痛中心筹建完成，起搏器植入5例", "neutral"),
    ("卒中中心筹备完成，已开展溶栓12例", "neutral"),
    ("胸痛中心正在筹建", "planned"),
    ("胸痛中心仍在筹建之中", "planned"),
])
def test_a_preparation_over_is_no_stage(text, modality):
    assert split_clauses(text)[0].modality == modality


# A preparatory step done (选址已经确定, 已完成设计, 完成招标) is not the thing in place, unless the
# clause goes on to its use (完成招标并投入使用)
def remote_services(tmp_path, sentence, units=DUIKOU):
    unit = units["支援医院"]
    doc = summary(f"@h1 四、远程医疗\n{sentence}", unit, 2019)
    return status(tmp_path, "duikou", 2019, units, {"总结.docx": doc}, "2.46")


def test_minimum_remote_consultations_held(tmp_path):
    assert remote_services(tmp_path, "全年开展远程会诊218例。") != "not_met"


@pytest.mark.parametrize("sentence", ["双方远程会诊室选址已经确定。", "远程会诊中心已完成设计，设备正在招标。"])
def test_directional_a_preparatory_step_is_no_service(tmp_path, sentence):
    assert remote_services(tmp_path, sentence) == "not_met"


def test_invariance_a_step_then_its_use(tmp_path):
    assert remote_services(tmp_path, "远程会诊系统已完成招标并投入使用，全年会诊96例。", DUIKOU_OTHER) != "not_met"
