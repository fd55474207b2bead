"""The HTML report in headless Chromium (Debian's chromium + chromium-driver, driven by selenium):
a status count filters the list, the search box filters it, an item anchor is followed, and a
citation link opens the cited file (a PDF at its page). One browser for the module."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ..browser import MISSING, chromium, installed

pytestmark = pytest.mark.skipif(not installed(), reason=MISSING)

pytest.importorskip("selenium.webdriver", reason="selenium 未安装：请运行 make bootstrap")
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


@pytest.fixture
def report(browser, report_case):
    browser.get(report_case["report"].as_uri())
    return browser


def shown(driver) -> list[str]:
    return [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "article.item") if e.is_displayed()]


def statuses(report_case) -> dict[str, str]:
    return {f"item-{i['id']}": i["status"] for i in report_case["results"]["items"]}


def test_a_status_count_filters_the_list_and_a_second_click_shows_all(report, report_case):
    every = statuses(report_case)
    assert len(shown(report)) == len(every)
    report.find_element(By.CSS_SELECTOR, 'button.count[data-status="met"]').click()
    met = [k for k, s in every.items() if s == "met"]
    assert met and shown(report) == met
    assert report.find_element(By.ID, "shown").text == f"显示 {len(met)} / {len(every)} 项"
    # a section without a met item hides its heading; 1.组织实施 holds both met items
    headings = {h.text for h in report.find_elements(By.CSS_SELECTOR, "#list .group") if h.is_displayed()}
    assert "1.组织实施" in headings and "4.效率效益" not in headings
    report.find_element(By.CSS_SELECTOR, 'button.count[data-status="met"]').click()
    assert len(shown(report)) == len(every)


def test_the_search_box_filters_the_list(report, report_case):
    box = report.find_element(By.ID, "q")
    box.send_keys("网格化布局")
    assert shown(report) == ["item-1.2.1"]
    box.clear()
    box.send_keys("全无此词")
    assert shown(report) == [] and report.find_element(By.ID, "nothing").is_displayed()
    box.clear()
    box.send_keys(" ")           # clear() fires no input event
    assert len(shown(report)) == len(statuses(report_case))


def test_an_item_anchor_is_followed_and_shows_its_item_even_when_filtered_out(report, report_case):
    report.find_element(By.CSS_SELECTOR, 'button.count[data-status="not_met"]').click()
    assert "item-1.1.1" not in shown(report)
    report.execute_script("window.kaoheSamePage = true;")
    report.get(report_case["report"].as_uri() + "#item-1.1.1")
    assert report.execute_script("return window.kaoheSamePage === true;")     # a jump inside the page
    target = report.find_element(By.ID, "item-1.1.1")
    assert target.is_displayed()
    top = report.execute_script("return arguments[0].getBoundingClientRect().top;", target)
    assert 0 <= top < report.execute_script("return window.innerHeight;")
    assert report.execute_script("return document.querySelector(':target').id;") == "item-1.1.1"


def test_a_citation_link_opens_the_cited_file(report, report_case):
    case = report_case["case"].resolve()
    link = report.find_element(By.ID, "item-1.2.1").find_element(By.CSS_SELECTOR, "a.cite")
    href = link.get_attribute("href")                      # resolved by the browser against the report
    url = urlsplit(href)
    assert url.scheme == "file" and url.fragment == "page=2"
    assert Path(unquote(url.path)) == case / "02-规划.pdf"
    link.click()
    assert report.current_url == href
    # the zip member's link opens the zip
    report.get(report_case["report"].as_uri())
    zipped = report.find_element(By.ID, "item-1.1.1").find_element(
        By.CSS_SELECTOR, "a.cite").get_attribute("href")
    assert Path(unquote(urlsplit(zipped).path)) == case / "材料" / "方案.zip"
    assert (case / "材料" / "方案.zip").is_file()
