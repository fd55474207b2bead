"""A new form is added by a rules file alone: a small third form in a temporary rules folder
(named by $KAOHE_RULES) runs end to end — data template, run, the filled form built from its
rules, the report, review.xlsx — with no change to the code."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.rulebook import loader

from .evaluate.case_builder import docx
from .render.docx_read import find_row, tables

THIRD = """\
# 附件3, written for this test only.
id: jiatingyisheng
attachment: 附件3
title: 家庭医生签约服务考核表
aliases: [家庭医生, 家庭医生签约]
roles: [行政部门]
full_marks: 7
columns: [一级指标, 二级指标, 三级指标, 评分方法, 总分, 自评分值]
total_label: 合计
self_score_column: 自评分值
sections:
- title: 1.组织实施
  level: 一级指标
  sections:
  - title: 1.1政策制定
    level: 二级指标
    items:
    - id: 1.1.1
      indicator: 家庭医生签约服务工作方案出台情况（定性）
      method: 已出台方案，得4分，否则不得分
      max: 4
      type: qualitative
      typical_evidence: 家庭医生签约服务工作方案（正式印发的文件）
      checks:
      - type: document
        label: 家庭医生签约服务工作方案
        kinds: [方案, 意见, 计划]
        title:
        - [家庭医生]
        - [方案, 实施意见]
    - id: 1.1.2
      indicator: 重点人群签约率
      method: 重点人群签约率≧60%，得3分，否则不得分
      max: 3
      type: quantitative
      scoring:
        levels:
        - when:
          - figure: 重点人群签约率
            op: '>='
            value: 60
          points: 3
figures:
- key: 重点人群签约率
  type: percent
  unit: '%'
  note: 重点人群签约人数 ÷ 重点人群总数
"""


def rules_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in ("yilianti.yaml", "duikou.yaml", "lexicon.yaml"):
        shutil.copy(loader.RULES_DIR / name, folder / name)
    (folder / "jiatingyisheng.yaml").write_text(THIRD, encoding="utf-8")
    return folder


def invoke(env: dict, *args: str):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


def test_a_third_form_added_by_its_rules_file_runs_end_to_end(tmp_path):
    env = {"KAOHE_RULES": str(rules_folder(tmp_path))}
    # the forms are discovered (lexicon.yaml is no form) and the alias is known everywhere
    listed = invoke(env, "rules", "check")
    assert listed.exit_code == 0, listed.output
    assert "附件3 家庭医生签约服务考核表" in listed.output and "附件1" in listed.output
    assert "lexicon" not in listed.output
    case = tmp_path / "inbox" / "北湖市"
    case.mkdir(parents=True)
    (case / "case.yaml").write_text(yaml.safe_dump({"form": "家庭医生", "year": 2019,
                                                    "units": {"行政部门": "北湖市卫生健康委员会"}},
                                                   allow_unicode=True), encoding="utf-8")
    docx(case, "01-方案.docx", ["北湖市卫生健康委员会文件", "北湖卫发〔2019〕8号",
                                "关于印发北湖市家庭医生签约服务工作方案的通知", "各区县卫生健康局：",
                                "现将《北湖市家庭医生签约服务工作方案》印发给你们，请认真贯彻执行。",
                                "北湖市卫生健康委员会", "2019年3月5日"])
    made = invoke(env, "data-template", "--form", "家庭医生签约", "--year", "2019",
                  "-o", str(case / "指标数据.xlsx"))
    assert made.exit_code == 0, made.output
    wb = load_workbook(case / "指标数据.xlsx")
    ws = wb["指标数据"]
    header = [c.value or "" for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, header.index("数据项") + 1).value == "重点人群签约率")
    ws.cell(row, next(i for i, h in enumerate(header, 1) if h.startswith("本年度"))).value = "65%"
    wb.save(case / "指标数据.xlsx")

    out = tmp_path / "out"
    result = invoke(env, "run", str(case), "--out", str(out), "--no-cache", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["cases"][0]["form"] == "jiatingyisheng" and summary["cases"][0]["score"] == 7

    data = json.loads((out / "北湖市" / "results.json").read_text(encoding="utf-8"))
    items = {i["id"]: i for i in data["items"]}
    assert data["form"] == "jiatingyisheng" and data["total"] == {**data["total"], "score": 7, "max": 7}
    assert (items["1.1.1"]["status"], items["1.1.1"]["score"]) == ("met", 4)
    assert items["1.1.1"]["citations"][0]["quote"] == "关于印发北湖市家庭医生签约服务工作方案的通知"
    assert (items["1.1.2"]["status"], items["1.1.2"]["score"]) == ("met", 3)

    # the filled form was built from the rules file (no templates/docx/jiatingyisheng.docx exists)
    assert not (Path(loader.RULES_DIR).parent / "templates" / "docx" / "jiatingyisheng.docx").exists()
    form_file = next((out / "北湖市").glob("附件3_家庭医生签约服务考核表_*.docx"))
    (table,) = tables(form_file)
    assert "家庭医生签约服务工作方案出台情况（定性）" in table[find_row(table, 2, "家庭医生签约服务工作方案出台情况（定性）")][2].text
    report = next((out / "北湖市").glob("佐证核查报告_*.html")).read_text(encoding="utf-8")
    assert "附件3 家庭医生签约服务考核表" in report and "1.1.2" in report
    review = load_workbook(out / "北湖市" / "review.xlsx")["评审"]
    cols = {c.value: c.column for c in review[1]}
    ids = [review.cell(r, cols["编号"]).value for r in range(2, review.max_row + 1)]
    assert "1.1.1" in ids and "1.1.2" in ids
    r = ids.index("1.1.2") + 2
    assert review.cell(r, cols["建议得分"]).value == 3


def test_the_third_form_is_unknown_without_its_rules_folder(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "show", "--form", "家庭医生"])
    assert result.exit_code == 2
    assert "未知的考核表“家庭医生”" in result.output and "yilianti" in result.output
