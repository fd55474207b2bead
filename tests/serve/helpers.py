"""What the workbench tests share: the app on a test client, the quote's position read from the PDF."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
from openpyxl import load_workbook

from pipeline.serve.app import create_app
from pipeline.serve.cases import case_id
from pipeline.serve.pages import PageStore


def client(case: dict, token: str | None = None, **kw):
    import warnings
    with warnings.catch_warnings():            # Starlette 1.x prefers httpx2 for its test client; httpx works
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    app = create_app(case["outbox"], token, PageStore(case["pages"]))
    return app, TestClient(app, base_url="http://127.0.0.1", **kw)


def cid(case: dict) -> str:
    return case_id(case["out"].name)


def pdf_citation(results: dict) -> tuple[dict, dict]:
    """The first item citing a text PDF with a page, and that citation."""
    for item in results["items"]:
        for c in item.get("citations") or []:
            if c["file"].endswith(".pdf") and isinstance(c.get("page"), int) and len(c["quote"]) >= 12:
                return item, c
    raise AssertionError("the sample case cites no PDF page")


def _fold(ch: str) -> str:
    return "" if ch.isspace() else unicodedata.normalize("NFKC", ch).lower()


def quote_box(pdf: Path, page: int, quote: str) -> tuple[float, float, float, float]:
    """Where the quote is printed on ``page``, from pdfplumber's characters (another reader than the
    workbench's pypdfium2), as fractions of the page (x0, top, x1, bottom) of its first line."""
    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        chars = [c for c in p.chars if _fold(c["text"])]
        text = "".join(_fold(c["text"]) for c in chars)
        want = "".join(_fold(ch) for ch in quote)
        k = text.find(want)
        assert k >= 0, f"{want} not on page {page} of {pdf.name}"
        first = chars[k]
        hit = [c for c in chars[k:k + len(want)] if abs(c["top"] - first["top"]) < 2]
        return (min(c["x0"] for c in hit) / p.width, min(c["top"] for c in hit) / p.height,
                max(c["x1"] for c in hit) / p.width, max(c["bottom"] for c in hit) / p.height)


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def review_row(path: Path, item_id: str) -> tuple:
    ws = load_workbook(path)["评审"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        if str(row[head.index("编号")]) == item_id:
            return row[head.index("终审得分")], row[head.index("评审意见")]
    raise AssertionError(f"no row {item_id}")


def set_cell(path: Path, item_id: str, column: str, value) -> None:
    """Type into review.xlsx as a reviewer in Excel would (openpyxl, saved in place)."""
    wb = load_workbook(path)
    ws = wb["评审"]
    head = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        if str(ws.cell(r, head.index("编号") + 1).value) == item_id:
            ws.cell(r, head.index(column) + 1).value = value
            wb.save(path)
            return
    raise AssertionError(f"no row {item_id}")


def form_field(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    return m.group(1) if m else ""
