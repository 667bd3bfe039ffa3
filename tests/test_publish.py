"""Publishing the site: ``--out`` never names the project's own folders or a folder that is not a gongkai site;
the new site replaces the old one with one rename, so that a build killed at any step leaves the previous site
whole; two builds at once leave one complete site; what an interrupted build left is cleared by the next."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.publish import KILL_AT, MARKER, SITES, store

from .conftest import ROOT, run_gongkai
from .test_hostile import REGION_YAML, no_traceback, tree, write_content


def _project(tmp_path: Path) -> Path:
    """A project of its own (config, theme, and folders named like the repository's), so that a refusal that
    failed could not harm the real one."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    for name in (".git", "generator", "tests", "scripts"):
        (project / name).mkdir()
        (project / name / "keep.txt").write_text("keep\n", encoding="utf-8")
    write_content(project / "content")
    return project


def _build(project: Path, out: Path, *extra: str, env: dict[str, str] | None = None,
           content: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "build", "--project", str(project), "--out", str(out),
               "--no-search", "--content", str(content or project / "content"), *extra]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})})


REFUSED = ["content", "content/demo", "content/demo/new", "theme", "theme/x", ".git", "generator", "tests",
           "scripts", ".", "..", "other", "file.txt", f"{SITES}/site"]


@pytest.mark.parametrize("where", REFUSED)
def test_out_is_refused_where_it_would_destroy_something(tmp_path: Path, where: str) -> None:
    project = _project(tmp_path)
    (project / "other").mkdir()
    (project / "other" / "notes.txt").write_text("不是网站\n", encoding="utf-8")
    (project / "file.txt").write_text("x\n", encoding="utf-8")
    before = tree(tmp_path)
    result = _build(project, project / where)
    no_traceback(result)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "输出目录" in result.stderr and "请换一个输出目录" in result.stderr, result.stderr
    assert tree(tmp_path) == before, "a refused build changed files"


def test_out_may_be_new_empty_or_a_previous_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for out in (project / "site", tmp_path / "empty", tmp_path / "deep" / "new"):
        if out.name == "empty":
            out.mkdir()
        result = _build(project, out)
        assert result.returncode == 0, result.stdout + result.stderr
        assert out.is_symlink() and (out / MARKER).is_file() and (out / "demo" / "index.html").is_file()
    old = tmp_path / "old-layout"  # a site of a gongkai before symlinks: a folder with the marker
    shutil.copytree(project / "site", old)
    assert not old.is_symlink()
    assert _build(project, old).returncode == 0
    assert old.is_symlink() and (old / "index.html").is_file()
    legacy = tmp_path / "before-markers"  # a site of a gongkai before markers: known by its extract schema
    shutil.copytree(project / "site", legacy)
    (legacy / MARKER).unlink()
    assert _build(project, legacy).returncode == 0 and legacy.is_symlink()


def _demo_site(text: str) -> str:
    return REGION_YAML.replace("name: 示例县", f"name: {text}")


STEPS = ["locked", "written", "mkdocs-done", "files-placed", "built", "linked", "published"]


def test_a_kill_at_any_step_leaves_a_complete_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = project / "site"
    assert _build(project, out).returncode == 0
    old = tree(out)
    content = tmp_path / "edited"
    write_content(content, region=_demo_site("改过的县"))
    reference = tmp_path / "reference"
    assert _build(project, reference, content=content).returncode == 0
    new = tree(reference)
    assert old != new
    for step in STEPS:
        result = _build(project, out, env={KILL_AT: step}, content=content)
        assert result.returncode == -signal.SIGKILL, (step, result.stdout[-500:], result.stderr[-2000:])
        now = tree(out)
        expected = new if step == "published" else old
        assert now == expected, f"killed at {step}: the site is not the previous (or the new) one complete"
        if step == "published":  # back to the old site for the next step's kill
            assert _build(project, out).returncode == 0
            assert tree(out) == old
    assert _build(project, out, env={KILL_AT: "linked"}, content=content).returncode == -signal.SIGKILL
    leftovers = {p.name for p in store(out).iterdir()}
    assert any(n.startswith(("build-", "link-")) for n in leftovers), leftovers  # the kill left some
    assert _build(project, out, content=content).returncode == 0
    assert tree(out) == new
    _settled(out)
    status = subprocess.run(["git", "check-ignore", "-q", f"{SITES}/site/x"], cwd=ROOT, check=False)
    assert status.returncode == 0, f"{SITES}/ is not git-ignored"


def _settled(out: Path) -> None:
    """The store holds the lock and the published site, once the background deletion is done."""
    deadline = time.monotonic() + 30
    while True:
        names = {p.name for p in store(out).iterdir()}
        if names == {"lock", Path(os.readlink(out)).name}:
            return
        assert time.monotonic() < deadline, names
        time.sleep(0.2)


def test_two_builds_at_once_leave_one_complete_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = project / "site"
    trees = {}
    for name in ("甲县", "乙县"):
        content = tmp_path / name
        write_content(content, region=_demo_site(name))
        assert _build(project, tmp_path / f"ref-{name}", content=content).returncode == 0
        trees[name] = tree(tmp_path / f"ref-{name}")
    command = [[sys.executable, "-m", "generator", "build", "--project", str(project), "--out", str(out),
                "--no-search", "--content", str(tmp_path / name)] for name in trees]
    processes = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for c in command]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert tree(out) in list(trees.values()), "the site is neither build's, complete"
    _settled(out)


def test_the_site_and_its_store_are_ignored() -> None:
    """The default output is the project's site/, which the repository ignores, with its store."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/" in ignored or "/site" in ignored
    assert f"/{SITES}/" in ignored


def test_a_failed_build_leaves_the_site_and_no_leftovers(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = project / "site"
    assert _build(project, out).returncode == 0
    old = tree(out)
    (project / "content" / "pages").mkdir()
    (project / "content" / "pages" / "broken.md").write_text("# 坏\n\n[去向不明](nowhere.md)\n", encoding="utf-8")
    result = run_gongkai("build", "--project", str(project), "--out", str(out), "--no-search")
    assert result.returncode == 1 and "原有网站保持不变" in result.stderr, result.stderr
    assert tree(out) == old
    _settled(out)
