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
from collections.abc import Iterable, Sequence
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


def tidy_tables(files: Sequence[File]) -> list[File]:
    """The site-wide facts and indicators, from each filing's ``data/facts.csv`` and ``data/indicators.csv``."""
    facts = [source for path, source in files if path.endswith("/data/facts.csv")]
    indicators = [source for path, source in files if path.endswith("/data/indicators.csv")]
    return [(FACTS, concatenate([f.name for f in FACT_FIELDS], facts)),
            (INDICATORS, concatenate([f.name for f in INDICATOR_FIELDS], indicators))]


def _identity(source: str | bytes | Path) -> bytes:
    """What identifies a file's content cheaply: a cache file by its path, time and size; text by its digest."""
    if isinstance(source, Path):
        stat = source.stat()
        return f"{source}:{stat.st_mtime_ns}:{stat.st_size}".encode()
    return hashlib.blake2b(_bytes(source), digest_size=16).digest()


def archive(files: Sequence[File], keep: Path | None) -> str | bytes | Path:
    """A zip of ``files`` (path on the site -> content); kept in ``keep`` (the cache folder) under the digest of
    its inputs, so that a build whose downloads did not change links the archive it made before."""
    digest = hashlib.blake2b(digest_size=16)
    for path, source in sorted(files, key=lambda f: f[0]):
        digest.update(path.encode() + b"\0" + _identity(source) + b"\0")
    if keep is not None:
        kept = keep / f"archive-{digest.hexdigest()}.zip"
        if kept.is_file():
            os.utime(kept)
            return kept
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        for path, source in sorted(files, key=lambda f: f[0]):
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))  # the same bytes for the same files
            info.compress_type = zipfile.ZIP_STORED if path.endswith(".xlsx") else zipfile.ZIP_DEFLATED
            zipped.writestr(info, _bytes(source), compresslevel=1)
    data = buffer.getvalue()
    if keep is None:
        return data
    keep.mkdir(parents=True, exist_ok=True)
    for old in keep.glob("archive-*.zip"):  # one archive is kept: the latest
        old.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=keep, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, kept)
    return kept


def package(settings: Settings, files: Sequence[File], built_on: str) -> File:
    """The site's ``datapackage.json``, from each filing's own ``data/datapackage.json``."""
    own = [(path.removesuffix("datapackage.json"), _bytes(source).decode("utf-8")) for path, source in files
           if path.endswith("/data/datapackage.json")]
    indicators = any(path.endswith("/data/indicators.csv") for path, _ in files)
    return DATAPACKAGE, site_package(settings, own, built_on, has_indicators=indicators)


def bulk(settings: Settings, files: Sequence[File], keep: Path | None, built_on: str) -> list[File]:
    """The site-wide tidy tables, the data package describing every table, and the archive of every download
    (the filings', those tables and the package, at the same paths as on the site)."""
    made = [*tidy_tables(files), package(settings, files, built_on)]
    return [*made, (ARCHIVE, archive([*files, *made], keep))]


__all__ = ["ARCHIVE", "BOM", "DATAPACKAGE", "FACTS", "INDICATORS", "archive", "bulk", "concatenate", "package",
           "tidy_tables"]
