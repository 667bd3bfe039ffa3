"""The site stage: write pages once each inside the docs tree, run mkdocs and Pagefind, swap in atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from generator import publish
from generator.check import privacy
from generator.diagnostics import Diagnostic, diagnostic
from generator.load.content import page_name_problem, relative
from generator.load.nodes import decode, read_file
from generator.render import NavItem, Rendered, urls
from generator.render.escape import Escaper
from generator.render.page import ABOUT_THE_SITE, Page, weighed
from generator.render.pages import hand_written
from generator.render.urls import data_format, page_url
from generator.source import Span

STATIC_ORDER = ("guide.md", "about.md")


class SiteError(Exception):
    """A build step failed; the message says which and why (no traceback for users)."""


@dataclass(slots=True)
class Timings:
    """Seconds per build step, for progress output and the benchmark."""

    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, step: Callable[[], None]) -> None:
        start = time.perf_counter()
        step()
        self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - start


def static_pages(content_dir: Path, mask: bool = True, found: list[Diagnostic] | None = None,
                 project: Path | None = None) -> tuple[Page, ...]:
    """Hand-written pages under ``content/pages`` (the clerks' guide, 关于), in a fixed order. Each is read as any
    content file is (a regular file inside the content tree, within the size limit, UTF-8: one that is not is left
    out, and ``load_setup`` reports it), and rendered through the escaping boundary like the filings
    (``render.pages``), personal numbers masked unless ``mask`` is false; a link to a page the site does not have
    (PAG001) and each personal number (PRV001) are added to ``found`` (their place relative to ``project``)."""
    folder = content_dir / "pages"
    if not folder.is_dir() or not folder.resolve().is_relative_to(content_dir.resolve()):
        if folder.is_symlink() and found is not None:
            found.append(diagnostic("YAML005", Span(relative(folder, project or content_dir.parent), 1, 1),
                                    "是指向内容目录之外的符号链接，不予读取；请把页面文件本身放进内容目录"))
        return ()
    files = sorted(folder.glob("*.md"), key=lambda p: (
        STATIC_ORDER.index(p.name) if p.name in STATIC_ORDER else len(STATIC_ORDER), p.name))
    esc = Escaper(mask)
    pages = []
    known = {*(f.name for f in files), *GENERATED}
    for file in files:
        if page_name_problem(file.stem) is not None:  # reported by the check (load_setup)
            continue
        name = relative(file, project or content_dir.parent)
        data, _ = read_file(file, name, content_dir)
        text, _ = decode(data, name) if data is not None else (None, [])
        if text is None:  # reported by the check (load_setup)
            continue
        page, broken = hand_written(file.name, text, esc, known)
        pages.append(replace(page, body=weighed(page.body, ABOUT_THE_SITE)))  # pages about the site rank low
        if found is not None:
            span = Span(name, 0, 0)
            found += [diagnostic("PAG001", span.at(b.line, b.column, b.line, b.column + len(b.target)),
                                 f"链接指向的页面 {b.target} 不存在") for b in broken]
            found += privacy.in_page(span.file, text)
    return tuple(pages)


GENERATED = (urls.home(), urls.subjects(), urls.checks(), urls.rules(), urls.downloads(), urls.data_format(),
             urls.indicators(), "search.md")
"""pages every site has, which a hand-written page may link as ``checks/index.md``"""


DATA_FORMAT = Path(__file__).parent / "facts" / "extract.md"
"""the extract's documentation for outside users, published as the page 数据格式"""


def generated_pages() -> tuple[Page, ...]:
    """Pages gongkai itself documents on every site: the extract format (数据格式)."""
    text = DATA_FORMAT.read_text(encoding="utf-8")
    first = next((line for line in text.splitlines() if line.startswith("# ")), "# 数据格式")
    esc = Escaper(mask=False)
    return (Page(data_format(), text, esc.title(first[2:].strip()),
                 weighed(str(esc.markdown(text)), ABOUT_THE_SITE)),)


def _check_relative(relative: str) -> None:
    if (not relative or PurePosixPath(relative).is_absolute()
            or any(part in ("", ".", "..") for part in relative.split("/")) or "\\" in relative or "\x00" in relative):
        raise SiteError(f"拒绝写入不安全的路径：{relative!r}")


def safe_path(root: Path, relative: str) -> Path:
    """Where a page path lands inside ``root`` (its folder created); refuse anything that would land outside."""
    return PageFiles(root).target(relative)


class PageFiles:
    """Page paths inside one tree, for writing: each folder is resolved, checked and created once, and only
    a file that is itself a symlink is resolved again (a county writes some 3,000 files)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.folders: dict[str, Path] = {}

    def folder(self, relative: str) -> Path:
        """The checked, created folder of a page path inside the tree, and the path (no symlink check of the file
        itself: for a tree this build made, which holds none)."""
        _check_relative(relative)
        parent, _, name = relative.rpartition("/")
        folder = self.folders.get(parent)
        if folder is None:
            folder = (self.root / parent).resolve()
            if not folder.is_relative_to(self.root):
                raise SiteError(f"拒绝写入输出目录之外的路径：{relative!r}")
            folder.mkdir(parents=True, exist_ok=True)
            self.folders[parent] = folder
        return folder / name

    def target(self, relative: str) -> Path:
        target = self.folder(relative)
        if target.is_symlink() and not target.resolve().is_relative_to(self.root):
            raise SiteError(f"拒绝写入输出目录之外的路径：{relative!r}")
        return target


def _docs_items(rendered: Rendered, files: bool = True) -> list[tuple[str, str | bytes | Path]]:
    """What the docs tree holds: each page, and (``files``) each file published beside the pages; refuses two at
    one URL."""
    written: dict[str, str] = {}
    items: list[tuple[str, str | bytes | Path]] = []
    for page in rendered.pages:
        url = page_url(page.path)  # a.md and a/index.md are both served at a/
        if url in written:
            raise SiteError(f"页面重复：{page.path}（与 {written[url]} 的网址相同）")
        written[url] = page.path
        items.append((page.path, page.text))
    for path, source in rendered.files:
        if path in written:
            raise SiteError(f"文件重复：{path}")
        written[path] = path
        if files:
            items.append((path, source))
    return items


def _search_items(rendered: Rendered) -> list[tuple[str, str | bytes | Path]]:
    """Each page's content as a small HTML file at the page's URL: what Pagefind indexes, so that the index
    is built beside mkdocs (on another core) instead of after it, from the very same rendered content."""
    return [(page_url(page.path) + "index.html",
             f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{page.title}</title>'
             f"</head><body><div data-pagefind-body>{page.body}</div></body></html>") for page in rendered.pages]


def _digest(source: str | bytes | Path) -> str:
    if isinstance(source, Path):  # a file kept whole elsewhere: the same file, unchanged
        stat = source.stat()
        return f"file:{source}:{stat.st_mtime_ns}:{stat.st_size}"
    return hashlib.blake2b(source.encode("utf-8") if isinstance(source, str) else source, digest_size=16).hexdigest()


def write_tree(root: Path, items: list[tuple[str, str | bytes | Path]], previous: dict[str, str] | None = None,
               only_changed: bool = False) -> dict[str, str]:
    """Write each (path, text or file to link) inside ``root`` and return the tree's manifest (path -> digest).
    ``previous`` is the manifest of the tree as a finished build left it: what it records unchanged is not
    written again, and files no longer wanted are removed. ``only_changed`` compares with the files
    themselves instead (the live preview)."""
    files = PageFiles(root)
    manifest: dict[str, str] = {}
    for path, source in items:
        digest = _digest(source) if previous is not None else ""
        manifest[path] = digest
        target = files.target(path)
        if previous is not None and previous.get(path) == digest and target.is_file() and not target.is_symlink():
            continue
        if isinstance(source, Path):
            target.unlink(missing_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            continue
        content = source if isinstance(source, bytes) else source.encode("utf-8")
        if only_changed and target.exists() and target.read_bytes() == content:
            continue
        if previous is not None and target.exists():
            _replace(target, content)  # a new file, never the old one rewritten in place (it may be linked)
        else:
            target.write_bytes(content)
    if previous is not None:  # what is no longer wanted goes, and the folders it leaves empty
        for folder, _, names in os.walk(root, topdown=False):
            for name in names:
                if Path(folder, name).relative_to(root).as_posix() not in manifest:
                    os.unlink(os.path.join(folder, name))
            if folder != str(root) and not os.listdir(folder):
                os.rmdir(folder)
    return manifest


def _replace(target: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, target)


def write_docs(rendered: Rendered, docs: Path, only_changed: bool = False, files: bool = True) -> None:
    """Write each page once, and (``files``) the files published beside them; with ``only_changed``, leave
    identical files untouched (for serve, whose server shows the docs tree)."""
    write_tree(docs, _docs_items(rendered, files), only_changed=only_changed)


def place_files(files: Iterable[tuple[str, str | bytes | Path]], site: Path) -> None:
    """The files published beside the pages (extracts, downloads: thousands of them), put into the site mkdocs has
    just built: mkdocs has nothing to do with them (the pages link them from raw HTML, which mkdocs does not read,
    and tests/test_links.py checks every link). A file the cache holds is linked, not copied."""
    pages = PageFiles(site)
    for path, source in files:
        target = pages.folder(path)
        if isinstance(source, Path):
            try:
                os.link(source, target)
            except FileExistsError:
                target.unlink()
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        else:
            target.unlink(missing_ok=True)
            target.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))


def write_config(project: Path, work: Path, rendered: Rendered, site_name: str, docs: Path | None = None) -> Path:
    """A generated mkdocs config that inherits the project's ``mkdocs.yml`` (JSON is valid YAML); the docs are
    ``docs`` (default: ``work/docs``), the site is built in ``work/site``. Names from content never become keys of
    the config: each navigation title is a placeholder key (``gk-nav-3``), its text a value the hook puts back
    (a YAML key is limited to 1,024 characters, and a key is where a name could be read as syntax)."""
    titles: dict[str, str] = {}
    nav = _placeholders(rendered.nav, titles)
    config = {
        "INHERIT": str((project / "mkdocs.yml").resolve()),
        "site_name": Escaper(mask=False).title(site_name),
        "docs_dir": str(docs or work / "docs"),
        "site_dir": str(work / "site"),
        "theme": {"name": "material", "custom_dir": str((project / "theme").resolve()), "language": "zh",
                  "font": False},
        "nav": nav,
        "hooks": [str(Path(__file__).with_name("mkdocs_hooks.py"))],
        "extra": {NAV_TITLES: titles},
    }
    path = work / "mkdocs.yml"
    path.write_text(json.dumps(config, ensure_ascii=True, indent=1), encoding="utf-8")
    return path


NAV_TITLES = "gk_nav_titles"
"""the key under ``extra`` of the generated config that maps each navigation placeholder to its title"""


def _placeholders(items: Iterable[NavItem], titles: dict[str, str]) -> list[object]:
    """The navigation with a placeholder key for each title (recorded in ``titles``)."""
    nav: list[object] = []
    for item in items:
        for title, target in item.items():
            key = f"gk-nav-{len(titles)}"
            titles[key] = title
            nav.append({key: _placeholders(target, titles) if isinstance(target, list) else target})
    return nav


def update_preview(project: Path, work: Path, rendered: Rendered, site_name: str) -> None:
    """Bring a live preview's docs tree and config up to date for ``mkdocs serve --dirty``, which rebuilds
    only pages whose Markdown is newer than their HTML: changed pages are rewritten, others left alone, and
    when the config changes (the navigation: a region, unit or filing added or renamed) every page is
    marked changed, since every page shows the navigation."""
    config = work / "mkdocs.yml"
    before = config.read_bytes() if config.exists() else None
    write_docs(rendered, work / "docs", only_changed=True)
    write_config(project, work, rendered, site_name)
    if before is not None and config.read_bytes() != before:
        for page in (work / "docs").rglob("*.md"):
            page.touch()


def start_mkdocs(config: Path) -> subprocess.Popen[bytes]:
    """mkdocs in the background, its output in ``mkdocs.log`` beside the config (a pipe nobody reads until
    the end could fill up and stall it)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]  # --quiet turns --strict off
    with open(config.with_name("mkdocs.log"), "wb") as log:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def finish_mkdocs(process: subprocess.Popen[bytes], config: Path) -> None:
    if process.wait() != 0:
        output = config.with_name("mkdocs.log").read_text(encoding="utf-8", errors="replace")
        raise SiteError("mkdocs 构建失败：\n" + output.strip())


