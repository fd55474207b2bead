"""Build evidence files the way units send them, from plain text, deterministically.

Used by scripts/make_samples.py (the sample cases in inbox/) and by the held-out
sets under heldout/ (see heldout/README.md). A document is a list of blocks
``(style, text)``; styles:

    mark   发文机关标志 (red, large, centred)      docno  文号 (centred, red rule below)
    title  标题 (large, centred)                   sub    副标题/题注 (centred)
    to     主送机关 (flush left)                    p      正文段落 (two-character indent)
    h1     一、 heading                             h2     （一） heading
    left   flush-left line                          right  右对齐 (署名、成文日期)
    note   small text                               break  page break (text ignored)
    gap    an empty line (before 附件 and the signature)
    table  text is a list of rows (lists of cells); the first row is the header

Blocks can also be written as markup (``parse_markup``): one block per line,
``@style text`` for a style other than ``p``, ``@table`` … ``@end`` around rows
whose cells are separated by ``|``, ``@break`` for a page break, ``@gap`` for an
empty line; a line without ``@`` is a paragraph (``p``); empty lines are skipped.

A case source (``build_source``) is a YAML file naming the case, its form, year
and units, its files (each with a format and markup text) and the reviewer's
labels; it builds ``cases/<case>/`` and ``labels/<case>.json``:

    case: 某案例
    form: duikou                 # or yilianti
    year: 2018
    units: {支援医院: 某市人民医院, 受援医院: 某县人民医院}
    files:
      - name: 01-某文件.pdf
        format: pdf              # pdf docx doc wps txt scan-jpg scan-png scan-pdf web-pdf xlsx zip
        text: |
          @title 关于……的通知
          正文……
    items:
      - id: "1.01"
        expected: met            # met partial not_met no_evidence
        files: [01-某文件.pdf]
        why: 一句话理由
        rules: [1]               # the behaviours of reading this item exercises

Format notes: ``traditional: true`` writes the text in traditional characters
(OpenCC s2t); ``encoding: gbk`` for txt; ``web-pdf`` takes ``page:`` with
``url``, ``site``, ``nav`` (list), ``box`` (mapping: 索引号, 发文机关, 成文日期 …),
``printed`` (the browser's date line); ``xlsx`` takes ``sheets:`` (name → rows);
``zip`` takes ``members:`` (file specs, folders in the names allowed) and
``gbk_names: true``; scans take ``seal:`` (the text around a red seal) and
``skew:`` (degrees).
"""
from __future__ import annotations

import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from reportlab.lib.colors import black, grey, red
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FIXED_TIME = datetime(2020, 1, 6, 9, 0, 0)
ZIP_TIME = (2020, 1, 6, 9, 0, 0)
PDF_FONT = "STSong-Light"
SCAN_FONTS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    name: str                 # file name inside the case folder
    blocks: list
    to_doc: bool = False      # also convert to .doc and keep only the .doc


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------
def _east_asian(run, font: str) -> None:
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font)


DOCX_STYLE = {
    # style: (font, size pt, bold, align, first-line indent chars, red)
    "mark": ("方正小标宋简体", 26, False, "center", 0, True),
    "docno": ("仿宋_GB2312", 16, False, "center", 0, False),
    "title": ("方正小标宋简体", 20, False, "center", 0, False),
    "sub": ("楷体_GB2312", 16, False, "center", 0, False),
    "to": ("仿宋_GB2312", 16, False, "left", 0, False),
    "p": ("仿宋_GB2312", 16, False, "left", 2, False),
    "h1": ("黑体", 16, False, "left", 2, False),
    "h2": ("楷体_GB2312", 16, True, "left", 2, False),
    "left": ("仿宋_GB2312", 16, False, "left", 0, False),
    "right": ("仿宋_GB2312", 16, False, "right", 0, False),
    "note": ("仿宋_GB2312", 12, False, "left", 0, False),
}
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}


