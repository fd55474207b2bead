"""Rule 2: targets and goals are not facts; a plan is right where the form asks for a plan.

到2020年底前…全面建成, 力争, …的目标 and everything under 工作目标/下一步工作/2019年工作打算
are plans, with or without 将/拟. A report dated after the goal year that says where
things stood (到2018年底，全市…) states a fact."""
import pytest

from pipeline.extract.structure import is_goal_heading, sections
from pipeline.model import Block, Locator
from pipeline.text.clauses import split_clauses

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, status


def city_summary(body: str, unit="北湖市卫生健康委员会", year=2018, dated=None) -> str:
    dated = dated or f"{year}年12月25日"
    return f"@title {unit[:3]}市{year}年医联体建设工作总结\n{body}\n@right {unit}\n@right {dated}\n"


def records(tmp_path, body, units=CITY, year=2018, dated=None):
    doc = city_summary(body, units["行政部门"], year, dated)
    return status(tmp_path, "yilianti", year, units, {"总结.docx": doc}, "3.3.1")


# --- the reading rule itself --------------------------------------------------------------
@pytest.mark.parametrize("heading, goal", [
    ("工作目标", True), ("（二）主要目标", True), ("下一步工作打算", True), ("2019年工作计划", True),
    ("四、下步工作重点", True), ("工作目标完成情况", False), ("主要做法和成效", False), ("基本情况", False),
])
def test_goal_headings(heading, goal):
    assert is_goal_heading(heading) is goal


def test_sections_under_a_goal_heading_are_goals():
    lines = ["一、工作开展情况", "全市已建成医联体4个。", "二、下一步工作", "（一）推进信息互通。", "全面实现病历共享。",
             "三、存在问题", "信息化水平不高。"]
    blocks = [Block(t, "paragraph", Locator("x.docx", paragraph=i + 1)) for i, t in enumerate(lines)]
    secs = sections(blocks)
    assert [(s.number, s.heading, s.goal) for s in secs] == [
        ("一、", "工作开展情况", False), ("二、", "下一步工作", True), ("（一）", "推进信息互通", True),
        ("三、", "存在问题", False)]


# --- minimum ------------------------------------------------------------------------------
def test_minimum_a_fact_is_met(tmp_path):
    assert records(tmp_path, "全市4个医联体均已实现电子健康档案和电子病历互联互通。") == "met"


def test_minimum_a_goal_year_is_not_met(tmp_path):
    assert records(tmp_path, "到2020年底前，全市医联体全面实现电子健康档案和电子病历互联互通。") == "not_met"


# --- invariance ---------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "力争2019年实现医联体内电子健康档案与电子病历信息共享。",
    "全市将于2020年实现医共体内电子病历和健康档案互通共享。",
    "以实现电子健康档案和电子病历互联互通为目标，推进区域信息平台建设。",
    "二、下一步工作\n（一）推进电子健康档案和电子病历互联互通。",
    "2019年工作打算\n全面实现医联体内电子病历共享调阅。",
])
def test_invariance_goals_in_other_words_are_not_met(tmp_path, body):
    assert records(tmp_path, body, CITY_OTHER) == "not_met"


# --- directional --------------------------------------------------------------------------
def test_directional_moving_the_sentence_under_next_steps_removes_met(tmp_path):
    fact = "全市医联体内电子健康档案和电子病历已实现互联互通。"
    assert records(tmp_path, "一、主要成效\n" + fact) == "met"
    assert records(tmp_path, "一、下一步工作\n" + fact) == "not_met"


def test_directional_a_report_after_the_goal_year_states_a_fact(tmp_path):
    body = "到2018年底，全市4个医联体全部实现电子健康档案和电子病历互联互通。"
    # the 2018 summary, dated the next January, says where things stood
    assert records(tmp_path, body, dated="2019年1月10日") == "met"
    # the same words in a report written before the goal year are a goal
    assert records(tmp_path, body.replace("2018年底", "2019年底")) == "not_met"


def test_a_plan_is_right_where_the_form_asks_for_a_plan(tmp_path):
    plan = ("@title 青石县人民医院“十三五”发展规划（2016—2020年）\n一、发展目标\n"
            "到2020年，新增市级临床重点专科3个，引进高级职称人才10名，住院人次达到2.5万。\n"
            "二、重点任务\n（一）加强临床专科建设。\n（二）加强人才培养。\n（三）提升管理能力。\n"
            "@right 青石县人民医院\n@right 2016年3月1日\n")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"规划.docx": plan}, "1.24") == "met"
    vague = plan.replace("新增市级临床重点专科3个，引进高级职称人才10名，住院人次达到2.5万", "努力提升专科水平和服务能力")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"规划.docx": vague}, "1.24") == "not_met"


