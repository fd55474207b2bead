"""佐证核查报告 (HTML and .docx) and 补充材料清单: content, and evidence text kept inert."""
from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from pipeline.render import render_case
from pipeline.rulebook.loader import load_form

from .docx_read import all_text, tables
from .fixtures import FIELD, HOSTILE, JINJA, item, make_results

NASTY = f"会议决定{HOSTILE}成立领导小组{FIELD}并{JINJA}落实\x0b。"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    results = make_results("duikou", "案卷<乙>")
    target = item(results, "1.02")
    target["citations"] = [{"file": "A02-会议记录.docx", "page": 2, "locator": "第4段", "quote": NASTY}]
    target["reason"] = f"原文“{HOSTILE}{FIELD}{JINJA}”未说明年度计划。"
    target["flags"] = ["日期在考核年度之外"]
    target["self_score"] = 9
    paths = render_case(folder, load_form("duikou", 2015), results)
    return {p.suffix + ("-" + p.name.split("_")[0]): p for p in paths}, results


def test_file_names_are_safe(out):
    paths, _ = out
    names = sorted(p.name for p in paths.values())
    assert "佐证核查报告_案卷_乙_.html" in names
    assert "补充材料清单_案卷_乙_.docx" in names
    assert "附件2_城市三级医院对口支援县医院考核评估表_案卷_乙_.docx" in names


def test_html_escapes_evidence_and_has_no_external_resources(out):
    paths, _ = out
    html = paths[".html-佐证核查报告"].read_text(encoding="utf-8")
    # the one script is the report's own, inline; the evidence's stays text
    assert html.count("<script") == 1 and "<script>\n/* The list's filter and search" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{ MERGEFIELD x }" in html and "{{ x }}" in html
    assert "<mark>会议决定&lt;script&gt;alert(1)&lt;/script&gt;成立领导小组{ MERGEFIELD x }并{{ x }}落实。</mark>" in html
    assert not re.search(r"src\s*=", html)
    # results without case_dir link no file: every link stays inside the report
    assert set(re.findall(r'href="(.)', html)) == {"#"}
    assert "http://" not in html and "https://" not in html and "@import" not in html and "fetch(" not in html


def test_html_summary_items_and_documents(out):
    paths, results = out
    html = paths[".html-佐证核查报告"].read_text(encoding="utf-8")
    assert "案卷：案卷&lt;乙&gt;" in html
    assert "一类指标：考核支援医院和受援医院各自工作情况（分数300）" in html
    assert "C06-空文档.docx</strong>：文件“C06-空文档.docx”没有任何文字内容" in html
    assert "A02-会议记录.docx，第2页，第4段" in html
    assert "单位自评：9 分" in html
    assert "提示：日期在考核年度之外" in html
    assert "西人医发〔2015〕4号" in html and "草稿" in html
    counts = {}
    for i in results["items"]:
        counts[i["status"]] = counts.get(i["status"], 0) + 1
    assert html.count('class="badge st-no_evidence"') == counts["no_evidence"]


def test_report_docx_keeps_evidence_as_plain_text(out):
    paths, _ = out
    path = paths[".docx-佐证核查报告"]
    text = all_text(path)
    assert "会议决定<script>alert(1)</script>成立领导小组{ MERGEFIELD x }并{{ x }}落实。" in text
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "instrText" not in xml and "fldSimple" not in xml and "fldChar" not in xml
    assert "&lt;script&gt;" in xml
    # the quote run is highlighted
    doc = Document(str(path))
    quoted = [r for p in _all_paragraphs(doc) for r in p.runs if "会议决定" in r.text]
    assert quoted and quoted[0].font.highlight_color is not None


def test_form_prints_hostile_reason_as_text(out):
    paths, _ = out
    path = paths[".docx-附件2"]
    t = tables(path)[0]
    r = 3                                    # 1.02 is the second item row of 一类
    assert t[r][2].text == load_form("duikou", 2015).sections[0].sections[0].sections[0].items[1].indicator
    assert t[r][7].text == f"原文“{HOSTILE}{FIELD}{JINJA}”未说明年度计划。"
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "instrText" not in xml and "fldSimple" not in xml and "<script" not in xml


def test_supplement_letter(out):
    paths, results = out
    path = paths[".docx-补充材料清单"]
    doc = Document(str(path))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == "关于补充提交2015年度考核佐证材料的通知"
    assert paras[2] == "西岭市人民医院、梅林县人民医院："
    assert paras[paras.index("附件") + 1] == "补充材料清单"
    (t,) = doc.tables
    header = [c.text for c in t.rows[0].cells]
    assert header == ["序号", "编号", "考核指标", "核查情况", "需补充的材料", "责任单位"]
    ids = [row.cells[1].text for row in t.rows[1:]]
    form = load_form("duikou", 2015)
    onsite = {f.key for f in form.figures if f.type in ("judgement", "score")}
    from pipeline.data.model import item_refs
    from pipeline.rulebook.loader import iter_items
    unit_data = {i.id for _, i in iter_items(form) if i.type == "quantitative"
                 and any(k not in onsite for k, _ in item_refs(i))}
    wanted = [i["id"] for i in results["items"]
              if (i["type"] == "qualitative" and i["status"] in ("no_evidence", "not_met"))
              or (i["status"] == "needs_data" and i["id"] in unit_data)
              or (i["id"] == "3.03" and i["status"] in ("needs_data", "not_met"))]
    assert ids == wanted
    row = next(r for r in t.rows[1:] if r.cells[1].text == "1.04")
    assert row.cells[3].text == "无佐证：未见佐证材料"
    assert row.cells[4].text == form.sections[0].sections[0].sections[0].items[3].typical_evidence
    assert row.cells[5].text == "西岭市人民医院"
    pending = next(r for r in t.rows[1:] if r.cells[3].text.startswith("未填报："))
    assert pending.cells[4].text.startswith("请在指标数据表中填报：")
    assert "1.C06-空文档.docx（文件“C06-空文档.docx”没有任何文字内容）" in paras


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_html_report_prints_on_a4(out):
    paths, _ = out
    html = paths[".html-佐证核查报告"].read_text(encoding="utf-8")
    assert "@page { size: A4 portrait;" in html and "@media print" in html
