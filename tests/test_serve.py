"""`gongkai serve`: the live preview picks up an edited filing without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .conftest import CONTENT, ROOT

TABLES = "xunwu/xunwu-sbfwzx/2023/tables/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _until(url: str, wanted: str, process: subprocess.Popen[str], seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        page = _fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}")


@contextmanager
def _serving(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    """`gongkai serve` on a copy of the content: (content folder, the tables page's URL, the process)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--project", str(ROOT), "--content", str(content),
         "--cache", str(tmp_path / "cache"), "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        yield content, f"http://127.0.0.1:{port}/{TABLES}", process
    finally:
        os.killpg(process.pid, signal.SIGINT)  # gongkai stops its mkdocs server on Ctrl-C
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_serve_shows_an_edited_filing_without_restarting(tmp_path: Path) -> None:
    with _serving(tmp_path) as (content, url, process):
        before = _until(url, "部门收入总表", process)
        assert "部门收入总表（更正）" not in before
        filing = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
        text = filing.read_text(encoding="utf-8")
        assert "    title: 部门收入总表\n" in text
        filing.write_text(text.replace("    title: 部门收入总表\n", "    title: 部门收入总表（更正）\n", 1),
                          encoding="utf-8")
        _until(url, "部门收入总表（更正）", process)  # the same server process, not restarted


def test_serve_rebuilds_every_page_when_the_navigation_changes(tmp_path: Path) -> None:
    """mkdocs serve runs with --dirty (only changed pages are rebuilt); a new region changes the navigation
    that every page shows, so a page whose own text did not change must show it too."""
    with _serving(tmp_path) as (content, url, process):
        assert "新设县" not in _until(url, "部门收入总表", process)
        (content / "xinshe").mkdir()
        (content / "xinshe" / "region.yaml").write_text(
            'region:\n  code: "369901"\n  slug: xinshe\n  name: 新设县\n  organisations:\n'
            '    - id: xinshe-czj\n      name: 新设县财政局\n      role: department\n      code: "101"\n',
            encoding="utf-8")
        _until(url, "新设县", process)  # in the navigation of a page whose own Markdown did not change
