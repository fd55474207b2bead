"""Rule 10: periods. A plan with an explicit period has expired after it; the previous
year's summary is not this year's; an annual report about the year dated the next January
counts; a 制度 issued years earlier and still in force counts."""
import datetime as dt

from pipeline.extract.period import expired, months_covered, period_of, report_about_year

from .checklist import CITY, CITY_OTHER, DUIKOU, DUIKOU_OTHER, status


def test_periods_are_read_from_titles_and_validity_clauses():
    assert period_of("北湖市医联体建设规划（2014—2016年）") == (2014, 2016)
    assert period_of("医联体建设规划(2017-2020年)") == (2017, 2020)
    assert period_of("管理办法", "本办法自印发之日起施行，有效期3年。", dt.date(2015, 3, 1)) == (2015, 2017)
    assert period_of("派驻人员管理制度", "本制度自印发之日起执行。", dt.date(2012, 5, 1)) is None
    assert expired((2014, 2016), 2018) and not expired((2017, 2020), 2018)
    assert report_about_year({2018}, dt.date(2019, 1, 10), 2018)
    assert not report_about_year({2018}, dt.date(2019, 9, 1), 2018)


def test_the_months_a_record_covers_are_read_from_its_title():
    assert months_covered("2019年10月派驻专家教学活动登记") == (dt.date(2019, 10, 1), dt.date(2019, 10, 31))
    assert months_covered("普外科 2019年3—4月") == (dt.date(2019, 3, 1), dt.date(2019, 4, 30))
    assert months_covered("（2018年12月至2019年2月）") == (dt.date(2018, 12, 1), dt.date(2019, 2, 28))
    assert months_covered("2019年10月8日查房记录") is None and months_covered("2019年度教学记录") is None


def plan(title, unit="北湖市卫生健康委员会", date="2017年3月1日"):
    return (f"@mark {unit}文件\n@docno 北卫发〔2017〕5号\n@title {title}\n"
            "一、总体布局\n全市划分为4个医联体网格，每个网格由1家三级医院牵头。\n"
            f"@right {unit}\n@right {date}\n")


def test_expired_plan_is_not_met_and_current_plan_is(tmp_path):
    current = plan("北湖市医联体建设规划（2017—2020年）")
    assert status(tmp_path, "yilianti", 2018, CITY, {"规划.pdf": current}, "1.2.1") == "met"
    old = plan("北湖市医联体建设规划（2014—2016年）", date="2014年3月1日")
    assert status(tmp_path, "yilianti", 2018, CITY, {"规划.pdf": old}, "1.2.1") == "not_met"


def test_invariance_expiry_in_other_words(tmp_path):
    doc = plan("南岭市医疗联合体网格化布局规划", unit="南岭市卫生健康委员会", date="2014年6月1日").replace(
        "每个网格由1家三级医院牵头。", "每个网格由1家三级医院牵头。本规划有效期至2016年12月31日。")
    assert status(tmp_path, "yilianti", 2018, CITY_OTHER, {"规划.docx": doc}, "1.2.1") == "not_met"


def summary(year, dated):
    return (f"@title 东江市第一人民医院{year}年对口支援工作总结\n"
            f"{year}年，我院全面履行与青石县人民医院签订的对口支援协议，协议约定的各项任务均已落实。\n"
            f"@right 东江市第一人民医院\n@right {dated}\n")


def test_annual_report_dated_next_january_counts(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"总结.docx": summary(2016, "2017年1月12日")}, "2.03") == "met"


def test_directional_last_years_summary_is_not_this_years(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"总结.docx": summary(2015, "2015年12月28日")}, "2.03") == "not_met"


def test_an_old_rule_still_in_force_counts(tmp_path):
    rule = ("@title 东江市第一人民医院对口支援派驻人员管理制度\n第一条 派驻人员应服从受援医院管理。\n"
            "第二条 派驻人员离岗须履行请假审批手续。\n@right 东江市第一人民医院\n@right 2012年5月1日\n")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"制度.docx": rule}, "1.09") == "met"


# ---------------------------------------------------------------------------
# A rule or decision that takes effect after the assessment year was not in force in it
# ---------------------------------------------------------------------------
def test_starts_are_read_from_the_sentence():
    from pipeline.extract.period import in_force_year, starts_after
    assert starts_after("会议决定：自2019年1月1日起，进修人员考核结果纳入个人绩效考核", 2018)
    assert starts_after("从二〇一九年开始实行", 2018) and starts_after("2019年1月起施行", 2018)
    assert not starts_after("本办法自2017年7月1日起施行", 2018)
    assert not starts_after("2019年起草了办法", 2018) and not starts_after("力争2019年起步", 2018)
    assert in_force_year("……第十条 本办法自2019年1月1日起施行。") == 2019
    assert in_force_year("本制度自印发之日起执行。") is None


