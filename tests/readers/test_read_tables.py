"""Tables in PDFs and plain text are read as cells: an empty cell keeps its column, a cell
wrapped over two printed lines stays one cell, a table running on to the next page keeps its
number and rows."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.lib.colors import red
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract.tables import half_days, tables
from pipeline.readers import pdf
from pipeline.readers.text import read as read_text
from tests.readers.pdf_fixtures import FONT, _register

SIZE = 11


def ruled_pdf(pages: list[list[list[str | list[str]]]], widths: list[float], before: str = "排班如下：",
              after: str | None = "青石县人民医院门诊部", rule: bool = False) -> bytes:
    """Pages of one ruled table each; a cell is a string or a list of its printed lines."""
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    _, height = A4
    for k, rows in enumerate(pages):
        y = height - 90
        if k == 0:
            c.setFont(FONT, 16)
            c.drawString(72, y, "东江市第一人民医院派驻专家门诊排班表")
            y -= 30
            if rule:
                c.setStrokeColor(red)
                c.line(72, y + 10, 520, y + 10)
                c.setStrokeColor("black")
            c.setFont(FONT, SIZE)
            c.drawString(72, y, before)
            y -= 24
        for row in rows:
            lines = max(len(cell) if isinstance(cell, list) else 1 for cell in row)
            h = 8 + lines * (SIZE + 4)
            x = 72
            for w, cell in zip(widths, row):
                c.rect(x, y - h, w, h, stroke=1, fill=0)
                c.setFont(FONT, SIZE)
                for n, text in enumerate(cell if isinstance(cell, list) else [cell]):
                    c.drawString(x + 4, y - 4 - SIZE - n * (SIZE + 4), text)
                x += w
            y -= h
        if after and k == len(pages) - 1:
            c.drawString(300, y - 30, after)
        c.showPage()
    c.save()
    return buf.getvalue()


def cells(doc) -> dict[tuple[int, int, int], str]:
    return {(b.loc.table, b.loc.row, b.loc.col): b.text for b in doc.blocks if b.kind == "table-cell"}


HEADER = ["姓名", "科室", "周一上午", "周二下午", "周四上午"]
WIDTHS = [60, 60, 70, 70, 70]


def test_an_empty_cell_keeps_the_column_of_the_marks():
    data = ruled_pdf([[HEADER, ["张三", "外科", "√", "", "√"], ["李四", "儿科", "", "√", ""]]], WIDTHS, rule=True)
    doc = pdf.read(data, "排班.pdf")
    got = cells(doc)
    assert got[(1, 3, 4)] == "√" and (1, 3, 3) not in got and (1, 3, 5) not in got
    (t,) = tables(doc.blocks)
    assert t.header == HEADER and [half_days(t, r) for r in t.rows] == [2, 1]
    # the text around the table stays paragraphs, in reading order
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "table-cell"]
    assert kinds[:2] == [("paragraph", "东江市第一人民医院派驻专家门诊排班表"), ("paragraph", "排班如下：")]
    assert ("paragraph", "青石县人民医院门诊部") in kinds
    first_cell = next(i for i, b in enumerate(doc.blocks) if b.kind == "table-cell")
    assert doc.blocks[first_cell - 1].text == "排班如下："
    assert doc.blocks[first_cell].loc.label() == "第1页表1第1行第1列"


def test_a_cell_wrapped_over_two_printed_lines_is_one_cell():
    rows = [["日期", "内容", "主讲人"],
            ["2016年3月7日", ["急性心肌梗死的诊断思路与", "溶栓治疗适应证"], "张三"],
            ["2016年3月14日", "心力衰竭指南解读", "李四"]]
    doc = pdf.read(ruled_pdf([rows], [90, 160, 60]), "登记.pdf")
    (t,) = tables(doc.blocks)
    assert t.rows == [["2016年3月7日", "急性心肌梗死的诊断思路与溶栓治疗适应证", "张三"],
                      ["2016年3月14日", "心力衰竭指南解读", "李四"]]


def test_a_table_running_on_to_the_next_page_keeps_its_number_and_rows():
    first = [HEADER, ["张三", "外科", "√", "", "√"]]
    again = [["李四", "儿科", "", "√", "√"]]
    doc = pdf.read(ruled_pdf([first, again], WIDTHS, after=None), "排班.pdf")
    (t,) = tables(doc.blocks)
    assert [r[0] for r in t.rows] == ["张三", "李四"]
    # the header printed again on the new page is not a row
    doc = pdf.read(ruled_pdf([first, [HEADER, *again]], WIDTHS, after=None), "排班.pdf")
    (t,) = tables(doc.blocks)
    assert [r[0] for r in t.rows] == ["张三", "李四"]
    assert {b.loc.page for b in doc.blocks if b.text == "李四"} == {2}


def test_a_page_without_a_grid_is_read_as_lines():
    """A red rule under the 文号 and a box are no table; text drawn wider than its cells
    (a generator that shrank the columns) is read as printed lines, not cut at the rulings."""
    from tests.readers.pdf_fixtures import text_pdf
    doc = pdf.read(text_pdf([["关于成立领导小组的通知", "各科室："]]), "通知.pdf")
    assert all(b.kind != "table-cell" for b in doc.blocks)
    long = "结合本科室收治的典型病例系统讲解诊断思路"
    data = ruled_pdf([[["日期", "内容"], ["3月7日", long], ["3月14日", long]]], [50, 60])
    doc = pdf.read(data, "登记.pdf")
    assert all(b.kind != "table-cell" for b in doc.blocks)
    assert long in "".join(b.text for b in doc.blocks).replace(" ", "")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_word_table_saved_as_pdf_reads_as_the_word_table(tmp_path):
    from docx import Document as Docx
    d = Docx()
    d.add_paragraph("派驻医师教学活动登记表")
    table = d.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    rows = [["日期", "类别", "内容", "主讲人"],
            ["2016年3月7日", "教学查房", "结合本科室收治的典型病例，系统讲解诊断思路、鉴别诊断要点、治疗方案选择及并发症的预防与处理", "张三"],
            ["2016年3月9日", "科内临床教学", "", "李四"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.save(tmp_path / "登记.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "登记.docx")],
                   check=True, capture_output=True, timeout=180)
    doc = pdf.read((tmp_path / "登记.pdf").read_bytes(), "登记.pdf")
    (t,) = tables(doc.blocks)
    assert t.header == rows[0] and t.rows == [rows[1], ["2016年3月9日", "科内临床教学", "", "李四"]]


def test_tab_separated_lines_are_a_table_with_empty_cells_kept():
    text = "门诊排班\n姓名\t科室\t周一上午\t周二下午\n张三\t外科\t√\t√\n李四\t儿科\t\t√\n以上排班自3月起执行。\n"
    doc = read_text(text.encode("gbk"), "排班.txt")
    (t,) = tables(doc.blocks)
    assert t.header == ["姓名", "科室", "周一上午", "周二下午"] and t.rows[1] == ["李四", "儿科", "", "√"]
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["门诊排班", "以上排班自3月起执行。"]
    assert next(b for b in doc.blocks if b.text == "李四").loc.label() == "表1第3行第1列"


def test_one_tabbed_line_is_no_table_and_csv_rows_are():
    doc = read_text("标题\t2016年\n正文一段。\n".encode(), "说明.txt")
    assert all(b.kind == "paragraph" for b in doc.blocks)
    doc = read_text('月份,教学查房（次）\n1月,4\n"2月",5\n'.encode(), "带教.csv")
    (t,) = tables(doc.blocks)
    assert t.header == ["月份", "教学查房（次）"] and t.rows == [["1月", "4"], ["2月", "5"]]
