"""Spreading the per-filing work over processes.

This process takes from the filing cache what it holds. Each worker loads, checks, extracts and (for a build)
renders a share of the other filings and hands back, for each, its extract as JSON text and its pages as plain
strings: data, never objects, which is also what the cache keeps. The same code runs in-process for small content or
``jobs=1``; the result is identical either way."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Entry, FilingCache
from generator.diagnostics import Diagnostic
from generator.facts import codec, extract
from generator.load.content import load_placed_filing, prior_path, relative
from generator.load.nodes import read_file
from generator.model.extract import Extract
from generator.model.org import Region, region_of

if TYPE_CHECKING:
    from generator.render.overview import Overview
    from generator.render.page import Page

PARALLEL_FROM = 24
"""below this many filings one process is faster than starting workers"""


@dataclass(frozen=True, slots=True)
class Done:
    """One filing's result, decoded: its extract (None when it could not be loaded, then ``found`` says why;
    its sections are read when first asked for), the whole extract as published (JSON text, or the cache file
    that holds it), its overview (subject rows, headline figures, indicators) and its pages (None when only checked)."""

    extract: Extract | None
    document: str | Path | None
    overview: Overview | None
    pages: list[Page] | None
    found: tuple[Diagnostic, ...]
    files: tuple[tuple[str, bytes | Path], ...] = ()
    """the filing's downloads (path on the site, content or the cache file holding it)"""


Priors = dict[Path, Extract]
"""the extracts a worker made of its latest unit's filings, for the rules that compare a filing with its 上年"""


def _read_prior(path: Path, rules: bool, root: Path | None) -> tuple[Path | None, bytes | None]:
    """The filing of the year before and its bytes, when the rules run and there is one (read as any content file
    is: inside the content tree, within the size limit)."""
    prior = prior_path(path) if rules else None
    if prior is None:
        return None, None
    data, _ = read_file(prior, prior.name, root)  # its problems are reported when it is loaded itself
    return (prior, data) if data is not None else (None, None)


def _prior_extract(prior: Path, data: bytes, project: Path, regions: Sequence[Region],
                   priors: Priors) -> Extract | None:
    """The extract of the year before: the one this worker just made, else loaded here (None when it does not
    load: it is reported when it is checked itself)."""
    known = priors.get(prior)
    if known is not None:
        return known
    filing, found = load_placed_filing(prior, project, regions, data)
    if filing is None:
        return None
    return extract(filing, region_of(regions, filing.unit), found)


def compute(path: Path, project: Path, regions: Sequence[Region], mask: bool | None,
            cache: FilingCache | None = None, rules: bool = True, sections: bool = True,
            priors: Priors | None = None, downloads: bool = False, root: Path | None = None) -> Entry:
    """Load, extract, check (with the checker's rules unless ``rules`` is false) and (unless ``mask`` is None)
    render one filing, with its downloads when ``downloads``, from the bytes read once here; the entry is stored
    under the key of exactly those bytes (and of the year before's, which the rules read). ``sections`` false keeps
    the extract's head alone (a check that reports and is done). ``priors`` keeps the extracts made, for the next
    year's filing of the unit. Only files inside the content tree ``root`` are read (``read_file``)."""
    file = relative(path, project)
    priors = {} if priors is None else priors
    data, found = read_file(path, file, root)
    prior, prior_data = _read_prior(path, rules, root)
    if data is None:
        return Entry(codec.dumps_failure(file, found), None, None if mask is None else "[]",
                     None if mask is None else ())
    filing, found = load_placed_filing(path, project, regions, data)
    if filing is None:
        entry = Entry(codec.dumps_failure(file, found), None, None if mask is None else "[]",
                      None if mask is None else ())
    else:
        region = region_of(regions, filing.unit)
        facts = extract(filing, region, found)
        if rules:
            from generator import check

            last = _prior_extract(prior, prior_data, project, regions, priors) \
                if prior is not None and prior_data is not None else None
            priors[path] = facts
            facts = facts.checked(*check.run(filing, facts, region, last))
        entry = Entry(codec.head(facts), codec.dumps(facts) if sections or mask is not None else None)
        if mask is not None:  # imported only when rendering: `gongkai check` does without the renderer
            from generator.render import render_filing
            from generator.render.escape import Escaper
            from generator.render.overview import overview, to_json

            view = overview(facts)  # what the index pages need, and the filing page's headline figures
            pages = tuple((p.path, p.text, p.title, p.body)
                          for p in render_filing(filing, region, Escaper(mask), facts, downloads, view))
            files: tuple[tuple[str, bytes | Path], ...] = ()
            if downloads and region is not None and facts.identity.path is not None:
                from generator.render.opendata import filing_downloads

                files = tuple(filing_downloads(filing, facts, region, mask))
            entry = Entry(entry.head, entry.document, to_json(view), pages, files)
    if cache is not None:
        key = cache.key(file, data, prior_data)
        cache.put(key, entry)
        if entry.files and cache.folder is not None:  # hand back the cache's files, not their bytes
            entry = dataclasses.replace(entry, files=tuple((p, cache.file(key, n))
                                                           for n, (p, _) in enumerate(entry.files)))
    return entry


