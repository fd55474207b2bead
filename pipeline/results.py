"""results.json as ../shared/spec/contract.md defines it (schema 1), written atomically."""
from __future__ import annotations

import json
import os
from pathlib import Path

from .case import Case
from .extract.document import Evidence
from .model import Citation, Document, Finding, Problem
from .quotes import add_context
from .rulebook.audit import one_line
from .rulebook.loader import iter_items, iter_sections
from .render.files import atomic_write
from .rulebook.schema import Form

SCHEMA = 1


def build_results(case: Case, form: Form, documents: list[Document], evidence: list[Evidence],
                  findings: dict[str, Finding], quant, problems: list[Problem]) -> dict:
    data, quant_results = quant
    by_id = {r.item_id: r for r in quant_results}
    items = []
    for chain, item in iter_items(form):
        entry = {"id": item.id, "indicator": item.indicator, "type": item.type, "max": _num(item.max)}
        if item.type == "qualitative":
            f = findings[item.id]
            entry.update(_finding(f))
            entry["typical_evidence"] = item.typical_evidence
            entry["bonus"] = 0
            entry["self_score"] = data.self_scores.get(item.id)
        else:
            entry.update(quant_entry(by_id[item.id]))
        entry["section"] = [one_line(s.title) for s in chain]
        items.append(entry)
    # the cost table sits at the end of its 类
    for chain, section in iter_sections(form):
        table = section.cost_table
        if table is None:
            continue
        r = by_id[table.id]
        entry = {"id": table.id, "indicator": table.indicator, "type": "quantitative", "max": 0, **quant_entry(r)}
        entry["figures"] = cost_figures(table, data)
        entry["section"] = [one_line(s.title) for s in chain]
        index = max((k for k, it in enumerate(items) if it["section"][:1] == entry["section"][:1]), default=len(items) - 1)
        items.insert(index + 1, entry)
    add_context(items, documents)
    return {
        "schema": SCHEMA,
        "case": case.name,
        "case_dir": _case_dir(case.root),          # the report links its citations from here
        "form": form.id,
        "year": case.year,
        "units": case.units,
        "reviewer": dict(case.reviewer),
        "documents": _documents(documents, evidence),
        "items": items,
        "total": {"max": _num(form.full_marks), **totals_of(items)},
        "data_source": data.source,
        "problems": [{"file": p.file, "stage": p.stage, "message": p.message}
                     for p in problems + list(data.problems)],
    }


def totals_of(items: list[dict]) -> dict:
    """score (bonus included), bonus, deduction and the sum of the items' maxima."""
    score = sum(i.get("score") or 0 for i in items)
    bonus = sum(i.get("bonus") or 0 for i in items)
    deduction = -sum(i["score"] for i in items if i.get("score") is not None and i["score"] < 0)
    return {"score": _num(score + bonus), "bonus": _num(bonus), "deduction": _num(deduction),
            "items_max": _num(sum(i.get("max") or 0 for i in items))}


def cost_figures(table, data) -> dict:
    """The cost table's cells as {row: {measure: value}}; the dialysis row under its printed label."""
    from .data.model import DIALYSIS_ROW, cost_cells
    out: dict[str, dict] = {}
    for cell in cost_cells(table):
        row = table.indicator if cell.row == DIALYSIS_ROW else cell.row
        out.setdefault(row, {})[cell.measure] = data.cost.get((cell.row, cell.measure))
    return out


def _finding(f: Finding) -> dict:
    return {"score": None if f.score is None else _num(f.score), "status": f.status, "reason": f.reason,
            "citations": [_citation(c) for c in f.citations]}


def quant_entry(r) -> dict:
    """A quantitative result as results.json holds it."""
    out = _finding(r.finding)
    out["bonus"] = _num(r.bonus or 0)
    out["self_score"] = r.self_score
    out["figures"] = r.figures_used
    out["flags"] = list(r.flags)
    return out


def _citation(c: Citation) -> dict:
    return {"file": c.file, "page": c.page, "locator": c.locator, "quote": c.quote}


def _documents(documents: list[Document], evidence: list[Evidence]) -> list[dict]:
    meta = {ev.document.file: ev for ev in evidence}
    out = []
    for doc in documents:
        ev = meta.get(doc.file)
        m = ev.meta if ev else None
        errors = [p.message for p in doc.problems if p.stage != "read-note"]
        unreadable = not doc.blocks and doc.source != "zip"       # a zip's members are documents of their own
        entry = {
            "file": doc.file, "sha256": doc.sha256, "source": doc.source,
            "kind": m.kind if m else "其他", "title": m.title if m else None,
            "doc_number": m.doc_number if m else None, "issuer": m.issuer if m else None,
            "date": m.date if m else None, "draft": bool(m.draft) if m else False,
            "error": ("；".join(errors) or f"文件“{doc.file}”没有可读的文字") if unreadable else None,
            "notes": [p.message for p in doc.problems] if not unreadable else [],
            "pages": doc.pages,
            "ocr_provider": doc.ocr_provider,
        }
        out.append(entry)
        for alias in doc.aliases:
            out.append({**entry, "file": alias, "duplicate_of": doc.file})
    return sorted(out, key=lambda d: d["file"])


def _case_dir(root: Path) -> str | None:
    """The evidence folder as an absolute path, or None when its name is no valid text (undecodable bytes)."""
    path = Path(os.path.abspath(root)).as_posix()
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return path


def _num(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def write_json(path: Path, data: dict) -> Path:
    """Write atomically: a crash never leaves a half-written file."""
    return atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
