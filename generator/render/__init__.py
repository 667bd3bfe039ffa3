"""The render stage: pure model -> Markdown pages. No file I/O, no clock, no environment.

Pages of one filing need only that filing (``render_filing``); pages about many filings (home, regions,
units, subjects) need only their extracts (``render_indexes``). So filings can be rendered anywhere, in any
process, and only extracts travel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.model.codes import SubjectCode
from generator.model.extract import Extract
from generator.model.filing import Content, Filing
from generator.model.org import Region
from generator.render import urls
from generator.render.checks import checks_page, rules_page, status_pages
from generator.render.document import filing_pages
from generator.render.escape import Escaper
from generator.render.indexes import (
    Site,
    home_page,
    region_page,
    search_page,
    subject_lines,
    subject_page,
    subjects_page,
    unit_page,
)
from generator.render.indicators import indicator_pages
from generator.render.overview import Overview, overview
from generator.render.page import Page
from generator.render.subjects import subject_index

NavItem = dict[str, "str | list[NavItem]"]
"""a title and its page or section; titles are data (site.write_config never writes them as YAML keys)"""


@dataclass(frozen=True, slots=True)
class Rendered:
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    """regions and units only: detail pages are reached through index pages"""
    files: tuple[tuple[str, str | bytes | Path], ...] = ()
    """files published beside the pages, as (path, text or the file that holds it): each filing's extract, the
    extract's schema"""
    later: Later | None = None
    """the downloads, when they are still being made as the pages are published: called, it waits for them and
    gives them as ``files`` does; ``stop`` gives up on them"""


class Later(Protocol):
    """Files still being made (``pipeline``): wanted once the pages are built."""

    def __call__(self) -> Sequence[tuple[str, str | bytes | Path]]: ...

    def stop(self) -> None: ...


def render_filing(filing: Filing, region: Region | None, esc: Escaper, checked: Extract | None = None,
                  downloads: bool = False, view: Overview | None = None) -> list[Page]:
    """The filing's own pages (document, tables, forms), with the findings of its ``checked`` extract beside
    their figures (and its headline figures, from ``view``, its overview, when the caller has it) and, when
    ``downloads``, links to its downloads; none for a unit registered in no region."""
    owner = region.organisation(filing.unit) if region is not None else None
    if region is None or owner is None:
        return []
    return filing_pages(filing, region, owner, esc, checked, downloads, view)


NAV_HIDDEN = ("guide.md", urls.data_format())
"""pages reached from 关于 and 数据下载 rather than from the navigation (the clerks' reference, the data format)"""


def render_indexes(content: Content, filings: Sequence[Extract], filing_pages: Sequence[Page],
                   static: tuple[Page, ...] = (), files: Sequence[tuple[str, str | bytes | Path]] = (),
                   overviews: Sequence[Overview | None] | None = None) -> Rendered:
    """Every page of the site, in a stable order, around the already rendered pages of the filings. ``overviews``
    are the filings' overviews when the caller has them (aligned with ``filings``); they are made from the
    extracts otherwise.

    The navigation names the regions and the site-wide pages only, never a unit: it is written into every page,
    so it must not grow with the county (units are reached from their region's page)."""
    esc = Escaper(content.settings.mask_phones)
    chosen = [i for i, f in enumerate(filings) if f.identity.path is not None]
    published = [filings[i] for i in chosen]
    views = [(overviews[i] if overviews is not None else None) or overview(filings[i]) for i in chosen]
    site = Site(content, published, views)
    pages: list[Page] = [home_page(site, esc), search_page(esc)]
    nav: list[NavItem] = [{"首页": urls.home()}]
    for region in content.regions:
        pages.append(region_page(site, region, esc))
        pages.extend(unit_page(site, region, org, esc) for org in region.organisations)
        nav.append({esc.title(region.name): urls.region(region)})
    pages.extend(filing_pages)
    index = subject_index(content.regions, published, [v.subjects for v in views])
    pages.append(subjects_page(index, esc))
    pages += [checks_page(content, published, esc), rules_page(esc), *status_pages(content, published, esc)]
    children: dict[SubjectCode, list[SubjectCode]] = defaultdict(list)
    for code in index:
        if code.parent is not None:
            children[code.parent].append(code)
    lines = {code: subject_lines(occ) for code, occ in index.items()}  # each code's, read by its parent's page too
    pages.extend(subject_page(code, occ, index, children.get(code, ()), esc, lines) for code, occ in index.items())
    pages.extend(indicator_pages(site, esc))
    nav.append({"预算科目": urls.subjects()})
    nav.append({"绩效指标": urls.indicators()})
    nav.append({"数据核查": [{"核查结果": urls.checks()}, {"核查规则": urls.rules()}]})
    for page in static:
        pages.append(page)
        if page.path not in NAV_HIDDEN:
            nav.append({page.title: page.path})
    return Rendered(tuple(pages), tuple(nav), tuple(files))
