"""Rule 3: support must support. A citation for met is a sentence in the done modality (or a
rule in force) that states the requirement; when the same evidence also says it is not done
(尚未落实), that wins, and the reason says so; a heading, a table header or a title alone is
never the proof."""
import pytest

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, decide, status


def report(lines: str, unit="东江市第一人民医院", dated="2016年12月26日") -> str:
    return f"@title {unit}2016年对口支援工作总结\n{lines}\n@right {unit}\n@right {dated}\n"


def agreement_done(tmp_path, lines, units=DUIKOU):
    return decide(tmp_path, "duikou", 2016, units, {"总结.docx": report(lines, units["支援医院"])}, "2.03")


def test_minimum_a_done_sentence_supports_and_is_cited(tmp_path):
    f = agreement_done(tmp_path, "2016年，我院全面履行对口支援协议，协议约定的各项任务均已落实。")
    assert f.status == "met"
    assert any("均已落实" in c.quote for c in f.citations)


def test_directional_a_later_denial_wins_and_the_reason_quotes_it(tmp_path):
    lines = ("2016年，我院认真落实对口支援协议。\n"
             "但协议约定的远程会诊中心建设和季度会商等任务尚未落实。")
    f = agreement_done(tmp_path, lines)
    assert f.status == "not_met"
    assert "尚未" in f.reason and any("尚未落实" in c.quote for c in f.citations)


def test_invariance_other_words_for_the_denial(tmp_path):
    lines = ("今年，医院按照双方协议开展帮扶工作。\n"
             "协议中的人才培养任务目前仍未完成，协议未得到全面履行。")
    assert agreement_done(tmp_path, lines, DUIKOU_OTHER).status == "not_met"


def test_a_heading_or_a_table_header_is_no_fact(tmp_path):
    lines = ("二、协议年度任务完成情况\n@table\n协议任务|完成情况\n远程会诊中心建设|未完成\n@end")
    assert agreement_done(tmp_path, lines).status != "met"


def test_a_later_report_that_the_mechanism_is_not_yet_set_up_wins_over_the_agreement(tmp_path):
    agreement = ("@title 城乡医院对口支援协议书\n甲方：东江市第一人民医院\n乙方：青石县人民医院\n"
                 "第六条 会商机制。双方建立季度会商制度，共同研究派驻人员和考核结果。\n@right 2016年1月5日\n")
    later = report("双方会商机制尚未真正建立，全年仅召开1次协调会。")
    files = {"协议.pdf": agreement}
    assert decide(tmp_path, "duikou", 2016, DUIKOU, files, "2.04").status == "met"
    files["总结.docx"] = later
    assert decide(tmp_path, "duikou", 2016, DUIKOU, files, "2.04").status == "not_met"


def test_a_met_citation_is_never_negated_or_planned(tmp_path):
    from pipeline.text.clauses import split_clauses
    lines = ("全市医联体内电子健康档案和电子病历已实现互联互通。\n"
             "下一步将推进电子处方共享。")
    doc = f"@title 北湖市2018年医联体工作总结\n{lines}\n@right 北湖市卫生健康委员会\n@right 2018年12月20日\n"
    f = decide(tmp_path, "yilianti", 2018, CITY, {"总结.docx": doc}, "3.3.1")
    assert f.status == "met"
    for c in f.citations:
        assert all(cl.modality not in ("negated", "planned") for cl in split_clauses(c.quote)), c.quote


# A rule the form asks to be carried out (…的要求得到落实): the unit's report that it is not
# carried out wins over the rule, though a report is not where the rule itself is set
RULE = ("@title {unit}对口支援派驻人员管理办法\n第一条 为加强派驻人员管理，制定本办法。\n"
        "第九条 派驻人员的对口支援考核结果纳入科室和个人绩效考核。表现突出者，在职称申报和聘任、评优评先时优先考虑。\n"
        "@right {unit}\n@right 2016年3月1日\n")


def rule_and_report(tmp_path, line, units=DUIKOU, item="1.14"):
    unit = units["支援医院"]
    files = {"办法.docx": RULE.format(unit=unit), "总结.docx": report(line, unit)}
    return decide(tmp_path, "duikou", 2016, units, files, item)


