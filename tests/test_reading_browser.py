"""Citing one number, phones and search that answers, in a real browser (issue 12, items 6–8).

A link to one table row lands with the row, its column headers and the line naming the table, unit, year and
unit of money in view, on a desktop and on a phone; each row's visible # control copies its link (mouse and
keyboard); on a phone the code and name columns stay in view while a wide table scrolls sideways, no form layout
is cut off and no code breaks across lines; searching a code or a subject name puts its subject page first, an
excerpt beside a code shows only that row's figures, and 三公, 机关运行经费, 政府采购 find sections by heading.
Uses the built seeds, the server and the request-recording browser of tests/test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from . import test_browser as _browser
from .conftest import SUBPATH, Served
from .test_browser import PHONE, SUBJECT, TABLES, Browse, _axe, _describe, _origin, _squash

# the fixtures of tests/test_browser.py: the built seeds served on loopback, recorded browser contexts, axe-core
site = _browser.site
browse = _browser.browse
axe_source = _browser.axe_source

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
VIEWS = {"desktop": DESKTOP, "phone": PHONE}

# Rows worth landing on: one high in a short table, one at the bottom of the longest (under a tall header).
ROWS = ["expenditure-2080109", "income-2080109", "general_basic-31099", "summary-r14"]

_LANDING_JS = """id => {
  const row = document.getElementById(id);
  const box = row.closest(".gk-scroll");
  const head = box.querySelector("thead").getBoundingClientRect();
  const bar = document.querySelector(".md-header").getBoundingClientRect();
  const cite = row.closest(".gk-table").querySelector(".gk-cite");
  const r = row.getBoundingClientRect(), b = box.getBoundingClientRect(), c = cite.getBoundingClientRect();
  // the header cells are drawn on top (not covered by the rows scrolled under them), the row's cells too
  const covered = [...box.querySelectorAll("thead th"), ...row.cells].filter(c => {
      const e = c.getBoundingClientRect();
      const x = e.left + 5, y = (e.top + e.bottom) / 2;
      if (x < b.left || x > Math.min(b.right, innerWidth) - 2 || y > innerHeight) return false;  // scrolled out
      const hit = document.elementFromPoint(x, y);
      return !(hit && (hit === c || c.contains(hit)));
  }).map(c => c.textContent.slice(0, 12));
  return {covered: covered, row: [r.top, r.bottom], head: [head.top, head.bottom], box: [b.top, b.bottom],
          bar: bar.bottom,
          cite: [c.top, c.bottom], citeText: cite.textContent, label: box.getAttribute("aria-label"),
          height: innerHeight, target: document.querySelector(":target") && document.querySelector(":target").id};
}"""


def _visible(top: float, bottom: float, upper: float, lower: float) -> bool:
    return upper - 1 <= top and bottom <= lower + 1


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("row", ROWS)
def test_a_row_link_lands_with_the_row_and_its_headers_in_view(browse: Browse, site: Served, view: str,
                                                               row: str) -> None:
    page = browse.page(**VIEWS[view])
    page.goto(f"{site.base}{TABLES}#{row}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)
    at = page.evaluate(_LANDING_JS, row)
    assert at["target"] == row
    assert not at["covered"], f"cells hidden under other cells: {at}"
    # the column headers: under the site's header, at the top of the table's box
    assert _visible(*at["head"], at["bar"], at["height"]), at
    assert at["head"][0] >= at["box"][0] - 1, at
    # the row: below the sticky headers, inside the box and the window
    assert at["row"][0] >= at["head"][1] - 1, f"the row is hidden under the table's header: {at}"
    assert _visible(*at["row"], at["bar"], min(at["height"], at["box"][1])), at
    # what is cited: unit, year, table and unit of money, named by the box and printed above it
    for part in ("寻乌县社会保险服务中心", "2023", "金额单位：万元"):
        assert part in at["citeText"] and part in at["label"], (part, at)
    assert _visible(*at["cite"], at["bar"], at["height"]), f"the cite line is not in view: {at}"


def test_each_row_has_a_copy_link_control_for_mouse_and_keyboard(browse: Browse, site: Served) -> None:
    page = browse.page(**DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.base + TABLES)
    rows = page.locator("table.gk-grid tbody tr[id]")
    controls = page.locator("table.gk-grid tbody tr[id] a.gk-permalink")
    assert rows.count() == controls.count() > 50
    control = page.locator("#expenditure-2080109 a.gk-permalink")
    assert control.is_visible() and control.get_attribute("aria-label") == "复制本行链接"
    control.click()
    expected = f"{site.base}{TABLES}#expenditure-2080109"
    page.wait_for_function("() => (document.querySelector('.gk-status') || {}).textContent")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "已复制" in page.locator(".gk-status").inner_text()
    assert page.url == expected

    other = page.locator("#income-2080109 a.gk-permalink")
    other.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#income-2080109'")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site.base}{TABLES}#income-2080109"
    at = page.evaluate(_LANDING_JS, "income-2080109")
    assert at["row"][0] >= at["head"][1] - 1 and _visible(*at["row"], at["bar"], at["height"]), at


def test_without_the_script_the_control_is_a_link_to_the_row(browser: Any, site: Served) -> None:
    b = Browse(browser, _origin(site.base))
    try:
        page = b.page(java_script_enabled=False, **DESKTOP)
        page.goto(site.base + TABLES)
        control = page.locator("#expenditure-2080109 a.gk-permalink")
        assert control.is_visible() and control.get_attribute("href") == "#expenditure-2080109"
    finally:
        b.close()


# ------------------------------------------------------------------------------------------------ phones


_STICKY_JS = """id => {
  const row = document.getElementById(id);
  const box = row.closest(".gk-scroll");
  box.scrollLeft = 0;
  const before = [...row.cells].slice(0, 2).map(c => c.getBoundingClientRect().left);
  box.scrollLeft = 400;
  const cells = [...row.cells].map(c => c.getBoundingClientRect());
  const b = box.getBoundingClientRect();
  const heads = [...box.querySelectorAll("thead th.gk-stick")].map(th => th.getBoundingClientRect().left - b.left);
  return {scrolled: box.scrollLeft, before: before.map(x => x - b.left),
          after: cells.slice(0, 2).map(c => [c.left - b.left, c.right - b.left]),
          third: cells[2].left - b.left, heads: heads, width: b.width};
}"""


@pytest.mark.parametrize("row", ["income-2080109", "income-20801"])
def test_phone_keeps_code_and_name_columns_in_view(browse: Browse, site: Served, row: str) -> None:
    page = browse.page(**PHONE)
    page.goto(site.base + TABLES)
    page.wait_for_load_state("load")
    at = page.evaluate(_STICKY_JS, row)
    assert at["scrolled"] > 100, f"the table should scroll sideways on a phone: {at}"
    (code_left, code_right), (name_left, name_right) = at["after"]
    assert abs(code_left - at["before"][0]) <= 1, f"the code column scrolled away: {at}"
    assert abs(name_left - code_right) <= 1, f"the name column does not sit beside the code: {at}"
    assert name_right < at["width"] * 0.75, f"the label columns leave too little room for figures: {at}"
    assert at["heads"] and all(x <= code_right + 1 for x in at["heads"]), f"their headers scrolled away: {at}"
    # the row a link leads to is marked across its whole width, the label cells included
    page.goto(f"{site.base}{TABLES}#{row}")
    colours = page.evaluate(
        "id => [...document.getElementById(id).cells].map(c => getComputedStyle(c).backgroundColor)", row)
    assert len(set(colours)) == 1 and colours[0] != "rgb(255, 255, 255)", colours


def _form_pages(site_dir: Path) -> list[str]:
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.glob("*/*/*/projects/index.html"))


_FORM_JS = """() => {
  const problems = [];
  const layouts = new Set();
  for (const wrap of document.querySelectorAll(".gk-form-wrap")) {
    layouts.add(wrap.dataset.layout);
    for (const e of wrap.querySelectorAll("*")) {
      const r = e.getBoundingClientRect();
      if (!r.width) continue;
      // inside a scroll box, content may reach as far as the box scrolls; outside, only to the window's edge
      const box = e.parentElement.closest(".gk-scroll");
      const limit = box ? box.getBoundingClientRect().left - box.scrollLeft + box.scrollWidth : innerWidth;
      const start = box ? box.getBoundingClientRect().left - box.scrollLeft : 0;
      if (r.right > limit + 1 || r.left < start - 1)
        problems.push(wrap.dataset.layout + " " + e.tagName + " " + e.textContent.slice(0, 20));
      const style = getComputedStyle(e);
      if (["hidden", "clip"].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        problems.push("clipped " + wrap.dataset.layout + " " + e.tagName + " " + e.textContent.slice(0, 20));
    }
  }
  return {layouts: [...layouts], problems: problems.slice(0, 10), width: document.documentElement.scrollWidth};
}"""


def test_phone_shows_every_form_layout_without_cut_off_content(browse: Browse, site: Served,
                                                               built_site: Path) -> None:
    page = browse.page(**PHONE)
    layouts: set[str] = set()
    for path in _form_pages(built_site):
        page.goto(site.base + path)
        at = page.evaluate(_FORM_JS)
        assert at["width"] <= 391, (path, at)
        assert not at["problems"], (path, at)
        layouts.update(at["layouts"])
    assert layouts >= {"jx2023", "yx_fu2_1", "yx_fu2_2", "yz2022_public", "sg2019_fj1_1", "sg2019_fj2_1"}, layouts


_BROKEN_CODES_JS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(".md-content"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.textContent.matchAll(/\\d{3,}/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("path", [TABLES, SUBJECT, "yiyang/yiyang-sbglzx/2023/projects/", "subjects/"])
def test_phone_never_breaks_a_code_across_lines(browse: Browse, site: Served, path: str) -> None:
    page = browse.page(**PHONE)
    page.goto(site.base + path)
    assert page.evaluate(_BROKEN_CODES_JS) == []


# ------------------------------------------------------------------------------------------------ search


def _results(page: Any, base: str, query: str) -> list[dict[str, Any]]:
    """What Pagefind's UI shows for the query: each result's link, its excerpt, its sub-results' links, titles and
    excerpts."""
    page.goto(f"{base}search/?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__loading')")
    shown: list[dict[str, Any]] = page.eval_on_selector_all("li.pagefind-ui__result", """items => items.map(li => ({
        link: li.querySelector(".pagefind-ui__result-link").getAttribute("href"),
        excerpts: [...li.querySelectorAll(".pagefind-ui__result-excerpt")].map(p => p.textContent),
        subs: [...li.querySelectorAll(".pagefind-ui__result-nested .pagefind-ui__result-link")].map(a =>
            ({link: a.getAttribute("href"), title: a.textContent}))}))""")
    return shown


@pytest.mark.parametrize("query", ["2080109", "社会保险经办机构"])
def test_search_puts_the_subject_page_first(browse: Browse, site: Served, query: str) -> None:
    page = browse.page()
    shown = _results(page, site.base, query)
    assert shown[0]["link"] == SUBPATH + SUBJECT, [r["link"] for r in shown]


def test_search_excerpt_beside_a_code_shows_only_its_row(browse: Browse, site: Served) -> None:
    page = browse.page()
    shown = _results(page, site.base, "2080109")
    tables = next(r for r in shown if r["link"] == SUBPATH + TABLES)
    assert tables["subs"] and all(re.search(r"#\w+-2080109$", s["link"]) for s in tables["subs"]), tables
    excerpts = [e for r in shown for e in r["excerpts"] if "2080109" in e]
    assert excerpts
    for excerpt in excerpts:
        assert "283.88" not in excerpt, f"the parent row's figure beside 2080109: {excerpt}"
    # a row's sub-result leads to the row itself
    with page.expect_navigation():
        page.locator(f".pagefind-ui__result-nested a[href='{tables['subs'][0]['link']}']").click()
    assert page.evaluate("document.querySelector(':target').id").endswith("-2080109")


@pytest.mark.parametrize("query", ["三公", "机关运行经费", "政府采购"])
def test_search_finds_sections_by_heading(browse: Browse, site: Served, query: str) -> None:
    page = browse.page()
    shown = _results(page, site.base, query)
    first = shown[0]
    assert not first["link"].endswith(("/about/", "/checks/rules/", "/guide/")), [r["link"] for r in shown]
    sections = [s for s in first["subs"] if "#" in s["link"] and _squash(query)[:2] in _squash(s["title"])]
    assert sections, f"{query}: the first result has no section about it: {first}"


# --------------------------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("view", VIEWS)
def test_landing_on_a_row_has_no_serious_accessibility_violations(browse: Browse, site: Served, axe_source: str,
                                                                   view: str) -> None:
    page = browse.page(**VIEWS[view])
    page.goto(f"{site.base}{TABLES}#expenditure-2080109")
    page.wait_for_load_state("networkidle")
    violations = [v for v in _axe(page, axe_source) if v["impact"] in ("serious", "critical")]
    assert not violations, _describe(violations)
