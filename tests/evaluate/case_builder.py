"""Build small, realistic evidence folders (real .docx/.xlsx files) and evaluate them."""
from __future__ import annotations

from pathlib import Path

import yaml
from docx import Document as DocxDocument
from openpyxl import Workbook

from pipeline.case import load_case
from pipeline.run import evaluate_qualitative, extract_all
from pipeline.readcase import read_case
from pipeline.rulebook.loader import load_form


def docx(folder: Path, name: str, lines: list[str], table: list[list[str]] | None = None) -> Path:
    """A Word file with one paragraph per line (and an optional table after them)."""
    doc = DocxDocument()
    for line in lines:
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    path = folder / name
    doc.save(path)
    return path


def xlsx(folder: Path, name: str, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "安排"
    for row in rows:
        ws.append(row)
    path = folder / name
    wb.save(path)
    return path


def case_folder(tmp_path: Path, form: str, year: int, units: dict[str, str]) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.yaml").write_text(yaml.safe_dump({"form": form, "year": year, "units": units},
                                                     allow_unicode=True), encoding="utf-8")
    return folder


def evaluate(folder: Path) -> dict:
    case = load_case(folder)
    form = load_form(case.form, case.year)
    evidence, _ = extract_all(read_case(folder, progress=False, cache=False))
    return evaluate_qualitative(form, case, evidence)


CITY = {"行政部门": "北湖市卫生健康委员会"}
HOSPITALS = {"支援医院": "东江市第一人民医院", "受援医院": "青石县人民医院"}