def write_docx(path: Path, blocks: list, title: str) -> None:
    doc = DocxDocument()
    for style, text in blocks:
        if style == "break":
            doc.add_page_break()
            continue
        if style == "gap":
            doc.add_paragraph()
            continue
        if style == "table":
            rows = text
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(value))
                    _east_asian(run, "仿宋_GB2312")
                    run.font.size = Pt(12)
                    run.bold = r == 0
            continue
        font, size, bold, align, indent, is_red = DOCX_STYLE[style]
        para = doc.add_paragraph()
        para.alignment = ALIGN[align]
        if indent:
            para.paragraph_format.first_line_indent = Pt(size * indent)
        run = para.add_run(text)
        _east_asian(run, font)
        run.font.size = Pt(size)
        run.bold = bold
        if is_red:
            run.font.color.rgb = RGBColor(0xE0, 0x00, 0x00)
    props = doc.core_properties
    props.title = title
    props.author = "kaohe 示例"
    props.last_modified_by = "kaohe 示例"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(normalize_zip(buf.getvalue()))


PDF_STYLE = {
    # style: (size, align, first-line indent chars, colour, leading factor)
    "mark": (26, "center", 0, red, 1.6),
    "docno": (15, "center", 0, black, 1.8),
    "title": (19, "center", 0, black, 1.5),
    "sub": (15, "center", 0, black, 1.6),
    "to": (15, "left", 0, black, 1.7),
    "p": (15, "left", 2, black, 1.7),
    "h1": (15, "left", 2, black, 1.7),
    "h2": (15, "left", 2, black, 1.7),
    "left": (15, "left", 0, black, 1.7),
    "right": (15, "right", 0, black, 1.7),
    "note": (11, "left", 0, black, 1.6),
}
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 78, 100, 90


def _wrap(text: str, size: float, width: float, indent: float) -> list[str]:
    """Greedy character wrap (Chinese text breaks anywhere)."""
    lines, line, avail = [], "", width - indent
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, PDF_FONT, size) > avail and line:
            lines.append(line)
            line, avail = "", width
        line += ch
    lines.append(line)
    return lines


def write_pdf(path: Path, blocks: list, title: str, running: tuple[str, str] | None = None,
              footer_text=None, small: bool = False) -> None:
    """A text PDF. ``running``: a browser's print header (left, right) on every page;
    ``footer_text(n)``: the footer line instead of — n —; ``small``: web-page type sizes."""
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("kaohe 示例")
    c.setCreator("kaohe scripts/make_samples.py")
    width = PAGE_W - 2 * MARGIN_X
    page = 1
    y = PAGE_H - MARGIN_TOP

    def footer() -> None:
        if running:
            c.setFont(PDF_FONT, 8)
            c.setFillColor(black)
            c.drawString(30, PAGE_H - 24, running[0])
            c.drawRightString(PAGE_W - 30, PAGE_H - 24, running[1])
        if footer_text:
            c.setFont(PDF_FONT, 8)
            c.setFillColor(black)
            c.drawString(30, 24, footer_text(page))
        else:
            c.setFont(PDF_FONT, 12)
            c.setFillColor(black)
            c.drawCentredString(PAGE_W / 2, 50, f"— {page} —")

    def new_page() -> None:
        nonlocal page, y
        footer()
        c.showPage()
        page += 1
        y = PAGE_H - MARGIN_TOP

    for style, text in blocks:
        if style == "break":
            new_page()
            continue
        if style == "gap":
            y -= 15 * 1.7
            continue
        if style == "table":
            y = _pdf_table(c, text, y, width, new_page)
            continue
        size, align, indent, colour, lead = PDF_STYLE[style]
        if small:
            size = max(9, round(size * 0.7))
        ind = indent * size
        for k, line in enumerate(_wrap(text, size, width, ind)):
            if y < MARGIN_BOTTOM:
                new_page()
            c.setFont(PDF_FONT, size)
            c.setFillColor(colour)
            if align == "center":
                c.drawCentredString(PAGE_W / 2, y, line)
            elif align == "right":
                c.drawRightString(PAGE_W - MARGIN_X - 2 * size, y, line)
            else:
                c.drawString(MARGIN_X + (ind if k == 0 else 0), y, line)
            y -= size * lead
        if style == "docno":
            c.setStrokeColor(red)
            c.setLineWidth(1.5)
            c.line(MARGIN_X, y + size * 0.6, PAGE_W - MARGIN_X, y + size * 0.6)
            y -= size * 0.8
    footer()
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())


