"""The render stage: pure model -> Markdown pages. No file I/O, no clock, no environment.

Pages of one filing need only that filing (``render_filing``); pages about many filings (home, regions,
units, subjects) need only their digests (``render_indexes``). So filings can be rendered anywhere, in any
process, and only digests travel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model.codes import SubjectCode
from generator.model.digest import FilingDigest, digest
from generator.model.filing import Content, Filing
from generator.model.org import Region, region_of
from generator.render import urls
from generator.render.document import filing_pages
from generator.render.escape import Escaper
from generator.render.indexes import (
    home_page,
    region_page,
    search_page,
    subject_page,
    subjects_page,
    unit_page,
)
from generator.render.page import Page
from generator.render.subjects import subject_index

NavItem = dict[str, "str | list[NavItem]"]


@dataclass(frozen=True, slots=True)
class Rendered:
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    """regions and units only: detail pages are reached through index pages"""


def render_filing(filing: Filing, regions: Sequence[Region], esc: Escaper) -> tuple[list[Page], FilingDigest]:
    """The filing's own pages (document, tables, forms) and its digest; no pages for an unregistered unit."""
    owner_region = region_of(regions, filing.unit)
    owner = owner_region.organisation(filing.unit) if owner_region else None
    pages = filing_pages(filing, owner_region, owner, esc) if owner_region and owner else []
    return pages, digest(filing)


def render_indexes(content: Content, digests: Sequence[FilingDigest], filing_pages: Sequence[Page],
                   static: tuple[Page, ...] = ()) -> Rendered:
    """Every page of the site, in a stable order, around the already rendered pages of the filings."""
    esc = Escaper(content.settings.mask_phones)
    pages: list[Page] = [home_page(content, digests, esc), search_page(esc)]
    nav: list[NavItem] = [{"首页": urls.home()}]
    for region in content.regions:
        pages.append(region_page(region, digests, esc))
        section: list[NavItem] = [{"概览": urls.region(region)}]
        for org in region.organisations:
            pages.append(unit_page(region, org, digests, esc))
            section.append({esc.title(org.name): urls.unit(region, org.id)})
        nav.append({esc.title(region.name): section})
    pages.extend(filing_pages)
    index = subject_index(content.regions, digests)
    pages.append(subjects_page(index, esc))
    children: dict[SubjectCode, list[SubjectCode]] = defaultdict(list)
    for code in index:
        if code.parent is not None:
            children[code.parent].append(code)
    pages.extend(subject_page(code, occ, index, children.get(code, ()), esc) for code, occ in index.items())
    nav.append({"预算科目": urls.subjects()})
    for page in static:
        pages.append(page)
        nav.append({page.title: page.path})
    return Rendered(tuple(pages), tuple(nav))


def render_site(content: Content, static: tuple[Page, ...] = ()) -> Rendered:
    """Every page of the site, rendered in this process."""
    esc = Escaper(content.settings.mask_phones)
    pages: list[Page] = []
    digests: list[FilingDigest] = []
    for filing in content.filings:
        own, summary = render_filing(filing, content.regions, esc)
        pages.extend(own)
        digests.append(summary)
    return render_indexes(content, digests, pages, static)
