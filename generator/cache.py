"""The filing cache: what loading, checking and rendering one filing gave, kept on disk between runs.

An entry is keyed by everything its result depends on: the filing file's bytes and path, ``site.yaml`` and
every ``region.yaml``, gongkai's own code and templates, and the versions of the libraries that shape the
output. Change any of them and the entry is simply not found. A county rebuilds after editing a few filings,
and a clerk's ``gongkai serve`` re-renders only the file being edited; the first build of a year is as slow as
without the cache. Unreadable entries count as missing; entries unused for 30 days are pruned.

Entries are pickles, so the cache folder is trusted like the code beside it: it lives in the project
(``<project>/.gongkai-cache``, ignored by git), never in the content, which may come from elsewhere.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import hashlib
import operator
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic
from generator.model.digest import FilingDigest

if TYPE_CHECKING:
    from generator.render.page import Page

KEEP_DAYS = 30
_LIBRARIES = ("PyYAML", "Jinja2", "MarkupSafe", "markdown-it-py")


@dataclass(frozen=True, slots=True)
class Entry:
    """One filing's result: its diagnostics, its digest (None if it did not load) and its pages (None when
    it was only checked)."""

    found: list[Diagnostic]
    digest: FilingDigest | None
    pages: list[Page] | None


def _register_reducers(classes: Iterable[type]) -> None:
    """Pickle these dataclasses as ``cls(*fields)``: the default for slotted dataclasses restores each
    field through ``object.__setattr__`` after looking the fields up again, several times slower, and a
    county's cache holds a few hundred thousand of them (subject rows, amounts, codes, pages)."""
    for cls in classes:
        if not dataclasses.is_dataclass(cls) or not all(f.init for f in dataclasses.fields(cls)):
            continue
        copyreg.pickle(cls, _reducer(cls, tuple(f.name for f in dataclasses.fields(cls))))


def _reducer(cls: type, names: tuple[str, ...]) -> Callable[[object], tuple[type, tuple[object, ...]]]:
    values = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


def _digest_classes() -> Iterable[type]:
    """What an entry is made of, apart from pages (few, and large strings)."""
    from generator.model import codes, digest, money

    yield Entry
    yield Diagnostic
    for module in (codes, digest, money):
        yield from (v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__)


@cache
def code_fingerprint() -> bytes:
    """gongkai's sources and templates, Python's and the output-shaping libraries' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    package = Path(__file__).parent
    for source in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".c") and p.is_file()):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


_register_reducers(_digest_classes())


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
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str, need_pages: bool) -> Entry | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            with path.open("rb") as stream:
                entry = pickle.load(stream)
        except Exception:  # missing, truncated or from an incompatible version: recompute
            return None
        if not isinstance(entry, Entry) or (need_pages and entry.pages is None and entry.digest is not None):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk only costs speed

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        cutoff = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass
