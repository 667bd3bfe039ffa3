"""The pipeline, one function for the command line, the tests and the benchmark alike:

    content/ --load--> model (+ spans, measures, row keys, figures) --facts--> extract --render--> pages

Each filing is loaded, checked, extracted and (for a build) rendered on its own, in worker processes or from the
filing cache (``shards``); what concerns several filings (one filing per unit, year and kind; the index and
subject pages) is done here from the extracts. ``site.build_site`` takes the result to mkdocs and Pagefind."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator import shards
from generator.cache import FilingCache
from generator.diagnostics import Diagnostic, Severity
from generator.facts.codec import SCHEMA
from generator.load.content import check_across, filing_paths, load_setup
from generator.model.extract import Extract
from generator.model.filing import Content, Settings
from generator.model.org import Region

if TYPE_CHECKING:
    from generator.render import Rendered

SCHEMA_PATH = "schema/extract-1.json"
"""where the extract's JSON Schema is published on the site"""


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the pipeline found: settings and regions, one extract per filing that loaded (with its JSON
    text), every diagnostic, and the rendered site when asked for."""

    settings: Settings
    regions: tuple[Region, ...]
    extracts: tuple[Extract, ...]
    """one per filing that loaded; each reads its sections when first asked for"""
    found: list[Diagnostic]
    rendered: Rendered | None = None
    """``render.Rendered`` for a build; None for a check"""
    left_out: tuple[str, ...] = ()
    """the filings with errors that the rendered site leaves out whole (``leave_out``), by file"""

    @property
    def broken(self) -> tuple[str, ...]:
        """Every file with an error, in order: a build publishes nothing while there is one (unless told to
        leave the broken filings out)."""
        return tuple(sorted({d.span.file for d in self.found if d.severity is Severity.ERROR}))

    @property
    def content(self) -> Content:
        return Content(self.settings, self.regions, ())


def run(root: Path, project: Path, *, only: Sequence[Path] = (), render: bool = True, jobs: int | None = None,
        cache: Path | None = None, rules: bool = True, sections: bool = True, downloads: bool = False,
        leave_out: bool = False, defer: bool = False) -> Result:
    """Load, extract and check every filing below ``root`` (or only the given files), and render the whole site
    unless ``render`` is false. ``cache`` is the filing cache's folder (None: no cache); ``jobs`` the number of
    worker processes (default one per core); ``rules`` false skips the checker's rules (problems of form are
    reported all the same); ``sections`` false (a check that only reports) keeps each extract's head alone;
    ``downloads`` (for a build) makes each filing's downloads and the site's tidy tables; ``leave_out`` renders the
    site without the filings that have errors, whole (no pages, downloads, search records, navigation or listing):
    a filing is published complete or not at all. ``defer`` leaves the downloads to be waited for by whoever
    publishes the site (``Rendered.later``): the workers make them on the cores the rest of the build leaves idle;
    otherwise they are in ``Rendered.files``."""
    settings, regions, found = load_setup(root, project)
    downloads = downloads and render
    filing_cache = FilingCache(cache, [root / "site.yaml", *sorted(root.glob("*/region.yaml"))],
                               ("rules" if rules else "") + ("+downloads" if downloads else ""), root)
    mask = settings.mask_phones if render else None
    done, pending = shards.start(filing_paths(root, only), project, regions, mask, filing_cache, jobs, rules,
                                 sections, downloads, root)
    if not downloads:
        pending.wait()  # nothing is left for later (and the cache is pruned)
    loaded = [d for d in done if d.extract is not None]
    extracts = [d.extract for d in loaded if d.extract is not None]
    for d in done:
        found.extend(d.found)
    found.extend(check_across(extracts, found))
    if rules and not only:  # which units have not published is a question about the whole content
        from generator.check.coverage import coverage

        found.extend(coverage(regions, extracts))
    result = Result(settings, regions, tuple(extracts), found)
    if not render:
        return result
    left_out: tuple[str, ...] = ()
    if leave_out:
        broken = set(result.broken)
        left_out = tuple(e.identity.file for e in extracts if e.identity.file in broken)
        done = [d for d in done if d.extract is None or d.extract.identity.file not in broken]
        loaded = [d for d in loaded if d.extract is not None and d.extract.identity.file not in broken]
        extracts = [d.extract for d in loaded if d.extract is not None]
    from generator.render import render_indexes  # `gongkai check` does without the renderer
    from generator.render.urls import extract as extract_path
    from generator.site import generated_pages, static_pages

    files: list[tuple[str, str | bytes | Path]] = []
    for d in loaded:  # each filing's extract, as its worker published it (masked) or as loaded
        if d.extract is not None and d.document is not None and d.extract.identity.path is not None:
            path = extract_path(_region(regions, d.extract), d.extract)
            files.append(next(((p, s) for p, s in d.files if p == path), (path, d.document)))
    extracts_at = {path for path, _ in files}
    files.append((SCHEMA_PATH, SCHEMA))
    generated = generated_pages()
    later = None
    if downloads:  # each filing's, as its worker made them; the site's, assembled from those
        from generator.render.escape import Escaper
        from generator.render.opendata import downloads_page

        later = _Downloads(settings, loaded, pending, cache / "site" if cache is not None else None, _changed(root),
                           extracts_at)
        indicators = any(d.extract.indicators for d in loaded if d.extract is not None
                         and d.extract.identity.path is not None)
        generated = (*generated, downloads_page(settings, Escaper(settings.mask_phones), indicators))
        if not defer:
            files += later()
            later = None
    pages = [p for d in done for p in d.pages or ()]
    static = static_pages(root, settings.mask_phones, found, project)
    rendered = render_indexes(result.content, extracts, pages, (*static, *generated), files,
                              [d.overview for d in loaded])
    return Result(settings, regions, result.extracts, found, dataclasses.replace(rendered, later=later), left_out)


class _Downloads:
    """The downloads of the filings published (``loaded``): each filing's, as its worker made them (with its entry,
    or later: ``pending``), and the site's, assembled from those (``bulk``); called once, when they are wanted."""

    def __init__(self, settings: Settings, loaded: Sequence[shards.Done], pending: shards.Later, keep: Path | None,
                 changed: str, extracts: set[str]) -> None:
        self.settings, self.loaded, self.pending, self.keep, self.changed = settings, loaded, pending, keep, changed
        self.extracts = extracts
        """where the extracts are published (a masked one comes with the filing's files, but is not a download)"""

    def __call__(self) -> list[tuple[str, str | bytes | Path]]:
        from generator import bulk

        made = self.pending.wait()
        own: list[tuple[str, str | bytes | Path]] = []
        for d in self.loaded:
            assert d.extract is not None
            own += [f for f in (*d.files, *made.get(d.extract.identity.file, ())) if f[0] not in self.extracts]
        return [*own, *bulk.bulk(self.settings, own, self.keep, self.changed)]

    def stop(self) -> None:
        self.pending.stop()


def _changed(root: Path) -> str:
    """When the content last changed (its newest file), as the data package's date: a rebuild of unchanged content
    gives the same package, and the same archive."""
    newest = max((p.stat().st_mtime for p in root.rglob("*.yaml") if p.is_file()), default=0.0)
    return datetime.fromtimestamp(newest, UTC).isoformat(timespec="seconds")


def _region(regions: tuple[Region, ...], filing: Extract) -> Region:
    region = next((r for r in regions if filing.identity.region and r.slug == filing.identity.region.id), None)
    assert region is not None  # a published extract names its region
    return region
