"""Rule 7: 量化 needs numbers that measure (counts, rates), 时间表 needs dated milestones.

Vague goals (努力提升, 积极开展) are neither, whatever the document's title (目标责任书)."""
import pytest

from pipeline.text.quantities import quantities, row_figures, timed

from .checklist import DUIKOU, DUIKOU_OTHER, decide, status


@pytest.mark.parametrize("text, found", [
    ("新增市级临床重点专科3个，引进高级职称人才10名", ["3个", "10名"]),
    ("门诊量增长10%", ["10%"]),
    ("到2020年全面达标", []),                       # a year measures nothing
    ("第三条 按照东卫发〔2016〕9号执行", []),        # nor an article or a 文号
    ("努力提升专科服务能力，积极开展新技术", []),
])
def test_what_counts_as_a_measure(text, found):
    assert [q for q in quantities(text) if not q[0] in "提降增下减上达不以超"] == found


def test_a_row_of_numbers_under_a_header_is_quantified():
    assert row_figures("一季度 96 31") == ["96", "31"]
    assert row_figures("2016年3月 5日") == []


@pytest.mark.parametrize("text, ok", [
    ("2016年3月底前开展新技术2项；6月底前完成带教10人；12月底前建成内镜室。", True),
    ("第一季度完成带教，第三季度开展新技术。", True),
    ("年底前完成各项任务。", False),
])
def test_what_counts_as_a_timetable(text, ok):
    assert timed(text) is ok


def goals(person="李明", unit="东江市第一人民医院", tasks=None):
    tasks = tasks or ["2016年3月底前，在受援科室开展新技术2项；", "2016年6月底前，带教县医院医师4名；",
                      "2016年12月底前，受援科室门诊量提高10%。"]
    lines = "\n".join(tasks)
    return (f"@title 对口支援派驻人员工作目标责任书\n派驻人员：{person}（{unit}普外科副主任医师）\n"
            f"派驻单位：青石县人民医院普外科\n工作目标：\n{lines}\n@right {unit}\n@right 2016年1月5日\n")


def target_status(tmp_path, doc, units=DUIKOU):
    return status(tmp_path, "duikou", 2016, units, {"目标责任书.docx": doc}, "1.10")


def test_minimum_dated_and_quantified_goals_are_met(tmp_path):
    assert target_status(tmp_path, goals()) == "met"


def test_invariance_other_names_and_wording(tmp_path):
    doc = goals("王芳", "西陵市中心医院", ["第一季度：开展腹腔镜手术5例；", "第二季度：举办专题讲座6次；",
                                          "第四季度：县医院外科出院人次增长15%。"])
    assert target_status(tmp_path, doc, DUIKOU_OTHER) == "met"


def test_directional_vague_goals_are_not_met_whatever_the_title(tmp_path):
    vague = goals(tasks=["努力提升受援科室诊疗水平；", "积极开展新技术新项目；", "认真做好带教工作。"])
    assert target_status(tmp_path, vague) == "not_met"


def test_directional_numbers_without_a_timetable_are_not_met(tmp_path):
    untimed = goals(tasks=["开展新技术2项；", "带教县医院医师4名；", "受援科室门诊量提高10%。"])
    assert target_status(tmp_path, untimed) == "not_met"


# An indefinite quantity (一批, 一些, 一系列) names no number: 培养一批学科带头人 is not quantified.
@pytest.mark.parametrize("text, found", [
    ("努力培养一批学科带头人和业务骨干", []),
    ("引进一大批急需人才，开展一系列新技术", []),
    ("培养一批骨干，其中博士2名", ["2名"]),             # a number beside it still counts
    ("引进一名博士", ["一名"]),                         # 一 + a counting unit is a number
])
def test_indefinite_quantities_are_no_measure(text, found):
    assert [q for q in quantities(text) if not q[0] in "提降增下减上达不以超"] == found


# A grade (二级甲等, 三级医院, 四级手术) names a class of hospital or operation, not a measure: 力争达到二级甲等综合
# 医院服务能力标准 is no quantified goal; the counts beside it are.
@pytest.mark.parametrize("text, found", [
    ("力争达到二级甲等综合医院服务能力标准", []),
    ("帮助乙方创建三级乙等医院", []),
    ("帮助乙方创建三级医院，新增市级重点专科2个", ["2个"]),
    ("新开展三级手术15项", ["15项"]),
])
def test_a_hospital_grade_is_no_measure(text, found):
    assert [q for q in quantities(text) if not q[0] in "提降增下减上达不以超"] == found


def plan(goals_text, hospital="青石县人民医院"):
    return (f"@title {hospital}“十三五”发展规划（2016—2020年）\n@h1 一、发展目标\n{goals_text}\n"
            f"@right {hospital}\n@right 2016年3月1日\n")


def plan_status(tmp_path, goals_text, units=DUIKOU):
    return status(tmp_path, "duikou", 2017, units, {"发展规划.docx": plan(goals_text, units["受援医院"])}, "1.24")


def test_minimum_a_plan_with_numbered_goals_is_met(tmp_path):
    assert plan_status(tmp_path, "到2020年，新增市级临床重点专科3个，引进高级职称人才10名。") == "met"


def test_invariance_a_vague_plan_in_other_words_is_not_met(tmp_path):
    assert plan_status(tmp_path, "努力培养一批学科带头人，积极引进一些急需紧缺人才，专科能力明显提升。",
                       DUIKOU_OTHER) == "not_met"