def write_search_sources(rendered: Rendered, folder: Path) -> None:
    """The search sources of every page (see ``_search_items``)."""
    write_tree(folder, _search_items(rendered))


def start_pagefind(sources: Path, bundle: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(sources), "--output-path", str(bundle), "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def finish_pagefind(process: subprocess.Popen[bytes]) -> None:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise SiteError("Pagefind 建立搜索索引失败：\n" + output.decode("utf-8", "replace").strip())


def _wait_all(processes: list[subprocess.Popen[bytes]]) -> list[float]:
    """Wait for every process; when each one ended (``time.perf_counter``), in the same order."""
    ended = [0.0] * len(processes)

    def watch(index: int) -> None:
        processes[index].wait()
        ended[index] = time.perf_counter()

    watchers = [threading.Thread(target=watch, args=(i,), daemon=True) for i in range(len(processes))]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()
    return ended


OLD_LEFTOVERS = (".gongkai-trash-", ".gongkai-build-")
"""what a gongkai before ``publish``'s store left beside the site when interrupted: removed when found"""


def _clear_trash(folder: Path) -> None:
    for prefix in OLD_LEFTOVERS:
        for stale in folder.glob(prefix + "*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)


class KeptTree:
    """A tree of build inputs (the docs mkdocs reads, the sources Pagefind indexes) kept between builds in the
    cache folder, so that a build rewrites only the files that changed. Its manifest is written when a build
    has finished with it and taken away while one works on it: a tree an interrupted build left is written
    whole again. One build at a time uses it (a lock); another one meanwhile gets a scratch tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.previous: dict[str, str] | None = None
        self.manifest: dict[str, str] = {}
        self._lock: int | None = None

    def take(self) -> bool:
        """Lock the tree and read (and remove) its manifest; False when another build holds it."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.root.with_name(self.root.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._lock = descriptor
        manifest = self.root.with_name(self.root.name + ".json")
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            if type(data) is dict and all(type(k) is str and type(v) is str for k, v in data.items()):
                self.previous = data
        except (OSError, ValueError):
            self.previous = None
        manifest.unlink(missing_ok=True)
        if self.previous is None:  # nothing known of what is there: start from an empty tree
            shutil.rmtree(self.root, ignore_errors=True)
            self.root.mkdir(parents=True)
        return True

    def write(self, items: list[tuple[str, str | bytes | Path]]) -> None:
        self.manifest = write_tree(self.root, items, self.previous or {})

    def finish(self) -> None:
        """The build is done with the tree: record what it holds."""
        manifest = self.root.with_name(self.root.name + ".json")
        manifest.write_text(json.dumps(self.manifest, ensure_ascii=False), encoding="utf-8")

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def build_site(project: Path, rendered: Rendered, out: Path, site_name: str, timings: Timings,
               search: bool = True, keep: Path | None = None, store: Path | None = None) -> None:
    """docs -> mkdocs beside search sources -> Pagefind, in a scratch directory in ``out``'s store, then publish it
    (``publish``: one rename, under the lock of ``out``: ``store`` when the caller holds it already, else taken
    here). ``keep`` (the cache folder) keeps the docs and search trees between builds, so that a build writes only
    what changed."""
    out = Path(os.path.abspath(out))
    if store is None:
        with publish.locked(out) as held:
            build_site(project, rendered, out, site_name, timings, search, keep, held)
        return
    _clear_trash(out.parent)  # left by a gongkai before .gongkai-sites
    work = Path(tempfile.mkdtemp(prefix="build-", dir=store))
    keep = keep.resolve() if keep is not None else None
    trees = [KeptTree(keep / "docs"), KeptTree(keep / "search")] if keep is not None else []
    if not all(tree.take() for tree in trees):
        for tree in trees:
            tree.release()
        trees = []
    try:
        _build(project, rendered, work, site_name, timings, search, trees)
        built = publish.new_site(store)
        os.replace(work / "site", built)
        publish.step("built")
        publish.publish(built, out)
        publish.discard(store, [work])  # the scratch tree (without kept trees, the docs and search sources)
    finally:
        for tree in trees:
            tree.release()
        shutil.rmtree(work, ignore_errors=True)  # when the build failed (a discarded one is gone already)
        if rendered.later is not None:  # a failed build does not wait for the downloads
            rendered.later.stop()


def _build(project: Path, rendered: Rendered, work: Path, site_name: str, timings: Timings, search: bool,
           trees: list[KeptTree]) -> None:
    """The site, complete, in ``work/site``."""
    docs, sources = (trees[0].root, trees[1].root) if trees else (work / "docs", work / "search")
    config = write_config(project, work, rendered, site_name, docs)
    if trees:
        timings.run("write", lambda: trees[0].write(_docs_items(rendered, files=False)))
    else:
        timings.run("write", lambda: write_docs(rendered, docs, files=False))
    publish.step("written")
    if search:  # mkdocs builds on one core while the search sources are written and indexed on the other
        started = time.perf_counter()
        builder = start_mkdocs(config)
        processes = [builder]
        try:
            if trees:
                timings.run("write", lambda: trees[1].write(_search_items(rendered)))
            else:
                timings.run("write", lambda: write_search_sources(rendered, sources))
            publish.step("mkdocs-running")
            indexed = time.perf_counter()
            processes.append(start_pagefind(sources, work / "pagefind"))
            built_at, indexed_at = _wait_all(processes)
            finish_pagefind(processes[1])
            finish_mkdocs(builder, config)
        except BaseException:
            for process in processes:
                process.kill()
                process.wait()
            raise
        timings.steps["mkdocs"] = built_at - started
        timings.steps["search"] = indexed_at - indexed
        if indexed_at > built_at:  # the part of indexing that lengthened the build
            timings.steps["search_after_mkdocs"] = indexed_at - built_at
        os.replace(work / "pagefind", work / "site" / "pagefind")
    else:
        timings.run("mkdocs", lambda: finish_mkdocs(start_mkdocs(config), config))
    publish.step("mkdocs-done")
    files = list(rendered.files)
    if rendered.later is not None:  # the downloads, made meanwhile on the cores mkdocs and Pagefind left idle
        later = rendered.later
        timings.run("downloads", lambda: files.extend(later()))
    timings.run("files", lambda: place_files(files, work / "site"))
    publish.step("files-placed")
    for tree in trees:
        tree.finish()
    # mkdocs writes 404.html with root-relative links (/assets/…) when no site_url is known: under a
    # sub-path it would load nothing; let the server show its own "not found" instead
    (work / "site" / "404.html").unlink(missing_ok=True)
