"""Rule 4: provisions inside broader documents. A section of an issued, in-force document of
the unit (三、（三）资源共享 of a 实施方案, 第十二条 of a 办法, 附件2 of a notice) whose heading
names the rule and whose body states it is that 指导意见或制度; the citation names the section;
a section that only leaves the rule to a later document is not."""
import pytest

from pipeline.extract.structure import sections
from pipeline.model import Block, Locator

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, decide, status


def plan(section: str, issuer="北湖市人民政府办公室", title="北湖市紧密型医疗集团建设实施方案") -> str:
    return (f"@mark {issuer}文件\n@docno 北政办发〔2018〕12号\n@title {title}\n各县（区）人民政府，市政府各部门：\n"
            "一、总体要求\n以推进分级诊疗为目标，全面推进医联体建设。\n二、主要任务\n（一）组建医疗集团。"
            "全市组建3个城市医疗集团。\n" + section + "\n三、保障措施\n（一）加强组织领导。\n"
            f"@right {issuer}\n@right 2018年4月2日\n")


SHARING = "（二）资源共享。医疗集团牵头医院设立影像、检验、消毒供应和后勤服务中心，向成员单位统一提供服务；药品耗材统一采购配送。"


def sharing(tmp_path, section=SHARING, units=CITY, **kw):
    return decide(tmp_path, "yilianti", 2018, units, {"方案.pdf": plan(section, **kw)}, "3.4.1")


def test_sections_are_read_as_a_tree():
    lines = ["一、总体要求", "（一）工作目标", "二、主要任务", "（一）组建医疗集团。全市组建3个。", "附件2", "网格化布局规划表"]
    blocks = [Block(t, "paragraph", Locator("x.docx", paragraph=i + 1)) for i, t in enumerate(lines)]
    secs = sections(blocks)
    assert [s.label() for s in secs] == ["一、总体要求", "（一）工作目标", "二、主要任务", "（一）组建医疗集团",
                                         "附件2《网格化布局规划表》"]
    assert secs[3].parent == 2 and secs[1].goal


def test_minimum_a_section_of_an_issued_plan_is_the_guidance(tmp_path):
    f = sharing(tmp_path)
    assert f.status == "met"
    assert "资源共享" in f.reason and any("资源共享" in c.quote for c in f.citations)


@pytest.mark.parametrize("section", [
    "（二）推进资源共享。医共体内设立医学影像中心、医学检验中心和消毒供应中心，实行统一管理、结果互认。",
    "（二）检查检验资源共享。医疗集团内建立区域影像诊断和检验中心，成员单位检查由中心统一出具报告。",
])
def test_invariance_other_places_and_wording(tmp_path, section):
    assert sharing(tmp_path, section, CITY_OTHER, issuer="南岭市人民政府办公室",
                   title="南岭市县域医共体建设实施方案").status == "met"


def test_directional_a_section_that_leaves_the_rule_to_later_is_not_met(tmp_path):
    later = "（二）资源共享。由市卫生健康委牵头，于2018年底前制定医联体资源共享管理办法。"
    assert sharing(tmp_path, later).status != "met"
    task = "（二）探索资源共享。鼓励医疗集团探索建立影像、检验中心。"
    assert sharing(tmp_path, task).status != "met"


def test_an_attachment_of_a_notice_is_a_provision(tmp_path):
    doc = ("@mark 北湖市卫生健康委员会文件\n@docno 北卫发〔2018〕3号\n@title 关于做好2018年医联体建设工作的通知\n"
           "各县（区）卫生健康局：\n请按照附件要求抓好落实。\n@right 北湖市卫生健康委员会\n@right 2018年3月1日\n"
           "@break\n附件2\n北湖市医联体网格化布局规划\n全市划分为东、西、南3个网格，每个网格由1家三级医院牵头组建医疗集团。\n")
    assert decide(tmp_path, "yilianti", 2018, CITY, {"通知.pdf": doc}, "1.2.1").status == "met"


# A document appended inside minutes or a report (附表：2016年度对口支援工作计划) is that
# document, with the carrier's issuer and date; the 附件说明 list of a notice is not
def minutes_with(appended: str, unit="东江市第一人民医院", tail="二、领导小组第一季度例会\n时间：2016年4月8日\n会议听取派驻人员工作汇报。\n"):
    return (f"@title {unit}2016年对口支援会议记录汇编\n一、党政联席会议\n时间：2016年1月19日\n主持：院长王建国\n"
            "议题：专题研究2016年对口支援工作。\n会议决定调整派驻方式。会议审议通过本年度工作计划（见附表）。\n"
            f"{appended}{tail}@right {unit}对口支援办公室\n@right 2016年12月20日\n")


PLAN_TABLE = ("@table\n序号|工作任务|责任部门|完成时限\n1|派驻内科、儿科医师各1名|医务处|全年\n"
              "2|接收进修人员6名|科教处|全年\n@end\n")


def test_minimum_an_appended_plan_is_the_plan(tmp_path):
    doc = minutes_with("附表：2016年度对口支援工作计划\n" + PLAN_TABLE)
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"会议记录.docx": doc}, "1.02") == "met"


def test_directional_without_the_appended_plan_the_plan_is_missing(tmp_path):
    doc = minutes_with("")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"会议记录.docx": doc}, "1.02") != "met"
    # a draft appended is no plan in force
    doc = minutes_with("附表：2016年度对口支援工作计划（讨论稿）\n" + PLAN_TABLE)
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"会议记录.docx": doc}, "1.02") != "met"


def test_invariance_other_labels_and_places(tmp_path):
    doc = minutes_with("附件2：西陵市中心医院2016年对口支援工作计划\n" + PLAN_TABLE, unit="西陵市中心医院", tail="")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"会议记录.docx": doc}, "1.02") == "met"


