"""The workbench's web application (Starlette): pages rendered on the server, one small script.

Routes (every case and file named by id, never by a path from the request):

    GET  /                          the summary across the outbox's cases
    GET  /c/{case}                  a case: items by section, status filter and search
    GET  /c/{case}/i/{item}         an item: finding, decision form, cited pages with the quote's boxes
    POST /c/{case}/i/{item}         save 终审得分 / 评审意见 into review.xlsx (CSRF token required)
    GET  /c/{case}/d/{doc}/{page}.png   a cited page image (doc = index in results.json's documents)
    GET  /c/{case}/render           the background re-rendering's state (JSON)
    GET  /static/...                the stylesheet and the two scripts

Security: text is escaped by jinja2's autoescape; a POST carries a per-server CSRF token
and, when it has an Origin, the same origin; with ``token`` (required by ``kaohe serve``
for any address but loopback) every request carries it, as ``?token=`` once (then a
cookie) or the ``X-Kaohe-Token`` header; only the Host names given are answered (DNS
rebinding); responses forbid framing and other origins' scripts.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import KaoheError
from ..render.context import STATUS_NAMES, fmt
from ..render.links import Linker
from ..render.report import COLOURS, HTML_DIR, report_model
from ..review import Cells
from .cases import Case, Outbox
from .pages import CONVERTED, PageStore, file_bytes, sha256

COOKIE = "kaohe_token"
HEADER = "x-kaohe-token"
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
STATIC = {"filter.js": ("filter.js", "text/javascript"), "workbench.js": ("workbench/workbench.js", "text/javascript")}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HTML_DIR)), autoescape=True)
    return env


class Workbench:
    def __init__(self, outbox: Path, token: str | None = None, store: PageStore | None = None,
                 allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")) -> None:
        self.outbox = Outbox(outbox)
        self.token = token or None
        self.store = store or PageStore()
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)
        self.csrf = secrets.token_urlsafe(24)
        self.env = _environment()
        self.messages: dict[str, tuple[float, list[dict]]] = {}
        self._warmed: set[str] = set()
        self._hashes: dict[tuple[str, str], tuple[tuple, str, str]] = {}   # file -> (stat stamp, sha256, note)
        self.static = {name: ((HTML_DIR / path).read_bytes(), kind) for name, (path, kind) in STATIC.items()}
        css = self.env.get_template("workbench/workbench.css.j2").render(colours=COLOURS)
        self.static["workbench.css"] = (css.encode("utf-8"), "text/css")
        routes = [
            Route("/", self.summary),
            Route("/static/{name}", self.static_file),
            Route("/c/{cid}", self.case_page),
            Route("/c/{cid}/render", self.render_state),
            Route("/c/{cid}/i/{iid}", self.item_page, methods=["GET"]),
            Route("/c/{cid}/i/{iid}", self.save, methods=["POST"]),
            Route("/c/{cid}/d/{doc:int}/{page:int}.png", self.page_image),
        ]
        self.app = Starlette(routes=routes)

    # ---- the ASGI entry: security first ----------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        refused = self._refuse(request)
        if refused is not None:
            return await self._send(refused, scope, receive, send)
        if self.token and request.query_params.get("token"):
            # the token typed once in the address: keep it in a cookie, take it out of the address
            query = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode()) if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
            return await self._send(response, scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if k.encode() not in have:
                        headers.append((k.encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, send_with_headers)

    async def _send(self, response: Response, scope, receive, send) -> None:
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        await response(scope, receive, send)

    def _refuse(self, request: Request) -> Response | None:
        host = (request.headers.get("host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if self.allowed_hosts and name not in self.allowed_hosts:
            return _error(400, f"不接受主机名“{name}”的请求：请用 kaohe serve 打印的地址打开")
        if self.token:
            given = request.query_params.get("token") or request.headers.get(HEADER) or request.cookies.get(COOKIE) or ""
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return _error(403, "缺少或错误的访问令牌：请使用 kaohe serve 打印的完整地址（含 token）打开")
        if request.method not in ("GET", "HEAD", "POST"):
            return _error(405, "不支持的请求方法")
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host:
                return _error(403, "拒绝来自其他网站的提交")
        return None

    # ---- pages ----------------------------------------------------------------------
    def _html(self, name: str, request: Request, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("base", "")
        return HTMLResponse(self.env.get_template(f"workbench/{name}").render(**context), status_code=status)

    async def static_file(self, request: Request) -> Response:
        got = self.static.get(request.path_params["name"])
        if got is None:
            return _error(404, "没有这个文件")
        return Response(got[0], media_type=got[1])

    async def summary(self, request: Request) -> Response:
        from ..summary import row_of
        rows, skipped = [], []
        for case in self.outbox.cases():
            try:
                row, _ = row_of(case.results(), "")
                view = case.view()
            except KaoheError as exc:
                skipped.append(f"案例“{case.name}”未能读取：{exc}")
                continue
            rows.append({"id": case.id, "case": row.case, "units": row.units, "form": row.form, "year": row.year or "",
                         "proposed": fmt(row.proposed), "final": fmt(view.total), "maximum": fmt(row.maximum),
                         "counts": row.counts, "reviewed": sum(1 for v in view.items if v.reviewed),
                         "problems": row.problems})
        return self._html("summary.html.j2", request, rows=rows, skipped=skipped,
                          statuses=list(STATUS_NAMES.items()), outbox=str(self.outbox.root))

    def _case(self, request: Request) -> Case:
        case = self.outbox.get(request.path_params["cid"])
        if case is None:
            raise _NotFound("没有这个案例（可能已被移走）：请回到汇总页重新选择")
        return case

    async def case_page(self, request: Request) -> Response:
        try:
            case = self._case(request)
            r = report_model(case.view())
        except _NotFound as exc:
            return _error(404, str(exc))
        except KaoheError as exc:
            return _error(500, str(exc))
        self._warm(case)
        return self._html("case.html.j2", request, r=r, cid=case.id, render=case.render)

    def _warm(self, case: Case) -> None:
        """Convert the case's cited Word/WPS files in the background, once, so their item pages open quickly."""
        if case.id in self._warmed:
            return
        self._warmed.add(case.id)
        view = case.view()
        cited = {str(c.get("file")) for v in view.items for c in v.citations}
        wanted = [n for n, d in enumerate(view.documents)
                  if str(d.get("file")) in cited and Path(str(d.get("file"))).suffix.lower() in CONVERTED]

        def work() -> None:
            for n in wanted:
                try:
                    self._pdf(case, view, n)
                except Exception:  # noqa: BLE001 - the item page converts (and says why not) itself
                    pass
        threading.Thread(target=work, name=f"kaohe-warm-{case.id}", daemon=True).start()

    async def render_state(self, request: Request) -> Response:
        try:
            case = self._case(request)
        except _NotFound as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)
        rd = case.render
        return JSONResponse({"state": rd.state, "message": rd.message, "started": rd.started, "finished": rd.finished})

    async def item_page(self, request: Request, messages: list[dict] | None = None, status: int = 200,
                        typed: dict | None = None) -> Response:
        try:
            case = self._case(request)
            view = case.view()
        except _NotFound as exc:
            return _error(404, str(exc))
        except KaoheError as exc:
            return _error(500, str(exc))
        iid = request.path_params["iid"]
        ids = [v.id for v in view.items]
        if iid not in ids:
            return _error(404, f"本案例没有编号为“{iid}”的指标")
        k = ids.index(iid)
        v = view.items[k]
        from ..render.report import _item
        it = _item(view, v)
        if messages is None:
            messages = self._take_messages(request.query_params.get("m", ""))
        loaded = case.cells(iid)               # what the file holds now: the next save compares with it
        cells = Cells(typed["score"], typed["note"]) if typed else loaded
        method = v.item.method if v.item is not None else ""
        cites = [self._cite(case, view, c, shown) for c, shown in zip(v.citations, it["citations"])]
        return self._html("item.html.j2", request, status=status, it=it, cid=case.id, case=view.case, cells=cells, loaded=loaded,
                          csrf=self.csrf, prev=ids[k - 1] if k else "", next=ids[k + 1] if k + 1 < len(ids) else "",
                          method=method, low=fmt(v.proposal.low), high=fmt(v.proposal.high), cites=cites,
                          messages=messages, render=case.render)

    def _cite(self, case: Case, view, c: dict, shown: dict) -> dict:
        """One citation as the page shows it: the text (as the report), the page image and the quote's boxes."""
        out = dict(shown)
        out.update(image="", boxes=[], how="", note="", shown_page=None, pages=0)
        file = str(c.get("file") or "")
        docs = view.documents
        index = next((n for n, d in enumerate(docs) if str(d.get("file")) == file), None)
        if index is None or not view.case_dir:
            out["note"] = "该文件不在本案例的文件清单中，无法显示页面"
            return out
        located = self._pdf(case, view, index)
        if isinstance(located, str):
            out["note"] = located
            return out
        pdf, sha, changed = located
        page = c.get("page") if isinstance(c.get("page"), int) else None
        h = self.store.highlight(pdf, sha, page, str(c.get("quote") or ""))
        if h.page is None:
            out["note"] = "该文件没有可显示的页面"
            return out
        out.update(image=f"/c/{case.id}/d/{index}/{h.page}.png", boxes=h.boxes, how=h.how,
                   note="；".join(x for x in (changed, h.note) if x), shown_page=h.page, pages=h.pages)
        return out

    def _pdf(self, case: Case, view, index: int):
        """(the PDF showing document ``index``, its content hash, a note) or a Chinese reason why none."""
        d = view.documents[index]
        file = str(d.get("duplicate_of") or d.get("file") or "")
        linker = Linker(view.case_dir, case.folder, view.documents)
        target, member = linker.split(file)
        stamp = _stamp(Path(view.case_dir), target)
        known = self._hashes.get((view.case_dir, file))
        if known is not None and stamp is not None and known[0] == stamp:
            sha = known[1]
            pdf = self.store.cached_pdf(sha)
            if pdf is not None:                    # shown before and unchanged: no need to read it again
                return pdf, sha, known[2]
        data = file_bytes(Path(view.case_dir), target, member)
        if data is None:
            return f"找不到佐证文件“{file}”（可能已被移走或改名），无法显示页面"
        sha = sha256(data)
        changed = "" if not d.get("sha256") or d.get("sha256") == sha else \
            "注意：该文件在核查之后已被改动，显示的是现在的内容"
        pdf, problem = self.store.pdf_of(member or target, data, sha)
        if pdf is None:
            return problem
        if stamp is not None:
            self._hashes[(view.case_dir, file)] = (stamp, sha, changed)
        return pdf, sha, changed

    async def page_image(self, request: Request) -> Response:
        try:
            case = self._case(request)
            view = case.view()
        except _NotFound as exc:
            return _error(404, str(exc))
        index, page = request.path_params["doc"], request.path_params["page"]
        if not 0 <= index < len(view.documents) or not view.case_dir:
            return _error(404, "没有这个文件")
        located = self._pdf(case, view, index)
        if isinstance(located, str):
            return _error(404, located)
        pdf, sha, _ = located
        png = self.store.image(pdf, sha, page)
        if png is None:
            return _error(404, "没有这一页")
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=3600"})

    # ---- saving ---------------------------------------------------------------------
    async def save(self, request: Request) -> Response:
        form = await request.form()
        if not hmac.compare_digest(str(form.get("csrf") or "").encode(), self.csrf.encode()):
            return _error(403, "提交缺少有效的校验码（CSRF），未保存：请刷新页面后重新填写")
        try:
            case = self._case(request)
        except _NotFound as exc:
            return _error(404, str(exc))
        iid = request.path_params["iid"]
        typed = {"score": str(form.get("score") or "").strip(), "note": str(form.get("note") or "")}
        loaded = Cells(str(form.get("loaded_score") or ""), str(form.get("loaded_note") or ""))
        try:
            saved = case.decide(iid, typed["score"], typed["note"], loaded)
        except KaoheError as exc:
            return await self.item_page(request, [{"kind": "error", "text": str(exc)}], status=409, typed=typed)
        msgs = []
        if saved.written:
            msgs.append({"kind": "ok", "text": f"已保存到 review.xlsx（{'、'.join(saved.written)}），正在后台重新生成考核表和报告"})
        elif not saved.merged:
            msgs.append({"kind": "ok", "text": "与评审表中的内容相同，无需保存"})
        for m in saved.merged:
            msgs.append({"kind": "merged", "text": "已合并表格中的修改：" + m})
        key = secrets.token_urlsafe(8)
        now = time.time()
        self.messages = {k: v for k, v in self.messages.items() if now - v[0] < 600}
        self.messages[key] = (now, msgs)
        return RedirectResponse(f"/c/{case.id}/i/{iid}?m={key}", status_code=303)

    def _take_messages(self, key: str) -> list[dict]:
        got = self.messages.pop(key, None) if key else None
        return got[1] if got else []


def _stamp(case_dir: Path, target: str) -> tuple | None:
    """(size, mtime, inode) of a case's file on disk, None when it is not a file inside the case folder."""
    root = case_dir.resolve()
    path = (root / target).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    st = path.stat()
    return (st.st_size, st.st_mtime_ns, st.st_ino)


class _NotFound(Exception):
    pass


def _error(status: int, message: str) -> HTMLResponse:
    from markupsafe import escape
    body = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>kaohe 评审工作台</title></head>'
            f'<body><p class="error">{escape(message)}</p><p><a href="/">返回汇总页</a></p></body></html>')
    return HTMLResponse(body, status_code=status)


def create_app(outbox: Path, token: str | None = None, store: PageStore | None = None,
               allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")) -> Workbench:
    return Workbench(outbox, token, store, allowed_hosts)
