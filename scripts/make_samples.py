"""Build the two sample cases that ship in inbox/ (示例-医联体, 示例-对口支援).

Every file is generated from the texts below, deterministically: fixed dates,
fixed zip timestamps, reportlab's invariant mode, no randomness. The only file
that may differ byte-wise between runs is the .doc that LibreOffice converts
from a .docx (it stamps its own metadata).

    .venv/bin/python scripts/make_samples.py            # writes inbox/<case>/
    .venv/bin/python scripts/make_samples.py --out DIR  # writes DIR/<case>/

The script writes only under <out>/<case>/ and recreates those two folders.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from docx import Document as DocxDocument  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, RGBColor  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402
from reportlab.lib.colors import black, red  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from pipeline.data.template import SHEET_COST, SHEET_DATA, SHEET_SELF, build_template  # noqa: E402
from pipeline.rulebook.loader import load_form  # noqa: E402

FIXED_TIME = datetime(2020, 1, 6, 9, 0, 0)
ZIP_TIME = (2020, 1, 6, 9, 0, 0)
PDF_FONT = "STSong-Light"

# ---------------------------------------------------------------------------
# A document is a list of blocks (style, text). Styles:
#   mark   发文机关标志 (red, large, centred)      docno  文号 (centred, red rule below)
#   title  标题 (large, centred)                   sub    副标题/题注 (centred)
#   to     主送机关 (flush left)                    p      正文段落 (two-character indent)
#   h1     一、 heading                             h2     （一） heading
#   left   flush-left line                          right  右对齐 (署名、成文日期)
#   note   small text                               break  page break (text ignored)
#   gap    an empty line (before 附件 and the signature)
#   table  text is a list of rows (lists of cells); the first row is the header
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


def write_pdf(path: Path, blocks: list, title: str) -> None:
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


def write_case_yaml(case_dir: Path, form: str, year: int, units: dict[str, str], note: str) -> Path:
    lines = [f"# {note}", f"form: {form}", f"year: {year}", "units:"]
    lines += [f"  {role}: {name}" for role, name in units.items()]
    path = case_dir / "case.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fill_data_workbook(case_dir: Path, form_id: str, year: int, values: dict, lists: dict,
                       costs: dict | None = None, self_scores: dict | None = None) -> Path:
    """The project's own template, filled by figure key (never by row number)."""
    form = load_form(form_id, year)
    wb = build_template(form, year)
    ws = wb[SHEET_DATA]
    header = {str(cell.value): cell.column for cell in ws[1] if cell.value}
    this_col = next(c for h, c in header.items() if h.startswith("本年度"))
    last_col = next(c for h, c in header.items() if h.startswith("上一年度"))
    key_col, choice_col = header["数据项"], header["选项"]
    known = {f.key for f in form.figures}
    for key in list(values) + list(lists):
        if key not in known:
            raise KeyError(f"not a figure of {form_id}: {key}")
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=key_col).value
        choice = ws.cell(row=row, column=choice_col).value
        if choice:
            value = lists.get(key, {}).get(choice)
            if value is not None:
                ws.cell(row=row, column=this_col).value = value
            continue
        if key in values:
            this, last = values[key] if isinstance(values[key], tuple) else (values[key], None)
            if this is not None:
                ws.cell(row=row, column=this_col).value = this
            if last is not None:
                ws.cell(row=row, column=last_col).value = last
    if costs is not None and SHEET_COST in wb.sheetnames:
        cs = wb[SHEET_COST]
        head = {str(cell.value): cell.column for cell in cs[1] if cell.value}
        value_col = next(c for h, c in head.items() if h.startswith("数值"))
        for row in range(2, cs.max_row + 1):
            item, measure = cs.cell(row=row, column=head["项目"]).value, cs.cell(row=row, column=head["指标"]).value
            value = costs(item, measure) if callable(costs) else costs.get((item, measure))
            if value is not None:
                cs.cell(row=row, column=value_col).value = value
    if self_scores and SHEET_SELF in wb.sheetnames:
        ss = wb[SHEET_SELF]
        head = {str(cell.value): cell.column for cell in ss[1] if cell.value}
        for row in range(2, ss.max_row + 1):
            item_id = str(ss.cell(row=row, column=head["编号"]).value)
            if item_id in self_scores:
                ss.cell(row=row, column=head["自评分值"]).value = self_scores[item_id]
    path = case_dir / "指标数据.xlsx"
    save_workbook(wb, path)
    return path