def test_minimum_the_rule_in_force_and_carried_out_is_met(tmp_path):
    f = rule_and_report(tmp_path, "2016年，派驻人员考核结果已按办法纳入科室绩效考核。")
    assert f.status == "met"


def test_directional_a_report_that_the_rule_is_not_carried_out_wins(tmp_path):
    f = rule_and_report(tmp_path, "对口支援考核结果与科室绩效、职称晋升挂钩的措施尚未落实，绩效分配仍未体现派驻工作量。")
    assert f.status == "not_met" and "尚未" in f.reason


def test_invariance_the_denial_in_other_words_and_places(tmp_path):
    f = rule_and_report(tmp_path, "目前，派驻人员考核结果还没有与绩效考核挂钩，相关规定暂未执行。", DUIKOU_OTHER)
    assert f.status == "not_met"


def test_a_content_check_is_not_denied_by_a_report_on_something_else(tmp_path):
    # 2.01 asks what the agreement says (量化目标); a report that one target is late does not
    # take the agreement's targets away
    agreement = ("@title 东江市第一人民医院与青石县人民医院对口支援协议书\n"
                 "一、总体目标：三年内帮助乙方新建2个临床重点专科，年门诊量提高20%。\n"
                 "二、2016年度目标：开展新技术5项，培训业务骨干10名。\n"
                 "三、甲方的权利和义务：甲方派驻医师不少于5名。\n四、乙方的权利和义务：乙方提供生活保障。\n"
                 "五、支援方式：派驻医师、远程会诊、进修培训。\n六、任务内容：帮助乙方开展胸痛中心建设。\n@right 东江市第一人民医院 青石县人民医院\n@right 2016年1月5日\n")
    assert decide(tmp_path, "duikou", 2016, DUIKOU, {"协议.docx": agreement}, "2.01").status == "met"
    late = report("远程会诊系统建设目标尚未完成，计划2017年上线。")
    files = {"协议.docx": agreement, "总结.docx": late}
    f = decide(tmp_path, "duikou", 2016, DUIKOU, files, "2.01")
    assert f.status == "met", f.reason


