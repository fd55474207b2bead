"""Check WordprocessingML parts against the child order the schema requires.

For every element whose content model is a sequence we write (ECMA-376 Part 1:
w:tblPr, w:tcPr, w:pPr, w:rPr, w:sectPr, w:tblBorders, w:tbl, w:tr, w:tc), its
children must come in the sequence's order, and a child that may occur once must
occur once. Returns one line per violation, naming the part and the element.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from pipeline.render.docx_build import REPEATABLE, SEQUENCES

# header and footer references are one choice group: any order among them
SAME_RANK = {"footerReference": "headerReference"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _local(tag) -> str:
    return tag.split("}")[1] if isinstance(tag, str) and "}" in tag else ""


def violations(path: Path, parts: tuple[str, ...] = ("word/document.xml", "word/styles.xml")) -> list[str]:
    out: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n in parts or n.startswith("word/footer") or n.startswith("word/header")]
        for name in names:
            root = etree.fromstring(z.read(name))
            for el in root.iter(f"{{{W}}}*"):
                kind = _local(el.tag)
                order = SEQUENCES.get(kind)
                if order is None:
                    continue
                seen: list[str] = []
                last = -1
                for child in el:
                    c = _local(child.tag)
                    if c not in order:
                        continue                      # elements of other namespaces or extensions
                    rank = order.index(SAME_RANK.get(c, c))
                    if rank < last:
                        out.append(f"{name}: <w:{kind}> has <w:{c}> after <w:{seen[-1]}>")
                    if c in seen and c not in REPEATABLE:
                        out.append(f"{name}: <w:{kind}> has <w:{c}> twice")
                    seen.append(c)
                    last = max(last, rank)
    return out
