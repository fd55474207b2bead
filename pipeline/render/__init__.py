"""Render a case's outputs: the filled official form, the 佐证核查报告, the
补充材料清单, and review.xlsx (``render_case``)."""
from __future__ import annotations

from pathlib import Path


def render_case(out_dir: Path, form, results: dict, pdf: bool = False) -> list[Path]:
    """Merge review.xlsx and write every output into ``out_dir``; see ``case.py``."""
    from .case import render_case as _render_case   # lazy: pipeline.review imports this package
    return _render_case(out_dir, form, results, pdf)


__all__ = ["render_case"]
