"""Rule 5: tables carry meaning in their headers. A table with 任务/牵头单位/完成时限 is a plan;
a grid of half-days per doctor counts each doctor's sessions; a table header is no fact."""
import pytest

from pipeline.extract.tables import half_days, tables
from pipeline.model import Block, Locator

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, decide, status


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


def joint(attendees: str) -> str:
    return ("@title 托管工作联席会议纪要\n时间：2016年4月22日\n地点：青石县人民医院\n"
            f"出席：{attendees}\n一、研究确定2016年派驻人员和协议年度任务；\n二、通报派驻人员考核结果。\n")


def test_a_meeting_of_both_hospitals_is_their_consultation(tmp_path):
    both = joint("东江市第一人民医院院长、医务部主任；青石县人民医院院长、医务科科长")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"纪要.docx": both}, "2.04") == "met"
    own = joint("东江市第一人民医院院领导班子成员")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"纪要.docx": own}, "2.04") != "met"


def test_a_stated_rate_over_a_period_shows_the_frequency(tmp_path):
    doc = ("@title 青石县人民医院内科派驻医师教学活动登记表（2016年第二季度）\n"
           "本季度教学查房13次、科内临床教学7次，内容为诊疗规范和指南进展。\n@right 青石县人民医院医务科\n@right 2016年7月3日\n")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"登记.pdf": doc}, "2.10") == "met"
    monthly = doc.replace("本季度教学查房13次、科内临床教学7次", "本季度教学查房3次、科内临床教学3次")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"登记.pdf": monthly}, "2.10") != "met"


def test_a_rows_columns_say_done_or_planned(tmp_path):
    def register(mark_done: str, mark_plan: str) -> dict:
        return {"format": "docx", "text": "@title 青石县人民医院2016年远程医疗建设情况统计表\n@table\n"
                f"项目|已建成|计划建设\n远程会诊系统|{mark_done}|{mark_plan}\n@end\n@right 青石县人民医院\n@right 2016年12月20日\n"}
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"统计表.docx": register("√", "")}, "2.45") == "met"
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"统计表.docx": register("", "√")}, "2.45") != "met"


# A table of counts per period (月份 | 教学查房（次）): every period listed must reach the rate
def teaching(rows, header=("月份", "教学查房（次）", "科内临床教学（次）", "主要内容"), unit="东江市第一人民医院"):
    body = "\n".join("|".join(map(str, r)) for r in rows)
    return (f"@title {unit}派驻医师2016年带教情况汇总\n派驻医师的带教情况各月统计如下：\n"
            f"@table\n{'|'.join(header)}\n{body}\n@end\n@right 青石县人民医院医务科\n@right 2016年12月28日\n")


def months(rounds, lessons):
    return [[f"{m}月", r, l, "诊疗规范"] for m, r, l in zip(range(1, 13), rounds, lessons)]


def test_period_counts_are_read_per_row():
    (t,) = tables(cells([["月份", "教学查房（次）"], ["1月", "4"], ["2月", "5"], ["合计", "9"]]))
    from pipeline.extract.tables import period_counts
    assert [(label, n) for label, _, n in period_counts(t, ["教学查房"])] == [("1月", 4), ("2月", 5)]


def test_minimum_monthly_counts_that_reach_the_rate(tmp_path):
    doc = teaching(months([4, 5, 4, 4, 5, 4], [2, 2, 3, 2, 2, 2]))
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"带教.docx": doc}, "2.10") == "met"


def test_directional_one_month_short_is_not_met(tmp_path):
    doc = teaching(months([4, 5, 1, 4, 5, 4], [2, 2, 3, 2, 2, 2]))
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"带教.docx": doc}, "2.10") == "not_met"
    doc = teaching(months([1] * 6, [1] * 6))
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"带教.docx": doc}, "2.10") == "not_met"


def test_invariance_quarters_and_other_headers(tmp_path):
    rows = [["第一季度", 13, 7, "规范"], ["第二季度", 14, 7, "指南"], ["第三季度", 13, 6, "进展"]]
    doc = teaching(rows, header=("季度", "教学查房次数", "业务学习次数", "内容"), unit="西陵市中心医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"带教.docx": doc}, "2.10") == "met"


# 2.02 asks whether department-to-department targets were set (检查是否建立…): a table of them,
# whatever its title's kind word (…目标及人员培养标准), sets them
def targets_sheet(rows, header=("支援科室", "受援科室", "年度支援目标", "培养对象", "合格标准")):
    return {"format": "xlsx", "sheets": {"科室目标": [list(header), *rows]}}


def test_minimum_a_table_of_department_targets_sets_them(tmp_path):
    rows = [["心内科", "内科", "开展冠脉造影50例", "李明", "独立完成造影30例，考核80分以上"],
            ["普外科", "外科", "开展腹腔镜手术30例", "王强", "独立完成腹腔镜阑尾切除10例"]]
    files = {"科室间对口支援目标及人员培养标准.xlsx": targets_sheet(rows)}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "2.02") == "met"


def test_directional_without_departments_paired_no_targets(tmp_path):
    rows = [["全院", "开展新技术10项", "考核合格"], ["全院", "培训骨干20名", "考核合格"]]
    files = {"对口支援目标.xlsx": targets_sheet(rows, header=("范围", "目标", "合格标准"))}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "2.02") != "met"


# A printed schedule, one person a line (骨科 吴永刚副主任医师：每周一下午、周三上午): each
# named half-day counts for that person
def printed_schedule(lines, unit="东江市第一人民医院"):
    body = "\n".join(lines)
    return (f"@title {unit}对口支援专家坐诊安排（2016年3月起）\n{unit}派驻我院的专家坐诊时间安排如下：\n{body}\n"
            "@right 青石县人民医院门诊部\n@right 2016年3月1日\n")


def test_minimum_every_expert_named_with_two_half_days(tmp_path):
    doc = printed_schedule(["神经内科 向东主任医师：每周二上午、周四下午；", "骨科 吴永刚副主任医师：每周一下午、周三上午。"])
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"坐诊安排.pdf": doc}, "2.07") == "met"


def test_invariance_other_names_and_words(tmp_path):
    doc = printed_schedule(["眼科 田秀副主任医师：星期二下午、星期五上午", "儿科 李娜主治医师：周三全天"],
                           unit="西陵市中心医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"坐诊安排.pdf": doc}, "2.07") == "met"


def test_directional_one_expert_with_one_half_day(tmp_path):
    doc = printed_schedule(["神经内科 向东主任医师：每周二上午、周四下午；", "骨科 吴永刚副主任医师：每周一下午。"])
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"坐诊安排.pdf": doc}, "2.07") == "not_met"


