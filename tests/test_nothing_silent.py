"""Nothing silent: every problem of a run reaches the terminal and the top of the report
(html and docx), grouped and counted; ``--strict`` makes any of them exit status 1."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as DocxDocument
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.problems import problem_groups
from pipeline.rulebook.loader import load_form

from .data.data_helpers import Filler
from .evaluate.case_builder import docx

HOSPITALS = {"支援医院": "西岭市人民医院", "受援医院": "梅林县人民医院"}


def case_dir(tmp_path: Path, settings: dict | str, name: str = "梅林县") -> Path:
    folder = tmp_path / "inbox" / name
    folder.mkdir(parents=True)
    text = settings if isinstance(settings, str) else yaml.safe_dump(settings, allow_unicode=True)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder


def plan(folder: Path) -> None:
    docx(folder, "01-计划.docx", ["西岭市人民医院文件", "西医发〔2015〕3号",
                                  "关于印发2015年对口支援梅林县人民医院工作计划的通知",
                                  "西岭市人民医院", "2015年2月3日"])


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def report_texts(out: Path) -> tuple[str, str]:
    html = next(out.glob("佐证核查报告_*.html")).read_text(encoding="utf-8")
    doc = DocxDocument(str(next(out.glob("佐证核查报告_*.docx"))))
    return html, "\n".join(p.text for p in doc.paragraphs)


def top_of(html: str) -> str:
    """The report from its title to its first numbered section."""
    return html[html.index("<h1>"):html.index("一、总体情况")]


@pytest.fixture(scope="module")
def troubled(tmp_path_factory):
    """One case with many mistakes at once, run three ways (default, --strict, --json)."""
    tmp_path = tmp_path_factory.mktemp("troubled")
    folder = case_dir(tmp_path, {"form": "对口支援", "year": 2015,
                                 "units": {"支援单位": "西岭市人民医院", "受援医院": "梅林县人民医院"}})
    plan(folder)
    (folder / "02-坏文件.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>\n")          # truncated
    # the figures workbook of the right form but another year, with a value that is no number
    f = Filler(load_form("duikou", 2014), 2014, folder / "指标数据.xlsx")
    f.set("受援医院人员到支援医院进修培训人数", this="约90%")
    f.save()
    out = tmp_path / "out"
    default = invoke("run", str(folder), "--out", str(out), "--no-cache")
    strict = invoke("run", str(folder), "--out", str(out), "--strict")
    as_json = invoke("run", str(folder), "--out", str(out), "--json")
    return folder, out / "梅林县", default, strict, as_json


EXPECTED = {
    "unreadable": "02-坏文件.pdf",
    "role": "case.yaml units 中的角色“支援单位”不是本表的角色，已忽略（是否应为“支援医院”？）",
    "year_column": "列年份为2014年，与考核年度不一致（应为2015年），请核对是否用错了模板",
    "bad_value": "填写的是“约90%”",
}


def test_every_problem_is_on_the_terminal_grouped_and_counted(troubled):
    _, _, default, _, _ = troubled
    assert default.exit_code == 0
    err = default.stderr
    for text in EXPECTED.values():
        assert text in err, text
    head = next(line for line in err.splitlines() if line.startswith("梅林县：发现"))
    assert "无法读取的文件 1" in head and "案例设置（case.yaml） 1" in head and "指标数据表" in head
    assert "【无法读取的文件】1 个" in err and "【案例设置（case.yaml）】1 个" in err
    # the closing table counts them too
    assert "问题" in default.stdout


def test_strict_exits_1_and_json_summarises_on_stdout(troubled):
    _, _, _, strict, as_json = troubled
    assert strict.exit_code == 1
    assert "错误：--strict：共发现" in strict.stderr
    summary = json.loads(as_json.stdout)
    case = summary["cases"][0]
    assert (case["case"], case["form"], case["year"], summary["exit_status"]) == ("梅林县", "duikou", 2015, 0)
    groups = {g["key"]: g for g in case["problem_groups"]}
    assert groups["unreadable"]["count"] == 1 and groups["case"]["count"] == 1
    assert any("约90%" in e["message"] for e in groups["data"]["entries"])
    assert case["problems"] == sum(g["count"] for g in case["problem_groups"])


def test_every_problem_is_at_the_top_of_both_reports(troubled):
    _, out, _, _, _ = troubled
    html, word = report_texts(out)
    top = top_of(html)
    total = problem_groups(json.loads((out / "results.json").read_text(encoding="utf-8")))
    count = sum(g.count for g in total)
    assert f"运行中发现的问题（共 {count} 个）" in top
    for text in EXPECTED.values():
        assert text in top, text
        assert text in word[:word.index("一、总体情况")], text
    assert f"运行中发现的问题（共{count}个）" in word
    for key in ("unreadable", "case", "data"):
        assert f'id="problems-{key}"' in top


def test_a_clean_case_says_so_and_strict_exits_0(tmp_path):
    folder = case_dir(tmp_path, {"form": "duikou", "year": 2015, "units": HOSPITALS})
    plan(folder)
    out = tmp_path / "out"
    result = invoke("run", str(folder), "--out", str(out), "--strict", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "梅林县：未发现问题" in result.stderr
    html, word = report_texts(out / "梅林县")
    assert "运行中未发现问题。" in top_of(html) and "运行中未发现问题。" in word


def test_a_missing_data_file_and_a_wrong_forms_workbook(tmp_path):
    folder = case_dir(tmp_path, {"form": "duikou", "year": 2015, "units": HOSPITALS})
    plan(folder)
    Filler(load_form("yilianti", 2015), 2015, folder / "指标数据.xlsx").save()
    out = tmp_path / "out"
    result = invoke("run", str(folder), "--out", str(out), "--no-cache")
    assert result.exit_code == 0
    assert ("指标数据表“指标数据.xlsx”是“附件1 医联体综合绩效考核指标体系（行政部门）”的填报表，"
            "不是本案例考核表“附件2 城市三级医院对口支援县医院考核评估表”的") in result.stderr
    assert "不是本表的数据项" not in result.stderr          # one message, not one per row
    missing = invoke("run", str(folder), "--out", str(out), "--data", str(tmp_path / "没有.xlsx"), "--strict")
    assert missing.exit_code == 1
    assert "找不到指标数据表" in missing.stderr and "没有.xlsx" in missing.stderr
    html, _ = report_texts(out / "梅林县")
    assert "找不到指标数据表" in top_of(html)


def test_missing_units_an_empty_folder_and_a_year_out_of_range(tmp_path):
    folder = case_dir(tmp_path, {"form": "医联体", "year": 1999})
    out = tmp_path / "out"
    result = invoke("run", str(folder), "--out", str(out), "--no-cache")
    assert result.exit_code == 0
    err = result.stderr
    assert "case.yaml 中没有 units：无法判断文件由哪个被考核单位印发（归属核查无法进行）" in err
    assert "行政部门: 单位全称" in err
    assert "中没有佐证材料文件" in err
    assert f"考核年度 1999 年（case.yaml 第2行为“1999”）不在 2000—{date.today().year + 1} 年之间，是否写错？" in err
    data = json.loads((out / "梅林县" / "results.json").read_text(encoding="utf-8"))
    assert data["form"] == "yilianti" and data["year"] == 1999
    html, word = report_texts(out / "梅林县")
    assert "没有 units" in top_of(html) and "中没有佐证材料文件" in word
    assert invoke("run", str(folder), "--out", str(out), "--strict").exit_code == 1


@pytest.mark.parametrize("text, line", [("form: duikou\nyear: 2015\nunits:\n支援医院: 西岭市人民医院\n  受援医院: x\n", 5),
                                        ("form: duikou\n year: 2015\n", 2)])
def test_a_case_yaml_that_is_not_yaml_is_said_with_its_line(tmp_path, text, line):
    folder = case_dir(tmp_path, text)
    result = invoke("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"case.yaml 第{line}行" in result.stderr and "YAML 格式错误" in result.stderr
    assert "未指定考核表" not in result.stderr


def test_no_form_names_the_forms_and_what_else_was_wrong(tmp_path):
    folder = case_dir(tmp_path, "考核表: duikou\nyear: 2015\n")
    result = invoke("run", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "未指定考核表" in result.stderr and "未知的设置“考核表”" in result.stderr
    assert "对口支援" in result.stderr and "医联体" in result.stderr


def test_the_review_sheets_problems_reach_the_terminal_and_the_report(tmp_path):
    folder = case_dir(tmp_path, {"form": "duikou", "year": 2015, "units": HOSPITALS})
    plan(folder)
    out = tmp_path / "out"
    assert invoke("run", str(folder), "--out", str(out), "--no-cache").exit_code == 0
    wb = load_workbook(out / "梅林县" / "review.xlsx")
    ws = wb["评审"]
    cols = {c.value: c.column for c in ws[1]}
    ws.cell(2, cols["终审得分"]).value = "很好"
    wb.save(out / "梅林县" / "review.xlsx")
    result = invoke("run", str(folder), "--out", str(out), "--strict")
    assert result.exit_code == 1
    assert "【评审表（review.xlsx）】" in result.stderr and "“很好”不是数字" in result.stderr
    html, _ = report_texts(out / "梅林县")
    assert "“很好”不是数字" in top_of(html)


@pytest.mark.parametrize("text, said", [
    ("form：duikou\nyear：2015\n", "case.yaml 第1行用了全角冒号“：”（form：duikou）：应为半角冒号加空格“: ”"),
    ("form: duikou\nyear：2015\n", "case.yaml 第2行用了全角冒号“：”（year：2015）"),
    ("form: \nyear: 2015\n", "未指定考核表"),
])
def test_full_width_colons_and_an_empty_form_are_said_plainly(tmp_path, text, said):
    result = invoke("run", str(case_dir(tmp_path, text)), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert said in result.stderr
    assert "expected" not in result.stderr                 # no PyYAML English


def test_units_written_with_a_full_width_colon(tmp_path):
    from pipeline.case import load_case
    case = load_case(case_dir(tmp_path, "form: duikou\nyear: 2015\nunits:\n  支援医院：西岭市人民医院\n"))
    assert case.units == {}
    assert case.problems == ("case.yaml 第3行：units 应为“角色: 单位名称”，已忽略（case.yaml 第4行用了全角冒号“：”"
                             "（支援医院：西岭市人民医院）：应为半角冒号加空格“: ”，请修正后重试）；文件因此无法归属",)


def test_kaohe_render_shows_the_same_problems(troubled):
    _, out, _, _, _ = troubled
    again = invoke("render", str(out))
    assert again.exit_code == 0
    head = next(line for line in again.stderr.splitlines() if line.startswith("梅林县：发现"))
    assert "无法读取的文件 1" in head
    assert EXPECTED["unreadable"] in again.stderr