def minutes(start, host="院长沈国华", unit="沙岭县人民医院", date="2018年12月26日"):
    return (f"@title {unit}院务会纪要\n时间：2018年12月25日\n主持：{host}\n"
            "会议研究了外出进修人员考核激励问题。会议决定：" + start +
            "外出进修人员考核结果纳入个人绩效考核；进修表现突出者，在职称申报、岗位聘用、评优评先时优先考虑。\n"
            f"@right {unit}办公室\n@right {date}\n")


SHALING = {"支援医院": "秦州市第一人民医院", "受援医院": "沙岭县人民医院"}


def test_minimum_a_decision_in_force_in_the_year_counts(tmp_path):
    assert status(tmp_path, "duikou", 2018, SHALING, {"纪要.docx": minutes("自2018年1月1日起，")}, "1.34") == "met"


def test_directional_a_decision_from_next_year_is_not_in_force(tmp_path):
    late = minutes("自2019年1月1日起，")
    assert status(tmp_path, "duikou", 2018, SHALING, {"纪要.docx": late}, "1.34") == "not_met"
    # the same decision counts for the year it starts in
    assert status(tmp_path, "duikou", 2019, SHALING, {"纪要.docx": late}, "1.34") == "met"


def test_invariance_the_start_in_other_words(tmp_path):
    other = {"支援医院": "江州市人民医院", "受援医院": "石门县人民医院"}
    for start in ("从2019年开始，", "2019年起，"):
        doc = minutes(start, host="书记李红", unit="石门县人民医院")
        assert status(tmp_path, "duikou", 2018, other, {"纪要.docx": doc}, "1.34") == "not_met", start


def test_directional_a_rule_that_takes_effect_next_year(tmp_path):
    rule = ("@title 沙岭县人民医院外出进修人员管理办法\n第一条 外出进修人员考核结果纳入个人绩效考核。\n"
            "第二条 进修表现突出者在职称申报、评优评先时优先考虑。\n第三条 本办法自{}起施行。\n"
            "@right 沙岭县人民医院\n@right 2018年11月20日\n")
    assert status(tmp_path, "duikou", 2018, SHALING, {"办法.docx": rule.format("印发之日")}, "1.34") == "met"
    assert status(tmp_path, "duikou", 2018, SHALING, {"办法.docx": rule.format("2019年1月1日")}, "1.34") == "not_met"


# A sentence that tells what was done at a named time before the document was written is a
# fact, even in a 制度汇编 (its preface); a deadline, a start or a recurring time is not
def rules_book(preface: str, unit="青石县人民医院", dated="2016年10月8日") -> str:
    return (f"@title {unit}心血管内科管理制度汇编（2016年修订版）\n前 言\n{preface}\n"
            "一、科室质量与安全管理制度\n科室每月召开质量与安全会议。\n"
            f"@right {unit}心血管内科\n@right {dated}\n")


def test_narration_of_the_past_is_read():
    import datetime as dt
    from pipeline.extract.period import narrates_past
    issued = dt.date(2016, 10, 8)
    assert narrates_past("2016年3月至8月，科室在派驻主任指导下修订制度16项。", issued, 2016)
    assert not narrates_past("2016年底前完成制度修订。", issued, 2016)
    assert not narrates_past("每年3月修订科室制度。", issued, 2016)
    assert not narrates_past("2017年5月修订制度。", issued, 2016)


def test_minimum_a_prefaces_dated_account_is_a_fact(tmp_path):
    doc = rules_book("为规范科室管理，2016年3月至8月，科室在派驻专家指导下修订管理制度16项、新建12项。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇编.docx": doc}, "2.11") == "met"


def test_invariance_other_months_and_places(tmp_path):
    from .checklist import DUIKOU_OTHER
    doc = rules_book("2016年5月，在派驻主任指导下，科室完善了诊疗规范和工作流程共9项。", unit="白河县人民医院")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"汇编.docx": doc}, "2.11") == "met"


def test_directional_a_deadline_or_a_recurring_time_is_no_fact(tmp_path):
    for preface in ("在派驻专家指导下，科室将于2016年12月底前修订管理制度16项。",
                    "在派驻专家指导下，科室每年3月修订管理制度。"):
        assert status(tmp_path, "duikou", 2016, DUIKOU, {"汇编.docx": rules_book(preface)}, "2.11") != "met", preface