# A table of dated rows is one event a row, on what its section, header and lead sentence name:
# under 二、会商机制 a table 日期 | 地点 | 主要议题 lists the consultations of both hospitals
def consult_report(rows: list[str], heading="二、会商机制", lead="双方建立季度会商机制，全年召开会商会议如下：",
                   header="日期|地点|主要议题", year=2016, unit="东江市第一人民医院"):
    body = "\n".join(rows)
    return (f"@title {unit}{year}年对口支援工作总结\n{year}年，我院对口支援工作按协议推进。\n"
            f"一、派驻人员\n全年派驻医师6名。\n{heading}\n{lead}\n@table\n{header}\n{body}\n@end\n"
            f"三、存在问题\n信息系统尚未互联互通。\n@right {unit}\n@right {year + 1}年1月8日\n")


def test_minimum_dated_rows_under_a_topical_section_are_events(tmp_path):
    doc = consult_report(["2016年3月26日|青石县人民医院|确定派驻人员", "2016年9月24日|视频会议|通报考核结果"])
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"总结.docx": doc}, "2.04") == "met"


def test_invariance_other_headings_headers_and_formats(tmp_path):
    doc = consult_report(["2016年4月2日|白河县人民医院|研究年度帮扶任务", "2016年11月8日|西陵市中心医院|调整帮扶安排"],
                         heading="二、两院联席会议", lead="两院全年召开联席会议2次：", header="时间|会议地点|议定事项",
                         unit="西陵市中心医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"总结.pdf": doc}, "2.04") == "met"


def test_directional_last_years_rows_are_no_events_of_this_year(tmp_path):
    doc = consult_report(["2015年3月26日|青石县人民医院|确定派驻人员", "2015年9月24日|视频会议|通报考核结果"])
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"总结.docx": doc}, "2.04") != "met"
    doc = consult_report(["2016年3月26日|青石县人民医院|确定派驻人员"], heading="二、义诊活动", lead="全年开展义诊如下：")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"总结.docx": doc}, "2.04") != "met"

# A table means the same in every file type: a ruled PDF table and tab-separated text keep
# their empty cells, so a mark stays under its half-day (李四 | 儿科 | | √ | is one half-day)
def grid_file(fmt: str, second_row: list[str]) -> dict:
    rows = [["姓名", "科室", "周一上午", "周二下午", "周四上午"], ["张三", "外科", "√", "", "√"], second_row]
    if fmt == "xlsx":
        return {"format": "xlsx", "sheets": {"排班": rows}}
    body = "\n".join("|".join(r) for r in rows)
    return {"format": fmt, "text": f"@title 东江市第一人民医院派驻专家门诊排班表\n@table\n{body}\n@end\n"
                                   "@right 青石县人民医院门诊部\n@right 2016年3月1日\n"}


def test_invariance_a_grid_in_every_file_type(tmp_path):
    for fmt, ext in (("pdf", "pdf"), ("txt", "txt"), ("docx", "docx"), ("xlsx", "xlsx")):
        files = {f"门诊排班表.{ext}": grid_file(fmt, ["李四", "儿科", "", "√", "√"])}
        assert status(tmp_path / fmt, "duikou", 2016, DUIKOU, files, "2.07") == "met", fmt


def test_directional_one_empty_cell_more_in_every_file_type(tmp_path):
    for fmt, ext in (("pdf", "pdf"), ("txt", "txt"), ("docx", "docx"), ("xlsx", "xlsx")):
        files = {f"门诊排班表.{ext}": grid_file(fmt, ["李四", "儿科", "", "√", ""])}
        assert status(tmp_path / fmt, "duikou", 2016, DUIKOU, files, "2.07") == "not_met", fmt


# A grid whose cells name what each half-day is for (门诊 / 手术 / 病房): only the clinic's count.
def rota(tmp_path, rows, word="门诊", units=DUIKOU):
    hosp = units["支援医院"]
    head = "姓名 | 科室 | 周一上午 | 周一下午 | 周二上午 | 周二下午 | 周三上午 | 周三下午"
    body = "\n".join(f"{n} | {d} | " + " | ".join(c.replace("门诊", word) for c in cells) for n, d, cells in rows)
    doc = (f"@title 派驻医师门诊排班表（2017年）\n@table\n{head}\n{body}\n@end\n@right {hosp}医务部\n"
           f"@right 2017年3月1日\n")
    return status(tmp_path, "duikou", 2017, units, {"排班表.docx": doc}, "2.07")


FULL = [("罗建华", "骨科", ["门诊", "手术", "病房", "门诊", "病房", "手术"]),
        ("钟晓峰", "心内科", ["病房", "门诊", "病房", "病房", "门诊", "病房"])]


def test_minimum_two_clinic_half_days_each_among_other_duties(tmp_path):
    assert rota(tmp_path, FULL) == "met"


def test_invariance_other_names_and_word(tmp_path):
    assert rota(tmp_path, FULL, "坐诊", DUIKOU_OTHER) == "met"


def test_directional_a_doctor_with_one_clinic_half_day_falls(tmp_path):
    short = FULL + [("刘婷", "儿科", ["病房", "病房", "门诊", "病房", "病房", "病房"])]
    assert rota(tmp_path, short) == "not_met"


# A table printed as lines (a PDF without rules): its dated rows are events on what the section,
# the header line and the lead sentence name, as a table's cells are.
def printed_meetings(tmp_path, heading="一、建立会商机制", lead="双方建立季度联席会商制度，由两院分管院领导参加。全年会商情况如下：",
                     units=DUIKOU):
    helped, hosp = units["受援医院"], units["支援医院"]
    doc = (f"@title {helped}2017年对口支援工作总结\n@h1 {heading}\n{lead}\n@table\n日期 | 地点 | 主要议题 | 形成意见\n"
           f"2017年3月9日 | {helped} | 确定派驻专家名单 | 确定派驻专家8名\n"
           f"2017年6月22日 | {hosp} | 通报第一批专家考核结果 | 6名专家考核合格\n@end\n@right {helped}\n@right 2017年12月20日\n")
    return status(tmp_path, "duikou", 2017, units, {"工作总结.pdf": {"format": "pdf", "text": doc}}, "2.04")


