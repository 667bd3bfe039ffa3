"""The filing cache: what loading, checking, extracting and rendering one filing gave, kept on disk between runs
as data.

An entry is keyed by everything its result depends on: the exact bytes of the filing that were loaded and its
path, ``site.yaml`` and every ``region.yaml``, gongkai's own code, templates and reference data, and the versions
of the libraries that shape the output. Change any of them and the entry is simply not found. A county rebuilds
after editing a few filings, and a clerk's ``gongkai serve`` re-renders only the file being edited; the first
build of a year is as slow as without the cache. Entries unused for 30 days are pruned.

An entry is two files and, when rendered with downloads, a folder. ``<key>.json`` holds lines of JSON text: a
header naming the format, the entry's own key and whether it was rendered; the extract's head (or, for a filing
that could not be loaded, its diagnostics); then, when rendered, the filing's overview for the index pages
(render/overview.py), the site paths of its downloads, and its pages: a JSON line listing each page's path,
title and the lengths of its text and search body, followed by those texts one after the other (no escaping to
undo: the pages are most of what a warm build reads). ``<key>.extract.json`` is the whole extract, exactly as
the site publishes it: a check reads only heads, a build links the file into the site. ``<key>.files/<n>`` is
the n-th download (CSV, XLSX), linked into the site the same way.

Nothing in an entry can run code: it is parsed as JSON and validated, and an entry that fails (truncated,
edited, planted, of another version, filed under another key) counts as missing and is recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

KEEP_DAYS = 30
FORMAT, VERSION = "gongkai-cache", 3
_LIBRARIES = ("PyYAML", "Jinja2", "MarkupSafe", "markdown-it-py", "XlsxWriter")

Pages = tuple[str, str, str, str]
"""a rendered page as data: path, Markdown text, title, search body (render.page.Page)"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One filing's result as text, which is also what a worker process hands back."""

    head: str
    """the extract's head as JSON (facts/codec.py), or the failure document of a filing that could not be loaded"""
    document: str | Path | None
    """the whole extract as JSON, or the cache file that holds it; None for a filing that could not be loaded"""
    index: str | None = None
    """the filing's overview as JSON (render/overview.py: subject rows, headline figures, indicators), when it
    was rendered"""
    pages: tuple[Pages, ...] | None = None
    """the pages as (path, text, title, body), None when the filing was only checked"""
    files: tuple[tuple[str, bytes | Path], ...] = ()
    """the filing's downloads (数据下载) as (path on the site, content, or the cache file that holds it)"""


@cache
def code_fingerprint() -> bytes:
    """gongkai's sources, templates and reference data, Python's and the output-shaping libraries' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    package = Path(__file__).parent
    suffixes = (".py", ".j2", ".c", ".toml", ".json", ".md")
    for source in sorted(p for p in package.rglob("*") if p.suffix in suffixes and p.is_file()):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _read_pages(index: str, texts: str) -> tuple[Pages, ...] | None:
    """The pages stored after the overview, or None unless the listing and the texts agree exactly."""
    listing = json.loads(index) if index.strip() else None
    if type(listing) is not list:
        return None
    pages: list[Pages] = []
    at = 0
    for item in listing:
        if type(item) is not list or len(item) != 4 or type(item[0]) is not str or type(item[1]) is not str \
                or type(item[2]) is not int or type(item[3]) is not int or item[2] < 0 or item[3] < 0:
            return None
        end = at + item[2] + item[3]
        pages.append((item[0], texts[at:at + item[2]], item[1], texts[at + item[2]:end]))
        at = end
    return tuple(pages) if at == len(texts) else None


_SITE_PATH = re.compile(r"(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+")
"""a download's path on the site, as the renderer makes them (an entry naming any other is not ours)"""


def _header(key: str, rendered: bool) -> dict[str, object]:
    return {"format": FORMAT, "version": VERSION, "key": key, "rendered": rendered}


