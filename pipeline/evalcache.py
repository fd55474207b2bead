"""The qualitative findings of a case, kept beside the read cache.

``evaluate_qualitative`` is a pure function of what it is given: the form (its rules as
loaded), the case's name, form, year and units, the documents as read, and the code that
reads and judges them (pipeline/evaluate, extract, text, rulebook, the data model and the
lexicon). So its findings, and the problems it reported, are stored under

* the case key: a hash of the form's rules (their dump), the case's name, form, year and
  units, and every document's file name and content hash (sha256 of the bytes, which the
  read cache with its reader version turns into the same Document every time);
* the evaluator version: a hash of that code, of the lexicon and of the reader version.

A run that changes none of these (the reviewer re-running after editing review.xlsx, a
batch run again) takes the findings from the store; anything changed (one file, a unit's
name in case.yaml, a rule, the code) evaluates again. The reviewer's decisions are applied
after this (review.xlsx is read afresh every run), so they are never cached.
"""
from __future__ import annotations

import hashlib
import io
import json
import zlib
import pickle
from pathlib import Path

from .cache import READER_VERSION, add_sources
from .extractcache import PROTOCOL, _Unpickler, extractor_version
from .model import Finding, Problem

_PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("opencc", "PyYAML", "pyahocorasick", "pydantic")


def evaluator_sources(package: Path = _PACKAGE) -> list[Path]:
    files = sorted((package / "evaluate").rglob("*.py")) + sorted((package / "rulebook").rglob("*.py"))
    return [f for f in files if f.is_file()]


def evaluator_version() -> str:
    """The extractor's version, the judging code and its libraries, and the reader version."""
    h = hashlib.sha256(f"extract={extractor_version()}\0read={READER_VERSION}\0".encode())
    add_sources(h, evaluator_sources(), LIBRARIES)
    return "eval:" + h.hexdigest()[:16]


def case_key(form, case, documents) -> str:
    """Everything of the case that the findings depend on, hashed."""
    h = hashlib.sha256()
    h.update(json.dumps(form.model_dump(mode="json"), ensure_ascii=False, sort_keys=True).encode())
    h.update(json.dumps([case.name, case.form, case.year, sorted(case.units.items())],
                        ensure_ascii=False).encode())
    for d in sorted(documents, key=lambda d: d.file):
        h.update(f"\0{d.file}\0{d.sha256}".encode())
    return h.hexdigest()


def encode(findings: dict[str, Finding], problems: list[Problem]) -> bytes:
    return zlib.compress(pickle.dumps((findings, problems), protocol=PROTOCOL), 1)


def decode(body: bytes) -> tuple[dict[str, Finding], list[Problem]]:
    """The stored findings and problems; ValueError when the entry cannot be used."""
    try:
        findings, problems = _Unpickler(io.BytesIO(zlib.decompress(body))).load()
    except Exception as exc:  # noqa: BLE001 - any broken entry is only a miss
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(findings, dict) or not all(isinstance(f, Finding) for f in findings.values()) \
            or not isinstance(problems, list) or not all(isinstance(p, Problem) for p in problems):
        raise ValueError("not the findings of a case")
    return findings, problems


def evaluate_cached(cache, form, case, documents, evidence, problems: list[Problem], evaluate, progress=False):
    """``evaluate(form, case, evidence, problems, progress)`` through the store of ``cache``
    (a ReadCache, or None); returns (findings, taken from the store)."""
    usable = cache is not None and getattr(cache, "enabled", False) and all(d.sha256 for d in documents)
    if not usable:
        return evaluate(form, case, evidence, problems, progress=progress), False
    key, version = case_key(form, case, documents), evaluator_version()
    body = cache.get_evidence(key, version)
    if body is not None:
        try:
            findings, added = decode(body)
        except ValueError as exc:
            cache.drop_evidence(key, version, str(exc))
        else:
            problems.extend(added)
            return findings, True
    before = len(problems)
    findings = evaluate(form, case, evidence, problems, progress=progress)
    try:
        cache.put_evidence(key, version, encode(findings, problems[before:]))
    except Exception:  # noqa: BLE001 - findings that cannot be stored are used unstored
        pass
    return findings, False
