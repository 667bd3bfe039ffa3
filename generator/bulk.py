"""The site's bulk downloads (数据下载), assembled from each filing's: one tidy table of every fact and one of every
indicator (each filing's own tables, concatenated: no extract is decoded for them), the data package that describes
every resource, and one archive of all downloads. Each filing's downloads were made in the worker processes and
kept in the filing cache; what is made here is reused while its inputs are unchanged."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from generator.model.filing import Settings
from generator.render.downloads import BOM, FACT_FIELDS, INDICATOR_FIELDS, csv_text
from generator.render.opendata import ARCHIVE, DATAPACKAGE, FACTS, INDICATORS, site_package

File = tuple[str, "str | bytes | Path"]


def _bytes(source: str | bytes | Path) -> bytes:
    if isinstance(source, Path):
        return source.read_bytes()
    return source.encode("utf-8") if isinstance(source, str) else source


def concatenate(header: Sequence[str], parts: Iterable[str | bytes | Path]) -> bytes:
    """One CSV from the CSVs of many filings: one byte order mark and header, then each part's rows."""
    out = [csv_text(header, ()).encode("utf-8")]
    for part in parts:
        data = _bytes(part)
        start = data.find(b"\n") + 1  # each part begins with its own byte order mark and header
        out.append(data[start:])
    return b"".join(out)


def _identity(source: str | bytes | Path) -> bytes:
    """What identifies a file's content cheaply: a cache file by its path, time and size; text by its digest."""
    if isinstance(source, Path):
        stat = source.stat()
        return f"{source}:{stat.st_mtime_ns}:{stat.st_size}".encode()
    return hashlib.blake2b(_bytes(source), digest_size=16).digest()


def _kept(keep: Path | None, name: str, inputs: Sequence[File], extra: str, make: Callable[[], bytes]
          ) -> bytes | Path:
    """A site-wide file made from ``inputs`` (and ``extra``, what else shapes it): kept in ``keep`` (the cache
    folder) under the digest of what it was made from, so that a build whose inputs did not change links the
    file it made before instead of reading thousands of files again."""
    if keep is None:
        return make()
    digest = hashlib.blake2b(extra.encode(), digest_size=16)
    for path, source in sorted(inputs, key=lambda f: f[0]):
        digest.update(path.encode() + b"\0" + _identity(source) + b"\0")
    stem, _, suffix = name.rpartition(".")
    kept = keep / f"{stem}-{digest.hexdigest()}.{suffix}"
    if kept.is_file():  # (left untouched: its time is part of what the archive is made from)
        return kept
    data = make()
    keep.mkdir(parents=True, exist_ok=True)
    for old in keep.glob(f"{stem}-*.{suffix}"):  # one of each is kept: the latest
        old.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=keep, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, kept)
    return kept


def tidy_tables(files: Sequence[File], keep: Path | None = None) -> list[File]:
    """The site-wide facts and indicators, from each filing's ``data/facts.csv`` and ``data/indicators.csv``."""
    made: list[File] = []
    for target, ending, fields in ((FACTS, "/data/facts.csv", FACT_FIELDS),
                                   (INDICATORS, "/data/indicators.csv", INDICATOR_FIELDS)):
        parts = [(path, source) for path, source in files if path.endswith(ending)]
        header = [f.name for f in fields]

        def make(parts: list[File] = parts, header: list[str] = header) -> bytes:
            return concatenate(header, [source for _, source in parts])

        made.append((target, _kept(keep, target.rpartition("/")[2], parts, "", make)))
    return made


STORED_BELOW = 1024
"""a member smaller than this is stored, not deflated: setting up a deflate stream costs more time than it saves
bytes (some 4,000 of a county's table CSVs; the archive is 4 % larger, made 40 % faster)"""


def archive(files: Sequence[File]) -> bytes:
    """A zip of ``files`` at their paths on the site, the same bytes for the same files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        for path, source in sorted(files, key=lambda f: f[0]):
            data = _bytes(source)
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            stored = path.endswith(".xlsx") or len(data) < STORED_BELOW  # a workbook is a zip already
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zipped.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def package(settings: Settings, files: Sequence[File], built_on: str, keep: Path | None = None) -> File:
    """The site's ``datapackage.json``, from each filing's own ``data/datapackage.json``."""
    own = [(path, source) for path, source in files if path.endswith("/data/datapackage.json")]
    indicators = any(path.endswith("/data/indicators.csv") for path, _ in files)

    def make() -> bytes:
        parts = [(path.removesuffix("datapackage.json"), _bytes(source).decode("utf-8")) for path, source in own]
        return site_package(settings, parts, built_on, has_indicators=indicators).encode("utf-8")

    shaped = f"{settings.title}\0{settings.publisher}\0{settings.licence}\0{built_on}\0{indicators}"
    return DATAPACKAGE, _kept(keep, DATAPACKAGE, own, shaped, make)


def bulk(settings: Settings, files: Sequence[File], keep: Path | None, built_on: str) -> list[File]:
    """The site-wide tidy tables, the data package describing every table, and the archive of every download
    (the filings', those tables and the package, at the same paths as on the site)."""
    made = [*tidy_tables(files, keep), package(settings, files, built_on, keep)]
    everything = [*files, *made]
    return [*made, (ARCHIVE, _kept(keep, ARCHIVE.rpartition("/")[2], everything, "", lambda: archive(everything)))]


__all__ = ["ARCHIVE", "BOM", "DATAPACKAGE", "FACTS", "INDICATORS", "archive", "bulk", "concatenate", "package",
           "tidy_tables"]
