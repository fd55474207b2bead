"""Shared test helpers: where ../shared lives (beside the repository)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing beside the repository ({SHARED}); CI lays it there")
    return SHARED


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "slow: builds or reads thousands of files (deselect with -m 'not slow')")