def test_the_attachment_list_of_a_notice_is_no_document():
    from pipeline.extract.document import extract
    from pipeline.model import Block, Document, Locator
    lines = ["东江市第一人民医院关于印发对口支援工作制度的通知", "各科室：", "现将有关制度印发给你们，请遵照执行。",
             "附件：2016年度对口支援工作计划", "东江市第一人民医院", "2016年3月1日"]
    blocks = [Block(t, "paragraph", Locator("x.docx", paragraph=i + 1)) for i, t in enumerate(lines)]
    ev = extract(Document("x.docx", "docx", blocks))
    assert not any(p.meta.title == "2016年度对口支援工作计划" and p.first_block == 3 for p in ev.parts)


def test_directional_a_drafts_appendix_is_a_draft(tmp_path):
    doc = minutes_with("附表：2016年度对口支援工作计划\n" + PLAN_TABLE).replace(
        "会议记录汇编\n", "会议记录汇编（征求意见稿）\n", 1)
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"会议记录.docx": doc}, "1.02") != "met"


# A collection of rules (规章制度汇编) holds its 制度 as chapters (第十二章 …制度), each with its
# own 一、二、 articles; the table of contents (目录) is neither its title nor its rules
TRAINING = ("一、医院根据学科建设需要，每年制定外出进修培训计划。\n"
            "二、进修人员出发前签订外出进修协议书，明确进修目标、期限和服务期。\n"
            "三、进修期间接受进修单位和本院双重管理，未经批准不得中断进修。\n")
PURCHASE = ("一、医疗设备采购实行年度预算管理。\n二、单价10万元以上的设备须经论证后采购。\n"
            "三、设备到货后由设备科组织验收。\n")


def collection(chapter: str, unit="青石县人民医院", body=TRAINING) -> str:
    return (f"@title {unit}规章制度汇编（人事管理篇）\n2017年版\n目 录\n第一章 岗位设置管理制度\n"
            f"{chapter}\n第十三章 考勤与休假管理制度\n"
            f"{chapter}\n{body}"
            "本汇编自2017年7月1日起执行。\n")


def test_chapters_hold_their_articles():
    lines = ["第十二章 外出进修培训管理制度", "一、每年制定外出进修培训计划。", "二、签订进修协议书。",
             "第十三章 考勤制度", "一、按时考勤。"]
    secs = sections([Block(t, "paragraph", Locator("x.pdf", page=1, line=i)) for i, t in enumerate(lines)])
    assert [s.parent for s in secs] == [None, 0, 0, None, 3]


def test_minimum_a_chapter_of_a_collection_is_the_rule(tmp_path):
    doc = collection("第十二章 外出进修培训管理制度")
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"汇编.pdf": doc}, "1.31") == "met"


def test_invariance_another_chapter_name_and_place(tmp_path):
    doc = collection("第五章 职工外出学习管理办法", unit="白河县人民医院")
    assert status(tmp_path, "duikou", 2017, DUIKOU_OTHER, {"汇编.pdf": doc}, "1.31") == "met"


def test_directional_a_collection_without_that_chapter_is_not_the_rule(tmp_path):
    doc = collection("第十二章 医疗设备采购管理制度", body=PURCHASE)
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"汇编.pdf": doc}, "1.31") != "met"


# A plan's sentence that gives an organ the making of a rule and says no more (市卫生健康委
# 会同市医保局制定远程医疗服务收费标准。) leaves the rule to a later document: it is a task
def pricing_plan(sentence: str, unit="澜沧市卫生健康委员会") -> str:
    return (f"@mark {unit}文件\n@docno 澜卫发〔2018〕12号\n@title 澜沧市医联体建设实施方案\n各县（区）卫生健康局：\n"
            f"三、主要任务\n（四）完善配套政策。\n{sentence}\n@right {unit}\n@right 2018年4月10日\n")


def test_minimum_an_organ_given_the_making_of_a_standard_is_a_task(tmp_path):
    doc = pricing_plan("市卫生健康委会同市医保局制定远程医疗服务收费标准。")
    assert status(tmp_path, "yilianti", 2018, {"行政部门": "澜沧市卫生健康委员会"}, {"方案.docx": doc}, "1.3.4") != "met"


def test_invariance_other_organs_and_documents(tmp_path):
    doc = pricing_plan("县医疗保障局牵头，联合县卫生健康局研究制定远程会诊收费办法。", unit="白水县卫生健康局")
    assert status(tmp_path, "yilianti", 2018, {"行政部门": "白水县卫生健康局"}, {"方案.docx": doc}, "1.3.4") != "met"


def test_directional_the_standard_stated_in_the_section_is_the_rule(tmp_path):
    doc = pricing_plan("远程会诊按每例200元收费，远程影像诊断按每例50元收费，由邀请方医院支付。")
    assert status(tmp_path, "yilianti", 2018, {"行政部门": "澜沧市卫生健康委员会"}, {"方案.docx": doc}, "1.3.4") == "met"


# A notice's 附件说明 names its attachments; an attachment appended after the 署名 (附件2 on its
# own line, its title on the next) is a document of its own, even where the notice's body is
# numbered 一、二、; an attachment only listed is not there
def notice_with_attachment(appended: str, mark="附件2", unit="东江市第一人民医院") -> str:
    return (f"@mark {unit}文件\n@docno 东一医发〔2016〕7号\n@title 关于调整对口支援工作领导小组的通知\n院内各科室：\n"
            "经院务会研究，决定调整领导小组。\n一、领导小组组成\n组长：王志强（院长）\n二、派驻人员管理\n"
            "派驻人员的管理和待遇保障，按附件2执行。\n附件：1.对口支援工作领导小组成员名单\n2.派驻人员管理办法\n"
            f"@right {unit}\n@right 2016年2月25日\n" + (f"@break\n{mark}\n@title {unit}派驻人员管理办法\n{appended}\n" if appended else ""))


def test_minimum_an_appended_attachment_is_a_document_of_its_own(tmp_path):
    doc = notice_with_attachment("第一条 为规范派驻人员管理，制定本办法。\n第六条 派驻期间，派驻人员工资、津贴、奖金及各项福利待遇不变；"
                                 "医院按每人每月800元发放生活补助，往返交通费用据实报销。\n第八条 本办法自印发之日起施行。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.pdf": doc}, "1.12") == "met"


