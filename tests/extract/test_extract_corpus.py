"""The labelled sample documents: extracted date, 文号 and draft flag equal the labels.

Files are read with pipeline.readers.dispatch.read_bytes when it exists; a
small private reader below stands in otherwise.  Kinds are a reviewer's
judgement: agreement is reported and must stay at or above 90 %.
The rules are general: nothing here is fitted to these files' wording.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipeline.extract.document import extract
from pipeline.model import Block, Document, Locator

CORPUS = Path("/work/shared/corpus/dev")
OCR_SUFFIXES = {".jpg", ".jpeg", ".png"}


def _labelled() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((CORPUS / "labels").glob("*.json")) if CORPUS.exists() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        for d in data.get("documents", []):
            out.append((data["case"], d))
    return out


LABELLED = _labelled()
pytestmark = pytest.mark.skipif(not LABELLED, reason="sample corpus not available")


# ------------------------------------------------------------ fallback reader
def _ocr_lines(image, name: str, page: int) -> list[Block]:
    import numpy as np

    rgb = np.array(image.convert("RGB"))
    red = rgb[..., 0]                       # the red channel hides red seals
    result = _engine()(np.stack([red, red, red], -1))
    return [Block(t, "ocr-line", Locator(name, page=page, line=i + 1))
            for i, t in enumerate(result.txts or ())]


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR
    return RapidOCR()


def _fallback_read(data: bytes, name: str) -> Document:
    suffix = Path(name).suffix.lower()
    blocks: list[Block] = []
    if suffix == ".pdf":
        import pypdfium2 as pdfium
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return Document(name, "", "pdf-text")
        for p in range(len(pdf)):
            text = pdf[p].get_textpage().get_text_range()
            lines = [ln for ln in text.replace("\r", "").split("\n") if ln.strip()]
            if lines:
                blocks += [Block(ln, "paragraph", Locator(name, page=p + 1, line=i + 1)) for i, ln in enumerate(lines)]
            else:
                blocks += _ocr_lines(pdf[p].render(scale=2).to_pil(), name, p + 1)
    elif suffix in OCR_SUFFIXES:
        import io

        from PIL import Image
        blocks = _ocr_lines(Image.open(io.BytesIO(data)), name, 1)
    elif suffix in (".docx", ".doc"):
        import docx
        tmp = Path(tempfile.mkdtemp())
        try:
            src = tmp / ("in" + suffix)
            src.write_bytes(data)
            if suffix == ".doc":
                subprocess.run(["soffice", "--headless", "--convert-to", "docx", "--outdir", str(tmp), str(src)],
                               capture_output=True, timeout=120)
                src = tmp / "in.docx"
            try:
                d = docx.Document(str(src))
            except Exception:
                return Document(name, "", suffix[1:])
            blocks += [Block(p.text, "paragraph", Locator(name, paragraph=i + 1)) for i, p in enumerate(d.paragraphs)]
            for t, table in enumerate(d.tables, start=1):
                for r, row in enumerate(table.rows, start=1):
                    for c, cell in enumerate(row.cells, start=1):
                        blocks.append(Block(cell.text, "table-cell", Locator(name, table=t, row=r, col=c)))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    elif suffix == ".xlsx":
        import io

        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for ws in wb.worksheets:
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                for c, v in enumerate(row, start=1):
                    if v is not None:
                        blocks.append(Block(str(v), "table-cell", Locator(name, sheet=ws.title, row=r, col=c)))
    return Document(name, "", suffix[1:], tuple(blocks))


@functools.lru_cache(maxsize=None)
def read(case: str, file: str) -> Document:
    data = (CORPUS / "cases" / case / file).read_bytes()
    if importlib.util.find_spec("pipeline.readers.dispatch") is not None:
        from pipeline.readers.dispatch import read_bytes
        return read_bytes(data, file)
    return _fallback_read(data, file)


def _param(case: str, d: dict):
    marks = [pytest.mark.ocr] if d.get("needs_ocr") or Path(d["file"]).suffix.lower() in OCR_SUFFIXES else []
    return pytest.param(case, d, id=f"{case}/{d['file']}", marks=marks)


@pytest.mark.parametrize("case, label", [_param(c, d) for c, d in LABELLED])
def test_date_doc_number_and_draft_match_the_label(case, label):
    doc = read(case, label["file"])
    meta = extract(doc).meta
    if label.get("expect_error"):
        assert meta.date is None and meta.doc_number is None
        return
    got = {"date": meta.date, "doc_number": meta.doc_number, "draft": meta.draft}
    want = {"date": label.get("date"), "doc_number": label.get("doc_number"), "draft": bool(label.get("draft"))}
    assert got == want
    if meta.date is not None:
        # the date is quoted from the block its locator names
        block = next(b for b in doc.blocks if b.loc == meta.date_loc)
        assert any(ch.isdigit() or ch in "〇○O零一二三四五六七八九十" for ch in block.text)


def test_kind_agreement_with_reviewer_labels(capsys):
    rows = [(c, d) for c, d in LABELLED if not d.get("expect_error")]
    disagree = []
    for case, d in rows:
        kind = extract(read(case, d["file"])).meta.kind
        if kind != d["kind"]:
            disagree.append(f"{case}/{d['file']}: 标注 {d['kind']}，识别 {kind}")
    agree = len(rows) - len(disagree)
    with capsys.disabled():
        print(f"\n文种一致 {agree}/{len(rows)}" + "".join(f"\n  {x}" for x in disagree))
    assert agree >= 0.9 * len(rows), "\n".join(disagree)
