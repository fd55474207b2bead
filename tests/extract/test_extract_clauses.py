import pytest

from pipeline.text.clauses import classify, split_clauses


def mods(text):
    return [(c.text, c.modality) for c in split_clauses(text)]


def test_scope_is_the_clause():
    assert mods("已出台方案，下一步将制定细则") == [("已出台方案", "done"), ("下一步将制定细则", "planned")]


@pytest.mark.parametrize("text", ["尚未出台远程医疗收费标准", "下一步将制定双向转诊制度"])
def test_the_issue_sentences_are_never_done(text):
    (clause,) = split_clauses(text)
    assert clause.modality != "done"
    assert clause.modality == ("negated" if text.startswith("尚未") else "planned")


def test_offsets_quote_verbatim():
    text = "目前远程医疗价格尚待省物价部门核定，暂未出台收费标准；各医联体暂不向患者收费。"
    cs = split_clauses(text)
    assert [c.modality for c in cs] == ["planned", "negated", "negated"]
    for c in cs:
        assert text[c.start:c.end] == c.text
    assert [c.sentence for c in cs] == [0, 0, 1]


def test_piece_without_cue_shares_the_clause():
    assert mods("计划2018年建成区域影像中心，届时开展远程诊断") == [
        ("计划2018年建成区域影像中心", "planned"), ("届时开展远程诊断", "planned")]
    assert mods("如遇节假日，顺延至下一工作日") == [("如遇节假日，顺延至下一工作日", "conditional")]
    assert mods("为加强基层医疗服务能力，已组建专家团队下沉坐诊") == [
        ("为加强基层医疗服务能力", "neutral"), ("已组建专家团队下沉坐诊", "done")]


@pytest.mark.parametrize("text, modality", [
    ("医院无偿提供场地和设备", "neutral"),          # 无 inside 无偿
    ("手术器械无菌包装", "neutral"),
    ("未来三年将建成5个紧密型医联体", "planned"),     # 未来 is not 未
    ("已将其纳入年度绩效考核", "done"),              # 将其 after a done verb
    ("现将实施方案印发给你们", "done"),              # 现将 … 印发: disposal 将
    ("按照年度工作计划开展培训", "neutral"),          # 计划 as a noun
    ("区卫生和计划生育局牵头", "neutral"),            # 计划生育
    ("计划明年在全县推开", "planned"),
    ("派驻人员原有福利待遇不变", "neutral"),          # 待遇 is not 待
    ("待市政府审定后实施", "planned"),
    ("区域信息平台仍在建设之中", "planned"),
    ("病历还不能在医联体内互相调阅", "negated"),
    ("三家成员单位均已签订协议", "done"),
    ("未经科室同意不得擅自离岗", "conditional"),
    ("若需延长进修时间，须提前一个月申请", "conditional"),
    ("擅自离岗：无", "negated"),
    ("若干意见已经印发", "done"),                    # 若干 is not 若
    ("如期完成了全年任务", "done"),                  # 如期 is not 如
    ("目前尚无统一的收费标准", "negated"),
    ("预计2018年6月上线", "planned"),
    ("力争年底前覆盖全部乡镇", "planned"),
    ("拟于下半年召开推进会", "planned"),
    ("我院将康复期病人转回乡镇卫生院", "neutral"),    # disposal 将 in a rule
    ("本办法自印发之日起施行", "done"),
])
def test_tricky_cues(text, modality):
    assert classify(text)[0] == modality


def test_cues_are_reported_with_offsets():
    text = "双向转诊制度尚未出台"
    (c,) = split_clauses(text)
    words = [(x.word, text[x.start:x.end]) for x in c.cues]
    assert ("尚未", "尚未") in words
    assert c.modality == "negated"


def test_line_breaks_end_sentences():
    assert mods("一、已成立领导小组\n二、下一步将开展督导") == [("一、已成立领导小组", "done"),
                                                        ("二、下一步将开展督导", "planned")]