# A topic named as a concern (X是群众关心的重点) says nothing of X being done.
def concern(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = f"@title {organ}2017年医联体建设工作总结\n{sentence}\n@right {organ}\n@right 2017年12月20日\n"
    return status(tmp_path, "yilianti", 2017, units, {"工作总结.docx": doc}, "3.3.1")


def test_minimum_records_shared_is_met(tmp_path):
    assert concern(tmp_path, "全市所有医联体均已实现电子健康档案与电子病历的互联互通。") == "met"


def test_invariance_other_city_same_fact(tmp_path):
    assert concern(tmp_path, "全市各医联体内电子健康档案与电子病历已全部实现互联互通。", CITY_OTHER) == "met"


def test_directional_a_topic_named_as_a_concern_is_no_fact(tmp_path):
    assert concern(tmp_path, "全市医联体电子健康档案与电子病历的互联互通是群众关心的重点。") != "met"


# A sentence that leaves its content to another document (详见《X》（另附）) the folder lacks states nothing.
def test_a_sentence_referring_its_content_away_states_nothing():
    from pipeline.evaluate.checks import _refers_away
    s = "具体服务内容详见《白桦市家庭医生签约服务包》（另附）。"
    assert _refers_away(s, frozenset())                                   # minimum
    assert _refers_away(s.replace("白桦市", "北湖市"), frozenset({"南岭市家庭医生签约服务包"}))   # invariance
    assert not _refers_away(s, frozenset({"白桦市家庭医生签约服务包"}))  # directional: the folder holds it


# A requirement restated (按照院领导班子、职能科室和临床医技科室负责人轮训的要求，…) is no record
# that those posts were trained: the parts must be said outside it.
def rotation(tmp_path, lead, units=DUIKOU):
    helped = units["受援医院"]
    doc = (f"@title {helped}2019年对口支援工作总结\n@h1 一、人员轮训\n{lead}轮训记录如下：\n@table\n"
           f"姓名 | 职务 | 轮训科室 | 时间\n张强 | 骨科主任 | 骨科 | 2019年3月\n李梅 | 儿科主任 | 儿科 | 2019年5月\n@end\n"
           f"@right {helped}\n@right 2019年12月20日\n")
    return status(tmp_path, "duikou", 2019, units, {"工作总结.docx": doc}, "1.30")


SAID = "今年安排院长王明、医务科科长赵丽、临床科室主任和检验科主任到支援医院轮训，"
RESTATED = "按照院领导班子、职能科室和临床医技科室负责人轮训的要求，今年安排2名临床科室主任到支援医院轮训，"


def test_minimum_every_post_said_to_be_trained_is_met(tmp_path):
    assert rotation(tmp_path, SAID) == "met"


def test_directional_a_restated_requirement_is_no_record(tmp_path):
    assert rotation(tmp_path, RESTATED) != "met"


def test_invariance_other_hospitals_restated(tmp_path):
    assert rotation(tmp_path, RESTATED, DUIKOU_OTHER) != "met"


# A document found is not denied by its own sentence about something else (the annual report
# that says 其余科室尚未单独制定 [a 科室计划] is still the annual report).
def annual(tmp_path, extra, units=DUIKOU):
    hosp, helped = units["支援医院"], units["受援医院"]
    report = (f"@title {hosp}2018年度对口支援{helped}工作报告\n2018年4月、10月，院长肖卫国、副院长欧阳明两次赴{helped}"
              f"调研督导，7月形成半年工作意见。\n{extra}\n@right {hosp}\n@right 2018年12月25日\n")
    opinion = (f"@title {hosp}2018年上半年对口支援工作意见\n上半年对口支援工作总体顺利。\n@right {hosp}\n"
               f"@right 2018年7月11日\n")
    return status(tmp_path, "duikou", 2018, units, {"年度报告.pdf": {"format": "pdf", "text": report},
                                                    "半年意见.docx": opinion}, "1.04")


def test_minimum_the_report_stands(tmp_path):
    assert annual(tmp_path, "全年派驻医师12名。") == "met"


def test_invariance_its_own_negation_about_something_else(tmp_path):
    assert annual(tmp_path, "开展对口支援的9个科室中，3个科室制定了科室年度帮扶计划，其余科室尚未单独制定。") == "met"
    assert annual(tmp_path, "受援医院病理科尚未建立。", DUIKOU_OTHER) == "met"


def test_directional_no_visit_falls(tmp_path):
    hosp, helped = DUIKOU["支援医院"], DUIKOU["受援医院"]
    report = (f"@title {hosp}2018年度对口支援{helped}工作报告\n全年派驻医师12名，院领导因疫情未能赴受援医院督导。\n"
              f"@right {hosp}\n@right 2018年12月25日\n")
    assert status(tmp_path, "duikou", 2018, DUIKOU, {"年度报告.docx": report}, "1.04") != "met"


# A met's quote is what decided it: when the sentence also denies something else, the quote is the
# clauses that hold the requirement (the support quoted is what supports).
def pay(tmp_path, sentence, units=DUIKOU):
    hosp = units["支援医院"]
    doc = (f"@title {hosp}对口支援派驻人员管理办法\n第一条　为规范派驻人员管理，制定本办法。\n第五条　{sentence}\n"
           f"第八条　派驻期间给予每人每月800元生活补助和交通补贴。\n@right {hosp}\n@right 2017年1月5日\n")
    return decide(tmp_path, "duikou", 2017, units, {"管理办法.docx": doc}, "1.12")


def test_minimum_the_pay_rule_is_quoted(tmp_path):
    f = pay(tmp_path, "派驻人员在对口支援期间工资、津贴、奖金等各项福利待遇不变。")
    assert f.status == "met" and any("待遇不变" in c.quote for c in f.citations)


def test_invariance_other_hospital(tmp_path):
    f = pay(tmp_path, "派驻期间派驻人员工资、津贴、奖金等福利待遇不变。", DUIKOU_OTHER)
    assert f.status == "met"


def test_directional_a_denial_of_something_else_is_not_quoted(tmp_path):
    f = pay(tmp_path, "派驻人员在对口支援期间工资、津贴、奖金等各项福利待遇不变，医院尚未建立派驻人员体检制度。")
    assert f.status == "met"
    quotes = [c.quote for c in f.citations if "待遇不变" in c.quote]
    assert quotes and all("尚未" not in q for q in quotes), quotes


# Where the form asks whether a practice is in place (已落实), a record that it is (a year's
# summary, a progress table) supports it as a policy does; said as not yet, it does not.
def licensing(tmp_path, sentence: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = f"@title {organ}2018年医联体建设工作总结\n{sentence}\n@right {organ}\n@right 2019年1月10日\n"
    return status(tmp_path, "yilianti", 2018, units, {"工作总结.pdf": doc}, "3.1.1")


def test_minimum_a_summary_shows_the_practice_in_place(tmp_path):
    assert licensing(tmp_path, "2018年4月起，医联体内医务人员在成员单位间执业，不再办理执业地点变更和执业机构备案手续。") == "met"


def test_invariance_other_words_and_city(tmp_path):
    assert licensing(tmp_path, "今年起医疗集团内医师多点执业无需办理执业机构备案，全年共有86名医师下沉执业。", CITY_OTHER) == "met"


def test_directional_not_yet_in_place_is_not_met(tmp_path):
    assert licensing(tmp_path, "医联体内医务人员执业不再办理执业地点变更的做法尚未落实，仍在与市卫生健康委协商。") != "met"


# A meeting counted for a frequency is cited by what it was on or decided, never by a directive
# of what is still to do (会议要求医务部尽快研究制定…工作计划).
def test_a_meetings_citation_is_no_directive(tmp_path):
    from pipeline.text.clauses import split_clauses
    from pipeline.text.variants import simplified
    b = DUIKOU["受援医院"]
    doc = (f"@title {b}党委会议纪要\n时间：2016年3月24日\n地点：行政楼会议室\n主持人：院长\n"
           "议题：专题研究对口支援工作，分析派驻专家到岗困难。\n"
           "会议决定：一、由医务部负责派驻专家的生活保障；二、会议要求医务部尽快研究制定我院2016年对口支援工作计划。\n"
           f"@right {b}党委办公室\n")
    f = decide(tmp_path, "duikou", 2016, DUIKOU, {"纪要.docx": doc}, "1.23")
    quotes = [c.quote for c in f.citations if c.file == "纪要.docx"]
    assert quotes and not any(any(c.modality == "planned" for c in split_clauses(simplified(q))) for q in quotes)


# A year's plan is shown by the plan, or by the unit's minutes that record it adopted (审议通过
# 《2019年对口支援工作计划》) and a later meeting of the year that follows it up (一季度计划执行
# 情况). Named once and never followed, a draft, or another year's plan shows nothing.
def plan_minutes(adopt, later, units=DUIKOU, year=2019):
    county = units["受援医院"]
    return (f"@title {county}对口支援工作会议记录（{year}年）\n"
            f"一、党政领导班子专题会议\n时间：{year}年2月19日\n主持：院长\n议题：专题研究对口支援工作\n"
            f"会议分析了麻醉人员短缺的问题。{adopt}\n"
            f"二、领导小组会议\n{year}年4月16日，院长主持领导小组会议，{later}\n"
            f"@right {county}办公室\n@right {year}年12月30日\n")


def test_minimum_a_plan_adopted_and_followed_up(tmp_path):
    doc = plan_minutes("会议审议通过了《2019年对口支援工作计划》，由医务科组织实施。", "听取一季度计划执行情况汇报。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"会议记录.docx": doc}, "1.23") == "met"


def test_invariance_other_words_and_hospitals(tmp_path):
    doc = plan_minutes("会议研究制定2019年对口帮扶工作计划：全年开展新技术5项，派出进修人员4名。",
                       "通报上半年帮扶计划落实情况。", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2019, DUIKOU_OTHER, {"会议记录.pdf": doc}, "1.23") == "met"


def test_directional_never_followed_a_draft_or_another_year(tmp_path):
    never = plan_minutes("会议审议通过了《2019年对口支援工作计划》，由医务科印发执行。", "研究派驻专家住宿问题。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"会议记录.docx": never}, "1.23") != "met"
    draft = plan_minutes("会议研究制定2019年对口支援工作计划（草案），提交院长办公会审议。", "听取一季度计划执行情况汇报。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"会议记录.docx": draft}, "1.23") != "met"
    other = plan_minutes("会议审议通过了《2018年对口支援工作计划》。", "听取一季度计划执行情况汇报。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"会议记录.docx": other}, "1.23") != "met"


# --- a rule in force is not met when the year's report tells of its breach ---------------------
# The form asks for a leave rule *and* no unauthorised absence (1.13, 1.33: and, for trainees, no
# return to duty at home). A report that one person left or went back without approval is a
# breach whatever its words (未经审批提前返回, 每周返院值夜班); one that says none did is not.
LEAVE_RULE = ("@title {unit}派出进修人员管理规定\n第四条 派出进修人员培训期间原则上不回我院执行任务，"
              "确需请假的，须经进修医院和我院医务科审批，不得擅自离岗。\n@right {unit}\n@right 2016年1月8日\n")


def leave(tmp_path, line, units=DUIKOU, item="1.33"):
    unit = units["受援医院"] if item == "1.33" else units["支援医院"]
    rule = LEAVE_RULE.format(unit=unit)
    if item == "1.13":
        rule = rule.replace("派出进修人员", "派驻人员").replace("培训期间原则上不回我院执行任务，", "")
    files = {"规定.docx": rule, "总结.docx": report(line, unit)}
    return status(tmp_path, "duikou", 2016, units, files, item)


def test_minimum_the_rule_kept_is_met(tmp_path):
    assert leave(tmp_path, "全年派出进修医师6名，培训期间均严格执行请销假制度，未发生擅自离岗情况。") == "met"


@pytest.mark.parametrize("line", [
    "全年派出进修医师6名，除1人次未经审批提前返回外，均按规定请销假。",
    "全年派出进修医师6名，其中2名医师培训期间每周返院值夜班1—2次。",
])
def test_directional_a_reported_breach_fails_the_rule(tmp_path, line):
    assert leave(tmp_path, line) == "not_met"


def test_invariance_a_breach_in_other_words_and_units(tmp_path):
    line = "全年派驻医师8名，有1名医师未经批准离开受援医院返回本院3天。"
    assert leave(tmp_path, line, DUIKOU_OTHER, "1.13") == "not_met"
    line = "全年派驻医师8名，均按规定请销假，没有未经批准返回本院的情况。"
    assert leave(tmp_path, line, DUIKOU_OTHER, "1.13") == "met"


def test_invariance_trainees_kept_away_from_home_duty_stay_met(tmp_path):
    line = "全年派出进修医师6名，培训期间均未返院值班，也未回院执行其他任务。"
    assert leave(tmp_path, line, DUIKOU_OTHER) == "met"


def test_a_rules_prohibition_is_no_reported_breach(tmp_path):
    rule = LEAVE_RULE.format(unit=DUIKOU["受援医院"]).replace(
        "第四条", "第三条 进修期间原则上不安排进修人员返院值班或回院执行任务。\n第四条")
    files = {"规定.docx": rule, "总结.docx": report("全年派出进修医师6名，均按期完成进修。", DUIKOU["受援医院"])}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "1.33") == "met"


# A breach counted after the act (未经请假离岗2天) is a fact of the register, as one counted before
# it (1人次未经审批…) is; a rule's condition (未经批准离岗的，取消…) counts nothing.
@pytest.mark.parametrize("line", ["全年派驻医师8名，其中黄永未经请假离岗2天，已通报批评。",
                                  "全年派驻医师8名，其中王强未经批准返回本院5天。"])
def test_directional_a_breach_counted_after_the_act_fails(tmp_path, line):
    assert leave(tmp_path, line, item="1.13") == "not_met"


def test_invariance_a_rules_condition_counts_nothing(tmp_path):
    line = "全年派驻医师8名，均按规定请销假；重申未经批准离岗的，取消当年评优资格。"
    assert leave(tmp_path, line, DUIKOU_OTHER, "1.13") == "met"
