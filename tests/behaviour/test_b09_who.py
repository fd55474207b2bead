"""Rule 9: who and where. A national law, a national or provincial document, another city's
document, or an agreement with a different county hospital is not the assessed unit's
evidence, even when it restates the requirement; a local document that cites a provincial
one is still local. Encouragement and permission (鼓励、可以、支持) are not the practice."""
import pytest

from pipeline.evaluate.units import is_foreign, parties, roles_from_issuer, units_of

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, status


def test_whose_document_it_is():
    city = units_of(CITY)
    assert is_foreign("国务院办公厅", city) and is_foreign("河北省卫生健康委员会", city)
    assert is_foreign("南岭市卫生健康委员会", city)
    assert not is_foreign("北湖市卫生和计划生育委员会", city)           # one organ across its renaming
    assert roles_from_issuer("北湖市卫计委", city) == {"行政部门"}
    hospitals = units_of(DUIKOU)
    assert roles_from_issuer("青石县医院", hospitals) == {"受援医院"}
    assert roles_from_issuer("东江市卫生健康委员会", hospitals) == set()     # the city's commission is not the hospital
    assert is_foreign("白水县人民医院", hospitals)                           # another county hospital
    assert parties(["甲方：东江市第一人民医院", "乙方（受援方）：青石县人民医院"]) == ["东江市第一人民医院", "青石县人民医院"]


def fees(issuer: str, body: str = "") -> str:
    return (f"@mark {issuer}文件\n@title {issuer}关于规范远程医疗服务收费标准的通知\n{body}"
            "远程会诊收费标准为每例次200元，由邀请方医疗机构收取。\n"
            f"@right {issuer}\n@right 2017年6月1日\n")


def fee_status(tmp_path, doc, units=CITY):
    return status(tmp_path, "yilianti", 2017, units, {"收费.pdf": doc}, "1.3.4")


def test_minimum_the_units_own_document(tmp_path):
    assert fee_status(tmp_path, fees("北湖市卫生健康委员会")) == "met"


def test_a_provincial_or_another_citys_document_is_not_the_units(tmp_path):
    assert fee_status(tmp_path, fees("河北省卫生健康委员会")) == "no_evidence"
    assert fee_status(tmp_path, fees("南岭市卫生健康委员会")) == "no_evidence"


def test_invariance_a_local_document_citing_a_provincial_one_is_local(tmp_path):
    doc = fees("南岭市卫生健康委员会", "根据《河北省卫生健康委员会关于远程医疗服务价格管理的通知》精神，结合我市实际，")
    assert fee_status(tmp_path, doc, CITY_OTHER) == "met"


def agreement(second_party: str) -> str:
    return ("@title 城乡医院对口支援协议书\n甲方：东江市第一人民医院\n乙方：" + second_party + "\n"
            "一、甲方普外科、儿科分别与乙方对应科室结对，实行科室对科室帮扶。\n"
            "二、乙方进修人员须经甲方理论和操作考核，合格标准为理论成绩80分以上。\n"
            "@right 甲方：东江市第一人民医院    乙方：" + second_party + "\n@right 2016年1月10日\n")


def test_directional_an_agreement_with_another_county_hospital_is_not_the_cases(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"协议.pdf": agreement("青石县人民医院")}, "2.02") == "met"
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"协议.pdf": agreement("白水县人民医院")}, "2.02") != "met"


def continuity(sentence: str) -> str:
    return ("@mark 北湖市卫生健康委员会文件\n@title 北湖市医联体连续性医疗服务管理办法\n"
            f"第一条 {sentence}\n@right 北湖市卫生健康委员会\n@right 2017年5月1日\n")


def test_directional_encouragement_is_not_the_practice(tmp_path):
    rule = "医联体内建立诊疗—康复—长期护理连续服务模式，牵头医院负责康复期和长期护理患者的衔接转介。"
    assert status(tmp_path, "yilianti", 2017, CITY, {"办法.docx": continuity(rule)}, "2.3.1") == "met"
    encouraged = "鼓励医联体探索为患者提供诊疗—康复—长期护理连续性服务。"
    assert status(tmp_path, "yilianti", 2017, CITY, {"办法.docx": continuity(encouraged)}, "2.3.1") == "not_met"