# A record of the year's practice asked for (抽查派驻人员考核记录): last year's register is not this year's.
def register(tmp_path, year_of_register, assessed=2019):
    hosp = DUIKOU["支援医院"]
    doc = (f"@title {hosp}{year_of_register}年度对口支援派驻人员考核登记表\n@table\n姓名 | 派驻科室 | 考核结果 | 考核日期\n"
           f"李明 | 普外科 | 合格 | {year_of_register}年12月10日\n王芳 | 儿科 | 合格 | {year_of_register}年12月10日\n@end\n"
           f"@right {hosp}医务部\n@right {year_of_register}年12月20日\n")
    return status(tmp_path, "duikou", assessed, DUIKOU, {"考核登记表.docx": doc}, "1.11")


def test_minimum_this_years_register_is_met(tmp_path):
    assert register(tmp_path, 2019) == "met"


def test_invariance_another_year_pair(tmp_path):
    assert register(tmp_path, 2017, assessed=2017) == "met"


def test_directional_last_years_register_falls(tmp_path):
    assert register(tmp_path, 2018) == "not_met"


# Months listed as when something was done (于3月、8月、11月三次赴…督导) are dates in the year
# the document reports on; a deadline (3月底前) or a plan (拟于3月、8月) is none.
def visits(tmp_path, sentence, units=DUIKOU):
    hosp, helped = units["支援医院"], units["受援医院"]
    summary = (f"@title {hosp}2019年对口支援工作总结\n@h1 一、院领导调研督导\n{sentence}\n"
               f"@right {hosp}\n@right 2019年12月25日\n")
    opinion = (f"@title {hosp}2019年上半年对口支援工作意见\n上半年，我院对口支援{helped}工作总体顺利，"
               f"下半年重点加强专科建设。\n@right {hosp}\n@right 2019年7月8日\n")
    return status(tmp_path, "duikou", 2019, units, {"工作总结.docx": summary, "上半年意见.txt": opinion}, "1.04")


def test_minimum_months_listed_are_visits_of_the_year(tmp_path):
    s = f"院长陈志远、副院长赵红于3月、8月、11月三次赴{DUIKOU['受援医院']}实地调研督导。"
    assert visits(tmp_path, s) == "met"


def test_invariance_other_names_and_joining_words(tmp_path):
    s = f"院长王立和医务部主任在5月和10月两次到{DUIKOU_OTHER['受援医院']}调研督导。"
    assert visits(tmp_path, s, DUIKOU_OTHER) == "met"


def test_directional_planned_months_fall(tmp_path):
    s = f"院长陈志远、副院长赵红拟于3月、8月赴{DUIKOU['受援医院']}调研督导。"
    assert visits(tmp_path, s) != "met"


# A validity stated in other words (试行期至…, 执行期限至…, 适用期限为…至…, 适用于2021年度考核)
# ends the document's force after that year, as 有效期至 does.
def test_validity_in_other_words_is_a_period():
    issued = dt.date(2014, 3, 1)
    assert period_of("双向转诊管理办法（试行）", "本办法自2014年3月1日起试行，试行期至2015年12月31日。", issued) == (2014, 2015)
    assert period_of("考核办法", "适用期限为2016年1月1日至2018年12月31日。", issued)[1] == 2018
    assert period_of("绩效考核方案", "本方案适用于2021年度考核。", dt.date(2021, 3, 1)) == (2021, 2021)
    assert period_of("绩效考核方案", "本方案自印发之日起施行。", dt.date(2021, 3, 1)) is None


def referral(tmp_path, tail: str, year: int, units=CITY) -> str:
    organ = units["行政部门"]
    doc = (f"@mark {organ}文件\n@docno 北卫发〔2014〕8号\n@title {organ[:3]}市双向转诊管理办法（试行）\n"
           "第一条　为规范医联体内双向转诊，保障医疗质量和安全，制定本办法。\n"
           "第二条　转诊标准：基层不能诊治的急危重症和疑难病例上转，诊断明确、病情稳定的患者下转。\n"
           "第三条　转诊程序：经治医师填写转诊单，经转诊服务中心联系接收机构，接收机构24小时内反馈。\n"
           "第四条　转诊医疗质量管理：转出机构随转病历摘要，接收机构对转诊病历进行质控。\n"
           f"第五条　{tail}\n@right {organ}\n@right 2014年3月1日\n")
    return status(tmp_path, "yilianti", year, units, {"转诊办法.doc": doc}, "2.1.2")


def test_minimum_a_trial_period_that_ended_is_expired(tmp_path):
    assert referral(tmp_path, "本办法自2014年3月1日起试行，试行期至2015年12月31日。", 2016) == "not_met"


