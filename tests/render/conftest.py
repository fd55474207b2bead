"""The report tests' shared case: built and run once per session (see report_case.py)."""
from __future__ import annotations

import pytest

from .report_case import build


@pytest.fixture(scope="session")
def report_case(tmp_path_factory) -> dict:
    return build(tmp_path_factory.mktemp("report-case"))
