"""CheckList-style behaviour tests: build a small evidence folder of real files, decide one item.

Each rule of reading is tested three ways (Ribeiro et al., CheckList):
- a minimum case: the plainest evidence of the behaviour;
- an invariance: other places, names, synonyms and styles give the same status;
- a directional pair: one change (尚未, a 下一步 heading, a 副院长) moves the status.

``decide`` writes the files with python-docx (or plain text, or a PDF through the
project's builder), runs the reading and judging stages and returns the item's finding.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.case import load_case
from pipeline.readcase import read_case
from pipeline.rulebook.loader import load_form
from pipeline.run import evaluate_qualitative, extract_all
from scripts.docbuild import write_file

DUIKOU = {"支援医院": "东江市第一人民医院", "受援医院": "青石县人民医院"}
DUIKOU_OTHER = {"支援医院": "西陵市中心医院", "受援医院": "白河县人民医院"}
CITY = {"行政部门": "北湖市卫生健康委员会"}
CITY_OTHER = {"行政部门": "南岭市卫生健康委员会"}


def build(tmp_path: Path, form: str, year: int, units: dict, files: dict[str, str | dict]) -> Path:
    """A case folder; ``files`` maps a file name to its text in scripts/docbuild.py markup,
    or to a whole file spec of the builder (format, traditional, page …)."""
    folder = tmp_path / "case"
    if folder.exists():
        import shutil
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(yaml.safe_dump({"form": form, "year": year, "units": units},
                                                     allow_unicode=True), encoding="utf-8")
    for name, text in files.items():
        write_file(folder, {**text, "name": name} if isinstance(text, dict) else {"name": name, "text": text})
    return folder


def decide(tmp_path: Path, form: str, year: int, units: dict, files: dict[str, str], item_id: str):
    """The finding for ``item_id`` on the folder built from ``files``."""
    folder = build(tmp_path, form, year, units, files)
    case = load_case(folder)
    rules = load_form(case.form, case.year)
    evidence, _ = extract_all(read_case(folder, progress=False, cache=False))
    return evaluate_qualitative(rules, case, evidence)[item_id]


def status(tmp_path, form, year, units, files, item_id) -> str:
    return decide(tmp_path, form, year, units, files, item_id).status
