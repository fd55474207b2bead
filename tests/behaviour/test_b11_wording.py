"""Rule 11: real-world wording. 紧密型县域医疗卫生共同体、城市医疗集团 are 医联体 forms;
实施意见、行动计划 can be the 工作方案; 对口帮扶、组团式帮扶、托管 are 对口支援 forms;
卫生健康委员会/卫健委/卫生计生委 name one organ across its renaming; traditional
characters are matched as simplified and quoted as printed."""
import pytest

from pipeline.text.variants import organ_key, simplified

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, decide, status


def test_reading_rules():
    assert simplified("醫聯體建設實施方案") == "医联体建设实施方案"
    assert len(simplified("關於印發醫療聯合體")) == len("關於印發醫療聯合體")
    assert organ_key("北湖市卫生和计划生育委员会") == organ_key("北湖市卫健委") == organ_key("北湖市卫生健康委员会")


def issued(title: str, issuer="北湖市卫生健康委员会", number="北卫发〔2017〕8号", traditional=False) -> dict:
    return {"traditional": traditional,
            "text": f"@mark {issuer}文件\n@docno {number}\n@title {title}\n各县（区）卫生健康局：\n"
                    "现将方案印发给你们，请认真贯彻执行。\n"
                    f"@right {issuer}\n@right 2017年5月10日\n"}


def plan_status(tmp_path, spec, units=CITY):
    return decide(tmp_path, "yilianti", 2017, units, {"方案.pdf": spec}, "1.1.1")


@pytest.mark.parametrize("title", [
    "北湖市医疗联合体建设实施方案",
    "北湖市紧密型县域医疗卫生共同体建设实施方案",
    "北湖市城市医疗集团建设行动计划（2017—2020年）",
    "北湖市人民政府办公室关于推进医疗联合体建设和发展的实施意见",
])
def test_invariance_forms_of_the_alliance_and_of_the_plan(tmp_path, title):
    assert plan_status(tmp_path, issued(title)).status == "met"


def test_the_organ_across_its_renaming(tmp_path):
    spec = issued("北湖市医疗联合体建设实施方案", issuer="北湖市卫生和计划生育委员会", number="北卫计发〔2017〕8号")
    assert plan_status(tmp_path, spec).status == "met"


def test_traditional_characters_are_matched_and_quoted_as_printed(tmp_path):
    finding = plan_status(tmp_path, issued("北湖市醫療聯合體建設實施方案", traditional=True))
    assert finding.status == "met"
    assert any("醫療聯合體" in c.quote for c in finding.citations)


def test_directional_a_plan_of_something_else_is_not_the_alliances(tmp_path):
    assert plan_status(tmp_path, issued("北湖市家庭医生签约服务实施方案")).status == "no_evidence"


def group(name: str) -> str:
    return (f"@mark 东江市第一人民医院文件\n@docno 东一医发〔2016〕2号\n@title 关于成立{name}工作领导小组的通知\n"
            f"为做好{name}工作，医院成立领导小组。\n组长：院长 张明\n"
            "领导小组下设办公室，办公室设在医务部，负责日常工作。\n@right 东江市第一人民医院\n@right 2016年1月8日\n")


@pytest.mark.parametrize("name", ["对口支援", "对口帮扶", "组团式帮扶", "托管帮扶"])
def test_invariance_forms_of_support(tmp_path, name):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"通知.pdf": group(name)}, "1.01") == "met"


def test_media_items_about_the_units_are_the_publicity(tmp_path):
    page = {"format": "web-pdf", "page": {"site": "东江市第一人民医院", "nav": ["首页", "新闻中心"],
                                          "box": {"发布时间": "2016-05-16", "来源": "宣传处"}},
            "text": "@title 我院对口支援青石县人民医院专家团队获群众点赞\n今年3月以来，我院派出专家团队常驻青石县人民医院。\n"}
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"新闻.pdf": page}, "1.20") == "met"
    other = {**page, "text": page["text"].replace("青石县人民医院", "白水县人民医院").replace("我院", "西陵市中心医院")}
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"新闻.pdf": other}, "1.20") != "met"