def test_invariance_other_marks_and_an_articles_list(tmp_path):
    doc = notice_with_attachment("一、派驻期间待遇\n派驻人员工资、奖金和福利待遇照发，每人每天发放生活补助50元，交通费按实报销。\n二、施行\n本办法自印发之日起施行。",
                                 mark="附件 2：", unit="西陵市中心医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"通知.docx": doc}, "1.12") == "met"


def test_directional_an_attachment_only_listed_is_not_there(tmp_path):
    doc = notice_with_attachment("")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.pdf": doc}, "1.12") != "met"


# An issued document's own appendix (关于印发…行动计划的通知 → the 行动计划 → 附件2 …工作规范):
# a document of its own, the 行动计划 ending before it
def issued_plan(appendix: str, unit="北湖市卫生健康委员会") -> str:
    return (f"@mark {unit}文件\n@docno 北卫发〔2018〕9号\n@title {unit}关于印发北湖市医联体建设三年行动计划（2018—2020年）的通知\n"
            f"各医疗卫生单位：\n现将《北湖市医联体建设三年行动计划（2018—2020年）》印发给你们，请认真贯彻执行。\n@right {unit}\n"
            "@right 2018年3月20日\n@break\n@title 北湖市医联体建设三年行动计划（2018—2020年）\n一、组建模式\n组建2个城市医疗集团。\n"
            "二、重点行动\n连续服务行动按附件2执行。\n附件：2.北湖市医联体连续性医疗服务工作规范\n"
            + (f"@break\n附件2\n@title 北湖市医联体连续性医疗服务工作规范\n{appendix}\n" if appendix else ""))


RULES = ("第一条 为建立诊疗—康复—长期护理连续服务模式，制定本规范。\n第二条 核心医院对出院后需康复的患者制定康复方案，"
         "经转诊平台转至社区卫生服务中心康复病房。\n第三条 对失能、半失能患者，由家庭医生团队评估后转入护理院提供长期护理。\n")


def test_minimum_an_issued_documents_appendix_is_a_rule(tmp_path):
    assert status(tmp_path, "yilianti", 2018, CITY, {"行动计划.pdf": issued_plan(RULES)}, "2.3.1") == "met"


def test_invariance_an_appendix_in_another_format(tmp_path):
    assert status(tmp_path, "yilianti", 2018, CITY, {"行动计划.docx": issued_plan(RULES)}, "2.3.1") == "met"


def test_directional_without_the_appendix_the_plan_is_no_rule(tmp_path):
    assert status(tmp_path, "yilianti", 2018, CITY, {"行动计划.pdf": issued_plan("")}, "2.3.1") != "met"


def test_invariance_an_appended_plan_numbered_in_the_sequence(tmp_path):
    """三、附：2016年对口支援工作计划（摘要） is the appended plan too; the meeting that studied the
    work is cited by its sentence that says so, not by its date."""
    doc = (f"@title 东江市第一人民医院2016年对口支援专题会议纪要汇编\n一、党政联席会议纪要\n时间：2016年3月8日下午\n"
           "主持：王建国（院长）\n会议专题研究对口支援青石县人民医院工作，分析了派驻人员住宿困难。\n"
           "会议议定：病理科自5月起轮派1名医师常驻受援医院。\n二、领导小组会议\n时间：2016年7月19日\n"
           "会议通报上半年派驻人员工作情况。\n三、附：2016年对口支援工作计划（摘要）\n"
           "2016年，我院向青石县人民医院派驻医师不少于12人次，接收进修人员不少于6人。\n"
           "@right 东江市第一人民医院对口支援办公室\n@right 2016年12月20日\n")
    f = decide(tmp_path, "duikou", 2016, DUIKOU, {"纪要汇编.docx": doc}, "1.02")
    assert f.status == "met"
    assert not any(c.quote.startswith("2016年3月8日") for c in f.citations)


def test_an_attachment_mark_and_its_title_on_one_line():
    """附件2　某规范 (a space, no colon) starts the appendix; in 附件 2018年…计划 the year is no number;
    the issued document's own 附件说明 (附件：1．名单（略） 2．…) is none of its appendices."""
    from pipeline.extract.document import extract
    from pipeline.model import Block, Document, Locator
    lines = ["北湖市卫生健康委员会文件", "北卫发〔2018〕9号", "北湖市卫生健康委员会关于印发北湖市医联体试点实施方案的通知",
             "各医疗卫生单位：", "现将《北湖市医联体试点实施方案》印发给你们。", "北湖市卫生健康委员会", "2018年3月20日",
             "北湖市医联体试点实施方案", "一、工作目标", "组建医联体。", "附件：1．北湖市医联体成员单位名单（略）",
             "2．北湖市医联体双向转诊管理规范", "附件2　北湖市医联体双向转诊管理规范", "一、上转标准。疑难病例上转牵头医院。",
             "二、转诊程序。成员单位填写转诊单。"]
    blocks = tuple(Block(t, "paragraph", Locator("x.docx", paragraph=i + 1)) for i, t in enumerate(lines))
    parts = extract(Document("x.docx", "0", "docx", blocks)).parts
    assert [(p.meta.kind, p.meta.title, p.first_block) for p in parts] == [
        ("方案", "北湖市医联体试点实施方案", 7), ("制度", "北湖市医联体双向转诊管理规范", 12)]
    lines = ["关于明确进修人员培训管理职责的通知", "各科室：", "一、科教部负责进修人员管理。", "附件：2018年进修人员培养计划",
             "北湖市人民医院科教部", "2018年3月2日", "附件 2018年进修人员培养计划", "姓名 科室 进修专业 培养目标",
             "李明 内科 心血管 独立完成冠脉造影"]
    blocks = tuple(Block(t, "paragraph", Locator("x.pdf", page=1, line=i + 1)) for i, t in enumerate(lines))
    parts = extract(Document("x.pdf", "0", "pdf-text", blocks)).parts
    assert [(p.meta.title, p.first_block) for p in parts] == [("2018年进修人员培养计划", 6)]


# Minutes that adopt a document (审议通过《X》) and then carry X under its own title hold X itself,
# a document of its own whose 一、二、 are its own.
def adopted(tmp_path, verb="审议通过", units=DUIKOU, carried=True):
    hosp, helped = units["支援医院"], units["受援医院"]
    plan = f"{hosp}2018年对口支援{helped}工作计划"
    doc = (f"@title {hosp}党委会会议纪要\n@left 时间：2018年1月24日\n@left 主持：李强（党委书记）\n"
           f"@left 出席：王明（院长）、张华（副院长）\n@h1 议题：对口支援工作专题研究\n"
           f"会议分析了派驻专家住宿困难，议定：\n一、由后勤保障部协调解决专家公寓；\n"
           f"二、{verb}《{plan}》，由医务部组织实施。\n")
    if carried:
        doc += (f"@break\n@title {plan}\n一、全年派驻医师12名，每批6个月。\n二、接收进修人员6名。\n"
                f"三、医务部按季度检查计划完成情况。\n")
    doc += f"@right {hosp}\n@right 2018年1月24日\n"
    return status(tmp_path, "duikou", 2018, units, {"会议纪要.docx": doc}, "1.02")


def test_minimum_minutes_carrying_the_plan_they_adopt_hold_the_plan(tmp_path):
    assert adopted(tmp_path) == "met"


def test_invariance_other_hospitals_and_verb(tmp_path):
    assert adopted(tmp_path, "原则通过", DUIKOU_OTHER) == "met"


def test_directional_a_plan_only_named_is_not_held(tmp_path):
    assert adopted(tmp_path, carried=False) != "met"


# A numbered provision of an issued plan (年度工作要点 四、（二）外派进修待遇) whose heading names its
# matter is a rule in force: the plan's kind does not hide it from a check that asks for a 制度.
def key_points(tmp_path, units=DUIKOU, docno="青医发〔2020〕3号", heading="外派进修待遇"):
    helped = units["受援医院"]
    mark = f"@mark {helped}文件\n@docno {docno}\n" if docno else ""
    doc = (f"{mark}@title {helped}关于印发2020年工作要点的通知\n@to 各科室：\n现将《{helped}2020年工作要点》印发给你们，"
           f"请认真贯彻落实。\n@right {helped}\n@right 2020年1月16日\n@break\n@title {helped}2020年工作要点\n"
           f"@h1 一、加强党的建设\n落实党委领导下的院长负责制。\n@h1 二、加强人才培养\n（一）全年选派骨干医护人员12名到上级医院进修学习。\n"
           f"（二）{heading}。外派进修人员进修期间，基本工资、绩效工资照常发放，医院按每人每月800元标准发放生活补助，"
           f"往返交通费凭票据按规定报销。\n")
    return status(tmp_path, "duikou", 2020, units, {"工作要点.docx": doc}, "1.32")


def test_minimum_an_issued_plans_named_provision_is_the_rule(tmp_path):
    assert key_points(tmp_path) == "met"


def test_invariance_other_hospitals_and_heading(tmp_path):
    assert key_points(tmp_path, DUIKOU_OTHER, "白医发〔2020〕7号", "进修人员待遇") == "met"


def test_directional_an_unissued_plan_is_no_rule(tmp_path):
    assert key_points(tmp_path, docno=None) != "met"


# A notice that says 现将《X》印发给你们 and then carries X issues X, whatever the notice's own title.
def issuing(tmp_path, plan="医疗联合体试点工作方案", verb="印发", units=CITY):
    organ = units["行政部门"]
    city = organ[:3]
    doc = (f"@mark {organ}文件\n@docno 某卫发〔2017〕27号\n@title {organ}关于开展医疗联合体试点工作的通知\n"
           f"@to 各县（区）卫生健康局：\n为推进分级诊疗制度建设，决定在全市开展医疗联合体试点。现将《{city}{plan}》{verb}给你们，"
           f"请认真组织实施。\n@right {organ}\n@right 2017年4月12日\n@break\n@title {city}{plan}\n@h1 一、试点范围\n"
           f"以市第一人民医院为牵头医院，组建2个医联体。\n@h1 二、主要任务\n建立分工协作机制，牵头医院负责技术指导。\n")
    return status(tmp_path, "yilianti", 2017, units, {"试点通知.docx": doc}, "1.1.1")


def test_minimum_a_notice_issuing_the_plan_in_its_body(tmp_path):
    assert issuing(tmp_path) == "met"


def test_invariance_other_city_and_verb(tmp_path):
    assert issuing(tmp_path, verb="下发", units=CITY_OTHER) == "met"


def test_directional_the_issued_text_is_a_draft(tmp_path):
    assert issuing(tmp_path, plan="医疗联合体试点工作方案（征求意见稿）") != "met"


# A meeting's decision that sets up the group (纪要 一、成立…工作领导小组。组长由院长…) is the
# document that establishes it; a decision only to study it is not.
def minutes_group(tmp_path, first, units=DUIKOU):
    helped = units["受援医院"]
    doc = (f"@title {helped}院长办公会议纪要\n2017年2月27日，院长黄志鹏主持召开院长办公会议，研究对口支援有关事项，纪要如下：\n"
           f"{first}\n二、领导小组办公室设在医务科，由医务科副科长蒙丽萍专职负责对接联络等具体工作。\n"
           f"@right {helped}办公室\n@right 2017年2月28日\n")
    return status(tmp_path, "duikou", 2017, units, {"院长办公会纪要.pdf": {"format": "pdf", "text": doc}}, "1.22")


SETS_UP = "一、成立{h}对口支援工作领导小组。组长由院长黄志鹏担任，对对口支援工作负总责；成员为医务科、护理部负责人。"


def test_minimum_a_decision_that_sets_up_the_group(tmp_path):
    assert minutes_group(tmp_path, SETS_UP.format(h=DUIKOU["受援医院"])) == "met"


def test_invariance_other_hospitals(tmp_path):
    assert minutes_group(tmp_path, SETS_UP.format(h=DUIKOU_OTHER["受援医院"]), DUIKOU_OTHER) == "met"


def test_directional_a_decision_only_to_study_it_falls(tmp_path):
    assert minutes_group(tmp_path, "一、研究了成立对口支援工作领导小组的问题，待下次会议再行决定。") != "met"


# A workbook's sheets that carry titles of their own are documents of their own: a sheet titled
# 考核办法（征求意见稿） is a draft, whatever the workbook's file name says, and the other
# sheets are not named by the file's name.
def workbook(tmp_path, second_title: str | None, second_name: str, units=CITY) -> str:
    register = [["协作内容", "城区医共体", "完成时间"], ["统一用药目录", "已完成", "2019.05"]]
    rules = ([[second_title]] if second_title else []) + [
        ["考核指标", "分值", "考核方式"], ["资源下沉人次", "15", "查阅派驻记录"],
        ["考核结果与医保基金结余留用和绩效工资挂钩", "10", "年度考核"]]
    files = {"医共体药学协作及考核激励办法.xlsx": {"format": "xlsx", "sheets": {"药学协作": register, second_name: rules}}}
    return status(tmp_path, "yilianti", 2019, units, files, "1.5.1")


def test_minimum_a_draft_sheet_is_a_draft(tmp_path):
    assert workbook(tmp_path, "医共体考核激励办法（征求意见稿）", "考核办法") == "not_met"


def test_invariance_the_sheets_name_says_draft(tmp_path):
    assert workbook(tmp_path, None, "考核激励办法征求意见稿", CITY_OTHER) == "not_met"


def test_directional_the_same_sheet_issued_is_met(tmp_path):
    assert workbook(tmp_path, "医共体考核激励办法", "考核办法") == "met"


# A part of an issued notice marked 草案/征求意见稿 is a draft, whatever the notice issues with it;
# and a document whose section on the matter leaves it to later (管理办法由医务部另行制定) holds
# the rule nowhere else, even where another heading shares its words (派驻管理团队).
def issued_with_a_draft(tmp_path, marker: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 北卫发〔2021〕9号\n@title 关于印发医联体专科联盟建设管理办法等文件的通知\n"
           "各医联体牵头医院：\n现将有关文件印发给你们，请遵照执行。\n"
           f"附件：1.医联体专科联盟建设管理办法\n2.医联体资源共享中心管理办法{marker}\n@right {organ}\n@right 2021年3月1日\n"
           "@break\n附件2\n医联体资源共享中心管理办法" + marker + "\n"
           "第一条　医联体内建立影像、检验、消毒供应资源共享中心，向成员单位开放。\n"
           "第二条　共享中心由牵头医院负责运行，检查检验结果在医联体内互认。\n")
    return status(tmp_path, "yilianti", 2021, units, {"通知.pdf": doc}, "3.4.1")


def test_minimum_an_issued_attachment_is_the_rule(tmp_path):
    assert issued_with_a_draft(tmp_path, "") == "met"


def test_directional_an_attachment_marked_draft_is_not(tmp_path):
    assert issued_with_a_draft(tmp_path, "（草案）") != "met"


def test_invariance_other_draft_markers_and_city(tmp_path):
    assert issued_with_a_draft(tmp_path, "（征求意见稿）", CITY_OTHER) != "met"


def mandate(tmp_path, section: str, units=DUIKOU) -> str:
    a, b = units["支援医院"], units["受援医院"]
    doc = (f"@mark {a}文件\n@docno 院发〔2019〕12号\n@title {a}关于全面托管{b}的实施方案\n"
           "@h1 一、组织保障\n（一）成立托管工作领导小组。组长由院长担任，负责托管工作的决策部署。\n"
           "（二）派驻管理团队。选派执行院长1名、业务副院长1名，派驻期限不少于1年。\n"
           f"@h1 二、派驻人员管理\n{section}\n@right {a}\n@right 2019年1月21日\n")
    return status(tmp_path, "duikou", 2019, units, {"实施方案.doc": doc}, "1.09")


def test_minimum_a_section_that_sets_the_rule(tmp_path):
    assert mandate(tmp_path, "派驻人员实行双重管理，须遵守受援医院规章制度，离岗须经两院批准，期满由医务部考核。") == "met"


def test_directional_a_section_that_leaves_the_rule_to_later(tmp_path):
    assert mandate(tmp_path, "派驻人员管理办法由医务部另行制定。") != "met"


def test_invariance_other_deferral_and_places(tmp_path):
    assert mandate(tmp_path, "派驻人员的具体管理规定另行印发。", DUIKOU_OTHER) != "met"


# A document is on record when the unit's own paper says it issued it with its 文号
# (形成《2019年上半年对口支援工作意见》（某办〔2019〕5号）), and a paper is the document it says
# it is (通报: 现就上半年情况提出工作意见如下). Named without a 文号, a plan to issue it, another
# year's number, or a paper that says nothing of what it is, shows nothing.
def year_report(sentence, units=DUIKOU, year=2019):
    hosp, county = units["支援医院"], units["受援医院"]
    return (f"@title {hosp}{year}年对口支援{county}工作总结\n一、督导情况\n"
            f"{year}年4月11日，院长赴{county}调研督导派驻工作。{sentence}\n二、派驻情况\n全年派驻医师8名。\n"
            f"@right {hosp}\n@right {year}年12月28日\n")


def test_issued_documents_are_read_with_their_numbers():
    from pipeline.extract.gongwen import designation, issued_with_number
    (t, no, y, *_), = issued_with_number("7月，形成《2019年上半年对口支援工作意见》（齐一院对口办〔2019〕5号）。")
    assert t == "2019年上半年对口支援工作意见" and y == 2019 and no.endswith("5号")
    assert not issued_with_number("7月，形成《2019年上半年对口支援工作意见》。")
    assert not issued_with_number("根据《关于印发方案的通知》（省卫发〔2019〕5号）")
    assert designation("现就上半年情况提出工作意见：一、…") and not designation("现将有关事项通知如下：")


def test_minimum_a_half_year_opinion_on_record_with_its_number(tmp_path):
    doc = year_report("7月，对口支援办公室形成《2019年上半年对口支援工作意见》（东一院对口办〔2019〕5号）。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"总结.docx": doc}, "1.04") == "met"


def test_invariance_a_notice_that_says_it_is_the_opinion(tmp_path):
    hosp, county = DUIKOU_OTHER["支援医院"], DUIKOU_OTHER["受援医院"]
    notice = (f"@title 关于院领导赴{county}督导情况的通报\n2019年6月21日，副院长、医务处处长赴{county}调研督导对口支援工作。"
              "现就上半年情况提出工作意见：一、派驻人员要严格遵守考勤；二、下半年重点推进联合查房。\n"
              f"@right {hosp}\n")
    files = {"督导通报.jpg": {"format": "scan-jpg", "text": notice},
             "总结.docx": year_report("全年派驻医师8名。", DUIKOU_OTHER)}
    assert status(tmp_path, "duikou", 2019, DUIKOU_OTHER, files, "1.04") == "met"


def test_directional_no_number_a_plan_or_another_year(tmp_path):
    for sentence in ("7月，对口支援办公室形成了上半年对口支援工作意见。",
                     "下半年拟印发《2019年上半年对口支援工作意见》（东一院对口办〔2019〕5号）。",
                     "7月，对口支援办公室形成《2018年上半年对口支援工作意见》（东一院对口办〔2018〕5号）。"):
        doc = year_report(sentence)
        assert status(tmp_path, "duikou", 2019, DUIKOU, {"总结.docx": doc}, "1.04") != "met", sentence


# An article that gives someone the duty for the thing (第二条 牵头医院负责医联体发展规划、人员调配)
# names a duty, not the plan or the rule: a 章程's article is no 建设规划; a section that sets it is.
def charter(article: str, units=CITY) -> str:
    organ = units["行政部门"]
    return (f"@mark {organ}文件\n@docno 北卫医发〔2018〕12号\n@title {organ}关于印发医联体章程的通知\n"
            f"为规范医联体内部治理，我委制定了《{organ[:3]}市医联体章程》，现印发给你们，请遵照执行。\n"
            f"@left 附件：{organ[:3]}市医联体章程\n@right {organ}\n@right 2018年3月1日\n@break\n@left 附件\n"
            f"@title {organ[:3]}市医联体章程\n@h1 第一章 总则\n第一条 医联体由牵头医院和成员单位组成。\n"
            f"@h1 第二章 牵头医院的职责\n{article}\n第三条 牵头医院对成员单位的医疗安全承担管理责任。\n")


def planning(tmp_path, article, units=CITY):
    return status(tmp_path, "yilianti", 2018, units, {"章程.pdf": charter(article, units)}, "1.2.1")


@pytest.mark.parametrize("article", [
    "第二条 牵头医院负责医联体发展规划、人员调配、医疗质量管理和运营管理。",
    "第二条 理事会承担医联体建设规划、重大事项决策等职责。",
])
def test_directional_a_duty_for_the_plan_is_no_plan(tmp_path, article):
    assert planning(tmp_path, article) != "met"


def test_invariance_another_city_duty(tmp_path):
    assert planning(tmp_path, "第二条 医联体管理委员会牵头负责医联体网格化布局规划的编制和调整。", CITY_OTHER) != "met"


@pytest.mark.parametrize("heading, duty", [
    ("牵头医院负责医联体发展规划、人员调配、医疗质量管理和运营管理", True),
    ("理事会承担医联体建设规划、重大事项决策等职责", True),
    ("医联体网格化布局规划", False),                          # the heading names the plan itself
    ("全市医联体按网格化布局规划组建4个医疗集团", False),
])
def test_a_heading_that_gives_a_duty_for_the_plan(heading, duty):
    from pipeline.evaluate.checks import _duty_for
    assert _duty_for(heading, ["规划", "布局"]) is duty


# A chapter that sets the rule (第三章 派驻人员管理) stands although another article leaves a detail
# to others (往返交通费用的报销，由各科室自行确定); only leaving the rule itself to a later document
# (派驻人员管理细则由医务部另行制定) takes it away.
def measures_with(article: str, unit="东江市第一人民医院") -> str:
    return (f"@mark {unit}文件\n@docno 东一院发〔2016〕27号\n@title {unit}对口支援工作管理办法\n"
            "@h1 第一章　总　则\n第一条　为规范我院对口支援工作，制定本办法。\n"
            "@h1 第二章　派驻人员管理\n第二条　派驻人员应具有主治医师以上职称，能够连续在受援医院工作6个月以上。\n"
            "第三条　派驻人员实行双重管理，日常考勤由受援医院负责，每月报医务部。\n"
            "第四条　派驻人员请假须经受援医院同意并报医务部审批，不得擅自离岗。\n"
            f"@h1 第三章　待　遇\n第五条　派驻人员派驻期间工资、津贴、奖金等福利待遇不变。\n{article}\n"
            f"@h1 第四章　附　则\n第七条　本办法自2016年1月1日起施行。\n@right {unit}\n@right 2015年12月18日\n")


def test_minimum_a_chapter_with_a_detail_left_to_departments_is_the_rule(tmp_path):
    doc = measures_with("第六条　派驻人员往返交通费用的报销，由各科室自行确定。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"办法.docx": doc}, "1.09") == "met"


def test_directional_the_rule_itself_left_to_later_is_not_the_rule(tmp_path):
    doc = measures_with("第六条　派驻人员管理细则由医务部另行制定。").replace(
        "第二条　派驻人员应具有主治医师以上职称，能够连续在受援医院工作6个月以上。\n", "")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"办法.docx": doc}, "1.09") != "met"


def test_invariance_another_detail_and_hospital(tmp_path):
    doc = measures_with("第六条　鼓励各科室对派驻人员给予适当补助，标准由科室自定。", unit="西陵市中心医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"办法.docx": doc}, "1.09") == "met"


# 网格化布局 is the layout of 网格: a section of an issued 方案 that divides the area into 网格, one
# alliance each, is the layout 1.2.1 asks for; one that leaves the division to later is not.
def layout(tmp_path, section, units=CITY):
    city = units["行政部门"][:2]
    doc = plan(section, issuer=f"{city}市人民政府办公室", title=f"{city}市紧密型医疗集团建设实施方案")
    return status(tmp_path, "yilianti", 2018, units, {"方案.pdf": doc}, "1.2.1")


def test_minimum_a_section_dividing_the_area_into_grids_is_the_layout(tmp_path):
    s = ("（二）科学划分网格。按照地理位置、服务人口和医疗资源分布，将市辖区划分为4个网格，每个网格组建1个紧密型城市医疗集团，"
         "网格内社区卫生服务中心全部纳入。")
    assert layout(tmp_path, s) == "met"


def test_invariance_other_city_and_words(tmp_path):
    s = "（二）合理划分服务网格。全市按区域划分为3个服务网格，每个网格由1家三级医院牵头组建医疗集团，覆盖网格内全部基层医疗机构。"
    assert layout(tmp_path, s, CITY_OTHER) == "met"


def test_directional_the_division_left_to_later_is_no_layout(tmp_path):
    s = "（二）科学划分网格。网格划分方案由市卫生健康委另行研究制定。"
    assert layout(tmp_path, s) != "met"


# A 汇编 collects rules under unnumbered titles (外出进修学习管理制度, then （2015年3月印发）, then
# 第一条…): each is a part of its own, like an attachment; what its articles forbid (进修期间不安排
# 进修人员回院值班) is its content, not the rule denied.
def compiled(rule_title: str, unit="青石县人民医院", articles=None) -> str:
    articles = articles or ("第一条 为规范外出进修学习，制定本制度。\n第二条 外出进修人员由科室推荐，医务科审核，院长办公会审批。\n"
                            "第三条 进修期间原则上不安排进修人员回院值班；未经批准不得擅自离开进修单位。\n第四条 本制度自印发之日起施行。\n")
    return (f"@title {unit}规章制度汇编\n@sub （2017年版）　节选\n@left 说明：本汇编收录截至2017年3月仍然有效的医院规章制度。\n"
            f"@h1 第三篇　人事管理制度\n@h2 {rule_title}\n@left （2015年3月印发）\n{articles}"
            f"@h2 新技术新项目准入管理制度\n@left （2016年6月印发）\n第一条 开展新技术须经医疗技术临床应用管理委员会审批。\n"
            f"@right {unit}\n@right 2017年3月\n")


def test_unnumbered_rule_titles_of_a_collection_are_parts():
    lines = ["某医院规章制度汇编", "第三篇 人事管理制度", "外出进修学习管理制度", "（2015年3月印发）", "第一条 为规范…制定本制度。",
             "第二条 进修人员由科室推荐。", "新技术准入管理制度", "第一条 开展新技术须经审批。"]
    secs = sections([Block(t, "paragraph", Locator("x.pdf", page=1, line=i)) for i, t in enumerate(lines)])
    parts = [s.heading for s in secs if s.level == 0]
    assert parts == ["外出进修学习管理制度", "新技术准入管理制度"]


def test_minimum_a_collected_rule_is_the_rule(tmp_path):
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"汇编.pdf": compiled("外出进修学习管理制度")}, "1.31") == "met"