def test_a_forwarded_provincial_plan_is_not_the_citys(tmp_path):
    from .checklist import decide
    notice = ("@mark 北湖市卫生健康委员会文件\n@title 关于转发《全省医疗联合体建设实施方案》的通知\n各县（区）卫生健康局：\n"
              "现将《全省医疗联合体建设实施方案》转发给你们，我市实施方案另行制定。\n@right 北湖市卫生健康委员会\n@right 2017年5月1日\n"
              "@break\n@title 全省医疗联合体建设实施方案\n一、总体要求\n全省推进医联体建设。\n")
    assert decide(tmp_path, "yilianti", 2017, CITY, {"转发.pdf": notice}, "1.1.1").status != "met"


def test_a_cited_title_states_nothing(tmp_path):
    from .checklist import decide
    reply = ("@title 北湖市医疗保障局关于医联体报销政策的复函\n北湖市卫生健康委员会：\n"
             "贵委《关于商请实行医联体内差异化医保报销政策的函》收悉。\n@right 北湖市医疗保障局\n@right 2017年6月1日\n")
    assert decide(tmp_path, "yilianti", 2017, CITY, {"复函.pdf": reply}, "1.3.2").status != "met"


# The maker's line under a title names who compiled the document: a compilation of the
# supporting hospital's press is not the assisted hospital's publicity to its patients
def publicity(maker: str, units=DUIKOU) -> str:
    return (f"@title 对口支援宣传工作汇编（2016年）\n{maker}\n"
            "2016年3月起，在门诊大厅宣传栏公示支援专家姓名、专业和坐诊时间，每季度更新一次。\n"
            "2016年共在县电视台、医院微信公众号宣传报道支援专家工作情况6次。\n")


def test_minimum_the_assisted_hospitals_own_compilation_counts(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇编.docx": publicity("青石县人民医院宣传科")}, "1.46") == "met"


def test_directional_the_supporting_hospitals_compilation_is_not_the_assisted_hospitals(tmp_path):
    doc = publicity("东江市第一人民医院宣传科")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇编.docx": doc}, "1.46") != "met"


def test_invariance_the_makers_line_in_other_forms(tmp_path):
    from .checklist import DUIKOU_OTHER
    for maker in ("编制单位：西陵市中心医院党委宣传部", "（西陵市中心医院办公室）"):
        doc = publicity(maker, DUIKOU_OTHER)
        assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"汇编.docx": doc}, "1.46") != "met", maker
    own = publicity("编制单位：白河县人民医院办公室", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"汇编.docx": own}, "1.46") == "met"


# A maker's label on the last line (填表单位：某院医务科　填表日期：…) says whose record it is.
def term_register(tmp_path, maker, units=DUIKOU):
    doc = (f"@title 2018年对口支援派驻人员期满考核登记表\n@table\n姓名 | 派出科室 | 考核结果\n罗建华 | 骨科 | 合格\n"
           f"刘婷 | 心内科 | 合格\n@end\n@note 填表单位：{maker}医务科　　填表日期：2018年12月28日\n")
    return status(tmp_path, "duikou", 2018, units, {"考核登记表.pdf": {"format": "pdf", "text": doc}}, "1.11")


def test_minimum_the_sending_hospitals_register_is_met(tmp_path):
    assert term_register(tmp_path, DUIKOU["支援医院"]) == "met"


def test_invariance_other_hospitals(tmp_path):
    assert term_register(tmp_path, DUIKOU_OTHER["支援医院"], DUIKOU_OTHER) == "met"


def test_directional_the_helped_hospitals_register_falls(tmp_path):
    assert term_register(tmp_path, DUIKOU["受援医院"]) != "met"


# The relationship is named when the document names the other party: a supporting hospital's notice
# about "龙垌县人民医院进修人员" is about the 对口支援 of that hospital, whether or not it says 受援.
def trainees(tmp_path, lead, units=DUIKOU):
    unit, helped = units["支援医院"], units["受援医院"]
    doc = (f"@title {unit}科教科关于做好{helped}进修人员培训管理工作的通知\n@to 各有关科室：\n"
           f"{lead.format(helped=helped)}现通知如下：\n"
           f"一、科教科副科长罗美华为{helped}进修人员培训专职负责人，负责报到、入科、过程管理和结业考核的组织。\n"
           f"@right {unit}科教科\n@right 2016年3月15日\n")
    return status(tmp_path, "duikou", 2016, units, {"通知.doc": doc}, "1.17")