# 组团式帮扶 names its seconded staff 帮扶团队（成员）: a section on them is a rule on the seconded staff
def team_plan(section: str, unit="东江市第一人民医院") -> str:
    return (f"@mark {unit}文件\n@docno 东一医发〔2016〕11号\n@title {unit}组团式帮扶青石县人民医院实施方案\n"
            "一、帮扶团队\n选派管理和临床专家组成帮扶团队，每批8人，常驻受援医院。\n"
            f"二、团队成员管理\n{section}\n@right {unit}\n@right 2016年2月24日\n")


def test_minimum_a_teams_members_are_the_seconded_staff(tmp_path):
    doc = team_plan("（一）帮扶期间，团队成员工资、津贴、奖金和各项福利待遇不变；医院按每人每天100元发放生活补助，往返交通费按月报销。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"方案.pdf": doc}, "1.12") == "met"


def test_invariance_the_team_named_otherwise(tmp_path):
    doc = team_plan("（一）帮扶团队人员实行医务科统一管理，执行请销假制度，请假须经团队负责人同意，不得擅自离岗。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"方案.docx": doc}, "1.09") == "met"


def test_directional_the_teams_rule_still_to_be_written(tmp_path):
    doc = team_plan("（一）团队成员管理办法由医务科另行制定。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"方案.docx": doc}, "1.09") != "met"


# 若干措施 / 若干意见 / 配套措施 are policy documents (意见): their articles are rules.
def measures(tmp_path, title, units=CITY):
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 某卫发〔2020〕31号\n@title {title}\n"
           f"第一条　为深化县域医共体建设，制定本措施。\n"
           f"第八条　考核激励。每年对医共体开展资源下沉专项考核，考核结果与院长年薪、医保结余留用比例挂钩。\n"
           f"@right {organ}\n@right 2020年3月1日\n")
    return status(tmp_path, "yilianti", 2020, units, {"若干措施.docx": doc}, "1.5.1")


def test_minimum_measures_are_a_policy(tmp_path):
    assert measures(tmp_path, "关于深化县域医共体建设的若干措施") == "met"


def test_invariance_other_names_for_measures(tmp_path):
    assert measures(tmp_path, "关于推进医疗联合体建设的若干意见", CITY_OTHER) == "met"
    assert measures(tmp_path, "医共体建设配套措施") == "met"


def test_directional_a_draft_of_the_measures_falls(tmp_path):
    assert measures(tmp_path, "关于深化县域医共体建设的若干措施（征求意见稿）") != "met"


# A table's title cell may name its maker after a space or its edition (…一览表（2018年版）　某委制):
# the kind is read from the title, not from the maker.
@pytest.mark.parametrize("title, kind", [
    ("芙江市家庭医生签约服务包一览表（2018年版）　芙江市卫生和计划生育委员会制", "名单"),      # minimum
    ("北湖市家庭医生签约服务包一览表（2019年版）北湖市卫生健康委员会编", "名单"),           # invariance
    ("南岭县医共体双向转诊管理办法　南岭县卫生健康局", "办法"),
])
def test_a_makers_tail_does_not_hide_the_kind(title, kind):
    from pipeline.extract.kind import kind_of_title
    assert kind_of_title(title)[0] == kind


def test_directional_without_a_kind_word_a_makers_tail_gives_none():
    from pipeline.extract.kind import kind_of_title
    assert kind_of_title("芙江市家庭医生签约服务（2018年版）　芙江市卫生和计划生育委员会制") is None


# 县域医疗卫生服务共同体 (Zhejiang's word) and 县域卫生健康共同体 are 医联体 forms.
def county_plan(tmp_path, name: str, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@mark 中共{organ[:3]}委办公室　{organ[:3]}人民政府办公室\n@docno 北委办〔2018〕22号\n"
           f"@title {organ[:3]}{name}建设实施方案\n一、组织架构\n以市人民医院为牵头医院，组建{name}，全市乡镇卫生院全部纳入。\n"
           f"@right 中共{organ[:3]}委办公室\n@right 2018年4月16日\n")
    return status(tmp_path, "yilianti", 2018, units, {"实施方案.pdf": doc}, "1.1.1")


def test_minimum_a_health_service_community_plan_is_the_plan(tmp_path):
    assert county_plan(tmp_path, "县域医疗卫生服务共同体") == "met"


def test_invariance_other_names_of_the_community(tmp_path):
    assert county_plan(tmp_path, "县域卫生健康共同体", CITY_OTHER) == "met"


def test_directional_another_kind_of_community_is_not(tmp_path):
    assert county_plan(tmp_path, "县域养老服务共同体") != "met"


# 起付线 and 报销比例 are the insurance's own words: a measure that sets them apart by level of
# hospital states the differentiated reimbursement without saying 医保.
def measures_1_3_2(tmp_path, sentence, units=CITY):
    organ = units["行政部门"]
    doc = (f"@mark {organ[:3]}市人民政府办公室文件\n@docno 北政办发〔2020〕6号\n@title 关于推进紧密型医疗集团建设的若干措施\n"
           f"@h1 二、运行机制\n{sentence}\n@right {organ[:3]}市人民政府办公室\n@right 2020年3月1日\n")
    return status(tmp_path, "yilianti", 2020, units, {"若干措施.pdf": doc}, "1.3.2")


def test_minimum_thresholds_set_apart_by_level_is_met(tmp_path):
    s = ("第四条 医疗集团内各级医疗机构住院起付线和报销比例实行差别化设置：社区卫生服务中心起付线200元、报销比例90%；"
         "二级以上医院起付线500元、报销比例80%。")
    assert measures_1_3_2(tmp_path, s) == "met"


def test_invariance_other_city_and_words(tmp_path):
    s = "第四条 集团内基层医疗机构住院报销比例比三级医院高15个百分点，起付线分别为300元和800元。"
    assert measures_1_3_2(tmp_path, s, CITY_OTHER) == "met"


def test_directional_the_same_left_to_study_is_not_met(tmp_path):
    s = "第四条 市医保局研究制定医疗集团内各级医疗机构住院起付线和报销比例差别化设置的具体办法。"
    assert measures_1_3_2(tmp_path, s) != "met"


# 援藏/援疆/援青 teams are the dispatched staff of 组团式 support: a 援藏医疗队管理办法 is the
# management rule of the dispatched staff; a touring clinic's team (巡回医疗队) is not.
def team_rule(team, units=DUIKOU):
    hosp = units["支援医院"]
    return (f"@mark {hosp}文件\n@docno 东医发〔2023〕5号\n@title {hosp}{team}管理办法\n"
            "第一条 医疗队实行队长负责制，队长由医院党委任命。\n第二条 医疗队实行每日考勤，考勤表每月报医务部。\n"
            "第三条 本办法自印发之日起施行。\n" f"@right {hosp}\n@right 2023年2月10日\n")


def test_minimum_a_tibet_team_rule_is_the_dispatch_rule(tmp_path):
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"办法.pdf": team_rule("援藏医疗队")}, "1.09") == "met"