def _pdf_table(c, rows: list, y: float, width: float, new_page_cb) -> float:
    """A simple ruled table; each cell is one line of 11 pt text."""
    size, row_h = 11, 22
    ncol = len(rows[0])
    widths = [max(pdfmetrics.stringWidth(str(r[i]), PDF_FONT, size) for r in rows) + 12 for i in range(ncol)]
    scale = min(1.0, width / sum(widths))
    widths = [w * scale for w in widths]
    for r, row in enumerate(rows):
        if y - row_h < MARGIN_BOTTOM:
            new_page_cb()
            y = PAGE_H - MARGIN_TOP
        x = MARGIN_X
        c.setStrokeColor(black)
        c.setLineWidth(0.6)
        for i, value in enumerate(row):
            c.rect(x, y - row_h + 6, widths[i], row_h, stroke=1, fill=0)
            c.setFont(PDF_FONT, size)
            c.setFillColor(black)
            c.drawString(x + 5, y - row_h + 13, str(value))
            x += widths[i]
        y -= row_h
    return y - 12


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an Office zip with fixed timestamps and fixed core-property dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text)
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path) -> None:
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "kaohe 示例"
    wb.properties.lastModifiedBy = "kaohe 示例"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(normalize_zip(buf.getvalue()))


def docx_to_doc(docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice in a private profile; returns the .doc path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice（soffice）才能生成 .doc 示例文件")
    with tempfile.TemporaryDirectory(prefix="kaohe-samples-") as tmp:
        profile = Path(tmp) / "profile"
        work = Path(tmp) / "out"
        work.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "doc", "--outdir", str(work), str(docx)]
        subprocess.run(cmd, check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "HOME": tmp})
        produced = work / (docx.stem + ".doc")
        if not produced.is_file():
            raise SystemExit(f"LibreOffice 未能把 {docx.name} 转换为 .doc")
        target = out_dir / produced.name
        shutil.move(str(produced), target)
    return target


def with_gaps(blocks: list) -> list:
    """An empty line before the signature block, as in a printed 公文."""
    out, prev = [], None
    for style, text in blocks:
        if style == "right" and prev not in ("right", "gap", None):
            out.append(("gap", ""))
        out.append((style, text))
        prev = style
    return out


def write_spec(case_dir: Path, spec: Spec) -> Path:
    path = case_dir / spec.name
    spec = Spec(spec.name, with_gaps(spec.blocks), spec.to_doc)
    title = next((t for s, t in spec.blocks if s == "title"), spec.name)
    if path.suffix == ".pdf":
        write_pdf(path, spec.blocks, title)
        return path
    if path.suffix == ".docx":
        if spec.to_doc:
            with tempfile.TemporaryDirectory(prefix="kaohe-samples-") as tmp:
                src = Path(tmp) / spec.name
                write_docx(src, spec.blocks, title)
                return docx_to_doc(src, case_dir)
        write_docx(path, spec.blocks, title)
        return path
    raise ValueError(f"unsupported sample type: {spec.name}")




def write_case_yaml(case_dir: Path, form: str, year: int, units: dict[str, str], note: str,
                    reviewer: dict[str, str] | None = None) -> Path:
    lines = [f"# {note}", f"form: {form}", f"year: {year}", "units:"]
    lines += [f"  {role}: {name}" for role, name in units.items()]
    if reviewer:
        lines.append("# 评审单位（公文落款、文档作者）与联系人")
        lines += [f"{key}: {value}" for key, value in reviewer.items()]
    path = case_dir / "case.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Markup
# ---------------------------------------------------------------------------
STYLES = ("mark", "docno", "title", "sub", "to", "p", "h1", "h2", "left", "right", "note")


def parse_markup(text: str) -> list:
    """Blocks from the markup described in the module doc."""
    blocks: list = []
    rows: list | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if rows is not None:
            if line == "@end":
                if rows:
                    width = max(len(r) for r in rows)
                    blocks.append(("table", [r + [""] * (width - len(r)) for r in rows]))
                rows = None
            elif line:
                rows.append([cell.strip() for cell in line.split("|")])
            continue
        if not line:
            continue
        if line == "@table":
            rows = []
            continue
        if line in ("@break", "@gap"):
            blocks.append((line[1:], ""))
            continue
        m = re.match(r"@(\w+)\s+(.*)$", line)
        if m and m.group(1) in STYLES:
            blocks.append((m.group(1), m.group(2)))
        elif line.startswith("@"):
            raise ValueError(f"unknown markup line: {line}")
        else:
            blocks.append(("p", line))
    if rows is not None:
        raise ValueError("@table without @end")
    return blocks


