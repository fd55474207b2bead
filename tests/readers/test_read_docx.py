"""The .docx reader: text python-docx misses, numbering labels, tables, locators, bad input."""
from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.model import Locator
from pipeline.readers import docx as reader
from pipeline.readers.docx_numbering import format_number
from tests.readers.office_fixtures import (abstract, add_footnotes, build_docx, level, num, p, r,
                                           rewrite_zip)

NAME = "材料/方案.docx"


def rows(result):
    return [(b.kind, b.text, b.loc) for b in result.blocks]


def loc(**kw):
    return Locator(file=NAME, **kw)


def test_paragraphs_headings_and_empty_lines_not_counted():
    def build(d):
        d.add_paragraph("关于印发实施方案的通知", style="Title")
        d.add_paragraph("")
        d.add_heading("总体要求", level=1)
        d.add_paragraph("   ")
        d.add_paragraph("坚持以人民健康为中心。")
    res = reader.read(build_docx(build=build), NAME)
    assert res.source == "docx" and res.problems == ()
    assert rows(res) == [
        ("heading", "关于印发实施方案的通知", loc(paragraph=1)),
        ("heading", "总体要求", loc(paragraph=2)),
        ("paragraph", "坚持以人民健康为中心。", loc(paragraph=3)),
    ]


