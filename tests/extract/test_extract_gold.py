"""Every hand-written gold item in gold.yaml must pass; the failure lists every mismatch."""
from pathlib import Path

import yaml

from pipeline.extract.document import extract
from pipeline.text.clauses import split_clauses

from .extract_helpers import make_doc

GOLD = yaml.safe_load((Path(__file__).parent / "gold.yaml").read_text(encoding="utf-8"))


def _str(v):
    return None if v is None else str(v)


def test_gold_has_enough_items():
    assert len(GOLD["documents"]) + len(GOLD["sentences"]) >= 150
    ids = [x["id"] for x in GOLD["documents"] + GOLD["sentences"]]
    assert len(ids) == len(set(ids))


def test_gold_documents():
    problems = []
    for item in GOLD["documents"]:
        doc = make_doc(item["text"], f"{item['id']}.docx")
        meta = extract(doc).meta
        got = {"kind": meta.kind, "doc_number": meta.doc_number, "loose": meta.doc_number_loose,
               "date": meta.date, "draft": meta.draft, "title": meta.title, "issuer": meta.issuer}
        for key, want in item["expect"].items():
            want = _str(want) if key not in ("loose", "draft") else want
            if got[key] != want:
                problems.append(f"{item['id']} {key}: 期望 {want!r}，实际 {got[key]!r}")
    assert not problems, f"{len(problems)} 处不符：\n" + "\n".join(problems)


def test_gold_sentences():
    problems = []
    for item in GOLD["sentences"]:
        got = [c.modality for c in split_clauses(item["text"])]
        if got != item["modality"]:
            problems.append(f"{item['id']} {item['text']}: 期望 {item['modality']}，实际 {got}")
    assert not problems, f"{len(problems)} 处不符：\n" + "\n".join(problems)
