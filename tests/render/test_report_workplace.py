"""The HTML report as a place to work, read back from a real run: anchors, contents,
citation links that resolve to the cited files, quotes in their context, data lines."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from pipeline.quotes import add_context
from pipeline.readcase import read_case
from pipeline.render import render_case
from pipeline.render.context import figure_text
from pipeline.render.links import Linker
from pipeline.rulebook.loader import load_form

from .docx_read import all_text
from .fixtures import item, make_results


def page(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def citation(results: dict, iid: str, n: int = 0) -> dict:
    return next(i for i in results["items"] if i["id"] == iid)["citations"][n]


def test_results_add_context_and_the_case_folder_keeping_every_old_key(report_case):
    results = report_case["results"]
    assert results["case_dir"] == Path(os.path.abspath(report_case["case"])).as_posix()
    for entry in results["items"]:
        for c in entry.get("citations") or []:
            assert {"file", "page", "locator", "quote"} <= set(c)
    c = citation(results, "1.1.1")
    assert (c["file"], c["quote"]) == ("材料/方案.zip/文件/01-方案.docx", "关于印发北湖市医疗联合体建设实施方案的通知")
    assert c["context_before"] == "北湖卫发〔2018〕12号 "
    assert c["context_after"] == " 各区县卫生健康局："


def test_every_item_has_its_anchor_and_every_inner_link_a_target(report_case):
    doc = page(report_case["report"])
    ids = set(doc.xpath("//@id"))
    for entry in report_case["results"]["items"]:
        assert f"item-{entry['id']}" in ids
        (art,) = doc.xpath(f'//article[@id="item-{entry["id"]}"]')
        assert art.get("data-status") == entry["status"]
    inner = [a.get("href") for a in doc.xpath("//a[starts-with(@href, '#')]")]
    assert "#item-1.1.1" in inner and "#overview" in inner and "#documents" in inner
    assert all(h[1:] in ids for h in inner), [h for h in inner if h[1:] not in ids]
    toc = [a.text_content() for a in doc.xpath('//nav[@id="toc"]//a')]
    assert toc[:2] == ["一、总体情况", "二、逐项核查"] and "1.组织实施" in toc and "1.1政策制定" in toc
    (first,) = doc.xpath('//nav[@id="toc"]//a[@href="#sec-1"]/following-sibling::span[1]')
    in_first = sum(1 for i in report_case["results"]["items"] if i["section"][0] == "1.组织实施")
    assert first.text_content() == f"（{in_first}项）"
    # the counts at the top name every status with its number, and one button shows all
    buttons = {b.get("data-status"): b.text_content() for b in doc.xpath('//button[@class and @data-status]')}
    met = sum(1 for i in report_case["results"]["items"] if i["status"] == "met")
    assert buttons["met"] == f"符合{met}" and buttons[""] == f"合计{len(report_case['results']['items'])}"


def test_citation_links_resolve_to_the_cited_files_from_where_the_report_is(report_case):
    report, case = report_case["report"], report_case["case"]
    doc = page(report)
    links = doc.xpath('//a[@class="cite"]')
    assert links
    for a in links:
        url = urlsplit(a.get("href"))
        assert not url.scheme and not url.netloc and not url.path.startswith("/")
        target = (report.parent / unquote(url.path)).resolve()
        assert target.is_file() and target.is_relative_to(case.resolve()), target
    (pdf,) = doc.xpath('//article[@id="item-1.2.1"]//a[@class="cite"]')
    assert pdf.get("href").endswith("02-%E8%A7%84%E5%88%92.pdf#page=2")
    assert citation(report_case["results"], "1.2.1")["page"] == 2
    # a member of a zip links the zip and is named beside the link
    (zipped,) = doc.xpath('//article[@id="item-1.1.1"]//a[@class="cite"]')
    assert unquote(zipped.get("href")).endswith("/inbox/北湖市医联体考核/材料/方案.zip")
    loc = zipped.getparent()
    assert loc.text_content().startswith("材料/方案.zip › 文件/01-方案.docx，第3段")
    # the file list links the files on disk too
    files = {a.getparent().text_content(): a.get("href") for a in doc.xpath('//section[@id="documents"]//a')}
    assert (report.parent / unquote(files["02-规划.pdf"])).resolve() == (case / "02-规划.pdf").resolve()
    assert unquote(files["材料/方案.zip › 文件/01-方案.docx"]).endswith("/材料/方案.zip")


def test_a_link_to_an_oddly_named_file_resolves(tmp_path):
    case, out = tmp_path / "inbox" / "案 #1", tmp_path / "outbox" / "案 #1"
    (case / "子 目录").mkdir(parents=True)
    out.mkdir(parents=True)
    names = ["子 目录/通知 #2 (100%)?.pdf", "a&b<c>.docx"]
    for name in names:
        (case / name).write_bytes(b"x")
    linker = Linker(str(case), out, [])
    for name in names:
        link = linker.link(name, page=3)
        url = urlsplit(link.href)
        assert not url.scheme and (out / unquote(url.path)).resolve() == (case / name).resolve()
    assert linker.link(names[0], page=3).href.endswith("#page=3")
    assert "#page" not in linker.link(names[1], page=3).href


def test_links_are_computed_from_the_real_output_folder(report_case, tmp_path):
    elsewhere = tmp_path / "deeper" / "still" / "out"
    paths = render_case(elsewhere, load_form("yilianti", 2018), report_case["results"])
    report = next(p for p in paths if p.suffix == ".html")
    for a in page(report).xpath('//a[@class="cite"]'):
        path = urlsplit(a.get("href")).path
        assert (report.parent / unquote(path)).resolve().is_file()


def test_the_quote_is_shown_in_its_context(report_case):
    html = report_case["report"].read_text(encoding="utf-8")
    assert ('<span class="ctx">北湖卫发〔2018〕12号 </span><mark>关于印发北湖市医疗联合体建设实施方案的通知</mark>'
            '<span class="ctx"> 各区县卫生健康局：</span>') in html


def test_the_report_docx_shows_the_same_context(report_case):
    path = next(report_case["out"].glob("佐证核查报告_*.docx"))
    assert "北湖卫发〔2018〕12号 关于印发北湖市医疗联合体建设实施方案的通知 各区县卫生健康局：" in all_text(path)


def test_a_sentence_a_page_break_cuts_is_whole_in_the_context(report_case):
    (pdf,) = [d for d in read_case(report_case["case"], progress=False, cache=False) if d.file == "02-规划.pdf"]
    on_page_3 = [b for b in pdf.blocks if b.text.startswith("经市政府常务会议")]
    assert on_page_3 and on_page_3[0].text.endswith("完成组")       # the PDF cuts the sentence
    c = {"file": "02-规划.pdf", "page": on_page_3[0].loc.page, "locator": on_page_3[0].loc.label(),
         "quote": "全市划分为东、西、南、北四个网格"}
    add_context([{"citations": [c]}], [pdf])
    assert c["quote"] == "全市划分为东、西、南、北四个网格"             # the quote stays as cited
    assert c["context_before"].endswith("供各单位参考。 经市政府常务会议研究同意，")       # the paragraph before, then its own opening
    assert c["context_after"].startswith("，每个网格由一家三级公立医院牵头组建城市医疗集团")
    assert c["context_after"].endswith("形成适宜规模、功能互补的医联体网格化布局。各网格牵头医院于2018年6月底前完成组建工作。")


def test_a_quote_not_found_again_gets_no_context_and_stays():
    c = {"file": "无此文件.docx", "page": None, "locator": "第1段", "quote": "某句"}
    add_context([{"citations": [c]}], [])
    assert c == {"file": "无此文件.docx", "page": None, "locator": "第1段", "quote": "某句"}


def test_data_lines_say_each_figures_year_once(tmp_path):
    form = load_form("duikou", 2016)
    assert figure_text(form, {"2015年培训人员考核不合格或没有考核记录的人数": {"this": 0}}, 2016) == \
        "2015年培训人员考核不合格或没有考核记录的人数：0人"
    assert figure_text(form, {"受援医院人员到支援医院进修培训人数": {"last": 6}}, 2016) == \
        "受援医院人员到支援医院进修培训人数（2015年）：6人"
    assert figure_text(form, {"年出院人次": {"this": 24860, "last": 23120}}, 2016) == \
        "年出院人次：2016年24860人次，2015年23120人次"
    assert figure_text(form, {"派出培训人员职称符合要求": {"this": None}}, 2016) == "派出培训人员职称符合要求（2016年）：未填写"
    assert figure_text(form, {"受援医院已开设的一级诊疗科目": {"this": {"内科": True, "病理科": False}}}, 2016) == \
        "受援医院已开设的一级诊疗科目（2016年）：内科是，病理科否"
    # the same line in both reports and in the form's 备注
    results = make_results("duikou")
    item(results, "2.13")["figures"] = {"2015年培训人员考核不合格或没有考核记录的人数": {"this": 0}}
    paths = render_case(tmp_path, load_form("duikou", 2016), results)
    line = "数据：2015年培训人员考核不合格或没有考核记录的人数：0人"
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    assert line in html and "：2016年0人" not in html
    report_docx = next(p for p in paths if p.name.startswith("佐证核查报告") and p.suffix == ".docx")
    assert line in all_text(report_docx)