def test_invariance_another_title_and_hospital(tmp_path):
    doc = compiled("职工外出培训管理办法", unit="白河县人民医院")
    assert status(tmp_path, "duikou", 2017, DUIKOU_OTHER, {"汇编.pdf": doc}, "1.31") == "met"


def test_directional_a_collection_without_the_rule_is_not_it(tmp_path):
    doc = compiled("医疗设备采购管理制度", articles="第一条 医疗设备采购实行年度预算管理。\n第二条 单价10万元以上的设备须经论证。\n")
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"汇编.pdf": doc}, "1.31") != "met"


# A section printed as omitted (二、推进资源共享（略）) is left out of this copy: it states nothing.
def arrangement(tmp_path, last: str, unit="北湖市卫生健康委员会", units=CITY):
    doc = (f"@title {unit[:3]}2018年医联体建设重点工作安排\n一、完善协作机制\n（一）双向转诊\n"
           "医联体牵头医院设立转诊服务中心，统一办理上下转诊。\n" + last + f"\n{unit}办公室 2018年3月\n")
    return status(tmp_path, "yilianti", 2018, units, {"工作安排.docx": doc}, "3.4.1")


def test_minimum_a_stated_last_section_is_the_provision(tmp_path):
    assert arrangement(tmp_path, "二、推进资源共享\n医联体牵头医院设立影像、检验和消毒供应中心，向成员单位统一提供服务。") == "met"


