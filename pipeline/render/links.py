"""Links from the HTML report to the evidence files it cites.

A link is a relative URL from the folder the report is written to (its real
location, after ``--out``) to the cited file in the evidence folder that
results.json names (``case_dir``), so it resolves wherever ``kaohe run`` put the
outbox case and the inbox case, and keeps resolving when both move together.
A PDF opens at its page (``#page=N``). A member of an archive
(``材料.zip/内页/通知.docx``) links the archive, the only file on disk, and the
member is shown beside the link. Without ``case_dir`` (results from an older
version) the file names stay plain text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

ARCHIVES = (".zip",)


@dataclass(frozen=True)
class Link:
    href: str            # relative URL, fragment included
    target: str          # the file on disk, relative to the case folder ('/' separators)
    member: str = ""     # the cited file inside ``target`` when that is an archive


class Linker:
    def __init__(self, case_dir: str | None, report_dir: Path, documents: list[dict]) -> None:
        self.case_dir = Path(case_dir) if case_dir else None
        self.report_dir = Path(os.path.abspath(report_dir))
        self._base: str | None = None
        self._urls: dict[str, str] = {}
        self.archives = {str(d.get("file")) for d in documents
                         if d.get("source") == "zip" or str(d.get("file", "")).lower().endswith(ARCHIVES)}

    def split(self, file: str) -> tuple[str, str]:
        """(the file on disk, the member inside it) for a path as results.json gives it."""
        parts = file.split("/")
        for i in range(1, len(parts)):
            head = "/".join(parts[:i])
            if head in self.archives or head.lower().endswith(ARCHIVES):
                return head, "/".join(parts[i:])
        return file, ""

    def link(self, file: str, page=None) -> Link | None:
        if self.case_dir is None or not file:
            return None
        target, member = self.split(file)
        url = self._url(target)
        if not member and target.lower().endswith(".pdf") and isinstance(page, int) and page > 0:
            url += f"#page={page}"
        return Link(url, target, member)

    def _url(self, target: str) -> str:
        got = self._urls.get(target)
        if got is None:
            if self._base is None:
                try:                                  # the case folder from the report's folder, once
                    self._base = quote(Path(os.path.relpath(self.case_dir, self.report_dir)).as_posix(), safe="/")
                except ValueError:                    # another drive: no relative path exists
                    self._base = self.case_dir.as_uri()
            got = self._urls[target] = f"{self._base}/{quote(target, safe='/')}"
        return got