def test_minimum_printed_rows_under_a_meeting_section_are_meetings(tmp_path):
    assert printed_meetings(tmp_path) == "met"


def test_invariance_other_hospitals_printed_rows(tmp_path):
    assert printed_meetings(tmp_path, units=DUIKOU_OTHER) == "met"


def test_directional_rows_under_another_topic_are_no_meetings(tmp_path):
    assert printed_meetings(tmp_path, "一、业务培训", "全年培训情况如下：") != "met"


# A stated rate counts in either order: 每周教学查房1次 and 每周1次教学查房 say the same.
def rounds(tmp_path, sentence, units=DUIKOU):
    hosp, helped = units["支援医院"], units["受援医院"]
    doc = (f"@title {hosp}派驻{helped}医师2017年工作记录\n{sentence}\n@right {hosp}医务部\n@right 2017年12月20日\n")
    return decide(tmp_path, "duikou", 2017, units, {"工作记录.docx": doc}, "2.10")


def test_minimum_a_weekly_rate_with_the_number_after(tmp_path):
    f = rounds(tmp_path, "派驻专家在受援科室每周教学查房1次，每两周科内业务学习1次。")
    assert "每周" in f.reason and "教学查房" in f.reason and f.status == "met", f.reason


def test_invariance_the_number_before_the_topic(tmp_path):
    f = rounds(tmp_path, "派驻专家每周1次教学查房，每两周1次科内业务学习。", DUIKOU_OTHER)
    assert f.status == "met", f.reason


def test_directional_a_monthly_rate_is_too_few(tmp_path):
    f = rounds(tmp_path, "派驻专家每月1次教学查房，每月1次科内业务学习。")
    assert f.status != "met", f.reason


# A table with columns 支援科室 | 受援科室 | 年度目标 | 合格标准 states department-to-department
# targets: each row is one instance of what its header names (the header row itself states nothing).
def pairing(tmp_path, head, units=DUIKOU, fmt="docx"):
    hosp, helped = units["支援医院"], units["受援医院"]
    rows = ("神经内科 | 内科 | 开展脑卒中静脉溶栓，全年≥15例 | 独立完成溶栓5例，考核合格\n"
            "骨科 | 外科 | 开展四肢骨折内固定术，全年≥40例 | 独立完成内固定术10例")
    doc = (f"@title {hosp}对口支援{helped}2017年科室结对目标表\n@table\n{head}\n{rows}\n@end\n@right {hosp}\n"
           f"@right 2017年1月10日\n")
    name = "科室结对目标表." + fmt
    return status(tmp_path, "duikou", 2017, units, {name: {"format": fmt, "text": doc} if fmt != "docx" else doc}, "2.02")


def test_minimum_a_department_pairing_table_is_met(tmp_path):
    assert pairing(tmp_path, "支援科室 | 受援科室 | 年度支援目标 | 人员培养合格标准") == "met"


def test_invariance_other_hospitals_and_a_pdf(tmp_path):
    assert pairing(tmp_path, "支援科室 | 受援科室 | 年度支援目标 | 人员培养合格标准", DUIKOU_OTHER, "pdf") == "met"


def test_directional_a_table_without_the_pairing_falls(tmp_path):
    assert pairing(tmp_path, "专业 | 方向 | 年度目标 | 备注") != "met"


# A record whose table says of every row that it is not done yet (考核结果：待考核) shows the thing
# not done, whatever its title says.
def term_results(tmp_path, results, units=DUIKOU):
    hosp = units["支援医院"]
    rows = "\n".join(f"{n} | 骨科 | 2017.3—2017.8 | {r}" for n, r in zip(("黄志明", "李强", "王芳"), results))
    doc = (f"@title {hosp}派驻人员期满考核登记表（2017年）\n@table\n姓名 | 派出科室 | 派驻期限 | 考核结果\n{rows}\n@end\n"
           f"@right {hosp}医务部\n@right 2017年12月20日\n")
    return status(tmp_path, "duikou", 2017, units, {"期满考核登记表.docx": doc}, "1.11")


def test_minimum_a_register_of_passed_assessments_is_met(tmp_path):
    assert term_results(tmp_path, ["合格", "合格", "合格"]) == "met"


def test_invariance_other_hospitals_register(tmp_path):
    assert term_results(tmp_path, ["合格", "优秀", "合格"], DUIKOU_OTHER) == "met"


def test_directional_every_row_pending_falls(tmp_path):
    assert term_results(tmp_path, ["待考核", "待考核", "未考核"]) == "not_met"


# A row that says of itself that it is done (已完成 under each unit, 完成情况 已落实，…) is a record,
# even in a table with a 完成时间/责任单位 column: that column then says when, not by when.
def pharmacy(tmp_path, cell: str, units=CITY, unit_a="城区医共体", unit_b="城北医共体") -> str:
    sheet = [["协作内容", unit_a, unit_b, "完成时间"],
             ["统一医共体用药目录", cell, cell, "2019.05"],
             ["药师下沉乡镇卫生院指导", cell, cell, "2019.08"]]
    files = {"医共体药学协作推进情况.xlsx": {"format": "xlsx", "sheets": {"药学服务协作": sheet}}}
    return status(tmp_path, "yilianti", 2019, units, files, "1.3.1")


def test_a_task_tables_rows_that_say_done_are_records():
    from pipeline.extract.tables import Table
    t = Table(["协作内容", "甲医共体", "乙医共体", "完成时间"], [])
    assert t.row_status(["统一用药目录", "已完成", "已完成", "2019.05"]) == "done"
    assert t.row_status(["统一用药目录", "未完成", "推进中", "2019.05"]) == "not_done"
    assert t.row_status(["统一用药目录", "已完成", "未开展", "2019.05"]) is None
    s = Table(["工作任务", "责任单位", "完成情况"], [])
    assert s.row_status(["制度", "区卫计委", "已完成，2016年9月起执行（章卫计字〔2016〕40号）"]) == "done"
    # a printed row whose cells do not line up: the cell that opens with a status still says it
    assert s.row_status(["制定绩效工资政策（落实区人社局、区卫计委", "推进中，与人社部门协商）"]) == "not_done"


def test_minimum_done_rows_of_a_table_with_a_completion_column(tmp_path):
    assert pharmacy(tmp_path, "已完成") == "met"


def test_invariance_done_rows_other_words_and_places(tmp_path):
    assert pharmacy(tmp_path, "已实现", CITY_OTHER, "江南医疗集团", "江北医疗集团") == "met"


