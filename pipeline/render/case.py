"""The one entry point: results + form (+ review.xlsx) -> every output file.

Rendering also writes the reviewer's decisions back into results.json beside the
proposals (``final_score``, ``reviewer_opinion``, ``total.final``), so scripts
and the summary across cases see what the reviewer decided.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..compare import Baseline, compare, reload
from ..data.onsite import rescore
from ..review import FILE_NAME, merge_review, read_answers
from ..rulebook.schema import Form
from .context import CaseView, build_view, proposals
from .files import atomic_write
from .form_docx import render_form
from .report import render_report_docx, render_report_html
from .supplement import render_supplement

RESULTS_FILE = "results.json"


def case_view(out_dir: Path, form: Form, results: dict) -> tuple[CaseView, Path]:
    """Merge review.xlsx (creating it on the first run) and build the case view.

    On-site answers the results were not scored with (typed into 现场核查 since
    the last run) re-score their items first, so the proposals are current.
    """
    path = Path(out_dir) / FILE_NAME
    answers, _ = read_answers(path, form)
    rescored = rescore(form, results, answers)
    reviewer = results.get("reviewer") if isinstance(results.get("reviewer"), dict) else {}
    review = merge_review(path, proposals(form, results), form, author=str(reviewer.get("commission") or ""))
    warnings = list(review.warnings)
    if rescored:
        warnings.append(f"已按“现场核查”工作表的结果重新计分：{'、'.join(rescored)}")
    return build_view(form, results, review.decisions, warnings), review.path


def add_finals(results: dict, view: CaseView) -> dict:
    """Each item's final score and the reviewer's opinion beside the proposal, and the final total."""
    by_id = view.by_id
    reviewed = 0
    for entry in results.get("items") or []:
        if not isinstance(entry, dict):
            continue
        v = by_id.get(str(entry.get("id")))
        if v is None:
            continue
        entry["final_score"] = _num(v.final)
        entry["final_source"] = "reviewer" if v.reviewed else "proposal"
        entry["reviewer_score"] = _num(v.review_score)
        entry["reviewer_opinion"] = v.review_note or None
        reviewed += v.reviewed
    total = results.setdefault("total", {})
    if isinstance(total, dict):
        total["final"] = _num(view.total)
        total["final_pending"] = len(view.pending)
    results["review"] = {"file": FILE_NAME, "reviewed": reviewed,
                         "opinions": sum(1 for v in view.items if v.review_note),
                         "warnings": list(view.review_warnings)}
    return results


def _num(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def render_outputs(out_dir: Path, form: Form, results: dict, pdf: bool = False,
                   baseline: Baseline | None = None) -> tuple[list[Path], CaseView]:
    """Every output file, and the view they were rendered from (for its warnings).

    With ``pdf``, the form, the report and the letter are also written as PDF.
    ``baseline`` (``pipeline.compare``) is what ``results["changes"]`` compares with, final
    scores included; without it a stored comparison is made again with its own baseline.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    view, review_path = case_view(out_dir, form, results)
    add_finals(results, view)
    baseline = baseline or reload(results.get("changes"), out_dir)
    if baseline is not None:
        results["changes"] = compare(baseline, results)
    view.changes = results.get("changes") if isinstance(results.get("changes"), dict) else None
    words = [render_form(view, out_dir), render_report_docx(view, out_dir), render_supplement(view, out_dir)]
    written = [
        words[0],
        render_report_html(view, out_dir),
        words[1],
        words[2],
        review_path,
        atomic_write(out_dir / RESULTS_FILE,
                     json.dumps(results, ensure_ascii=False, indent=2).encode("utf-8")),
    ]
    if pdf:
        from .pdf import to_pdf
        pdfs, problems = to_pdf(words, out_dir)
        written += pdfs
        view.notes.extend(problems)
    return written, view


def render_case(out_dir: Path, form: Form, results: dict, pdf: bool = False) -> list[Path]:
    return render_outputs(out_dir, form, results, pdf)[0]
