import importlib.util

import pytest

from pipeline.extract import gongwen
from pipeline.extract.document import extract
from pipeline.model import Locator

from .extract_helpers import make_doc

FULL = """\
江北区卫生健康局文件
江北卫发〔2019〕17号　　　　签发人：周明远
江北区卫生健康局
关于印发江北区紧密型医疗集团建设实施方案的通
知
各街道社区卫生服务中心，区属各医疗卫生单位：
为推进分级诊疗，现将《江北区紧密型医疗集团建设实施方案》印发给你们，请认真贯彻执行。
一、工作目标
（一）2019年9月底前组建2个紧密型医疗集团。
1.区人民医院牵头组建东片医疗集团。
（1）成员单位包括6家社区卫生服务中心。
附件：1.江北区紧密型医疗集团建设实施方案
2.医疗集团成员单位名单
江北区卫生健康局
（盖章）
2019年5月20日
（此件主动公开）
— 1 —
抄送：区政府办公室，区医保分局。
江北区卫生健康局办公室　　　　　2019年5月21日印发
"""


def test_all_elements_with_locators():
    doc = make_doc(FULL, "江北卫发17号.docx")
    g = gongwen.parse(doc.blocks)
    assert g.issuer_mark.value == "江北区卫生健康局"
    assert g.issuer_mark.loc == Locator("江北卫发17号.docx", paragraph=1)
    assert g.doc_number.value == "江北卫发〔2019〕17号" and not g.doc_number_loose
    assert g.signer.value == "周明远"
    assert g.title.value == "江北区卫生健康局关于印发江北区紧密型医疗集团建设实施方案的通知"
    assert g.title.blocks == (2, 3, 4)
    assert g.addressee.value == "各街道社区卫生服务中心，区属各医疗卫生单位"
    assert [a.value for a in g.attachments] == ["1.江北区紧密型医疗集团建设实施方案", "医疗集团成员单位名单"]
    assert g.signature.value == "江北区卫生健康局"
    assert g.date.value == "2019-05-20" and g.date.loc == Locator("江北卫发17号.docx", paragraph=16)
    assert [s.value for s in g.seal_remarks] == ["（盖章）"]
    assert g.note.value == "（此件主动公开）"
    assert g.cc.value == "区政府办公室，区医保分局"
    assert g.printed_date.iso() == "2019-05-21"
    assert [(h.level, h.text[:6]) for h in g.headings] == [(1, "一、工作目标"), (2, "（一）201"), (3, "1.区人民医"),
                                                         (4, "（1）成员单")]


def test_issued_document_kind_and_meta():
    ev = extract(make_doc(FULL, "江北卫发17号.docx"))
    m = ev.meta
    assert (m.kind, m.doc_number, m.issuer, m.date, m.draft) == ("方案", "江北卫发〔2019〕17号", "江北区卫生健康局",
                                                              "2019-05-20", False)
    assert ev.kind.carrier == "通知" and ev.kind.carried_title == "江北区紧密型医疗集团建设实施方案"


def test_issued_attachment_becomes_a_part():
    lines = FULL.split("\n")[:17] + ["附件1", "江北区紧密型医疗集团建设实施方案", "一、总体要求",
                                     "以区人民医院为龙头，组建紧密型医疗集团。"]
    ev = extract(make_doc(lines, "a.docx"))
    (part,) = ev.parts
    assert part.meta.kind == "方案" and part.meta.title == "江北区紧密型医疗集团建设实施方案"
    assert part.meta.doc_number == "江北卫发〔2019〕17号" and part.meta.issuer == "江北区卫生健康局"
    assert part.meta.date == "2019-05-20" and part.first_block == 18
    assert ev.meta.date == "2019-05-20"


def test_body_date_is_not_the_date_of_writing():
    doc = make_doc("""\
南溪县人民医院进修人员管理办法
一、本办法自2018年1月1日起施行。
二、进修结束后一周内提交进修小结，2017年12月31日前已派出的人员参照执行。
南溪县人民医院
二〇一七年十二月十五日""")
    g = gongwen.parse(doc.blocks)
    assert g.date.value == "2017-12-15"
    assert extract(doc).meta.date == "2017-12-15"


def test_no_date_line_means_no_date_of_writing():
    doc = make_doc("""\
关于开展家庭医生签约服务的通知
各社区卫生服务中心：
请于2018年3月31日前完成签约服务包的制定工作。""")
    assert gongwen.parse(doc.blocks).date is None
    assert extract(doc).meta.date is None


