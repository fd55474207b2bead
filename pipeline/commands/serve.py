"""`kaohe serve [OUTBOX]`: the review workbench in the browser (pipeline.serve)."""
from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

import click

from ..errors import KaoheError

OUTBOX = Path("outbox")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command(name="serve", epilog="""
\b
示例：
  kaohe serve                  打开 outbox/ 的评审工作台
  kaohe serve outbox --port 8800
  kaohe serve --host 0.0.0.0 --token 口令12345678
                               供局域网中的其他电脑访问（须设口令）
""")
@click.argument("outbox", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址；默认只允许本机访问。")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), metavar="端口",
              help="端口；0 表示自动选择。")
@click.option("--token", default="", help="访问口令：每个请求都须携带；监听本机以外的地址时必须设置。")
def command(outbox: Path | None, host: str, port: int, token: str) -> None:
    """启动本机的评审工作台：逐项查看核查结论和引用页面（引文高亮），在浏览器中填写终审得分和评审意见，保存到 review.xlsx 并在后台重新出表。"""
    outbox = outbox or OUTBOX
    if not outbox.is_dir():
        raise KaoheError(f"找不到输出文件夹：{outbox}（请先运行 kaohe run）")
    loopback = is_loopback(host)
    if not loopback and not token:
        raise KaoheError(f"监听本机以外的地址（{host}）会让局域网中的其他人看到佐证材料：请同时用 --token 设置访问口令")
    if token and len(token) < 8:
        raise KaoheError("访问口令至少需要 8 个字符")
    import socket

    import uvicorn

    from ..serve.app import create_app
    allowed = ("127.0.0.1", "localhost", "[::1]") if loopback else ()
    app = create_app(outbox, token or None, allowed_hosts=allowed)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)                 # the printed address answers at once (requests wait in the backlog)
    except OSError as exc:
        raise KaoheError(f"无法监听 {host}:{port}（{exc.strerror or exc}）：请换一个端口（--port）") from None
    real_port = sock.getsockname()[1]
    shown = host if loopback or host not in ("0.0.0.0", "::") else socket.gethostname()
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{real_port}/"
    if token:
        from urllib.parse import quote
        url += f"?token={quote(token)}"
    click.echo(f"评审工作台已启动：{url}")
    click.echo(f"案例文件夹：{outbox.resolve()}；按 Ctrl-C 停止")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
