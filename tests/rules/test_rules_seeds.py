"""The rules hold the official forms completely and verbatim (read from ../shared/seeds)."""
from __future__ import annotations

import pytest

from pipeline.rulebook.loader import iter_items, load_form

SEEDS = {"yilianti": "000_7857e1e921a17690.txt", "duikou": "001_2d45d0d822126a50.txt"}
WORD_ARTEFACTS = ("[bookmark: _GoBack]",)


def seed_lines(shared_dir, form_id: str) -> list[str]:
    text = (shared_dir / "seeds" / SEEDS[form_id]).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        for artefact in WORD_ARTEFACTS:
            line = line.replace(artefact, "")
        if line.strip():
            lines.append(line.strip())
    return lines


def rule_lines(form) -> set[str]:
    """Every line of every text value in the loaded form, stripped."""
    out: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            out.update(part.strip() for part in value.splitlines())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out.add(str(int(value)) if float(value).is_integer() else str(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(form.model_dump())
    return out


@pytest.mark.parametrize("form_id", sorted(SEEDS))
def test_every_seed_line_is_in_the_rules(shared_dir, form_id):
    form = load_form(form_id)           # printed year: the official words exactly
    have = rule_lines(form)
    missing = [line for line in seed_lines(shared_dir, form_id) if line not in have]
    assert missing == []


def test_every_indicator_and_method_is_a_seed_cell(shared_dir):
    """The other direction: no indicator or method text that the form does not print."""
    for form_id in SEEDS:
        seed = "\n".join(seed_lines(shared_dir, form_id))
        for _, item in iter_items(load_form(form_id)):
            assert item.indicator in seed, item.id
            for line in item.method.splitlines():
                assert line.strip() in seed, item.id


def test_year_words_follow_the_assessment_year():
    printed = {i.id: i.method for _, i in iter_items(load_form("duikou"))}
    assert printed["1.06"] == "抽查2014、2015年职称晋升人员到县医院支援经历"
    assert printed["1.15"] == "检查2010年以来获得国家临床重点专科的科室帮助县医院临床重点专科建设情况"
    later = {i.id: i.method for _, i in iter_items(load_form("duikou", year=2018))}
    assert later["1.06"] == "抽查2017、2018年职称晋升人员到县医院支援经历"
    assert later["1.16"] == "检查2018年接收受援医院人员进修情况，不满3人不得分"
    assert later["2.12"] == "2017年至少培训3人，少1人扣5分"
    assert later["1.15"] == printed["1.15"]          # 2010 stays absolute
    assert "2017年对口支援协议完成进度" in {f.key for f in load_form("duikou", year=2018).figures}


def test_totals_and_tiers_are_numbers():
    form = load_form("duikou")
    assert [s.declared_total for s in form.sections] == [300, 600, 100, 100]
    assert [s.declared_total for s in form.sections[0].sections] == [150, 150]
    items = {i.id: i for _, i in iter_items(form)}
    bands = [(b.label, b.low, b.high, b.points) for b in items["2.24"].bands]
    assert bands == [("500-1000", 500, 1000, 3), ("1000-1500", 1000, 1500, 5),
                     ("1500-2000", 1500, 2000, 8), ("大于2000", 2000, None, 10)]
    assert [(b.low, b.high, b.points) for b in items["2.36"].bands] == [
        (None, 8, 8), (8, 9, 6), (9, 10, 4), (10, None, 2)]
    assert [(b.low, b.high, b.points) for b in items["3.02"].bands] == [
        (None, 10, 50), (10, 20, 30), (20, 30, 20), (30, None, 0)]
    assert items["4.01"].max == 100 and items["4.01"].max_text == "100分"
    assert all(isinstance(i.max, float) for i in items.values())
    assert load_form("yilianti").full_marks == 100


def test_deductions_bonuses_and_cost_table():
    form = load_form("duikou")
    items = {i.id: i for _, i in iter_items(form)}
    assert items["2.15"].scoring.deduct.per == 1                 # 少一个科室扣1分
    figures = {f.key: f for f in form.figures}
    assert len(figures[items["2.15"].scoring.deduct.missing_of].choices) == 13
    assert items["2.16"].scoring.deduct.per == 2 and items["2.16"].max == 30
    assert items["2.12"].scoring.deduct.per == 5 and items["2.12"].scoring.deduct.required == 3
    assert items["2.13"].scoring.deduct.per == 4
    assert [b.points for b in items["1.21"].scoring.bonus] == [10]   # 省级以上媒体报道加10分
    assert [b.points for b in items["1.47"].scoring.bonus] == [10]   # 市级以上媒体报道加10分
    assert [level.points for level in items["4.01"].scoring.levels] == [100, 60, 30]
    table = form.sections[2].cost_table
    assert table.incomplete_deduction == 20 and len(table.diseases) == 20
    assert table.measures == ["住院病人人均费用", "新农合报销比例"]
    assert items["2.27"].method == "" and items["2.27"].method_merged


def test_yilianti_closing_list_and_types():
    form = load_form("yilianti")
    assert form.closing.heading == "为佐证上述自评结果，请提交以下材料（如已制定）："
    assert form.closing.lines[0] == "（1）医联体建设工作方案；" and len(form.closing.lines) == 5
    items = [i for _, i in iter_items(form)]
    assert len(items) == 42
    qualitative = {i.id for i in items if i.type == "qualitative"}
    # every （定性） item is decided from documents, and so are the document-checkable ones
    assert {i.id for i in items if "（定性）" in i.indicator} <= qualitative
    assert {"2.2.2", "2.2.4", "1.2.4"} <= qualitative
    assert all(i.typical_evidence and i.checks for i in items if i.type == "qualitative")