def test_invariance_a_xinjiang_team(tmp_path):
    assert status(tmp_path, "duikou", 2023, DUIKOU_OTHER, {"办法.docx": team_rule("援疆医疗队", DUIKOU_OTHER)}, "1.09") == "met"


def test_directional_a_touring_clinic_team_is_no_dispatched_staff(tmp_path):
    assert status(tmp_path, "duikou", 2023, DUIKOU, {"办法.pdf": team_rule("巡回医疗队")}, "1.09") != "met"


# A title names its subject; the alliance followed by 内/之间 only says where another subject is
# (关于加强医联体内基层帮扶工作的指导意见 is guidance on 基层帮扶, not the alliance's work plan)
def test_minimum_the_alliance_as_the_titles_subject(tmp_path):
    assert plan_status(tmp_path, issued("关于推进医联体建设的指导意见")).status == "met"


@pytest.mark.parametrize("title", [
    "关于加强医联体内基层帮扶工作的指导意见",
    "南岭市医疗集团内双向转诊工作实施方案",
    "关于医共体之间人员柔性流动的实施意见",
    "关于城市医疗集团上级医院为转诊患者提供优先服务的指导意见",
    "关于医联体牵头医院为转诊患者提供三优先服务的指导意见",
])
def test_directional_the_alliance_only_as_the_place_of_another_subject(tmp_path, title):
    assert plan_status(tmp_path, issued(title)).status != "met"


def test_invariance_the_alliance_as_subject_with_a_place_inside_it(tmp_path):
    assert plan_status(tmp_path, issued("北湖市区域内医疗联合体建设实施方案")).status == "met"
