"""Rule 8: coverage. "所有/全部/各…均" needs every unit: "12 of 30" or "8家…其余15家未开展"
does not meet the ≥1 level for all units; the lower tier is given only where the form defines one."""
import pytest

from pipeline.extract.coverage import coverage

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, decide, status


@pytest.mark.parametrize("text, scope", [
    ("全市4个医联体均已实现号源下放", "all"),
    ("18个基层医疗卫生机构中只有12个建成特色科室", "part"),
    ("8家已开展，其余15家尚未开展", "part"),
    ("县人民医院医共体实现电子病历共享", "part"),
    ("部分医联体开展了药学协作", "part"),
    ("签约覆盖率达到65%", "part"),
    ("全市已建成医联体4个", None),
])
def test_what_coverage_a_sentence_states(text, scope):
    assert coverage(text).scope == scope


def summary(body, unit="北湖市卫生健康委员会") -> str:
    return f"@title {unit[:3]}市2018年医联体建设工作总结\n{body}\n@right {unit}\n@right 2018年12月25日\n"


def departments(tmp_path, body, units=CITY):
    return decide(tmp_path, "yilianti", 2018, units, {"总结.docx": summary(body, units["行政部门"])}, "4.4.3")


def test_minimum_every_institution_has_one_gives_the_lower_tier(tmp_path):
    f = departments(tmp_path, "在核心医院帮扶下，全市26个基层医疗卫生机构均已建成1个以上特色科室，其中9个建成2个以上。")
    assert f.status == "partial" and f.score == 2


def test_directional_a_share_is_not_every_institution(tmp_path):
    f = departments(tmp_path, "全市18个基层医疗卫生机构中，有12个在核心医院帮扶下建成特色科室。")
    assert f.status == "not_met" and f.score == 0


def test_invariance_every_institution_with_two(tmp_path):
    f = departments(tmp_path, "南岭市所有乡镇卫生院和社区卫生服务中心均已建成2个以上特色专科。", CITY_OTHER)
    assert f.status == "met" and f.score == 3


def numbers(tmp_path, body):
    return decide(tmp_path, "yilianti", 2018, CITY, {"总结.docx": summary(body)}, "2.2.2")


def test_other_members_named_as_not_done_take_all_away(tmp_path):
    assert numbers(tmp_path, "全市3个医疗集团均已向签约家庭医生下放专家号源。").status == "met"
    body = "市中心医院医疗集团已向签约家庭医生开放专家号源；市人民医院医疗集团和两个医共体尚未实现号源下放。"
    assert numbers(tmp_path, body).status == "not_met"


# Every weekly count a report states must reach the floor: 4名专家每周2个半天；骨科专家每周仅1个半天
def clinics(tmp_path, text, units=DUIKOU):
    doc = (f"@title {units['支援医院']}2017年对口支援工作总结\n{text}\n@right {units['支援医院']}\n"
           f"@right 2017年12月20日\n")
    return status(tmp_path, "duikou", 2017, units, {"工作总结.docx": doc}, "2.07")


def test_minimum_every_expert_two_half_days_is_met(tmp_path):
    assert clinics(tmp_path, "派驻专家每周在受援医院出门诊2个半天。") == "met"


def test_invariance_other_names_and_numbers(tmp_path):
    assert clinics(tmp_path, "5名派驻医师每周坐诊三个半天。", DUIKOU_OTHER) == "met"


def test_directional_one_expert_fewer_half_days_falls(tmp_path):
    text = "6名派驻专家中，心内科、儿科4名专家每周出门诊2个半天；骨科、眼科专家每周仅出诊1个半天。"
    assert clinics(tmp_path, text) == "not_met"


# A total, then fewer members named as having done it (3个医联体中，中部医联体已实现…), is some of them.
@pytest.mark.parametrize("text, scope", [
    ("3个医联体中，中部医联体已实现电子健康档案与电子病历的连续记录和调阅。", "part"),      # minimum
    ("5家医院中，市人民医院、市中医院已开通预约转诊。", "part"),                               # invariance
    ("3个医联体中，东部、中部和西部医联体均已实现信息共享。", "all"),                          # directional
])
def test_a_total_with_fewer_named_members_is_some(text, scope):
    assert coverage(text).scope == scope