def test_content_controls_tracked_changes_links_and_fields():
    body = "".join([
        # block-level content control around a paragraph
        '<w:sdt><w:sdtPr/><w:sdtContent>' + p("控件中的段落") + '</w:sdtContent></w:sdt>',
        # inline control + insertion kept, deletion dropped
        p(inner=r("领导小组由") + '<w:ins w:id="1" w:author="a"><w:r><w:t>院长</w:t></w:r></w:ins>'
              + '<w:del w:id="2" w:author="a"><w:r><w:delText>副院长</w:delText></w:r></w:del>'
              + '<w:sdt><w:sdtPr/><w:sdtContent>' + r("任组长") + '</w:sdtContent></w:sdt>'),
        # an unfilled control shows placeholder text: not evidence
        '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>' + p("单击此处输入文字")
        + '</w:sdtContent></w:sdt>',
        # a wholly deleted paragraph produces nothing and is not counted
        p(inner='<w:del w:id="3" w:author="a"><w:r><w:delText>已删除的段落</w:delText></w:r></w:del>'),
        # hyperlink, smart tag, simple field and complex field (instruction dropped, result kept)
        p(inner='<w:hyperlink r:id="rId99"><w:r><w:t>网站</w:t></w:r></w:hyperlink>'
              + '<w:smartTag w:uri="u" w:element="date"><w:r><w:t>2017年6月12日</w:t></w:r></w:smartTag>'
              + '<w:fldSimple w:instr=" DATE "><w:r><w:t>发布</w:t></w:r></w:fldSimple>'),
        p(inner='<w:r><w:t>见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              + '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
              + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>'),
        # hidden text is not what a reader sees; a line break stays a line break
        p(inner=r("可见") + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'
              + '<w:r><w:br/><w:t>第二行</w:t></w:r>'),
    ])
    res = reader.read(build_docx(body), NAME)
    assert rows(res) == [
        ("paragraph", "控件中的段落", loc(paragraph=1)),
        ("paragraph", "领导小组由院长任组长", loc(paragraph=2)),
        ("paragraph", "网站2017年6月12日发布", loc(paragraph=3)),
        ("paragraph", "见第3页", loc(paragraph=4)),
        ("paragraph", "可见\n第二行", loc(paragraph=5)),
    ]


NUMBERING = (
    abstract(0, level(0, "chineseCounting", "%1、"), level(1, "chineseCounting", "（%2）"),
             level(2, "decimal", "%3."), level(3, "decimalEnclosedCircle", "%4")),
    abstract(1, level(0, "lowerLetter", "%1)"), level(1, "upperRoman", "%2.", suff="space")),
    abstract(2, level(0, "ideographTraditional", "%1、"), level(1, "japaneseCounting", "第%2条", suff="space")),
    abstract(3, level(0, "decimal", "%1.", start=3), level(1, "decimal", "%1.%2")),
    abstract(4, level(0, "bullet", "\u2022")),
)


def numbering_xml():
    return "".join(NUMBERING) + "".join([num(1, 0), num(2, 1), num(3, 2), num(4, 3), num(5, 0, {0: 1}),
                                         num(6, 0), num(7, 4), num(8, 3)])


def test_auto_numbering_labels_chinese_and_latin():
    body = "".join([
        p("总体要求", num=("1", 0)),
        p("工作目标", num=("1", 1)),
        p("成立领导小组", num=("1", 2)),
        p("明确分工", num=("1", 2)),
        p("细化", num=("1", 3)),
        p("基本原则", num=("1", 1)),
        p("主要任务", num=("1", 0)),       # 二、 and deeper levels restart
        p("重点工作", num=("1", 1)),
        p("首项", num=("1", 2)),
        p("甲项", num=("2", 0)),
        p("罗马", num=("2", 1)),
        p("天干", num=("3", 0)),
        p("条款", num=("3", 1)),
        p("从三开始", num=("4", 0)),
        p("多级", num=("4", 1)),
        p("项目符号", num=("7", 0)),        # bullets get no label
        p("不编号", num=("0", 0)),          # numId 0 switches numbering off
    ])
    res = reader.read(build_docx(body, numbering_xml=numbering_xml()), NAME)
    assert [b.text for b in res.blocks] == [
        "一、总体要求", "（一）工作目标", "1.成立领导小组", "2.明确分工", "①细化", "（二）基本原则",
        "二、主要任务", "（一）重点工作", "1.首项",
        "a)甲项", "I. 罗马", "甲、天干", "第一条 条款", "3.从三开始", "3.1 多级",
        "项目符号", "不编号",
    ]
    assert [b.loc.paragraph for b in res.blocks] == list(range(1, 18))


def test_numbering_continues_across_nums_of_one_list_and_restarts_on_override():
    body = "".join([
        p("甲", num=("1", 0)), p("乙", num=("1", 0)),
        p("重新开始", num=("5", 0)),     # startOverride 1 on the same abstract list
        p("接着", num=("5", 0)),
        p("同一列表另一编号", num=("6", 0)),  # no override: continues the shared list
    ])
    res = reader.read(build_docx(body, numbering_xml=numbering_xml()), NAME)
    assert [b.text for b in res.blocks] == ["一、甲", "二、乙", "一、重新开始", "二、接着", "三、同一列表另一编号"]


def test_numbering_inherited_from_paragraph_style_and_empty_numbered_paragraph():
    styles = ('<w:style w:type="paragraph" w:styleId="CnH1"><w:name w:val="heading 1"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="CnH2"><w:name w:val="公文二级"/><w:basedOn w:val="CnH1"/>'
              '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>')
    body = p("目标", style="CnH1") + p("", style="CnH1") + p("任务", style="CnH1") + p("细目", style="CnH2")
    res = reader.read(build_docx(body, numbering_xml=numbering_xml(), styles_xml=styles), NAME)
    # the empty numbered paragraph still takes 二 (Word shows the label on an empty line)
    assert rows(res) == [
        ("heading", "一、目标", loc(paragraph=1)),
        ("heading", "三、任务", loc(paragraph=2)),
        ("heading", "（一）细目", loc(paragraph=3)),
    ]


def test_word2010_custom_number_format_in_alternate_content():
    lvl = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
           '<w:numFmt w:val="custom" w:format="{fmt}"/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/>'
           '</mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1、"/></w:lvl>')
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvl.format(fmt="一, 二, 三, ...")}</w:abstractNum>'
                 f'<w:abstractNum w:abstractNumId="1">{lvl.format(fmt="001, 002, 003, ...")}</w:abstractNum>'
                 f'<w:abstractNum w:abstractNumId="2">{lvl.format(fmt="A1, A2, ...")}</w:abstractNum>'
                 + num(1, 0) + num(2, 1) + num(3, 2))
    body = p("甲", num=("1", 0)) + p("乙", num=("1", 0)) + p("丙", num=("2", 0)) + p("丁", num=("3", 0))
    res = reader.read(build_docx(body, numbering_xml=numbering), NAME)
    assert [b.text for b in res.blocks] == ["一、甲", "二、乙", "001、丙", "1、丁"]


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (21, "chineseCountingThousand", "二十一"),
    (100, "chineseCounting", "一百"), (105, "chineseCounting", "一百零五"), (110, "chineseCounting", "一百一十"),
    (12, "japaneseCounting", "十二"), (15, "taiwaneseCountingThousand", "十五"), (3, "ideographTraditional", "丙"), (12, "ideographTraditional", "乙"),
    (3, "chineseLegalSimplified", "叁"), (14, "decimalEnclosedCircle", "⑭"), (28, "lowerLetter", "bb"),
    (14, "upperRoman", "XIV"), (4, "lowerRoman", "iv"), (7, "decimalZero", "07"), (5, "decimal", "5"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_tables_merged_cells_nested_tables_and_paragraph_count():
    def build(d):
        d.add_paragraph("表前段落")
        t = d.add_table(rows=3, cols=3)
        t.cell(0, 0).merge(t.cell(0, 1)).text = "横向合并"
        t.cell(0, 2).text = "C1"
        t.cell(1, 0).merge(t.cell(2, 0)).text = "纵向合并"
        t.cell(1, 1).text = "第一段"
        t.cell(1, 1).add_paragraph("")
        t.cell(1, 1).add_paragraph("第二段")
        inner_cell = t.cell(2, 2)
        inner_cell.text = "含嵌套表"
        inner = inner_cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "内1"
        inner.cell(0, 1).text = "内2"
        d.add_paragraph("表后段落")
        t2 = d.add_table(rows=1, cols=1)
        t2.cell(0, 0).text = "第三张表"
    res = reader.read(build_docx(build=build), NAME)
    assert rows(res) == [
        ("paragraph", "表前段落", loc(paragraph=1)),
        ("table-cell", "横向合并", loc(table=1, row=1, col=1)),
        ("table-cell", "C1", loc(table=1, row=1, col=3)),
        ("table-cell", "纵向合并", loc(table=1, row=2, col=1)),
        ("table-cell", "第一段\n第二段", loc(table=1, row=2, col=2)),
        ("table-cell", "含嵌套表", loc(table=1, row=3, col=3)),
        ("table-cell", "内1", loc(table=2, row=1, col=1)),
        ("table-cell", "内2", loc(table=2, row=1, col=2)),
        ("paragraph", "表后段落", loc(paragraph=2)),
        ("table-cell", "第三张表", loc(table=3, row=1, col=1)),
    ]


def test_table_rows_in_content_controls_grid_before_and_deleted_rows():
    body = ('<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
            '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc>' + p("右") + '</w:tc></w:tr>'
            '<w:tr><w:trPr><w:del w:id="9" w:author="a"/></w:trPr><w:tc>' + p("删行") + '</w:tc></w:tr>'
            '<w:sdt><w:sdtContent><w:tr><w:tc>' + p("控件行") + '</w:tc><w:tc>' + p("乙") + '</w:tc></w:tr>'
            '</w:sdtContent></w:sdt></w:tbl>')
    res = reader.read(build_docx(body), NAME)
    assert rows(res) == [
        ("table-cell", "右", loc(table=1, row=1, col=2)),
        ("table-cell", "控件行", loc(table=1, row=2, col=1)),
        ("table-cell", "乙", loc(table=1, row=2, col=2)),
    ]


def _textbox_run(text: str) -> str:
    box = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
            f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def test_text_boxes_read_once_after_their_anchor():
    body = (p("正文一") + p(inner=r("锚定段落") + _textbox_run("文本框里的文字"))
            + p(inner=_textbox_run("空段落中的文本框")) + p("正文二")
            + p(inner='<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + p("仅VML文本框")
                      + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    res = reader.read(build_docx(body), NAME)
    assert rows(res) == [
        ("paragraph", "正文一", loc(paragraph=1)),
        ("paragraph", "锚定段落", loc(paragraph=2)),
        ("paragraph", "文本框里的文字", loc(paragraph=1, part="textbox")),
        ("paragraph", "空段落中的文本框", loc(paragraph=2, part="textbox")),
        ("paragraph", "正文二", loc(paragraph=3)),
        ("paragraph", "仅VML文本框", loc(paragraph=3, part="textbox")),
    ]


def test_headers_footers_deduplicated_and_footnotes():
    def build(d):
        d.add_paragraph("正文")
        d.add_section()
    data = build_docx(build=build, header="西岭市卫生健康委员会", footer="内部资料", first_header="首页页眉")
    data = add_footnotes(data, ["注：数据截至2017年底。"])
    res = reader.read(data, NAME)
    assert rows(res) == [
        ("paragraph", "正文", loc(paragraph=1)),
        ("paragraph", "注：数据截至2017年底。", loc(paragraph=1, part="footnote")),
        ("header", "西岭市卫生健康委员会", loc(part="header")),
        ("header", "首页页眉", loc(part="header")),
        ("footer", "内部资料", loc(part="footer")),
    ]


# ------------------------------------------------------------------ bad input

def _only_problem(res):
    assert res.blocks == ()
    assert len(res.problems) == 1 and res.problems[0].stage == "read" and res.problems[0].file == NAME
    return res.problems[0].message


def test_zero_bytes():
    assert _only_problem(reader.read(b"", NAME)) == "文件“材料/方案.docx”是空文件（0 字节），没有可读取的内容"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_text_file_named_docx_is_read_as_text(encoding):
    data = "关于成立领导小组的通知\n\n组长：张三\n".encode(encoding)
    res = reader.read(data, NAME)
    assert res.source == "text"
    assert [p.message for p in res.problems] == [
        "文件“材料/方案.docx”不是有效的 Word 文档（内容像是纯文本），已按纯文本读取"]
    assert rows(res) == [("paragraph", "关于成立领导小组的通知", loc(line=1)),
                         ("paragraph", "组长：张三", loc(line=3))]


def test_truncated_zip():
    data = build_docx(p("正文"))
    msg = _only_problem(reader.read(data[: len(data) // 2], NAME))
    assert msg.startswith("文件“材料/方案.docx”已损坏（压缩结构不完整或被截断）")


def test_binary_garbage():
    msg = _only_problem(reader.read(bytes(range(256)) * 8, NAME))
    assert msg == "文件“材料/方案.docx”不是有效的 Word 文档（无法识别的内容），文件可能已损坏"


def test_zip_without_document_part():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    msg = _only_problem(reader.read(buf.getvalue(), NAME))
    assert msg == "文件“材料/方案.docx”不是有效的 Word 文档（压缩包中缺少正文部分 word/document.xml）"


def test_xlsx_named_docx():
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    msg = _only_problem(reader.read(buf.getvalue(), NAME))
    assert msg == "文件“材料/方案.docx”实际是 Excel 表格而不是 Word 文档，请将扩展名改为 .xlsx 后再提交"


def test_encrypted_ooxml_package():
    # An encrypted .docx is an OLE compound file holding EncryptionInfo + EncryptedPackage streams.
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    msg = _only_problem(reader.read(data, NAME))
    assert msg == "文件“材料/方案.docx”已加密（设置了打开密码），无法读取，请提供未加密的版本"


def test_malformed_xml_is_recovered_with_a_problem():
    data = build_docx(p("第一段") + p("第二段"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    cut = xml[: xml.index("第二段".encode()) + len("第二段".encode())]
    res = reader.read(rewrite_zip(data, {"word/document.xml": cut}), NAME)
    assert [b.text for b in res.blocks] == ["第一段", "第二段"]
    assert [p.message for p in res.problems] == [
        "文件“材料/方案.docx”的正文 XML 已损坏，只读出了能恢复的部分，请核对原文件"]


def test_unparseable_xml():
    data = rewrite_zip(build_docx(p("正文")), {"word/document.xml": b"\x00\x01 not xml"})
    msg = _only_problem(reader.read(data, NAME))
    assert msg == "文件“材料/方案.docx”的正文 XML 已损坏，无法读取，请用 Word 打开后重新保存"


def test_entities_are_not_expanded():
    data = build_docx(p("正文"))
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>A&x;B</w:t></w:r></w:p></w:body></w:document>')
    res = reader.read(rewrite_zip(data, {"word/document.xml": evil}), NAME)
    assert "root:" not in "".join(b.text for b in res.blocks)


def test_empty_document_says_so():
    res = reader.read(build_docx(p("") + p("  ")), NAME)
    assert _only_problem(res) == "文件“材料/方案.docx”中没有文字内容（空文档，或内容是图片）"


def test_broken_field_does_not_hide_the_rest():
    body = (p(inner='<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK x </w:instrText></w:r>')
            + p("后面的段落"))
    res = reader.read(build_docx(body), NAME)
    assert rows(res) == [("paragraph", "后面的段落", loc(paragraph=1))]


def test_a_body_over_the_limit_is_read_up_to_it(monkeypatch):
    from pipeline.readers import budget
    data = build_docx("".join(p(f"第{i}段正文，" + "内容" * 50) for i in range(8000)))   # about 2.6 MB
    monkeypatch.setattr(budget, "MAX_BODY_BYTES", 1024 * 1024)
    res = reader.read(data, NAME)
    assert [p.message for p in res.problems] == [
        "文件“材料/方案.docx”的正文部分解压后超过 1 MB 的上限，只读取了前 1 MB 中的内容，其余内容未读取；请检查文件是否异常"]
    texts = [b.text for b in res.blocks]
    assert texts[0].startswith("第0段正文") and 2000 < len(texts) < 8000
    assert all(t.startswith(f"第{i}段正文") for i, t in enumerate(texts))
