"""Spreading the per-filing work over processes.

This process takes from the filing cache what it holds. Each worker loads, checks, extracts and (for a build)
renders a share of the other filings and hands back, for each, its extract as JSON text and its pages as plain
strings: data, never objects, which is also what the cache keeps. The same code runs in-process for small content or
``jobs=1``; the result is identical either way."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import queue
import traceback
from collections.abc import Sequence
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
    from multiprocessing import Queue

    from generator.model.filing import Filing
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
            priors: Priors | None = None, downloads: bool = False, root: Path | None = None,
            later: list[Downloads] | None = None) -> Entry:
    """Load, extract, check (with the checker's rules unless ``rules`` is false) and (unless ``mask`` is None)
    render one filing, with its downloads when ``downloads``, from the bytes read once here; the entry is stored
    under the key of exactly those bytes (and of the year before's, which the rules read). ``sections`` false keeps
    the extract's head alone (a check that reports and is done). ``priors`` keeps the extracts made, for the next
    year's filing of the unit. Only files inside the content tree ``root`` are read (``read_file``). ``later``
    takes the filing's downloads to be made after every filing's pages (its entry is then stored with them)."""
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
        document = codec.dumps(facts) if sections or mask is not None else None
        entry = Entry(codec.head(facts), document)
        if mask is not None:  # imported only when rendering: `gongkai check` does without the renderer
            from generator.render import render_filing
            from generator.render.escape import Escaper
            from generator.render.overview import overview, to_json

            view = overview(facts)  # what the index pages need, and the filing page's headline figures
            pages = tuple((p.path, p.text, p.title, p.body)
                          for p in render_filing(filing, region, Escaper(mask), facts, downloads, view))
            entry = Entry(entry.head, entry.document, to_json(view), pages,
                          _masked_extract(document, facts, region, mask, rules))
            if downloads and region is not None and facts.identity.path is not None:
                made = Downloads(file, cache.key(file, data, prior_data) if cache is not None else "", entry,
                                 filing, facts, region, bool(mask))
                if later is not None and cache is not None and cache.folder is not None and len(later) < KEEP_AT_MOST:
                    later.append(made)  # made once the shares are all handed back (``_serve``)
                    return entry
                return made.make(cache)[0]
    if cache is not None:
        cache.put(cache.key(file, data, prior_data), entry)
    return entry


def _masked_extract(document: str | None, facts: Extract, region: Region | None, mask: bool, rules: bool
                    ) -> tuple[tuple[str, bytes | Path], ...]:
    """The extract as the site publishes it, when that is not ``document`` itself: with ``mask``, a filing in which
    the checker found personal numbers (PRV001; every filing when the rules do not run) is published with them
    masked (``personal.mask_extract``), while the cache keeps the extract as loaded."""
    if not mask or document is None or region is None or facts.identity.path is None:
        return ()
    if rules and not any(d.code == "PRV001" for d in facts.diagnostics):
        return ()
    from generator.personal import mask_extract
    from generator.render.urls import extract as extract_path

    masked = mask_extract(document)
    return () if masked is document else ((extract_path(region, facts), masked.encode("utf-8")),)


KEEP_AT_MOST = 300
"""the most filings whose downloads a worker leaves for later (each keeps its model in memory, about 1 MB)"""


@dataclass(slots=True)
class Downloads:
    """A filing's downloads still to be made (数据下载: its CSVs, workbook and data package), with what they are made
    from; the filing's cache entry is stored once they are, so that an entry always names files it has."""

    file: str
    """the content file, relative to the project (``Identity.file``)"""
    key: str
    entry: Entry
    filing: Filing
    facts: Extract
    region: Region
    mask: bool

    def make(self, cache: FilingCache | None) -> tuple[Entry, Made]:
        """The downloads, and the entry with them (stored in ``cache``: then the downloads are the cache's files)."""
        from generator.render.opendata import filing_downloads

        files: tuple[tuple[str, bytes | Path], ...] = (  # after what the entry has (its masked extract)
            *self.entry.files, *filing_downloads(self.filing, self.facts, self.region, self.mask))
        entry = dataclasses.replace(self.entry, files=files)
        if cache is not None and cache.put(self.key, entry) and cache.folder is not None:
            files = tuple((p, cache.file(self.key, n)) for n, (p, _) in enumerate(files))  # the cache's, not bytes
        return dataclasses.replace(entry, files=files), Made(self.file, files)


@dataclass(frozen=True, slots=True)
class Made:
    """A filing's downloads, by the filing's content file (``Identity.file``): what a worker hands back once it
    has made them (the parent has the filing's entry already)."""

    file: str
    files: tuple[tuple[str, bytes | Path], ...]


def _work(todo: Sequence[Path], project: Path, regions: Sequence[Region], mask: bool | None,
          cache: FilingCache, rules: bool, sections: bool, downloads: bool, root: Path | None = None,
          later: list[Downloads] | None = None) -> list[Entry]:
    priors: Priors = {}
    entries = []
    for path in todo:  # a unit's filings in order of year: each finds its 上年 made just before it
        if priors and next(iter(priors)).parent != path.parent:
            priors.clear()
        entries.append(compute(path, project, regions, mask, cache, rules, sections, priors, downloads, root, later))
    return entries


def _serve(tasks: Queue[tuple[int, list[Path]] | None], answers: Queue[Answer], project: Path,
           regions: Sequence[Region], mask: bool | None, cache: FilingCache, rules: bool, sections: bool,
           downloads: bool, root: Path | None) -> None:
    """A worker process: it takes shares until there are none and hands back each one's entries at once, leaving
    the downloads for later; then, at the lowest priority (the index pages, mkdocs and Pagefind come first), it
    makes them, stores each filing's entry with them, and hands back where they are. Every worker ends with
    ``end`` or ``error``."""
    gc.freeze()  # what the worker was started with is never garbage: no collection scans it again
    later: list[Downloads] = []
    try:
        while (share := tasks.get()) is not None:
            number, todo = share
            answers.put(("share", number, _work(todo, project, regions, mask, cache, rules, sections, downloads,
                                                root, later)))
        if later:
            _lowest_priority()
            gc.freeze()  # the models kept for the downloads live until the end
            answers.put(("made", 0, [made.make(cache)[1] for made in later]))
    except BaseException:  # handed to the parent, which stops the build and shows it
        answers.put(("error", 0, traceback.format_exc()))
        return
    answers.put(("end", 0, None))


def _lowest_priority() -> None:
    """Run only when a core is otherwise idle (Linux ``SCHED_IDLE``), else at the lowest nice value."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):
            os.nice(19)


Answer = tuple[str, int, object]
"""what a worker hands back: (``share``, its number, its entries), (``made``, 0, each filing's downloads: ``Made``),
(``end``, 0, None) or (``error``, 0, the traceback)"""


class WorkerError(RuntimeError):
    """A worker process failed (a fault of gongkai's, not of the content): the message says where and why, or how
    the process ended."""

    @classmethod
    def from_traceback(cls, text: str) -> WorkerError:
        """The error's place and message: the last frame of the worker's traceback and the exception."""
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        frames = [line for line in lines if line.startswith("File ")]
        return cls("\n".join([*frames[-1:], *lines[-1:]]) or "工作进程出错")


class Workers:
    """Worker processes (``_serve``) and what they hand back. ``shares`` waits for every share's entries;
    ``downloads`` then waits for the downloads the workers made after them; ``stop`` ends the workers (a build
    that publishes nothing need not wait for them)."""

    def __init__(self, jobs: int, chunks: list[list[Path]], args: tuple[object, ...]) -> None:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        self.tasks: Queue[tuple[int, list[Path]] | None] = context.Queue()
        self.answers: Queue[Answer] = context.Queue()
        self.processes = [context.Process(target=_serve, args=(self.tasks, self.answers, *args), daemon=True)
                          for _ in range(min(jobs, len(chunks)))]
        for process in self.processes:
            process.start()
        for number, chunk in enumerate(chunks):
            self.tasks.put((number, chunk))
        for _ in self.processes:
            self.tasks.put(None)
        self.count = len(chunks)
        self.ended = 0
        self.made: list[Made] = []

    def _next(self) -> Answer:
        while True:
            try:
                answer = self.answers.get(timeout=0.5)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in self.processes):
                    self.stop()
                    raise WorkerError("工作进程意外退出（可能内存不足或被终止）") from None
                continue
            if answer[0] == "error":
                self.stop()
                raise WorkerError.from_traceback(str(answer[2]))
            return answer

    def shares(self) -> list[Entry]:
        got: dict[int, list[Entry]] = {}
        while len(got) < self.count:
            kind, number, value = self._next()
            if kind == "share":
                got[number] = value  # type: ignore[assignment]
            elif kind == "made":
                self.made += value  # type: ignore[arg-type]
            else:
                self.ended += 1
        return [entry for number in range(self.count) for entry in got[number]]

    def downloads(self) -> list[Made]:
        while self.ended < len(self.processes):
            kind, _, value = self._next()
            if kind == "made":
                self.made += value  # type: ignore[arg-type]
            elif kind == "end":
                self.ended += 1
        for process in self.processes:
            process.join()
        return self.made

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()


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


class Later:
    """Downloads still being made when every filing's entry is in (``start``): ``wait`` gives each filing's,
    ``stop`` gives up on them."""

    def __init__(self, workers: Workers | None, cache: FilingCache) -> None:
        self.workers = workers
        self.cache = cache

    def wait(self) -> dict[str, tuple[tuple[str, bytes | Path], ...]]:
        """The downloads made after their filing's entry, by content file (``Identity.file``; the others came with
        their entry); then the cache drops what is old (not before: a worker writes a filing's files before its
        entry)."""
        made = self.workers.downloads() if self.workers is not None else []
        self.cache.prune()
        return {m.file: m.files for m in made}

    def stop(self) -> None:
        if self.workers is not None:
            self.workers.stop()


def start(paths: Sequence[Path], project: Path, regions: Sequence[Region], mask: bool | None, cache: FilingCache,
          jobs: int | None = None, rules: bool = True, sections: bool = True, downloads: bool = False,
          root: Path | None = None) -> tuple[list[Done], Later]:
    """The result of every filing in ``paths``, in order: from the cache where it holds a valid entry, computed
    by ``jobs`` worker processes (default: one per core) otherwise. ``mask`` None: check only, no pages;
    ``downloads``: each rendered filing's downloads too (the cache's variant must say so); ``root``: the content
    tree, outside which nothing is read.

    Workers hand back each filing's entry before its downloads are made: those come when ``Later.wait`` is
    called, made meanwhile on whatever core the rest of the build leaves idle."""
    render = mask is not None
    done: list[Done | None] = [_lookup(cache, path, project, render, sections, rules, root) for path in paths]
    todo = [paths[i] for i, entry in enumerate(done) if entry is None]
    jobs = jobs or os.cpu_count() or 1
    workers = None
    if jobs == 1 or len(todo) < PARALLEL_FROM:
        computed = _work(todo, project, regions, mask, cache, rules, sections, downloads, root)
    else:
        chunks = _chunks(todo, jobs * 16)  # many small shares: no worker is left alone with a long last one
        workers = Workers(jobs, chunks, (project, regions, mask, cache, rules, sections, downloads, root))
        try:
            computed = workers.shares()
        except BaseException:
            workers.stop()
            raise
    fresh = iter(computed)
    return [entry if entry is not None else decode(next(fresh)) for entry in done], Later(workers, cache)