def test_directional_rows_not_done_are_not_met(tmp_path):
    assert pharmacy(tmp_path, "未完成") != "met"
    assert pharmacy(tmp_path, "推进中") != "met"


# A row of a statement's table is an instance only where its cell under the concept's column
# says something: 双方协商确定, 另行制定, — leave it to later.
def targets(tmp_path, standard: str, units=DUIKOU) -> str:
    a, b = units["支援医院"], units["受援医院"]
    doc = (f"@title {a}{b}对口支援协议\n甲方：{a}\n乙方：{b}\n一、支援目标\n各科室目标如下：\n@table\n"
           f"支援科室 | 受援科室 | 年度目标 | 考核标准\n普外科 | 普外科 | 开展腹腔镜手术50例 | {standard}\n"
           f"妇产科 | 妇产科 | 危重孕产妇救治成功率95% | {standard}\n@end\n"
           f"二、双方权利义务\n甲方负责派驻人员的选派和管理，乙方负责生活保障。\n@right 甲方：{a}　乙方：{b}\n"
           "@right 2016年1月15日\n")
    return status(tmp_path, "duikou", 2016, units, {"对口支援协议.pdf": doc}, "2.02")


def test_minimum_a_target_tables_standards_state_them(tmp_path):
    assert targets(tmp_path, "进修人员结业考核合格，能独立开展") == "met"


def test_directional_standards_left_to_later_state_nothing(tmp_path):
    assert targets(tmp_path, "双方协商确定") != "met"


def test_invariance_other_deferrals_and_places(tmp_path):
    assert targets(tmp_path, "另行制定", DUIKOU_OTHER) != "met"
    assert targets(tmp_path, "—", DUIKOU_OTHER) != "met"
    assert targets(tmp_path, "理论和操作考核均达到80分以上", DUIKOU_OTHER) == "met"


def test_a_tables_title_does_not_run_into_its_printed_header():
    from pipeline.extract.gongwen import parse
    lines = ["章贡区2016年医疗集团建设重点工作推进表", "工作任务 责任单位 完成情况", "制定绩效工资政策 区人社局 推进中"]
    gw = parse([Block(t, "ocr-line", Locator("x.jpg", page=1, line=i + 1)) for i, t in enumerate(lines)])
    assert gw.title.value == "章贡区2016年医疗集团建设重点工作推进表"


# Who is responsible makes a table a plan only when its rows are tasks (重点任务 | 牵头单位);
# a register of people with the staff who look after them (进修人员 | … | 管理责任人) is a record.
def test_responsible_columns_make_a_plan_only_of_tasks():
    from pipeline.extract.tables import Table
    assert Table(["重点任务", "牵头单位"], []).is_plan
    assert Table(["具体措施", "责任部门", "备注"], []).is_plan
    assert Table(["序号", "工作内容", "完成时限"], []).is_plan
    assert not Table(["进修人员", "来源单位", "进修科室", "管理责任人（科教科）", "带教老师"], []).is_plan


def trainees(tmp_path, note: str, units=DUIKOU) -> str:
    sheet = [["进修人员", "来源单位", "进修科室", "管理责任人（科教科）", "带教老师", "结业考核负责人"],
             ["孙立伟", units["受援医院"], "麻醉科", "科教科　谢芳", "麻醉科　周强", "科教科科长　吕文"],
             ["陶小燕", units["受援医院"], "ICU", "科教科　谢芳", "ICU护士长　胡敏", "科教科科长　吕文"], [note]]
    files = {"受援医院进修人员管理台账（2016）.xlsx": {"format": "xlsx", "sheets": {"台账": sheet}}}
    return status(tmp_path, "duikou", 2016, units, files, "1.17")


def test_minimum_a_register_names_who_is_in_charge(tmp_path):
    assert trainees(tmp_path, "说明：进修人员的报到、带教、出科及结业考核均由科教科谢芳专人负责。") == "met"


def test_invariance_a_register_other_names(tmp_path):
    assert trainees(tmp_path, "备注：进修人员培训全过程由科教科谢芳专人负责管理，考核由科长吕文负责。", DUIKOU_OTHER) == "met"


def test_directional_a_register_whose_note_says_no_one_yet(tmp_path):
    assert trainees(tmp_path, "说明：进修人员培训管理专人目前尚未明确，暂由各科室自行安排。") != "met"


# A register of the thing whose rows all say it did not happen (会商会议 | 执行情况：未举行) shows
# the mechanism an agreement sets up is not carried out; one meeting held is a meeting held.
def consultations(tmp_path, held: list[str], units=DUIKOU) -> str:
    a, b = units["支援医院"], units["受援医院"]
    agreement = (f"@title {a}{b}对口支援协议书\n甲方：{a}\n乙方：{b}\n"
                 "第七条　会商机制。双方每季度召开一次对口支援会商会议，通报派驻人员工作情况和考核结果，研究调整工作安排。\n"
                 f"@right 甲方：{a}　乙方：{b}\n@right 2016年1月10日\n")
    sheet = [["季度", "计划时间", "拟定议题", "执行情况"]] + [
        [q, t, topic, state] for (q, t, topic), state in zip(
            [("一季度", "3月下旬", "派驻人员轮换安排"), ("二季度", "6月下旬", "远程会诊运行"),
             ("三季度", "9月下旬", "中期考核通报"), ("四季度", "12月下旬", "年度考核结果通报")], held)]
    files = {"对口支援协议书.pdf": agreement,
             "对口支援工作台账（2016年）.xlsx": {"format": "xlsx", "sheets": {"会商会议": sheet}}}
    return status(tmp_path, "duikou", 2016, units, files, "2.04")


def test_minimum_consultations_held_carry_the_mechanism_out(tmp_path):
    assert consultations(tmp_path, ["已召开（3月25日）", "已召开（6月28日）", "已召开（9月26日）", "已召开（12月27日）"]) == "met"


def test_directional_consultations_none_held(tmp_path):
    assert consultations(tmp_path, ["未举行", "未举行", "未举行", "延至2017年1月"]) == "not_met"


def test_invariance_none_held_in_other_words(tmp_path):
    assert consultations(tmp_path, ["未召开", "尚未召开", "未召开", "未召开"], DUIKOU_OTHER) == "not_met"


