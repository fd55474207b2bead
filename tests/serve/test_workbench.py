"""The workbench over HTTP (Starlette's test client): pages, the cited page and its highlight,
decisions saved into review.xlsx (merged with what Excel changed meanwhile, or refused), the
background re-render, and what it refuses: traversal, a foreign Host, a missing token, a forged POST."""
from __future__ import annotations

import json
import re
from pathlib import Path

import docx
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.serve.cases import case_id

from .conftest import run_case
from .helpers import cid, client, form_field, overlaps, pdf_citation, quote_box, review_row, set_cell


def _item_url(case, item_id: str) -> str:
    return f"/c/{cid(case)}/i/{item_id}"


def test_the_summary_links_the_case_and_the_case_page_lists_every_item(workbench_case):
    _, c = client(workbench_case)
    page = c.get("/")
    assert page.status_code == 200
    assert f'href="/c/{cid(workbench_case)}"' in page.text and "示例-医联体" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    listing = c.get(f"/c/{cid(workbench_case)}")
    ids = re.findall(r'<article class="item[^"]*" id="item-([0-9.]+)" data-status="(\w+)"', listing.text)
    expected = [(i["id"], i["status"]) for i in workbench_case["results"]["items"]]
    assert sorted(ids) == sorted(expected)
    assert 'id="status"' in listing.text and 'id="q"' in listing.text
    assert c.get("/static/filter.js").text.startswith("/* The list's filter and search")


def test_an_item_page_shows_the_finding_and_the_cited_page_with_the_quote_highlighted(workbench_case):
    app, c = client(workbench_case)
    item, cite = pdf_citation(workbench_case["results"])
    page = c.get(_item_url(workbench_case, item["id"]))
    assert page.status_code == 200
    assert item["indicator"] in page.text and "评分方法" in page.text
    assert f'id="status">{ {"met": "符合", "partial": "部分符合", "not_met": "不符合", "no_evidence": "无佐证", "needs_data": "待补数据"}[item["status"]]}<' in page.text
    figure = page.text.split(f'<b>［1］{cite["file"]}</b>')[1].split("</figure>")[0]
    img = re.search(r'<img class="page-image" src="([^"]+)"', figure).group(1)
    png = c.get(img)
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    boxes = [tuple(float(x) for x in b.split(",")) for b in re.findall(r'data-box="([^"]+)"', figure)]
    assert boxes and 'data-how="glyph"' in figure
    where = quote_box(Path(workbench_case["results"]["case_dir"]) / cite["file"], cite["page"], cite["quote"])
    assert any(overlaps(b, where) for b in boxes), (boxes, where)
    # the image is cached by content hash, outside the evidence folder
    cached = list((workbench_case["pages"] / "png").glob(f"*-{cite['page']}-1.5.png"))
    assert cached and not list(Path(workbench_case["results"]["case_dir"]).rglob("*.png"))


def test_a_word_citation_shows_the_page_of_its_libreoffice_pdf(workbench_case):
    _, c = client(workbench_case)
    item = next(i for i in workbench_case["results"]["items"]
                if any(x["file"].endswith(".docx") for x in i.get("citations") or []))
    page = c.get(_item_url(workbench_case, item["id"]))
    n = next(k for k, x in enumerate(item["citations"], start=1) if x["file"].endswith(".docx"))
    figure = page.text.split(f'id="cite-{n}"')[1].split("</figure>")[0]
    assert 'data-how="glyph"' in figure and 'class="hl"' in figure
    assert list((workbench_case["pages"] / "pdf").glob("*.pdf"))


def _save(c, case, item_id, **fields):
    page = c.get(_item_url(case, item_id))
    data = {"csrf": form_field(page.text, "csrf"), "loaded_score": form_field(page.text, "loaded_score"),
            "loaded_note": re.search(r'name="loaded_note" value="([^"]*)"', page.text).group(1),
            "score": form_field(page.text, "score"), "note": ""}
    data.update(fields)
    return c.post(_item_url(case, item_id), data=data, follow_redirects=True)