def test_invariance_an_omitted_section_in_other_words(tmp_path):
    assert arrangement(tmp_path, "二、资源共享（此处略）", "南岭市卫生健康委员会", CITY_OTHER) != "met"


def test_directional_an_omitted_section_is_no_provision(tmp_path):
    assert arrangement(tmp_path, "二、推进资源共享（略）") != "met"


# Leaving the work to each unit on its own (具体工作由各科室根据实际自行落实) charges nobody with it.
def group_with(tmp_path, line, units=DUIKOU):
    helped, helper = units["受援医院"], units["支援医院"]
    doc = (f"@title {helped}关于成立对口支援工作领导小组的通知\n@to 各科室：\n为做好{helper}对口支援工作，"
           f"经研究，成立领导小组如下：\n组长：张明（院长）\n成员：各副院长\n{line}\n@right {helped}\n@right 2017年1月9日\n")
    return status(tmp_path, "duikou", 2017, units, {"领导小组.docx": doc}, "1.22")


def test_minimum_an_office_charged_with_the_work_is_met(tmp_path):
    assert group_with(tmp_path, "领导小组下设办公室，设在医务部，负责对口支援日常工作。") == "met"


def test_invariance_a_named_person_charged_with_the_work(tmp_path):
    assert group_with(tmp_path, "领导小组下设办公室，由医务部主任王芳负责具体工作。", DUIKOU_OTHER) == "met"


