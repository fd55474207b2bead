"""The .xlsx reader: values as a person sees them, sheet/row/col locators, bad input."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from pipeline.model import Locator
from pipeline.readers import convert, xlsx

NAME = "表格/坐诊安排.xlsx"


def loc(sheet, row, col):
    return Locator(file=NAME, sheet=sheet, row=row, col=col)


def rows(result):
    return [(b.kind, b.text, b.loc) for b in result.blocks]


def _workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "坐诊"
    ws["A1"] = "支援专家坐诊安排"
    ws.merge_cells("A1:C1")
    ws.append(["专家", "科室", "日期"])
    ws.append(["田军", "麻醉科", dt.datetime(2015, 7, 1)])
    ws.append(["吕芳", None, dt.date(2015, 7, 8)])
    ws["D3"] = 3.0
    ws["D4"] = 2.5
    ws["E3"] = 0.85
    ws["E3"].number_format = "0%"
    ws["E4"] = 0.125
    ws["E4"].number_format = "0.0%"
    ws["F3"] = dt.datetime(2017, 6, 12)
    ws["F3"].number_format = 'yyyy"年"m"月"d"日"'
    ws["F4"] = dt.datetime(2017, 6, 12, 14, 30)
    ws["G3"] = 1234.5
    ws["G3"].number_format = "0.00"
    ws["G4"] = 123456789
    ws["H3"] = True
    ws["H4"] = "  带空格  "
    second = wb.create_sheet("汇总")
    second["B2"] = "合计"
    second["C2"] = 12
    wb.create_sheet("空表")
    return wb


def _bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_values_and_locators():
    res = xlsx.read(_bytes(_workbook()), NAME)
    assert res.source == "xlsx" and res.problems == ()
    assert rows(res) == [
        ("table-cell", "支援专家坐诊安排", loc("坐诊", 1, 1)),
        ("table-cell", "专家", loc("坐诊", 2, 1)),
        ("table-cell", "科室", loc("坐诊", 2, 2)),
        ("table-cell", "日期", loc("坐诊", 2, 3)),
        ("table-cell", "田军", loc("坐诊", 3, 1)),
        ("table-cell", "麻醉科", loc("坐诊", 3, 2)),
        ("table-cell", "2015-07-01", loc("坐诊", 3, 3)),
        ("table-cell", "3", loc("坐诊", 3, 4)),
        ("table-cell", "85%", loc("坐诊", 3, 5)),
        ("table-cell", "2017年6月12日", loc("坐诊", 3, 6)),
        ("table-cell", "1234.50", loc("坐诊", 3, 7)),
        ("table-cell", "TRUE", loc("坐诊", 3, 8)),
        ("table-cell", "吕芳", loc("坐诊", 4, 1)),
        ("table-cell", "2015-07-08", loc("坐诊", 4, 3)),
        ("table-cell", "2.5", loc("坐诊", 4, 4)),
        ("table-cell", "12.5%", loc("坐诊", 4, 5)),
        ("table-cell", "2017-06-12 14:30", loc("坐诊", 4, 6)),
        ("table-cell", "123456789", loc("坐诊", 4, 7)),
        ("table-cell", "带空格", loc("坐诊", 4, 8)),
        ("table-cell", "合计", loc("汇总", 2, 2)),
        ("table-cell", "12", loc("汇总", 2, 3)),
    ]


@pytest.mark.parametrize("value, fmt, expected", [
    (3.0, "General", "3"), (0.1 + 0.2, "General", "0.3"), (1, "0.00", "1.00"), (1234, "#,##0", "1234"),
    (dt.time(8, 30), "h:mm", "08:30"), (dt.datetime(2017, 6, 1), 'yyyy"年"m"月"', "2017年6月"),
])
def test_render(value, fmt, expected):
    assert xlsx.render(value, fmt) == expected


def test_wrong_saved_dimensions_do_not_hide_rows():
    data = _bytes(_workbook())
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:H4"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in content
            out.writestr(info, content)
    res = xlsx.read(buf.getvalue(), NAME)
    assert ("table-cell", "带空格", loc("坐诊", 4, 8)) in rows(res)


def _only_problem(res) -> str:
    assert res.blocks == () and len(res.problems) == 1
    assert res.problems[0].stage == "read" and res.problems[0].file == NAME
    return res.problems[0].message


def test_zero_bytes():
    assert _only_problem(xlsx.read(b"", NAME)) == "文件“表格/坐诊安排.xlsx”是空文件（0 字节），没有可读取的内容"


def test_truncated_file():
    data = _bytes(_workbook())
    msg = _only_problem(xlsx.read(data[: len(data) // 2], NAME))
    assert msg.startswith("文件“表格/坐诊安排.xlsx”已损坏（压缩结构不完整或被截断）")


def test_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    msg = _only_problem(xlsx.read(buf.getvalue(), NAME))
    assert msg.startswith("文件“表格/坐诊安排.xlsx”不是有效的 Excel 表格（缺少工作簿部分）")


def test_empty_workbook():
    wb = openpyxl.Workbook()
    assert _only_problem(xlsx.read(_bytes(wb), NAME)) == "文件“表格/坐诊安排.xlsx”中没有任何有内容的单元格"


def test_csv_named_xlsx():
    res = xlsx.read("姓名,科室\n谢军,儿科\n".encode("gb18030"), NAME)
    assert res.source == "text"
    assert [p.message for p in res.problems] == [
        "文件“表格/坐诊安排.xlsx”不是有效的 Excel 表格（内容像是纯文本），已按纯文本表格读取"]
    assert [(b.text, b.loc) for b in res.blocks] == [
        ("姓名", Locator(file=NAME, row=1, col=1)), ("科室", Locator(file=NAME, row=1, col=2)),
        ("谢军", Locator(file=NAME, row=2, col=1)), ("儿科", Locator(file=NAME, row=2, col=2))]


def test_encrypted_workbook():
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
            + b"\x00" * 512)
    assert _only_problem(xlsx.read(data, NAME)) == "文件“表格/坐诊安排.xlsx”已加密（设置了打开密码），无法读取，请提供未加密的版本"


def test_old_xls_named_xlsx_without_libreoffice(monkeypatch):
    # Not encrypted, OLE: an old .xls. Without LibreOffice it cannot be converted; say why.
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    msg = _only_problem(xlsx.read(data, NAME))
    assert msg.startswith("文件“表格/坐诊安排.xlsx”实际是旧版 Excel（.xls）或网页格式，未能自动转换（未安装 LibreOffice")
    assert msg.endswith("请用 Excel/WPS 打开后另存为 .xlsx 再提交")
