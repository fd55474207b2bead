from pipeline.extract.document import extract
from pipeline.extract.minutes import find_meetings
from pipeline.model import Locator

from .extract_helpers import make_doc


def test_one_meeting_from_labelled_lines():
    doc = make_doc("""\
县医共体管理委员会会议纪要
时间：2018年5月16日下午
地点：县卫生健康局三楼会议室
主持：局长吴海峰
参会人员：县人民医院、县中医院及各乡镇卫生院负责人
列席：县医保局刘强
记录人：张敏
议题：研究医共体人员统筹使用办法
会议决定：1.原则通过《医共体人员统筹使用办法》；2.由县人民医院牵头落实。""")
    (m,) = find_meetings(doc.blocks)
    assert m.iso_date == "2018-05-16"
    assert m.date_field.loc == Locator("样例.docx", paragraph=2)
    assert m.place.value == "县卫生健康局三楼会议室"
    assert m.host.value == "局长吴海峰"
    assert [a.value for a in m.attendees] == ["县人民医院、县中医院及各乡镇卫生院负责人"]
    assert [o.value for o in m.observers] == ["县医保局刘强"]
    assert m.recorder.value == "张敏"
    assert [t.value for t in m.topics] == ["研究医共体人员统筹使用办法"]
    assert m.decisions[0].value.startswith("1.原则通过《医共体人员统筹使用办法》")
    ev = extract(doc)
    assert ev.meta.kind == "会议纪要" and ev.meta.date == "2018-05-16"


def test_table_fields_label_cell_then_value_cell():
    doc = make_doc("""\
党委会会议记录
会议研究了对口帮扶工作。
时间 | 2016年9月7日
地点 | 第一会议室
主持人 | 王建国
出席 | 党委委员全体""")
    (m,) = find_meetings(doc.blocks)
    assert m.iso_date == "2016-09-07"
    assert m.date_field.loc == Locator("样例.docx", table=1, row=1, col=2)
    assert m.host.value == "王建国" and m.host.loc.col == 2
    assert [a.value for a in m.attendees] == ["党委委员全体"]


def test_minutes_book_with_several_meetings():
    doc = make_doc("""\
2017年院务会会议记录本
第一次院务会
时间：2017年1月10日
主持：院长
议题：年度工作安排
会议决定：成立医联体办公室。
第二次院务会
时间：2017年4月12日
主持：院长
议题：对口支援工作
会议确定每季度召开一次对口支援例会。
时间：2017年7月5日
主持：副院长
议题：半年工作小结""")
    ms = find_meetings(doc.blocks)
    assert [m.iso_date for m in ms] == ["2017-01-10", "2017-04-12", "2017-07-05"]
    assert [m.heading.value if m.heading else None for m in ms] == ["第一次院务会", "第二次院务会", None]
    assert [d.value for d in ms[1].decisions] == ["每季度召开一次对口支援例会。"]
    assert extract(doc).meta.date == "2017-01-10"


def test_month_day_meeting_date_takes_the_year_of_the_document():
    doc = make_doc(["2019年医联体工作例会记录", "时间：3月6日", "地点：医务科", "议题：双向转诊"])
    (m,) = find_meetings(doc.blocks, default_year=2019)
    assert m.iso_date == "2019-03-06"


def test_table_header_date_column_is_not_a_meeting():
    doc = make_doc(["带教登记", "日期 | 活动 | 内容", "9月2日 | 查房 | 黄疸"])
    assert find_meetings(doc.blocks) == []


def test_meeting_date_from_the_sentence_that_says_it_was_held():
    doc = make_doc(["医联体工作推进会会议纪要", "2019年3月12日上午，市卫生健康委在三楼会议室召开医联体工作推进会。",
                    "会议要求：各医联体于6月底前完成章程制定。", "市卫生健康委办公室", "2019年3月13日"])
    (m,) = find_meetings(doc.blocks)
    assert m.iso_date == "2019-03-12" and m.date_field.loc.paragraph == 2
    assert [d.value for d in m.decisions] == ["各医联体于6月底前完成章程制定。"]
    assert extract(doc).meta.date == "2019-03-13"      # the 成文日期 of the minutes