def test_directional_numbers_replaced_by_a_batch_fall(tmp_path):
    assert plan_status(tmp_path, "到2020年，培养学科带头人5名。") == "met"
    assert plan_status(tmp_path, "到2020年，培养一批学科带头人。") == "not_met"


# Pay kept as it was (待遇不变) is not stated by a sentence that keeps one part and cuts another:
# 基本工资照发，绩效工资按50%发放 pays less; a cap on what is refunded is no cut of pay.
def test_cuts_are_read_as_paying_less():
    from pipeline.text.quantities import cuts
    assert cuts("基本工资照发，绩效工资按本院同岗位人员平均水平的50%发放")
    assert cuts("奖金减半发放") and cuts("进修期间停发绩效奖金") and cuts("绩效工资按七成计发")
    assert not cuts("工资、津贴、奖金等待遇不变") and not cuts("住宿费每月报销不超过600元")
    assert not cuts("按在岗人员标准发放")


def training_rule(sentence, units=DUIKOU):
    hosp = units["受援医院"]
    return (f"@title {hosp}外出进修人员管理规定\n第一条　为规范外出进修人员管理，制定本规定。\n第五条　{sentence}\n"
            f"第六条　进修期间给予每人每月600元生活补助和交通补贴。\n@right {hosp}\n@right 2017年1月5日\n")


def test_minimum_pay_kept_in_full(tmp_path):
    doc = training_rule("进修期间，进修人员工资、津贴、奖金等各项福利待遇不变。")
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"规定.docx": doc}, "1.32") == "met"


def test_invariance_pay_kept_in_other_words(tmp_path):
    doc = training_rule("外出进修期间，基本工资、绩效工资和各项福利照发。", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2017, DUIKOU_OTHER, {"规定.pdf": doc}, "1.32") == "met"


def test_directional_part_of_the_pay_cut(tmp_path):
    doc = training_rule("进修期间，进修人员基本工资照发，绩效工资按本院同岗位人员平均水平的50%发放。")
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"规定.docx": doc}, "1.32") != "met"
    doc = training_rule("进修期间，工资、津贴照发，奖金减半发放。", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2017, DUIKOU_OTHER, {"规定.pdf": doc}, "1.32") != "met"


# 每名派驻人员 each need their own 量化 tasks and 时间表: a table of targets, one row a person, whose
# row leaves the measure or the deadline open (—, 待到岗后与受援科室商定) has a person without them
def target_sheet(rows, header=("姓名", "受援科室", "目标任务", "量化指标", "完成时限")):
    return {"format": "xlsx", "sheets": {"派驻人员工作目标": [list(header), *rows]}}


GOAL_ROWS = [["赵立军", "重症医学科", "开展床旁血液净化", "床旁血液净化10例", "2016年12月20日"],
             ["孙海涛", "心内科", "开展冠脉造影", "冠脉造影30例", "2016年6月20日"]]


def test_minimum_every_row_quantified_and_dated_is_met(tmp_path):
    files = {"2016年派驻人员工作目标.xlsx": target_sheet(GOAL_ROWS)}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "1.10") == "met"


def test_directional_a_row_left_open_is_not_met(tmp_path):
    rows = GOAL_ROWS + [["马国庆", "普外科", "待到岗后与受援科室商定", "—", "—"]]
    finding = decide(tmp_path, "duikou", 2016, DUIKOU, {"2016年派驻人员工作目标.xlsx": target_sheet(rows)}, "1.10")
    assert finding.status == "not_met" and "马国庆" in finding.reason


def test_invariance_other_headers_and_open_words(tmp_path):
    header = ("派驻人员", "科室", "工作任务", "任务数量", "时限要求")
    rows = [["王芳", "儿科", "开展新生儿复苏培训", "培训4次", "2016年9月底"],
            ["李强", "骨科", "另行确定", "另行确定", "派驻期内"]]
    files = {"派驻人员目标.xlsx": target_sheet(rows, header)}
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, files, "1.10") == "not_met"


def agreement(goal: str, units=DUIKOU) -> str:
    unit, helped = units["支援医院"], units["受援医院"]
    return (f"@title {unit}与{helped}对口支援协议书（2016—2018年）\n@h1 第一条 支援目标\n{goal}\n"
            "@h1 第二条 支援内容\n甲方选派专业人员到乙方开展门诊、查房、手术和带教。\n"
            "@h1 第三条 支援方式\n以派驻人员驻点帮扶为主，远程会诊为辅。\n"
            "@h1 第四条 双方权利义务\n甲方负责选派人员，乙方负责提供工作和生活条件。\n"
            f"@right 甲方：{unit}\n@right 乙方：{helped}\n@right 2016年1月8日\n")


def test_directional_an_agreement_aiming_at_a_grade_has_no_quantified_goal(tmp_path):
    vague = "通过三年对口支援，帮助乙方显著提升医疗服务能力，力争达到二级甲等综合医院服务能力标准。年度目标由双方每年会商确定。"
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"协议.docx": agreement(vague)}, "2.01") != "met"
    counted = ("三年内帮助乙方新增市级临床重点专科2个、开展新技术新项目15项；年度目标：每年培养骨干医师6名，"
               "县域内就诊率提高到85%。")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"协议.docx": agreement(counted, DUIKOU_OTHER)}, "2.01") == "met"