def write_schedule_xlsx(path: Path, title: str, header: list[str], rows: list[list], footer: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "门诊排班"
    ncol = len(header)
    ws.append([title] + [None] * (ncol - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    thin = Side(style="thin", color="000000")
    for row in rows:
        ws.append(row)
    for r in range(2, 3 + len(rows)):
        for c in range(1, ncol + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if r == 2:
                cell.font = Font(bold=True)
    for line in footer:
        ws.append([line])
    for col, w in zip("ABCDEFG", (10, 14, 14, 26, 30, 22, 16)):
        ws.column_dimensions[col].width = w
    save_workbook(wb, path)
    return path


# ===========================================================================
# Case 1: 示例-医联体 (附件1, 行政部门: 南湖市卫生健康委员会, 2019)
# ===========================================================================
NH = "南湖市卫生健康委员会"
NH_TO = "各县（区）卫生健康局，市直各医疗卫生单位："


def yilianti_specs() -> list[Spec]:
    return [
        Spec("01-南卫发〔2019〕8号-医疗联合体建设实施方案.pdf", [
            ("mark", f"{NH}文件"),
            ("docno", "南卫发〔2019〕8号"),
            ("title", f"{NH}关于印发南湖市医疗联合体建设实施方案的通知"),
            ("to", "各县（区）卫生健康局，委机关各科室，市直各医疗卫生单位："),
            ("p", "为深入推进分级诊疗制度建设，按照国家和省关于推进医疗联合体建设和发展的部署，经委党组会议研究同意，"
                  "现将《南湖市医疗联合体建设实施方案》印发给你们，请结合实际认真组织实施。"),
            ("gap", ""),
            ("left", "附件：南湖市医疗联合体建设实施方案"),
            ("right", NH),
            ("right", "2019年3月15日"),
            ("note", "（此件公开发布）"),
            ("break", ""),
            ("title", "南湖市医疗联合体建设实施方案"),
            ("p", "为整合区域医疗资源，提升基层服务能力，推动形成基层首诊、双向转诊、急慢分治、上下联动的分级诊疗格局，"
                  "结合我市实际，制定本方案。"),
            ("h1", "一、工作目标"),
            ("p", "2019年，全市三级公立医院全部牵头组建医疗联合体（以下简称医联体），所有社区卫生服务中心、乡镇卫生院"
                  "均纳入医联体；到2020年，医联体内分工协作机制基本健全，基层医疗卫生机构诊疗量占比达到65%以上。"),
            ("h1", "二、组建模式"),
            ("h2", "（一）城市医疗集团。"),
            ("p", "由南湖市第一人民医院牵头，联合湖东区、湖西区11家社区卫生服务中心组建南湖市第一医疗集团；由南湖市中医医院"
                  "牵头，联合湖西区社区卫生服务中心和辖区康复、护理机构组建南湖市中医医疗集团。鼓励社会办医疗机构、护理院、"
                  "康复医院自愿加入医联体。"),
            ("h2", "（二）县域医疗共同体。"),
            ("p", "青桐县、白沙县分别由县人民医院牵头，县中医院、乡镇卫生院、村卫生室为成员，组建县域医共体，实行县乡一体化管理。"),
            ("h2", "（三）专科联盟和远程医疗协作网。"),
            ("p", "南湖市妇幼保健院牵头组建全市妇幼专科联盟；南湖市第一人民医院依托远程医疗中心，面向县、乡两级医疗机构建设远程医疗协作网。"),
            ("h1", "三、主要任务"),
            ("h2", "（一）明确各方职责。"),
            ("p", "1.牵头医院与成员单位签订合作协议，明确各方的责任、权利和义务。牵头医院负责医联体内医疗质量管理、人员培训和"
                  "技术指导，成员单位负责常见病、多发病诊疗和慢性病管理。"),
            ("p", "2.医联体内部建立利益共享机制，合理确定牵头医院与成员单位之间的收益分配比例。"),
            ("h2", "（二）推进分级诊疗。"),
            ("p", "3.制定医联体双向转诊管理办法，畅通上转、下转通道。牵头医院对成员单位转诊患者提供优先接诊、优先检查、优先住院服务。"),
            ("p", "4.推进家庭医生签约服务，牵头医院安排一定比例的专科号源优先向家庭医生签约团队开放。"),
            ("h2", "（三）促进人才下沉。"),
            ("p", "5.医务人员在医联体内执业，不需办理执业地点变更和执业机构备案手续。牵头医院向成员单位派驻医务和管理人员，"
                  "连续派驻时间不少于6个月。"),
            ("h2", "（四）加强药学服务协作。"),
            ("p", "6.建立医联体药学服务协作机制，统一用药目录，牵头医院临床药师定期下沉成员单位开展处方点评和用药指导。"),
            ("h2", "（五）推进信息共享。"),
            ("p", "7.依托市全民健康信息平台，推动医联体内电子健康档案、电子病历信息共享和检查检验结果互认。"),
            ("h1", "四、保障措施"),
            ("h2", "（一）加强组织领导。"),
            ("p", "市卫生健康委成立医联体建设工作领导小组，委主任任组长，分管副主任任副组长，医政医管科负责日常工作。"),
            ("h2", "（二）强化考核激励。"),
            ("p", "市卫生健康委将医联体建设成效纳入公立医院绩效考核，考核结果与医院等级评审、财政补助和院长年薪挂钩，"
                  "引导优质资源下沉。"),
        ]),
        Spec("02-南湖市医疗联合体双向转诊管理办法（试行）.docx", [
            ("mark", f"{NH}文件"),
            ("docno", "南卫发〔2019〕15号"),
            ("title", f"{NH}关于印发《南湖市医疗联合体双向转诊管理办法（试行）》的通知"),
            ("to", NH_TO),
            ("p", "为规范医联体内双向转诊工作，保障医疗质量和患者安全，我委制定了《南湖市医疗联合体双向转诊管理办法（试行）》，"
                  "现印发给你们，请遵照执行。执行中遇到的问题，请及时报告市卫生健康委医政医管科。"),
            ("gap", ""),
            ("left", "附件：南湖市医疗联合体双向转诊管理办法（试行）"),
            ("right", NH),
            ("right", "2019年5月20日"),
            ("break", ""),
            ("title", "南湖市医疗联合体双向转诊管理办法（试行）"),
            ("h1", "一、总则"),
            ("p", "（一）本办法适用于本市各医疗集团、县域医共体内牵头医院与成员单位之间的双向转诊。"),
            ("p", "（二）双向转诊遵循患者自愿、分级诊疗、就近转诊、连续服务的原则。"),
            ("h1", "二、转诊标准"),
            ("h2", "（一）上转标准。"),
            ("p", "1.超出成员单位诊疗能力和技术准入范围的急危重症患者；"),
            ("p", "2.诊断不明确或经规范治疗2周以上疗效不佳的患者；"),
            ("p", "3.需要进行超出成员单位服务能力的检查、手术的患者。"),
            ("h2", "（二）下转标准。"),
            ("p", "1.急性期治疗结束、病情稳定，需继续康复治疗的患者；"),
            ("p", "2.诊断明确、治疗方案确定的慢性病患者；"),
            ("p", "3.需要长期护理的失能、半失能患者和术后恢复期患者。"),
            ("h1", "三、转诊程序"),
            ("p", "（一）上转时，由成员单位经治医师提出转诊建议，征得患者同意后通过医联体转诊平台提交转诊申请，"
                  "牵头医院转诊服务中心在2小时内予以确认并预约号源或床位。"),
            ("p", "（二）下转时，由牵头医院主管医师评估病情，填写下转单并附出院小结和后续治疗方案，成员单位接诊后在转诊平台确认。"),
            ("p", "（三）转诊双方均应建立转诊登记，每月汇总上报市卫生健康委医政医管科。"),
            ("h1", "四、优先服务"),
            ("p", "牵头医院设立转诊服务中心，对成员单位上转患者实行优先接诊、优先检查、优先住院，急危重症患者开通绿色通道。"),
            ("h1", "五、医疗质量管理"),
            ("p", "牵头医院负责制定医联体内统一的医疗质量控制标准和临床路径，每季度对成员单位开展一次质量控制检查，推进医疗服务同质化。"),
            ("h1", "六、连续性服务"),
            ("p", "牵头医院对下转患者制定康复方案，成员单位及康复医院、护理院接续提供康复治疗和长期护理服务，"
                  "形成诊疗—康复—长期护理连续性服务。"),
            ("h1", "七、附则"),
            ("p", "本办法自印发之日起施行，由市卫生健康委负责解释。"),
        ]),
        Spec("03-南湖市医疗联合体网格化布局规划（征求意见稿）.docx", [
            ("title", "南湖市医疗联合体网格化布局规划（2019—2022年）（征求意见稿）"),
            ("p", "为优化医疗资源配置，形成适宜规模、功能互补的医联体网格化布局，根据全市医疗卫生服务体系规划，制定本规划。"),
            ("h1", "一、现状"),
            ("p", "全市现有三级公立医院3家、二级医院9家、社区卫生服务中心19家、乡镇卫生院13家。优质医疗资源主要集中在湖东区，"
                  "青桐县、白沙县基层服务能力相对薄弱。"),
            ("h1", "二、网格划分"),
            ("p", "按照地理位置、人口分布和就医习惯，将全市划分为4个医联体网格：湖东网格、湖西网格由城市医疗集团负责，"
                  "青桐网格、白沙网格由县域医共体负责。每个网格内由1家牵头医院统筹网格内居民的医疗服务。"),
            ("h1", "三、功能定位"),
            ("p", "牵头医院主要提供急危重症和疑难复杂疾病诊疗服务；社区卫生服务中心、乡镇卫生院主要提供常见病、多发病诊疗、"
                  "康复、护理和基本公共卫生服务。"),
            ("h1", "四、实施步骤"),
            ("p", "2019年完成网格划分和牵头医院确定；2020年至2021年完善网格内协作机制；2022年对网格化布局实施情况进行评估。"),
            ("right", "南湖市卫生健康委员会医政医管科"),
            ("right", "2019年9月"),
        ]),
        Spec("04-医联体建设工作推进会会议纪要.docx", [
            ("title", "南湖市医联体建设工作推进会会议纪要"),
            ("left", "时　　间：2019年7月12日上午"),
            ("left", "地　　点：市卫生健康委三楼会议室"),
            ("left", "主 持 人：罗佩华（市卫生健康委副主任）"),
            ("left", "参会人员：委医政医管科、基层卫生健康科、规划信息科负责同志，南湖市第一人民医院、南湖市中医医院、"
                     "南湖市妇幼保健院、青桐县人民医院、白沙县人民医院分管院长"),
            ("left", "记 录 人：沈嘉禾"),
            ("left", "议　　题：听取各医联体上半年建设进展汇报，研究推进药学服务协作、专科号源下沉等工作"),
            ("h1", "议定事项"),
            ("p", "一、会议听取了各牵头医院的汇报。第一医疗集团已建立药学服务协作机制，集团临床药师每月到成员单位开展处方点评"
                  "和用药指导，成员单位用药目录已与牵头医院统一。"),
            ("p", "二、各牵头医院已将专科门诊号源的20%预留给家庭医生签约团队，签约居民经家庭医生转诊可优先预约专家门诊。"),
            ("p", "三、会议要求，各县（区）卫生健康局督促辖区社区卫生服务中心、乡镇卫生院按季度报送医联体转诊数据，"
                  "医政医管科负责汇总通报。"),
            ("p", "四、会议明确，医联体内部利益共享指导意见由规划信息科牵头起草，年底前提交委党组会议审议。"),
            ("right", "南湖市卫生健康委员会办公室"),
            ("right", "2019年7月15日"),
        ]),
        Spec("05-关于进一步做实家庭医生签约服务的通知.docx", to_doc=True, blocks=[
            ("mark", f"{NH}文件"),
            ("docno", "南卫发〔2019〕12号"),
            ("title", f"{NH}关于进一步做实家庭医生签约服务的通知"),
            ("to", NH_TO),
            ("p", "为提高家庭医生签约服务质量，让签约居民有实实在在的获得感，现就做实家庭医生签约服务有关事项通知如下。"),
            ("h1", "一、明确签约服务内容"),
            ("p", "家庭医生团队为签约居民提供以下服务："),
            ("p", "（一）基本医疗服务：常见病、多发病的诊疗，合理用药指导，就医路径指导和转诊预约；"),
            ("p", "（二）公共卫生服务：建立健康档案，开展国家基本公共卫生服务项目规定的健康管理；"),
            ("p", "（三）健康管理服务：对高血压、糖尿病等慢性病患者开展健康评估，制定个性化健康管理方案；"),
            ("p", "（四）个性化服务：根据居民需求提供上门巡诊、家庭病床等服务，收费按我市有关规定执行。"),
            ("h1", "二、突出重点人群签约"),
            ("p", "优先覆盖老年人、孕产妇、儿童、残疾人及高血压、糖尿病、结核病患者等重点人群，2019年重点人群签约率达到60%以上。"),
            ("h1", "三、强化医联体支撑"),
            ("p", "各医联体牵头医院要为家庭医生团队预留专科号源和住院床位；对病情稳定的签约慢性病患者可开具长处方，"
                  "社区卫生服务中心可延伸使用上级医院处方药品。"),
            ("h1", "四、工作要求"),
            ("p", "各县（区）卫生健康局要加强组织实施，每季度对签约服务质量开展一次督导。"),
            ("right", NH),
            ("right", "2019年4月2日"),
        ]),
        Spec("06-南湖市2019年医疗联合体建设工作总结.pdf", [
            ("title", "南湖市2019年医疗联合体建设工作总结"),
            ("p", "2019年，我委按照《南湖市医疗联合体建设实施方案》（南卫发〔2019〕8号）部署，加快推进医联体建设，"
                  "现将全年工作总结如下。"),
            ("h1", "一、主要工作成效"),
            ("h2", "（一）医联体实现全覆盖。"),
            ("p", "全市组建城市医疗集团2个、县域医共体2个、专科联盟1个，3家三级公立医院全部牵头组建医联体。"
                  "全市32家社区卫生服务中心和乡镇卫生院中有31家加入医联体。社会办南湖仁和康复医院、南湖康宁护理院"
                  "已作为成员单位加入南湖市中医医疗集团。"),
            ("h2", "（二）分工协作机制逐步完善。"),
            ("p", "印发了医联体双向转诊管理办法（试行），全年医联体内上转患者8460人次、下转患者5326人次。"
                  "第一医疗集团建立了药学服务协作机制，临床药师每月下沉成员单位开展处方点评。"),
            ("p", "全市家庭医生团队为签约慢性病患者开展健康教育指导2.3万人次；对病情稳定的高血压、糖尿病签约患者实行长处方，"
                  "最长可开具12周用量；社区卫生服务中心为下转患者开具延伸处方，续用上级医院处方药品。"
                  "重点人群签约率达到63.5%。"),
            ("h2", "（三）资源下沉成效明显。"),
            ("p", "各医联体向基层派驻医务和管理人员共146人，连续派驻时间均在6个月以上。牵头医院全年到成员单位开展"
                  "健康教育指导和业务培训36场次。在牵头医院帮扶下，全市32家基层医疗卫生机构均已建成1个以上特色科室，"
                  "其中东湖社区卫生服务中心建成中医康复、老年病2个特色科室。"),
            ("h1", "二、存在的问题"),
            ("p", "（一）医保支付政策协同不够。医保部门尚未出台医联体内不同级别医疗机构差异化报销政策，"
                  "参保患者在医联体内各级机构就诊仍执行原有报销比例，对基层首诊的引导作用有限。"),
            ("p", "（二）远程医疗收费标准暂未出台，牵头医院开展的远程会诊服务暂不向患者收费，影响了医院开展远程医疗的积极性。"),
            ("p", "（三）信息互联互通程度不高。区域全民健康信息平台仍在建设之中，医联体内电子健康档案和电子病历尚不能互通调阅。"),
            ("h1", "三、下一步工作"),
            ("p", "（一）下一步将出台医联体内部利益共享指导意见，明确牵头医院与成员单位之间的收益分配办法。"),
            ("p", "（二）加快区域全民健康信息平台建设，力争2020年底实现医联体内电子健康档案和电子病历连续记录、信息共享。"),
            ("p", "（三）会同医保部门研究医联体差异化支付政策，争取2020年出台实施。"),
            ("right", NH),
            ("right", "2019年12月20日"),
        ]),
        Spec("07-南卫发〔2019〕21号-检查检验结果互认和资源共享.pdf", [
            ("mark", f"{NH}文件"),
            ("docno", "南卫发〔2019〕21号"),
            ("title", f"{NH}关于推进医疗联合体内检查检验结果互认和资源共享的通知"),
            ("to", NH_TO),
            ("p", "为减少重复检查，减轻群众就医负担，提高医疗资源利用效率，现就推进医联体内检查检验结果互认和资源共享有关工作通知如下。"),
            ("h1", "一、建设资源共享中心"),
            ("p", "各医联体依托牵头医院建立医学影像、医学检验、心电诊断、病理诊断和消毒供应中心，为成员单位提供同质化服务。"
                  "青桐县、白沙县医共体统一设置后勤服务中心和药品配送中心。"),
            ("h1", "二、推进结果互认"),
            ("p", "医联体内各医疗机构对质控合格的检查检验结果予以互认，互认项目目录由市临床检验中心、市医学影像质量控制中心统一公布。"),
            ("h1", "三、工作要求"),
            ("p", "各医联体要于2019年10月底前完成资源共享中心建设，每半年向市卫生健康委报送结果互认情况。"),
            ("right", NH),
            ("right", "2019年8月26日"),
        ]),
    ]


YILIANTI_VALUES = {
    "启动医联体建设工作的三级公立医院比例": 100,
    "参与医联体建设的社区卫生服务中心（站）、乡镇卫生院占比": 96.9,
    "重点人群签约率": 63.5,
    "实现检查检验结果互认的医联体占比": 100,
    "婴儿死亡率": (4.12, 4.56),
    "婴儿死亡率十三五规划目标值": 7.5,
    "孕产妇死亡率": (11.8, 10.9),
    "孕产妇死亡率十三五规划目标值": 18,
    "糖尿病患者规范化诊疗和管理率": 62.4,
    "高血压患者规范化诊疗和管理率": 65.1,
    "肺结核患者规范化管理率": 88.6,
    "向基层派驻医务和管理人员的医联体占比": 100,
    "派驻人员最短连续派驻时间": 6,
    # 居民2周患病首选基层医疗卫生机构的比例: not supplied (survey not done) -> needs_data
    "基层医疗卫生机构诊疗量占总诊疗量比例": 58.3,
    # 基层医疗机构上转率在合理范围内: a reviewer's judgement, left empty -> needs_data
    "向基层医疗卫生机构和慢性病医疗机构转诊人数": (5326, 4610),
    "县域内就诊率": 91.2,
    "县域内住院率": (84.5, 83.1),
    "基层医疗卫生机构在牵头医院帮扶下开展新技术、新项目数量": (47, 39),
    "各基层医疗卫生机构派出进修人员数（最少者）": 3,
    "平均住院日同比下降的三级医院占比": 100,
    # 床位使用率同比上升的基层医疗卫生机构占比: not supplied -> needs_data
    "梅毒感染孕产妇治疗率": 96.5,
    "建成市、县出生缺陷综合干预中心": "是",
    "出生缺陷筛查率达到项目方案要求": "是",
    "次均费用同比上升不超过2%的基层医疗卫生机构占比": 84.4,
    "门诊、住院患者人均费用同比上升不超过2%的医院占比": 100,
}
YILIANTI_SELF = {"1.1.1": 4, "1.2.1": 4, "1.2.2": 3, "1.2.3": 3, "1.2.4": 2, "1.3.1": 3, "1.3.3": 2,
                 "1.5.1": 3, "2.1.1": 2, "2.1.2": 3, "2.2.1": 2, "2.2.2": 2, "2.2.3": 2, "3.1.1": 3,
                 "3.4.1": 2, "4.2.3": 0}


# ===========================================================================
# Case 2: 示例-对口支援 (附件2, 支援医院: 东江市第一人民医院, 受援医院: 青石县人民医院, 2016)
# ===========================================================================
DJ = "东江市第一人民医院"
QS = "青石县人民医院"
DJ_TO = "院内各部门、各科室："


def duikou_specs() -> list[Spec]:
    return [
        Spec("01-东一医发〔2016〕5号-2016年对口支援工作实施方案.pdf", [
            ("mark", f"{DJ}文件"),
            ("docno", "东一医发〔2016〕5号"),
            ("title", f"{DJ}关于印发2016年对口支援{QS}工作实施方案的通知"),
            ("to", DJ_TO),
            ("p", f"经院党政联席会议研究通过，现将《2016年对口支援{QS}工作实施方案》印发给你们，请认真组织实施。"),
            ("right", DJ),
            ("right", "2016年2月3日"),
            ("break", ""),
            ("title", f"2016年对口支援{QS}工作实施方案"),
            ("p", f"根据城乡医院对口支援工作有关要求和我院与{QS}签订的对口支援协议，制定本方案。"),
            ("h1", "一、工作目标"),
            ("p", f"2016年，帮助{QS}新开展技术项目不少于5项，接收受援医院进修人员不少于6人，"
                  "协助心血管内科、普通外科创建市级临床重点专科。"),
            ("h1", "二、重点帮扶科室"),
            ("p", "确定心血管内科、普通外科、麻醉科、儿科、重症医学科为重点帮扶科室，实行科室对科室结对帮扶，"
                  "各结对科室制定年度帮扶目标。"),
            ("h1", "三、派驻安排"),
            ("p", "（一）全年分两批派驻医师10名，每批派驻时间不少于6个月，其中高级职称不少于4名。"),
            ("p", "（二）派驻医师在受援医院每周出门诊不少于2个半天，每周组织教学查房1次，每两周开展科内业务讲座1次。"),
            ("h1", "四、接收进修"),
            ("p", f"全年免费接收{QS}医务人员进修不少于6人，医务部指定专人负责进修人员的培训管理和结业考核。"),
            ("h1", "五、保障措施"),
            ("p", f"派驻人员的待遇和补贴按《{DJ}对口支援派驻人员管理办法》执行。医务部负责派驻人员日常管理和考核。"),
        ]),
        Spec("02-关于调整对口支援工作领导小组的通知.docx", [
            ("mark", f"{DJ}文件"),
            ("docno", "东一医发〔2016〕2号"),
            ("title", f"{DJ}关于调整城乡医院对口支援工作领导小组的通知"),
            ("to", DJ_TO),
            ("p", "因人员变动，经院党政联席会议研究，决定调整我院城乡医院对口支援工作领导小组。我院对口支援工作实行院长负责制，"
                  "现将领导小组组成人员通知如下："),
            ("left", "组　长：贺文涛　院长"),
            ("left", "副组长：陆振声　党委书记"),
            ("left", "　　　　唐　敏　副院长"),
            ("left", "成　员：欧阳晓　医务部主任"),
            ("left", "　　　　范立群　护理部主任"),
            ("left", "　　　　郑雅文　人事科科长"),
            ("left", "　　　　杜明川　心血管内科主任"),
            ("left", "　　　　邵卫国　普通外科主任"),
            ("p", "领导小组负责全院对口支援工作的统筹协调和重大事项决策。领导小组下设办公室，办公室设在医务部，"
                  "欧阳晓同志兼任办公室主任，负责对口支援日常工作。"),
            ("right", DJ),
            ("right", "2016年1月8日"),
        ]),
        Spec("03-党政联席会议纪要（2016年第2期）.docx", [
            ("title", f"{DJ}党政联席会议纪要"),
            ("sub", "（2016年第2期）"),
            ("left", "时间：2016年1月26日下午"),
            ("left", "地点：行政楼四楼第一会议室"),
            ("left", "主持：贺文涛"),
            ("left", "参会：陆振声、唐敏、何嘉树、蒋一帆"),
            ("left", "列席：欧阳晓（医务部）、范立群（护理部）、郑雅文（人事科）"),
            ("left", "记录：闵晓雪"),
            ("left", "议题：研究部署2016年城乡医院对口支援工作"),
            ("h1", "议定事项"),
            ("p", f"一、会议审议通过《2016年对口支援{QS}工作实施方案》，由医务部于2月上旬印发实施。"),
            ("p", "二、会议分析了2015年派驻工作中存在的困难：部分派驻医师家庭负担重，往返交通不便。会议同意自2016年3月起，"
                  "派驻人员生活补贴由每月800元提高到1200元，往返交通费按实报销。"),
            ("p", "三、会议确定第一批派驻医师6名，由心血管内科、普通外科、麻醉科、儿科、重症医学科、神经内科选派，3月1日到岗。"),
            ("p", f"四、院领导每半年至少到{QS}调研督导1次，督导情况形成书面意见。"),
            ("right", f"{DJ}党政办公室"),
            ("right", "2016年1月27日"),
        ]),
        Spec("04-城乡医院对口支援协议书（签字盖章版）.pdf", [
            ("title", "城乡医院对口支援协议书"),
            ("left", f"甲方（支援医院）：{DJ}"),
            ("left", f"乙方（受援医院）：{QS}"),
            ("p", f"为贯彻落实城乡医院对口支援工作要求，提升{QS}综合服务能力，经双方协商，签订本协议。"),
            ("h1", "一、支援周期和总体目标"),
            ("p", "支援周期为三年（2016年1月至2018年12月）。周期内帮助乙方建成心血管内科、普通外科2个市级临床重点专科，"
                  "可诊疗病种数量达到1600种以上，乙方通过二级甲等医院复审。"),
            ("h1", "二、年度目标"),
            ("p", "2016年：新开展技术项目不少于5项，接收乙方进修人员不少于6人，双方开通远程会诊。"
                  "2017年：新开展技术项目不少于5项，重症医学科独立收治常见重症患者。2018年：完成周期总体目标。"),
            ("h1", "三、支援内容和方式"),
            ("p", "甲方通过派驻医师、接收进修、远程医疗、专家义诊等方式，在临床诊疗、学科建设、人才培养和医院管理等方面对乙方进行支援。"),
            ("h1", "四、科室对口帮扶"),
            ("p", "甲方心血管内科、普通外科、麻醉科、儿科、重症医学科分别与乙方对应科室结对，结对科室每年签订科室帮扶目标。"),
            ("h1", "五、人员培养合格标准"),
            ("p", "乙方派出进修人员须完成甲方制定的培养计划，进修期满经甲方理论考试和操作考核合格，并能独立开展至少1项新技术，方为合格。"),
            ("h1", "六、甲方的权利和义务"),
            ("p", "（一）按年度计划选派中级以上职称医师到乙方工作，每批连续工作不少于6个月；（二）负担派驻人员工资、津贴和补贴；"
                  "（三）对乙方落实协议情况进行督导。"),
            ("h1", "七、乙方的权利和义务"),
            ("p", "（一）为派驻人员提供住宿、就餐等生活保障；（二）按计划选派骨干人员到甲方进修；"
                  "（三）对派驻人员进行日常考核，考核结果反馈甲方。"),
            ("h1", "八、其他"),
            ("p", "本协议一式四份，甲乙双方各执两份，自签订之日起生效。"),
            ("left", f"甲方（盖章）：{DJ}"),
            ("left", "法定代表人（签字）：贺文涛"),
            ("left", f"乙方（盖章）：{QS}"),
            ("left", "法定代表人（签字）：田志远"),
            ("left", "签订日期：2016年1月15日"),
        ]),
        Spec("05-对口支援派驻人员管理办法.docx", to_doc=True, blocks=[
            ("mark", f"{DJ}文件"),
            ("docno", "东一医发〔2015〕31号"),
            ("title", f"{DJ}关于印发《对口支援派驻人员管理办法》的通知"),
            ("to", DJ_TO),
            ("p", f"现将《{DJ}对口支援派驻人员管理办法》印发给你们，请遵照执行。"),
            ("right", DJ),
            ("right", "2015年12月18日"),
            ("break", ""),
            ("title", f"{DJ}对口支援派驻人员管理办法"),
            ("h1", "一、选派条件"),
            ("p", "派驻人员应具有中级以上专业技术职称，身体健康，能够连续在受援医院工作6个月以上。"
                  "医师晋升中级、高级职称前，须到受援医院连续服务满半年。"),
            ("h1", "二、目标管理"),
            ("p", "派驻人员到岗前由医务部与本人签订工作目标责任书，明确派驻期间的工作任务、量化指标和完成时间节点，"
                  "每名派驻人员开展新技术不少于1项、带教受援医院医师不少于2名。"),
            ("h1", "三、待遇保障"),
            ("p", "派驻期间，派驻人员原工资、津贴、奖金等福利待遇不变，医院另按每月1200元发放生活补贴，往返交通费按实报销。"),
            ("h1", "四、请销假管理"),
            ("p", "派驻人员须严格遵守受援医院作息制度，不得擅自离岗。确需请假的，3天以内由受援医院批准，"
                  "3天以上须报医务部审批，并在受援医院办理请销假手续。"),
            ("h1", "五、考核管理"),
            ("p", "派驻期满，医务部会同受援医院按照工作目标对派驻人员进行考核，考核结果分为优秀、合格、不合格三个等次。"),
            ("p", "考核结果纳入科室和个人年度绩效考核；考核优秀者，在职称晋升、岗位聘用和评优评先中同等条件下优先考虑。"),
            ("h1", "六、附则"),
            ("p", "本办法自印发之日起施行，由医务部负责解释。"),
        ]),
        Spec("07-关于2016年对口支援远程医疗服务开展情况的报告.docx", [
            ("title", f"{DJ}关于2016年对口支援远程医疗服务开展情况的报告"),
            ("to", "东江市卫生和计划生育委员会："),
            ("p", f"2016年，我院依托远程医疗中心，与{QS}开展远程医疗服务，现将有关情况报告如下。"),
            ("h1", "一、系统建设情况"),
            ("p", f"2016年3月，我院与{QS}共同建成远程医疗服务信息系统并投入使用，双方各设远程会诊室1间，通过专线网络连接。"),
            ("h1", "二、已开展的服务项目"),
            ("p", "（一）疑难危重病例远程会诊。全年开展远程会诊126例，其中危重症抢救会诊31例。"),
            ("p", f"（二）远程心电诊断。{QS}上传心电图2380份，我院心电诊断中心均在30分钟内出具诊断报告。"),
            ("p", "（三）远程影像诊断。全年完成远程影像诊断1460例，主要为CT和磁共振检查。"),
            ("p", "（四）远程继续教育。通过远程教学平台举办专题讲座24期，受援医院医务人员参加1150人次。"),
            ("h1", "三、尚未开展的项目"),
            ("p", "受设备和专业人员条件限制，远程视频门诊、远程病理诊断、远程监护和远程手术指导尚未开展。"),
            ("h1", "四、下一步打算"),
            ("p", "下一步将配置数字病理切片扫描仪，争取2017年开通远程病理诊断。"),
            ("right", DJ),
            ("right", "2016年12月26日"),
        ]),
        Spec("08-东江市第一人民医院2016年对口支援工作总结.pdf", [
            ("title", f"{DJ}2016年对口支援工作总结"),
            ("p", f"2016年，我院按照对口支援协议和年度实施方案，继续对口支援{QS}，现将全年工作总结如下。"),
            ("h1", "一、加强组织领导"),
            ("p", f"年初调整了对口支援工作领导小组，1月26日召开党政联席会议专题研究部署全年对口支援工作。院长贺文涛于4月21日"
                  f"带队赴{QS}调研督导，10月18日再次带队督导，现场协调解决派驻人员住宿、手术室设备配置等问题。"),
            ("h1", "二、派驻人员情况"),
            ("p", "全年分两批派驻医师10名，其中主任医师2名、副主任医师4名、主治医师4名，派驻时间均为6个月。"
                  "派驻医师累计门诊诊疗8650人次，开展手术412台，教学查房186次，举办业务讲座64场。"),
            ("p", "派驻专家指导受援科室修订完善了心血管内科、普通外科等科室管理制度和诊疗规范23项。"),
            ("h1", "三、帮助受援医院提升服务能力"),
            ("p", f"帮助{QS}新开展经皮冠状动脉介入治疗、腹腔镜胆囊切除术、无痛胃肠镜等新技术新项目6项。"),
            ("p", f"全年接收{QS}进修人员8人，均按培养计划完成进修并经考核合格。"),
            ("p", "两院远程医疗服务信息系统于3月建成并投入使用，全年开展远程会诊126例。"),
            ("h1", "四、协议落实情况"),
            ("p", "对照对口支援协议确定的2016年度目标，新开展技术项目、接收进修人员等任务均已完成，协议年度任务已全部落实。"),
            ("h1", "五、存在的问题"),
            ("p", "目前我院尚未明确专人负责受援医院进修人员的培训管理，进修人员的培训和考核由各科室自行安排，管理不够规范。"
                  "对口支援宣传工作相对薄弱。"),
            ("h1", "六、下一步工作"),
            ("p", "下一步将通过东江日报、医院微信公众号等媒体加大对口支援工作宣传力度，选树派驻医师先进典型。"),
            ("right", DJ),
            ("right", "2016年12月28日"),
        ]),
        Spec("09-青石县人民医院“十三五”发展规划（讨论稿）.docx", [
            ("title", f"{QS}“十三五”发展规划（2016—2020年）（讨论稿）"),
            ("p", "为明确医院“十三五”时期发展方向，针对制约医院综合能力提升的薄弱环节，制定本规划。"),
            ("h1", "一、发展现状"),
            ("p", "医院现有编制床位500张，开设临床科室21个。重症医学科、病理科力量薄弱，县外转诊率仍然较高。"),
            ("h1", "二、发展目标"),
            ("p", "到2020年，建成市级临床重点专科3个，县域内就诊率达到90%以上，通过二级甲等医院复审。"),
            ("h1", "三、重点任务"),
            ("h2", "（一）临床专科建设。"),
            ("p", f"以心血管内科、普通外科、重症医学科为重点，依托{DJ}对口支援，每年新开展技术项目不少于5项。"),
            ("h2", "（二）人才培养。"),
            ("p", "每年选派骨干医师8名以上到上级医院进修，引进硕士研究生10名。"),
            ("h2", "（三）管理能力提升。"),
            ("p", "推进精细化管理，建成医院信息集成平台，电子病历系统应用水平达到3级。"),
            ("right", QS),
            ("right", "2016年3月"),
        ]),
        Spec("10-青石县人民医院院长办公会会议纪要.docx", [
            ("title", f"{QS}院长办公会会议纪要"),
            ("sub", "（2016年第3次）"),
            ("left", "时间：2016年3月8日上午"),
            ("left", "地点：行政楼三楼会议室"),
            ("left", "主持人：田志远"),
            ("left", "参会人员：龙海燕、秦朗、吴佩瑶，医务科、护理部、科教科、总务科负责人"),
            ("left", "议题：研究2016年受援工作，听取派驻专家到岗情况汇报"),
            ("h1", "会议议定事项"),
            ("p", f"一、会议听取了医务科关于{DJ}第一批派驻专家到岗情况的汇报。会议要求各科室主动对接派驻专家，用好对口支援资源。"),
            ("p", "二、会议研究了派驻专家生活保障问题，决定为派驻专家提供单人公寓，安排在职工食堂就餐。"),
            ("p", f"三、医务科已对2015年下半年派驻专家进行考核，考核结果已书面反馈{DJ}。"),
            ("p", f"四、会议同意选派心内科、外科、麻醉科骨干医师4名于4月赴{DJ}进修。"),
            ("right", f"{QS}办公室"),
            ("right", "2016年3月9日"),
        ]),
    ]


SCHEDULE = {
    "name": "06-对口支援专家门诊排班表（2016年3月—8月）.xlsx",
    "title": f"{QS}对口支援专家门诊排班表（2016年3月—8月）",
    "header": ["序号", "姓名", "派出科室", "职称", "出诊时间", "出诊地点"],
    "rows": [
        [1, "杜明川", "心血管内科", "主任医师", "每周二上午、周四上午", "门诊二楼心内科诊室"],
        [2, "邵卫国", "普通外科", "副主任医师", "每周一下午、周三上午", "门诊三楼外科诊室"],
        [3, "柯　蓉", "麻醉科", "主治医师", "每周五上午、周五下午", "门诊三楼麻醉评估门诊"],
        [4, "贝晓琳", "儿科", "副主任医师", "每周三全天", "门诊一楼儿科诊室"],
        [5, "甘启明", "重症医学科", "主治医师", "每周一上午、周四下午", "门诊二楼综合内科诊室"],
        [6, "韦　嘉", "神经内科", "副主任医师", "每周二下午、周五上午", "门诊二楼神经内科诊室"],
    ],
    "footer": ["注：派驻专家出诊时间如有调整，由医务科提前在门诊大厅公示。", f"{QS}医务科　2016年2月29日"],
}

DUIKOU_VALUES = {
    "晋升中级、高级职称的医师晋升前到县医院连续服务满半年": "是",
    "按年度计划派驻人员且派驻专业符合规定": "是",
    # 派驻人员资质、派驻时间符合规定: to be checked on site -> needs_data
    "支援医院获得国家临床重点专科建设项目数": 2,
    "一个对口支援周期内帮助受援医院建成的临床重点专科数": 1,
    "受援医院人员到支援医院进修培训人数": (8, 6),
    "支援医院网络直报信息与实际情况一致": "是",
    "支援医院树立对口支援先进典型": "是",
    "支援医院先进典型有省级以上媒体报道": "否",
    "2015年派出培训人员的科室符合要求": "是",
    "派出培训人员职称符合要求": "是",
    "派出人员学习时间符合要求": "否",
    "培训人员在相应科室参与业务工作（抽查病历）": "是",
    "受援医院为派驻人员提供必要的生活保障": "是",
    "医院法制化建设情况符合要求": "是",
    "医院规章制度完善且责任到人": "是",
    # 医疗质量管理体系健全、核心制度落实: to be checked on site -> needs_data
    "建立医疗风险管理与防范机制、落实患者安全目标": "是",
    "受援医院网络直报信息与实际情况一致": "是",
    "受援医院先进典型有县级以上媒体报道": "是",
    "受援医院先进典型有市级以上媒体报道": "否",
    "派驻医师参与或单独管理病人（抽查病历）": "是",
    "派驻医师指导、参与或单独开展手术（抽查手术记录）": "是",
    "2015年培训人员考核不合格或没有考核记录的人数": 0,
    "支援医院帮助受援医院新增的服务项目数": 6,
    "新增至少1项农村适宜关键技术的受援科室数": 4,
    "受援科室数": 5,
    # 独立开展的复杂技术、手术增加情况（专家评分）: experts have not scored yet -> needs_data
    "受援医院开展血液透析": "是",
    "血液透析满足县域内患者需求": "否",
    "受援医院开设重症医学科": "是",
    "重症医学科能够承担农村常见重症患者救治任务": "是",
    "急诊急救能力满足需要": "是",
    "可诊疗病种数量": (1380, 1290),
    "独立诊治的疑难病和危重症增加情况（专家评分）": 8,
    "年门急诊人次": (286500, 271300),
    "年出院人次": (24860, 23120),
    "年住院手术人次": (6120, 5430),
    "年住院手术人次占出院人次比例": (24.6, 23.5),
    "年住院外科手术人次占外科出院人次比例": (38.2, 36.9),
    "住院微创手术占住院手术比例": (12.4, 10.8),
    "平均住院日": (8.6, 9.1),
    "手术前平均住院日": 2.4,
    "入出院诊断符合率": (97.8, 97.1),
    "危重患者抢救成功率": (91.5, 90.2),
    "手术前诊断与术后病理诊断符合率": (95.1, 95.6),
    "患者满意度": (None, 92.3),          # this year's survey not supplied -> needs_data
    "达到二级甲等医院评审标准要求": "是",
    "管理体系健全（组织机构、人员、制度、措施、实施方案及考核评价办法）": "是",
    "电子病历系统功能应用水平等级": 3,
    "新农合患者县域外就诊率": (14.6, 16.9),
    "2015年对口支援协议完成进度": 85,
}
DUIKOU_LISTS = {
    "受援医院已开设的一级诊疗科目": {"病理科": "否"},        # every other 科目 "是"
    "受援医院已开设的重点科室": {"神经外科": "否", "胸外科": "否", "精神科": "否"},
}


def duikou_costs(row: str, measure: str):
    """Plausible county-hospital costs: a fixed figure per row, no randomness."""
    if "报销比例" in measure:
        return 55 + (sum(map(ord, row)) % 21)            # 55–75 %
    return 2600 + (sum(map(ord, row)) * 37) % 24000     # 2,600–26,600 元


# ===========================================================================
def build_case(out_root: Path, name: str, form: str, year: int, units: dict, specs: list[Spec],
               values: dict, lists: dict, note: str, costs=None, self_scores=None,
               extra=None) -> list[Path]:
    case_dir = out_root / name
    if case_dir.exists():
        shutil.rmtree(case_dir)
    case_dir.mkdir(parents=True)
    written = [write_case_yaml(case_dir, form, year, units, note)]
    for spec in specs:
        written.append(write_spec(case_dir, spec))
    if extra:
        written += extra(case_dir)
    form_lists = {}
    if lists:
        rules = load_form(form, year)
        for fig in rules.figures:
            if fig.key in lists:
                form_lists[fig.key] = {c: lists[fig.key].get(c, "是") for c in fig.choices}
    written.append(fill_data_workbook(case_dir, form, year, values, form_lists, costs, self_scores))
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 inbox/ 下的两个示例案例（医联体、对口支援）。")
    parser.add_argument("--out", type=Path, default=REPO / "inbox", help="输出目录（默认 inbox/）")
    args = parser.parse_args(argv)
    out_root: Path = args.out
    out_root.mkdir(parents=True, exist_ok=True)
    written = build_case(
        out_root, "示例-医联体", "yilianti", 2019, {"行政部门": NH}, yilianti_specs(),
        YILIANTI_VALUES, {}, "示例案例（虚构单位与人员），由 scripts/make_samples.py 生成",
        self_scores=YILIANTI_SELF)
    written += build_case(
        out_root, "示例-对口支援", "duikou", 2016, {"支援医院": DJ, "受援医院": QS}, duikou_specs(),
        DUIKOU_VALUES, DUIKOU_LISTS, "示例案例（虚构单位与人员），由 scripts/make_samples.py 生成",
        costs=duikou_costs,
        extra=lambda d: [write_schedule_xlsx(d / SCHEDULE["name"], SCHEDULE["title"], SCHEDULE["header"],
                                             SCHEDULE["rows"], SCHEDULE["footer"])])
    for path in written:
        print(f"已写入 {path.relative_to(out_root)}（{path.stat().st_size} 字节）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