def test_directional_the_trial_period_still_running_is_in_force(tmp_path):
    assert referral(tmp_path, "本办法自2014年3月1日起试行，试行期至2017年12月31日。", 2016) == "met"


def test_invariance_other_words_for_the_end_and_another_city(tmp_path):
    assert referral(tmp_path, "本办法执行期限至2015年12月31日。", 2016, CITY_OTHER) == "not_met"


# A sentence that opens with a month (3月，…正式上线运行) in a paper dated later that year tells
# what was done then: a fact in a half-year 工作意见 or a 通知 as in a report. In a plan the month
# is a step of its timetable, and a month after the paper's date has not come yet.
def opinion(sentence, date="2022年6月28日", title="东江市第一人民医院关于2022年上半年对口支援工作的意见"):
    return (f"@title {title}\n一、上半年工作情况\n上半年我院在岗派驻专家9名。{sentence}\n"
            "二、下半年工作意见\n（一）医务部提前确定第二批派驻人选。\n"
            f"@right 东江市第一人民医院医务部\n@right {date}\n")


def test_minimum_a_month_before_the_paper_tells_a_fact(tmp_path):
    files = {"上半年工作意见.pdf": opinion("3月，两院远程医疗协作平台正式上线运行。")}
    assert status(tmp_path, "duikou", 2022, DUIKOU, files, "2.45") == "met"


def test_invariance_other_months_words_and_kinds(tmp_path):
    files = {"通知.docx": opinion("5月份，两院远程会诊中心正式启用，已开展会诊12例。", date="2021年9月10日",
                                  title="西陵市中心医院关于进一步做好对口支援工作的通知")}
    assert status(tmp_path, "duikou", 2021, DUIKOU_OTHER, files, "2.45") == "met"


def test_directional_a_month_still_to_come_or_a_plans_step(tmp_path):
    files = {"上半年工作意见.pdf": opinion("9月，两院远程医疗协作平台正式上线运行。")}
    assert status(tmp_path, "duikou", 2022, DUIKOU, files, "2.45") != "met"
    plan = ("@title 东江市第一人民医院2022年对口支援工作计划\n一、工作安排\n3月，两院远程医疗协作平台正式上线运行。\n"
            "6月，完成派驻人员轮换。\n@right 东江市第一人民医院\n@right 2021年12月20日\n")
    assert status(tmp_path, "duikou", 2022, DUIKOU, {"工作计划.docx": plan}, "2.45") != "met"


# An undated paper is of the year its own full dates give (a scanned 通报 of a visit on 2016年6月21日
# without its date line); dates of two years leave it undated.
def test_an_undated_paper_is_of_the_year_of_its_dates():
    from pipeline.evaluate.pool import _body_year
    from pipeline.model import Block, Locator
    blocks = lambda *ts: [Block(t, "paragraph", Locator("x.pdf", page=1, line=i)) for i, t in enumerate(ts)]  # noqa: E731
    assert _body_year(blocks("关于督导情况的通报", "2016年6月21日，副院长赴县医院督导。")) == {2016}
    assert _body_year(blocks("通报", "2016年6月21日督导。", "2017年1月5日复查。")) == set()
    assert _body_year(blocks("通报", "6月21日督导。")) == set()


# A trial period given as a start and a length (自2019年1月1日起试行，试行期三年) ends after it,
# whenever the paper was signed
def test_a_trial_period_of_years_runs_from_its_own_start():
    signed = dt.date(2018, 12, 20)
    assert period_of("外出进修人员管理暂行办法", "第十条 本办法自2019年1月1日起试行，试行期三年。", signed) == (2019, 2021)
    assert period_of("管理办法", "本办法自2016年7月1日起施行，执行期为2年。", None) == (2016, 2017)
    assert period_of("管理办法", "本办法有效期3年。", signed) == (2018, 2020)
    assert expired((2019, 2021), 2022) and not expired((2019, 2021), 2021)


def trial_rule(tail):
    return ("@mark 枫林县人民医院文件\n@docno 枫医字〔2019〕8号\n@title 枫林县人民医院外出进修人员管理暂行办法\n"
            "第一条 为加强外出进修人员管理，制定本办法。\n"
            "第七条 进修期间，进修人员工资、津贴、奖金照常发放，各项福利待遇不变；医院按每人每月600元发放生活补助，"
            "往返交通费据实报销。\n"
            f"{tail}\n@right 枫林县人民医院\n@right 2018年12月20日\n")