# A register's 议题 cell names what an event was to be about: 二季度 | 远程会诊中心运行 | 未举行
# says the meeting was not held, not that the remote centre is not running.
def remote_and_register(tmp_path, topic_state: str, units=DUIKOU) -> str:
    a = units["支援医院"]
    report = (f"@title {a}2016年对口支援工作总结\n6月，两院远程会诊中心建成并投入使用，全年开展远程会诊86例。\n"
              f"@right {a}\n@right 2016年12月27日\n")
    sheet = [["季度", "计划时间", "拟定议题", "执行情况"],
             ["一季度", "3月下旬", "派驻人员轮换安排", "已召开"],
             ["二季度", "6月下旬", "远程会诊中心运行", topic_state]]
    files = {"总结.docx": report, "对口支援工作台账（2016年）.xlsx": {"format": "xlsx", "sheets": {"会商会议": sheet}}}
    return status(tmp_path, "duikou", 2016, units, files, "2.45")


def test_minimum_a_meeting_not_held_does_not_deny_its_topic(tmp_path):
    assert remote_and_register(tmp_path, "未举行") == "met"


def test_invariance_other_words_for_not_held(tmp_path):
    assert remote_and_register(tmp_path, "未召开，改期", DUIKOU_OTHER) == "met"


def test_directional_a_status_of_the_thing_itself_still_denies():
    from pipeline.extract.tables import Table
    t = Table(["项目", "完成情况"], [])
    assert t.topic_columns() == set() and t.row_status(["远程会诊中心", "未建成"]) == "not_done"
    assert Table(["季度", "拟定议题", "执行情况"], []).topic_columns() == {1}


# In a rule in force (办法, 制度) a table of who does what (服务 | 内容 | 责任部门) is how the rule
# assigns its duties; the same rows with a deadline column in a plan are tasks. A printed table
# ends at the next numbered provision (第四条 …).
def priority(tmp_path, title: str, deadline: bool, units=CITY) -> str:
    organ = units["行政部门"]
    head = "服务 | 内容 | 责任部门" + (" | 完成时限" if deadline else "")
    tail = " | 2019年12月" if deadline else ""
    doc = (f"@mark {organ}文件\n@docno 北卫发〔2019〕52号\n@title {title}\n"
           "第一条　医共体内实行双向转诊，转诊患者由牵头医院转诊服务中心统一接收。\n"
           "第二条　牵头医院对上转患者提供以下服务：\n@table\n" + head + "\n"
           f"优先接诊 | 转诊患者专设窗口，当日接诊 | 门诊部{tail}\n"
           f"优先检查 | 检查检验48小时内安排 | 医技科室{tail}\n"
           f"优先住院 | 预留床位，优先收治 | 住院服务中心{tail}\n@end\n"
           f"第三条　本办法自2019年8月1日起施行。\n@right {organ}\n@right 2019年7月18日\n")
    return status(tmp_path, "yilianti", 2019, units, {"转诊办法.pdf": doc}, "2.3.2")


def test_minimum_a_rules_duty_table_is_the_rule(tmp_path):
    assert priority(tmp_path, "北湖市医共体双向转诊管理办法", False) == "met"


def test_invariance_a_duty_table_in_another_rule_and_city(tmp_path):
    assert priority(tmp_path, "南岭市医共体转诊患者优先服务制度", False, CITY_OTHER) == "met"


def test_directional_the_same_rows_with_deadlines_in_a_plan_are_tasks(tmp_path):
    assert priority(tmp_path, "北湖市医共体双向转诊工作实施方案", True) != "met"


def test_a_printed_table_ends_at_the_next_provision():
    lines = ["服务 内容 责任部门", "优先接诊 专设窗口，当日接诊 门诊部", "优先住院 预留床位，优先收治 住院服务中心",
             "第四条 本办法自2019年8月1日起施行。"]
    blocks = [Block(t, "paragraph", Locator("x.pdf", page=1, line=i + 1)) for i, t in enumerate(lines)]
    (t,) = tables(blocks)
    assert len(t.rows) == 2


# A register row with a column of when for each event (上半年督导日期 | 下半年督导日期) records
# one event a date column: three heads who went in each half are visits in both halves
def visits_sheet(rows, header=("科室", "科主任", "上半年督导日期", "下半年督导日期", "督导报告")):
    return {"format": "xlsx", "sheets": {"科主任督导": [list(header), *rows]}}


def test_minimum_two_date_columns_are_two_visits_a_row(tmp_path):
    files = {"对口支援工作台账.xlsx": visits_sheet([["麻醉科", "黄立新", "2022.3.15", "2022.9.20", "2份已提交"],
                                                 ["儿科", "蒙秀兰", "2022.4.12", "2022.10.18", "2份已提交"],
                                                 ["检验科", "梁伟", "2022.3.15", "2022.11.8", "2份已提交"]])}
    assert status(tmp_path, "duikou", 2022, DUIKOU, files, "1.05") == "met"


def test_invariance_other_headers_names_and_date_styles(tmp_path):
    header = ("支援科室", "主任", "第一次督导时间", "第二次督导时间", "报告")
    files = {"科室主任督导登记.xlsx": visits_sheet([["骨科", "陈卫", "2021年5月6日", "2021年11月2日", "已提交"],
                                               ["检验科", "杨明", "2021年6月1日", "2021年8月30日", "已提交"],
                                               ["放射科", "何亮", "2021年4月9日", "2021年12月3日", "已提交"]], header)}
    assert status(tmp_path, "duikou", 2021, DUIKOU_OTHER, files, "1.05") == "met"


def test_directional_second_half_blank_is_not_met(tmp_path):
    files = {"对口支援工作台账.xlsx": visits_sheet([["麻醉科", "黄立新", "2022.3.15", "未督导", "1份已提交"],
                                                 ["儿科", "蒙秀兰", "2022.4.12", "", "1份已提交"],
                                                 ["检验科", "梁伟", "2022.3.15", "—", "1份已提交"]])}
    assert status(tmp_path, "duikou", 2022, DUIKOU, files, "1.05") != "met"
    # a deadline column is no second event (完成时间 is when a report is due)
    header = ("科室", "科主任", "督导日期", "报告完成时间", "督导报告")
    files = {"对口支援工作台账.xlsx": visits_sheet([["麻醉科", "黄立新", "2022.3.15", "2022.9.20", "已提交"],
                                                 ["儿科", "蒙秀兰", "2022.4.12", "2022.10.18", "已提交"],
                                                 ["检验科", "梁伟", "2022.3.15", "2022.11.8", "已提交"]], header)}
    assert status(tmp_path, "duikou", 2022, DUIKOU, files, "1.05") != "met"