def test_directional_work_left_to_each_department_on_its_own_falls(tmp_path):
    assert group_with(tmp_path, "对口支援具体工作由各科室根据实际自行落实。") != "met"


# A part of a broad rule whose heading names the topic (第三部分 外出进修) is that rule where the
# title names the kind (…若干措施): the kind need not be repeated in the heading.
def measures(tmp_path, part, units=DUIKOU):
    helped = units["受援医院"]
    doc = (f"@mark {helped}文件\n@docno 青医发〔2022〕4号\n@title {helped}关于加强人才培养的若干措施\n"
           "第一部分 人才引进（略）\n" + part + "\n（一）外出进修须列入年度外派计划，由科教科统一安排。\n"
           "（二）进修人员每月向科教科提交学习小结，进修结束提交进修总结并在科内汇报。\n"
           f"第四部分 附则：本措施自印发之日起施行。\n@right {helped}\n@right 2022年3月1日\n")
    return status(tmp_path, "duikou", 2023, units, {"若干措施.pdf": doc}, "1.31")


def test_minimum_a_part_of_measures_on_the_topic_is_the_rule(tmp_path):
    assert measures(tmp_path, "第三部分 外出进修") == "met"


def test_invariance_other_hospitals_and_part_heading(tmp_path):
    assert measures(tmp_path, "第三部分 进修培训", DUIKOU_OTHER) == "met"


