"""Rule 6: people and posts.

院领导班子 means 院长、副院长、书记、副书记、总会计师…; a 科主任 is not. A post word names
its own post only: "院长负责/院长任组长" is not met by a group chaired by a 副院长.
Secondment (派驻、挂职、帮扶专家) must be said of the appointed person. A clinical
进修报告 by a nurse is no 管理人员 学习报告: the author's post decides."""
import pytest

from pipeline.evaluate.concepts import mentions, synonym_pattern
from pipeline.extract.people import appointments, said_of

from .checklist import DUIKOU, DUIKOU_OTHER, status


@pytest.mark.parametrize("text, found", [
    ("院长孔祥瑞任组长", True), ("副院长王五任组长", False), ("院长助理张三任组长", False),
])
def test_a_post_word_names_its_own_post(text, found):
    assert mentions(text, [["院长…任组长"]]) is found


def test_appointments_and_what_is_said_of_the_person():
    posts = [synonym_pattern(w) for w in ("院长", "副院长", "书记")]
    (a,) = appointments("经研究，同意东江市第一人民医院副院长谢军同志（对口支援派驻）挂职青石县人民医院副院长。", posts)
    assert (a.person, a.post) == ("谢军", "青石县人民医院副院长") and "派驻" in a.described
    (b,) = appointments("经研究，聘任刘强同志为青石县人民医院副院长。", posts)
    assert b.person == "刘强" and "派驻" not in b.described
    assert said_of("刘强", "我院派驻专家刘强同志在县医院坐诊。", ["派驻"]) == "派驻"
    assert said_of("刘强", "刘强同志任副院长。我院向县医院派驻专家5名。", ["派驻"]) is None


def group_notice(chair: str, unit="东江市第一人民医院") -> str:
    return (f"@mark {unit}文件\n@docno 东一医发〔2016〕2号\n@title 关于成立对口支援工作领导小组的通知\n"
            f"为加强对口支援工作，医院成立对口支援工作领导小组。\n组长：{chair}\n副组长：医务部主任\n"
            "领导小组下设办公室，办公室设在医务部，负责对口支援日常工作。\n"
            f"@right {unit}\n@right 2016年1月8日\n")


