"""The published site (发布): where a build may write it, one build at a time, swapped in with one rename.

``site`` (the ``--out`` folder) is a symlink to one finished site in ``.gongkai-sites/site/<id>/`` beside it::

    site -> .gongkai-sites/site/20261130-114400-12345-a1b2c3/

A build makes the new site in ``.gongkai-sites/site/build-…/`` and, once it is complete, points ``site`` at it
by renaming a new symlink over the old one (``os.replace``: one atomic step). A reader (a web server, a copy)
sees the old site or the new one, never a mix or nothing; a build killed at any moment leaves the previous site
in place, and what it left in ``.gongkai-sites/`` (git-ignored) is removed by the next build. Any static web server
follows the link (nginx and Caddy by default, Apache with its default ``Options FollowSymLinks``); to copy the
site elsewhere, copy what the link points to (``rsync -a site/ dest/``, ``cp -rL site/. dest/``).

A lock (``.gongkai-sites/site/lock``) keeps two builds of one site apart: the second waits for the first and
then publishes its own. Every site gongkai builds holds a marker file (``MARKER``): ``--out`` may name a new or
empty folder or a previous gongkai site, never another existing folder, nor anything of the project's own.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".gongkai-site"
"""written into every site gongkai builds: a folder holding it is a site the next build may replace"""
MARKER_TEXT = "gongkai site: this folder is replaced by each `gongkai build`\n"
LEGACY = "schema/extract-1.json"
"""what every site of a gongkai before the marker holds (pipeline.SCHEMA_PATH): such a ``site/`` is replaced too"""
SITES = ".gongkai-sites"
"""beside ``--out``: the published sites, the builds under way and the lock"""
PROTECTED = (("theme", "主题目录"), (".git", "版本库"), ("generator", "程序目录"), ("tests", "测试目录"),
             ("scripts", "脚本目录"), ("bench", "性能评估目录"))
"""folders of the project a site must never replace, nor be written into"""
KILL_AT = "GONGKAI_TEST_KILL_AT"
"""test hook: the name of a build step (``step``) at which the build kills itself, as a crash or an operator
would; tests/test_publish.py proves that a kill at any of them leaves the previous site whole"""


def step(name: str) -> None:
    """A point of the build a test may kill it at (``KILL_AT``)."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def store(out: Path) -> Path:
    """Where the sites of ``out`` are kept: ``.gongkai-sites/<name>`` beside it."""
    out = Path(os.path.abspath(out))
    return out.parent / SITES / out.name


def out_problem(out: Path, project: Path, content: Path) -> str | None:
    """Why ``out`` may not receive the site (a message for the user), or None when it may."""
    named = Path(os.path.abspath(out))
    real = named.resolve()
    project, content = project.resolve(), content.resolve()
    guarded = [(content, "内容目录")] + [(project / name, f"{what} {name}") for name, what in PROTECTED]
    for folder, what in guarded:
        if real == folder or real.is_relative_to(folder) or folder.is_relative_to(real):
            return (f"输出目录 {named} 在{what}（{folder}）之内或包含它，构建会覆盖其中的文件；"
                    f"请换一个输出目录，例如 {project / 'site'}")
    if project.is_relative_to(real):
        return (f"输出目录 {named} 是项目目录本身或包含它，构建会覆盖项目的文件；"
                f"请换一个输出目录，例如 {project / 'site'}")
    if SITES in named.parts:
        return f"输出目录 {named} 在 gongkai 自己的 {SITES} 目录之内；请换一个输出目录"
    if not (named.exists() or named.is_symlink()):
        return None
    if not real.is_dir():
        return f"输出目录 {named} 已存在但不是目录；请换一个输出目录，或先自行移走它"
    if (real / MARKER).is_file() or (real / LEGACY).is_file() or not any(real.iterdir()):
        return None
    return (f"输出目录 {named} 已存在、不是空目录，也不是 gongkai 生成的网站（其中没有标记文件 {MARKER}）；"
            "为免误删其中的文件，请换一个输出目录，或确认无用后先自行清空它")


@contextmanager
def locked(out: Path, waiting: Callable[[], None] | None = None) -> Iterator[Path]:
    """Hold the lock of ``out`` (waiting for another build that holds it, after calling ``waiting``) and give
    its store, cleared of what earlier builds left (an interrupted one, an old site not yet deleted)."""
    folder = store(out)
    folder.mkdir(parents=True, exist_ok=True)  # (and out's parent)
    descriptor = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        step("locked")
        _clear(folder, current(out))
        yield folder
    finally:
        os.close(descriptor)


def current(out: Path) -> Path | None:
    """The site ``out`` points at, when it is one of its store's."""
    out = Path(os.path.abspath(out))
    if not out.is_symlink():
        return None
    target = Path(os.path.normpath(out.parent / os.readlink(out)))
    return target if target.parent == store(out) else None


def _clear(folder: Path, keep: Path | None) -> None:
    """Everything in the store but the lock and the published site goes (in the background)."""
    stale = [p for p in folder.iterdir() if p.name != "lock" and p != keep]
    if stale:
        discard(folder, stale)


def new_site(folder: Path) -> Path:
    """A fresh, unique name for the next site in the store."""
    return folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"


def publish(built: Path, out: Path) -> None:
    """Make ``built`` (a complete site in ``out``'s store) the published one: mark it, then rename a symlink to it
    over ``out``. The previous site is discarded in the background. ``out`` that is still a folder (an empty one,
    or a site of a gongkai before symlinks) is moved into the store first: that once, there is a moment with no
    site."""
    out = Path(os.path.abspath(out))
    folder = built.parent
    (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    previous = current(out)
    link = folder / f"link-{built.name}"
    os.symlink(os.path.relpath(built, out.parent), link)
    step("linked")
    if out.is_dir() and not out.is_symlink():
        aside = folder / f"old-{built.name}"
        os.replace(out, aside)
        step("moved-aside")
        previous = aside
    os.replace(link, out)
    step("published")
    if previous is not None:
        discard(folder, [previous])


def discard(folder: Path, paths: list[Path]) -> None:
    """Remove things of the build's own making in ``folder`` without waiting for it: they are renamed into one
    trash folder there at once and deleted by a detached process (some 10,000 files of a previous site). A trash
    folder an interrupted deletion left is discarded again by the next build."""
    trash = folder / f"trash-{secrets.token_hex(6)}"
    trash.mkdir()
    for path in paths:
        try:
            os.replace(path, trash / path.name)
        except OSError:
            continue
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(trash)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)