def test_directional_the_trial_period_over_is_not_met(tmp_path):
    units = {"支援医院": "洪州市第一人民医院", "受援医院": "枫林县人民医院"}
    files = {"暂行办法.pdf": trial_rule("第十条 本办法自2019年1月1日起试行，试行期三年。")}
    assert status(tmp_path, "duikou", 2021, units, files, "1.32") == "met"
    assert status(tmp_path, "duikou", 2022, units, files, "1.32") != "met"


# An undated record whose title names no year takes its year from the period line right under
# the title (青石县人民医院骨科 2016年3—4月): its rows dated 3月1日 … are of that year.
def teaching_register(period="青石县人民医院骨科 2016年3—4月", teacher="王海涛", fmt="pdf", lecture="科内讲课"):
    rounds = ["3月1日", "3月8日", "3月15日", "3月22日", "3月29日", "4月5日", "4月12日", "4月19日", "4月26日"]
    lectures = {"3月3日", "3月17日", "3月31日", "4月14日", "4月28日"}
    lines = []
    for d in sorted(set(rounds) | lectures, key=lambda s: (int(s.split("月")[0]), int(s.split("月")[1][:-1]))):
        kind = f"{lecture} 骨质疏松性骨折的规范诊治" if d in lectures else "教学查房 股骨颈骨折术后康复"
        lines.append(f"{d} {kind} {teacher}")
    text = "@title 骨科教学查房及科内讲课记录\n" + (f"{period}\n" if period else "") + "日期 类型 内容 主讲\n" \
        + "\n".join(lines) + "\n记录人：骨科教学秘书 李青\n"
    return {"format": fmt, "text": text}


def test_minimum_a_period_line_under_the_title_dates_the_rows(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"教学记录.pdf": teaching_register()}, "2.10") == "met"


def test_invariance_other_hospital_and_a_period_in_brackets(tmp_path):
    doc = teaching_register("（2016年3月—4月）", teacher="陈丽娟")
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"带教登记.pdf": doc}, "2.10") == "met"


def test_directional_a_period_line_of_a_later_year_is_no_record_of_this_year(tmp_path):
    doc = teaching_register("青石县人民医院骨科 2017年3—4月")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"教学记录.pdf": doc}, "2.10") != "met"


# A group's term (本届领导小组任期为2013年1月至2015年12月) is its period: after it the group
# is no evidence, unless renewed.
def term_group(term, year=2016, units=DUIKOU):
    hosp = units["支援医院"]
    doc = (f"@title {hosp}关于成立对口支援工作领导小组的通知\n@to 院属各科室：\n医院成立对口支援工作领导小组。\n"
           "组长：院长 张明\n副组长：副院长 李强\n领导小组下设办公室于医务科，负责日常事务。\n"
           f"{term}\n@right {hosp}\n@right 2013年1月8日\n")
    return doc


def test_minimum_a_group_without_a_term_stays_in_force(tmp_path):
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"领导小组.pdf": term_group("")}, "1.01") == "met"


def test_invariance_a_term_still_running(tmp_path):
    doc = term_group("本届领导小组任期为2013年1月至2017年12月。", units=DUIKOU_OTHER)
    assert status(tmp_path, "duikou", 2016, DUIKOU_OTHER, {"领导小组.docx": doc}, "1.01") == "met"


def test_directional_a_group_whose_term_ended_falls(tmp_path):
    doc = term_group("本届领导小组任期为2013年1月至2015年12月，期满另行调整。")
    assert status(tmp_path, "duikou", 2016, DUIKOU, {"领导小组.pdf": doc}, "1.01") != "met"


# A start date (定于2019年4月1日起正式启用) in the assessed year is when a thing came into use, not
# an arrangement still to come (安排在2020年进行)
def launch_notice(sentence: str, unit="东江市第一人民医院") -> str:
    return (f"@title {unit}关于远程医疗会诊中心正式启用的通知\n各科室：\n{sentence}\n"
            f"@right {unit}\n@right 2019年3月25日\n")


def test_minimum_a_start_date_in_the_year_is_in_use(tmp_path):
    doc = launch_notice("我院与青石县人民医院共建的远程医疗服务信息系统已完成安装调试，定于2019年4月1日起正式启用。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"通知.pdf": doc}, "2.45") == "met"


def test_directional_a_launch_arranged_for_the_next_year_is_not(tmp_path):
    doc = launch_notice("我院与青石县人民医院共建的远程医疗服务信息系统正式启用安排在2020年进行。")
    assert status(tmp_path, "duikou", 2019, DUIKOU, {"通知.pdf": doc}, "2.45") != "met"