def test_minimum_the_director_chairs(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.pdf": group_notice("院长 张明")}, "1.01") == "met"


def test_directional_a_deputy_chair_is_not_the_director(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.pdf": group_notice("副院长 李四")}, "1.01") == "not_met"


def appointment(sentence: str, unit="青石县卫生和计划生育局") -> str:
    return (f"@mark {unit}文件\n@docno 青卫人〔2016〕3号\n@title 关于人员任职的通知\n青石县人民医院：\n"
            f"{sentence}\n@right {unit}\n@right 2016年3月2日\n")


def leader(tmp_path, sentence, units=DUIKOU, item="2.05", extra=None):
    issuer = "白河县卫生健康局" if units is DUIKOU_OTHER else "青石县卫生和计划生育局"
    files = {"任职.docx": appointment(sentence, issuer)}
    files.update(extra or {})
    return status(tmp_path, "duikou", 2016, units, files, item)


def test_minimum_a_seconded_deputy_director(tmp_path):
    assert leader(tmp_path, "经研究，同意东江市第一人民医院派驻专家张三同志挂职青石县人民医院副院长。") == "met"


@pytest.mark.parametrize("sentence", [
    "经研究，聘任西陵市中心医院下派专家王丽娟同志担任白河县人民医院院长助理。",
    "经研究，任命西陵市中心医院周强同志（对口帮扶专家）为白河县人民医院副院长。",
])
def test_invariance_other_names_and_words(tmp_path, sentence):
    assert leader(tmp_path, sentence, DUIKOU_OTHER) == "met"


def test_directional_a_local_doctor_is_not_seconded(tmp_path):
    assert leader(tmp_path, "经研究，聘任刘强同志为青石县人民医院副院长。") == "not_met"


def test_directional_secondment_said_elsewhere_in_the_notice_is_not_of_the_person(tmp_path):
    sentence = "经研究，聘任刘强同志为青石县人民医院副院长。东江市第一人民医院向我县派驻专家5名。"
    assert leader(tmp_path, sentence) == "not_met"


def test_secondment_said_of_the_person_in_another_document_counts(tmp_path):
    roster = ("@title 东江市第一人民医院2016年派驻人员名单\n@table\n姓名|科室|职称|派驻时间\n"
              "刘强|普外科|主任医师|2016年1月—12月\n@end\n派驻专家刘强同志担任派驻组组长。\n")
    assert leader(tmp_path, "经研究，聘任刘强同志为青石县人民医院副院长。",
                  extra={"名单.docx": roster}) == "met"


def test_a_department_head_is_not_in_the_leadership(tmp_path):
    sentence = "经研究，同意东江市第一人民医院派驻专家张三同志挂职青石县人民医院外科主任。"
    assert leader(tmp_path, sentence, item="2.05") == "no_evidence"     # as the reviewer labels it
    assert leader(tmp_path, sentence, item="2.06") == "met"


def report(author_line: str, unit="青石县人民医院") -> str:
    return (f"@title 赴东江市第一人民医院进修学习汇报\n{author_line}\n"
            "通过三个月的进修学习，我系统学习了医院精细化管理、绩效管理和信息化管理的经验。\n"
            "学习结束后，我在全院中层干部会上介绍了学习心得。\n"
            f"@right {unit}\n@right 2016年10月20日\n")


def test_the_authors_post_decides_a_management_report(tmp_path):
    ok = report("汇报人：王建（医务科科长）")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇报.docx": ok}, "1.35") == "met"
    nurse = report("汇报人：陈芳（外科 主管护师）")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇报.docx": nurse}, "1.35") == "not_met"


def test_a_lead_in_list_is_said_of_each_item(tmp_path):
    notice = ("@mark 青石县人民医院文件\n@title 关于聘任段志华等同志职务的通知\n各科室：\n"
              "经研究，决定聘任以下东江市第一人民医院派驻同志担任我院科室负责人：\n"
              "段志华同志任重症医学科主任；\n晋秀兰同志任病理科主任。\n@right 青石县人民医院\n@right 2016年3月11日\n")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"聘任.pdf": notice}, "2.06") == "met"
    local = notice.replace("东江市第一人民医院派驻同志", "本院同志")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"聘任.pdf": local}, "2.06") == "not_met"


def test_a_table_of_appointments(tmp_path):
    roster = {"text": "@title 青石县人民医院2016年中层干部聘任名单\n@table\n姓名|人员来源|聘任职务|任期\n"
                      "孙维国|本院|内科主任|2016.3—2019.2\n曹丽娟|东江市第一人民医院派驻|儿科主任|2016.3—2017.2\n@end\n"
                      "@right 青石县人民医院\n@right 2016年3月1日\n"}
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"名单.docx": roster}, "2.06") == "met"


# The pivotal construction: 选派张三同志赴某县人民医院挂职副院长 appoints the person sent, in the
# same clause or in the next one whose subject is dropped (…挂职，任该院执行院长)
def dispatch(sentence: str, unit="东江市第一人民医院") -> str:
    return (f"@mark {unit}\n@docno 东一医党发〔2016〕5号\n@title 关于选派管理团队和专家赴青石县人民医院的通知\n各科室：\n"
            f"根据托管协议，经院党委研究决定：\n{sentence}\n@right {unit}\n@right 2016年1月20日\n")


def test_minimum_the_person_sent_is_the_one_appointed(tmp_path):
    doc = dispatch("一、选派张维国同志赴青石县人民医院挂职副院长，挂职时间自2016年2月至2017年1月。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.docx": doc}, "2.05") == "met"


def test_invariance_the_post_in_the_next_clause_and_other_verbs(tmp_path):
    doc = dispatch("一、下派刘晓雯同志（本院医务部主任、主任医师）到青石县人民医院帮扶，任该院执行院长，时间一年。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.docx": doc}, "2.05") == "met"


def test_directional_a_department_post_or_a_plan_is_no_leadership(tmp_path):
    doc = dispatch("一、选派张维国同志赴青石县人民医院挂职外科主任，挂职时间一年。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.docx": doc}, "2.05") != "met"
    doc = dispatch("一、拟选派张维国同志赴青石县人民医院挂职副院长，待双方协商后另行发文。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.docx": doc}, "2.05") != "met"


