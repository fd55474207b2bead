"""Readers: one ``read(data, name) -> ReadResult`` per file type, chosen by suffix.

Every reader has the same signature::

    def read(data: bytes, name: str) -> ReadResult

``data`` is the file's bytes (readers never touch the evidence folder),
``name`` the path relative to the case folder used in every Locator.
The dispatcher (``pipeline.readers.dispatch``) wraps the result into a
``pipeline.model.Document`` with the sha256 and the problems.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, Problem


@dataclass(frozen=True)
class ReadResult:
    source: str                      # docx | doc | wps | pdf-text | pdf-ocr | image-ocr | xlsx | text | zip
    blocks: tuple[Block, ...] = ()
    problems: tuple[Problem, ...] = ()
    pages: int | None = None
    ocr_provider: str | None = None  # the onnxruntime provider that ran OCR on the file (None: no OCR)
