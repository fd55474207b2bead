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


def _tool(name: str) -> bool:
    return shutil.which(name) is not None


@pytest.mark.skipif(not all(_tool(t) for t in ("soffice", "pdffonts", "pdftoppm", "pdftotext")),
                    reason="LibreOffice or poppler-utils is not installed")
def test_render_writes_pdfs_with_embedded_mapped_fonts(tmp_path):
    from PIL import Image

    results = make_results("duikou", "案卷丁")
    results["reviewer"] = {"commission": "东江市卫生健康委员会"}
    paths = render_case(tmp_path, load_form("duikou", 2015), results, pdf=True)
    pdfs = sorted(p.name for p in paths if p.suffix == ".pdf")
    assert pdfs == ["佐证核查报告_案卷丁.pdf", "补充材料清单_案卷丁.pdf", "附件2_城市三级医院对口支援县医院考核评估表_案卷丁.pdf"]
    expect = {"附件2": "城市三级医院对口支援县医院考核评估表", "佐证核查报告": "佐证核查报告",
              "补充材料清单": "关于补充提交2015年度考核佐证材料的通知"}
    for name in pdfs:
        pdf = tmp_path / name
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows, name
        # every font embedded; the official faces came out as the mapped serif/sans Noto CJK
        assert all("yes" == r[-5] for r in rows), fonts
        names = " ".join(r[0] for r in rows)
        assert "NotoSerifCJK" in names and "DejaVu" not in names, fonts
        # the first page as a picture, then its text
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=60)
        png = next(tmp_path.glob("page*.png"))
        grey = Image.open(png).convert("L")
        dark = sum(grey.point(lambda v: 255 if v < 128 else 0).histogram()[255:])
        assert dark > 500, f"{name}: page 1 is blank"
        png.unlink()
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                              text=True, timeout=60).stdout
        flat = "".join(text.split())
        assert expect[name.split("_")[0]] in flat, flat[:200]
    letter = subprocess.run(["pdftotext", str(tmp_path / pdfs[1]), "-"], capture_output=True, text=True).stdout
    assert "—1—" in "".join(letter.split()) and "我委" in letter
