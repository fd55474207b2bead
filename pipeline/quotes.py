"""A quote in its context: the sentence before it and the sentence after it, from the read blocks.

The citations are chosen by the evaluation; this module only looks each quote up
again in the cited document's passages (the same joining of blocks the evaluation
reads: a paragraph cut by a page break is one passage again, running heads and
page numbers left out) and takes the text around it up to the sentence before
and the sentence after. So the context shows a sentence that a page break cuts
whole, while the quote itself stays as the citation has it, verbatim on its page.

``context_before`` ends where the quote starts and ``context_after`` starts where
it ends: ``before + quote + after`` reads as the document does. A quote that
cannot be found again (a title joined from two lines, a figure's cell) gets no
context; the citation stays as it is.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .evaluate.pool import make_passages
from .model import Document

SENTENCE_END = "。！？；!?;"
CONTEXT_MAX = 120          # characters on either side, cut at the far end with …
_SPACE = re.compile(r"\s+")


def add_context(items: list[dict], documents: list[Document]) -> None:
    """Give every citation of ``items`` its ``context_before`` / ``context_after`` (in place)."""
    texts: dict[str, _DocText | None] = {}
    by_file = {}
    for doc in documents:
        by_file.setdefault(doc.file, doc)
        for alias in doc.aliases:
            by_file.setdefault(alias, doc)
    for entry in items:
        for c in entry.get("citations") or []:
            file, quote = c.get("file"), (c.get("quote") or "").strip()
            if not file or not quote or file not in by_file:
                continue
            if file not in texts:
                texts[file] = _DocText.of(by_file[file])
            try:
                got = texts[file].context(quote, c.get("page"), c.get("locator")) if texts[file] else None
            except Exception:  # noqa: BLE001 - a context is a help for reading; never worth a case
                got = None
            if got is not None:
                c["context_before"], c["context_after"] = got


class _DocText:
    """A document's passages joined by line breaks, with a map back to their blocks."""

    def __init__(self, text: str, starts: list[int], locs: list) -> None:
        self.text = text
        self.starts = starts          # offset in text where each block's span starts
        self.locs = locs              # that block's locator
        self._squashed: str | None = None
        self._index: list[int] = []

    @classmethod
    def of(cls, doc: Document) -> "_DocText | None":
        try:
            passages = make_passages(list(doc.blocks))
        except Exception:  # noqa: BLE001 - an odd document only loses its context
            return None
        text, starts, locs = "", [], []
        for p in passages:
            if text:
                text += "\n"
            base = len(text)
            for (s, _, _), block in zip(p.spans, p.blocks):
                starts.append(base + s)
                locs.append(block.loc)
            text += p.text
        return cls(text, starts, locs) if text else None

    def _loc(self, offset: int):
        i = bisect_right(self.starts, offset) - 1
        return self.locs[max(i, 0)]

    def _find(self, quote: str, page, locator) -> tuple[int, int] | None:
        spans = []
        i = self.text.find(quote)
        while i >= 0 and len(spans) < 50:
            spans.append((i, i + len(quote)))
            i = self.text.find(quote, i + 1)
        if not spans:
            spans = self._find_loose(quote)
        if not spans:
            return None

        def fit(span: tuple[int, int]) -> int:
            loc = self._loc(span[0])
            return (2 if locator and loc.label() == locator else 0) + (1 if page is not None and loc.page == page else 0)

        return max(spans, key=fit)         # max keeps the first of equals

    def _find_loose(self, quote: str) -> list[tuple[int, int]]:
        """The quote with spaces and line breaks ignored (a title joined from its lines)."""
        want = _SPACE.sub("", quote)
        if not want:
            return []
        if self._squashed is None:                 # built once per document, on the first need
            self._index = [k for k, ch in enumerate(self.text) if not ch.isspace()]
            self._squashed = "".join(self.text[k] for k in self._index)
        k = self._squashed.find(want)
        if k < 0:
            return []
        return [(self._index[k], self._index[k + len(want) - 1] + 1)]

    def context(self, quote: str, page, locator) -> tuple[str, str] | None:
        span = self._find(quote, page, locator)
        if span is None:
            return None
        start, end = span
        text = self.text
        own_start = _sentence_start(text, start)
        before_start = _previous_start(text, own_start)
        own_end = end if text[end - 1] in SENTENCE_END else _sentence_end(text, end)
        after_end = _sentence_end(text, own_end, skip_breaks=True)
        return _clean(text[before_start:start], tail=True), _clean(text[end:after_end], tail=False)


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after the previous 。 or line break)."""
    k = pos - 1
    while k >= 0 and text[k] not in SENTENCE_END and text[k] != "\n":
        k -= 1
    return k + 1


def _previous_start(text: str, start: int) -> int:
    """Where the sentence before the one starting at ``start`` starts (it may end a passage above)."""
    k = start
    while k > 0 and text[k - 1] == "\n":
        k -= 1
    return _sentence_start(text, k - 1) if k > 0 else start


def _sentence_end(text: str, pos: int, skip_breaks: bool = False) -> int:
    """Where the sentence running at ``pos`` ends (after its 。, or at the line break)."""
    k = pos
    while skip_breaks and k < len(text) and text[k] == "\n":
        k += 1
    while k < len(text) and text[k] not in SENTENCE_END and text[k] != "\n":
        k += 1
    return k + 1 if k < len(text) and text[k] in SENTENCE_END else k


def _clean(part: str, tail: bool) -> str:
    """Line breaks between passages read as a space; a long side is cut at its far end."""
    part = part.replace("\n", " ")
    if len(part) > CONTEXT_MAX:
        part = "…" + part[-CONTEXT_MAX:] if tail else part[:CONTEXT_MAX] + "…"
    return part