def test_directional_a_part_on_another_topic_is_not_the_rule(tmp_path):
    assert measures(tmp_path, "第三部分 绩效分配") != "met"


# A 考核 scheme is the incentive mechanism only where it says what its results bring (与绩效工资挂钩,
# 奖惩); one that leaves the use of its results to later (考核结果的运用另行研究) sets no incentive.
def assessment_scheme(tmp_path, last, units=CITY):
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@title {organ}关于印发医联体绩效考核方案的通知\n"
           "一、考核对象：全市各医联体牵头医院及成员单位。\n二、考核内容：下沉专家人次、下沉专家门诊量、基层首诊率。\n"
           f"三、{last}\n@right {organ}\n@right 2019年3月1日\n")
    return status(tmp_path, "yilianti", 2019, units, {"考核方案.docx": doc}, "1.5.1")


def test_minimum_results_tied_to_pay_are_an_incentive(tmp_path):
    assert assessment_scheme(tmp_path, "考核结果与医联体牵头医院绩效工资总量挂钩。") == "met"


def test_invariance_rewards_and_penalties_in_other_words(tmp_path):
    assert assessment_scheme(tmp_path, "考核结果作为奖惩依据，对排名前两位的医联体予以奖励。", CITY_OTHER) == "met"


def test_directional_the_use_of_results_left_to_later_falls(tmp_path):
    assert assessment_scheme(tmp_path, "考核结果的运用另行研究。") != "met"