def _work(todo: Sequence[Path], project: Path, regions: Sequence[Region], mask: bool | None,
          cache: FilingCache, rules: bool, sections: bool, downloads: bool, root: Path | None = None) -> list[Entry]:
    priors: Priors = {}
    entries = []
    for path in todo:  # a unit's filings in order of year: each finds its 上年 made just before it
        if priors and next(iter(priors)).parent != path.parent:
            priors.clear()
        entries.append(compute(path, project, regions, mask, cache, rules, sections, priors, downloads, root))
    return entries


def decode(entry: Entry) -> Done:
    """An entry's documents, validated (codec.ExtractError or ValueError when they are not valid): the extract's
    head, and for a build its overview and pages; the extract's sections when first asked for."""
    document = entry.document

    def text() -> str:
        if document is None:
            raise codec.ExtractError("the extract is missing")
        return document if isinstance(document, str) else document.read_text(encoding="utf-8")

    result = codec.load_result(entry.head, text)  # a head alone (only checked) reads no sections: ``text`` not called
    summary = pages = None
    if entry.pages is not None:  # imported only when rendering, as in ``compute``
        from generator.render.page import Page

        pages = [Page(*p) for p in entry.pages]
    if isinstance(result, Extract):
        if document is None and entry.pages is not None:
            raise codec.ExtractError("the extract is missing")
        if entry.pages is not None:
            from generator.render.overview import from_json

            summary = from_json(entry.index or "")
        return Done(result, document, summary, pages, result.diagnostics, entry.files)
    return Done(None, None, None, pages, result)


def _lookup(cache: FilingCache, path: Path, project: Path, render: bool, sections: bool,
            rules: bool, root: Path | None = None) -> Done | None:
    if cache.folder is None:
        return None
    data, _ = read_file(path, path.name, root)
    if data is None:
        return None  # the loader reports why the file cannot be read
    entry = cache.get(cache.key(relative(path, project), data, _read_prior(path, rules, root)[1]), need_pages=render)
    if entry is None:
        return None
    try:
        done = decode(entry)
    except ValueError:  # codec.ExtractError included: a damaged or planted entry is recomputed
        return None
    if sections and done.extract is not None and done.document is None:
        return None  # only the head was kept (by a check), and the sections are wanted
    return done


def _chunks(items: list[Path], count: int) -> list[list[Path]]:
    """About ``count`` shares of ``items`` (sorted by path), never splitting a unit's folder: its filings are
    made in order of year by one worker, each with the one before at hand."""
    size = max(1, -(-len(items) // count))
    chunks: list[list[Path]] = [[]]
    for index, item in enumerate(items):
        if len(chunks[-1]) >= size and item.parent != items[index - 1].parent:
            chunks.append([])
        chunks[-1].append(item)
    return [chunk for chunk in chunks if chunk]


def run(paths: Sequence[Path], project: Path, regions: Sequence[Region], mask: bool | None, cache: FilingCache,
        jobs: int | None = None, rules: bool = True, sections: bool = True, downloads: bool = False,
        root: Path | None = None) -> list[Done]:
    """The result of every filing in ``paths``, in order: from the cache where it holds a valid entry, computed
    by ``jobs`` worker processes (default: one per core) otherwise. ``mask`` None: check only, no pages;
    ``downloads``: each rendered filing's downloads too (the cache's variant must say so); ``root``: the content
    tree, outside which nothing is read."""
    render = mask is not None
    done: list[Done | None] = [_lookup(cache, path, project, render, sections, rules, root) for path in paths]
    todo = [paths[i] for i, entry in enumerate(done) if entry is None]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) < PARALLEL_FROM:
        computed = _work(todo, project, regions, mask, cache, rules, sections, downloads, root)
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        chunks = _chunks(todo, jobs * 16)  # many small shares: no worker is left alone with a long last one
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            shares = pool.map(_work, chunks, *zip(*((project, regions, mask, cache, rules, sections, downloads, root)
                                                    for _ in chunks), strict=True))
            computed = [entry for share in shares for entry in share]
    fresh = iter(computed)
    result = [entry if entry is not None else decode(next(fresh)) for entry in done]
    cache.prune()
    return result
