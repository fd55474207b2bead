"""The filled official forms, read back cell by cell (text, merges, totals)."""
from __future__ import annotations

import pytest
from docxtpl import DocxTemplate

from pipeline.render import render_case
from pipeline.render.build_form import TEMPLATE_DIR, build_template, template_signature
from pipeline.render.case import case_view
from pipeline.render.context import form_context
from pipeline.rulebook.loader import load_form

from .docx_read import all_text, find_row, header_rows, paragraphs, tables
from .fixtures import YEARS, final_total, item, make_results


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = {}
    for form_id in ("duikou", "yilianti"):
        folder = tmp_path_factory.mktemp(form_id)
        results = make_results(form_id, "案卷甲")
        paths = render_case(folder, load_form(form_id, YEARS[form_id]), results)
        out[form_id] = (paths[0], results)
    return out


# --------------------------------------------------------------------------
# 附件2 对口支援
# --------------------------------------------------------------------------
def test_duikou_file_name_and_title(rendered):
    path, _ = rendered["duikou"]
    assert path.name == "附件2_城市三级医院对口支援县医院考核评估表_案卷甲.docx"
    paras = paragraphs(path)
    assert paras[:3] == ["附件2", "城市三级医院对口支援县医院考核评估表", "（满分1100分）"]
    assert paras[3] == "被考核单位：支援医院：西岭市人民医院；受援医院：梅林县人民医院　　考核年度：2015年"
    assert "{{" not in all_text(path) and "{%" not in all_text(path)


def test_duikou_heading_and_header_rows(rendered):
    path, _ = rendered["duikou"]
    t = tables(path)
    assert len(t) == 4
    first = t[0]
    assert first[0][0].text == "一类指标：考核支援医院和受援医院各自工作情况（分数300）"
    assert first[0][0].span == 8
    assert [(c, first[1][c].text, first[1][c].span) for c in sorted(first[1])] == [
        (0, "指标内容", 4), (4, "考核方法", 1), (5, "分值", 1), (6, "得分", 1), (7, "扣分原因", 1)]
    assert t[2][1][7].text == "备注"          # 三类 has 备注 instead of 扣分原因
    for flags in header_rows(path):
        assert flags[:2] == [True, True] and not any(flags[2:])


def test_duikou_first_rows_group_subgroup_merges(rendered):
    path, results = rendered["duikou"]
    t = tables(path)[0]
    row = t[2]
    assert row[0].text == "支援医院\n工作情况\n（150分）" and row[0].vmerge == "restart"
    assert row[1].text == "1.组织领导" and row[1].vmerge == "restart"
    assert row[2].text == "成立工作领导小组和办事机构，院长负责对口支援工作。" and row[2].span == 2
    assert row[4].text == "查阅成立领导小组和办事机构的文件"
    assert (row[5].text, row[6].text, row[7].text) == ("10", "10", "")
    # 1.02 is partial: score and 扣分原因 from the results
    r102 = item(results, "1.02")
    row = t[3]
    assert row[0].vmerge == "continue" and row[1].vmerge == "continue"
    assert row[6].text == "5" and row[7].text == r102["reason"]
    # 150 rows of the group: the group cell continues down to 1.21, then 受援医院 restarts
    r = find_row(t, 0, "受援医院\n工作情况\n（150分）")
    assert t[r][0].vmerge == "restart" and t[r - 1][0].vmerge == "continue"
    assert t[r][2].text.startswith("成立工作领导小组，院长负责对口支援工作")


def test_duikou_needs_data_has_empty_score_and_reason(rendered):
    path, results = rendered["duikou"]
    pending = [i for i in results["items"] if i["status"] == "needs_data"]
    assert pending
    target = pending[0]
    for tab in tables(path):
        for row in tab:
            if 2 in row and row[2].text == target["indicator"] or (1 in row and row[1].text == target["indicator"]):
                assert row[6].text == ""
                assert row[7].text == "未提供所需数据，无法计分。"
                return
    pytest.fail("needs_data row not found")


