"""The one entry point: results + form (+ review.xlsx) -> every output file."""
from __future__ import annotations

from pathlib import Path

from ..review import FILE_NAME, merge_review
from ..rulebook.schema import Form
from .context import CaseView, build_view, proposals
from .form_docx import render_form
from .report import render_report_docx, render_report_html
from .supplement import render_supplement


def case_view(out_dir: Path, form: Form, results: dict) -> tuple[CaseView, Path]:
    """Merge review.xlsx (creating it on the first run) and build the case view."""
    review = merge_review(Path(out_dir) / FILE_NAME, proposals(form, results))
    return build_view(form, results, review.decisions, review.warnings), review.path


def render_outputs(out_dir: Path, form: Form, results: dict) -> tuple[list[Path], CaseView]:
    """Every output file, and the view they were rendered from (for its warnings)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    view, review_path = case_view(out_dir, form, results)
    written = [
        render_form(view, out_dir),
        render_report_html(view, out_dir),
        render_report_docx(view, out_dir),
        render_supplement(view, out_dir),
        review_path,
    ]
    return written, view


def render_case(out_dir: Path, form: Form, results: dict) -> list[Path]:
    return render_outputs(out_dir, form, results)[0]
