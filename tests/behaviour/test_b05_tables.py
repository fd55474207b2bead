"""Rule 5: tables carry meaning in their headers. A table with 任务/牵头单位/完成时限 is a plan;
a grid of half-days per doctor counts each doctor's sessions; a table header is no fact."""
from pipeline.extract.tables import half_days, tables
from pipeline.model import Block, Locator

from .checklist import CITY, DUIKOU, DUIKOU_OTHER, decide, status


def cells(rows):
    out = []
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            out.append(Block(text, "table-cell", Locator("x.xlsx", sheet="排班", row=r, col=c)))
    return out


def test_a_grid_counts_marked_slots_per_row():
    (t,) = tables(cells([["姓名", "周一上午", "周一下午", "周三上午"], ["张三", "√", "", "√"], ["李四", "", "√", ""]]))
    assert [half_days(t, r) for r in t.rows] == [2, 1]


def test_a_task_table_is_a_plan():
    lines = ["重点任务 牵头单位 完成时限", "出台考核激励办法 市卫生健康委 2018年12月"]
    blocks = [Block(t, "paragraph", Locator("x.pdf", page=1, line=i + 1)) for i, t in enumerate(lines)]
    (t,) = tables(blocks)
    assert t.is_plan and t.rows == [["出台考核激励办法", "市卫生健康委", "2018年12月"]]


def schedule(rows) -> dict:
    return {"format": "xlsx", "sheets": {"门诊排班": [["姓名", "科室", "周一上午", "周二下午", "周四上午"], *rows]}}


def test_minimum_every_doctor_has_two_half_days(tmp_path):
    files = {"派驻专家门诊排班表.xlsx": schedule([["张三", "外科", "√", "", "√"], ["李四", "儿科", "", "√", "√"]])}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "2.07") == "met"


def test_directional_one_doctor_short_is_not_met(tmp_path):
    files = {"派驻专家门诊排班表.xlsx": schedule([["张三", "外科", "√", "", "√"], ["李四", "儿科", "", "√", ""]])}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "2.07") == "not_met"


def test_invariance_marks_and_names(tmp_path):
    files = {"专家坐诊安排.xlsx": schedule([["王五", "内科", "坐诊", "坐诊", ""], ["赵六", "骨科", "", "坐诊", "坐诊"]])}
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, files, "2.07") == "met"


def test_a_task_table_row_is_no_fact(tmp_path):
    doc = ("@mark 北湖市人民政府办公室文件\n@title 北湖市医联体建设实施意见\n一、主要任务\n全面推进医联体建设。\n"
           "附件\n北湖市医联体建设重点任务分工表\n@table\n重点任务|牵头单位|完成时限\n"
           "出台医联体考核激励办法|市卫生健康委|2018年12月\n@end\n@right 北湖市人民政府办公室\n@right 2018年3月1日\n")
    assert decide(tmp_path, "yilianti", 2018, CITY, {"意见.pdf": doc}, "1.5.1").status != "met"