def test_a_decision_is_saved_into_review_xlsx_results_json_and_the_form(workbench_case):
    app, c = client(workbench_case)
    item = workbench_case["results"]["items"][0]
    got = _save(c, workbench_case, item["id"], score="1", note="现场核查：方案已印发<b>")
    assert got.status_code == 200 and "已保存到 review.xlsx" in got.text
    assert "现场核查：方案已印发&lt;b&gt;" in got.text               # escaped, shown again in the form
    review = workbench_case["out"] / "review.xlsx"
    assert review_row(review, item["id"]) == (1, "现场核查：方案已印发<b>")
    rendered = app.outbox.get(cid(workbench_case)).wait()
    assert rendered.state == "done", rendered.message
    results = json.loads((workbench_case["out"] / "results.json").read_text(encoding="utf-8"))
    entry = next(i for i in results["items"] if i["id"] == item["id"])
    assert entry["final_score"] == 1 and entry["reviewer_opinion"] == "现场核查：方案已印发<b>"
    form = next(workbench_case["out"].glob("附件*.docx"))
    texts = [cell.text for t in docx.Document(form).tables for row in t.rows for cell in row.cells]
    assert any("现场核查：方案已印发<b>" in t for t in texts)
    # a new run keeps the decision
    run_case(workbench_case["inbox"], workbench_case["outbox"])
    assert review_row(review, item["id"]) == (1, "现场核查：方案已印发<b>")
    again = json.loads((workbench_case["out"] / "results.json").read_text(encoding="utf-8"))
    assert next(i for i in again["items"] if i["id"] == item["id"])["final_score"] == 1


def test_a_cell_typed_in_excel_meanwhile_is_merged_and_said(workbench_case):
    _, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][1]["id"]
    page = c.get(_item_url(workbench_case, item_id))
    review = workbench_case["out"] / "review.xlsx"
    set_cell(review, item_id, "评审意见", "Excel 中写的意见")
    data = {"csrf": form_field(page.text, "csrf"), "loaded_score": "", "loaded_note": "", "score": "0", "note": ""}
    got = c.post(_item_url(workbench_case, item_id), data=data, follow_redirects=True)
    assert got.status_code == 200
    assert "已合并表格中的修改：评审意见：表格中已改为“Excel 中写的意见”" in got.text
    assert review_row(review, item_id) == (0, "Excel 中写的意见")


def test_the_same_cell_changed_in_both_places_is_refused_and_nothing_is_lost(workbench_case):
    _, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][2]["id"]
    page = c.get(_item_url(workbench_case, item_id))
    review = workbench_case["out"] / "review.xlsx"
    set_cell(review, item_id, "终审得分", 0)
    before = review.read_bytes()
    data = {"csrf": form_field(page.text, "csrf"), "loaded_score": "", "loaded_note": "", "score": "1", "note": "页面意见"}
    got = c.post(_item_url(workbench_case, item_id), data=data)
    assert got.status_code == 409
    assert "在页面打开后已被修改" in got.text and "表格中已改为“0”" in got.text and "页面填写的是“1”" in got.text
    assert 'value="1"' in got.text and "页面意见" in got.text              # what was typed stays in the page
    assert review.read_bytes() == before
    # the refused page now knows the file's value: saving it again (the reviewer read both) writes
    assert form_field(got.text, "loaded_score") == "0"
    data.update(loaded_score="0")
    again = c.post(_item_url(workbench_case, item_id), data=data, follow_redirects=True)
    assert again.status_code == 200 and "已保存到 review.xlsx" in again.text
    assert review_row(review, item_id) == (1, "页面意见")


def test_a_file_open_in_excel_or_libreoffice_is_not_written(workbench_case):
    _, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][0]["id"]
    review = workbench_case["out"] / "review.xlsx"
    before = review.read_bytes()
    for lock, program in (("~$review.xlsx", "Excel"), (".~lock.review.xlsx#", "LibreOffice")):
        (review.parent / lock).write_bytes(b"x")
        got = _save(c, workbench_case, item_id, score="1")
        assert got.status_code == 409 and "正在" in got.text and program in got.text and lock in got.text
        assert review.read_bytes() == before
        (review.parent / lock).unlink()


def test_a_score_out_of_range_is_refused_in_chinese(workbench_case):
    _, c = client(workbench_case)
    item = workbench_case["results"]["items"][0]
    got = _save(c, workbench_case, item["id"], score="999")
    assert got.status_code == 409 and "超出本项分值范围" in got.text and "未保存" in got.text


def test_files_are_served_by_id_only(workbench_case):
    _, c = client(workbench_case)
    case = cid(workbench_case)
    n = len(workbench_case["results"]["documents"])
    for url in (f"/c/{case}/d/{n}/1.png", f"/c/{case}/d/-1/1.png", f"/c/{case}/d/0/999.png",
                f"/c/{case}/d/../../../etc/passwd", "/c/../../etc/passwd", f"/c/{case}/d/%2e%2e/1.png",
                "/static/..%2f..%2fpyproject.toml", "/static/../filter.js", f"/c/{case_id('..')}",
                f"/c/{case}/i/..%2F..%2Fresults.json"):
        got = c.get(url)
        assert got.status_code == 404, url
        assert b"root:" not in got.content and b"[project]" not in got.content


