"""The rendered forms open in LibreOffice: each converts to a PDF with pages and the title."""
from __future__ import annotations

import shutil
import subprocess

import pypdfium2 as pdfium
import pytest

from pipeline.render import render_case
from pipeline.rulebook.loader import load_form

from .fixtures import YEARS, make_results

TITLES = {"yilianti": "医联体综合绩效考核指标体系", "duikou": "城市三级医院对口支援县医院考核评估表"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_forms_convert_to_pdf(tmp_path):
    forms = []
    for form_id in ("yilianti", "duikou"):
        paths = render_case(tmp_path / form_id, load_form(form_id, YEARS[form_id]), make_results(form_id))
        forms.append((form_id, paths[0]))
    pdf_dir = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdf_dir)] + [str(p) for _, p in forms],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for form_id, docx_path in forms:
        pdf = pdf_dir / (docx_path.stem + ".pdf")
        assert pdf.is_file(), f"{docx_path.name} did not convert: {done.stdout} {done.stderr}"
        doc = pdfium.PdfDocument(str(pdf))
        assert len(doc) >= 1
        first = doc[0].get_textpage().get_text_range()
        assert TITLES[form_id] in first.replace("\r", "").replace("\n", "")
        doc.close()