# 截至/截止 X states what was reached as of X: a month's end after it is no deadline
def test_as_of_a_date_is_a_fact_not_a_deadline():
    from pipeline.text.clauses import split_clauses
    modes = lambda t: [c.modality for c in split_clauses(t)]  # noqa: E731
    assert modes("远程会诊中心已于2019年4月正式运行，截至6月底完成远程会诊47例。") == ["done", "done"]
    assert "planned" not in modes("截止2018年底，全区累计签约3万人。")
    assert modes("力争6月底前完成远程会诊系统建设。") == ["planned"]
    assert modes("各医院要在6月底完成签约。") == ["planned"]


# A provision whose body leaves the matter to others (（二）明确责权利关系。…由各医联体自行协商确定。)
# sets nothing; a body that sets it is the rule.
def duties(tmp_path, body, units=CITY):
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 某卫发〔2017〕9号\n@title {organ}医疗联合体建设实施方案\n@h1 一、主要任务\n"
           f"（一）建立分工协作机制。牵头医院负责技术指导，成员单位负责常见病诊疗。\n（二）明确责权利关系。{body}\n"
           f"@right {organ}\n@right 2017年4月12日\n")
    return status(tmp_path, "yilianti", 2017, units, {"实施方案.docx": doc}, "2.1.1")


SET = ("牵头医院负责人才培养和质量管理的职责，享有对成员单位业务指导和人员调配的权利；"
       "医保结余按牵头医院40%、成员单位60%的比例分配，利益共享。")


def test_minimum_a_provision_that_sets_duties_rights_and_interests(tmp_path):
    assert duties(tmp_path, SET) == "met"


def test_invariance_other_city(tmp_path):
    assert duties(tmp_path, SET, CITY_OTHER) == "met"


def test_directional_a_provision_left_to_the_alliances_falls(tmp_path):
    assert duties(tmp_path, "医联体内各成员单位的责、权、利关系由各医联体自行协商确定。") != "met"


# A provision's heading that sets a task (（一）修订医联体网格化布局) in a plan is no rule in force;
# nor does 成立工作专班，…纳入年度目标考核 set up a 考核 mechanism (the verb governs its own clause).
def test_a_task_heading_is_a_task():
    from pipeline.evaluate.statements import sets_task
    assert sets_task("修订医联体网格化布局")                  # minimum
    assert sets_task("（二）修订完善医共体布局规划")          # invariance
    assert not sets_task("医联体网格化布局")                  # directional: a name, no task


def test_an_establishing_verb_governs_its_own_clause():
    from pipeline.evaluate.checks import _sets_up
    assert _sets_up("医院成立对口支援工作领导小组", ["领导小组"])
    assert _sets_up("市卫生健康委建立资源下沉考核制度", ["考核"])
    assert not _sets_up("各牵头医院要成立集团建设工作专班，市卫生健康委将集团建设纳入年度目标考核", ["考核"])


# 另行签订协议约定 leaves the rule to a later agreement.
def test_left_to_a_later_agreement_is_deferred():
    from pipeline.text.lexicon import load
    rx = load().deferral
    assert rx.search("牵头医院与成员单位之间的责任、权利和利益关系，由双方另行签订协议约定")
    assert rx.search("责权利关系另行协商确定")
    assert not rx.search("牵头医院负责人才培养，成员单位负责常见病诊疗")


# A year's work plan (工作要点) lists tasks: 配合市医保局落实差别化报销政策 is to be done, not in place;
# the policy itself (a 医保局 notice setting the ratios) is.
def reimbursement(tmp_path, name, doc_title, sentence, units=CITY):
    organ = units["行政部门"]
    doc = f"@title {doc_title}\n{sentence}\n@right {organ}\n@right 2019年2月1日\n"
    return status(tmp_path, "yilianti", 2019, units, {name: doc}, "1.3.2")


SENT = "落实医联体内不同级别医疗机构差别化医保报销政策，基层医疗机构报销比例比二级以上医院高10个百分点以上。"