# Benefit shared among an alliance's members is not the staff's pay: a 绩效工资 policy whose
# article 内部分配 tilts pay to the front line sets no 利益共享 mechanism (1.3.3)
def benefit_rule(title: str, article: str) -> str:
    return (f"@title 北湖市卫生健康委员会关于{title}\n@sub 北卫发〔2017〕33号\n为调动医联体内医务人员积极性，制定如下措施。\n"
            f"第一条 适用范围。本措施适用于全市医联体的核心医院和成员单位。\n第二条 {article}\n"
            "第三条 本措施自2017年8月1日起施行。\n@right 北湖市卫生健康委员会\n@right 2017年7月20日\n")


def test_minimum_a_benefit_sharing_rule_of_the_members(tmp_path):
    doc = benefit_rule("医联体内部收益分配的指导意见", "收益分配。医联体内各成员单位按分工和贡献分享医保结余和医疗收入增量。")
    assert status(tmp_path, "yilianti", 2017, CITY, {"意见.docx": doc}, "1.3.3") == "met"


def test_invariance_benefit_sharing_named_otherwise(tmp_path):
    doc = benefit_rule("医疗集团利益共享机制的实施办法", "利益共享。集团成员单位按约定比例分成医保打包结余。")
    assert status(tmp_path, "yilianti", 2017, CITY, {"意见.docx": doc}, "1.3.3") == "met"


def test_directional_the_staffs_pay_distribution_is_not_benefit_sharing(tmp_path):
    doc = benefit_rule("完善医联体绩效工资政策的若干措施", "内部分配。绩效工资分配向临床一线、关键岗位和下沉人员倾斜。")
    assert status(tmp_path, "yilianti", 2017, CITY, {"意见.docx": doc}, "1.3.3") != "met"


# A meeting whose only word on the topic is a directive for later (会议要求…尽快研究对口支援工作安排，
# 下次会议再议) did not study it: the meeting is no record of the topic
def one_meeting(section: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}党政联席会议纪要\n时间：2016年1月22日\n主持：院长王建国\n出席：党委书记、院长、副院长\n"
            f"{section}\n@right {unit}办公室\n@right 2016年1月23日\n")


def one_meeting_status(tmp_path, section, units=DUIKOU):
    plan = ("@title {0}2016年对口支援工作计划\n一、全年派驻医师6名。\n@right {0}\n@right 2016年1月25日\n"
            .format(units["支援医院"]))
    return status(tmp_path, "duikou", 2016, units, {"纪要.docx": one_meeting(section, units["支援医院"]),
                                                     "计划.docx": plan}, "1.02")


def test_minimum_a_meeting_that_studied_the_topic(tmp_path):
    assert one_meeting_status(tmp_path, "议题：专题研究对口支援青石县人民医院工作。\n会议决定增派儿科医师。") == "met"


def test_invariance_a_meeting_that_studied_it_other_hospitals(tmp_path):
    assert one_meeting_status(tmp_path, "议题：专题研究对口支援白河县人民医院工作。", DUIKOU_OTHER) == "met"


def test_directional_a_directive_for_later_is_no_study(tmp_path):
    assert one_meeting_status(tmp_path, "会议要求医务部尽快研究对口支援工作安排，下次会议再议。") != "met"
