"""The workbench tests' shared case: the sample case inbox/示例-医联体 copied and run once per session
with `kaohe run`, its outbox served by the workbench (page cache in the test's own folder)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "inbox" / "示例-医联体"


def run_case(inbox: Path, outbox: Path) -> None:
    result = CliRunner().invoke(cli, ["-q", "run", str(inbox), "--out", str(outbox), "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> dict:
    """The sample case run once; tests that write copy it first (``workbench_case``)."""
    root = tmp_path_factory.mktemp("workbench")
    inbox = root / "inbox" / SAMPLE.name
    shutil.copytree(SAMPLE, inbox)
    run_case(inbox, root / "outbox")
    return {"root": root, "inbox": inbox, "out": root / "outbox" / SAMPLE.name}


@pytest.fixture
def workbench_case(sample_run, tmp_path) -> dict:
    """A fresh copy of the run's outbox (the evidence stays where results.json names it)."""
    outbox = tmp_path / "outbox"
    shutil.copytree(sample_run["out"], outbox / SAMPLE.name)
    out = outbox / SAMPLE.name
    return {"outbox": outbox, "out": out, "inbox": sample_run["inbox"], "pages": sample_run["root"] / "pages",
            "results": json.loads((out / "results.json").read_text(encoding="utf-8"))}