class FilingCache:
    """Entries under ``folder`` (``<project>/.gongkai-cache`` by default); ``folder=None`` disables it."""

    def __init__(self, folder: Path | None, setup_files: list[Path], variant: str = "",
                 root: Path | None = None) -> None:
        from generator.load.nodes import read_file

        self.folder = folder / "filings" if folder is not None else None
        salt = hashlib.sha256(code_fingerprint() + variant.encode())
        for path in setup_files:  # site.yaml and the region.yaml files, in a stable order
            salt.update(path.as_posix().encode() + b"\0")
            # read as the loader reads them (inside the content tree ``root``, bounded): what it refuses is b""
            salt.update(read_file(path, path.name, root)[0] or b"" if path.is_file() else b"")
        self.salt = salt.digest()

    def key(self, file: str, data: bytes, prior: bytes | None = None) -> str:
        """The key of a filing's entry: its path and bytes, and the bytes of the filing of the year before when
        its rules read that one (None: there is none, or the rules do not run)."""
        digest = hashlib.sha256(self.salt + file.encode() + b"\0" + data)
        if prior is not None:
            digest.update(b"\0prior\0" + hashlib.sha256(prior).digest())
        return digest.hexdigest()

    def _path(self, key: str, suffix: str = ".json") -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}{suffix}"

    def file(self, key: str, index: int) -> Path:
        """Where an entry keeps its ``index``-th download."""
        return self._path(key, ".files") / str(index)

    def get(self, key: str, need_pages: bool) -> Entry | None:
        """The entry stored under ``key``, or None when there is none or it is not a valid entry of that key.
        Only the envelope is checked here; the caller decodes (and so validates) the documents inside."""
        if self.folder is None:
            return None
        path, document = self._path(key), self._path(key, ".extract.json")
        try:
            with path.open("r", encoding="utf-8", newline="") as stream:
                header = json.loads(stream.readline())
                if type(header) is not dict or header.get("rendered") not in (True, False) \
                        or header != _header(key, bool(header.get("rendered"))):
                    return None
                head = stream.readline().rstrip("\n")
                index = pages = None
                files: tuple[tuple[str, bytes | Path], ...] = ()
                if need_pages:
                    if not header["rendered"]:
                        return None
                    index = stream.readline().rstrip("\n")
                    listed = json.loads(stream.readline())
                    if type(listed) is not list or not all(type(p) is str and _SITE_PATH.fullmatch(p)
                                                           and ".." not in p.split("/") for p in listed):
                        return None
                    kept = [self.file(key, n) for n in range(len(listed))]
                    if not all(f.is_file() for f in kept):
                        return None
                    files = tuple(zip(listed, kept, strict=True))
                    pages = _read_pages(stream.readline(), stream.read())
                    if pages is None:
                        return None
        except (OSError, ValueError):
            return None
        if not head:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
            os.utime(document)
        return Entry(head, document if document.is_file() else None, index, pages, files)

    def put(self, key: str, entry: Entry) -> bool:
        """Store ``entry`` under ``key``; False when it was not (no cache, an entry read from here, a disk that
        refuses the files)."""
        if self.folder is None:
            return False
        rendered = entry.pages is not None
        lines = [json.dumps(_header(key, rendered)), entry.head]
        if rendered:
            pages = entry.pages or ()
            lines += [entry.index or "[]", json.dumps([p for p, _ in entry.files], ensure_ascii=False),
                      json.dumps([[p[0], p[2], len(p[1]), len(p[3])] for p in pages], ensure_ascii=False)]
        if any("\n" in line for line in lines) or isinstance(entry.document, Path) \
                or any(isinstance(f, Path) for _, f in entry.files):
            return False  # JSON text is one line; an entry read back from here is stored already
        try:
            if entry.files:  # the downloads first: an entry names only files it has
                contents = [content for _, content in entry.files if isinstance(content, bytes)]
                assert len(contents) == len(entry.files)  # (an entry naming the cache's own files returned above)
                self._write_files(key, contents)
            self._write(self._path(key), "\n".join(lines) + "\n" + "".join(p[1] + p[3] for p in entry.pages or ()))
            if entry.document is not None:
                self._write(self._path(key, ".extract.json"), entry.document)
        except OSError:
            return False  # a read-only or full disk only costs speed
        return True

    def _write_files(self, key: str, contents: list[bytes]) -> None:
        """An entry's downloads, in its folder: written into a new folder that is renamed into place in one step
        (some fifteen files a filing); the files of a folder that is there already are replaced one by one, never
        rewritten in place (a published site may link them)."""
        folder = self._path(key, ".files")
        folder.parent.mkdir(parents=True, exist_ok=True)
        if not folder.exists():
            scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".", suffix=".tmp"))
            for n, content in enumerate(contents):
                (scratch / str(n)).write_bytes(content)
            try:
                os.rename(scratch, folder)
                return
            except OSError:  # another build put it there meanwhile
                shutil.rmtree(scratch, ignore_errors=True)
        for n, content in enumerate(contents):
            self._write_bytes(folder / str(n), content)

    @staticmethod
    def _write(path: Path, text: str) -> None:
        """Written whole or not at all: a temporary file renamed into place."""
        FilingCache._write_bytes(path, text.encode("utf-8"))

    @staticmethod
    def _write_bytes(path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        cutoff = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.suffix == ".files" and path.is_dir() and not path.is_symlink():
                    entry = path.with_suffix(".json")
                    if not entry.is_file() or entry.stat().st_mtime < cutoff:  # its entry is gone, or going
                        shutil.rmtree(path, ignore_errors=True)
                elif path.is_dir() and not path.is_symlink():  # a folder of downloads a stopped run left unnamed
                    if path.suffix == ".tmp" and path.stat().st_mtime < time.time() - 86400:
                        shutil.rmtree(path, ignore_errors=True)
                elif path.stat().st_mtime < cutoff or path.suffix != ".json":
                    path.unlink()
            except OSError:
                pass
