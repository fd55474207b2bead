"""Rule 12: web-page printouts. The 索引号/发文机关/成文日期 box gives the metadata;
当前位置、首页>…、分享到、打印本页 and the browser's print header and footer are never a title
or an issuer; a page with a usable text layer is not sent to OCR for its traditional characters."""
from pathlib import Path

from pipeline.extract.document import extract
from pipeline.extract.webpage import box, chrome, is_webpage
from pipeline.model import Block, Locator
from pipeline.readers.dispatch import read_bytes
from scripts.docbuild import write_file

from .checklist import CITY, decide

PAGE = {"site": "北湖市人民政府", "url": "http://www.beihu.gov.cn/art/2017/5/12/art_1.html",
        "nav": ["首页", "政务公开", "政策文件"],
        "box": {"索引号": "11330100/2017-00123", "发文机关": "北湖市卫生健康委员会", "成文日期": "2017年5月10日",
                "发布日期": "2017年5月12日", "文号": "北卫发〔2017〕8号", "主题分类": "卫生、体育"}}
BODY = ("@title 北湖市卫生健康委员会关于印发北湖市医疗联合体建设实施方案的通知\n各县（区）卫生健康局：\n"
        "现将《北湖市医疗联合体建设实施方案》印发给你们，请认真贯彻执行。\n")


def web(tmp_path: Path, traditional=False, page=PAGE) -> Path:
    return write_file(tmp_path, {"name": "网页.pdf", "format": "web-pdf", "page": page, "text": BODY,
                                 "traditional": traditional})


def test_the_furniture_is_found_and_the_box_read():
    lines = ["当前位置：首页 > 政务公开 > 通知公告", "索引号：001/2017-01 发文机关：北湖市卫生健康委员会",
             "成文日期：2017年5月10日", "关于印发方案的通知", "分享到：", "【打印本页】 【关闭窗口】"]
    blocks = [Block(t, "paragraph", Locator("x.pdf", page=1, line=i)) for i, t in enumerate(lines)]
    assert chrome(blocks) == {0, 4, 5}
    b = box(blocks)
    assert b.issuer() == "北湖市卫生健康委员会" and b.date().iso() == "2017-05-10"
    assert is_webpage(blocks)


def test_minimum_metadata_from_the_box_never_from_the_navigation(tmp_path):
    doc = read_bytes(web(tmp_path).read_bytes(), "网页.pdf")
    meta = extract(doc).meta
    assert meta.title == "北湖市卫生健康委员会关于印发北湖市医疗联合体建设实施方案的通知"
    assert meta.issuer == "北湖市卫生健康委员会"
    assert meta.date == "2017-05-10" and meta.doc_number == "北卫发〔2017〕8号"
    assert meta.kind == "方案"


def test_invariance_traditional_characters_keep_the_text_layer(tmp_path):
    doc = read_bytes(web(tmp_path, traditional=True).read_bytes(), "网页.pdf")
    assert doc.source == "pdf-text"
    assert extract(doc).meta.issuer == "北湖市卫生健康委员会"


def test_a_printed_policy_page_is_the_units_plan(tmp_path):
    spec = {"format": "web-pdf", "page": PAGE, "text": BODY}
    assert decide(tmp_path, "yilianti", 2017, CITY, {"网页.pdf": spec}, "1.1.1").status == "met"


def test_directional_another_citys_page_is_not_the_units(tmp_path):
    page = {**PAGE, "box": {**PAGE["box"], "发文机关": "南岭市卫生健康委员会"}}
    spec = {"format": "web-pdf", "page": page, "text": BODY.replace("北湖市卫生健康委员会关于", "关于")}
    assert decide(tmp_path, "yilianti", 2017, CITY, {"网页.pdf": spec}, "1.1.1").status != "met"


def cell(text, row, col, table=1):
    return Block(text, "table-cell", Locator("x.pdf", page=1, table=table, row=row, col=col))


def test_a_box_cell_with_no_value_takes_no_label_for_its_value():
    """索引号： | 0012 | 发布机构： (empty) / 文号： (empty) | 所属主题： | 政策文件: an empty value is
    no value, the label of the next cell is never one, and the whole box is furniture."""
    blocks = [Block("当前位置：首页 > 政务公开", "paragraph", Locator("x.pdf", page=1, line=1)),
              cell("索引号：", 1, 1), cell("0012/2024-17", 1, 2), cell("发布机构：", 1, 3),
              cell("生效日期：", 2, 1), cell("2024-10-31", 2, 2),
              cell("文号：", 3, 1), cell("所属主题：", 3, 3), cell("政策文件", 3, 4),
              Block("关于印发海湾州紧密型县域医共体建设实施方案的通知", "paragraph", Locator("x.pdf", page=1, line=5))]
    b = box(blocks)
    assert b.fields == {"索引号": "0012/2024-17", "生效日期": "2024-10-31"}
    assert b.issuer() is None and b.doc_number() is None and b.date().iso() == "2024-10-31"
    assert set(b.blocks) == set(range(1, 9))
    from pipeline.model import Document
    doc = Document("x.pdf", "0", "pdf-text", tuple(blocks))
    meta = extract(doc).meta
    assert meta.title == "关于印发海湾州紧密型县域医共体建设实施方案的通知" and meta.date == "2024-10-31"


def test_a_page_opening_with_a_sentence_has_no_title_line():
    """A news page that opens with its first sentence (日前，某区印发《…规划》…。) has no title;
    the short line after it is not promoted to one. A journal's running line is no sentence:
    the title after it is found."""
    lines = ["日前，东湾区印发《东湾区卫生健康事业发展“十四五”规划》，明确了七个方面的工作任务。", "根据规划到2025年",
             "到2025年，基本建成健康东湾。"]
    blocks = tuple(Block(t, "paragraph", Locator("x.docx", paragraph=i + 1)) for i, t in enumerate(lines))
    from pipeline.model import Document
    assert extract(Document("x.docx", "0", "docx", blocks)).meta.title != "根据规划到2025年"
    lines = ["中国卫生资源 2019, Vol. 22 Issue (6): 415-419 DOI: 10.13688/j.cnki.chr", "城市医疗联合体绩效考核现状、问题及对策分析",
             "陈多, 李芬"]
    blocks = tuple(Block(t, "paragraph", Locator("x.pdf", page=1, line=i + 1)) for i, t in enumerate(lines))
    assert extract(Document("x.pdf", "0", "pdf-text", blocks)).meta.title == "城市医疗联合体绩效考核现状、问题及对策分析"
