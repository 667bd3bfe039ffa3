"""The built site in a real browser (Debian's Chromium via Playwright), served on loopback under /gongkai/.

What a reader does: click from the home page down to an official table and on to a budget subject, read a
performance-target form, search in Chinese, use a phone, print to PDF; plus axe-core accessibility checks
and search speed and download size, on the real seeds and on a synthetic county.

Every browser context records every request it makes; each test checks that all of them went to the
loopback server that serves the site (no fonts, scripts or beacons from any other host). Requests to
other hosts are also aborted, so a regression cannot hang a test on the network.

Needs: Debian's chromium (see conftest.py), axe-core from `npm ci --prefix tests/browser`, and for one
sub-check `pdftotext` (Debian package poppler-utils). Search figures are printed even under -q.
Environment: GONGKAI_SYNTH=UNITSxYEARS sizes the synthetic county (default 24x3, about a minute to build);
GONGKAI_SEARCH_MS relaxes the 300 ms search budget on a slow or shared CI machine.
"""

from __future__ import annotations

import html
import importlib.metadata
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from .conftest import ROOT, SUBPATH, Served, run_gongkai

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

HOME = ""
REGION = "xunwu/"
UNIT = "xunwu/xunwu-sbfwzx/"
FILING = "xunwu/xunwu-sbfwzx/2023/"
TABLES = "xunwu/xunwu-sbfwzx/2023/tables/"
YZ_FORMS = "yuanzhou/yuanzhou-sbzx/2022/projects/"
SUBJECT = "subjects/function-2080109/"

INCOME = ":is(h2#income + .gk-table, h2#income + .gk-downloads + .gk-table)"
"""the 部门收入总表 under its heading (and under its download links)"""
P03_FORM = ":is(h2#p03 + .gk-form-wrap, h2#p03 + .gk-findings + .gk-form-wrap)"
"""the form under its heading (and under the findings shown beside it, when it has any)"""

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3}

# Budgets for one search on this small site (and on the synthetic county, test 7).
SEARCH_MS = int(os.environ.get("GONGKAI_SEARCH_MS", "300"))  # for a CI machine slower than a reader's
SEARCH_BYTES = 300 * 1024
# Synthetic county for test 7: big enough that Pagefind splits its index into many chunks, small enough to
# build in about a minute (the build, not the browser, dominates). Override with GONGKAI_SYNTH=120x3.
SYNTH_DEFAULT = "24x3"


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(built_site: Path, serve: Callable[[Path], Served]) -> Served:
    return serve(built_site)


