"""Spreading the per-filing work over processes.

Each worker loads, checks and (for a build) renders a share of the filings; the parent gets back pages,
digests and diagnostics, never whole filings, which would cost more to pass between processes than to
load. Pages about many filings are rendered afterwards from the digests. The same code runs in-process
for small content or ``jobs=1``; the result is identical either way."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Entry, FilingCache
from generator.diagnostics import Diagnostic
from generator.load.content import check_across, filing_paths, load_placed_filing, load_setup, relative
from generator.model.digest import FilingDigest
from generator.model.filing import Content
from generator.model.org import Region
from generator.render import render_filing
from generator.render.escape import Escaper
from generator.render.page import Page
from generator.render.subjects import digest

PARALLEL_FROM = 24
"""below this many filings one process is faster than starting workers"""


@dataclass
class Share:
    """What one share of the filings gives back."""

    digests: list[FilingDigest] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    found: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Loaded:
    """All content, checked: settings and regions in full, filings as digests and (when rendered) pages."""

    content: Content
    """settings and regions; ``filings`` is empty: the filings stayed in the workers"""
    digests: tuple[FilingDigest, ...]
    pages: tuple[Page, ...]
    found: list[Diagnostic]


def _work(paths: Sequence[Path], project: Path, regions: Sequence[Region], mask: bool | None,
          cache: FilingCache) -> Share:
    """Load (and render, unless ``mask`` is None) some filings, or take them from the cache."""
    share = Share()
    esc = Escaper(mask) if mask is not None else None
    for path in paths:
        try:
            key = cache.key(relative(path, project), path.read_bytes())
        except OSError:
            key = None  # the loader reports why the file cannot be read
        entry = cache.get(key, need_pages=esc is not None) if key else None
        if entry is None:
            entry = _one(path, project, regions, esc)
            if key:
                cache.put(key, entry)
        share.found.extend(entry.found)
        if entry.digest is not None:
            share.digests.append(entry.digest)
        share.pages.extend(entry.pages or ())
    return share


def _one(path: Path, project: Path, regions: Sequence[Region], esc: Escaper | None) -> Entry:
    filing, found = load_placed_filing(path, project, regions)
    if filing is None:
        return Entry(found, None, None)
    if esc is None:
        return Entry(found, digest(filing), None)
    pages, summary = render_filing(filing, regions, esc)
    return Entry(found, summary, pages)


def _chunks(paths: list[Path], count: int) -> Iterable[list[Path]]:
    size = max(1, -(-len(paths) // count))
    return (paths[i:i + size] for i in range(0, len(paths), size))


def load_all(root: Path, project: Path, only: Iterable[Path] = (), render: bool = True,
             jobs: int | None = None, cache_dir: Path | None = None) -> Loaded:
    """Load, check and optionally render every filing, in ``jobs`` processes (default: one per core),
    reusing what ``cache_dir`` holds from earlier runs (None: no cache)."""
    settings, regions, found = load_setup(root, project)
    paths = filing_paths(root, only)
    cache = FilingCache(cache_dir, [root / "site.yaml", *sorted(root.glob("*/region.yaml"))])
    jobs = jobs or os.cpu_count() or 1
    mask = settings.mask_phones if render else None
    if jobs == 1 or len(paths) < PARALLEL_FROM:
        shares = [_work(paths, project, regions, mask, cache)]
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        chunks = list(_chunks(paths, jobs * 4))  # several per worker: the shares even out
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            shares = list(pool.map(_work, chunks, *zip(*((project, regions, mask, cache) for _ in chunks),
                                                       strict=True)))
    cache.prune()
    digests = [d for share in shares for d in share.digests]
    found.extend(d for share in shares for d in share.found)
    found.extend(check_across(digests))
    content = Content(settings=settings, regions=regions, filings=())
    return Loaded(content, tuple(digests), tuple(p for share in shares for p in share.pages), found)
