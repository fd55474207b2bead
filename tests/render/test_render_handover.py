"""What a reviewer hands upward, read back: the report's structure and XML, the letter's
公文 layout and contents, the forms' 备注 and wording, document properties, results.json's
final fields, review.xlsx's dress and 现场核查, and the summary across cases."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from pipeline.render import render_case
from pipeline.rulebook.loader import iter_items, load_form
from pipeline.summary import load_outbox, write_summary

from .docx_read import find_row, tables
from .fixtures import YEARS, final_total, item, make_results
from .ooxml import violations

REVIEWER = {"commission": "东江市卫生健康委员会", "contact": "周敏", "phone": "0579-88886666"}


def _results(form_id: str, case: str = "案卷丙") -> dict:
    results = make_results(form_id, case)
    results["reviewer"] = dict(REVIEWER)
    results["total"] = {"score": final_total(results), "max": load_form(form_id, YEARS[form_id]).full_marks}
    return results


def _out(paths, prefix: str, suffix: str = ".docx") -> Path:
    return next(p for p in paths if p.name.startswith(prefix) and p.suffix == suffix)


def _edit(path: Path, sheet: str, key_col: str, edits: dict[str, dict]) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    cols = {c.value: c.column for c in ws[1] if c.value}
    rows = {str(ws.cell(r, cols[key_col]).value): r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for name, value in values.items():
            ws.cell(rows[key], cols[name]).value = value
    wb.save(path)


@pytest.fixture(scope="module")
def duikou(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handover")
    results = _results("duikou")
    # a quantitative item whose reported figure falls short: not asked for again
    item(results, "2.18").update(status="not_met", score=0, reason="新增关键技术的受援科室数4个，少于受援科室数5个，不得分",
                                 figures={"新增至少1项农村适宜关键技术的受援科室数": {"this": 4}, "受援科室数": {"this": 5}})
    # only an on-site check is missing: the reviewer's question, not the unit's
    item(results, "1.08").update(status="needs_data", score=None, reason="待评审人员现场核查：派驻人员资质、派驻时间符合规定",
                                 figures={"派驻人员资质、派驻时间符合规定": {"this": None}})
    # a figure the unit did not report, and one it reported that could not be read
    item(results, "2.41").update(status="needs_data", score=None, reason="缺少数据：患者满意度（本年度）",
                                 figures={"患者满意度": {"this": None, "last": 90}})
    item(results, "2.23").update(status="needs_data", score=None, reason="缺少数据：可诊疗病种数量（本年度）",
                                 figures={"可诊疗病种数量": {"this": None, "last": 1200}})
    results["problems"].append({"file": "指标数据.xlsx", "stage": "data",
                                "message": "工作表“指标数据”第40行“可诊疗病种数量”本年度：不是数字，填写的是“一千多”"})
    # 备注 values and a reason that names a file
    item(results, "3.01").update(status="met", score=50, figures={"新农合患者县域外就诊率": {"this": 12, "last": 14.3}})
    item(results, "4.01").update(status="partial", score=60, figures={"2014年对口支援协议完成进度": {"this": 85}})
    item(results, "1.04").update(status="not_met", score=0,
                                 reason="年度工作报告：“A01-院办发2015-4号-领导小组.pdf”；但未找到半年工作意见。")
    paths = render_case(folder, load_form("duikou", 2015), results)
    return folder, paths, results


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------
def test_report_docx_has_headings_page_numbers_and_clean_tables(duikou):
    _, paths, results = duikou
    path = _out(paths, "佐证核查报告_")
    doc = Document(str(path))
    by_style = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["佐证核查报告"]
    assert by_style["Heading 1"] == ["一、总体情况", "二、逐项核查", "三、文件清单"]
    assert len(by_style["Heading 2"]) == len(results["items"])
    assert by_style["Heading 2"][0].startswith("1.01　成立工作领导小组")
    # the heading styles print in a Chinese face, not the template's theme font
    fonts = doc.styles["Heading 1"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "黑体" and fonts.get(qn("w:asciiTheme")) is None
    # page numbers in the footer
    footer_xml = doc.sections[0].footer._element.xml
    assert 'w:instr=" PAGE "' in footer_xml and 'w:instr=" NUMPAGES "' in footer_xml
    # the document list: the header row shaded and repeated, the data rows plain
    listing = doc.tables[-1]
    rows = listing._tbl.findall(qn("w:tr"))
    assert len(rows) == 1 + len(results["documents"])
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None for tc in rows[0].findall(qn("w:tc")))
    assert not any(tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None
                   for tr in rows[1:] for tc in tr.findall(qn("w:tc")))


def test_every_word_output_is_schema_ordered_and_has_our_properties(duikou):
    _, paths, _ = duikou
    today = dt.datetime.now(dt.timezone.utc).date()
    docs = [p for p in paths if p.suffix == ".docx"]
    assert len(docs) == 3
    for path in docs:
        assert violations(path) == [], path.name
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        for tbl_pr in re.findall(r"<w:tblPr>.*?</w:tblPr>", xml):
            assert tbl_pr.count("<w:tblLayout") <= 1
        cp = Document(str(path)).core_properties
        assert cp.author == REVIEWER["commission"] and cp.last_modified_by == REVIEWER["commission"]
        assert cp.title and "python-docx" not in (cp.title + cp.comments + cp.subject)
        assert cp.created.date() == today and cp.revision == 1
    form = Document(str(_out(paths, "附件2_"))).core_properties
    assert form.title == "附件2 城市三级医院对口支援县医院考核评估表（案卷丙）"


# --------------------------------------------------------------------------
# The forms
# --------------------------------------------------------------------------
def test_remarks_keep_their_instruction_until_the_value_is_there(duikou, tmp_path):
    _, paths, results = duikou
    t = tables(_out(paths, "附件2_"))
    three = t[2]
    r = find_row(three, 0, "新农合患者县域外就诊率较上一年度下降")
    assert three[r][7].text == "下降2.3%"
    four = t[3]
    r = find_row(four, 0, "支援受援医院签订的对口支援协议完成情况")
    assert four[r][7].text == "85%"
    # without the figures the printed instructions stay
    bare = _results("duikou")
    item(bare, "3.01").update(figures={"新农合患者县域外就诊率": {"this": 12, "last": None}})
    t = tables(render_case(tmp_path, load_form("duikou", 2015), bare)[0])
    assert t[2][find_row(t[2], 0, "新农合患者县域外就诊率较上一年度下降")][7].text == "（填写下降的绝对值，如：下降2%）"
    assert t[3][find_row(t[3], 0, "支援受援医院签订的对口支援协议完成情况")][7].text == "填写完成进度，以 %表示"


def test_form_reasons_name_documents_by_title(duikou):
    _, paths, _ = duikou
    t = tables(_out(paths, "附件2_"))[0]
    r = find_row(t, 2, load_form("duikou", 2015).sections[0].sections[0].sections[0].items[3].indicator)
    assert t[r][7].text == "年度工作报告：《关于成立对口支援工作领导小组的通知》；但未找到半年工作意见。"
    assert ".pdf" not in t[r][7].text


# --------------------------------------------------------------------------
# The letter
# --------------------------------------------------------------------------
def _letter(paths) -> Document:
    return Document(str(_out(paths, "补充材料清单_")))


def test_letter_layout_follows_the_gongwen_standard(duikou):
    _, paths, _ = duikou
    doc = _letter(paths)
    sec = doc.sections[0]
    assert (round(sec.top_margin.cm, 1), round(sec.bottom_margin.cm, 1),
            round(sec.left_margin.cm, 1), round(sec.right_margin.cm, 1)) == (3.7, 3.5, 2.8, 2.6)
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)                                   # 3号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    paras = doc.paragraphs
    title = paras[0]
    assert title.text == "关于补充提交2015年度考核佐证材料的通知"
    assert title.runs[0].font.size == Pt(22)                            # 2号
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert paras[2].text == "西岭市人民医院、梅林县人民医院："                 # 主送机关
    texts = [p.text for p in paras]
    body = "".join(texts)
    assert "我委对你单位报送的佐证材料逐项进行了核查" in body and "我们" not in body
    assert "（联系人：周敏；联系电话：0579-88886666）" in texts
    assert not re.search(r"[\u4e00-\u9fff][ \t]+\d|\d[ \t]+[\u4e00-\u9fff]", body)
    # signature, date and seal placeholder kept on the page with the last lines of text
    sign = texts.index("东江市卫生健康委员会（盖章）")
    assert texts[sign + 1] == "　　年　　月　　日"
    closing = texts.index("特此通知。")
    assert all(paras[i].paragraph_format.keep_with_next for i in range(closing, sign + 1))
    # page numbers "— 1 —": odd pages right, even pages left
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    for footer, align in ((odd, "right"), (even, "left")):
        assert footer.alignment == {"right": 2, "left": 0}[align]
        assert "".join(t.text for t in footer._p.iter(qn("w:t"))) == "— 1 —"
        assert 'w:instr=" PAGE "' in footer._p.xml
        assert footer.runs[0].font.size == Pt(14)                       # 4号


def test_letter_asks_only_for_what_the_unit_can_supply(duikou):
    folder, paths, results = duikou
    doc = _letter(paths)
    (t,) = doc.tables
    rows = {row.cells[1].text: row for row in t.rows[1:]}
    quals = [i["id"] for i in results["items"] if i["type"] == "qualitative" and i["status"] in ("no_evidence", "not_met")]
    assert set(quals) <= set(rows)
    assert rows["1.04"].cells[3].text.startswith("不符合：年度工作报告：《关于成立对口支援工作领导小组的通知》")
    assert "2.18" not in rows                      # reported, falls short
    assert "1.08" not in rows                      # only an on-site check is missing
    assert rows["2.41"].cells[3].text == "未填报：患者满意度（本年度）"
    assert rows["2.23"].cells[3].text == "填写有误、无法识别：可诊疗病种数量（本年度）"
    assert rows["2.41"].cells[4].text.startswith("请在指标数据表中填报：患者满意度（本年度）")
    partial = [i["id"] for i in results["items"] if i["status"] in ("partial", "met")]
    assert not set(partial) & set(rows)


def test_a_reviewers_decision_takes_an_item_off_the_letter(tmp_path):
    form = load_form("duikou", 2015)
    results = _results("duikou")
    render_case(tmp_path, form, results)
    target = next(i["id"] for i in results["items"] if i["status"] == "no_evidence")
    other = next(i["id"] for i in results["items"] if i["status"] == "not_met" and i["type"] == "qualitative")
    _edit(tmp_path / "review.xlsx", "评审", "编号", {target: {"评审意见": "现场查看了原件，予以认可"},
                                                   other: {"终审得分": 0}})
    paths = render_case(tmp_path, form, results)
    ids = [row.cells[1].text for row in _letter(paths).tables[0].rows[1:]]
    assert target not in ids and other not in ids and ids


# --------------------------------------------------------------------------
# results.json
# --------------------------------------------------------------------------
def test_results_json_carries_the_reviewers_final_decisions(tmp_path):
    out = tmp_path / "caseB"
    out.mkdir()
    results = _results("yilianti", "caseB")
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    kaohe = Path(sys.executable).parent / "kaohe"
    assert subprocess.run([str(kaohe), "render", str(out)], capture_output=True, timeout=120).returncode == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    first = item(data, "1.1.1")
    assert (first["final_score"], first["final_source"], first["reviewer_opinion"]) == (first["score"], "proposal", None)
    _edit(out / "review.xlsx", "评审", "编号", {"1.1.1": {"终审得分": 1, "评审意见": "方案未印发"}})
    done = subprocess.run([str(kaohe), "render", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    first = item(data, "1.1.1")
    assert (first["score"], first["final_score"], first["reviewer_score"]) == (4, 1, 1)
    assert (first["final_source"], first["reviewer_opinion"]) == ("reviewer", "方案未印发")
    proposal_total = sum((i["score"] or 0) + (i.get("bonus") or 0) for i in data["items"])
    assert data["total"]["final"] == proposal_total - 3
    assert data["review"]["reviewed"] == 1 and data["review"]["opinions"] == 1


# --------------------------------------------------------------------------
# review.xlsx
# --------------------------------------------------------------------------
def test_review_sheet_validation_filter_colours_protection_and_print(duikou):
    folder, _, _ = duikou
    wb = load_workbook(folder / "review.xlsx")
    ws = wb["评审"]
    cols = {c.value: c.column for c in ws[1] if c.value}
    rows = {str(ws.cell(r, cols["编号"]).value): r for r in range(2, ws.max_row + 1)}
    letter = ws.cell(1, cols["终审得分"]).column_letter

    def rule(iid: str):
        coord = f"{letter}{rows[iid]}"
        found = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
        assert len(found) == 1, iid
        return found[0]
    assert (rule("1.01").type, rule("1.01").formula1, rule("1.01").formula2) == ("decimal", "0", "10")
    assert (rule("3.03").formula1, rule("3.03").formula2) == ("-20", "0")           # the cost table's deduction
    assert (rule("1.21").formula1, rule("1.21").formula2) == ("0", "18")            # 8 points plus a 10-point bonus
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, max(cols.values())).column_letter}{ws.max_row}"
    status = ws.cell(rows["1.01"], cols["状态"])
    assert status.value == "符合" and status.fill.fgColor.rgb.endswith("E8F5E9")
    assert ws.cell(rows["1.04"], cols["状态"]).fill.fgColor.rgb.endswith("FDECEA")
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False and ws.protection.sort is False
    r = rows["1.01"]
    for name in ("终审得分", "评审意见", "提示"):
        assert ws.cell(r, cols[name]).protection.locked is False
    for name in ("编号", "指标", "建议得分", "建议理由"):
        assert ws.cell(r, cols[name]).protection.locked is not False
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert wb.properties.creator == REVIEWER["commission"]


def test_guide_sheet_is_true_for_each_form(tmp_path):
    lines = {}
    for form_id in ("yilianti", "duikou"):
        render_case(tmp_path / form_id, load_form(form_id, YEARS[form_id]), _results(form_id))
        ws = load_workbook(tmp_path / form_id / "review.xlsx")["说明"]
        lines[form_id] = "\n".join(str(c.value) for c in ws["A"] if c.value)
    assert "“核定得分”印终审得分" in lines["yilianti"] and "自评分值" in lines["yilianti"]
    assert "费用" not in lines["yilianti"] and "现场核查" in lines["yilianti"]
    assert "“扣分原因”“备注”栏印评审意见" in lines["duikou"]
    assert "县医院血液透析费用情况（编号3.03）只能扣分" in lines["duikou"] and "核定得分" not in lines["duikou"]


def test_onsite_questions_are_asked_in_review_xlsx_and_rescore_at_render(tmp_path):
    form = load_form("duikou", 2015)
    results = _results("duikou")
    key = "派驻人员资质、派驻时间符合规定"
    item(results, "1.08").update(status="needs_data", score=None, figures={key: {"this": None}},
                                 reason=f"待评审人员现场核查：{key}")
    render_case(tmp_path, form, results)
    wb = load_workbook(tmp_path / "review.xlsx")
    ws = wb["现场核查"]
    cols = {c.value: c.column for c in ws[1] if c.value}
    asked = [ws.cell(r, cols["数据项"]).value for r in range(2, ws.max_row + 1)]
    assert key in asked and "培训人员在相应科室参与业务工作（抽查病历）" in asked
    assert "独立开展的复杂技术、手术增加情况（专家评分）" in asked
    assert "可诊疗病种数量" not in asked                                 # the unit's figure stays the unit's
    r = asked.index(key) + 2
    assert ws.cell(r, cols["核查结果"]).protection.locked is False
    assert "1.08" in ws.cell(r, cols["服务的指标"]).value
    # the reviewer answers; kaohe render re-scores the item from the rules
    _edit(tmp_path / "review.xlsx", "现场核查", "数据项", {key: {"核查结果": "是"}})
    paths = render_case(tmp_path, form, results)
    entry = item(json.loads((tmp_path / "results.json").read_text(encoding="utf-8")), "1.08")
    assert (entry["status"], entry["score"], entry["final_score"]) == ("met", 5, 5)
    assert entry["figures"][key] == {"this": True}
    t = tables(_out(paths, "附件2_"))[0]
    r = find_row(t, 2, next(i.indicator for _, i in iter_items(form) if i.id == "1.08"))
    assert t[r][6].text == "5"


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode != 0,
                    reason="LibreOffice is not installed")
def test_review_xlsx_opens_in_libreoffice_calc(duikou, tmp_path):
    folder, _, _ = duikou
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir",
                           str(tmp_path), str(folder / "review.xlsx")], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader((tmp_path / "review.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["编号", "指标", "满分", "建议得分", "状态", "建议理由", "终审得分", "评审意见", "提示"]
    assert rows[1][:5] == ["1.01", "成立工作领导小组和办事机构，院长负责对口支援工作。", "10", "10", "符合"]


# --------------------------------------------------------------------------
# The summary across cases
# --------------------------------------------------------------------------
def test_summary_has_one_row_per_case_with_totals_and_rank(tmp_path):
    outbox = tmp_path / "outbox"
    low = _results("yilianti", "北湖")
    for i in low["items"]:
        if i["status"] == "met" and i["type"] == "qualitative":
            i.update(score=0, status="not_met")
            break
    cases = [("南湖", _results("yilianti", "南湖")), ("北湖", low), ("东江", _results("duikou", "东江"))]
    for name, results in cases:
        render_case(outbox / name, load_form(results["form"], results["year"]), results)
    _edit(outbox / "南湖" / "review.xlsx", "评审", "编号", {"1.1.1": {"终审得分": 0, "评审意见": "未印发"}})
    kaohe = Path(sys.executable).parent / "kaohe"
    assert subprocess.run([str(kaohe), "render", str(outbox / "南湖")], capture_output=True, timeout=120).returncode == 0
    done = subprocess.run([str(kaohe), "summary", str(outbox)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "共汇总 3 个案例" in done.stdout
    wb = load_workbook(outbox / "汇总表.xlsx")
    assert len(wb.sheetnames) == 2
    finals = {}
    for ws in wb.worksheets:
        head = [c.value for c in ws[2]]
        for r in range(3, ws.max_row + 1):
            row = {h: ws.cell(r, c).value for c, h in enumerate(head, start=1)}
            finals[row["案例"]] = row
            assert ws.cell(r, len(head)).hyperlink.target.startswith(f"{row['案例']}/佐证核查报告_")
    assert set(finals) == {"南湖", "北湖", "东江"}
    data = {name: json.loads((outbox / name / "results.json").read_text(encoding="utf-8")) for name, _ in cases}
    for name, row in finals.items():
        assert row["终审总分"] == data[name]["total"]["final"]
        assert row["建议总分"] == data[name]["total"]["score"]
        assert row["符合"] == sum(1 for i in data[name]["items"] if i["status"] == "met")
        sections = [h for h in row if h in ("1.组织实施", "2.分工协作", "3.医疗资源上下贯通", "4.效率效益",
                                            "一类指标", "二类指标", "三类指标", "四类指标")]
        assert len(sections) == 4
        assert sum(row[h] for h in sections) == pytest.approx(row["终审总分"])
    # 南湖 lost 4 points on review, 北湖 lost 4 on the proposal: they tie for first
    assert finals["南湖"]["终审总分"] == finals["北湖"]["终审总分"]
    assert (finals["南湖"]["名次"], finals["北湖"]["名次"], finals["东江"]["名次"]) == (1, 1, 1)
    assert finals["南湖"]["评审已定项"] == 1
    html = (outbox / "汇总表.html").read_text(encoding="utf-8")
    assert html.count('<a href="') == 3 and 'class="sortable"' in html
    assert '<a href="南湖/佐证核查报告_南湖.html">' in html


def test_run_over_several_cases_writes_the_summary(tmp_path):
    found = []
    for name in ("甲", "乙"):
        results = _results("yilianti", name)
        render_case(tmp_path / name, load_form("yilianti", 2017), results)
        found.append(name)
    written = write_summary(tmp_path, load_outbox(tmp_path))
    assert [p.name for p in written] == ["汇总表.xlsx", "汇总表.html"]
    ws = load_workbook(written[0]).worksheets[0]
    assert sorted(ws.cell(r, 2).value for r in range(3, ws.max_row + 1)) == sorted(found)
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == [1, 1]      # the same totals tie