def shared(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = f"@title {organ}2021年医联体建设工作总结\n{sentence}\n@right {organ}\n@right 2021年12月20日\n"
    return status(tmp_path, "yilianti", 2021, units, {"工作总结.docx": doc}, "3.3.1")


def test_directional_one_of_three_alliances_sharing_records_falls(tmp_path):
    assert shared(tmp_path, "3个医联体均已实现电子健康档案与电子病历的连续记录和信息共享。") == "met"
    assert shared(tmp_path, "3个医联体中，中部医联体已实现电子健康档案与电子病历的连续记录和信息共享，"
                            "东部、西部医联体数据接口尚在改造。", CITY_OTHER) != "met"


# A table of one row per unit says how many each holds; the fewest decides the form's tier
# (所有机构≥2个 3分, 所有机构≥1个 2分), a unit with none fails it.
def specialties(tmp_path, rows, layout="columns", units=CITY, lead=""):
    organ = units["行政部门"]
    if layout == "columns":
        head = "序号 | 基层医疗卫生机构 | 特色科室一 | 特色科室二"
        body = "\n".join(f"{k} | {n} | {a or '—'} | {b or '—'}" for k, (n, a, b) in enumerate(rows, 1))
    else:
        head = "机构名称 | 特色科室名称"
        body = "\n".join(f"{n} | {'、'.join(x for x in (a, b) if x) or '无'}" for n, a, b in rows)
    doc = (f"@title {organ}2020年基层特色科室建设情况统计\n{lead and lead + chr(10)}@table\n{head}\n{body}\n@end\n@right {organ}\n"
           f"@right 2020年12月20日\n")
    return status(tmp_path, "yilianti", 2020, units, {"特色科室统计.docx": doc}, "4.4.3")


TWO = [("城关镇卫生院", "中医康复", "慢病管理"), ("北门社区卫生服务中心", "全科", "口腔"), ("石桥乡卫生院", "儿科", "康复")]


def test_minimum_every_unit_two_specialties_is_the_top_tier(tmp_path):
    assert specialties(tmp_path, TWO) == "met"


def test_invariance_names_in_one_column_and_other_city(tmp_path):
    assert specialties(tmp_path, TWO, "joined", CITY_OTHER) == "met"


def test_directional_one_unit_with_one_gives_the_lower_tier_and_none_fails(tmp_path):
    one = TWO[:2] + [("石桥乡卫生院", "儿科", None)]
    assert specialties(tmp_path, one) == "partial"
    none = TWO[:2] + [("石桥乡卫生院", None, None)]
    assert specialties(tmp_path, none) == "not_met"


def test_directional_a_specialty_not_there_yet_is_none(tmp_path):
    pending = TWO[:2] + [("石桥乡卫生院", "儿科", "康复科筹建中")]
    assert specialties(tmp_path, pending) == "partial"


# Other members named as not there yet (两个集团的号源下放尚在准备之中) make it some, not all.
def released(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = f"@title {organ}2017年医疗联合体建设工作总结\n{sentence}\n@right {organ}\n@right 2017年12月20日\n"
    return status(tmp_path, "yilianti", 2017, units, {"工作总结.docx": doc}, "2.2.2")


def test_minimum_every_group_released_numbers(tmp_path):
    assert released(tmp_path, "全市三个医疗集团均已将专科门诊号源的20%下放给家庭医生团队。") == "met"


def test_invariance_other_city_released(tmp_path):
    assert released(tmp_path, "所有医联体均已向家庭医生预留专科号源。", CITY_OTHER) == "met"


def test_directional_two_groups_still_preparing_falls(tmp_path):
    s = "市立医院集团已将专科门诊号源的20%下放给家庭医生团队，市中心医院、市中医医院两个集团的号源下放尚在准备之中。"
    assert released(tmp_path, s) != "met"


# A table's lead sentence that gives a larger total (全县16家卫生院中，…的有以下10家) says the
# rows are only some of the units, however many each row holds.
@pytest.mark.parametrize("text, scope", [
    ("全县16家乡镇卫生院中，已在医共体牵头医院帮扶下建成特色科室的有以下10家：", "part"),
    ("全区12个社区卫生服务中心中，开展家庭医生签约的有8个。", "part"),
    ("全县3家乡镇卫生院中，建成特色科室的有以下3家：", None),
])
def test_of_the_total_those_that_did_it(text, scope):
    assert coverage(text).scope == scope


def test_minimum_a_lead_with_a_larger_total_makes_the_rows_some(tmp_path):
    assert specialties(tmp_path, TWO, lead="全市5家基层医疗卫生机构中，已建成特色科室的有以下3家：") == "not_met"


def test_invariance_a_lead_with_a_larger_total_in_other_words(tmp_path):
    lead = "南岭市9个乡镇卫生院和社区卫生服务中心中，受帮扶建成特色科室的为下列3个："
    assert specialties(tmp_path, TWO, "joined", CITY_OTHER, lead=lead) == "not_met"


def test_directional_a_lead_that_names_every_unit_keeps_the_tier(tmp_path):
    assert specialties(tmp_path, TWO, lead="全市3家基层医疗卫生机构均已建成特色科室，情况如下：") == "met"
    assert specialties(tmp_path, TWO, lead="全市5家基层医疗卫生机构中，已建成特色科室的有以下3家：") != "met"


# The next sentence naming other members of the same class as not done yet, with no object of its
# own (…；西河县、北关县2个医联体尚未开展), continues the topic: only some did it.
def slots(tmp_path, rest: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@title 关于2016年第三季度全市医联体建设工作进展情况的通报\n"
           f"市第一医院、市中医院、东城县医院3个医联体已拿出专家号源的20%，通过预约平台向签约家庭医生预留{rest}\n"
           f"@right {organ}\n@right 2016年10月10日\n")
    return status(tmp_path, "yilianti", 2016, units, {"通报.docx": doc}, "2.2.2")


def test_minimum_other_members_not_yet_make_it_some(tmp_path):
    assert slots(tmp_path, "；西河县、北关县2个医联体尚未开展。") != "met"


def test_invariance_other_members_in_other_words(tmp_path):
    assert slots(tmp_path, "。南湖区医共体目前仍在筹备。", CITY_OTHER) != "met"


def test_directional_a_next_sentence_about_something_else(tmp_path):
    assert slots(tmp_path, "；全市5个医联体均已开展。") == "met"


# Where the form asks it of every unit (所有医联体实现…), a row the others fill and this one leaves
# blank (—) shows one without it; a note under the table is no row; a member still in talks
# (意向洽谈中) has not joined.
def platform(tmp_path, third: str, units=CITY, note: str = "") -> str:
    rows = [["序号", "医联体名称", "电子病历与健康档案连续记录", "居民健康信息共享"],
            ["1", "城东医疗集团", "已实现", "已实现"],
            ["2", "城西医疗集团", "已实现", "已实现"],
            ["3", "北山县医共体", third, third]] + ([[note]] if note else [])
    files = {"2020年医联体信息互通情况统计表.xlsx": {"format": "xlsx", "sheets": {"信息互通": rows}}}
    return status(tmp_path, "yilianti", 2020, units, files, "3.3.1")


def test_minimum_every_unit_in_the_table_has_it(tmp_path):
    assert platform(tmp_path, "已实现") == "met"


def test_directional_one_unit_left_blank(tmp_path):
    assert platform(tmp_path, "—") != "met"


def test_invariance_a_blank_or_a_no_other_places(tmp_path):
    assert platform(tmp_path, "否", CITY_OTHER) != "met"
    assert platform(tmp_path, "无", CITY_OTHER) != "met"


def test_invariance_a_note_under_the_table_is_no_row(tmp_path):
    assert platform(tmp_path, "已实现", note="以上由市卫生健康委信息中心2020年12月核对") == "met"


def test_a_member_in_talks_has_not_joined():
    from pipeline.extract.tables import Table
    t = Table(["序号", "医共体", "成员单位", "性质", "加入状态"], [])
    assert t.row_status(["5", "县人民医院医共体", "仁和康复医院", "民营", "意向洽谈中"]) == "not_done"
    assert t.row_status(["4", "县人民医院医共体", "城关镇卫生院", "公立", "已加入"]) == "done"


# An agreement carried out means all its terms: a report that says some were done as agreed and
# the next clause that another fell short (未达到协议约定的5项) says it is only partly carried out,
# and quotes the shortfall. 未达到 as a scoring rule's condition (未达到要求的，扣2分) is no fact.
def agreement_report(tail, units=DUIKOU, year=2018):
    hosp, county = units["支援医院"], units["受援医院"]
    return (f"@title {hosp}{year}年对口支援{county}工作总结\n一、基本情况\n{year}年是两院对口支援协议执行的第一年。\n"
            f"二、协议执行情况\n对照协议第三条，派驻专家、接收进修两项年度任务已按协议完成；{tail}\n"
            f"@right {hosp}\n@right {year + 1}年1月10日\n")


def test_the_condition_of_a_scoring_rule_is_no_denial():
    from pipeline.text.clauses import split_clauses
    assert split_clauses("考核未达到合格者，扣2分")[0].modality != "negated"
    assert split_clauses("派驻时间未达到半年的，不予认定")[0].modality != "negated"
    assert any(c.modality == "negated" for c in split_clauses("仅开展3项，未达到协议约定的5项"))


def test_minimum_every_term_carried_out(tmp_path):
    doc = agreement_report("新技术新项目开展5项，达到协议约定。")
    assert status(tmp_path, "duikou", 2018, DUIKOU, {"总结.docx": doc}, "2.03") == "met"


def test_invariance_other_hospitals_and_words(tmp_path):
    doc = agreement_report("协议约定的新技术6项全部开展。", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2018, DUIKOU_OTHER, {"总结.pdf": doc}, "2.03") == "met"


def test_directional_one_term_short_of_the_agreement(tmp_path):
    doc = agreement_report("新技术新项目仅开展3项，未达到协议约定的5项。")
    f = decide(tmp_path, "duikou", 2018, DUIKOU, {"总结.docx": doc}, "2.03")
    assert f.status != "met" and any("未达到协议约定" in c.quote for c in f.citations)
    doc = agreement_report("两院管理人员交流只组织了1次，没有达到协议约定的2次。", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2018, DUIKOU_OTHER, {"总结.pdf": doc}, "2.03") != "met"


# A member named with its own clause as not having done it (西片医共体因…尚未对接，暂未开放号源), or
# with a count of zero (县第二人民医院医共体…年内开放号源为0), takes "all" away
def test_a_member_whose_clause_chain_denies_it_takes_all_away(tmp_path):
    base = "县级医院专科号源向家庭医生团队开放的工作，已在东城、南塘两个医共体实行"
    assert numbers(tmp_path, "县级医院专科号源向家庭医生团队开放的工作，已在全县3个医共体全部实行。").status == "met"
    body = base + "，西片医共体因预约平台与HIS系统尚未对接，暂未开放号源。"
    assert numbers(tmp_path, body).status == "not_met"


def test_a_count_of_zero_is_none():
    from pipeline.text.clauses import split_clauses
    assert [c.modality for c in split_clauses("县第二人民医院医共体因预约系统改造，年内开放号源为0。")][-1] == "negated"
    assert all(c.modality != "negated" for c in split_clauses("下转患者占比为0.5%，编号为01。"))


def test_directional_zero_for_one_of_three_alliances_falls(tmp_path):
    done = "县人民医院医共体、县中医医院医共体、县第二人民医院医共体分别向家庭医生团队开放专家号源30%、25%、20%。"
    assert numbers(tmp_path, done).status == "met"
    zero = ("县人民医院医共体、县中医医院医共体分别向家庭医生团队开放专家号源30%、25%；"
            "县第二人民医院医共体因预约系统改造，年内开放号源为0。")
    assert numbers(tmp_path, zero).status == "not_met"


# The form asks each department's head to go every half-year (1.05, ``each``): a report of the year
# that says some heads did not go (神经内科、骨科主任本年度未能赴现场) shows the rate not kept by each,
# however many reports the others wrote.
def head_visits(tmp_path, line, units=DUIKOU):
    unit, helped = units["支援医院"], units["受援医院"]
    summary = (f"@title {unit}2016年对口支援工作总结\n@h1 三、科主任督导\n{line}\n@right {unit}\n@right 2016年12月28日\n")
    reports = {f"{dept}主任督导报告（2016年{m}月）.docx":
               f"@title {dept}主任赴{helped}督导报告\n督导时间：2016年{m}月{d}日\n督导人：{dept}主任 {who}\n"
               f"本次赴{helped}{dept}开展科室督导，检查了医疗质量和制度落实情况，形成督导意见5条。\n"
               f"@right {unit}{dept}\n@right 2016年{m}月{d + 1}日\n"
               for dept, who, m, d in (("心内科", "向国平", 5, 12), ("心内科", "向国平", 11, 8),
                                       ("重症医学科", "龙慧", 4, 20), ("重症医学科", "龙慧", 10, 16))}
    return status(tmp_path, "duikou", 2016, units, {"总结.docx": summary, **reports}, "1.05")


def test_minimum_every_head_went_each_half_is_met(tmp_path):
    line = "心内科、重症医学科主任上下半年各赴受援医院开展科室督导1次，均形成了督导报告。"
    assert head_visits(tmp_path, line) == "met"


@pytest.mark.parametrize("line", [
    "心内科、重症医学科主任上下半年各赴受援医院督导1次。神经内科、骨科主任本年度因疫情防控未能赴现场，改为视频沟通。",
    "心内科、重症医学科主任按计划开展了督导，神经内科主任全年没有到受援医院开展督导。",
])
def test_directional_a_head_who_did_not_go_fails_each(tmp_path, line):
    assert head_visits(tmp_path, line) != "met"


def test_invariance_a_negation_about_findings_is_no_missed_visit(tmp_path):
    line = "心内科、重症医学科主任上下半年各赴受援医院督导1次，督导中未发现重大医疗质量问题。"
    assert head_visits(tmp_path, line, DUIKOU_OTHER) == "met"


# The count may follow the thing (全部…建成特色科室1个以上): every unit holding N counts as before it.
def test_minimum_the_count_after_the_thing_gives_its_tier(tmp_path):
    f = departments(tmp_path, "41所基层医疗卫生机构全部在牵头医院帮扶下建成特色科室1个以上，其中29所建成2个以上，其余12所目前只有1个。")
    assert f.status == "partial" and f.score == 2


def test_invariance_the_count_after_the_thing_other_words(tmp_path):
    f = departments(tmp_path, "南岭市所有基层医疗卫生机构均在帮扶下建成特色专科2个以上。", CITY_OTHER)
    assert f.status == "met" and f.score == 3


def test_directional_the_count_after_the_thing_for_only_some(tmp_path):
    f = departments(tmp_path, "41所基层医疗卫生机构中，29所在帮扶下建成特色科室1个以上，其余12所尚未建成。")
    assert f.status == "not_met"


# Asked of everyone (期满…考核合格, 培训结束后…考核合格), a record of one entry per person is read
# entry by entry: one person whose assessment is still to come (拟于…进行) or who missed it
# (未参加, 缺考) means not everyone passed, whatever the others' entries say.
def term_lines(tmp_path, last, units=DUIKOU):
    hosp = units["支援医院"]
    doc = (f"@title 派驻人员期满考核情况\n{hosp}医务处 2017年12月\n刘畅：目标任务全部完成，考核等次合格。\n"
           f"王蕾：目标任务全部完成，考核等次优秀。\n{last}\n")
    return status(tmp_path, "duikou", 2017, units, {"期满考核情况.txt": {"format": "txt", "text": doc}}, "1.11")


def test_minimum_every_entry_assessed_is_met(tmp_path):
    assert term_lines(tmp_path, "赵文斌：目标任务全部完成，考核等次合格。") == "met"


def test_invariance_other_hospitals_and_verdicts(tmp_path):
    assert term_lines(tmp_path, "孙立：完成带教任务，考评结果为称职。", DUIKOU_OTHER) == "met"


def test_directional_an_assessment_still_to_come_falls(tmp_path):
    assert term_lines(tmp_path, "赵文斌：派驻期至12月31日，期满考核拟于2018年1月进行。") != "met"


def trainees_passed(tmp_path, last, units=DUIKOU):
    hosp, helped = units["支援医院"], units["受援医院"]
    doc = (f"@title {hosp}2017年对口支援工作总结\n今年接收{helped}进修人员3名，每人入院时由科教科和带教老师共同制定培养计划。\n"
           f"@table\n进修人员 | 科室 | 培养目标 | 结业考核\n叶海 | 消化内科 | 独立完成胃镜检查 | 合格\n"
           f"陈珊 | 重症医学科 | 掌握呼吸机常规管理 | 合格\n{last}\n@end\n@right {hosp}医务部\n@right 2017年12月28日\n")
    return status(tmp_path, "duikou", 2017, units, {"总结.docx": doc}, "1.18")


def test_minimum_every_trainee_passed_is_met(tmp_path):
    assert trainees_passed(tmp_path, "黄丽娟 | 检验科 | 开展血培养 | 合格") == "met"


def test_invariance_a_trainee_who_missed_the_exam_in_other_words(tmp_path):
    assert trainees_passed(tmp_path, "王敏 | 放射科 | 独立出具CT报告 | 缺考", DUIKOU_OTHER) != "met"


def test_directional_a_trainee_who_did_not_sit_the_exam_falls(tmp_path):
    assert trainees_passed(tmp_path, "黄丽娟 | 检验科 | 开展血培养 | 未参加（提前返岗）") != "met"


# Asked of all members, a sentence that opens with another member of the same class and goes on
# to say its part is still staged (第三医联体因…升级，平台接口尚在联调) names a member not done.
def records(tmp_path, text, units=CITY):
    organ = units["行政部门"]
    doc = (f"@title {organ}2019年医联体建设工作总结\n一、信息互通。{text}\n@right {organ}\n@right 2019年12月30日\n")
    return status(tmp_path, "yilianti", 2019, units, {"总结.docx": doc}, "3.3.1")


def test_minimum_named_members_with_nothing_said_of_others(tmp_path):
    assert records(tmp_path, "截至年底，第一、第二医联体已实现电子健康档案、电子病历连续记录及居民信息共享。") == "met"


def test_invariance_another_member_staged_in_other_words(tmp_path):
    text = "东片、西片医共体已实现电子健康档案和电子病历互联互通；南片医共体因信息系统更换，接口仍在调试中。"
    assert records(tmp_path, text, CITY_OTHER) == "not_met"


def test_directional_another_member_still_staged_falls(tmp_path):
    text = ("截至年底，第一、第二医联体已实现电子健康档案、电子病历连续记录及居民信息共享；"
            "第三医联体因牵头医院HIS系统升级，平台接口尚在联调。")
    assert records(tmp_path, text) == "not_met"


# A total, the members named, and their count (5项任务中，A、B两项已完成): fewer than the total did it
@pytest.mark.parametrize("text, scope", [
    ("协议约定的5项年度任务中，胸痛中心建设、新技术引进两项已完成。", "part"),
    ("全年8项帮扶任务中，卒中中心、危重孕产妇救治等6项已经落实。", "part"),
    ("协议约定的5项年度任务中，5项均已完成。", "all"),
])
def test_a_total_then_named_members_and_their_count(text, scope):
    assert coverage(text).scope == scope


def tasks_report(sentence: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}2023年对口支援工作总结\n@h1 一、协议任务落实\n{sentence}\n"
            f"@right {unit}\n@right 2023年12月28日\n")


def test_minimum_every_task_of_the_agreement_done(tmp_path):
    doc = tasks_report("协议约定的5项年度任务全部完成，协议得到落实。")
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"总结.docx": doc}, "2.03") == "met"