def to_traditional(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2t").convert(text)


def _map_text(blocks: list, fn) -> list:
    out = []
    for style, text in blocks:
        if style == "table":
            out.append((style, [[fn(str(c)) for c in row] for row in text]))
        else:
            out.append((style, fn(text)))
    return out


# ---------------------------------------------------------------------------
# Scans, web printouts, plain text, workbooks, archives
# ---------------------------------------------------------------------------
SCAN_DPI = 200
SCAN_SIZE = (1654, 2339)          # A4 at 200 dpi


def _scan_font(px: int):
    from PIL import ImageFont
    for path in SCAN_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, px, index=2 if "Serif" in path else 2)
    raise SystemExit("需要 fonts-noto-cjk 才能生成扫描件")


def _scan_pages(blocks: list, seal: str | None, skew: float, seed: int) -> list:
    """Pages of a scan: the text drawn on paper, a little skewed and noisy."""
    from PIL import Image, ImageDraw, ImageFilter
    rng = random.Random(seed)
    w, h = SCAN_SIZE
    left, right, top, bottom = 160, w - 160, 200, h - 200
    pages, page, draw, y = [], None, None, top

    def new_page():
        nonlocal page, draw, y
        if page is not None:
            pages.append(page)
        page = Image.new("RGB", SCAN_SIZE, (250, 250, 247))
        draw = ImageDraw.Draw(page)
        y = top

    def line_out(text: str, px: int, align: str, x0: int = left, colour=(20, 20, 20)):
        nonlocal y
        font = _scan_font(px)
        if y + px * 1.6 > bottom:
            new_page()
        tw = draw.textlength(text, font=font)
        x = {"center": (w - tw) / 2, "right": right - tw}.get(align, x0)
        draw.text((x, y), text, font=font, fill=colour)
        y += int(px * 1.7)

    def wrap(text: str, px: int, width: float, first_indent: float) -> list[str]:
        font = _scan_font(px)
        out, line, avail = [], "", width - first_indent
        for ch in text:
            if draw.textlength(line + ch, font=font) > avail and line:
                out.append(line)
                line, avail = "", width
            line += ch
        out.append(line)
        return out

    new_page()
    sizes = {"mark": 70, "title": 54, "docno": 40, "sub": 40}
    for style, text in blocks:
        if style == "break":
            new_page()
            continue
        if style == "gap":
            y += 50
            continue
        if style == "table":
            font = _scan_font(32)
            ncol = len(text[0])
            cw = (right - left) / ncol
            for row in text:
                cells = [wrap(str(c), 32, cw - 16, 0) for c in row]
                rh = max(len(c) for c in cells) * 48 + 20
                if y + rh > bottom:
                    new_page()
                for i, lines in enumerate(cells):
                    x = left + i * cw
                    draw.rectangle([x, y, x + cw, y + rh], outline=(30, 30, 30), width=2)
                    for k, ln in enumerate(lines):
                        draw.text((x + 8, y + 10 + 48 * k), ln, font=font, fill=(20, 20, 20))
                y += rh
            y += 30
            continue
        px = sizes.get(style, 40)
        colour = (200, 20, 20) if style == "mark" else (20, 20, 20)
        align = "center" if style in ("mark", "title", "docno", "sub") else ("right" if style == "right" else "left")
        indent = 2 * px if style in ("p", "h1", "h2") else 0
        for k, ln in enumerate(wrap(text, px, right - left, indent)):
            line_out(ln, px, align, left + (indent if k == 0 else 0), colour)
    pages.append(page)
    if seal:
        last = pages[-1]
        d = ImageDraw.Draw(last)
        cx, cy, r = right - 260, min(y, bottom - 200) - 60, 150
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(220, 30, 30), width=8)
        font = _scan_font(30)
        n = len(seal)
        for i, ch in enumerate(seal):
            a = math.pi * (0.85 + 1.3 * i / max(1, n - 1))
            d.text((cx + (r - 45) * math.cos(a) - 15, cy + (r - 45) * math.sin(a) - 15), ch,
                   font=font, fill=(220, 30, 30))
        d.text((cx - 25, cy - 25), "★", font=_scan_font(50), fill=(220, 30, 30))
    out = []
    for p in pages:
        angle = skew if skew else rng.uniform(-0.6, 0.6)
        p = p.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 247))
        p = p.filter(ImageFilter.GaussianBlur(0.6))
        out.append(p)
    return out