def test_a_documents_path_outside_the_case_folder_is_not_read(workbench_case):
    out = workbench_case["out"]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    secret = out.parent / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 secret")
    results["documents"][0]["file"] = "../../outbox/secret.pdf"
    item = next(i for i in results["items"] if i.get("citations"))
    item["citations"][0]["file"] = "../../outbox/secret.pdf"
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    _, c = client(workbench_case)
    page = c.get(_item_url(workbench_case, item["id"]))
    assert "找不到佐证文件" in page.text
    assert c.get(f"/c/{cid(workbench_case)}/d/0/1.png").status_code == 404


def test_text_from_the_evidence_is_escaped(workbench_case):
    out = workbench_case["out"]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    results["items"][0]["reason"] = "<script>alert(1)</script>"
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    _, c = client(workbench_case)
    for url in (f"/c/{cid(workbench_case)}", _item_url(workbench_case, results["items"][0]["id"])):
        text = c.get(url).text
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_forged_post_is_refused(workbench_case):
    _, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][0]["id"]
    review = workbench_case["out"] / "review.xlsx"
    before = review.read_bytes()
    url = _item_url(workbench_case, item_id)
    no_token = c.post(url, data={"score": "1", "note": "伪造"})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    wrong = c.post(url, data={"csrf": "guess", "score": "1", "note": "伪造"})
    assert wrong.status_code == 403
    page = c.get(url)
    other_site = c.post(url, data={"csrf": form_field(page.text, "csrf"), "score": "1"},
                        headers={"origin": "http://evil.example"})
    assert other_site.status_code == 403 and "其他网站" in other_site.text
    assert review.read_bytes() == before


def test_another_host_name_is_refused(workbench_case):
    _, c = client(workbench_case)
    got = c.get("/", headers={"host": "evil.example:8765"})
    assert got.status_code == 400 and "主机名" in got.text


def test_with_a_token_every_request_carries_it(workbench_case):
    _, c = client(workbench_case, token="s3cret-token-1", follow_redirects=False)
    assert c.get("/").status_code == 403
    assert c.get("/", headers={"x-kaohe-token": "wrong-token"}).status_code == 403
    assert c.get(f"/c/{cid(workbench_case)}/d/0/1.png").status_code == 403
    first = c.get("/?token=s3cret-token-1")
    assert first.status_code == 303 and first.headers["location"] == "/"       # the token leaves the address
    assert "kaohe_token" in first.headers["set-cookie"] and "httponly" in first.headers["set-cookie"].lower()
    assert c.get("/").status_code == 200                                        # the cookie carries it now
    c.cookies.clear()
    assert c.get("/", headers={"x-kaohe-token": "s3cret-token-1"}).status_code == 200


def test_serve_refuses_another_address_without_a_token(tmp_path):
    (tmp_path / "outbox").mkdir()
    got = CliRunner().invoke(cli, ["serve", str(tmp_path / "outbox"), "--host", "0.0.0.0"])
    assert got.exit_code != 0 and "--token" in str(got.exception)


def test_a_note_of_several_lines_is_kept_and_saved_again_without_a_conflict(workbench_case):
    _, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][3]["id"]
    review = workbench_case["out"] / "review.xlsx"
    assert _save(c, workbench_case, item_id, note="第一行\r\n第二行").status_code == 200
    assert review_row(review, item_id)[1] == "第一行\n第二行"
    again = _save(c, workbench_case, item_id, score="0", note="第一行\r\n第二行")       # as a browser posts it
    assert again.status_code == 200 and "已保存到 review.xlsx（终审得分）" in again.text
    assert review_row(review, item_id) == (0, "第一行\n第二行")


def test_a_failed_re_render_is_said_and_the_decision_stays_saved(workbench_case):
    app, c = client(workbench_case)
    item_id = workbench_case["results"]["items"][0]["id"]
    form = next(workbench_case["out"].glob("附件*.docx"))
    form.unlink()
    form.mkdir()                        # the form cannot be written over a folder of its name
    got = _save(c, workbench_case, item_id, score="1")
    assert got.status_code == 200
    rendered = app.outbox.get(cid(workbench_case)).wait()
    assert rendered.state == "failed" and "重新出表失败" in rendered.message and "kaohe render" in rendered.message
    assert review_row(workbench_case["out"] / "review.xlsx", item_id)[0] == 1
    page = c.get(_item_url(workbench_case, item_id))
    assert "重新出表失败" in page.text


def test_kaohe_serve_prints_the_address_and_answers_on_it(workbench_case):
    import subprocess
    import sys
    import urllib.request
    exe = Path(sys.executable).with_name("kaohe")
    proc = subprocess.Popen([str(exe), "serve", str(workbench_case["outbox"]), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        assert first.startswith("评审工作台已启动：")
        with urllib.request.urlopen(url, timeout=30) as r:
            body = r.read().decode("utf-8")
        assert "案例汇总" in body and "示例-医联体" in body
    finally:
        proc.terminate()
        proc.wait(10)
