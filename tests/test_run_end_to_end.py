"""`kaohe run` as a user runs it: a small real case with documents and a filled workbook,
checked against hand-computed scores; the reviewer's edit survives a second run."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.rulebook.loader import CONTRACT_KINDS, load_form

from .data.data_helpers import Filler
from .evaluate.case_builder import CITY, case_folder, docx
from .render.docx_read import find_row, tables


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() + str(p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_case(tmp_path: Path) -> Path:
    folder = case_folder(tmp_path, "yilianti", 2018, CITY)
    docx(folder, "01-方案.docx", ["北湖市卫生健康委员会文件", "北湖卫发〔2018〕12号",
                                  "关于印发北湖市医疗联合体建设实施方案的通知", "各区县卫生健康局：",
                                  "现将《北湖市医疗联合体建设实施方案》印发给你们，请认真贯彻执行。",
                                  "北湖市卫生健康委员会", "2018年3月5日"])
    docx(folder, "02-规划.docx", ["北湖市医疗联合体网格化布局规划", "（征求意见稿）", "全市划分为四个网格。",
                                  "北湖市卫生健康委员会医政科", "2018年6月1日"])
    (folder / "03-坏文件.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>\n")      # truncated
    form = load_form("yilianti", 2018)
    f = Filler(form, 2018, folder / "指标数据.xlsx")
    f.set("重点人群签约率", this="62%")
    f.set("启动医联体建设工作的三级公立医院比例", this=100)
    f.set("基层医疗卫生机构诊疗量占总诊疗量比例", this=64.9)
    f.self_score("1.1.1", 4)
    f.save()
    return folder


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_run_scores_writes_and_keeps_the_reviewers_decision(tmp_path):
    folder = build_case(tmp_path)
    before = tree_digest(folder)
    out = tmp_path / "out"
    result = run("run", str(folder), "--out", str(out), "--no-cache")
    assert "9/100" in result.output                                    # the closing table

    data = json.loads((out / "case" / "results.json").read_text(encoding="utf-8"))
    items = {i["id"]: i for i in data["items"]}
    mask = os.umask(0)
    os.umask(mask)
    for written in (out / "case").iterdir():                           # shared like any file, not private
        assert written.stat().st_mode & 0o777 == 0o666 & ~mask, written.name
    assert data["schema"] == 1 and data["form"] == "yilianti" and data["year"] == 2018
    # by hand: 1.1.1 issued 方案 4 + 1.2.2 100% 3 + 2.2.3 62% ≥ 60% 2; everything else 0 or needs data
    assert (items["1.1.1"]["status"], items["1.1.1"]["score"]) == ("met", 4)
    assert (items["1.2.1"]["status"], items["1.2.1"]["score"]) == ("not_met", 0)       # a draft
    assert (items["1.2.2"]["status"], items["1.2.2"]["score"]) == ("met", 3)
    assert (items["2.2.3"]["status"], items["2.2.3"]["score"]) == ("met", 2)
    assert (items["4.2.3"]["status"], items["4.2.3"]["score"]) == ("not_met", 0)       # 64.9% < 65%
    assert items["4.5.2"]["status"] == "needs_data" and items["4.5.2"]["score"] is None
    assert items["1.1.1"]["self_score"] == 4
    assert data["total"]["score"] == 4 + 3 + 2 and data["total"]["max"] == 100
    broken = {d["file"]: d for d in data["documents"]}["03-坏文件.pdf"]
    assert broken["error"] and "03-坏文件.pdf" in broken["error"]
    assert "指标数据.xlsx" not in {d["file"] for d in data["documents"]}
    assert {d["kind"] for d in data["documents"]} <= set(CONTRACT_KINDS)
    assert {i["status"] for i in data["items"]} <= {"met", "partial", "not_met", "no_evidence", "needs_data"}
    quote = items["1.1.1"]["citations"][0]
    assert (quote["file"], quote["quote"], quote["locator"]) == (
        "01-方案.docx", "关于印发北湖市医疗联合体建设实施方案的通知", "第3段")
    assert tree_digest(folder) == before                               # the evidence folder is read-only

    # the filled form keeps the unit's 自评分值 and shows the proposed score in 核定得分
    form_path = next((out / "case").glob("附件1_*.docx"))
    (table,) = tables(form_path)
    row = table[find_row(table, 2, "医联体建设的工作方案出台情况（定性）")]
    assert (row[5].text, row[6].text) == ("4", "4")

    # the reviewer overrides 1.1.1; a second run keeps and applies it
    review = out / "case" / "review.xlsx"
    wb = load_workbook(review)
    ws = wb["评审"]
    cols = {c.value: c.column for c in ws[1]}
    r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["编号"]).value == "1.1.1")
    ws.cell(r, cols["终审得分"]).value = 3
    ws.cell(r, cols["评审意见"]).value = "方案未明确牵头医院，酌情扣1分"
    wb.save(review)
    run("run", str(folder), "--out", str(out))
    ws = load_workbook(review)["评审"]
    assert ws.cell(r, cols["终审得分"]).value == 3
    assert ws.cell(r, cols["评审意见"]).value == "方案未明确牵头医院，酌情扣1分"
    (table,) = tables(next((out / "case").glob("附件1_*.docx")))
    row = table[find_row(table, 2, "医联体建设的工作方案出台情况（定性）")]
    assert (row[5].text, row[6].text, row[7].text) == ("4", "3", "方案未明确牵头医院，酌情扣1分")
    # results.json carries the decision beside the proposal
    data = json.loads((out / "case" / "results.json").read_text(encoding="utf-8"))
    entry = next(i for i in data["items"] if i["id"] == "1.1.1")
    assert (entry["score"], entry["final_score"], entry["final_source"]) == (4, 3, "reviewer")
    assert entry["reviewer_opinion"] == "方案未明确牵头医院，酌情扣1分"
    assert data["total"]["final"] == data["total"]["score"] - 1
    assert tree_digest(folder) == before


def test_an_item_that_trips_the_evaluator_is_reported_and_the_case_goes_on(tmp_path, monkeypatch):
    import pipeline.run as run_module
    folder = build_case(tmp_path)
    real = run_module.evaluate_item

    def flaky(item, ctx):
        if item.id == "1.1.1":
            raise ValueError("boom")
        return real(item, ctx)

    monkeypatch.setattr(run_module, "evaluate_item", flaky)
    result = run_module.run_case(folder, tmp_path / "out", progress=False, cache=False, render=False)
    items = {i["id"]: i for i in result.results["items"]}
    assert items["1.1.1"]["status"] == "no_evidence" and "请人工核查" in items["1.1.1"]["reason"]
    assert items["2.2.3"]["status"] == "met"
    assert any(p["stage"] == "evaluate" and "1.1.1" in p["message"] for p in result.results["problems"])


def test_results_follow_the_contract(tmp_path):
    """Every field ../shared/spec/contract.md requires, with its type, on a real run."""
    from tests.readers.pdf_fixtures import image_bytes, render_text_image
    folder = build_case(tmp_path)
    (folder / "04-扫描件.png").write_bytes(image_bytes(render_text_image(
        ["北湖市医联体建设工作推进会会议纪要"], size=(1300, 300), top=100), "PNG"))
    data = run_results(folder, tmp_path / "out")
    assert {"schema", "case", "form", "year", "documents", "items", "total"} <= set(data)
    # kaohe's extension: which onnxruntime provider ran OCR on a document (null when none ran)
    assert {d["file"]: d["ocr_provider"] for d in data["documents"]} == {
        "01-方案.docx": None, "02-规划.docx": None, "03-坏文件.pdf": None, "04-扫描件.png": "CPUExecutionProvider"}
    for d in data["documents"]:
        assert {"file", "sha256", "kind", "title", "doc_number", "issuer", "date", "draft", "error"} <= set(d)
        assert "\\" not in d["file"] and isinstance(d["draft"], bool)
        assert d["date"] is None or len(d["date"]) == 10
    for i in data["items"]:
        assert {"id", "indicator", "type", "max", "score", "status", "reason", "citations"} <= set(i)
        assert i["type"] in ("qualitative", "quantitative")
        assert (i["score"] is None) == (i["status"] == "needs_data")
        assert i["reason"]
        for c in i["citations"]:
            assert {"file", "page", "locator", "quote"} <= set(c) and c["quote"]
    assert set(data["total"]) >= {"score", "max"}


def run_results(folder: Path, out: Path) -> dict:
    run("run", str(folder), "--out", str(out), "--no-cache")
    return json.loads((out / folder.name / "results.json").read_text(encoding="utf-8"))
