"""Add an unrelated file from the same unit to some case sources, as real folders carry them.

    python heldout/behaviour/tools/distractors.py

The added file is about another subject (quality inspection, infection-control committee,
public-health service, health-education week), so it changes no label; it only tests that
a reviewer (or the tool) does not cite it. Idempotent: a case that already has the file is left alone.
Run after tools/twin.py (twins copy their base's files, distractor included).
"""
from pathlib import Path

import yaml

import twin  # the YAML writer

SRC = Path(__file__).resolve().parents[1] / "src"


def duikou_support(c, u, y):
    s = u["支援医院"]
    no = f"{s[:2]}医办〔{y}〕{17 + sum(map(ord, c)) % 9}号"
    return {"name": "附件4.pdf", "format": "pdf", "text": f"""@mark {s}
@docno {no}
@title 关于做好{y}年度医疗质量安全检查迎检工作的通知
@to 各科室：
根据市卫生健康委员会工作安排，{y}年度全市医疗质量安全检查将于近期开展。为做好迎检工作，现就有关事项通知如下：
一、各科室对照医疗质量安全核心制度开展自查，重点检查首诊负责、三级查房、疑难病例讨论、危急值报告、手术安全核查等制度落实情况。
二、医务部、护理部、质控办组成院内督查组，于检查前对各科室进行全覆盖督查，发现问题限期整改。
三、各科室病历按要求归档，运行病历实行实时质控。
@right {s}医务部
@right {y}年9月12日
""", "_doc": {"kind": "通知", "title": f"关于做好{y}年度医疗质量安全检查迎检工作的通知", "issuer": s, "date": f"{y}-09-12", "doc_number": no}}


def duikou_recipient(c, u, y):
    r = u["受援医院"]
    return {"name": "佐证材料-其他.docx", "format": "docx", "text": f"""@title 关于调整医院感染管理委员会组成人员的通知
@to 院内各科室：
因人员变动，经院长办公会研究，决定调整医院感染管理委员会组成人员如下：
@left 主任委员：院长
@left 副主任委员：分管医疗副院长
@left 委　员：医务科、护理部、院感科、检验科、药剂科、总务科负责人及各临床科室主任
委员会下设办公室，设在院感科，负责医院感染监测、消毒隔离督查和医务人员院感知识培训等日常工作。委员会每季度召开一次会议，分析医院感染监测数据，研究解决院感管理中的问题。
@right {r}
@right {y}年3月2日
""", "_doc": {"kind": "通知", "title": "关于调整医院感染管理委员会组成人员的通知", "issuer": r, "date": f"{y}-03-02"}}


def yilianti_unit(c, u, y):
    g = u["行政部门"]
    place = g.replace("卫生健康委员会", "").replace("卫生健康局", "")
    return {"name": "附件6.pdf", "format": "pdf", "text": f"""@mark {g}文件
@title {g}关于做好{y}年国家基本公共卫生服务项目工作的通知
@to 各{'县（市、区）卫生健康局' if g.endswith('委员会') else '乡镇卫生院、社区卫生服务中心'}：
根据国家和省关于做好{y}年基本公共卫生服务项目工作的要求，现就{place}{y}年基本公共卫生服务项目工作通知如下：
一、{y}年人均基本公共卫生服务经费补助标准按国家规定执行，新增经费主要用于巩固现有项目、提高服务质量。
二、继续实施居民健康档案管理、健康教育、预防接种、0～6岁儿童健康管理、孕产妇健康管理、老年人健康管理、慢性病患者健康管理等服务项目。
三、各地要加强项目资金管理，严禁挤占挪用，按季度开展项目绩效评价。
@right {g}
@right {y}年8月15日
""", "_doc": {"kind": "通知", "title": f"{g}关于做好{y}年国家基本公共卫生服务项目工作的通知", "issuer": g, "date": f"{y}-08-15"}}


# which cases get which distractor (twins of a base get it through twin.py)
PLAN = {
    "B01-1a": duikou_support, "B01-1b": duikou_recipient,
    "B01-2a": yilianti_unit, "B01-3a": yilianti_unit,
    "B02-2a": duikou_support, "B02-2c": duikou_support, "B02-3c": yilianti_unit,
    "B03-1a": duikou_recipient, "B03-1b": duikou_support, "B03-2a": yilianti_unit,
    "B04-1b": yilianti_unit, "B04-2a": duikou_recipient, "B04-3b": duikou_support,
    "B05-1a": duikou_recipient, "B05-1c": duikou_recipient, "B05-3a": duikou_support, "B05-3c": duikou_support,
    "B06-1a": duikou_support, "B06-1c": duikou_support, "B06-1d": duikou_support,
    "B06-2a": duikou_recipient, "B06-3a": duikou_support, "B06-3c": duikou_support,
    "B07-1a": duikou_recipient, "B07-1c": duikou_recipient, "B07-2a": duikou_support,
    "B08-1a": yilianti_unit, "B08-2a": yilianti_unit, "B08-2b": yilianti_unit, "B08-2c": yilianti_unit,
    "B09-1a": yilianti_unit, "B09-1c": yilianti_unit, "B09-3a": yilianti_unit, "B09-3c": yilianti_unit,
    "B10-1a": yilianti_unit, "B10-2a": duikou_recipient, "B10-2c": duikou_recipient,
    "B11-1a": yilianti_unit, "B11-2a": duikou_recipient, "B12-1a": yilianti_unit, "B12-1c": yilianti_unit, "B12-1d": yilianti_unit,
}


def add(case, fn):
    p = SRC / f"{case}.yaml"
    head = p.read_text(encoding="utf-8").splitlines(True)[0]
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    spec = fn(case, data["units"], int(data["year"]))
    if any(f["name"] == spec["name"] for f in data["files"]):
        return False
    doc = spec.pop("_doc")
    data["files"].append(spec)
    data.setdefault("documents", []).append({"file": spec["name"], "expect_error": False, "kind": doc["kind"],
                                             "title": doc["title"], "doc_number": doc.get("doc_number"), "issuer": doc["issuer"],
                                             "date": doc["date"], "draft": False})
    text = yaml.dump(twin._mark(data), Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=4096)
    keep = head if head.startswith("#") else ""
    p.write_text(keep + text, encoding="utf-8")
    return True


if __name__ == "__main__":
    for case, fn in PLAN.items():
        print(case, "added" if add(case, fn) else "already there")
