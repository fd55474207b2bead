"""Write a directional twin of a case source: the same files with a few exact text changes.

    python heldout/behaviour/tools/twin.py heldout/behaviour/tools/twins.yaml

twins.yaml is a list of
    - base: B01-1a            # src/<base>.yaml
      case: B01-1c
      writer: ...             # optional, else the base's
      rename: {old file name: new file name}     # optional
      replace:                # (file name after rename) -> list of [old, new]; each old must occur exactly once
        某文件.docx: [[旧句子, 新句子], ...]
      items: [...]            # the twin's own labels (required)
      documents: [...]        # optional; default: the base's documents with renamed files
The twin is written as a complete source src/<case>.yaml (no reference back to the base).
"""
import copy
import sys
from pathlib import Path

import yaml

SRC = Path(__file__).resolve().parents[1] / "src"


class Lit(str):
    pass


def _lit(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


yaml.add_representer(Lit, _lit, Dumper=yaml.SafeDumper)


def _mark(obj):
    if isinstance(obj, dict):
        return {k: _mark(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mark(v) for v in obj]
    if isinstance(obj, str) and "\n" in obj:
        return Lit(obj)
    return obj


def _apply(spec, changes, used):
    """Replace inside a file spec's text (and zip members' texts, sheets' cells)."""
    if "text" in spec and spec["text"]:
        for k, (old, new) in enumerate(changes):
            n = spec["text"].count(old)
            if n:
                if n != 1:
                    raise SystemExit(f"{spec['name']}: {old!r} occurs {n} times")
                spec["text"] = spec["text"].replace(old, new)
                used.add(k)
    for m in spec.get("members") or []:
        _apply(m, changes, used)
    if "sheets" in spec:
        for name, rows in spec["sheets"].items():
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    for k, (old, new) in enumerate(changes):
                        if isinstance(cell, str) and old in cell:
                            row[c] = cell = cell.replace(old, new)
                            used.add(k)
    if "page" in spec:
        for k, (old, new) in enumerate(changes):
            page_y = yaml.safe_dump(spec["page"], allow_unicode=True)
            if old in page_y:
                spec["page"] = yaml.safe_load(page_y.replace(old, new))
                used.add(k)


def make(tw):
    base = yaml.safe_load((SRC / f"{tw['base']}.yaml").read_text(encoding="utf-8"))
    out = copy.deepcopy(base)
    out["case"] = tw["case"]
    if tw.get("writer"):
        out["writer"] = tw["writer"]
    for key in ("year", "units", "note"):
        if key in tw:
            out[key] = tw[key]
    rename = tw.get("rename") or {}
    for spec in out["files"]:
        if spec["name"] in rename:
            spec["name"] = rename[spec["name"]]
    for fname, changes in (tw.get("replace") or {}).items():
        spec = next((s for s in out["files"] if s["name"] == fname), None)
        if spec is None:
            raise SystemExit(f"{tw['case']}: no file {fname}")
        used = set()
        _apply(spec, changes, used)
        missing = [changes[k][0] for k in range(len(changes)) if k not in used]
        if missing:
            raise SystemExit(f"{tw['case']}: {fname}: not found: {missing}")
    if "drop_files" in tw:
        out["files"] = [s for s in out["files"] if s["name"] not in tw["drop_files"]]
    if "add_files" in tw:
        out["files"] += tw["add_files"]
    out["items"] = tw["items"]
    if "documents" in tw:
        out["documents"] = tw["documents"]
    else:
        docs = copy.deepcopy(base.get("documents") or [])
        for d in docs:
            d["file"] = rename.get(d["file"], d["file"])
        for d in docs:
            d.update((tw.get("doc_updates") or {}).get(d["file"], {}))
        out["documents"] = [d for d in docs if d["file"] in {s["name"] for s in out["files"]}]
    text = yaml.dump(_mark(out), Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=4096)
    head = f"# directional twin of {tw['base']}, written by tools/twin.py from tools/twins.yaml\n"
    (SRC / f"{tw['case']}.yaml").write_text(head + text, encoding="utf-8")
    print("wrote", tw["case"])


if __name__ == "__main__":
    for tw in yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8")):
        make(tw)
