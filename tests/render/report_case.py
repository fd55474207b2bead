"""A small real case laid out as `kaohe run` lays it out (inbox/<case>, outbox/<case>), run through
the command line, for the HTML report's tests: a zip holding a Word 方案 and a text PDF
with a cover page whose paragraph runs over a page break."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from pipeline.cli import cli
from scripts.docbuild import write_file

CASE = "北湖市医联体考核"
UNITS = {"行政部门": "北湖市卫生健康委员会"}
FILLER = "本段为规划的背景说明，介绍全市医疗资源分布和服务需求情况，供各单位参考。" * 3

FILES = [
    {"name": "材料/方案.zip", "format": "zip", "members": [{"name": "文件/01-方案.docx", "text": "\n".join([
        "@mark 北湖市卫生健康委员会文件", "@docno 北湖卫发〔2018〕12号",
        "@title 关于印发北湖市医疗联合体建设实施方案的通知", "@to 各区县卫生健康局：",
        "现将《北湖市医疗联合体建设实施方案》印发给你们，请认真贯彻执行。",
        "@right 北湖市卫生健康委员会", "@right 2018年3月5日"])}]},
    {"name": "02-规划.pdf", "text": "\n".join(
        ["@sub 北湖市医疗联合体建设文件汇编之二", "@break", "@mark 北湖市卫生健康委员会文件", "@docno 北湖卫发〔2018〕20号",
         "@title 北湖市医疗联合体网格化布局规划"]
        + [FILLER] * 11
        + ["经市政府常务会议研究同意，全市划分为东、西、南、北四个网格，每个网格由一家三级公立医院牵头组建城市医疗集团，"
           "统筹网格内的社区卫生服务中心和乡镇卫生院，形成适宜规模、功能互补的医联体网格化布局。"
           "各网格牵头医院于2018年6月底前完成组建工作。",
           "@right 北湖市卫生健康委员会", "@right 2018年4月2日"])},
]


def build(root: Path) -> dict:
    """Build ``root/inbox/<case>``, run `kaohe run` into ``root/outbox`` and return where things are."""
    folder = root / "inbox" / CASE
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(yaml.safe_dump({"form": "yilianti", "year": 2018, "units": UNITS},
                                                     allow_unicode=True), encoding="utf-8")
    for spec in FILES:
        write_file(folder, spec)
    result = CliRunner().invoke(cli, ["run", str(folder), "--out", str(root / "outbox"), "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = root / "outbox" / CASE
    return {"case": folder, "out": out, "report": next(out.glob("佐证核查报告_*.html")),
            "results": json.loads((out / "results.json").read_text(encoding="utf-8"))}
