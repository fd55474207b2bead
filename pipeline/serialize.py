"""Plain-dict (JSON-ready) forms of the read-stage data model.

``to_dict`` turns a Locator, Block, Problem or Document into a dict of JSON
types (None fields of a Locator are left out); the ``*_from_dict`` functions
rebuild the frozen dataclasses. ``dumps``/``loads`` wrap both with json for a
Document, keeping Chinese characters readable (``ensure_ascii=False``).
"""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from .model import Block, Document, Locator, Problem

_LOCATOR_FIELDS = tuple(f.name for f in fields(Locator))


def locator_to_dict(loc: Locator) -> dict[str, Any]:
    return {name: getattr(loc, name) for name in _LOCATOR_FIELDS if getattr(loc, name) is not None}


def locator_from_dict(d: dict[str, Any]) -> Locator:
    return Locator(**{k: v for k, v in d.items() if k in _LOCATOR_FIELDS})


def block_to_dict(block: Block) -> dict[str, Any]:
    d: dict[str, Any] = {"text": block.text, "kind": block.kind, "loc": locator_to_dict(block.loc)}
    if block.confidence is not None:
        d["confidence"] = block.confidence
    return d


def block_from_dict(d: dict[str, Any]) -> Block:
    return Block(text=d["text"], kind=d["kind"], loc=locator_from_dict(d["loc"]),
                 confidence=d.get("confidence"))


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "stage": problem.stage, "message": problem.message}


def problem_from_dict(d: dict[str, Any]) -> Problem:
    return Problem(file=d["file"], stage=d["stage"], message=d["message"])


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "file": doc.file,
        "sha256": doc.sha256,
        "source": doc.source,
        "pages": doc.pages,
        "aliases": list(doc.aliases),
        "blocks": [block_to_dict(b) for b in doc.blocks],
        "problems": [problem_to_dict(p) for p in doc.problems],
        **({"ocr_provider": doc.ocr_provider} if doc.ocr_provider else {}),
    }


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        file=d["file"],
        sha256=d["sha256"],
        source=d["source"],
        blocks=tuple(block_from_dict(b) for b in d.get("blocks", ())),
        problems=tuple(problem_from_dict(p) for p in d.get("problems", ())),
        pages=d.get("pages"),
        aliases=tuple(d.get("aliases", ())),
        ocr_provider=d.get("ocr_provider"),
    )


_TO_DICT = {Locator: locator_to_dict, Block: block_to_dict, Problem: problem_to_dict,
            Document: document_to_dict}


def to_dict(obj: Locator | Block | Problem | Document) -> dict[str, Any]:
    """The dict form of any read-stage object."""
    try:
        return _TO_DICT[type(obj)](obj)
    except KeyError:
        raise TypeError(f"cannot serialise {type(obj).__name__}") from None


def dumps(doc: Document) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Document:
    return document_from_dict(json.loads(text))
