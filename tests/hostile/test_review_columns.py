"""review.xlsx: the reviewer's columns are found by meaning or the file is refused naming the column;
ids Excel turned into numbers are matched back; `kaohe run` says what `kaohe render` says."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from pipeline.errors import KaoheError
from pipeline.render import render_case
from pipeline.render.context import proposals
from pipeline.review import _id_text, merge_review
from pipeline.rulebook.loader import load_form
from tests.render.fixtures import YEARS, make_results

from .helpers import kaohe, make_case


def first_review(tmp_path, form_id="yilianti"):
    form = load_form(form_id, YEARS[form_id])
    results = make_results(form_id)
    render_case(tmp_path, form, results)
    return form, results, tmp_path / "review.xlsx"


def edit(path, change):
    wb = load_workbook(path)
    change(wb["评审"], wb)
    wb.save(path)


def put(path, cells: list[tuple[object, int, object]]) -> None:
    """Set (row or item id, column, value) cells of the review sheet."""
    def change(ws, wb):
        for row, col, value in cells:
            ws.cell(row if isinstance(row, int) else where(ws, row), col).value = value
    edit(path, change)


def where(ws, iid: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value) == iid)


def test_renamed_headers_and_a_title_row_are_understood(tmp_path):
    form, results, path = first_review(tmp_path)

    def change(ws, wb):
        r = where(ws, "1.2.1")
        ws.cell(r, 7).value = 3
        ws.cell(r, 8).value = "规划已印发，扣1分"
        ws.insert_rows(1)
        ws.cell(1, 1).value = "某市医联体考核评审表"
        ws.cell(2, 1).value = "编号 "
        ws.cell(2, 7).value = "终审得分（分）"
        ws.cell(2, 8).value = "评审意见："
        ws.title = "终审"
    edit(path, change)
    review = merge_review(path, proposals(form, results))
    assert review.decisions["1.2.1"].score == 3 and review.decisions["1.2.1"].note == "规划已印发，扣1分"
    ws = load_workbook(path)["终审"]
    assert [ws.cell(2, c).value for c in (1, 7, 8)] == ["编号 ", "终审得分（分）", "评审意见："]   # kept as typed
    assert ws.max_column == 9                                                         # no column added


def test_other_words_for_the_final_score(tmp_path):
    form, results, path = first_review(tmp_path)

    def change(ws, wb):
        ws.cell(1, 7).value = "最终得分"
        ws.cell(1, 8).value = "专家意见"
        ws.cell(where(ws, "1.1.1"), 7).value = "2分"
    edit(path, change)
    assert merge_review(path, proposals(form, results)).decisions["1.1.1"].score == 2


@pytest.mark.parametrize("header, missing", [(7, "终审得分"), (8, "评审意见"), (1, "编号")])
def test_a_missing_reviewer_column_is_refused_naming_it(tmp_path, header, missing):
    form, results, path = first_review(tmp_path)

    def change(ws, wb):
        ws.cell(where(ws, "1.2.1"), 7).value = 3
        ws.cell(1, header).value = "我的备注"
    edit(path, change)
    before = path.read_bytes()
    with pytest.raises(KaoheError) as caught:
        render_case(tmp_path, form, results)
    assert f"找不到“{missing}”列" in str(caught.value) and "未做任何改动" in str(caught.value)
    assert path.read_bytes() == before


def test_two_columns_that_both_look_like_the_final_score_are_refused(tmp_path):
    form, results, path = first_review(tmp_path)
    put(path, [(1, 7, "终审分"), (1, 10, "最终得分")])
    with pytest.raises(KaoheError, match="有多列都像是“终审得分”"):
        merge_review(path, proposals(form, results))


def test_ids_stored_as_numbers_are_matched_back_or_reported(tmp_path):
    form, results, path = first_review(tmp_path, "duikou")

    def change(ws, wb):
        r = where(ws, "1.10")
        ws.cell(r, 1).value = 1.1                       # what Excel does to 1.10
        ws.cell(r, 7).value = 2
        r = where(ws, "1.02")
        ws.cell(r, 1).value = "9.99"                    # an id not in the results, with a decision
        ws.cell(r, 8).value = "已核实"
    edit(path, change)
    review = merge_review(path, proposals(form, results))
    assert review.decisions["1.10"].score == 2
    assert any("编号 1.1 是数字（Excel 会把 1.10 变成 1.1），已按“1.10”匹配并改回文本" in w for w in review.warnings)
    assert any("编号“9.99”本次结果中没有此编号，该行填写的终审得分/评审意见未采用" in w for w in review.warnings)
    ws = load_workbook(path)["评审"]
    assert any(ws.cell(r, 1).value == "1.10" and ws.cell(r, 7).value == 2 for r in range(2, ws.max_row + 1))
    assert _id_text(1.1, {"1.1", "1.10"})[1].startswith("编号 1.1 是数字，无法确定是1.1、1.10中的哪一项")


def test_run_prints_the_reviewers_warnings(tmp_path):
    case = make_case(tmp_path)
    out = tmp_path / "out"
    assert kaohe(tmp_path, "run", str(case), "--out", str(out)).returncode == 0
    put(out / "case" / "review.xlsx", [("1.01", 7, "很好")])
    res = kaohe(tmp_path, "run", str(case), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "提示：case：review.xlsx 第2行（编号 1.01）：终审得分“很好”不是数字，本次按建议得分出表" in res.stderr
    put(out / "case" / "review.xlsx", [(1, 7, "分数")])
    res = kaohe(tmp_path, "run", str(case), "--out", str(out))
    assert res.returncode == 2
    assert "找不到“终审得分”列" in res.stderr
    assert json.loads((out / "case" / "results.json").read_text(encoding="utf-8"))["case"] == "case"
