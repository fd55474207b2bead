"""Build real Office files for the reader tests.

Word files start as python-docx documents (a real package Word opens); the
parts python-docx cannot write (content controls, tracked changes, text
boxes, numbering definitions, footnotes) are injected as raw XML with lxml.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def fragment(xml: str) -> list[etree._Element]:
    """Parse a run of WordprocessingML elements written with the w:/mc:/wps:/v: prefixes."""
    root = etree.fromstring(f"<w:root {NSDECL}>{xml}</w:root>")
    return list(root)


def p(text: str = "", *, style: str | None = None, num: tuple[str, int] | None = None,
      inner: str | None = None) -> str:
    """XML of one paragraph: plain text run, or ``inner`` run-level XML."""
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    body = inner if inner is not None else (f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else "")
    return f"<w:p>{ppr}{body}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def level(ilvl: int, fmt: str, text: str, start: int = 1, suff: str | None = None) -> str:
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{s}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: dict[int, int] | None = None) -> str:
    ov = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                 for k, v in (overrides or {}).items())
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>'


def build_docx(body_xml: str | None = None, *, numbering_xml: str | None = None,
               styles_xml: str | None = None, header: str | None = None, footer: str | None = None,
               first_header: str | None = None, build=None) -> bytes:
    """A .docx from python-docx, with the body replaced by ``body_xml`` when given.

    ``build(document)`` may add content with the python-docx API first.
    ``numbering_xml`` replaces the numbering definitions; ``styles_xml`` adds styles.
    """
    document = docx.Document()
    if build is not None:
        build(document)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if first_header is not None:
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = first_header
    if body_xml is not None:
        body = document.element.body
        sect = body.find(f"{{{W}}}sectPr")
        for child in list(body):
            if child is not sect:
                body.remove(child)
        for el in fragment(body_xml):
            sect.addprevious(el)
    if numbering_xml is not None:
        numbering = document.part.numbering_part.element
        for child in list(numbering):
            numbering.remove(child)
        for el in fragment(numbering_xml):
            numbering.append(el)
    if styles_xml is not None:
        styles = document.styles.element
        for el in fragment(styles_xml):
            styles.append(el)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (bytes), adding, or dropping (None) members."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in replace:
                continue
            out.writestr(info, src.read(info.filename))
        for name, content in replace.items():
            if content is not None:
                out.writestr(name, content)
    return buf.getvalue()


def add_footnotes(data: bytes, notes: list[str]) -> bytes:
    """Add a footnotes part holding ``notes`` (plus the separator notes Word writes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    items = "".join(f'<w:footnote w:id="{i}">{p(t)}</w:footnote>' for i, t in enumerate(notes, start=1))
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NSDECL}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f"{items}</w:footnotes>").encode()
    types = src.read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    rels = src.read("word/_rels/document.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                             b"</Relationships>")
    return rewrite_zip(data, {"word/footnotes.xml": part, "[Content_Types].xml": types,
                              "word/_rels/document.xml.rels": rels})


def soffice_convert(src: Path, target: str, outdir: Path) -> Path:
    """Convert a file with LibreOffice (used to make real .doc/.xls fixtures)."""
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is required for these tests"
    profile = outdir / "lo-profile"
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", target, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    out = outdir / (src.stem + "." + target.split(":")[0])
    assert out.exists(), f"LibreOffice did not produce {out}"
    return out
