"""review.xlsx: created on the first run, edited by a reviewer, kept and applied later."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from pipeline.render import render_case
from pipeline.review import COLUMNS
from pipeline.rulebook.loader import load_form

from .docx_read import find_row, tables
from .fixtures import YEARS, item, make_results

FORM = "yilianti"


def _rows(path: Path) -> tuple[dict[str, int], dict[str, dict]]:
    ws = load_workbook(path)["评审"]
    cols = {c.value: c.column for c in ws[1] if c.value}
    rows = {}
    for r in range(2, ws.max_row + 1):
        rows[str(ws.cell(r, cols["编号"]).value)] = {name: ws.cell(r, c).value for name, c in cols.items()}
    return cols, rows


def _edit(path: Path, edits: dict[str, dict], extra_column: bool = False) -> None:
    wb = load_workbook(path)
    ws = wb["评审"]
    cols = {c.value: c.column for c in ws[1] if c.value}
    where = {str(ws.cell(r, cols["编号"]).value): r for r in range(2, ws.max_row + 1)}
    for iid, values in edits.items():
        for name, value in values.items():
            ws.cell(where[iid], cols[name]).value = value
    if extra_column:
        extra = ws.max_column + 1
        ws.cell(1, extra, "备忘")
        ws.cell(where["1.1.1"], extra, "已电话核实")
        wb.create_sheet("我的笔记")["A1"] = "复核要点"
    wb.save(path)


def _form_row(out: Path, indicator: str) -> dict:
    path = next(out.glob("附件1_*.docx"))
    (t,) = tables(path)
    return t[find_row(t, 2, indicator)]


def test_first_run_creates_the_review_sheet(tmp_path):
    results = make_results(FORM)
    render_case(tmp_path, load_form(FORM, YEARS[FORM]), results)
    cols, rows = _rows(tmp_path / "review.xlsx")
    assert list(cols) == COLUMNS
    assert len(rows) == len(results["items"])
    r = rows["1.2.1"]
    assert r["指标"] == "指定区域医联体建设规划，形成适宜规模、功能互补的医联体网格化布局（定性）"
    assert (r["满分"], r["建议得分"], r["状态"]) == (4, 2, "部分符合")
    assert r["建议理由"] == item(results, "1.2.1")["reason"]
    assert r["终审得分"] is None and r["评审意见"] is None and r["提示"] is None
    pending = next(i for i in results["items"] if i["status"] == "needs_data")
    assert rows[pending["id"]]["建议得分"] is None and rows[pending["id"]]["状态"] == "待补数据"


def test_reviewer_edit_is_kept_and_applied_and_changes_are_flagged(tmp_path):
    form = load_form(FORM, YEARS[FORM])
    results = make_results(FORM)
    render_case(tmp_path, form, results)
    target = item(results, "1.3.3")            # not_met: proposed 0 of 2
    assert target["score"] == 0
    _edit(tmp_path / "review.xlsx", {
        "1.3.3": {"终审得分": 2, "评审意见": "现场查看了正式印发的制度，予以认可"},
        "1.3.4": {"终审得分": "abc"},
        "1.4.1": {"终审得分": 99},
        "1.2.1": {"终审得分": "3分"},
    }, extra_column=True)

    # the program's proposal for 1.3.3 changes on the next run
    target.update(score=1, status="partial", reason="制度为试行稿，部分符合。")
    render_case(tmp_path, form, results)

    cols, rows = _rows(tmp_path / "review.xlsx")
    r = rows["1.3.3"]
    assert r["终审得分"] == 2 and r["评审意见"] == "现场查看了正式印发的制度，予以认可"
    assert (r["建议得分"], r["状态"], r["建议理由"]) == (1, "部分符合", "制度为试行稿，部分符合。")
    assert r["提示"].startswith("建议已变化，请复核（原建议0分/不符合，现建议1分/部分符合）")
    assert rows["1.1.1"]["备忘"] == "已电话核实"
    assert "我的笔记" in load_workbook(tmp_path / "review.xlsx").sheetnames
    # bad values stay in the file, are reported and not applied
    assert rows["1.3.4"]["终审得分"] == "abc" and "不是数字" in rows["1.3.4"]["提示"]
    assert rows["1.4.1"]["终审得分"] == 99 and "超出本项分值范围（0～3分）" in rows["1.4.1"]["提示"]

    # 核定得分 (column 6) carries the reviewer's score, 扣分原因/核查意见 (7) their opinion
    row = _form_row(tmp_path, "制定医联体内部利益共享机制的指导意见或制度（定性）")
    assert (row[6].text, row[7].text) == ("2", "现场查看了正式印发的制度，予以认可")
    assert _form_row(tmp_path, "制定远程医疗收费标准等（定性）")[6].text == \
        str(item(results, "1.3.4")["score"])
    assert _form_row(tmp_path, "指定区域医联体建设规划，形成适宜规模、功能互补的医联体网格化布局（定性）")[6].text == "3"

    # a third run with nothing changed keeps the flag until the reviewer clears it
    render_case(tmp_path, form, results)
    _, rows = _rows(tmp_path / "review.xlsx")
    assert rows["1.3.3"]["提示"].startswith("建议已变化，请复核")
    _edit(tmp_path / "review.xlsx", {"1.3.3": {"提示": None}})
    render_case(tmp_path, form, results)
    _, rows = _rows(tmp_path / "review.xlsx")
    assert rows["1.3.3"]["提示"] is None and rows["1.3.3"]["终审得分"] == 2


def test_reviewer_note_becomes_the_deduction_reason(tmp_path):
    form = load_form("duikou", 2015)
    results = make_results("duikou")
    render_case(tmp_path, form, results)
    _edit(tmp_path / "review.xlsx", {"1.03": {"终审得分": 3, "评审意见": "计划缺少医技科室，扣2分"}})
    render_case(tmp_path, form, results)
    path = next(tmp_path.glob("附件2_*.docx"))
    t = tables(path)[0]
    r = find_row(t, 2, "行政部门、临床和医技科室根据受援医院情况有针对性地制定年度工作计划并组织实施。")
    assert (t[r][6].text, t[r][7].text) == ("3", "计划缺少医技科室，扣2分")


def test_render_command_rerenders_from_results_and_review(tmp_path):
    out = tmp_path / "caseA"
    results = make_results(FORM, "caseA")
    out.mkdir()
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    kaohe = Path(sys.executable).parent / "kaohe"
    done = subprocess.run([str(kaohe), "render", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (out / "review.xlsx").is_file()
    _edit(out / "review.xlsx", {"1.1.1": {"终审得分": 1, "评审意见": "方案未印发"}})
    done = subprocess.run([str(kaohe), "render", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout
    assert _form_row(out, "医联体建设的工作方案出台情况（定性）")[6].text == "1"

    missing = subprocess.run([str(kaohe), "render", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2
    assert "找不到" in missing.stderr and "results.json" in missing.stderr


def test_unreadable_review_file_is_left_untouched(tmp_path):
    import pytest

    from pipeline.errors import KaoheError

    bad = tmp_path / "review.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(KaoheError, match="无法打开"):
        render_case(tmp_path, load_form(FORM, YEARS[FORM]), make_results(FORM))
    assert bad.read_bytes() == b"not a workbook"


def test_cost_table_decision_range(tmp_path):
    form = load_form("duikou", 2015)
    results = make_results("duikou")
    render_case(tmp_path, form, results)
    _edit(tmp_path / "review.xlsx", {"3.03": {"终审得分": 0}, "3.01": {"终审得分": -5}})
    render_case(tmp_path, form, results)
    _, rows = _rows(tmp_path / "review.xlsx")
    assert rows["3.03"]["提示"] is None
    assert "超出本项分值范围（0～50分）" in rows["3.01"]["提示"]
    t = tables(next(tmp_path.glob("附件2_*.docx")))[2]
    r = find_row(t, 0, "县医院血液透析费用情况")
    assert t[r][6].text == "0"
