"""Rule 7: 量化 needs numbers that measure (counts, rates), 时间表 needs dated milestones.

Vague goals (努力提升, 积极开展) are neither, whatever the document's title (目标责任书)."""
import pytest

from pipeline.text.quantities import quantities, row_figures, timed

from .checklist import DUIKOU, DUIKOU_OTHER, status


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
