"""Plain data passed between the stages: read -> extract -> evaluate -> render.

Every object is a frozen dataclass. A block of text is born with its locator,
so a citation is built from ``block.loc`` and never searched for afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Locator:
    """Where a block of text sits in an evidence file.

    ``file`` is the path relative to the case folder with ``/`` separators;
    a member of an archive is ``archive.zip/inner/name.docx``.
    Numbers are 1-based, as a person counts them.
    """

    file: str
    page: int | None = None        # PDF page or image page (1-based)
    paragraph: int | None = None   # body paragraph number in a Word file
    table: int | None = None       # table number in body order (nested tables count too)
    row: int | None = None
    col: int | None = None
    sheet: str | None = None       # spreadsheet sheet name
    line: int | None = None        # line on a page (OCR, plain text)
    part: str | None = None        # body | header | footer | textbox | footnote

    def label(self) -> str:
        """A short Chinese description a reviewer can follow, e.g. 第2页 / 表1第3行第2列."""
        bits: list[str] = []
        if self.part and self.part != "body":
            bits.append({"header": "页眉", "footer": "页脚", "textbox": "文本框",
                         "footnote": "脚注"}.get(self.part, self.part))
        if self.sheet is not None:
            bits.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            bits.append(f"第{self.page}页")
        if self.table is not None:
            cell = f"表{self.table}"
            if self.row is not None:
                cell += f"第{self.row}行"
            if self.col is not None:
                cell += f"第{self.col}列"
            bits.append(cell)
        elif self.row is not None:
            bits.append(f"第{self.row}行" + (f"第{self.col}列" if self.col is not None else ""))
        if self.paragraph is not None:
            bits.append(f"第{self.paragraph}段")
        if self.line is not None:
            bits.append(f"第{self.line}行")
        return "".join(bits) or "全文"


@dataclass(frozen=True)
class Block:
    """One unit of text: a paragraph, a table cell, a header line, an OCR line."""

    text: str
    kind: str          # heading | paragraph | table-cell | header | footer | ocr-line
    loc: Locator
    confidence: float | None = None  # OCR confidence 0..1, None for a text layer


@dataclass(frozen=True)
class Problem:
    """Something that went wrong with one file; the run goes on."""

    file: str
    stage: str         # read | read-note | convert | ocr | extract | evaluate | data | render
    message: str       # Chinese, names the file and what a reviewer can do


@dataclass(frozen=True)
class Document:
    """Everything read from one evidence file."""

    file: str                          # relative path, '/' separators
    sha256: str
    source: str                        # docx | doc | wps | pdf-text | pdf-ocr | image-ocr | xlsx | text | zip
    blocks: tuple[Block, ...] = ()
    problems: tuple[Problem, ...] = ()
    pages: int | None = None
    aliases: tuple[str, ...] = ()      # other names in the case with the same bytes
    ocr_provider: str | None = None    # onnxruntime provider that ran OCR (CPUExecutionProvider, CUDAExecutionProvider)

    @property
    def ok(self) -> bool:
        return bool(self.blocks) and not any(p.stage in ("read", "convert") for p in self.problems)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class DocMeta:
    """What a reviewer asks first of a document: what, who, when, final?"""

    kind: str = "其他"
    title: str | None = None
    doc_number: str | None = None
    doc_number_loose: bool = False     # 文号 written with [] () or 第 rather than 〔〕
    issuer: str | None = None
    date: str | None = None            # YYYY-MM-DD
    draft: bool = False
    title_loc: Locator | None = None
    date_loc: Locator | None = None


@dataclass(frozen=True)
class Citation:
    file: str
    quote: str
    page: int | None = None
    locator: str | None = None


@dataclass(frozen=True)
class Finding:
    """The proposed decision on one indicator."""

    item_id: str
    status: str                        # met | partial | not_met | no_evidence | needs_data
    score: float | None
    reason: str
    citations: tuple[Citation, ...] = field(default_factory=tuple)
