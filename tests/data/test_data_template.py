"""The 指标数据.xlsx template: sheets, rows, validations, formats, and the CLI command."""
from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.data.model import is_question
from pipeline.data.template import build_template
from pipeline.rulebook.loader import load_form

D = load_form("duikou", 2015)
Y = load_form("yilianti", 2017)


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, [c for c in row])) for row in ws.iter_rows(min_row=2)]


def _validation_of(ws, coordinate):
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref:
            return dv
    return None


def test_duikou_sheets_and_header(tmp_path):
    path = tmp_path / "d.xlsx"
    build_template(D, 2015).save(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "指标数据", "费用情况"]
    header, rows = _rows(wb["指标数据"])
    assert header == ["序号", "数据项", "选项", "单位", "本年度（2015年）", "上一年度（2014年）", "服务的指标", "填写说明"]
    # one row per figure, one per required name for a list figure; no on-site questions
    expected = sum(len(f.choices) if f.type == "list" else 1 for f in D.figures if not is_question(f))
    assert len(rows) == expected == 80 - sum(1 for f in D.figures if is_question(f))
    keys = {r["数据项"].value for r in rows}
    assert "培训人员在相应科室参与业务工作（抽查病历）" not in keys
    assert "支援医院网络直报信息与实际情况一致" not in keys
    assert "独立开展的复杂技术、手术增加情况（专家评分）" not in keys
    assert wb["指标数据"].freeze_panes == "A2"


def test_rows_carry_key_unit_items_note_and_validation(tmp_path):
    path = tmp_path / "d.xlsx"
    build_template(D, 2015).save(path)
    ws = load_workbook(path)["指标数据"]
    _, rows = _rows(ws)
    by_key = {}
    for r in rows:
        by_key.setdefault(r["数据项"].value, []).append(r)
    row = by_key["可诊疗病种数量"][0]
    assert row["单位"].value == "种"
    assert row["服务的指标"].value == "2.23 可诊疗病种数量较上一年度增加。；2.24 可诊疗病种数量区间（种）"
    assert "两列都要填写" in row["填写说明"].value
    this, last = row["本年度（2015年）"], row["上一年度（2014年）"]
    assert not this.protection.locked and not last.protection.locked
    assert this.number_format == "0"
    dv = _validation_of(ws, this.coordinate)
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    # a figure asked for this year only: last-year cell grey and locked
    row = by_key["手术前平均住院日"][0]
    last = row["上一年度（2014年）"]
    assert last.protection.locked and last.fill.fgColor.rgb.endswith("D9D9D9")
    assert _validation_of(ws, last.coordinate) is None
    # percent: decimal 0-100 with the three accepted spellings in the note
    row = by_key["患者满意度"][0]
    dv = _validation_of(ws, row["本年度（2015年）"].coordinate)
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100")
    assert "65、0.65、65% 均表示65%" in row["填写说明"].value
    # a list figure: one row per required name, 是/否 list
    names = [r["选项"].value for r in by_key["受援医院已开设的一级诊疗科目"]]
    assert names[:2] == ["内科", "外科"] and len(names) == 13
    dv = _validation_of(ws, by_key["受援医院已开设的一级诊疗科目"][0]["本年度（2015年）"].coordinate)
    assert (dv.type, dv.formula1) == ("list", '"是,否"')
    # an expert's score is the reviewer's question (review.xlsx), not the unit's
    assert "独立开展的复杂技术、手术增加情况（专家评分）" not in by_key
    # year words follow the assessment year
    assert "2014年对口支援协议完成进度" in by_key
    assert ws.protection.sheet


def test_cost_sheet_rows(tmp_path):
    path = tmp_path / "d.xlsx"
    build_template(D, 2015).save(path)
    ws = load_workbook(path)["费用情况"]
    header, rows = _rows(ws)
    assert header == ["序号", "项目", "指标", "单位", "数值（2015年）", "填写说明"]
    cells = [(r["项目"].value, r["指标"].value, r["单位"].value) for r in rows]
    assert cells[:4] == [("血液透析", "次均医药费", "元"), ("血液透析", "新农合报销比例", "%"),
                         ("病毒性肝炎", "住院病人人均费用", "元"), ("病毒性肝炎", "新农合报销比例", "%")]
    assert len(cells) == 42 and cells[-1] == ("老年性白内障", "新农合报销比例", "%")


def test_yilianti_has_self_score_sheet(tmp_path):
    path = tmp_path / "y.xlsx"
    build_template(Y, 2017).save(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "指标数据", "自评分"]
    header, rows = _rows(wb["自评分"])
    assert header == ["编号", "指标", "满分", "自评分值"]
    assert (rows[0]["编号"].value, rows[0]["满分"].value) == ("1.1.1", 4)
    assert len(rows) == 42
    dv = _validation_of(wb["自评分"], rows[0]["自评分值"].coordinate)
    assert (dv.formula1, dv.formula2) == ("0", "4")
    text = "\n".join(c.value or "" for c in wb["说明"]["A"])
    assert "65、0.65、65%、65 % 都表示65%" in text and "自评分" in text


def test_cli_writes_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "指标数据.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["data-template", "--form", "duikou", "--year", "2016", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "54 个数据项（80 行）" in result.output
    ws = load_workbook(out)["指标数据"]
    assert ws.cell(row=1, column=5).value == "本年度（2016年）"
    before = out.stat().st_mtime_ns
    result = runner.invoke(cli, ["data-template", "--form", "duikou", "-o", str(out)])
    assert result.exit_code != 0
    assert "已存在，未覆盖" in str(result.exception)
    assert out.stat().st_mtime_ns == before
    result = runner.invoke(cli, ["data-template", "--form", "duikou", "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert load_workbook(out)["指标数据"].cell(row=1, column=5).value == "本年度（2015年）"