def test_duikou_group_without_subgroup_spans_subgroup_column(rendered):
    path, _ = rendered["duikou"]
    t = tables(path)[1]
    r = find_row(t, 0, "建立并落实会商机制")
    assert t[r][1].text.startswith("双方医院、科室间建立会商机制") and t[r][1].span == 3
    r = find_row(t, 1, "派驻医师开展工作情况")
    assert t[r][0].vmerge == "continue"
    assert t[r][2].text == "出门诊，每周至少2个半天。" and t[r][2].span == 2


def test_duikou_tier_rows(rendered):
    path, _ = rendered["duikou"]
    t = tables(path)[1]
    r = find_row(t, 2, "可诊疗病种数量区间（种）")
    assert t[r][2].vmerge == "restart" and t[r][2].span == 1
    assert [t[r + i][3].text for i in range(4)] == ["500-1000", "1000-1500", "1500-2000", "大于2000"]
    assert [t[r + i][5].text for i in range(4)] == ["3", "5", "8", "10"]
    assert [t[r + i][2].vmerge for i in range(4)] == ["restart", "continue", "continue", "continue"]
    assert [t[r + i][4].vmerge for i in range(4)] == ["restart", "continue", "continue", "continue"]
    assert t[r][4].text == "查看2015年数据"
    # the fixture scores the second tier: the score sits in that tier's row only
    assert [t[r + i][6].text for i in range(4)] == ["", "5", "", ""]
    assert t[r][7].vmerge == "restart" and t[r][7].text.startswith("仅部分符合要求")


def test_duikou_merged_method_cells(rendered):
    path, _ = rendered["duikou"]
    t = tables(path)[1]
    r = find_row(t, 2, "年门急诊人次较上一年度增加。")
    assert t[r][4].text == "对比2014年和2015年数据" and t[r][4].vmerge == "restart"
    assert [t[r + i][4].vmerge for i in (1, 2, 3)] == ["continue"] * 3
    assert t[r + 4][4].vmerge == "restart"      # 比例区间 has its own method


def test_duikou_cost_table(rendered):
    path, _ = rendered["duikou"]
    t = tables(path)[2]
    r = find_row(t, 0, "县医院血液透析费用情况")
    assert t[r][0].span == 2 and t[r][0].vmerge == "restart"
    assert (t[r][2].text, t[r + 1][2].text) == ("次均医药费", "新农合报销比例")
    assert t[r][4].text.startswith("检查2015年县医院和新农合费用数据") and t[r][4].vmerge == "restart"
    assert t[r][5].text == "——" and t[r][6].text == "-20"
    assert (t[r][7].text, t[r + 1][7].text) == ("412", "75%")
    g = r + 2
    assert t[g][0].text == "县医院部分常见病种费用情况\n（按照ICD-10编码）" and t[g][0].vmerge == "restart"
    assert t[g][1].text == "病毒性肝炎" and t[g][1].vmerge == "restart"
    assert (t[g][2].text, t[g][7].text) == ("住院病人人均费用", "6120")
    assert (t[g + 1][2].text, t[g + 1][7].text) == ("新农合报销比例", "68%")
    last = g + 39
    assert t[last][2].text == "新农合报销比例" and t[last][1].vmerge == "continue"
    assert t[last - 1][1].text == "老年性白内障"
    assert all(t[i][4].vmerge == "continue" for i in range(r + 1, last + 1))


def test_duikou_total_row_and_notes(rendered):
    path, results = rendered["duikou"]
    t = tables(path)[3]
    total = t[-1]
    assert total[0].text == "合计" and total[0].span == 5
    assert total[5].text == "1100"
    expected = final_total(results)
    assert total[6].text == (str(int(expected)) if float(expected).is_integer() else f"{expected:g}")
    assert "含扣分20分" in total[7].text
    paras = paragraphs(path)
    assert paras[-2] == "注：1.新农合已与其他基本医疗保险合并的，使用相应基本医疗保险数据。"
    assert paras[-1].startswith("2.满分1100分，树立典型有20分的加分项")
    r = find_row(t, 0, "支援受援医院签订的对口支援协议完成情况")
    assert t[r][5].text == "100分"


