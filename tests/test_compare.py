"""`kaohe run` against its previous run (results.previous.json) and `--compare` another case:
what changed reaches the terminal, the report (.html and .docx) and results.json's `changes`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli

from .evaluate.case_builder import docx
from .render.docx_read import all_text, tables
from .test_run_end_to_end import build_case

DRAFT_PLAN = ["北湖市医疗联合体网格化布局规划", "（征求意见稿）", "全市划分为四个网格。",
              "北湖市卫生健康委员会医政科", "2018年6月1日"]
FINAL_PLAN = ["北湖市医疗联合体网格化布局规划", "全市划分为四个网格。", "北湖市卫生健康委员会", "2018年6月1日"]


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def report_html(out: Path) -> str:
    return next(out.glob("佐证核查报告_*.html")).read_text(encoding="utf-8")


def report_docx_text(out: Path) -> list[list[str]]:
    rows = []
    for table in tables(next(out.glob("佐证核查报告_*.docx"))):
        rows += [[row[k].text for k in sorted(row)] for row in table]
    return rows


def test_first_run_then_what_moved_since_the_previous_run(tmp_path):
    folder = build_case(tmp_path)                         # 02-规划.docx is a draft: 1.2.1 not met
    out_root = tmp_path / "out"
    out = out_root / "case"
    first = run("run", str(folder), "--out", str(out_root), "--no-cache")
    assert not (out / "results.previous.json").exists()
    changes = results(out)["changes"]
    assert (changes["compared"], changes["first_run"]) == (False, True)
    assert "与上次核查相比" not in first.output and 'class="changes"' not in report_html(out)

    kept = (out / "results.json").read_bytes()
    same = run("run", str(folder), "--out", str(out_root), "--no-cache")
    assert (out / "results.previous.json").read_bytes() == kept            # the old results, as they were
    assert "与上次核查相比：没有变化" in same.output
    assert results(out)["changes"]["items"] == [] and "各项状态与得分均无变化" in report_html(out)

    (folder / "02-规划.docx").unlink()
    docx(folder, "05-规划（正式稿）.docx", FINAL_PLAN)
    moved = run("run", str(folder), "--out", str(out_root), "--no-cache")
    data = results(out)
    changes = data["changes"]
    assert changes["compared"] and changes["against"] == "previous"
    (item,) = changes["items"]
    assert item["id"] == "1.2.1" and item["before"]["status"] == "not_met" and item["after"]["status"] == "met"
    assert item["before"]["score"] == 0 and item["after"]["score"] > 0
    assert changes["files"] == {"added": ["05-规划（正式稿）.docx"], "removed": ["02-规划.docx"], "changed": []}
    assert changes["total"]["after"]["score"] == changes["total"]["before"]["score"] + item["after"]["score"]
    assert f"1.2.1：不符合 0分 → 符合 {item['after']['score']}分" in moved.output
    assert "新增文件：05-规划（正式稿）.docx" in moved.output and "删除的文件：02-规划.docx" in moved.output
    html = report_html(out)
    assert '<tr data-item="1.2.1">' in html and "新增的文件（1）：05-规划（正式稿）.docx" in html
    assert html.index('class="changes"') < html.index("一、总体情况")            # right after the title
    row = next(r for r in report_docx_text(out) if r[0] == "1.2.1")
    assert row[2:5] == ["不符合", "符合", f"0 → {item['after']['score']:g}"]
    words = all_text(next(out.glob("佐证核查报告_*.docx")))
    assert words.index("与上次核查相比") < words.index("一、总体情况")
    assert "新增的文件（1）：05-规划（正式稿）.docx" in words
    # the contract's keys are untouched
    assert {"schema", "case", "form", "year", "documents", "items", "total"} <= set(data)
    assert data["schema"] == 1 and data["total"]["max"] == 100


def test_a_reviewers_final_score_that_moves_is_shown(tmp_path):
    folder = build_case(tmp_path)
    out_root = tmp_path / "out"
    out = out_root / "case"
    run("run", str(folder), "--out", str(out_root), "--no-cache")
    wb = load_workbook(out / "review.xlsx")
    ws = wb["评审"]
    cols = {c.value: c.column for c in ws[1]}
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["编号"]).value == "1.1.1")
    ws.cell(r, cols["终审得分"]).value = 3
    wb.save(out / "review.xlsx")
    result = run("run", str(folder), "--out", str(out_root), "--no-cache")
    (item,) = results(out)["changes"]["items"]
    assert item["id"] == "1.1.1" and item["moved"] == ["final"]
    assert (item["before"]["final"], item["after"]["final"]) == (4, 3)
    assert "1.1.1：符合 4分 → 符合 4分（终审 4 → 3）" in result.output
    assert "终审总分" in result.output
    # `kaohe render` after a further decision compares again with the same previous results
    wb = load_workbook(out / "review.xlsx")
    wb["评审"].cell(r, cols["终审得分"]).value = 2
    wb.save(out / "review.xlsx")
    run("render", str(out))
    (item,) = results(out)["changes"]["items"]
    assert (item["before"]["final"], item["after"]["final"]) == (4, 2)
    assert "4 → 2" in report_html(out)


def test_a_broken_or_older_previous_results_is_kept_and_said(tmp_path):
    folder = build_case(tmp_path)
    out_root = tmp_path / "out"
    out = out_root / "case"
    run("run", str(folder), "--out", str(out_root), "--no-cache")
    (out / "results.json").write_bytes(b'{"schema": 1, "form": "yilianti", "items": [')
    result = run("run", str(folder), "--out", str(out_root), "--no-cache")
    assert (out / "results.previous.json").read_bytes() == b'{"schema": 1, "form": "yilianti", "items": ['
    assert "上次的核查结果（results.json）已损坏" in result.output and "原样保存为 results.previous.json" in result.output
    changes = results(out)["changes"]
    assert not changes["compared"] and "已损坏" in changes["message"]
    assert "已损坏" in report_html(out)
    assert results(out)["items"]                                   # the run went on

    old = results(out)
    old["schema"] = 0
    (out / "results.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    result = run("run", str(folder), "--out", str(out_root), "--no-cache")
    assert "不兼容的 kaohe 版本（schema 为 0" in result.output
    assert not results(out)["changes"]["compared"]


def test_compare_with_another_case_item_by_item(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    last_year = build_case(tmp_path / "a")                   # the draft plan: 1.2.1 not met
    this_year = build_case(tmp_path / "b")
    (this_year / "02-规划.docx").unlink()
    docx(this_year, "02-规划.docx", FINAL_PLAN)
    old_out = tmp_path / "去年"
    run("run", str(last_year), "--out", str(old_out), "--no-cache")
    out_root = tmp_path / "out"
    result = run("run", str(this_year), "--out", str(out_root), "--no-cache", "--compare", str(old_out / "case"))
    changes = results(out_root / "case")["changes"]
    assert changes["against"] == "other" and changes["compared"] and changes["files"] is None
    assert [i["id"] for i in changes["items"]] == ["1.2.1"]
    assert "与“case”2018年度的核查结果相比：" in result.output
    assert not (out_root / "case" / "results.previous.json").exists()       # a first run all the same
    assert "与“case”2018年度的核查结果相比" in report_html(out_root / "case")


def test_compare_refuses_another_form_and_a_missing_folder(tmp_path):
    folder = build_case(tmp_path)
    other = tmp_path / "对口支援"
    other.mkdir()
    run("run", str(folder), "--out", str(tmp_path / "x"), "--no-cache")
    data = results(tmp_path / "x" / "case")
    data["form"] = "duikou"
    (other / "results.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out_root = tmp_path / "out"
    result = run("run", str(folder), "--out", str(out_root), "--no-cache", "--compare", str(other))
    assert "对比案例使用考核表“duikou”，本次为“yilianti”" in result.output and "不作比较" in result.output
    assert not results(out_root / "case")["changes"]["compared"] and results(out_root / "case")["items"]
    shutil.rmtree(other)
    result = run("run", str(folder), "--out", str(out_root), "--no-cache", "--compare", str(other))
    assert "--compare：无法读取" in result.output and "文件不存在" in result.output
