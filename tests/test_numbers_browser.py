"""What a reader sees of the numbers, in headless Chromium at desktop and phone sizes: headline figures that link to
their rows, subject pages that sum, the indicator index narrowed to one kind, charts with their text alternatives,
no request to another host, and no serious accessibility violation on these pages."""

from __future__ import annotations

from typing import Any

import pytest

from generator.pipeline import run

from .conftest import CONTENT, Served
from .test_browser import PHONE, SUBJECT, UNIT, Browse, _axe, _describe, axe_source, browse, site  # noqa: F401

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


def _in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""", selector))


@SIZES
def test_unit_total_links_to_the_row_that_prints_it(browse: Browse, site: Served, size: dict[str, Any]) -> None:
    page = browse.page(**size)
    page.goto(site.base + UNIT)
    card = page.locator(".gk-headline-item", has_text="支出合计").first
    assert "2,495.56" in card.inner_text()
    card.locator("a").click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash").lstrip("#")
    assert page.url.split("#")[0].endswith("/2023/tables/") and anchor
    row = page.locator(f"tr[id='{anchor}']")
    assert "2,495.56" in row.inner_text()
    assert _in_view(page, f"tr[id='{anchor}']"), "the row is on screen after following the link"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@SIZES
def test_subject_page_line_with_its_measures_and_links(browse: Browse, site: Served, size: dict[str, Any]) -> None:
    page = browse.page(**size)
    page.goto(site.base + SUBJECT)
    line = page.locator("#occurrences ~ div table tbody tr", has_text="寻乌县").first
    cells = [c.strip() for c in line.locator("td").all_inner_texts()]
    assert cells[3:6] == ["282.90", "282.90", ""], cells
    links = line.locator("td:last-child a")
    assert links.count() >= 2, "every table that prints the code is linked"
    links.first.click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash").lstrip("#")
    assert "282.90" in page.locator(f"tr[id='{anchor}']").inner_text()


def test_indicator_index_narrowed_to_satisfaction(browse: Browse, site: Served) -> None:
    result = run(CONTENT, CONTENT.parent, render=False, jobs=1)
    expected = sum(1 for e in result.extracts for i in e.indicators if i.level1.strip() == "满意度指标")
    page = browse.page(**PHONE)
    page.goto(site.base + "indicators/")
    page.get_by_role("link", name="满意度指标", exact=True).click()
    page.wait_for_load_state()
    rows = page.locator("article table.gk-list tbody tr")
    assert rows.count() == expected > 0
    first = rows.first.locator("td").nth(3).locator("a")
    first.click()
    page.wait_for_load_state()
    assert "/projects/#" in page.url, "each indicator links to its form"


@SIZES
def test_charts_have_text_alternatives_and_their_numbers(browse: Browse, site: Served, size: dict[str, Any]) -> None:
    page = browse.page(**size)
    page.goto(site.base + "xunwu/xunwu-sbfwzx/2023/")
    charts = page.locator("figure.gk-chart")
    assert charts.count() >= 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        svg = chart.locator("svg[role=img]")
        labelled = svg.get_attribute("aria-labelledby") or ""
        title, desc = labelled.split()
        assert page.locator(f"#{title}").text_content() and page.locator(f"#{desc}").text_content()
        assert chart.locator("table tbody tr").count() >= 2, "the same numbers, as a table"
        box = svg.bounding_box()
        assert box is not None and box["width"] <= size["viewport"]["width"]
    assert "2,457.00" in charts.nth(1).inner_text()


@pytest.mark.parametrize("path", ["", UNIT, "xunwu/", "xunwu/xunwu-sbfwzx/2023/", SUBJECT, "indicators/",
                                  "indicators/satisfaction/"])
def test_reading_pages_have_no_serious_accessibility_violations(browse: Browse, site: Served, axe_source: str,
                                                                 path: str) -> None:
    page = browse.page()
    page.goto(site.base + path)
    page.wait_for_load_state("networkidle")
    serious = [v for v in _axe(page, axe_source) if v["impact"] in ("serious", "critical")]
    assert not serious, f"{path or 'home'}:\n{_describe(serious)}"