@dataclass
class Browse:
    """Opens browser contexts that record every request URL; `check_local` asserts all were to `origin`."""

    browser: Any
    origin: str
    urls: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)

    def page(self, **options: Any) -> Any:
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        context.on("request", lambda request: self.urls.append(request.url))
        # Never let a request leave the machine: abort anything not addressed to the loopback server.
        context.route(lambda url: not url.startswith(self.origin + "/"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def check_local(self) -> None:
        assert self.urls, "no request recorded"
        foreign = [u for u in self.urls if not u.startswith(self.origin + "/")]
        assert not foreign, f"requests to hosts other than {self.origin}: {sorted(set(foreign))}"

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def _origin(base: str) -> str:
    parts = urlsplit(base)
    assert parts.hostname == "127.0.0.1" and parts.port
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def browse(browser: Any, site: Served) -> Iterator[Browse]:
    b = Browse(browser, _origin(site.base))
    yield b
    b.close()
    b.check_local()


def _report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Measurements go to the terminal even under -q (pytest would otherwise swallow them)."""
    with capsys.disabled():
        print(f"\n  [browser] {line}", end="")


# ------------------------------------------------------------------------------------------- helpers


def _page_text(site_dir: Path, url: str) -> str:
    """The indexed text (inside data-pagefind-body) of the built page a search result points to."""
    path = urlsplit(url).path
    assert path.startswith(SUBPATH), url
    file = site_dir / path[len(SUBPATH):] / "index.html"
    assert file.exists(), f"search result {url} has no page {file}"
    source = file.read_text(encoding="utf-8")
    start = source.find("data-pagefind-body")
    assert start >= 0, file
    end = source.find("</article>", start)
    return html.unescape(re.sub(r"<[^>]+>", " ", source[start:end]))


def _squash(text: str) -> str:
    """Drop whitespace and punctuation, so 财政拨款“三公”经费 contains 三公经费 as a reader would say it does."""
    return re.sub(r"[\W_]+", "", text)


def _all_result_links(page: Any, pages: int = 10) -> list[str]:
    """The result links Pagefind's UI shows (absolute paths with anchors), pressing 加载更多 a few times."""
    link = ".pagefind-ui__result-link"
    page.wait_for_selector(link)
    for _ in range(pages):
        more = page.locator("button.pagefind-ui__button")
        if not more.count():
            break
        shown = page.locator(link).count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result-link').length > n", arg=shown)
    return [a.get_attribute("href") for a in page.query_selector_all(link)]


def _search_ui(page: Any, base: str, query: str) -> list[str]:
    """Open search/?q=… as the header form does and return the result links."""
    page.goto(f"{base}search/?q={quote(query)}")
    return _all_result_links(page)


_COLD_JS = """async ([bundle, query]) => {
  const t0 = performance.now();
  const pagefind = await import(bundle + "pagefind.js");
  const search = await pagefind.search(query);
  const first = search.results.length ? await search.results[0].data() : null;
  return {ms: performance.now() - t0, results: search.results.length, first: first && first.url};
}"""

_START_JS = """async (bundle) => {
  window.gkPagefind = await import(bundle + "pagefind.js");
  await gkPagefind.init();
}"""

_QUERY_JS = """async (query) => {
  const t0 = performance.now();
  const search = await gkPagefind.search(query);
  const first = search.results.length ? await search.results[0].data() : null;
  return {ms: performance.now() - t0, results: search.results.length, first: first && first.url};
}"""


@dataclass
class SearchFigures:
    cold_ms: float       # nothing loaded yet: pagefind.js, worker, WebAssembly, metadata, index chunks, fragment
    query_ms: float      # engine started (as Pagefind UI does on focus): index chunks, search, first fragment
    query_bytes: int     # everything fetched under /pagefind/ from the trigger to the first result (cold)
    ui_bytes: int        # the search page's own Pagefind UI script and stylesheet (independent of the query)
    results: int
    first: str | None
    files: list[str]

    def describe(self) -> str:
        return (f"trigger -> first result {self.query_ms:.0f} ms with the engine started "
                f"({self.cold_ms:.0f} ms fully cold); /pagefind/ bytes for the query "
                f"{self.query_bytes / 1024:.0f} KB in {len(self.files)} files (+ UI script and css "
                f"{self.ui_bytes / 1024:.0f} KB); {self.results} results")


def _wait_for(predicate: Callable[[], bool], page: Any, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(20)


def _measure_search(browse: Browse, served: Served, site_dir: Path, query: str, runs: int = 3) -> SearchFigures:
    """Search speed and download size, each run in a fresh browser context (empty cache).

    Run 1 is fully cold: from the trigger to the first result's data, everything is loaded; the bytes the
    query costs are counted here, from the server's own log of requested paths and the sizes of those files
    (the test server sends files whole and uncompressed), so nothing depends on browser event timing.
    The other runs start the engine first, as Pagefind UI does when the search box gets focus (and during
    its 300 ms input debounce): pagefind.js, its worker, the WebAssembly and the metadata are then loaded,
    and the query still has to fetch its index chunks and fragment. Their best time is asserted: timing on a
    shared CI machine is noisy and the best run is the one least disturbed by other work.
    """
    bundle = SUBPATH + "pagefind/"

    def size(path: str) -> int:
        return (site_dir / path[len(SUBPATH):].split("?")[0]).stat().st_size

    best = float("inf")
    for run in range(runs):
        page = browse.page()
        before_page = len(served.requests)
        page.goto(served.base + "search/")
        page.wait_for_load_state("networkidle")
        before = len(served.requests)
        if run == 0:
            cold = page.evaluate(_COLD_JS, [served.base + "pagefind/", query])
            page.wait_for_load_state("networkidle")
            fetched = [p for p in served.requests[before:] if p.startswith(bundle)]
            ui = [p for p in served.requests[before_page:before] if p.startswith(bundle)]
        else:
            page.evaluate(_START_JS, served.base + "pagefind/")

            def started(since: int = before) -> bool:
                paths = served.requests[since:]
                return any(p.endswith(".pf_meta") for p in paths) and any("/wasm." in p for p in paths)

            _wait_for(started, page, "the Pagefind engine")
            page.wait_for_timeout(300)  # the UI's debounce: the time it gives the engine to start
            ready = page.evaluate(_QUERY_JS, query)
            assert ready["results"] == cold["results"], (ready, cold)
            best = min(best, ready["ms"])
        page.context.close()
    return SearchFigures(cold["ms"], best, sum(map(size, fetched)), sum(map(size, ui)), cold["results"],
                         cold["first"], [p[len(bundle):] for p in fetched])


# ------------------------------------------------------------------------------- 1. navigation, tables


def _click(page: Any, name: str | re.Pattern[str], scope: str = ".md-content") -> None:
    """Click a link in the page content (not the sidebar, which repeats region and unit names)."""
    with page.expect_navigation():
        page.locator(scope).get_by_role("link", name=name, exact=isinstance(name, str)).first.click()


def _cells(page: Any, selector: str) -> list[dict[str, Any]]:
    """Text (without the row permalink #), spans and horizontal extent of the matching cells."""
    cells: list[dict[str, Any]] = page.eval_on_selector_all(selector, """cells => cells.map(c => {
        const r = c.getBoundingClientRect();
        return {text: c.textContent.replace(/\\s*#$/, "").trim(), colspan: c.colSpan, rowspan: c.rowSpan,
                left: r.left, right: r.right};
    })""")
    return cells


def test_navigate_from_home_to_a_table_row_and_its_subject(browse: Browse, site: Served) -> None:
    page = browse.page()
    page.goto(site.base)
    _click(page, "寻乌县")
    assert page.url == site.base + REGION
    _click(page, "寻乌县社会保险服务中心")
    assert page.url == site.base + UNIT
    with page.expect_navigation():
        page.locator(".md-content tr", has_text="2023").get_by_role("link", name="文件首页").click()
    assert page.url == site.base + FILING
    assert "2023 年部门预算" in page.locator("h1").inner_text()
    _click(page, re.compile(r"^公开表"))
    assert page.url == site.base + TABLES

    table = f"{INCOME} table"
    assert page.locator("h2#income").inner_text() == "部门收入总表"
    rows = page.locator(f"{table} > thead > tr").count()
    assert rows == 3, "two header rows and the numbering row"
    top = _cells(page, f"{table} > thead > tr:nth-child(1) > th")
    fiscal = next(c for c in top if c["text"] == "财政拨款")
    assert fiscal["colspan"] == 4 and fiscal["rowspan"] == 1
    assert all(c["rowspan"] == 2 for c in top if c is not fiscal)
    children = _cells(page, f"{table} > thead > tr:nth-child(2) > th")
    assert [c["text"] for c in children] == ["小计", "一般公共预算拨款收入", "政府性基金预算拨款收入",
                                             "国有资本经营预算收入"]
    for child in children:  # laid out under 财政拨款, not just present in the markup
        assert fiscal["left"] - 1 <= child["left"] < child["right"] <= fiscal["right"] + 1, child
    numbering = _cells(page, f"{table} > thead > tr.gk-numbering > th")
    assert " ".join(c["text"] for c in numbering) == "** ** 1 2 3 4 5 2 3 4 5 6 7 8 9"

    row = [c["text"] for c in _cells(page, "#income-2080109 > td")]
    assert row[:3] == ["2080109", "社会保险经办机构", "282.90"], row
    total = [c["text"] for c in _cells(page, f"{table} > tbody > tr.gk-total > td")]
    assert total[1] == "合计" and total[2] == "2,495.56", total

    with page.expect_navigation():
        page.locator("#income-2080109").get_by_role("link", name="2080109").click()
    assert page.url == site.base + SUBJECT
    assert "社会保险经办机构" in page.locator("h1").inner_text()
    back = page.locator('.md-content a[href$="tables/#income-2080109"]')
    assert back.count() == 1
    back.click()
    page.wait_for_url(site.base + TABLES + "#income-2080109")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") \
        == "income-2080109"
    assert page.locator("#income-2080109").is_visible()


# --------------------------------------------------------------------------------- 2. the 原州 forms


def test_yuanzhou_forms_show_indicator_values_under_their_headers(browse: Browse, site: Served) -> None:
    page = browse.page()
    page.goto(site.base + YZ_FORMS)
    assert page.locator(".md-content .gk-form-wrap").count() == 3
    assert page.eval_on_selector_all(".md-content h2[id^=p]", "hs => hs.map(h => h.id)") == ["p01", "p02", "p03"]

    form = f"{P03_FORM} table"
    values = [c["text"] for c in _cells(page, f"{form} td.gk-val")]
    assert "19.4万人" in values and "30-320元" in values, values
    header_row = page.locator(f"{form} tr", has=page.locator("th", has_text="一级指标"))
    assert header_row.count() == 1
    labels = [c["text"] for c in _cells(page, f"{form} tr:has(> th:text-is('一级指标')) > th")]
    assert labels[-4:] == ["一级指标", "二级指标", "三级指标", "指标值"], labels
    # The values sit in the 指标值 column.
    head = _cells(page, f"{form} tr:has(> th:text-is('一级指标')) > th")[-1]
    cell = next(c for c in _cells(page, f"{form} td.gk-val") if c["text"] == "19.4万人")
    assert abs(cell["left"] - head["left"]) <= 1 and abs(cell["right"] - head["right"]) <= 1


# ----------------------------------------------------------------------------------------- 3. search


def test_header_search_in_chinese_finds_the_table(browse: Browse, site: Served,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    page = browse.page()
    page.goto(site.base + UNIT)
    page.fill(".gk-header-search input[name=q]", "社会保险经办机构")
    start = time.perf_counter()
    page.press(".gk-header-search input[name=q]", "Enter")
    page.wait_for_url(f"{site.base}search/?q=*")
    page.wait_for_selector(".pagefind-ui__result-link")
    elapsed = (time.perf_counter() - start) * 1000
    links = _all_result_links(page)
    assert SUBPATH + TABLES in [link.split("#")[0] for link in links], links
    assert page.input_value(".pagefind-ui__search-input") == "社会保险经办机构"
    # Includes loading the search page and Pagefind UI's fixed 300 ms input debounce; see the engine test.
    _report(capsys, f"header search 社会保险经办机构: submit -> first result shown {elapsed:.0f} ms, "
                    f"{len(links)} results")
    assert elapsed < 5000


@pytest.mark.parametrize("term", ["职业年金", "满意度", "三公经费", "2080109", "弋阳"])
def test_search_finds_a_page_containing_the_term(browse: Browse, site: Served, built_site: Path,
                                                 term: str) -> None:
    page = browse.page()
    links = _search_ui(page, site.base, term)
    containing = [link for link in links if _squash(term) in _squash(_page_text(built_site, link))]
    assert containing, f"{term}: no result whose page contains it among {links}"


def test_search_speed_and_download_size(browse: Browse, site: Served, built_site: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    f = _measure_search(browse, site, built_site, "社会保险经办机构")
    _report(capsys, f"search 社会保险经办机构 (real seeds): {f.describe()}")
    assert f.results and f.first
    assert f.query_ms < SEARCH_MS
    assert f.cold_ms < 5 * SEARCH_MS, "cold start (WebAssembly, worker, metadata) far too slow"
    assert f.query_bytes < SEARCH_BYTES, f.files


_PAGEFIND = tuple(int(x) for x in importlib.metadata.version("pagefind").split(".")[:2])


@pytest.mark.xfail(_PAGEFIND >= (1, 5), strict=False, reason=(
    "Pagefind 1.5 segments queries with the browser's Intl.Segmenter but the index with jieba; for place "
    "and subject names they disagree (弋阳 -> 弋 阳), so pages containing the term are not found "
    "(Pagefind issue #1237). Pagefind 1.4.0 finds them: pin pagefind[extended]>=1.3,<1.5."))
@pytest.mark.parametrize(("term", "expected"), [
    ("弋阳", "yiyang/"),
    ("住房公积金", "subjects/function-2210201/"),
    ("社会保险经办机构", SUBJECT),
])
def test_search_recall_for_names(browse: Browse, site: Served, term: str, expected: str) -> None:
    page = browse.page()
    page.goto(site.base + "search/")
    urls = page.evaluate("""async ([bundle, q]) => {
        const pagefind = await import(bundle + "pagefind.js");
        const search = await pagefind.search(q);
        return Promise.all(search.results.map(async r => (await r.data()).url));
    }""", [site.base + "pagefind/", term])
    assert SUBPATH + expected in [u.split("#")[0] for u in urls], urls


# ------------------------------------------------------------------------------------------ 4. phone


_LAYOUT_JS = """() => {
  const outside = [...document.querySelectorAll(".md-content *")].filter(e => {
      const r = e.getBoundingClientRect();
      return r.width && r.right > innerWidth + 1 && !e.closest(".gk-scroll");
  }).map(e => e.tagName + "." + e.className);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
          scrollX: scrollX, outside: outside.slice(0, 10)};
}"""


@pytest.mark.parametrize("path", [TABLES, YZ_FORMS])
def test_phone_tables_scroll_inside_their_box(browse: Browse, site: Served, path: str) -> None:
    page = browse.page(**PHONE)
    page.goto(site.base + path)
    layout = page.evaluate(_LAYOUT_JS)
    assert layout["innerWidth"] == 390
    assert layout["scrollWidth"] <= layout["innerWidth"] + 1, layout
    assert not layout["outside"], f"content wider than the phone outside a .gk-scroll box: {layout}"

    box = page.locator(f"{INCOME} .gk-scroll" if path == TABLES else f"{P03_FORM} .gk-scroll")
    sizes = box.evaluate("e => ({sw: e.scrollWidth, cw: e.clientWidth})")
    assert sizes["sw"] > sizes["cw"], f"the wide table should scroll inside its box: {sizes}"
    # Swiping the box scrolls the table, not the page.
    moved = box.evaluate("e => { e.scrollLeft = 200; return e.scrollLeft; }")
    assert moved > 0 and page.evaluate("scrollX") == 0

    if path == TABLES:
        # The header is sticky (each header cell, or the whole thead)…
        sticky = page.eval_on_selector_all("table.gk-grid thead th", """ths => ths.every(th =>
            [th, th.closest("thead")].some(e => getComputedStyle(e).position === "sticky"))""")
        assert sticky, "table headers are not sticky"
        # …and when the box scrolls vertically (made short so that it must), the header rows stay at the top
        # of the box, stacked as they were: a tall two-line header row must not be covered by the next one.
        rows = box.evaluate("""b => {
            const tops = () => [...b.querySelectorAll("thead tr")].map(r => r.cells[0].getBoundingClientRect().top);
            const before = tops().map((t, _, all) => t - all[0]);
            b.scrollLeft = 0; b.style.maxHeight = "400px"; b.scrollTop = 150;
            const top = b.getBoundingClientRect().top;
            return {before: before, after: tops().map(t => t - top), scrolled: b.scrollTop};
        }""")
        assert rows["scrolled"] > 0, rows
        assert all(abs(a - e) <= 2 for a, e in zip(rows["after"], rows["before"], strict=True)), \
            f"header rows (offsets from the box top) overlap after scrolling: {rows}"


# ------------------------------------------------------------------------------------------ 5. print


@pytest.fixture(scope="module")
def table_pdf(browser: Any, site: Served) -> bytes:
    b = Browse(browser, _origin(site.base))
    page = b.page()
    page.goto(site.base + TABLES)
    pdf: bytes = page.pdf(format="A4", landscape=True, print_background=True)
    b.close()
    b.check_local()
    return pdf


def test_table_page_prints_to_pdf(table_pdf: bytes) -> None:
    assert table_pdf.startswith(b"%PDF-") and len(table_pdf) > 20_000
    assert table_pdf.count(b"/Type /Page") - table_pdf.count(b"/Type /Pages") >= 2, "11 tables on one page?"


def test_printed_pdf_text_has_the_table_titles(table_pdf: bytes, tmp_path: Path) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils): PDF text not checked; "
                    "the PDF itself is checked by test_table_page_prints_to_pdf")
    pdf = tmp_path / "tables.pdf"
    pdf.write_bytes(table_pdf)
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for title in ("部门收入总表", "收支预算总表", "2,495.56"):
        assert title in text, title


def test_print_media_hides_header_and_navigation(browse: Browse, site: Served) -> None:
    page = browse.page()
    page.goto(site.base + TABLES)
    page.emulate_media(media="print")
    display = page.evaluate("""sels => Object.fromEntries(sels.map(s => [s,
        [...document.querySelectorAll(s)].map(e => getComputedStyle(e).display)]))""",
                            [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                             ".gk-header-search", ".gk-toc", ".gk-back"])
    for selector, values in display.items():
        assert values and set(values) == {"none"}, (selector, values)
    assert page.locator(f"{INCOME} table").is_visible()
    overflow = page.eval_on_selector_all(".gk-scroll", "es => [...new Set(es.map(e => getComputedStyle(e).overflowX))]")
    assert overflow == ["visible"], "printed tables must not be clipped by their scroll box"


# ---------------------------------------------------------------------------------- 6. accessibility


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.exists(), f"{AXE} missing: run `npm ci --prefix tests/browser` first"
    return AXE.read_text(encoding="utf-8")


def _axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
    }""")
    return violations


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}: {node['summary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", [
    HOME, UNIT, TABLES, YZ_FORMS, SUBJECT, FILING, "checks/", "checks/rules/", "checks/xunwu/2023/", "guide/", "about/",
    "search/?q=%E8%81%8C%E4%B8%9A%E5%B9%B4%E9%87%91",
])
def test_no_serious_accessibility_violations(browse: Browse, site: Served, axe_source: str, path: str) -> None:
    page = browse.page()
    page.goto(site.base + path)
    if path.startswith("search/"):
        page.wait_for_selector(".pagefind-ui__result")
    page.wait_for_load_state("networkidle")
    violations = _axe(page, axe_source)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{path or 'home'}:\n{_describe(serious)}"


# ------------------------------------------------------------------------------ 7. synthetic county


def _synth_size() -> tuple[int, int]:
    """County size: GONGKAI_SYNTH=UNITSxYEARS (e.g. 120x3, the benchmark's county; its build takes minutes)."""
    units, _, years = os.environ.get("GONGKAI_SYNTH", SYNTH_DEFAULT).partition("x")
    return int(units), int(years)


@pytest.fixture(scope="session")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    synth = pytest.importorskip("generator.synth", reason="`gongkai synth` (generator.synth) not available yet")
    if not hasattr(synth, "write_county"):
        pytest.skip("`gongkai synth` is not finished yet (generator.synth has no write_county)")
    units, years = _synth_size()
    root = tmp_path_factory.mktemp("synth")
    content, out = root / "content", root / "site"
    made = run_gongkai("synth", "--units", str(units), "--years", str(years), "--seed", "7", "--out", str(content))
    assert made.returncode == 0, made.stdout + made.stderr
    built = run_gongkai("build", "--content", str(content), "--out", str(out))
    assert built.returncode == 0, built.stdout + built.stderr
    assert (out / "pagefind").is_dir(), built.stdout + built.stderr
    return out


def test_synthetic_county_search_is_fast_and_small(browser: Any, serve: Callable[[Path], Served],
                                                   synth_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    served = serve(synth_site)
    b = Browse(browser, _origin(served.base))
    units, years = _synth_size()
    pages = sum(1 for _ in synth_site.rglob("index.html"))
    try:
        # What readers look for: a subject name (several words to the segmenter) and a subject code.
        # Then the worst case, 部门预算, in the title of every filing: its index chunks are the heaviest to
        # load and it ranks every filing page, so on a county-sized site it takes about the budget on a busy
        # machine; it gets twice the time budget (still catching a real regression) and the full byte budget.
        for query, budget in (("社会保险经办机构", SEARCH_MS), ("2080109", SEARCH_MS), ("部门预算", 2 * SEARCH_MS)):
            f = _measure_search(b, served, synth_site, query, runs=5)
            _report(capsys, f"search {query} (synthetic county {units}x{years}, {pages} pages): {f.describe()}")
            assert f.results and f.first, query
            assert f.query_ms < budget, (query, f.describe())
            assert f.query_bytes <= SEARCH_BYTES, (query, f.files)
    finally:
        b.close()
    b.check_local()


# ------------------------------------------------------------------------------------------ 8. 数据核查


def _filing_pages(site_dir: Path) -> list[str]:
    """Every filing's document page (the pages with a 数据核查 section), as a path under the site."""
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.glob("*/*/*/index.html")
                  if '<h2 id="checks">' in p.read_text(encoding="utf-8"))


def _every_finding_is_shown_beside_its_figure(browse: Browse, base: str, site_dir: Path, expected: int,
                                              **options: Any) -> int:
    """Open each filing's 数据核查 list, follow every finding to where it is shown: the note is there, visible,
    says the same, and a row it concerns carries a visible marker that leads to it. Returns the findings seen."""
    page = browse.page(**options)
    seen = 0
    for path in _filing_pages(site_dir):
        page.goto(base + path)
        listed = page.eval_on_selector_all("ol.gk-finding-list > li", """items => items.map(li => {
            const place = [...li.querySelectorAll("a")].find(a => a.textContent === "查看原处");
            return {id: li.id, text: li.innerText, href: place ? place.href : null};
        })""")
        by_page: dict[str, list[dict[str, str]]] = {}
        for item in listed:
            assert item["id"].startswith("chk-"), item
            assert item["href"], f"{path}#{item['id']} has no place beside a figure"
            by_page.setdefault(item["href"].split("#")[0], []).append(item)
        for target, items in by_page.items():
            page.goto(target)
            for item in items:
                ident = item["id"]
                note = page.locator(f"#at-{ident}")
                assert note.count() == 1 and note.is_visible(), f"{target}#at-{ident}"
                assert note.inner_text().split("核查发现")[0].strip() in item["text"], (note.inner_text(), item)
                flag = page.locator(f"tr a.gk-flag[href='#at-{ident}']")
                if flag.count():
                    assert flag.first.is_visible()
                    flag.first.click()
                    page.wait_for_function(f"location.hash === '#at-{ident}'")
                    assert page.evaluate("document.querySelector(':target').id") == f"at-{ident}"
                seen += 1
    assert seen == expected
    return seen


def _checker_findings(content: Path, project: Path) -> dict[str, int]:
    """The checker's findings per filing file, as `gongkai check --format json` reports them."""
    import json

    from generator.check import BY_CODE

    result = run_gongkai("check", "--content", str(content), "--project", str(project), "--format", "json")
    report = json.loads(result.stdout)
    counts: dict[str, int] = {}
    for finding in report["findings"]:
        if finding["code"] in BY_CODE and finding["code"] != "COV001":
            counts[finding["file"]] = counts.get(finding["file"], 0) + 1
    return counts


def test_every_finding_of_the_seeds_is_visible_beside_its_figure(browse: Browse, site: Served,
                                                                 built_site: Path) -> None:
    expected = sum(_checker_findings(ROOT / "content", ROOT).values())
    assert expected >= 60
    _every_finding_is_shown_beside_its_figure(browse, site.base, built_site, expected)


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, tuple[int, int]]:
    from .test_findings import DEATH, plant

    root = tmp_path_factory.mktemp("planted-site")
    shutil.copytree(ROOT / "content", root / "content")
    position = plant(root / "content", DEATH)
    out = root / "site"
    result = run_gongkai("build", "--content", str(root / "content"), "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return root, out, position


def test_a_planted_cent_is_marked_on_its_rows_and_sentence(browser: Any, serve: Callable[[Path], Served],
                                                           planted_site: tuple[Path, Path, tuple[int, int]]) -> None:
    root, out, _ = planted_site
    served = serve(out)
    b = Browse(browser, _origin(served.base))
    try:
        page = b.page()
        page.goto(served.base + TABLES + "#general_expenditure")
        row = page.locator("#general_expenditure-2080801")
        assert "421.50" in row.inner_text()
        flags = row.locator("a.gk-flag")
        assert flags.count() == 1 and flags.first.is_visible()  # 合计 ≠ 基本支出 + 项目支出
        flags.first.click()
        note = page.locator(":target")
        assert note.is_visible() and "421.50" in note.inner_text() and "ARI002" in note.inner_text()
        for other in ("#expenditure-2080801", "#income-2080801", "#general_expenditure-20808"):
            assert page.locator(f"{other} a.gk-flag").first.is_visible(), other
        page.goto(served.base + FILING)
        sentence = page.locator("li.gk-finding", has_text="TXT001").first
        assert sentence.is_visible() and "421.49 万元" in sentence.inner_text()
        counts = _checker_findings(root / "content", root)
        _every_finding_is_shown_beside_its_figure(b, served.base, out, sum(counts.values()), **PHONE)
    finally:
        b.close()
    b.check_local()


def test_the_checks_rules_and_status_pages(browse: Browse, site: Served) -> None:
    from generator.check import RULES

    page = browse.page()
    page.goto(site.base + "checks/rules/")
    for rule in RULES:
        heading = page.locator(f"h3#{rule.code}")
        assert heading.count() == 1 and rule.title in heading.inner_text(), rule.code
    assert page.locator(".gk-example").count() == len(RULES)
    page.goto(site.base + "checks/")
    assert "寻乌县" in page.locator("h2#region-xunwu").inner_text()
    _click(page, "寻乌县 2023 年公开情况")
    assert page.url == site.base + "checks/xunwu/2023/"
    row = page.locator("table.gk-list tbody tr", has_text="寻乌县社会保险服务中心")
    assert "已公开" in row.inner_text() and "日期未写明" in row.inner_text()


# ------------------------------------------------------------------------------------------ 9. downloads


def test_a_table_csv_downloads_from_its_link(browse: Browse, site: Served, tmp_path: Path) -> None:
    page = browse.page(accept_downloads=True)
    page.goto(site.base + TABLES + "#expenditure")
    link = page.locator("h2#expenditure ~ p.gk-downloads").first.get_by_role("link", name="本表 CSV")
    assert link.is_visible()
    with page.expect_download() as event:
        link.click()
    download = event.value
    assert download.suggested_filename == "expenditure.csv"
    saved = tmp_path / "expenditure.csv"
    download.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "2080109,社会保险经办机构,282.90,282.90," in text
