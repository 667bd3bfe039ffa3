"""本地预览 (``gongkai serve``): the docs tree regenerated on every edit, ``mkdocs serve`` showing it with the
Pagefind index built into it, the server's output cut down to what a clerk can act on, and everything it
started or wrote gone when it stops (Ctrl-C or SIGTERM)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import IO

from generator.render import Rendered
from generator.site import finish_pagefind, start_pagefind, write_search_sources

_NOISE = (
    re.compile(r"^INFO\b"),  # building, built in, watching paths, detected changes: the server's own progress
    re.compile(r"A 'dirty' build is being performed"),  # serve rebuilds only changed pages on purpose
    re.compile(r"\u2502|NO_MKDOCS_2_WARNING|^\s*$"),  # the theme's end-of-life banner, should it still show
)
_SERVING = re.compile(r"Serving on (\S+)")
_BUSY = re.compile(r"Address already in use|Errno 98", re.IGNORECASE)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class PreviewError(Exception):
    """A reason the preview cannot start (the message is for the clerk)."""


def parse_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise PreviewError(f"监听地址“{addr[:60]}”应写成 主机:端口，例如 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before anything is started."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        taken = exc.errno in (98, 48, 10048)  # EADDRINUSE on Linux, macOS, Windows
        reason = "已被占用（可能另一个预览还在运行）" if taken else f"无法使用（{exc.strerror}）"
        raise PreviewError(f"地址 {host}:{port} {reason}；请先停止占用它的程序，或用 --addr {host}:{port + 1} "
                           "换一个端口") from None


def show(line: str) -> str | None:
    """What of a line of mkdocs' output a clerk should see (None: nothing)."""
    plain = _COLOUR.sub("", line).rstrip()
    serving = _SERVING.search(plain)
    if serving:
        return f"预览地址：{serving.group(1)}（修改内容文件后页面自动刷新；按 Ctrl+C 停止）"
    if _BUSY.search(plain):
        return None  # reported by the caller in Chinese
    if any(p.search(plain) for p in _NOISE):
        return None
    return plain


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM ends the preview as Ctrl-C does (the ``finally`` clauses stop the server and clean up)."""
    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _relay(stream: IO[str], busy: threading.Event) -> None:
    for line in stream:
        if _BUSY.search(line):
            busy.set()
        shown = show(line)
        if shown is not None:
            print(shown, flush=True)


def _stop(process: subprocess.Popen[str] | subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Search:
    """The Pagefind index of the preview, written into the docs tree (``docs/pagefind``), where mkdocs serves it
    from; rebuilt in the background after each edit."""

    def __init__(self, work: Path) -> None:
        self.sources, self.bundle = work / "search", work / "docs" / "pagefind"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, rendered: Rendered) -> None:
        _stop(self.process)
        write_search_sources(rendered, self.sources)
        self.process = start_pagefind(self.sources, self.bundle)

    def finish(self) -> None:
        """Report a finished indexing run that failed (the search page then finds nothing new)."""
        process = self.process
        if process is None or process.poll() is None:
            return
        self.process = None
        try:
            finish_pagefind(process)
        except Exception as exc:
            print(f"gongkai serve：搜索索引没有更新，预览中的搜索仍是上一次的结果：{exc}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        _stop(self.process)


def serve(project: Path, addr: str, regenerate: Callable[[Path], Rendered | None], changed: Callable[[], bool],
          search: bool = True) -> int:
    """Run the preview until Ctrl-C or SIGTERM: ``regenerate(work)`` brings the docs tree in ``work`` up to date
    (and returns what it rendered), ``changed()`` says whether the content changed since it was last asked."""
    host, port = parse_addr(addr)
    check_port(host, port)
    work = Path(tempfile.mkdtemp(prefix="gongkai-serve-"))
    server: subprocess.Popen[str] | None = None
    index = Search(work)
    try:
        with _stopped_by_sigterm():
            rendered = regenerate(work)
            if search and rendered is not None:
                index.start(rendered)  # the first index before the server starts: search works from the start
                if index.process is not None:
                    index.process.wait()
                index.finish()
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the theme's end-of-life banner: nothing to act on
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dirty", "-a", addr,
                 "-f", str(work / "mkdocs.yml")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                env=env)
            busy = threading.Event()
            assert server.stdout is not None
            relay = threading.Thread(target=_relay, args=(server.stdout, busy), daemon=True)
            relay.start()
            while server.poll() is None:
                time.sleep(1)
                index.finish()
                if changed():
                    print("内容已修改，重新生成……", flush=True)
                    rendered = regenerate(work)
                    if search and rendered is not None:
                        index.start(rendered)
            relay.join(timeout=5)
            if busy.is_set():
                raise PreviewError(f"地址 {addr} 已被占用；请用 --addr 换一个端口")
            print(f"gongkai serve：预览服务器意外退出（退出码 {server.returncode}）", file=sys.stderr)
            return 1
    finally:
        _stop(server)
        index.stop()
        shutil.rmtree(work, ignore_errors=True)