@pytest.mark.parametrize("lead", ["2016年我院接收{helped}进修人员6名。", "根据对口支援协议，我院接收受援医院进修人员6名。"])
def test_minimum_and_invariance_the_helped_hospital_named_is_the_context(tmp_path, lead):
    assert trainees(tmp_path, lead) == "met"
    assert trainees(tmp_path, lead, DUIKOU_OTHER) == "met"


def test_directional_another_hospitals_trainees_are_no_context(tmp_path):
    units = DUIKOU
    unit = units["支援医院"]
    doc = (f"@title {unit}科教科关于做好远山县中医院进修人员培训管理工作的通知\n@to 各有关科室：\n"
           "2016年我院接收远山县中医院进修人员6名。现通知如下：\n"
           "一、科教科副科长罗美华为远山县中医院进修人员培训专职负责人，负责报到、入科和结业考核的组织。\n"
           f"@right {unit}科教科\n@right 2016年3月15日\n")
    assert status(tmp_path, "duikou", 2016, units, {"通知.doc": doc}, "1.17") != "met"


# A copy the unit keeps of someone else's document (晋川市卫生计生委医政科复印备查, 本市参照执行)
# is not the unit's own: its closing note names the reader, not the issuer.
def kept_fees(city: str, note: str) -> str:
    return (f"@title {city}远程医疗服务项目收费标准\n{city}发展和改革委员会　{city}卫生健康委员会\n"
            "远程会诊收费标准为每例次200元，由邀请方医疗机构收取。\n" + note + "\n")


def test_minimum_the_citys_own_fee_list_signed_by_it(tmp_path):
    doc = kept_fees("北湖市", "@right 北湖市卫生健康委员会\n@right 2017年6月1日")
    assert fee_status(tmp_path, doc) == "met"


def test_invariance_a_copy_kept_by_another_city(tmp_path):
    doc = kept_fees("云州市", "南岭市卫生健康委员会医政科复印备查")
    assert fee_status(tmp_path, doc, CITY_OTHER) != "met"


def test_directional_a_copy_kept_for_reference_is_not_the_units(tmp_path):
    doc = kept_fees("云州市", "北湖市卫生健康委员会医政科复印备查")
    assert fee_status(tmp_path, doc) != "met"


# The relationship (对口支援) is named by the other party: the supporting hospital's news page on
# its experts at 青石县人民医院, carried by paper, TV and its WeChat account, is its publicity of the
# support, though it never says 对口支援; a page on another county's hospital is not.
def news_page(helped: str, units=DUIKOU) -> dict:
    hosp = units["支援医院"]
    text = (f"当前位置：首页 > 新闻中心 > 医院动态\n发布时间： 2017-09-15 来源： 宣传科\n@title 专家扎根{helped}半年记\n"
            f"本网讯 3月以来，我院派驻{helped}的消化内科专家团队累计开展胃镜检查600余例。\n"
            "本次报道同步刊发于《东海日报》9月18日第5版，广播电视台于9月20日播出专题片，医院微信公众号同步推送。\n"
            f"主办：{hosp}\n")
    return {"format": "web-pdf", "text": text}


def test_minimum_the_other_partys_name_is_the_relationship(tmp_path):
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"网页打印.pdf": news_page("青石县人民医院")}, "1.20") == "met"


def test_invariance_the_other_party_of_other_hospitals(tmp_path):
    page = news_page("白河县人民医院", DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2017, DUIKOU_OTHER, {"网页打印.pdf": page}, "1.20") == "met"


def test_directional_a_page_on_another_countys_hospital_falls(tmp_path):
    assert status(tmp_path, "duikou", 2017, DUIKOU, {"网页打印.pdf": news_page("黄岭县人民医院")}, "1.20") != "met"


# A province's organ is a higher body by its level, even where its name gives no two-character
# place (省卫生健康委, 自治区卫生健康委员会, 某省卫生健康委员会 in a printout that hides the province)
def test_a_provincial_organ_named_by_level_alone_is_higher():
    city, hospitals = units_of(CITY), units_of(DUIKOU)
    for organ in ("省卫生健康委", "某省卫生健康委员会", "自治区卫生健康委员会", "省人民政府办公厅", "省医疗保障局"):
        assert is_foreign(organ, city) and is_foreign(organ, hospitals), organ
    provincial = units_of({"支援医院": "湖北省人民医院", "受援医院": "青石县人民医院"})
    assert not is_foreign("湖北省人民医院", provincial)          # the case's own provincial hospital
    assert not is_foreign("北湖市卫生健康委员会", city)