def test_minimum_a_notice_setting_the_ratios_is_met(tmp_path):
    assert reimbursement(tmp_path, "通知.docx", "关于实行医联体内医保差别化报销的通知",
                         "医联体内不同级别医疗机构实行差别化医保报销，基层医疗机构报销比例比二级以上医院高10个百分点。") == "met"


def test_directional_the_same_in_a_work_plan_is_a_task(tmp_path):
    assert reimbursement(tmp_path, "工作要点.docx", "2019年全市卫生健康工作要点", "配合市医疗保障局" + SENT) != "met"


def test_invariance_another_task_verb_and_city(tmp_path):
    assert reimbursement(tmp_path, "工作要点.docx", "2019年全市卫生健康工作要点", "（三）推进" + SENT[2:],
                         CITY_OTHER) != "met"


# A meeting's directive (会议要求各医疗集团加快推进…) is for the future, not a fact of the year.
def test_a_meetings_directive_is_planned():
    from pipeline.text.clauses import split_clauses
    assert split_clauses("会议要求各医疗集团加快推进药学服务协作")[0].modality == "planned"      # minimum
    assert split_clauses("会上强调各医共体要抓紧落实号源下放")[0].modality == "planned"          # invariance
    assert split_clauses("会议审议通过了药学服务协作方案")[0].modality != "planned"              # directional


# A deadline in a clause of its own (2021年6月底前，出台…办法) still leaves the rule to later.
def action_plan(tmp_path, sentence: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 北卫发〔2020〕6号\n@title {organ[:3]}市推进紧密型医联体建设三年行动计划（2020—2022年）\n"
           f"一、主要任务\n（一）完善考核激励。{sentence}\n@right {organ}\n@right 2020年3月1日\n")
    return status(tmp_path, "yilianti", 2020, units, {"行动计划.docx": doc}, "1.5.1")


def test_minimum_a_deadline_clause_is_a_task(tmp_path):
    assert action_plan(tmp_path, "2021年6月底前，出台医联体综合绩效考核办法和资源下沉激励办法。") != "met"


def test_invariance_a_deadline_clause_in_other_words(tmp_path):
    assert action_plan(tmp_path, "年底前，研究制定医联体考核评价和资源下沉激励办法。", CITY_OTHER) != "met"


def test_directional_the_mechanism_in_force(tmp_path):
    assert action_plan(tmp_path, "对医联体实行年度绩效考核，考核结果与医保基金结余留用和绩效工资总量挂钩，激励资源下沉。") == "met"


# A tally up to a point of the year (至年底开展远程会诊31例) is done; a deadline without a count
# (年底前完成…建设) and 到年底 with a count in a plan stay plans.
def test_a_tally_to_the_year_end_is_done():
    from pipeline.text.clauses import split_clauses
    mods = lambda q: [c.modality for c in split_clauses(q)]       # noqa: E731
    assert "done" in mods("远程会诊系统于2016年10月开通运行，至年底开展远程会诊31例、远程心电诊断186例。")
    assert "done" in mods("至12月底共完成双向转诊412人次。")
    assert "planned" in mods("年底前完成远程会诊系统建设。")
    assert "planned" in mods("到年底开展远程会诊100例。")


def remote(tmp_path, sentence: str, units=DUIKOU) -> str:
    a = units["支援医院"]
    doc = f"@title {a}2016年度对口支援工作报告\n{sentence}\n@right {a}\n@right 2016年12月28日\n"
    return status(tmp_path, "duikou", 2016, units, {"报告.pdf": doc}, "2.45")


def test_minimum_a_report_with_a_tally_is_met(tmp_path):
    assert remote(tmp_path, "两院远程会诊系统于2016年10月开通运行，至年底开展远程会诊31例。") == "met"


def test_invariance_a_tally_other_words(tmp_path):
    assert remote(tmp_path, "两院远程医疗信息系统9月建成投入使用，至12月底共开展远程会诊46例。", DUIKOU_OTHER) == "met"


def test_directional_a_system_still_to_be_built(tmp_path):
    assert remote(tmp_path, "两院远程会诊系统尚在建设，年底前完成远程会诊系统建设。") != "met"


# A rule sent up and waiting for approval (已将实施细则上报，待省里批复后实施) is not in force;
# one approved and carried out is.
def test_a_rule_awaiting_approval_is_deferred():
    from pipeline.evaluate.statements import defers
    assert defers("我局已将医共体药学服务协作实施细则上报，待省里批复后实施。")
    assert defers("办法已起草，待市政府审定后印发。")
    assert not defers("实施细则经省里批复后，已于2021年3月起实施。")


