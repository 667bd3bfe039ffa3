"""A crawler over the real built site: every internal link resolves, every #anchor exists, every link is
relative (the site must work under any sub-path), and no page loads anything from another host."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# Attributes that hold a URL the browser follows or loads.
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "poster", "data", "background", "cite",
                       "longdesc", "manifest", "xlink:href", "ping"})
# A made-up origin and sub-path: pages are resolved as if the site were served at BASE.
BASE = "http://site.invalid/sub/path/"


@dataclass(frozen=True)
class Ref:
    page: str
    """the page, relative to the site root (``xunwu/index.html``)"""
    tag: str
    attr: str
    url: str


@dataclass
class ParsedPage:
    refs: list[Ref] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Collector(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.out = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.out.anchors.add(value)
            if name in URL_ATTRS:
                self.out.refs.append(Ref(self.page, tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.out.refs.append(Ref(self.page, tag, name, candidate.split()[0]))
            elif name == "content" and tag == "meta" and re.search(r"url\s*=", value, re.I):
                self.out.refs.append(Ref(self.page, tag, name, re.split(r"url\s*=", value, flags=re.I)[1].strip()))
            elif name == "style" and "url(" in value:
                for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", value):
                    self.out.refs.append(Ref(self.page, tag, "style", url))

    handle_startendtag = handle_starttag


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@cache
def _parse(site: Path, page: str) -> ParsedPage:
    collector = _Collector(page)
    collector.feed((site / page).read_text(encoding="utf-8"))
    collector.close()
    return collector.out


def page_url(page: str) -> str:
    """The URL a page is served at below BASE (``a/index.html`` -> ``a/``)."""
    if page == "index.html":
        return BASE
    if page.endswith("/index.html"):
        return BASE + page[: -len("index.html")]
    return BASE + page


def is_external(url: str) -> bool:
    """A URL that names a scheme or a host (``https:``, ``//cdn``, ``mailto:``), i.e. not a relative path."""
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc) or url.strip().startswith("//")


def target_file(site: Path, absolute: str) -> Path | None:
    """The file a resolved URL below BASE is served from (directory URLs serve their index.html)."""
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != BASE.split("/sub/")[0]:
        return None
    path = unquote(parts.path)
    base_path = urlsplit(BASE).path
    if path + "/" == base_path:
        path = base_path
    if not path.startswith(base_path):
        return None  # climbs above the site root
    rel = posixpath.normpath(path[len(base_path):] or ".")
    if rel.startswith(".."):
        return None
    candidate = site if rel == "." else site / rel
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@pytest.fixture(scope="module")
def refs(built_site: Path) -> list[Ref]:
    pages = html_pages(built_site)
    assert len(pages) > 20, "the built site has suspiciously few pages"
    return [ref for page in pages for ref in _parse(built_site, page).refs]


def test_every_internal_link_is_relative(refs: list[Ref]) -> None:
    """Root-relative (``/x``) or absolute URLs break when the site is served under a sub-path."""
    bad = [r for r in refs if r.url.strip().startswith("/") or (is_external(r.url) and not _harmless(r.url))]
    assert not bad, "links that are not relative:\n" + _show(bad)


def _harmless(url: str) -> bool:
    """Scheme URLs that load nothing from a host (none are expected, but data: images in CSS are fine)."""
    return urlsplit(url.strip()).scheme in ("data",) and url.strip().startswith("data:image/")


def test_no_page_references_another_host(built_site: Path, refs: list[Ref]) -> None:
    external = [r for r in refs if is_external(r.url) and not _harmless(r.url)]
    assert not external, "pages reference other hosts or schemes:\n" + _show(external)
    # Stylesheets must not pull fonts or styles from elsewhere either (Google Fonts, CDNs).
    offenders = []
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")\s]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            if url.startswith("data:"):
                continue
            if is_external(url):
                offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert not offenders, "stylesheets reference other hosts:\n" + "\n".join(offenders)
    for page in html_pages(built_site):
        text = (built_site / page).read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
            assert host not in text, f"{page} mentions {host}"


def test_no_broken_internal_links(built_site: Path, refs: list[Ref]) -> None:
    broken = []
    checked = 0
    for ref in refs:
        url = ref.url.strip()
        if not url or is_external(url) or url.startswith("/"):
            continue  # reported by the two tests above
        absolute = urljoin(page_url(ref.page), url)
        if urlsplit(absolute).path == urlsplit(page_url(ref.page)).path and url.startswith("#"):
            continue  # same-page anchor: checked below
        checked += 1
        if target_file(built_site, absolute) is None:
            broken.append(ref)
    assert checked > 100, "the crawler found too few internal links to be meaningful"
    assert not broken, "broken internal links:\n" + _show(broken)


def test_no_missing_anchor_targets(built_site: Path, refs: list[Ref]) -> None:
    missing = []
    checked = 0
    for ref in refs:
        url = ref.url.strip()
        if "#" not in url or is_external(url) or url.startswith("/"):
            continue
        fragment = unquote(url.split("#", 1)[1])
        if not fragment:
            continue  # "#" alone: top of the page
        absolute = urljoin(page_url(ref.page), url)
        target = target_file(built_site, absolute)
        if target is None or target.suffix != ".html":
            continue  # a broken page is reported by test_no_broken_internal_links
        checked += 1
        anchors = _parse(built_site, target.relative_to(built_site).as_posix()).anchors
        if fragment not in anchors:
            missing.append(ref)
    assert checked > 50, "the crawler found too few anchors to be meaningful"
    assert not missing, "links to anchors that do not exist on the target page:\n" + _show(missing)


def test_links_into_tables_reach_rows(built_site: Path, refs: list[Ref]) -> None:
    """Subject pages link to table rows (``tables/#income-2080109``); those rows exist (a sharper check)."""
    row_links = [r for r in refs if r.page.startswith("subjects/") and "tables/#" in r.url]
    assert row_links, "subject pages should link to the rows of the tables they appear in"
    for ref in row_links:
        target = target_file(built_site, urljoin(page_url(ref.page), ref.url))
        assert target is not None, ref
        fragment = ref.url.split("#", 1)[1]
        assert fragment in _parse(built_site, target.relative_to(built_site).as_posix()).anchors, ref


def _show(refs: list[Ref], limit: int = 40) -> str:
    lines = [f"  {r.page}: <{r.tag} {r.attr}={r.url!r}>" for r in refs[:limit]]
    if len(refs) > limit:
        lines.append(f"  … and {len(refs) - limit} more")
    return "\n".join(lines)
