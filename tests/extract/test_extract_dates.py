import pytest

from pipeline.text.dates import date_line, find_dates, parse_date


@pytest.mark.parametrize("text, iso, precision", [
    ("2017年6月12日", "2017-06-12", "day"),
    ("2017年6月12号", "2017-06-12", "day"),
    ("二〇一七年六月十二日", "2017-06-12", "day"),
    ("二○一七年六月十二日", "2017-06-12", "day"),
    ("二O一七年十二月三十一日", "2017-12-31", "day"),
    ("二零一七年十月二十日", "2017-10-20", "day"),
    ("二Ｏ一八年元月五日", "2018-01-05", "day"),
    ("2017.6.12", "2017-06-12", "day"),
    ("2017-06-12", "2017-06-12", "day"),
    ("2017/6/12", "2017-06-12", "day"),
    ("２０１７年６月１２日", "2017-06-12", "day"),
    ("2017 年 6 月 12 日", "2017-06-12", "day"),
    ("2017年6月", "2017-06", "month"),
    ("二〇一七年六月", "2017-06", "month"),
    ("2017年", "2017", "year"),
    ("二〇一六年", "2016", "year"),
    ("2016年2月29日", "2016-02-29", "day"),
])
def test_date_forms(text, iso, precision):
    d = parse_date(text)
    assert d is not None
    assert (d.iso(), d.precision) == (iso, precision)
    assert d.text == text and (d.start, d.end) == (0, len(text))


@pytest.mark.parametrize("text", ["2017年2月30日", "2017年13月1日", "2015年4月31日", "2017年2月29日",
                                  "二〇一七年二月三十日"])
def test_impossible_dates_are_rejected(text):
    assert find_dates(text) == []


def test_span_inside_a_sentence_quotes_exactly():
    text = "经研究，定于2017 年 6 月 12 日召开推进会。"
    (d,) = find_dates(text)
    assert text[d.start:d.end] == "2017 年 6 月 12 日" == d.text
    assert d.iso() == "2017-06-12"


def test_month_day_without_year_takes_default_year():
    (d,) = find_dates("十二月三十一日前完成")
    assert d.year is None and (d.month, d.day) == (12, 31) and d.iso() is None
    (d,) = find_dates("十二月三十一日前完成", default_year=2017)
    assert d.iso() == "2017-12-31"


def test_ranges_carry_their_end():
    (d,) = find_dates("时间：2015年4月14日至16日")
    assert d.iso() == "2015-04-14" and d.until.iso() == "2015-04-16" and d.last().text == "16日"
    (d,) = find_dates("挂职时间2015年3月至2016年2月。")
    assert d.iso() == "2015-03" and d.until.iso() == "2016-02"
    (d,) = find_dates("2017年6月28日—7月2日")
    assert d.until.iso() == "2017-07-02"


def test_numbers_that_are_not_dates():
    assert find_dates("北卫发〔2017〕9号") == []
    assert find_dates("第3.5条") == []
    assert find_dates("编号20170612") == []
    assert [d.iso() for d in find_dates("2015—2018年发展规划")] == ["2018"]


def test_several_dates_in_order():
    text = "2017年3月印发方案，6月12日召开推进会，二〇一七年十二月底前完成。"
    got = [(d.text, d.precision) for d in find_dates(text, default_year=2017)]
    assert got == [("2017年3月", "month"), ("6月12日", "day"), ("二〇一七年十二月", "month")]


@pytest.mark.parametrize("line, iso", [
    ("二〇一七年十二月五日", "2017-12-05"),
    ("2017 年 4 月 11 日", "2017-04-11"),
    ("  2017年6月19日\u3000\u3000", "2017-06-19"),
    ("（2017年6月12日）", "2017-06-12"),
])
def test_date_line(line, iso):
    d = date_line(line)
    assert d is not None and d.iso() == iso
    assert line[d.start:d.end] == d.text


@pytest.mark.parametrize("line", ["本制度自2015年1月起执行。", "2017年6月", "6月12日", "会议于2017年6月12日召开",
                                  "北卫发〔2017〕9号", ""])
def test_not_a_date_line(line):
    assert date_line(line) is None
