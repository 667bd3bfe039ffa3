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

import pytest

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


def _start(tmp_path: Path) -> tuple[Path, int, subprocess.Popen[str]]:
    """`gongkai serve` started on a copy of the content: (content folder, port, the process)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--project", str(ROOT), "--content", str(content),
         "--cache", str(tmp_path / "cache"), "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    return content, port, process


@contextmanager
def _serving(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    """`gongkai serve` on a copy of the content: (content folder, the tables page's URL, the process)."""
    content, port, process = _start(tmp_path)
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


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc: no helper library needed)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_free(port: int) -> bool:
    try:
        with socket.create_server(("127.0.0.1", port)):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_searches_says_only_what_matters_and_leaves_nothing_behind(tmp_path: Path, stop: int) -> None:
    """Search works in the preview (the Pagefind index is served with the pages); the theme's end-of-life banner
    and mkdocs' 'dirty build' warning are not shown; on SIGTERM or SIGINT (to gongkai alone) the mkdocs server
    stops, the port is free again and the temporary folder is gone."""
    _, port, process = _start(tmp_path)
    try:
        base = f"http://127.0.0.1:{port}/"
        _until(base + TABLES, "部门收入总表", process)
        assert _fetch(base + "pagefind/pagefind.js") is not None
        entry = _fetch(base + "pagefind/pagefind-entry.json")
        assert entry is not None and '"languages"' in entry
        children = _children(process.pid)
        assert children, "no mkdocs server"
        commands = [Path(f"/proc/{c}/cmdline").read_bytes().split(b"\0") for c in children]
        config = next(Path(os.fsdecode(a[a.index(b"-f") + 1])) for a in commands if b"-f" in a)
        work = config.parent
        assert work.is_dir() and (work / "docs" / "pagefind").is_dir()
        os.kill(process.pid, stop)  # gongkai alone, as a service manager or `kill` does
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, output
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [c for c in children if _alive(c)], "the mkdocs server outlived gongkai serve"
    assert _port_free(port)
    assert not work.exists(), "the temporary folder was left behind"
    assert f"预览地址：http://127.0.0.1:{port}/" in output and "预览已停止" in output
    for noise in ("end of life", "Zensical", "dirty", "INFO", "Traceback", "已说明"):
        assert noise not in output, noise


def test_serve_on_a_busy_port_says_so_in_chinese_and_exits_2(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--project", str(ROOT), "--addr", f"127.0.0.1:{port}"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"地址 127.0.0.1:{port} 已被占用" in result.stderr and "--addr" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    bad = subprocess.run([sys.executable, "-m", "generator", "serve", "--addr", "localhost"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "主机:端口" in bad.stderr and "Traceback" not in bad.stderr
