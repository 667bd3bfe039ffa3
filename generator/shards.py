"""Spreading the per-filing work over processes.

This process takes from the filing cache what it holds. Each worker loads, checks and (for a build)
renders a share of the other filings and hands back pages, digests and diagnostics, never whole filings,
which would cost more to pass between processes than to load. Pages about many filings are rendered
afterwards from the digests. The same code runs in-process for small content or ``jobs=1``; the result is
identical either way."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Entry, FilingCache
from generator.diagnostics import Diagnostic
from generator.load.content import check_across, filing_paths, load_placed_filing, load_setup, relative
from generator.model.digest import FilingDigest, digest
from generator.model.filing import Content
from generator.model.org import Region

if TYPE_CHECKING:
    from generator.render.escape import Escaper
    from generator.render.page import Page

PARALLEL_FROM = 24
"""below this many filings one process is faster than starting workers"""


@dataclass(frozen=True, slots=True)
class Loaded:
    """All content, checked: settings and regions in full, filings as digests and (when rendered) pages.
    Digests carry subject rows only when rendered: only the subject pages need them."""

    content: Content
    """settings and regions; ``filings`` is empty: the filings stayed in the workers"""
    digests: tuple[FilingDigest, ...]
    pages: tuple[Page, ...]
    found: list[Diagnostic]


def _work(todo: Sequence[tuple[Path, str | None]], project: Path, regions: Sequence[Region], mask: bool | None,
          cache: FilingCache) -> list[Entry]:
    """Load (and render, unless ``mask`` is None) some filings, storing each result under its key."""
    esc = None
    if mask is not None:  # imported only when rendering: `gongkai check` does without the renderer
        from generator.render.escape import Escaper

        esc = Escaper(mask)
    entries = []
    for path, key in todo:
        entry = _one(path, project, regions, esc)
        if key is not None:
            cache.put(key, entry)
        entries.append(entry)
    return entries


def _one(path: Path, project: Path, regions: Sequence[Region], esc: Escaper | None) -> Entry:
    filing, found = load_placed_filing(path, project, regions)
    if filing is None:
        return Entry(found, None, None)
    if esc is None:
        return Entry(found, digest(filing, subjects=False), None)  # a build never takes a checked-only entry
    from generator.render import render_filing

    pages, summary = render_filing(filing, regions, esc)
    return Entry(found, summary, pages)


def _key(cache: FilingCache, path: Path, project: Path) -> str | None:
    try:
        return cache.key(relative(path, project), path.read_bytes())
    except OSError:
        return None  # the loader reports why the file cannot be read


def _chunks(items: list[tuple[Path, str | None]], count: int) -> list[list[tuple[Path, str | None]]]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def load_all(root: Path, project: Path, only: Iterable[Path] = (), render: bool = True,
             jobs: int | None = None, cache_dir: Path | None = None) -> Loaded:
    """Load, check and optionally render every filing, reusing what ``cache_dir`` holds from earlier runs
    (None: no cache). This process takes what the cache has; the rest is shared among ``jobs`` worker
    processes (default: one per core)."""
    settings, regions, found = load_setup(root, project)
    paths = filing_paths(root, only)
    cache = FilingCache(cache_dir, [root / "site.yaml", *sorted(root.glob("*/region.yaml"))])
    keys = [_key(cache, path, project) for path in paths]
    entries: list[Entry | None] = [cache.get(key, need_pages=render) if key else None for key in keys]
    todo = [(paths[i], keys[i]) for i, entry in enumerate(entries) if entry is None]
    jobs = jobs or os.cpu_count() or 1
    mask = settings.mask_phones if render else None
    if jobs == 1 or len(todo) < PARALLEL_FROM:
        computed = _work(todo, project, regions, mask, cache)
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        chunks = _chunks(todo, jobs * 16)  # many small shares: no worker is left alone with a long last one
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            shares = pool.map(_work, chunks, *zip(*((project, regions, mask, cache) for _ in chunks), strict=True))
            computed = [entry for share in shares for entry in share]
    missing = iter(computed)
    done = [entry if entry is not None else next(missing) for entry in entries]
    cache.prune()
    digests = [e.digest for e in done if e.digest is not None]
    found.extend(d for e in done for d in e.found)
    found.extend(check_across(digests))
    content = Content(settings=settings, regions=regions, filings=())
    return Loaded(content, tuple(digests), tuple(p for e in done for p in e.pages or ()), found)