# A goal year in an issued 实施方案 (到2020年，医共体内建立…连续服务模式) sets a target: where the form
# asks for the guidance or rule itself (2.3.1 指导…的文件或制度), the target is not it; the section
# that states how the service is given is.
def continuity(tmp_path, sentence: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 北卫发〔2018〕15号\n@title 关于印发{organ[:3]}市紧密型县域医共体建设实施方案的通知\n"
           f"三、重点任务\n（四）推进连续性服务。{sentence}\n@right {organ}\n@right 2018年3月1日\n")
    return status(tmp_path, "yilianti", 2018, units, {"实施方案.docx": doc}, "2.3.1")


def test_minimum_the_service_rule_in_a_plan_is_met(tmp_path):
    s = ("医共体牵头医院对出院患者制定康复计划，转至成员单位接续康复治疗；需要长期护理的，转入护理院或"
         "医养结合机构，实现诊疗—康复—长期护理连续服务。")
    assert continuity(tmp_path, s) == "met"


@pytest.mark.parametrize("s", [
    "到2020年，医共体内建立诊疗—康复—长期护理连续服务模式。",
    "力争到2021年底，全面形成诊疗、康复、长期护理有序衔接的连续服务格局。",
])
def test_directional_a_goal_year_is_no_guidance(tmp_path, s):
    assert continuity(tmp_path, s) != "met"


def test_invariance_other_city_goal_stays_no_guidance(tmp_path):
    assert continuity(tmp_path, "到2020年底，集团内基本建立康复、长期护理一体化连续服务模式。", CITY_OTHER) != "met"


@pytest.mark.parametrize("text, modality", [
    ("每人签订目标任务书", "neutral"),                 # a document named for its targets
    ("帮扶期满，按年度目标责任书进行考核", "neutral"),
    ("年度目标任务：新开展技术5项", "target"),          # the targets themselves
    ("工作目标是建成胸痛中心", "target"),
])
def test_a_document_named_for_targets_sets_none(text, modality):
    assert split_clauses(text)[-1].modality == modality



# In a 计划 or 规划 the form asks for, its goals are its content (2.02: 支援目标, 合格标准); in a
# 方案 asked for as a rule (2.3.1), a goal year is a goal.
def test_an_asked_for_plans_goals_are_its_content(tmp_path):
    unit, helped = DUIKOU["支援医院"], DUIKOU["受援医院"]
    plan = (f"@title {unit}2018年对口支援{helped}工作计划\n"
            f"一、科室对科室支援目标：我院心内科对口{helped}心内科，帮助其开展冠脉造影技术。\n"
            "二、到2018年底，进修医师达到以下合格标准：独立完成冠脉造影20例以上。\n"
            f"@right {unit}\n@right 2018年1月10日\n")
    assert status(tmp_path, "duikou", 2018, DUIKOU, {"计划.docx": plan}, "2.02") == "met"


# The original plan told beside what happened (原计划每周出诊2个半天…10月起每周1个半天) is no
# schedule kept: only the sessions held count (2.07)
def clinic_report(sentences: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}2023年对口支援工作总结\n@h1 二、派驻专家工作\n{sentences}\n"
            f"@right {unit}\n@right 2023年12月28日\n")


def test_minimum_sessions_held_each_week(tmp_path):
    doc = clinic_report("派驻专家全年每周出诊2个半天。")
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"总结.docx": doc}, "2.07") == "met"


@pytest.mark.parametrize("sentences", [
    "派驻专家原计划每周出诊2个半天。\n门诊楼改造期间门诊暂停，10月起恢复每周1个半天出诊。",
    "派驻专家原定每周坐诊2个半天。",
])
def test_directional_the_original_plan_is_no_schedule_kept(tmp_path, sentences):
    doc = clinic_report(sentences)
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"总结.docx": doc}, "2.07") != "met"


def test_invariance_sessions_held_in_another_hospital(tmp_path):
    doc = clinic_report("派驻专家每周坐诊3个半天。", DUIKOU_OTHER["支援医院"])
    assert status(tmp_path, "duikou", 2023, DUIKOU_OTHER, {"总结.docx": doc}, "2.07") == "met"