def test_duikou_year_words_follow_the_assessment_year(tmp_path):
    results = make_results("duikou")
    results["year"] = 2016
    path = render_case(tmp_path, load_form("duikou", 2016), results)[0]
    t = tables(path)[0]
    r = find_row(t, 1, "2.派驻人员管理及工作要求")
    assert t[r][4].text == "抽查2015、2016年职称晋升人员到县医院支援经历"


def test_bonus_is_added_and_named(tmp_path):
    results = make_results("duikou")
    entry = item(results, "1.21")
    entry.update(score=8, bonus=10, status="met", reason="树立典型，并有省级媒体报道。")
    path = render_case(tmp_path, load_form("duikou", 2015), results)[0]
    t = tables(path)[0]
    r = find_row(t, 2, "树立对口支援先进典型，有省级以上媒体报道。")
    assert t[r][6].text == "18" and t[r][7].text == "含加分10分"


# --------------------------------------------------------------------------
# 附件1 医联体
# --------------------------------------------------------------------------
def test_yilianti_layout_scores_and_total(rendered):
    path, results = rendered["yilianti"]
    assert path.name == "附件1_医联体综合绩效考核指标体系（行政部门）_案卷甲.docx"
    paras = paragraphs(path)
    assert paras[:3] == ["附件1", "医联体综合绩效考核指标体系（行政部门）",
                         "被考核单位：北山市卫生和计划生育委员会　　考核年度：2017年"]
    (t,) = tables(path)
    # the official columns as printed, the reviewer's two added to the right
    assert [t[0][c].text for c in range(8)] == ["一级指标", "二级指标", "三级指标", "评分方法", "总分", "自评分值",
                                                "核定得分", "扣分原因/核查意见"]
    assert header_rows(path)[0][:2] == [True, False]
    row = t[1]
    assert (row[0].text, row[0].vmerge) == ("1.组织实施", "restart")
    assert (row[1].text, row[1].vmerge) == ("1.1政策制定", None)
    assert row[2].text == "医联体建设的工作方案出台情况（定性）"
    # 1.1.1: met (4 of 4); the unit gave no self-score for it
    assert (row[4].text, row[5].text, row[6].text, row[7].text) == ("4", "", "4", "")
    row = t[2]
    assert row[0].vmerge == "continue" and (row[1].text, row[1].vmerge) == ("1.2规划实施", "restart")
    r121 = item(results, "1.2.1")
    assert r121["self_score"] == 4
    assert (row[5].text, row[6].text, row[7].text) == ("4", "2", r121["reason"])   # 1.2.1 partial: 2 of 4
    r = find_row(t, 0, "2.分工协作")
    assert t[r - 1][0].vmerge == "continue"
    total = t[-1]
    assert total[0].text == "合计" and total[0].span == 4
    assert total[4].text == "100"
    selfs = sum(i["self_score"] for i in results["items"] if i["self_score"] is not None)
    assert total[5].text == (str(int(selfs)) if float(selfs).is_integer() else f"{selfs:g}")
    expected = final_total(results)
    assert total[6].text == (str(int(expected)) if float(expected).is_integer() else f"{expected:g}")
    assert paras[-6] == "为佐证上述自评结果，请提交以下材料（如已制定）："
    assert paras[-1] == "（5）其他佐证材料。"


# --------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------
@pytest.mark.parametrize("form_id", ["yilianti", "duikou"])
def test_committed_template_matches_the_rules(form_id, tmp_path):
    fresh = tmp_path / f"{form_id}.docx"
    fresh.write_bytes(build_template(form_id))
    assert template_signature(fresh) == template_signature(TEMPLATE_DIR / f"{form_id}.docx")


@pytest.mark.parametrize("form_id", ["yilianti", "duikou"])
def test_no_undeclared_template_variables(form_id, tmp_path):
    results = make_results(form_id)
    view, _ = case_view(tmp_path, load_form(form_id, YEARS[form_id]), results)
    context = form_context(view)
    doc = DocxTemplate(str(TEMPLATE_DIR / f"{form_id}.docx"))
    assert doc.get_undeclared_template_variables(context=context) == set()
    assert doc.get_undeclared_template_variables() >= {"score", "total", "case_name", "unit"}
