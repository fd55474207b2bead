"""The workbench in headless Chromium (Debian's chromium + chromium-driver, driven by selenium), served
by uvicorn on a free loopback port: open the summary, open the case, filter by status, open an item,
see the cited page with a highlight over the quote (checked against pdfplumber's text boxes), decide
with the keyboard and the form, find the decision in review.xlsx, and see a cell typed in Excel merged."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from pipeline.serve.app import create_app
from pipeline.serve.pages import PageStore

from .helpers import cid, overlaps, pdf_citation, quote_box, review_row, set_cell

from ..browser import MISSING, chromium, installed

pytestmark = pytest.mark.skipif(not installed(), reason=MISSING)

pytest.importorskip("selenium.webdriver", reason="selenium 未安装：请运行 make bootstrap")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with chromium("--window-size=1400,1000") as driver:
        yield driver


@pytest.fixture
def served(workbench_case):
    import uvicorn
    app = create_app(workbench_case["outbox"], store=PageStore(workbench_case["pages"]))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield {**workbench_case, "url": f"http://127.0.0.1:{sock.getsockname()[1]}", "app": app}
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def shown(driver) -> list[str]:
    return [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "article.item") if e.is_displayed()]


def test_a_reviewer_decides_an_item_in_the_browser(browser, served):
    results = served["results"]
    browser.get(served["url"] + "/")
    browser.find_element(By.CSS_SELECTOR, "a.case").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == served["out"].name
    every = {f"item-{i['id']}": i["status"] for i in results["items"]}
    assert len(shown(browser)) == len(every)
    browser.find_element(By.CSS_SELECTOR, 'button.count[data-status="not_met"]').click()
    not_met = [k for k, s in every.items() if s == "not_met"]
    assert not_met and shown(browser) == not_met
    browser.find_element(By.CSS_SELECTOR, 'button.count[data-status="not_met"]').click()

    item, cite = pdf_citation(results)
    browser.find_element(By.CSS_SELECTOR, f'article[id="item-{item["id"]}"] a.open').click()
    assert browser.find_element(By.ID, "indicator").text.startswith(item["id"])
    figure = browser.find_element(By.ID, "cite-1")
    img = figure.find_element(By.CSS_SELECTOR, "img.page-image")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img))
    frame = img.rect
    boxes = []
    for hl in figure.find_elements(By.CSS_SELECTOR, ".hl"):
        r = hl.rect
        boxes.append(((r["x"] - frame["x"]) / frame["width"], (r["y"] - frame["y"]) / frame["height"],
                      (r["x"] + r["width"] - frame["x"]) / frame["width"],
                      (r["y"] + r["height"] - frame["y"]) / frame["height"]))
    where = quote_box(Path(results["case_dir"]) / cite["file"], cite["page"], cite["quote"])
    assert boxes and any(overlaps(b, where) for b in boxes), (boxes, where)

    # decide: a score and an opinion in the form
    score = browser.find_element(By.ID, "score")
    score.clear()
    score.send_keys("0")
    browser.find_element(By.ID, "note").send_keys("浏览器中填写的评审意见")
    browser.find_element(By.ID, "save").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.ok"))
    review = served["out"] / "review.xlsx"
    assert review_row(review, item["id"]) == (0, "浏览器中填写的评审意见")

    # meanwhile the reviewer types an opinion in Excel for the next item; the page merges it
    ids = [i["id"] for i in results["items"]]
    nxt = ids[ids.index(item["id"]) + 1]
    browser.find_element(By.TAG_NAME, "body").send_keys("j")                  # keyboard: next item
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "indicator").text.startswith(nxt + "　"))
    served["app"].outbox.get(cid(served)).wait()
    set_cell(review, nxt, "评审意见", "Excel 中写的意见")
    proposed = next(i for i in results["items"] if i["id"] == nxt)["score"]
    assert proposed is not None
    browser.find_element(By.TAG_NAME, "body").send_keys("a")                  # keyboard: accept the proposal
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg"))
    merged = " ".join(m.text for m in browser.find_elements(By.CSS_SELECTOR, ".msg"))
    assert "已合并表格中的修改" in merged and "Excel 中写的意见" in merged
    assert review_row(review, nxt)[1] == "Excel 中写的意见"
    assert float(review_row(review, nxt)[0]) == float(proposed)
    browser.find_element(By.TAG_NAME, "body").send_keys("k")                  # keyboard: previous item
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "indicator").text.startswith(item["id"] + "　"))
    assert browser.find_element(By.ID, "note").get_attribute("value") == "浏览器中填写的评审意见"
    rendered = served["app"].outbox.get(cid(served)).wait()
    assert rendered.state == "done", rendered.message
