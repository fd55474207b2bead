"""A realistic results.json for each form, built from the rules (every item)."""
from __future__ import annotations

import copy

from pipeline.render.context import _rows
from pipeline.rulebook.loader import load_form
from pipeline.rulebook.schema import Form

YEARS = {"yilianti": 2017, "duikou": 2015}
UNITS = {
    "yilianti": {"行政部门": "北山市卫生和计划生育委员会"},
    "duikou": {"支援医院": "西岭市人民医院", "受援医院": "梅林县人民医院"},
}
HOSTILE = "<script>alert(1)</script>"
FIELD = "{ MERGEFIELD x }"
JINJA = "{{ x }}"

DOCUMENTS = [
    {"file": "A01-院办发2015-4号-领导小组.pdf", "sha256": "a" * 64, "kind": "通知",
     "title": "关于成立对口支援工作领导小组的通知", "doc_number": "西人医发〔2015〕4号",
     "issuer": "西岭市人民医院", "date": "2015-01-12", "draft": False, "error": None},
    {"file": "A03-实施方案（征求意见稿）.docx", "sha256": "b" * 64, "kind": "方案",
     "title": "2015年对口支援实施方案（征求意见稿）", "doc_number": None,
     "issuer": "西岭市人民医院", "date": "2015-02-03", "draft": True, "error": None},
    {"file": "资料包.zip/会议纪要.docx", "sha256": "c" * 64, "kind": "会议纪要",
     "title": "党政联席会议纪要", "doc_number": None, "issuer": None, "date": "2015-03-20",
     "draft": False, "error": None},
    {"file": "C06-空文档.docx", "sha256": "d" * 64, "kind": "其他", "title": None,
     "doc_number": None, "issuer": None, "date": None, "draft": False,
     "error": "文件“C06-空文档.docx”没有任何文字内容"},
]


def make_results(form_id: str, case: str = "测试案卷") -> dict:
    """Every item of the form with a spread of statuses, citations and figures."""
    year = YEARS[form_id]
    form: Form = load_form(form_id, year)
    items = []
    cycle = ["met", "partial", "not_met", "no_evidence", "met"]
    for n, (chain, item, cost) in enumerate(_rows(form)):
        if cost is not None:
            items.append({
                "id": cost.id, "indicator": cost.indicator, "type": "quantitative", "max": 0,
                "score": -20, "status": "not_met",
                "reason": "费用数据填写不完整（缺脑出血、剖宫产的数据），扣20分。",
                "citations": [], "bonus": 0, "self_score": None, "flags": [],
                "figures": {"县医院血液透析费用情况": {"次均医药费": 412, "新农合报销比例": "75%"},
                            "病毒性肝炎·住院病人人均费用": 6120, "病毒性肝炎·新农合报销比例": "68%"},
            })
            continue
        if item.type == "quantitative" and n % 4 == 3:
            status = "needs_data"
        else:
            status = cycle[n % len(cycle)]
        if item.bands:
            status = "partial"
        score: float | None
        if status == "met":
            score = item.max
        elif status == "partial":
            score = item.bands[1].points if item.bands else (item.partial_points or item.max / 2)
        elif status == "needs_data":
            score = None
        else:
            score = 0
        reason = {
            "met": "",
            "partial": f"仅部分符合要求（{item.indicator[:12]}），酌情扣分。",
            "not_met": "仅见征求意见稿，未见正式印发文件，不得分。",
            "no_evidence": "未找到相关佐证材料。",
            "needs_data": "未提供所需数据，无法计分。",
        }[status]
        citations = []
        if status in ("met", "partial", "not_met"):
            citations.append({"file": DOCUMENTS[0]["file"], "page": 1, "locator": "第3段",
                              "quote": "经院长办公会研究，决定成立对口支援工作领导小组，由院长任组长。"})
        if status == "not_met":
            citations.append({"file": DOCUMENTS[1]["file"], "page": None, "locator": "第1段",
                              "quote": "本方案为征求意见稿，拟于下半年正式印发。"})
        entry = {
            "id": item.id, "indicator": item.indicator, "type": item.type, "max": item.max,
            "score": score, "status": status, "reason": reason, "citations": citations,
            "bonus": 0, "self_score": item.max if n % 2 else None, "flags": [], "figures": {},
        }
        items.append(entry)
    results = {
        "schema": 1, "case": case, "form": form_id, "year": year,
        "documents": copy.deepcopy(DOCUMENTS), "items": items,
        "problems": [{"file": "C06-空文档.docx", "stage": "read",
                      "message": "文件“C06-空文档.docx”没有任何文字内容"}],
        "units": dict(UNITS[form_id]),
    }
    return results


def item(results: dict, iid: str) -> dict:
    return next(i for i in results["items"] if i["id"] == iid)


def final_total(results: dict) -> float:
    return sum((i["score"] or 0) + (i.get("bonus") or 0) for i in results["items"])
