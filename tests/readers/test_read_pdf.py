from reportlab.lib.pdfencrypt import StandardEncryption

from pipeline.model import Locator
from pipeline.readers import pdf
from tests.readers.pdf_fixtures import paragraph_pdf, render_text_image, scanned_pdf, text_pdf

PAGES = [
    ["关于成立对口支援工作领导小组的通知", "各科室：", "经院务会研究，决定成立领导小组。"],
    ["组长：张三", "副组长：李四"],
    ["西岭市人民医院", "2015年1月6日"],
]


def test_text_pdf_pages_and_lines():
    result = pdf.read(text_pdf(PAGES), "a/通知.pdf")
    assert result.source == "pdf-text"
    assert result.pages == 3
    assert result.problems == ()
    got = [(b.loc.page, b.loc.line, b.text) for b in result.blocks]
    assert got == [(p + 1, l + 1, text) for p, lines in enumerate(PAGES) for l, text in enumerate(lines)]
    assert all(b.loc.file == "a/通知.pdf" and b.kind == "paragraph" and b.confidence is None
               for b in result.blocks)


def test_wrapped_paragraph_and_title_are_joined():
    title = "北山市卫生和计划生育委员会关于下发北山市医疗联合体试点工作方案的通知"
    body = ("按照省卫生计生委的统一部署，经委党组会研究，现将北山市医疗联合体试点工作方案下发你们，"
            "各单位务必结合自身职能抓好落实，并于每月十日前报送进展情况。")
    result = pdf.read(paragraph_pdf(title, body), "方案.pdf")
    texts = [b.text for b in result.blocks]
    assert texts == [title, body, "2017年6月12日"]
    assert [b.loc for b in result.blocks] == [
        Locator(file="方案.pdf", page=1, line=1),
        Locator(file="方案.pdf", page=1, line=3),
        Locator(file="方案.pdf", page=1, line=6),
    ]


def test_fake_bold_doubled_characters_removed():
    lines = ["关于开展谢谢活动的通知", "请各单位认真落实。"]
    plain = pdf.read(text_pdf([lines]), "x.pdf")
    bold = pdf.read(text_pdf([lines], bold_offset=0.3), "x.pdf")
    assert [b.text for b in plain.blocks] == lines
    assert [b.text for b in bold.blocks] == lines        # 谢谢 is real and stays


def test_kangxi_radicals_in_text_layer_are_normalised():
    result = pdf.read(text_pdf([["⼀、⽇常⼯作⻓期开展"]]), "k.pdf")
    assert [b.text for b in result.blocks] == ["一、日常工作长期开展"]


def test_encrypted_pdf_is_a_problem():
    data = text_pdf(PAGES, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    result = pdf.read(data, "密件.pdf")
    assert result.blocks == ()
    assert [p.message for p in result.problems] == ["文件“密件.pdf”已加密，无法读取，请提供未加密的版本"]
    assert result.problems[0].stage == "read"


def test_pdf_with_empty_user_password_is_read():
    data = text_pdf(PAGES[:1], encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    result = pdf.read(data, "只读.pdf")
    assert result.problems == ()
    assert [b.text for b in result.blocks] == PAGES[0]


def test_truncated_pdf_is_a_problem():
    data = text_pdf(PAGES)
    result = pdf.read(data[: len(data) // 3], "坏.pdf")
    assert result.blocks == ()
    assert len(result.problems) == 1
    assert "坏.pdf" in result.problems[0].message and "损坏" in result.problems[0].message


def test_zero_bytes_and_not_a_pdf():
    empty = pdf.read(b"", "空.pdf")
    assert empty.blocks == ()
    assert empty.problems[0].message == "文件“空.pdf”是空文件（0字节），无法读取"
    other = pdf.read(b"PK\x03\x04 not a pdf at all", "假.pdf")
    assert other.blocks == ()
    assert "假.pdf" in other.problems[0].message and "不是PDF" in other.problems[0].message


def test_page_limit(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    result = pdf.read(text_pdf(PAGES), "长.pdf")
    assert result.pages == 3
    assert sorted({b.loc.page for b in result.blocks}) == [1, 2]
    assert [p.message for p in result.problems] == ["文件“长.pdf”共3页，超过2页上限，只读取了前2页"]


def test_blank_page_yields_nothing_and_no_ocr(monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("a blank page must not be OCR'd")
    monkeypatch.setattr(pdf, "ocr_page", no_ocr)
    result = pdf.read(text_pdf([PAGES[0], []]), "b.pdf")
    assert result.pages == 2
    assert {b.loc.page for b in result.blocks} == {1}
    assert result.problems == ()


def test_scanned_pdf_is_ocrd():
    lines = ["关于成立对口支援工作领导小组的通知", "各科室：", "经院务会研究，决定成立领导小组。"]
    data = scanned_pdf([render_text_image(lines)])
    result = pdf.read(data, "扫描.pdf")
    assert result.source == "pdf-ocr"
    assert result.pages == 1
    assert [b.text for b in result.blocks] == lines
    assert [(b.loc.page, b.loc.line, b.kind) for b in result.blocks] == [(1, 1, "ocr-line"), (1, 2, "ocr-line"),
                                                                          (1, 3, "ocr-line")]
    assert all(b.confidence is not None and b.confidence > 0.8 for b in result.blocks)


def test_mixed_text_and_scanned_pages():
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(text_pdf([PAGES[0]]))
    scan = pdfium.PdfDocument(scanned_pdf([render_text_image(["附件：领导小组成员名单"], size=(1654, 600))]))
    doc.import_pages(scan)
    buf = io.BytesIO()
    doc.save(buf)
    result = pdf.read(buf.getvalue(), "混合.pdf")
    assert result.source == "pdf-text"
    assert result.pages == 2
    assert [(b.loc.page, b.kind, b.text) for b in result.blocks] == [
        (1, "paragraph", PAGES[0][0]), (1, "paragraph", PAGES[0][1]), (1, "paragraph", PAGES[0][2]),
        (2, "ocr-line", "附件：领导小组成员名单")]
    assert result.blocks[-1].confidence > 0.8