# A post named with the sending hospital's own name is held there: 王海涛为东江市第一人民医院对口支援
# 办公室主任 makes him no head of a department of the hospital it helps.
def posting(tmp_path, sentence, units=DUIKOU):
    doc = (f"@title {units['支援医院']}关于王海涛等同志任职及派驻的通知\n@docno 东一院发〔2017〕8号\n"
           f"院内各科室：\n经院长办公会研究决定：\n{sentence}\n@right {units['支援医院']}\n@right 2017年3月1日\n")
    return status(tmp_path, "duikou", 2017, units, {"任职通知.docx": doc}, "2.06")


def test_minimum_a_seconded_doctor_heading_a_department_there_is_met(tmp_path):
    s = f"派驻{DUIKOU['受援医院']}的王海涛同志任{DUIKOU['受援医院']}普外科主任。"
    assert posting(tmp_path, s) == "met"


def test_invariance_other_hospitals(tmp_path):
    s = f"派驻{DUIKOU_OTHER['受援医院']}的王海涛同志任{DUIKOU_OTHER['受援医院']}医务科科长。"
    assert posting(tmp_path, s, DUIKOU_OTHER) == "met"


def test_directional_a_post_at_the_sending_hospital_falls(tmp_path):
    s = f"王海涛同志为{DUIKOU['支援医院']}对口支援办公室主任（兼），负责派驻{DUIKOU['受援医院']}的组织协调工作。"
    assert posting(tmp_path, s) != "met"


# 院长负责 is said in several ways (院长任组长, 院长…负总责, 院长是第一责任人); a 副院长 who does is not the 院长.
def group(tmp_path, lead, units=DUIKOU):
    hosp, helped = units["支援医院"], units["受援医院"]
    doc = (f"@title 关于调整对口支援{helped}工作领导小组的通知\n@to 院属各科室：\n经研究，决定调整领导小组。\n"
           f"@left 组　长：韦国强（党委书记）\n@left 成　员：陆海平（医务部副主任）、李静（护理部主任）\n"
           f"{lead}领导小组下设对口支援办公室，挂靠医务部，负责日常工作。\n@right {hosp}\n@right 2017年1月9日\n")
    return status(tmp_path, "duikou", 2017, units, {"领导小组.docx": doc}, "1.01")


@pytest.mark.parametrize("lead", ["院长蒙志刚同志对对口支援工作负总责。", "院长蒙志刚同志是对口支援工作第一责任人。"])
def test_minimum_and_invariance_the_director_answers_for_the_work(tmp_path, lead):
    assert group(tmp_path, lead) == "met"
    assert group(tmp_path, lead, DUIKOU_OTHER) == "met"


def test_directional_a_deputy_answering_falls(tmp_path):
    assert group(tmp_path, "副院长蒙志刚同志对对口支援工作负总责。") != "met"


# The secondment must be said of the person, not of those the person looks after: 闫淑珍兼任办公室主任，
# 负责派驻专家的日常联络 makes her the experts' contact, not a seconded expert. And the post must be
# the head of a department: a 学科带头人（顾问） advises a discipline and heads nothing.
def helped_notice(items: str, units=DUIKOU) -> str:
    h = units["受援医院"]
    return (f"@title {h}关于王继东等同志聘任任职的通知\n@docno 青院发〔2017〕19号\n院内各科室：\n经院长办公会研究决定：\n"
            f"{items}\n@right {h}\n@right 2017年5月4日\n")


def appointed(tmp_path, items, units=DUIKOU):
    return status(tmp_path, "duikou", 2017, units, {"聘任通知.pdf": helped_notice(items, units)}, "2.06")


def test_minimum_a_seconded_expert_made_head_of_department(tmp_path):
    s = f"一、聘任{DUIKOU['支援医院']}派驻专家王继东同志为我院骨科主任，主持骨科全面工作。"
    assert appointed(tmp_path, s) == "met"


@pytest.mark.parametrize("items", [
    "一、聘请{s}派驻专家王继东同志为我院骨科学科带头人（顾问），指导骨科学科建设。\n二、聘任钱宏伟同志（本院骨科副主任医师）为骨科主任。",
    "一、领导小组下设办公室，办公室设在医务科，由闫淑珍同志兼任办公室主任，负责派驻专家的日常联络和考勤登记。",
])
def test_directional_an_adviser_or_the_experts_contact_is_no_seconded_head(tmp_path, items):
    assert appointed(tmp_path, items.format(s=DUIKOU["支援医院"])) != "met"


