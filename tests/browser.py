"""Headless Chromium for the browser tests (Debian's chromium + chromium-driver, driven by selenium).

As root on this closed network Chromium needs these flags and a fresh profile; ``chromium`` starts one
browser with them and removes its profile afterwards."""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
MISSING = "Chromium 或 chromedriver 未安装（/usr/bin/chromium、/usr/bin/chromedriver）：请运行 make bootstrap"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def installed() -> bool:
    return CHROMIUM.is_file() and DRIVER.is_file()


@contextmanager
def chromium(*extra: str):
    """A selenium driver of headless Chromium with ``FLAGS`` (and ``extra``) on a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kaohe-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, *extra, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
