import pytest

from pipeline.extract.document import extract
from pipeline.extract.figures import find_figures

from .extract_helpers import make_doc


def figs(text):
    return [(f.label, f.value, f.unit, f.unit_kind) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("重点人群签约率达到62.3%", [("重点人群签约率", 62.3, "%", "percent")]),
    ("家庭医生签约覆盖率为35％", [("家庭医生签约覆盖率", 35.0, "％", "percent")]),
    ("全年下派医师12人次，开展新技术7项", [("下派医师", 12.0, "人次", "count"), ("开展新技术", 7.0, "项", "count")]),
    ("成员单位共9家", [("成员单位", 9.0, "家", "count")]),
    ("每月生活补助1200元", [("每月生活补助", 1200.0, "元", "money")]),
    ("投入专项资金350万元", [("投入专项资金", 350.0, "万元", "money")]),
    ("转诊办结时限不超过3个工作日", [("转诊办结时限", 3.0, "个工作日", "days")]),
    ("每批派驻时间不少于6个月", [("每批派驻时间", 6.0, "个月", "months")]),
    ("技术协作收入按4:6分配", [("技术协作收入", 4 / 6, ":", "ratio")]),
    ("上转患者312例，下转146例", [("上转患者", 312.0, "例", "count"), ("下转", 146.0, "例", "count")]),
])
def test_figures_with_labels(text, expected):
    got = figs(text)
    assert [(a, pytest.approx(b), c, d) for a, b, c, d in got] == expected


def test_numbers_in_dates_doc_numbers_and_ordinals_are_not_figures():
    assert figs("根据临卫发〔2016〕8号文件，2017年6月12日召开第3次会议") == []


def test_span_relation_and_modality():
    text = "2017年签约率为41.5%，下一步力争签约率达到60%。"
    a, b = find_figures(text)
    assert text[a.start:a.end] == "41.5%" and a.relation == "为" and a.modality == "neutral"
    assert (b.label, b.value, b.relation, b.modality) == ("签约率", 60.0, "达到", "planned")


def test_figures_carry_block_locators():
    ev = extract(make_doc(["2018年工作总结", "全年累计派出专家坐诊860人次。", "某医院", "2018年12月28日"]))
    (lf,) = ev.figures
    assert lf.figure.value == 860 and lf.figure.unit == "人次" and lf.loc.paragraph == 2
    assert lf.figure.modality == "done"