# The form asks each department's head (开展对口支援的科室主任…每半年至少1次): a register that
# lists the departments in its rows, one column of when per half-year, shows each department's
# visits; a row whose half-year cell is blank, a dash or 未成行 is a department that missed it,
# however many visits the other rows add up to. A column of planned dates records nothing.
def test_minimum_one_department_missing_a_half_is_not_met(tmp_path):
    rows = [["麻醉科", "黄立新", "2022.3.15", "2022.9.20", "2份"], ["儿科", "蒙秀兰", "2022.4.12", "—", "1份"],
            ["检验科", "梁伟", "2022.3.15", "2022.11.8", "2份"], ["骨科", "韦强", "2022.5.10", "2022.10.12", "2份"]]
    finding = decide(tmp_path, "duikou", 2022, DUIKOU, {"督导台账.xlsx": visits_sheet(rows)}, "1.05")
    assert finding.status == "not_met" and "儿科" in finding.reason


def test_invariance_planned_and_actual_columns_other_names(tmp_path):
    header = ("支援科室", "主任", "上半年计划日期", "上半年实际日期", "下半年计划日期", "下半年实际日期", "报告")
    rows = [["内科", "杜建平", "2021-04-12", "2021-04-12", "2021-10-18", "2021-10-20", "已提交"],
            ["外科", "邵永刚", "2021-04-19", "2021-04-21", "2021-10-25", "未成行", "上半年已提交"],
            ["麻醉科", "岳明", "2021-06-07", "2021-06-07", "2021-11-22", "2021-11-22", "已提交"]]
    files = {"科主任督导登记表.xlsx": visits_sheet(rows, header)}
    assert status(tmp_path, "duikou", 2021, DUIKOU_OTHER, files, "1.05") == "not_met"
    rows[1][5] = "2021-10-27"
    assert status(tmp_path, "duikou", 2021, DUIKOU_OTHER, {"科主任督导登记表.xlsx": visits_sheet(rows, header)},
                  "1.05") == "met"


def test_directional_filling_the_missing_half_gives_met_and_a_totals_row_is_no_department(tmp_path):
    rows = [["心内科", "刘长青", "2021.04.16", "2021.10.22", "2份"], ["普外科", "张国栋", "2021.03.26", "2021.09.17", "2份"],
            ["合计", "", "2人次", "2人次", "4份"]]
    assert status(tmp_path, "duikou", 2021, DUIKOU, {"督导登记.xlsx": visits_sheet(rows)}, "1.05") == "met"
    rows[1][3] = ""
    assert status(tmp_path, "duikou", 2021, DUIKOU, {"督导登记.xlsx": visits_sheet(rows)}, "1.05") == "not_met"


# A record of one row per person whose result column leaves one person 待评 or 不合格 does not show
# that everyone whose term ended passed (1.11 期满…考核合格).
def assessed(tmp_path, rows, units=DUIKOU):
    unit = units["支援医院"]
    body = "\n".join(" | ".join(r) for r in rows)
    doc = (f"@title 2016年派驻人员期满考核登记表\n@table\n姓名 | 派驻期限 | 目标完成情况 | 考核结果 | 考核日期\n{body}\n@end\n"
           f"@right {unit}医务部\n@right 2016年12月30日\n")
    return status(tmp_path, "duikou", 2016, units, {"考核登记表.pdf": doc}, "1.11")


PASSED = [["韦建明", "2016.01—2016.06", "全部完成", "合格", "2016-07-08"],
          ["梁秋菊", "2016.01—2016.06", "全部完成", "合格", "2016-07-08"]]


def test_minimum_everyone_passed_is_met(tmp_path):
    assert assessed(tmp_path, PASSED) == "met"


@pytest.mark.parametrize("verdict", ["待评", "不合格"])
def test_directional_one_person_left_open_or_failed_falls(tmp_path, verdict):
    rows = PASSED + [["陆海", "2016.01—2016.06", "ESD完成6例", verdict, ""]]
    assert assessed(tmp_path, rows) != "met"


def test_invariance_other_names_and_units(tmp_path):
    rows = [["周立", "2016.03—2016.08", "目标全部完成", "合格", "2016-09-02"],
            ["吴敏", "2016.03—2016.08", "完成", "优秀", "2016-09-02"]]
    assert assessed(tmp_path, rows, DUIKOU_OTHER) == "met"
    rows[1][3] = "待考核"
    assert assessed(tmp_path, rows, DUIKOU_OTHER) != "met"


# A yes/no column (是否签约入集团) answers for its row: 否 or 否（有意向） says the row's unit is not in;
# a register whose only social-run members answer no has none.
def roster(rows, units=CITY):
    header = ["医疗集团", "成员单位", "类别", "举办主体", "是否签约入集团"]
    lead = [["第一医疗集团", "市第一人民医院", "三级综合医院", "公立", "牵头"],
            ["第一医疗集团", "东门社区卫生服务中心", "社区卫生服务中心", "公立", "是"]]
    return {"format": "xlsx", "sheets": {"医联体成员单位名册": [header, *lead, *rows]}}


def members(tmp_path, rows, units=CITY):
    return status(tmp_path, "yilianti", 2020, units, {"医联体成员单位名册.xlsx": roster(rows, units)}, "1.2.4")


def test_minimum_a_social_run_member_signed_in_is_met(tmp_path):
    assert members(tmp_path, [["第一医疗集团", "仁和护理院", "护理院", "社会办", "是"]]) == "met"


@pytest.mark.parametrize("answer", ["否", "否（有意向）", "×"])
def test_directional_a_social_run_unit_answering_no_is_not_in(tmp_path, answer):
    assert members(tmp_path, [["第一医疗集团", "仁和护理院", "护理院", "社会办", answer]]) != "met"


def test_invariance_other_names(tmp_path):
    assert members(tmp_path, [["第二医疗集团", "康泰康复医院", "康复医院", "民营", "是"]], CITY_OTHER) == "met"
    assert members(tmp_path, [["第二医疗集团", "康泰康复医院", "康复医院", "民营", "否（洽谈中）"]], CITY_OTHER) != "met"


