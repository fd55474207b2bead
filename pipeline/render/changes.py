"""The report's "what changed" part (results["changes"], see pipeline.compare): the model the
HTML partial templates/html/_changes.html.j2 shows, and the same rows in the report .docx."""
from __future__ import annotations

from ..compare import STATUS_NAMES, final_news, heading
from .docx_build import Writer
from .files import xml_text

HEADER_FILL = "DDE5F0"


def _score(value) -> str:
    return "—" if value is None else f"{value:g}"


def changes_model(changes: dict | None) -> dict | None:
    """Plain strings for the report; None when there is nothing to say (a first run)."""
    if not isinstance(changes, dict):
        return None
    if not changes.get("compared"):
        message = changes.get("message")
        if not message or changes.get("first_run"):
            return None
        return {"heading": "与上次核查的比较" if changes.get("against") == "previous" else "与其他案例的比较",
                "message": xml_text(message), "rows": [], "total": "", "files": [], "indicators": [],
                "unchanged": False}
    rows = []
    for m in changes.get("items") or []:
        before, after = m.get("before") or {}, m.get("after") or {}
        rows.append({
            "id": xml_text(m.get("id")), "indicator": xml_text(m.get("indicator")),
            "status_before": STATUS_NAMES.get(before.get("status"), xml_text(before.get("status") or "—")),
            "status_after": STATUS_NAMES.get(after.get("status"), xml_text(after.get("status") or "—")),
            "status_key": after.get("status") or "missing",
            "score": f"{_score(before.get('score'))} → {_score(after.get('score'))}",
            "final": (f"{_score(before.get('final'))} → {_score(after.get('final'))}"
                      if final_news(m) else ""),
        })
    total = changes.get("total") or {}
    tb, ta = total.get("before") or {}, total.get("after") or {}
    total_text = f"建议总分 {_score(tb.get('score'))} → {_score(ta.get('score'))}"
    if tb.get("final") is not None and ta.get("final") is not None and \
            (tb.get("final"), ta.get("final")) != (tb.get("score"), ta.get("score")):
        total_text += f"；终审总分 {_score(tb.get('final'))} → {_score(ta.get('final'))}"
    files = []
    for key, label in (("added", "新增的文件"), ("removed", "删除的文件"), ("changed", "内容有变化的文件")):
        names = (changes.get("files") or {}).get(key) or []
        if names:
            files.append({"label": label, "names": [xml_text(n) for n in names]})
    items = [{"label": label, "ids": [xml_text(i) for i in changes.get(key)]}
             for key, label in (("only_after", "本次新有的指标"), ("only_before", "本次没有的指标"))
             if changes.get(key)]
    return {"heading": heading(changes), "message": xml_text(changes.get("message") or ""), "rows": rows,
            "total": total_text, "files": files, "indicators": items,
            "unchanged": not rows and not files and not items and tb == ta}


def changes_docx(w: Writer, model: dict | None) -> None:
    """The same part in the report .docx: a heading line, the total, one table row per moved item."""
    if not model:
        return
    w.paragraph(model["heading"], bold=True)
    if model["message"]:
        w.paragraph(model["message"], colour="8A5A00")
    if model["total"]:
        w.paragraph(model["total"] + ("；各项状态与得分均无变化。" if model["unchanged"] else "。"))
    if model["rows"]:
        widths = [1.6, 7.4, 2.6, 2.6, 1.4, 1.4]
        t = w.table(widths)
        t.text_row(["指标", "内容", "原状态", "现状态", "建议得分", "终审得分"], header=True, size=9, fill=HEADER_FILL)
        for r in model["rows"]:
            t.text_row([r["id"], r["indicator"], r["status_before"], r["status_after"], r["score"], r["final"]],
                       size=9, centre={0, 2, 3, 4, 5})
    for f in model["files"] + [{"label": i["label"], "names": i["ids"]} for i in model["indicators"]]:
        w.paragraph(f"{f['label']}（{len(f['names'])}）：" + "、".join(f["names"]), size=9.5)
    w.paragraph()
