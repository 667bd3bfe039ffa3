"""The filing cache: what loading, checking and rendering one filing gave, kept on disk between runs as data.

An entry is keyed by everything its result depends on: the exact bytes of the filing that were loaded and its
path, ``site.yaml`` and every ``region.yaml``, gongkai's own code and templates, and the versions of the
libraries that shape the output. Change any of them and the entry is simply not found. A county rebuilds after
editing a few filings, and a clerk's ``gongkai serve`` re-renders only the file being edited; the first build of
a year is as slow as without the cache. Entries unused for 30 days are pruned.

An entry is lines of JSON text: a header naming the format, the entry's own key and the number of parts, the
parts of the filing's extract (its head, then each section; for a filing that could not be loaded, one part with
its diagnostics), and its pages when it was rendered (an empty line when it was only checked). Nothing in it
can run code: it is parsed as JSON and validated, and an entry that fails (truncated, edited, planted, of another
version, filed under another key) counts as missing and is recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

KEEP_DAYS = 30
FORMAT, VERSION = "gongkai-cache", 1
_LIBRARIES = ("PyYAML", "Jinja2", "MarkupSafe", "markdown-it-py")


@dataclass(frozen=True, slots=True)
class Entry:
    """One filing's result as text: its extract (or failure) document and, when rendered, its pages document.
    This is also what a worker process hands back."""

    parts: tuple[str, ...]
    """the extract as JSON parts (facts/codec.py), or the one failure document of a filing that could not be loaded"""
    pages: str | None
    """the pages as JSON (render/page.py), None when the filing was only checked"""


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
    suffixes = (".py", ".j2", ".c", ".toml", ".json")
    for source in sorted(p for p in package.rglob("*") if p.suffix in suffixes and p.is_file()):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _header(key: str, parts: int) -> dict[str, object]:
    return {"format": FORMAT, "version": VERSION, "key": key, "parts": parts}


class FilingCache:
    """Entries under ``folder`` (``<project>/.gongkai-cache`` by default); ``folder=None`` disables it."""

    def __init__(self, folder: Path | None, setup_files: list[Path]) -> None:
        self.folder = folder / "filings" if folder is not None else None
        salt = hashlib.sha256(code_fingerprint())
        for path in setup_files:  # site.yaml and the region.yaml files, in a stable order
            salt.update(path.as_posix().encode() + b"\0")
            salt.update(path.read_bytes() if path.is_file() else b"")
        self.salt = salt.digest()

    def key(self, file: str, data: bytes) -> str:
        return hashlib.sha256(self.salt + file.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, need_pages: bool) -> Entry | None:
        """The entry stored under ``key``, or None when there is none or it is not a valid entry of that key.
        Only the envelope is checked here; the caller decodes (and so validates) the documents inside."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            with path.open("r", encoding="utf-8") as stream:
                header = json.loads(stream.readline())
                count = header.get("parts") if type(header) is dict else None
                if type(count) is not int or header != _header(key, count) or not 1 <= count <= 16:
                    return None
                parts = tuple(stream.readline().rstrip("\n") for _ in range(count))
                pages = stream.readline().rstrip("\n") if need_pages else None
        except (OSError, ValueError):
            return None
        if not all(parts) or (need_pages and not pages):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return Entry(parts, pages)

    def put(self, key: str, entry: Entry) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        lines = [json.dumps(_header(key, len(entry.parts))), *entry.parts, entry.pages or ""]
        if any("\n" in line for line in lines):
            return  # JSON text is one line; anything else is not stored
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write("\n".join(lines) + "\n")
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk only costs speed

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        cutoff = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff or path.suffix != ".json":
                    path.unlink()
            except OSError:
                pass
