"""The render stage: pure model -> Markdown pages. No file I/O, no clock, no environment."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.filing import Content
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


def render_site(content: Content, static: tuple[Page, ...] = ()) -> Rendered:
    """Every page of the site, in a stable order, plus the (small) navigation."""
    esc = Escaper(content.settings.mask_phones)
    pages: list[Page] = [home_page(content, esc), search_page(esc)]
    nav: list[NavItem] = [{"首页": urls.home()}]
    for region in content.regions:
        pages.append(region_page(content, region, esc))
        section: list[NavItem] = [{"概览": urls.region(region)}]
        for org in region.organisations:
            pages.append(unit_page(content, region, org, esc))
            section.append({esc.title(org.name): urls.unit(region, org.id)})
        nav.append({esc.title(region.name): section})
    for filing in content.filings:
        owner_region = content.region_of(filing.unit)
        owner = owner_region.organisation(filing.unit) if owner_region else None
        if owner_region is not None and owner is not None:
            pages.extend(filing_pages(filing, owner_region, owner, esc))
    index = subject_index(content)
    pages.append(subjects_page(index, esc))
    pages.extend(subject_page(code, occ, index, esc) for code, occ in index.items())
    nav.append({"预算科目": urls.subjects()})
    for page in static:
        pages.append(page)
        nav.append({page.title: page.path})
    return Rendered(tuple(pages), tuple(nav))