def test_directional_two_tasks_of_five_done_is_not_the_agreement_carried_out(tmp_path):
    doc = tasks_report("协议约定的5项年度任务中，胸痛中心建设、新技术引进两项已完成。")
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"总结.docx": doc}, "2.03") != "met"


def test_invariance_some_tasks_done_in_other_words(tmp_path):
    doc = tasks_report("协议确定的8项帮扶任务中，卒中中心、危重孕产妇救治等6项已经落实。", DUIKOU_OTHER["支援医院"])
    assert status(tmp_path, "duikou", 2023, DUIKOU_OTHER, {"总结.docx": doc}, "2.03") != "met"


# 多种媒体形式 asks for several forms: reports in one form only (all on the hospital's WeChat
# account) are one form, however many (1.20, 1.46)
def publicity_report(sentence: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}2019年对口支援工作总结\n@h1 四、宣传工作\n{sentence}\n"
            f"@right {unit}\n@right 2019年12月28日\n")


def test_minimum_television_papers_and_web(tmp_path):
    doc = publicity_report("全年在市电视台、《东江日报》和医院微信公众号刊发对口支援报道12篇（条）。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"总结.docx": doc}, "1.20") == "met"


def test_directional_one_form_only_is_not_several(tmp_path):
    doc = publicity_report("全年在医院微信公众号刊发对口支援报道12篇。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"总结.docx": doc}, "1.20") == "not_met"


def test_invariance_two_forms_in_other_words(tmp_path):
    doc = publicity_report("对口支援工作先后在西陵电视台播出新闻3条，医院网站发布专题报道5篇。", DUIKOU_OTHER["支援医院"])
    assert status(tmp_path, "duikou", 2019, DUIKOU_OTHER, {"总结.docx": doc}, "1.20") == "met"