def write_scan(path: Path, blocks: list, seal: str | None = None, skew: float = 0.0) -> None:
    """A scanned page (jpg/png: the first page only) or a scanned PDF (every page an image)."""
    pages = _scan_pages(blocks, seal, skew, seed=sum(map(ord, path.name)))
    buf = io.BytesIO()
    if path.suffix.lower() == ".pdf":
        stamp = FIXED_TIME.timetuple()          # Pillow would stamp the current time
        pages[0].save(buf, format="PDF", resolution=float(SCAN_DPI), save_all=True, append_images=pages[1:],
                      creationDate=stamp, modDate=stamp)
    elif path.suffix.lower() in (".jpg", ".jpeg"):
        pages[0].save(buf, format="JPEG", quality=80)
    else:
        pages[0].convert("L").save(buf, format="PNG", optimize=True)
    path.write_bytes(buf.getvalue())


def write_web_pdf(path: Path, blocks: list, page: dict, title: str) -> None:
    """A government web page as a browser prints it: the browser's header and footer, the site's
    navigation, the 索引号/发文机关/成文日期 box, the article, share and print links."""
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    site = page.get("site", "")
    url = page.get("url", "http://www.example.gov.cn/art/1.html")
    printed = page.get("printed", "2019/1/8 上午10:12")
    head: list = [("left", "当前位置：" + " > ".join(page.get("nav") or ["首页", "政务公开", "通知公告"]))]
    box = page.get("box") or {}
    if box:
        items = list(box.items())
        rows = [[f"{k}：", str(v), f"{k2}：", str(v2)] for (k, v), (k2, v2)
                in zip(items[0::2], items[1::2] + [("", "")] * (len(items) % 2))]
        head.append(("table", rows))
    tail = [("gap", ""), ("left", "【打印本页】 【关闭窗口】"), ("left", "分享到："),
            ("note", f"主办：{site}　　地址：{page.get('address', '')}"),
            ("note", "网站标识码：" + page.get("site_code", "0000000001") + "　　备案号：" + page.get("icp", ""))]
    body = head + [("title", title)] + [b for b in blocks if b[0] != "title"] + tail
    browser_title = f"{title}_{site}" if site else title
    write_pdf(path, body, browser_title,
              running=(f"{printed}", browser_title[:40]),
              footer_text=lambda n: f"{url}    {n}", small=True)


def write_txt(path: Path, blocks: list, encoding: str = "utf-8") -> None:
    lines = []
    for style, text in blocks:
        if style == "table":
            lines += ["\t".join(map(str, row)) for row in text]
        elif style == "break":
            lines.append("\f")
        elif style == "gap":
            lines.append("")
        else:
            lines.append(("　　" if style in ("p", "h1", "h2") else "") + text)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def write_xlsx(path: Path, sheets: dict) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    for name, rows in sheets.items():
        ws = wb.create_sheet(str(name)[:31])
        for row in rows:
            ws.append(list(row))
        for r in ws.iter_rows():
            for cell in r:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    save_workbook(wb, path)