def test_minimum_and_directional_a_notice_of_the_province_by_level_is_not_the_units(tmp_path):
    assert fee_status(tmp_path, fees("省卫生健康委员会")) == "no_evidence"
    assert fee_status(tmp_path, fees("某省卫生健康委员会")) == "no_evidence"
    assert fee_status(tmp_path, fees("北湖市卫生健康委员会")) == "met"


def test_a_ministry_signing_without_guojia_is_national():
    city = units_of(CITY)
    for organ in ("人力资源社会保障部 财政部 国家卫生健康委", "财政部", "人力资源和社会保障部办公厅"):
        assert is_foreign(organ, city), organ


# A benefit a rule leaves to discretion (可以视情况给予, 酌情发放) is no entitlement, as 鼓励/可以 are not
# the practice (1.12)
def allowance_rule(article: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}对口支援派驻人员管理办法\n第十条 派驻期间，派驻人员工资、津贴、奖金及各项福利待遇不变。\n"
            f"第十一条 {article}\n@right {unit}\n@right 2016年1月5日\n")


def test_minimum_a_stated_allowance_is_an_entitlement(tmp_path):
    doc = allowance_rule("派驻期间按每人每天60元标准发放生活补助，往返交通费凭票报销。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"办法.docx": doc}, "1.12") == "met"


@pytest.mark.parametrize("article", [
    "医院可以视情况给予派驻人员适当生活补助和交通补贴。",
    "医院可酌情给予派驻人员生活补助和交通补贴。",
])
def test_directional_an_allowance_left_to_discretion_is_none(tmp_path, article):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"办法.docx": allowance_rule(article)}, "1.12") != "met"


def test_invariance_discretion_in_another_hospital(tmp_path):
    doc = allowance_rule("医院可视具体情况给予派驻人员生活补助和交通补贴。", DUIKOU_OTHER["支援医院"])
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"办法.docx": doc}, "1.12") != "met"


# A leader's exhortation to others (各医联体要探索建立利益共享机制) says nothing of what stands: it does
# not take a charter's provision away, as a report's 尚未建立 does
CHARTER = ("@title 北湖市人民医院医疗集团章程\n@sub （2018年3月经市卫生健康委员会审核同意印发）\n"
           "第四条 核心医院的责任：向成员单位派驻专家，开展技术指导和人员培训。\n"
           "第五条 成员单位的权利：优先获得核心医院的号源、检查和床位。\n"
           "第六条 经济利益关系：核心医院与成员单位各自独立核算，成员单位业务收入归成员单位所有。\n"
           "第七条 本章程自印发之日起施行。\n")


def later_minutes(sentence: str, organ="北湖市卫生健康委员会") -> str:
    return (f"@title {organ}主任办公会议纪要\n2018年9月11日，委主任主持召开主任办公会议。纪要如下：\n"
            f"@h1 一、主任讲话要点\n{sentence}\n@right {organ}办公室\n@right 2018年9月13日\n")


def test_minimum_a_charter_setting_duties_rights_and_interests(tmp_path):
    assert status(tmp_path, "yilianti", 2018, CITY, {"章程.pdf": CHARTER}, "2.1.1") == "met"


def test_invariance_an_exhortation_to_others_leaves_the_charter(tmp_path):
    files = {"章程.pdf": CHARTER, "纪要.docx": later_minutes("主任指出：各医联体要探索建立利益共享机制，让成员单位得实惠。")}
    assert status(tmp_path, "yilianti", 2018, CITY, files, "2.1.1") == "met"


def test_directional_a_charter_without_the_interests_article(tmp_path):
    charter = CHARTER.replace("第六条 经济利益关系：核心医院与成员单位各自独立核算，成员单位业务收入归成员单位所有。\n", "")
    files = {"章程.pdf": charter, "纪要.docx": later_minutes("主任指出：各医联体要探索建立利益共享机制，让成员单位得实惠。")}
    assert status(tmp_path, "yilianti", 2018, CITY, files, "2.1.1") != "met"
