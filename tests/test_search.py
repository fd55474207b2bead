"""`kaohe search`: words across every file of a case, from the index the read cache fills."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import KaoheError

from .evaluate.case_builder import docx
from .readers.pdf_fixtures import render_text_image, scanned_pdf


def _docx_bytes(tmp: Path, lines: list[str]) -> bytes:
    return docx(tmp, "member.docx", lines).read_bytes()


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> Path:
    """inbox/ with two cases; the first holds a zip member and a scanned page."""
    root = tmp_path_factory.mktemp("search")
    inbox = root / "inbox"
    one, two = inbox / "东江案例", inbox / "西岭案例"
    for case in (one, two):
        case.mkdir(parents=True)
        (case / "case.yaml").write_text("form: duikou\nyear: 2018\n", encoding="utf-8")
    docx(one, "01-方案.docx", ["关于建立双向转诊制度的通知",
                               "我院与青石县人民医院建立双向转诊制度。专家每周到县医院坐诊一次。",
                               "远程会诊平台于2018年建成。"])
    docx(one, "02-总结.docx", ["2018年工作总结", "全年派出专家12人次，开展远程会诊120例。"])
    scratch = root / "scratch"
    scratch.mkdir()
    member = _docx_bytes(scratch, ["帮扶记录", "心内科进修医生三名已返岗。"])
    with zipfile.ZipFile(one / "03-材料.zip", "w") as zf:
        zf.writestr("进修/记录.docx", member)
    image = render_text_image(["对口支援工作会议纪要", "会议决定设立胸痛中心。"])
    (one / "04-扫描件.pdf").write_bytes(scanned_pdf([image]))
    docx(two, "01-别的.docx", ["西岭专家下乡义诊。", "双向转诊另行安排。"])
    return inbox


def kaohe(cache: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env={"KAOHE_CACHE_DIR": str(cache), **(env or {})},
                              catch_exceptions=False)


def found(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]


@pytest.fixture(scope="module")
def cache(cases, tmp_path_factory) -> Path:
    """A cache that `kaohe read` has filled for both cases (the reviewer ran the case first)."""
    directory = tmp_path_factory.mktemp("cache")
    for case in sorted(cases.iterdir()):
        result = kaohe(directory, "read", str(case))
        assert result.exit_code == 0, result.output
    return directory


def test_three_or_more_characters_go_through_the_index_ranked(cases, cache):
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "双向转诊", "--json"))
    assert sorted((h["file"], h["locator"]) for h in hits) == [("01-方案.docx", "第1段"), ("01-方案.docx", "第2段")]
    sentence = next(h for h in hits if h["locator"] == "第2段")["sentence"]
    assert sentence == "我院与青石县人民医院建立双向转诊制度。"          # the sentence, not the paragraph
    assert hits[0]["score"] >= hits[-1]["score"]
    assert all(h["sentence"][s:e] == "双向转诊" for h in hits for s, e in h["spans"])


def test_two_and_one_character_terms_are_found(cases, cache):
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "专家", "--json"))
    assert {h["sentence"] for h in hits} == {"专家每周到县医院坐诊一次。", "全年派出专家12人次，开展远程会诊120例。"}
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "县", "--json"))
    assert {h["sentence"] for h in hits} == {"我院与青石县人民医院建立双向转诊制度。", "专家每周到县医院坐诊一次。"}
    assert all(h["case"] == "东江案例" for h in hits)                 # the other case's 专家 is not shown


def test_every_term_must_occur_in_the_sentence(cases, cache):
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "专家", "远程会诊", "--json"))
    assert [h["sentence"] for h in hits] == ["全年派出专家12人次，开展远程会诊120例。"]
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "专家 坐诊", "--json"))   # one quoted argument
    assert [h["sentence"] for h in hits] == ["专家每周到县医院坐诊一次。"]
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "县", "坐诊", "--json"))   # short terms only
    assert [h["sentence"] for h in hits] == ["专家每周到县医院坐诊一次。"]


def test_a_zip_member_and_an_ocr_scan_are_searched(cases, cache):
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "进修医生", "--json"))
    assert [(h["file"], h["sentence"]) for h in hits] == [("03-材料.zip/进修/记录.docx", "心内科进修医生三名已返岗。")]
    hits = found(kaohe(cache, "search", str(cases / "东江案例"), "胸痛中心", "--json"))
    assert [(h["file"], h["page"]) for h in hits] == [("04-扫描件.pdf", 1)]
    assert "胸痛中心" in hits[0]["sentence"] and hits[0]["locator"].startswith("第1页")


def test_an_absent_term_says_so_in_chinese(cases, cache):
    result = kaohe(cache, "search", str(cases / "东江案例"), "血液透析")
    assert result.exit_code == 1
    assert "未找到" in result.output and "“血液透析”" in result.output and "5 个文件" in result.output          # the zip and its member count
    result = kaohe(cache, "search", str(cases / "东江案例"), "专家", "血液透析")
    assert result.exit_code == 1 and "同时含有“专家”“血液透析”" in result.output


def test_the_inbox_searches_every_case(cases, cache):
    hits = found(kaohe(cache, "search", str(cases), "双向转诊", "--json"))
    assert {h["case"] for h in hits} == {"东江案例", "西岭案例"}
    text = kaohe(cache, "search", str(cases), "义诊")
    assert text.exit_code == 0 and "西岭案例：01-别的.docx" in text.output and "2 个案例" in text.output


def test_limit_and_the_terminal_lines(cases, cache):
    result = kaohe(cache, "search", str(cases / "东江案例"), "专家", "--limit", "1")
    assert result.exit_code == 0
    assert result.output.count("专家") >= 2 and "找到 2 处“专家”，显示前 1 处" in result.output
    assert len(found(kaohe(cache, "search", str(cases / "东江案例"), "专家", "--limit", "1", "--json"))) == 1
    coloured = kaohe(cache, "search", str(cases / "东江案例"), "坐诊", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert "\x1b[1;7m坐诊\x1b[0m" in coloured.output                 # the hit highlighted


def test_a_warm_case_is_searched_without_reading(cases, cache, monkeypatch):
    import pipeline.search as search

    def no_reading(*args, **kwargs):
        raise AssertionError("the warm case was read again")

    monkeypatch.setattr(search, "read_case", no_reading)
    assert found(kaohe(cache, "search", str(cases / "东江案例"), "坐诊", "--json"))


def test_a_new_file_is_read_and_found(tmp_path):
    case = tmp_path / "案例"
    case.mkdir()
    docx(case, "01.docx", ["开展家庭医生签约服务。"])
    cache = tmp_path / "cache"
    assert found(kaohe(cache, "search", str(case), "签约", "--json"))        # cold: read, then searched
    docx(case, "02.docx", ["家庭医生团队入户随访。"])
    hits = found(kaohe(cache, "search", str(case), "家庭医生", "--json"))
    assert {h["file"] for h in hits} == {"01.docx", "02.docx"}
    (case / "01.docx").unlink()
    assert {h["file"] for h in found(kaohe(cache, "search", str(case), "家庭医生", "--json"))} == {"02.docx"}


def test_an_index_missing_from_an_older_cache_is_built_from_the_cache(tmp_path, monkeypatch):
    case = tmp_path / "案例"
    case.mkdir()
    docx(case, "01.docx", ["牵头医院成立医联体理事会。"])
    cache = tmp_path / "cache"
    assert kaohe(cache, "read", str(case)).exit_code == 0
    db = sqlite3.connect(cache / "read-cache.sqlite3")
    with db:
        for table in ("search_rows", "search_docs", "search_cases"):
            db.execute(f"DELETE FROM {table}")
    db.close()
    import pipeline.readcase as readcase

    def no_reader(singles, batch, *args, **kwargs):
        if singles or batch:
            raise AssertionError("a cached file was read again")

    monkeypatch.setattr(readcase, "_run_tasks", no_reader)
    assert [h["sentence"] for h in found(kaohe(cache, "search", str(case), "理事会", "--json"))] == [
        "牵头医院成立医联体理事会。"]


def test_names_cannot_send_escape_sequences_and_no_cache_still_searches(tmp_path):
    case = tmp_path / "案例"
    case.mkdir()
    docx(case, "坏\x1b[31m名.docx", ["远程心电诊断中心投入使用。"])
    unusable = tmp_path / "not-a-folder"
    unusable.write_text("x")                       # the cache directory cannot be made: no cache
    result = kaohe(unusable, "search", str(case), "心电", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert result.exit_code == 0, result.output
    assert "\x1b[31m" not in result.output and "\\x1b[31m名.docx" in result.output
    assert "缓存" in result.output                  # said why it read without one


def test_usage_messages(cases, cache, tmp_path):
    with pytest.raises(KaoheError, match="请给出要查找的关键词"):
        kaohe(cache, "search", str(cases / "东江案例"))
    with pytest.raises(KaoheError, match="找不到案例文件夹"):
        kaohe(cache, "search", str(tmp_path / "没有这个" / "案例"), "专家")