# A rotation register (姓名 | 职务 | 轮训时间 | 轮训情况) records a head's rotation only where the row
# says it took place: 未安排 or 暂缓 is none. A training sheet's 科室 column (央宗 | 护理部 | 主管护师)
# names where a nurse works, not a head of department.
ROTA = ["姓名", "职务", "轮训单位", "轮训时间", "轮训情况"]


def rotation_sheet(rows, units=DUIKOU):
    return {"format": "xlsx", "sheets": {"中层以上干部轮训登记": [ROTA, *rows]}}


def rotated(tmp_path, rows, units=DUIKOU, extra=None):
    s = units["支援医院"]
    sheet = rotation_sheet([[n, p, s, t, st] for n, p, t, st in rows], units)
    sheet["sheets"] = {**(extra or {}), **sheet["sheets"]}       # other sheets of the same workbook first
    return status(tmp_path, "duikou", 2018, units, {"进修计划及轮训登记.xlsx": sheet}, "1.30")


HEADS = [("多吉", "院长", "2018.04.09—04.20", "已完成"), ("白玛", "医务科科长", "2018.06.04—06.29", "已完成"),
         ("李国庆", "内科主任", "2018.10.08—10.26", "已完成"), ("边巴", "检验科主任", "2018.11.05—11.23", "已完成")]


def test_minimum_every_kind_of_head_rotated_is_met(tmp_path):
    assert rotated(tmp_path, HEADS) == "met"


@pytest.mark.parametrize("state", ["未安排", "因科室人手不足暂缓"])
def test_directional_heads_not_rotated_fall(tmp_path, state):
    rows = HEADS[:2] + [(n, p, "—", state) for n, p, _, _ in HEADS[2:]]
    assert rotated(tmp_path, rows) != "met"


def test_invariance_a_training_sheets_departments_are_no_heads(tmp_path):
    rows = HEADS[:2] + [(n, p, "—", "未安排") for n, p, _, _ in HEADS[2:]]
    trainees = {"2018年外派进修计划": [
        ["青石县人民医院2018年外派进修培训计划（经院长办公会研究确定）"],
        ["批次", "姓名", "科室", "职称", "进修医院", "进修专业", "计划时间", "执行情况"],
        ["第一批", "格桑", "内科", "主治医师", DUIKOU["支援医院"], "重症医学", "2018.03—2018.08", "已返院"],
        ["第二批", "普布", "检验科", "主管技师", DUIKOU["支援医院"], "临床检验", "2018.07—2018.12", "已返院"]]}
    assert rotated(tmp_path, rows, extra=trainees) != "met"
    assert rotated(tmp_path, HEADS, DUIKOU_OTHER) == "met"


def test_a_yes_no_column_about_a_fault_answered_no_is_the_good_state(tmp_path):
    rota = [("赵国庆", "院长", "2018.6.8—6.19", "已存档"), ("王涛", "医务科科长", "2018.7.6—8.28", "已存档"),
            ("刘刚", "内科主任", "2018.9.7—9.18", "已存档"), ("张敏", "检验科主任", "2018.10.12—10.23", "已存档")]
    attendance = {"进修人员考勤": [["月份", "姓名", "科室", "进修单位", "应到（天）", "实到（天）", "是否擅自离开"],
                               ["2018年7月", "于海波", "内科", DUIKOU["支援医院"], "23", "23", "否"],
                               ["2018年7月", "谢春雨", "检验科", DUIKOU["支援医院"], "23", "22", "否"]]}
    assert rotated(tmp_path, rota, extra=attendance) == "met"


# A register that joins two activities in its title (教学查房及科内讲课记录) does not say which row
# is which: each row counts for the activity it names, and rounds are no lectures.
def test_minimum_a_joint_register_counts_each_activity_on_its_own_rows(tmp_path):
    from .test_b10_time import teaching_register
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"教学记录.pdf": teaching_register()}, "2.10") == "met"


def test_invariance_a_joint_register_in_other_words(tmp_path):
    from .test_b10_time import teaching_register
    doc = teaching_register("（2016年3月—4月）", teacher="陈丽娟", lecture="业务学习", fmt="docx")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"带教登记.docx": doc}, "2.10") == "met"


def test_directional_rounds_alone_are_no_lectures_of_a_joint_register(tmp_path):
    from .test_b10_time import teaching_register
    doc = teaching_register(lecture="教学查房")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"教学记录.pdf": doc}, "2.10") != "met"


# A register that names the month it covers (2016年10月…登记) is judged over that month: two
# lectures two weeks apart in October are a lecture every two weeks, though they span 14 days.
def month_register(title="2016年10月派驻专家教学活动登记", period=None, lectures=("10月11日", "10月25日"),
                   teacher="王海涛", fmt="pdf"):
    days = ["10月4日", "10月11日", "10月18日", "10月25日"]
    rows = [f"{d} 骨科 教学查房 股骨颈骨折术后康复 {teacher}" for d in days]
    rows += [f"{d} 骨科 科内讲课 骨质疏松的规范诊治 {teacher}" for d in lectures]
    rows.sort(key=lambda r: int(r.split("月")[1].split("日")[0]))
    text = f"@title {title}\n" + (f"{period}\n" if period else "") + "日期 科室 类型 内容 主讲\n" + "\n".join(rows) + "\n"
    return {"format": fmt, "text": text}


def test_minimum_a_month_register_is_judged_over_its_month(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"登记.pdf": month_register()}, "2.10") == "met"


def test_invariance_a_month_named_in_the_period_line(tmp_path):
    doc = month_register("骨科带教活动登记", period="（2016年10月）", teacher="陈丽娟", fmt="docx")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"带教.docx": doc}, "2.10") == "met"


def test_directional_one_lecture_in_a_month_is_not_every_two_weeks(tmp_path):
    doc = month_register(lectures=("10月11日",))
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"登记.pdf": doc}, "2.10") != "met"