@pytest.mark.parametrize("line, value, loose", [
    ("临卫发〔2016〕8号", "临卫发〔2016〕8号", False),
    ("临卫发[2016]8号", "临卫发〔2016〕8号", True),
    ("临卫发（2016）8号", "临卫发〔2016〕8号", True),
    ("临卫发【2016】8号", "临卫发〔2016〕8号", True),
    ("临卫发〔2016〕第8号", "临卫发〔2016〕8号", True),
    ("临卫发2016年第8号", "临卫发〔2016〕8号", True),
    ("临卫医政字〔2016〕108 号", "临卫医政字〔2016〕108号", False),
])
def test_doc_number_forms(line, value, loose):
    doc = make_doc(["临川市卫生局文件", line, "关于加强院感管理的通知", "各医疗机构："])
    g = gongwen.parse(doc.blocks)
    assert (g.doc_number.value, g.doc_number_loose) == (value, loose)
    assert extract(doc).meta.doc_number_loose is loose


def test_di_in_doc_number_is_flagged():
    dn = gongwen.parse_doc_number("宁卫办〔2018〕第12号")
    assert dn.loose and dn.raw == "宁卫办〔2018〕第12号" and dn.value == "宁卫办〔2018〕12号"


def test_cited_doc_number_in_body_is_not_the_documents():
    doc = make_doc(["关于做好对口支援工作的通知", "各科室：",
                    "根据省卫计发〔2015〕3号文件精神，现就有关事项通知如下。"])
    assert gongwen.parse(doc.blocks).doc_number is None


def test_title_under_which_the_date_sits():
    doc = make_doc("""\
院长办公会会议纪要
（2016年3月8日）
3月8日上午，院长办公会在行政楼会议室召开。
会议议定：成立医联体工作办公室。""")
    ev = extract(doc)
    assert ev.meta.kind == "会议纪要" and ev.meta.date == "2016-03-08"
    assert ev.gongwen.date.loc == Locator("样例.docx", paragraph=2)


def test_signature_and_date_on_one_line_and_page_numbers_skipped():
    doc = make_doc(["东川区卫生健康局关于2018年医联体建设情况的报告", "区政府：", "今年以来，全区已组建医联体3个。",
                    "东川区卫生健康局　　2018年12月20日", "- 2 -"])
    g = gongwen.parse(doc.blocks)
    assert g.date.value == "2018-12-20" and g.signature.value == "东川区卫生健康局"
    assert extract(doc).meta.issuer == "东川区卫生健康局"


def test_draft_marker_on_its_own_line_joins_the_title():
    doc = make_doc(["城西区医疗卫生服务体系规划（2018—2020年）", "（征求意见稿）", "一、规划背景",
                    "城西区卫生健康局", "2018年4月2日"])
    ev = extract(doc)
    assert ev.meta.title == "城西区医疗卫生服务体系规划（2018—2020年）（征求意见稿）"
    assert ev.meta.draft is True and ev.meta.kind == "规划"
    assert ev.meta.date is None and ev.gongwen.date.value == "2018-04-02"


def test_trial_is_in_force_not_a_draft():
    ev = extract(make_doc(["桃源县医共体绩效考核办法（试行）", "第一条 为规范考核，制定本办法。", "桃源县卫生健康局",
                           "2019年7月1日"]))
    assert ev.meta.draft is False and ev.meta.kind == "办法" and ev.meta.date == "2019-07-01"
    assert ev.in_force_marker == "试行"


def test_draft_word_in_a_body_sentence_is_not_a_draft():
    ev = extract(make_doc(["青石镇卫生院2019年工作总结", "院务会审议通过了《绩效分配方案（草案）》。",
                           "青石镇卫生院", "2019年12月30日"]))
    assert ev.meta.draft is False


@pytest.mark.skipif(importlib.util.find_spec("pipeline.readers.dispatch") is None, reason="readers not present")
def test_real_docx_end_to_end(tmp_path):
    import docx

    from pipeline.readers.dispatch import read_bytes
    d = docx.Document()
    for line in ["海湾市卫生和计划生育委员会文件", "海卫发〔2017〕31号", "关于成立医联体建设工作领导小组的通知",
                 "各县区卫生计生局：", "为加强领导，决定成立医联体建设工作领导小组。下一步将制定考核细则。",
                 "海湾市卫生和计划生育委员会", "2017年3月15日"]:
        d.add_paragraph(line)
    path = tmp_path / "领导小组.docx"
    d.save(path)
    doc = read_bytes(path.read_bytes(), "领导小组.docx")
    ev = extract(doc)
    m = ev.meta
    assert (m.kind, m.doc_number, m.issuer, m.date) == ("通知", "海卫发〔2017〕31号", "海湾市卫生和计划生育委员会",
                                                         "2017-03-15")
    date_block = next(b for b in doc.blocks if b.text == "2017年3月15日")
    assert m.date_loc == date_block.loc
    planned = [c for c in ev.clauses if c.clause.modality == "planned"]
    assert [c.clause.text for c in planned] == ["下一步将制定考核细则"]


def test_date_lines_listed_after_the_signed_date_are_not_the_date_of_writing():
    doc = make_doc(["2019年专家下乡坐诊安排", "一、每周三下乡坐诊。", "平川县人民医院", "2019年1月4日",
                    "附：坐诊日期", "2019年1月9日", "2019年1月16日"])
    assert gongwen.parse(doc.blocks).date.value == "2019-01-04"
