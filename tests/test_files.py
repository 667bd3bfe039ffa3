"""Reading content: only regular files inside the content tree are read. Symlinks leading out (of a page, a
filing, a region folder, site.yaml), devices, FIFOs and sockets are refused with a message at the file, reads are
bounded while reading, and nothing of what lies outside reaches a page, the search sources or the cache key."""

from __future__ import annotations

import os
import socket
import stat
import time
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.load.nodes import read_file
from generator.pipeline import run

from .test_hostile import SMALL_FILING, write_content

SECRET = "GONGKAI_TEST_SECRET=s3cr3t-token-4711"


def _content(tmp_path: Path) -> tuple[Path, Path]:
    """A valid content tree and, beside it (outside it), a folder holding a secret and a whole region."""
    content = tmp_path / "content"
    write_content(content)
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("# 关于\n\n本站说明。\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# 秘密\n\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(SMALL_FILING.replace("示例项目", SECRET), encoding="utf-8")
    return content, outside


def _everything(tmp_path: Path, content: Path) -> tuple[str, list[Diagnostic]]:
    """All the text a build would publish (pages, their search bodies, extracts) and every problem found."""
    result = run(content, tmp_path, jobs=1, cache=tmp_path / "cache")
    assert result.rendered is not None
    text = "\n".join(f"{p.path}\n{p.title}\n{p.text}\n{p.body}" for p in result.rendered.pages)
    text += "\n".join(s for _, s in result.rendered.files if isinstance(s, str))
    return text, result.found


def _refused(found: list[Diagnostic], file: str) -> bool:
    return any(d.code == "YAML005" and d.span.file == file and d.span.line == 1 for d in found)


def test_a_page_linked_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    content, outside = _content(tmp_path)
    (content / "pages" / "env.md").symlink_to(outside / "secret.md")
    (content / "pages" / "environ.md").symlink_to("/proc/self/environ")
    os.environ["GONGKAI_TEST_SECRET"] = "s3cr3t-token-4711"
    try:
        text, found = _everything(tmp_path, content)
    finally:
        del os.environ["GONGKAI_TEST_SECRET"]
    assert "s3cr3t" not in text
    assert _refused(found, "content/pages/env.md") and _refused(found, "content/pages/environ.md"), found
    assert any("符号链接" in d.message for d in found)
    assert "本站说明" in text, "the regular page next to them is still published"
    checked = run(content, tmp_path, render=False, jobs=1).found  # `gongkai check` reports them too
    assert _refused(checked, "content/pages/env.md") and _refused(checked, "content/pages/environ.md")
    assert sum(d.span.file == "content/pages/env.md" for d in found) == 1, "reported once"


def test_a_filing_or_region_folder_linked_outside_is_refused(tmp_path: Path) -> None:
    content, outside = _content(tmp_path)
    (content / "demo" / "demo-unit" / "2024-budget.yaml").symlink_to(outside / "secret.yaml")
    elsewhere = outside / "region"
    write_content(elsewhere)  # a whole region, reached through a symlinked folder
    (elsewhere / "demo" / "demo-unit" / "2022-budget.yaml").write_text(SMALL_FILING.replace("示例项目", SECRET))
    (content / "linked").symlink_to(elsewhere / "demo", target_is_directory=True)
    text, found = _everything(tmp_path, content)
    assert "s3cr3t" not in text
    assert _refused(found, "content/demo/demo-unit/2024-budget.yaml"), found
    assert _refused(found, "content/linked/region.yaml"), found
    assert _refused(found, "content/linked/demo-unit/2022-budget.yaml"), found


def test_site_yaml_linked_outside_is_refused(tmp_path: Path) -> None:
    content, outside = _content(tmp_path)
    (outside / "site.yaml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    (content / "site.yaml").unlink()
    (content / "site.yaml").symlink_to(outside / "site.yaml")
    text, found = _everything(tmp_path, content)
    assert "s3cr3t" not in text
    assert _refused(found, "content/site.yaml"), found


def test_a_symlink_that_stays_inside_the_content_is_read(tmp_path: Path) -> None:
    content, _ = _content(tmp_path)
    (content / "pages" / "about-again.md").symlink_to(content / "pages" / "about.md")
    text, found = _everything(tmp_path, content)
    assert not [d for d in found if d.code == "YAML005"], found
    assert text.count("本站说明") >= 2


def test_devices_fifos_and_sockets_are_refused_without_waiting(tmp_path: Path) -> None:
    """A FIFO would block an ordinary open() until a writer comes; /dev/zero would fill memory if the limit
    trusted stat() (which says 0 bytes). Devices need root to make; the FIFO and socket are always tested."""
    content, _ = _content(tmp_path)
    pages, unit = content / "pages", content / "demo" / "demo-unit"
    os.mkfifo(pages / "fifo.md")
    os.mkfifo(unit / "2024-budget.yaml")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(pages / "socket.md"))
    made = ["content/pages/fifo.md", "content/pages/socket.md", "content/demo/demo-unit/2024-budget.yaml"]
    if os.geteuid() == 0:
        os.mknod(pages / "zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
        os.mknod(unit / "2025-budget.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        made += ["content/pages/zero.md", "content/demo/demo-unit/2025-budget.yaml"]
    (content / "pages" / "urandom.md").symlink_to("/dev/urandom")
    made.append("content/pages/urandom.md")
    start = time.perf_counter()
    try:
        _, found = _everything(tmp_path, content)
    finally:
        server.close()
    assert time.perf_counter() - start < 60
    for file in made:
        assert _refused(found, file), (file, [d.as_text() for d in found])


def test_reads_are_bounded_while_reading(tmp_path: Path) -> None:
    """The limit is counted on the bytes read, not on what stat() says: /proc files say 0 bytes."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 101)
    data, found = read_file(big, "big.yaml", tmp_path, limit=100)
    assert data is None and "过大" in found[0].message
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a" * 100)
    assert read_file(exact, "exact.yaml", tmp_path, limit=100) == (b"a" * 100, [])
    status = Path("/proc/self/status")
    if status.exists():
        assert status.stat().st_size == 0
        data, found = read_file(status, "status", Path("/proc/self"), limit=10)
        assert data is None and "过大" in found[0].message, found


@pytest.mark.parametrize("target", ["/etc/hostname", "../../outside/secret.yaml"])
def test_read_file_refuses_links_out_of_the_tree(tmp_path: Path, target: str) -> None:
    content, _ = _content(tmp_path)
    link = content / "demo" / "x.yaml"
    link.symlink_to(target)
    data, found = read_file(link, "x.yaml", content)
    assert data is None and "符号链接" in found[0].message