# A rule's table whose column is named for the thing (人员培养合格标准) sets it row by row: a row
# that leaves it open (待定, 另行商定) has none, so the table does not set it for every department.
# A notice's list of attachments (附件：…标准表) names a document and states nothing of its own.
def annexed_pairing(tmp_path, cells=("独立完成溶栓5例，经甲方考核合格", "独立完成内固定术10例，经甲方考核合格",
                                     "独立开展胃镜检查50例，经甲方考核合格"),
                    units=DUIKOU, head="人员培养合格标准", fmt="docx", standards=True):
    hosp, helped = units["支援医院"], units["受援医院"]
    depts = (("神经内科", "内科", "开展脑卒中静脉溶栓"), ("骨科", "外科", "开展四肢骨折内固定术"),
             ("消化内科", "内科", "开展消化内镜诊疗"))
    rows = "\n".join(f"{a} | {b} | {goal}" + (f" | {c}" if standards else "") for (a, b, goal), c in zip(depts, cells))
    doc = (f"@title {hosp}对口支援{helped}协议书（2017—2019年）\n甲方：{hosp}\n乙方：{helped}\n"
           "第一条　甲方按附件所列科室派驻专家，帮助乙方提升诊疗能力。\n"
           "第二条　其他\n本协议一式四份，双方各执两份，自签字盖章之日起生效。\n"
           f"附件：科室对口支援目标与{head}表\n甲方：{hosp}　　乙方：{helped}\n@right 2017年1月10日\n"
           f"附件　科室对口支援目标与{head}表\n@table\n支援科室 | 受援科室 | 年度目标"
           + (f" | {head}" if standards else "") + f"\n{rows}\n@end\n")
    name = "对口支援协议书." + fmt
    return status(tmp_path, "duikou", 2017, units, {name: {"format": fmt, "text": doc} if fmt != "docx" else doc}, "2.02")


def test_minimum_an_annexed_standards_table_filled_for_every_row_is_met(tmp_path):
    assert annexed_pairing(tmp_path) == "met"


def test_invariance_annexed_standards_in_other_words_and_a_pdf(tmp_path):
    assert annexed_pairing(tmp_path, units=DUIKOU_OTHER, head="人员培养考核标准", fmt="pdf") == "met"


def test_directional_a_row_left_open_in_the_standards_column_falls(tmp_path):
    cells = ("独立完成溶栓5例，经甲方考核合格", "待定", "双方另行商定")
    assert annexed_pairing(tmp_path, cells) == "not_met"


def test_directional_a_list_of_attachments_is_no_standard(tmp_path):
    # the list names 人员培养合格标准表, but the annexed table has no column of standards
    assert annexed_pairing(tmp_path, standards=False) != "met"


# A register's status column answers for each event: 延期, 推迟, 取消 are not held, like 未召开. An
# agreement's 会商 mechanism whose every scheduled meeting was put off is not carried out.
def put_off(tmp_path, states, units=DUIKOU, fmt="xlsx"):
    hosp, helped = units["支援医院"], units["受援医院"]
    agreement = (f"@title {hosp}{helped}对口支援协议（2017—2019年）\n甲方：{hosp}\n乙方：{helped}\n"
                 "一、甲方派驻专家帮助乙方提升诊疗能力。\n二、双方每半年会商一次，通报派驻人员工作情况和考核结果。\n"
                 f"@right 甲方：{hosp}　　乙方：{helped}\n@right 2017年1月10日\n")
    rows = [[when, topic, state] for (when, topic), state in
            zip((("2017年6月", "上半年派驻人员工作情况通报"), ("2017年12月", "年度会商及2018年派驻安排")), states)]
    if fmt == "xlsx":
        ledger = {"format": "xlsx", "sheets": {"两院会商台账": [["计划时间", "议题", "状态"]] + rows}}
    else:
        ledger = ("@title 两院会商台账（2017年）\n@table\n计划时间 | 议题 | 状态\n"
                  + "\n".join(" | ".join(r) for r in rows) + "\n@end\n")
    return status(tmp_path, "duikou", 2017, units, {"协议.docx": agreement, f"会商台账.{fmt}": ledger}, "2.04")


def test_minimum_an_agreed_mechanism_with_meetings_held_is_met(tmp_path):
    assert put_off(tmp_path, ("已召开", "已召开")) == "met"


def test_invariance_put_off_in_other_words(tmp_path):
    assert put_off(tmp_path, ("推迟（专家轮换）", "取消"), DUIKOU_OTHER, "docx") == "not_met"


def test_directional_meetings_postponed_or_not_held_fall(tmp_path):
    assert put_off(tmp_path, ("延期（受援医院迎检）", "未召开")) == "not_met"


# A note under a register that arranges the rest for a later date (…的轮训安排在2019年进行, 定于明年3月)
# says those are still to come: they are not in the record
def test_minimum_and_directional_a_note_arranging_the_rest_later(tmp_path):
    s = DUIKOU["支援医院"]
    rows = [[n, p, s, t, st] for n, p, t, st in HEADS[2:]]
    noted = {"format": "xlsx", "sheets": {"中层以上干部轮训登记": [ROTA, *rows, ["注：院领导和职能科室负责人的轮训安排在2019年进行。", "", "", "", ""]]}}
    assert status(tmp_path, "duikou", 2018, DUIKOU, {"轮训登记.xlsx": noted}, "1.30") != "met"
    assert rotated(tmp_path, HEADS) == "met"


def test_invariance_the_rest_put_off_in_other_words(tmp_path):
    s = DUIKOU_OTHER["支援医院"]
    rows = [[n, p, s, t, st] for n, p, t, st in HEADS[2:]]
    noted = {"format": "xlsx", "sheets": {"轮训登记": [ROTA, *rows, ["说明：院长、医务科科长轮训定于明年3月进行。", "", "", "", ""]]}}
    assert status(tmp_path, "duikou", 2018, DUIKOU_OTHER, {"轮训登记.xlsx": noted}, "1.30") != "met"


# A status cell that says a preparation is over (胸痛中心筹建完成) says done; 筹建中 says not yet
def term_register(cell: str) -> dict:
    return {"format": "xlsx", "sheets": {"期满考核": [
        ["姓名", "派驻科室", "派驻期", "工作目标完成情况", "考核等次", "考核部门", "考核日期"],
        ["李卫东", "麻醉科", "1月—6月", "开展神经阻滞麻醉86例，完成带教12次", "优秀", "医务部（对口支援办公室）", "7月4日"],
        ["张建", "心内科", "1月—6月", cell, "合格", "医务部（对口支援办公室）", "7月5日"]]}}


def test_minimum_a_preparation_over_in_a_status_cell_is_done(tmp_path):
    files = {"派驻人员期满考核登记表（2016）.xlsx": term_register("胸痛中心筹建完成，起搏器植入5例")}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "1.11") == "met"


def test_directional_a_preparation_still_going_in_a_status_cell(tmp_path):
    files = {"派驻人员期满考核登记表（2016）.xlsx": term_register("胸痛中心筹建中")}
    assert status(tmp_path, "duikou", 2016, DUIKOU, files, "1.11") != "met"