class _GbkZipInfo(zipfile.ZipInfo):
    """A member name stored as GBK bytes without the UTF-8 flag, as Windows' zip tools write it."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_zip(path: Path, members: list[tuple[str, bytes]], gbk_names: bool = False) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = (_GbkZipInfo if gbk_names else zipfile.ZipInfo)(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    path.write_bytes(out.getvalue())


# ---------------------------------------------------------------------------
# Case sources
# ---------------------------------------------------------------------------
FORMATS = ("pdf", "docx", "doc", "wps", "txt", "scan-jpg", "scan-png", "scan-pdf", "web-pdf", "xlsx", "zip")


def write_file(folder: Path, spec: dict) -> Path:
    """One evidence file from a source spec (see the module doc); returns its path."""
    name, fmt = spec["name"], spec.get("format") or Path(spec["name"]).suffix.lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{name}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        write_xlsx(path, spec["sheets"])
        return path
    if fmt == "zip":
        with tempfile.TemporaryDirectory(prefix="kaohe-build-") as tmp:
            members = []
            for member in spec["members"]:
                p = write_file(Path(tmp), member)
                members.append((member["name"], p.read_bytes()))
        write_zip(path, members, bool(spec.get("gbk_names")))
        return path
    blocks = parse_markup(spec.get("text") or "")
    if spec.get("traditional"):
        blocks = _map_text(blocks, to_traditional)
    title = next((t for s, t in blocks if s == "title"), path.stem)
    if fmt == "pdf":
        write_pdf(path, with_gaps(blocks), title)
    elif fmt == "docx":
        write_docx(path, with_gaps(blocks), title)
    elif fmt in ("doc", "wps"):
        with tempfile.TemporaryDirectory(prefix="kaohe-build-") as tmp:
            src = Path(tmp) / (path.stem + ".docx")
            write_docx(src, with_gaps(blocks), title)
            doc = docx_to_doc(src, Path(tmp))
            shutil.move(str(doc), path)          # a WPS 文字 file is the same OLE format as .doc
    elif fmt == "txt":
        write_txt(path, blocks, spec.get("encoding", "utf-8"))
    elif fmt.startswith("scan-"):
        write_scan(path, blocks, spec.get("seal"), float(spec.get("skew", 0)))
    elif fmt == "web-pdf":
        write_web_pdf(path, blocks, spec.get("page") or {}, title)
    return path


def build_source(source: Path, out_root: Path) -> tuple[Path, Path]:
    """Build one case source into ``out_root/cases/<case>/`` and ``out_root/labels/<case>.json``."""
    from pipeline.rulebook.loader import load_form   # the form's own indicator texts

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    case = data["case"]
    case_dir = out_root / "cases" / case
    if case_dir.exists():
        shutil.rmtree(case_dir)
    case_dir.mkdir(parents=True)
    write_case_yaml(case_dir, data["form"], int(data["year"]), data["units"],
                    data.get("note") or f"held-out case built from {source.name}")
    names = []
    for spec in data.get("files") or []:
        write_file(case_dir, spec)
        names.append(spec["name"])
    form = load_form(data["form"], int(data["year"]))
    indicators = {it.id: it.indicator for it in _items(form)}
    items = []
    for i, lab in enumerate(data.get("items") or []):
        item_id = str(lab["id"])
        if item_id not in indicators:
            raise ValueError(f"{source.name}: item {item_id} is not in form {data['form']}")
        if lab["expected"] not in ("met", "partial", "not_met", "no_evidence"):
            raise ValueError(f"{source.name}: item {item_id}: expected {lab['expected']!r}")
        missing = [f for f in lab.get("files") or [] if f.split("/")[0] not in {n.split('/')[0] for n in names}]
        if missing:
            raise ValueError(f"{source.name}: item {item_id} names files not in the case: {missing}")
        items.append({"key": lab.get("key") or f"{case}-{i + 1:02d}", "id": item_id,
                      "indicator": indicators[item_id], "expected": lab["expected"],
                      "files": list(lab.get("files") or []), "why": lab.get("why", ""),
                      "rules": list(lab.get("rules") or [])})
    labels = {"case": case, "form": data["form"], "year": int(data["year"]),
              "unit": list(data["units"].values()), "writer": data.get("writer", ""),
              "items": items, "documents": data.get("documents") or [], "notes": data.get("notes") or []}
    label_path = out_root / "labels" / f"{case}.json"
    label_path.parent.mkdir(parents=True, exist_ok=True)
    label_path.write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return case_dir, label_path


def _items(form):
    from pipeline.rulebook.loader import iter_items
    for _, item in iter_items(form):
        yield item


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    ap = argparse.ArgumentParser(description="Build case sources (YAML) into case folders and labels.")
    ap.add_argument("sources", nargs="+", type=Path, help="source .yaml files or folders of them")
    ap.add_argument("--out", type=Path, required=True, help="writes OUT/cases/<case>/ and OUT/labels/<case>.json")
    args = ap.parse_args(argv)
    files = []
    for s in args.sources:
        files += sorted(s.glob("*.yaml")) if s.is_dir() else [s]
    for f in files:
        case_dir, labels = build_source(f, args.out)
        print(f"{f.name} -> {case_dir.relative_to(args.out)} ({len(list(case_dir.rglob('*')))} files), "
              f"{labels.relative_to(args.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