def test_invariance_other_hospitals_and_names(tmp_path):
    s = f"一、聘任{DUIKOU_OTHER['支援医院']}帮扶专家李卫同志为我院麻醉科主任。"
    assert appointed(tmp_path, s, DUIKOU_OTHER) == "met"
    s = "一、领导小组办公室设在护理部，由周红同志兼任办公室主任，负责帮扶专家的生活保障和联络。"
    assert appointed(tmp_path, s, DUIKOU_OTHER) != "met"


# A post the notice itself keeps out of a group (院长助理，…，不列入院领导班子) is not of that group,
# whatever the post's name.
def test_minimum_a_seconded_assistant_director_counts(tmp_path):
    assert leader(tmp_path, "经研究，聘任东江市第一人民医院派驻专家张三同志为青石县人民医院院长助理，"
                            "协助院长分管医务工作。") == "met"


def test_invariance_kept_out_in_other_words_and_places(tmp_path):
    assert leader(tmp_path, "经研究，聘任西陵市中心医院下派专家王丽娟同志为白河县人民医院院长助理，"
                            "不属于医院领导班子成员。", DUIKOU_OTHER) == "not_met"


def test_directional_kept_out_of_the_leadership_falls(tmp_path):
    assert leader(tmp_path, "经研究，聘任东江市第一人民医院派驻专家张三同志为青石县人民医院院长助理，"
                            "协助院长分管医务工作，不列入院领导班子。") == "not_met"


def test_denies_post_reads_what_keeps_a_post_out():
    from pipeline.extract.people import denies_post
    assert denies_post("杨启为院长助理，协助院长分管医务工作，不列入院领导班子。", ["院领导", "领导班子"]) == "不列入院领导班子"
    assert denies_post("杨启为副院长，分管医务工作。", ["院领导", "领导班子"]) is None


# A row that names the document appointing its person records the appointment in any kind of
# document, whether the 文号 stands in a cell of its own or in the post cell (普外科主任（某医发〔2019〕8号）)
def summary_table(post_cell: str, units=DUIKOU) -> str:
    sender = units["支援医院"]
    return (f"@title {sender}派驻人员工作目标及期满考核汇总\n@sub （2019年第一批）\n"
            "期满由对口支援办公室按目标考核。\n@h1 二、受援医院任职及期满考核\n@table\n"
            "姓名 | 受援医院任职 | 期满考核结果 | 考核日期\n"
            f"孙立国 | {post_cell} | 合格 | 2019.9.6\n@end\n"
            f"@right {sender}对口支援办公室\n@right 2019年9月10日\n")


def test_minimum_the_appointing_order_in_the_post_cell(tmp_path):
    doc = summary_table("普外科主任（青医发〔2019〕8号）")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"汇总.docx": doc}, "2.06") == "met"


def test_invariance_the_order_in_the_post_cell_other_names(tmp_path):
    doc = summary_table("心血管内科副主任(白医人[2019]12号)", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2019, DUIKOU_OTHER, {"汇总.docx": doc}, "2.06") == "met"


def test_directional_no_order_named_in_a_summary_is_no_appointment(tmp_path):
    doc = summary_table("普外科主任")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"汇总.docx": doc}, "2.06") != "met"


# 聘任A同志为P1、P2: every post listed after 为 is the appointment's, however long the list
def test_a_post_listed_after_others_is_appointed_too():
    posts = [synonym_pattern(w) for w in ("院长", "副院长", "书记")]
    text = ("聘任东江市第一人民医院派驻专家马立新同志为中共青石县人民医院委员会委员、青石县人民医院副院长（挂职），"
            "协助院长分管医疗质量，聘期两年。")
    assert [(a.person, a.post[-3:]) for a in appointments(text, posts)] == [("马立新", "副院长")]


def test_minimum_and_directional_a_long_list_of_posts(tmp_path):
    ok = leader(tmp_path, "经研究，聘任东江市第一人民医院派驻专家马立新同志为中共青石县人民医院委员会委员、青石县人民医院副院长（挂职）。")
    assert ok == "met"
    local = leader(tmp_path, "经研究，聘任本院医务科科长马立新同志为中共青石县人民医院委员会委员、青石县人民医院副院长。")
    assert local != "met"
