"""Reasons as a reviewer writes them on a form or in a letter.

The evaluator's reasons name documents by title where it knows one, but some
name a file (“08-某某总结.pdf”). On the official form and in the letter a
document is named the way a reviewer writes it: by its 《title》, or, without a
title, by its file name without folders and extension.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

_SPACES = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[0-9０-９])|(?<=[0-9０-９%％])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def document_name(doc: dict) -> str:
    title = str(doc.get("title") or "").strip().strip("《》")
    if not title:
        title = PurePosixPath(str(doc.get("file") or "")).stem
    return f"《{title}》" if title else ""


class Titles:
    """Replaces the file names of a case's documents by their 《titles》."""

    def __init__(self, documents: list[dict]):
        names = {}
        for d in documents:
            f = str(d.get("file") or "")
            if f and f not in names:
                names[f] = document_name(d)
            base = PurePosixPath(f).name
            if base and base not in names:          # a reason may name the file without its folder
                names[base] = document_name(d)
        self.names = sorted(names.items(), key=lambda kv: -len(kv[0]))

    def __call__(self, text: str) -> str:
        if not text or "." not in text:
            return text
        for name, title in self.names:
            if name in text:
                text = text.replace(f"“{name}”", title).replace(f"\"{name}\"", title).replace(name, title)
        return text.replace("》》", "》").replace("《《", "《")


def tidy_spaces(text: str) -> str:
    """No stray spaces between Chinese text and numbers (总得分 66 分 -> 总得分66分)."""
    return _SPACES.sub("", text)
