"""A hostile or broken 指标数据.xlsx is a problem in the results, never a traceback or a leak."""
from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.readers import budget
from pipeline.rulebook.loader import load_form
from pipeline.run import run_case
from tests.data.data_helpers import Filler

from .helpers import SECRET, assert_nothing_outside, make_case, secret_outside

DATA = "xl/worksheets/sheet2.xml"          # the template's 指标数据 sheet


def workbook(case: Path) -> Path:
    f = Filler(load_form("duikou", 2016), 2016, case / "指标数据.xlsx")
    f.set("受援医院人员到支援医院进修培训人数", this=12)
    f.save()
    return case / "指标数据.xlsx"


def rewrite(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = change(parts[part])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def xxe(outside: Path):
    def change(xml: bytes) -> bytes:
        dtd = f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{outside / "passwd.txt"}">]>'
        return dtd.encode() + xml.replace(b"<sheetData>", b'<sheetData><row r="999"><c r="A999" t="inlineStr">'
                                                         b"<is><t>&x;</t></is></c></row>", 1)
    return change


def laughs(xml: bytes) -> bytes:
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>').encode() + xml.replace(
        b"<sheetData>", b'<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&a9;</t></is></c></row>', 1)


def million_rows(xml: bytes) -> bytes:
    rows = "".join(f'<row r="{r}"><c r="Z{r}"><v>{r}</v></c></row>' for r in range(1000, 1_001_000))
    return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


def score(case: Path, tmp_path: Path, render: bool = False) -> dict:
    started = time.monotonic()
    run = run_case(case, tmp_path / "out", progress=False, cache=False, render=render)
    run.results["seconds"] = time.monotonic() - started
    return run.results


def data_problems(results: dict) -> list[str]:
    return [p["message"] for p in results["problems"] if p["stage"] == "data"]


def test_external_entity_is_refused_and_the_target_never_appears(tmp_path):
    case = make_case(tmp_path)
    outside = secret_outside(tmp_path)
    rewrite(workbook(case), DATA, xxe(outside))
    results = score(case, tmp_path, render=True)
    assert data_problems(results)[0].startswith(
        "指标数据表“指标数据.xlsx”中的“xl/worksheets/sheet2.xml”含有 DTD 或实体声明")
    assert {i["status"] for i in results["items"] if i["type"] == "quantitative"} == {"needs_data"}
    assert_nothing_outside(tmp_path / "out")


def test_entity_expansion_is_refused(tmp_path):
    case = make_case(tmp_path)
    rewrite(workbook(case), DATA, laughs)
    results = score(case, tmp_path)
    assert "含有 DTD 或实体声明" in data_problems(results)[0]
    assert results["seconds"] < 60


def test_corrupt_and_truncated_workbooks(tmp_path):
    case = make_case(tmp_path)
    path = workbook(case)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert data_problems(score(case, tmp_path))[0].startswith("指标数据表“指标数据.xlsx”无法打开（已损坏或不是 .xlsx 文件）")
    path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    assert data_problems(score(case, tmp_path))[0].startswith("指标数据表“指标数据.xlsx”无法打开")
    rewrite(workbook(case), DATA, lambda xml: xml[: len(xml) // 2])         # XML cut in the middle
    problems = data_problems(score(case, tmp_path))
    assert problems == ["指标数据表“指标数据.xlsx”读取时出错（ParseError），已损坏或格式异常，定量指标均列为待补充数据；"
                        "请提供用本系统模板（kaohe data-template）填写的 .xlsx 文件"]


def test_a_huge_workbook_is_refused_by_size(tmp_path):
    case = make_case(tmp_path)
    path = workbook(case)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/image1.bin", os.urandom(budget.MAX_DATA_BYTES + 1024))
    problems = data_problems(score(case, tmp_path))
    assert problems[0].startswith("指标数据表“指标数据.xlsx”大小为 20 MB，超过 20 MB 的上限，未读取")


def test_a_million_row_sheet_is_read_up_to_the_limit(tmp_path):
    case = make_case(tmp_path)
    rewrite(workbook(case), DATA, million_rows)
    results = score(case, tmp_path)
    assert f"指标数据表“指标数据.xlsx”的工作表“指标数据”超过 {budget.MAX_DATA_ROWS} 行，只读取了前 " \
           f"{budget.MAX_DATA_ROWS} 行" in data_problems(results)
    item = next(i for i in results["items"] if i.get("figures") and "受援医院人员到支援医院进修培训人数" in json.dumps(i["figures"], ensure_ascii=False))
    assert item["status"] != "needs_data"               # the unit's real rows, at the top, are read
    assert results["seconds"] < 120


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_workbook_that_is_a_link_or_a_fifo_is_not_opened(tmp_path, kind):
    case = make_case(tmp_path)
    outside = secret_outside(tmp_path)
    if kind == "symlink":
        os.symlink(outside / "passwd.txt", case / "指标数据.xlsx")
        expected = "指标数据表“指标数据.xlsx”是符号链接，不是普通文件，未读取"
    else:
        os.mkfifo(case / "指标数据.xlsx")
        expected = "指标数据表“指标数据.xlsx”是命名管道（FIFO），不是普通文件，未读取"
    results = score(case, tmp_path)
    assert data_problems(results)[0].startswith(expected)
    assert SECRET not in json.dumps(results, ensure_ascii=False)
