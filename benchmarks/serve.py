"""Benchmark the review workbench (`kaohe serve`): page images and item pages over real HTTP.

    .venv/bin/python benchmarks/serve.py [--case inbox/示例-医联体] [--repeat 5]

The case is copied to a temp folder and run once with `kaohe run --no-cache`; its outbox
is served by uvicorn on a free loopback port, with an empty page cache. Measured, in one run:

  cold image     GET of each cited text-PDF page image, nothing cached (pypdfium2 render + PNG)
  cached image   the same pages again (read from the cache by content hash)
  cold Word      the first page image of each cited .docx/.doc (one LibreOffice conversion each)
  cold item      the first GET of every item page (quotes located, Word files converted)
  cached item    every item page again, ``--repeat`` times

Targets (issue 14): a cached item page under 100 ms, a cold page image under 300 ms.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def get(url: str) -> tuple[float, bytes]:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as r:
        body = r.read()
    return time.perf_counter() - t, body


def ms(values: list[float]) -> str:
    if not values:
        return "—"
    v = sorted(values)
    return f"median {statistics.median(v) * 1000:7.1f} ms  max {v[-1] * 1000:7.1f} ms  (n={len(v)})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", type=Path, default=ROOT / "inbox" / "示例-医联体")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kaohe-bench-serve-"))
    try:
        inbox = work / "inbox" / args.case.name
        shutil.copytree(args.case, inbox)
        subprocess.run([str(Path(sys.executable).with_name("kaohe")), "-q", "run", str(inbox), "--out", str(work / "outbox"),
                        "--no-cache"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        import uvicorn

        from pipeline.serve.app import create_app
        from pipeline.serve.pages import PageStore
        app = create_app(work / "outbox", store=PageStore(work / "pages"))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        case = app.outbox.cases()[0]
        view = case.view()
        docs = view.documents
        index = {str(d["file"]): n for n, d in enumerate(docs)}
        pdf_pages, word_docs = set(), set()
        for v in view.items:
            for c in v.citations:
                n = index.get(str(c.get("file")))
                if n is None:
                    continue
                if str(c["file"]).lower().endswith(".pdf") and isinstance(c.get("page"), int):
                    pdf_pages.add((n, c["page"]))
                elif str(c["file"]).lower().endswith((".docx", ".doc", ".wps")):
                    word_docs.add(n)
        cold_img = [get(f"{base}/c/{case.id}/d/{n}/{p}.png")[0] for n, p in sorted(pdf_pages)]
        cached_img = [get(f"{base}/c/{case.id}/d/{n}/{p}.png")[0] for n, p in sorted(pdf_pages)]
        cold_word = [get(f"{base}/c/{case.id}/d/{n}/1.png")[0] for n in sorted(word_docs)]
        items = [f"{base}/c/{case.id}/i/{v.id}" for v in view.items]
        cold_item = [get(u)[0] for u in items]
        cached_item = [get(u)[0] for _ in range(args.repeat) for u in items]
        _, page = get(items[0])
        boxes = len(re.findall(r'class="hl"', page.decode("utf-8")))
        server.should_exit = True
        thread.join(10)
        print(f"案例 {args.case.name}：{len(view.items)} 项，引用的 PDF 页 {len(pdf_pages)} 个，Word 文件 {len(word_docs)} 个")
        print(f"cold image    {ms(cold_img)}   target < 300 ms")
        print(f"cached image  {ms(cached_img)}   ratio cold/cached "
              f"{statistics.median(cold_img) / statistics.median(cached_img):.1f}x")
        print(f"cold Word     {ms(cold_word)}   (LibreOffice conversion, once per file)")
        print(f"cold item     {ms(cold_item)}")
        print(f"cached item   {ms(cached_item)}   target < 100 ms")
        print(f"first item page: {boxes} highlight boxes")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
