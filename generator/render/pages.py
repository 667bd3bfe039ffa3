"""Hand-written pages (``content/pages/*.md``: 填报说明, 关于) through the same boundary as the filings.

A page is Markdown as markdown-it-py reads it with raw HTML and images off (tables on); links go only to http(s),
mailto or a relative address. Its headings stay Markdown headings (mkdocs builds the table of contents from them),
with their text escaped and masked and an anchor that is either the heading's own ``{#id}`` or made from the
masked text; every other block is rendered HTML that skips Python-Markdown (``gk_blocks``, see mkdocs_hooks.py).
A front matter block (between ``---`` lines) may give ``title: 标题``; its other lines are not used. Nothing of the
page reaches the theme or the mkdocs config unescaped.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass

from markdown_it.token import Token
from markupsafe import Markup

from generator.render import urls
from generator.render.escape import Escaper, markdown_parser
from generator.render.page import Builder, Page

_parser = markdown_parser(tables=True)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_OWN_ID = re.compile(r"\s*\{#([A-Za-z][A-Za-z0-9_-]{0,63})\}\s*$")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
_BLANK = re.compile(r"\n(?=[ \t]*\n)")
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link to a page (``other.md``) that the site does not have: 1-based line and column in the page's file."""

    line: int
    column: int
    target: str


def front_matter(text: str) -> tuple[str | None, str]:
    """(the front matter's title, the Markdown after it)."""
    match = _FRONT.match(text)
    if match is None:
        return None, text
    title = _TITLE.search(match[1])
    value = title[1] if title else None
    if value and len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value or None, text[match.end():]


def _plain(inline: Token) -> str:
    """What a heading says, as text: its words and code, without emphasis or link markup."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


class _Anchors:
    """Heading anchors, unique on the page, made only from what the page shows (masked), never from the raw
    text: an anchor cannot spell a number the heading masks."""

    def __init__(self, esc: Escaper) -> None:
        self.esc = esc
        self.used: set[str] = set()

    def make(self, text: str, own: str | None) -> str:
        base = _NOT_ID.sub("-", self.esc.clean(own if own else text.lower())).strip("-")
        if not base or not base[0].isalpha():
            base = f"section-{base}" if base else "section"
        anchor, n = base, 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{n}"
        self.used.add(anchor)
        return anchor


def hand_written(name: str, text: str, esc: Escaper, pages: Collection[str] = ()) -> tuple[Page, list[BrokenLink]]:
    """The page ``name`` (a file name under content/pages) from its Markdown, and the links in it to pages
    (``about.md``, ``checks/index.md``) that are not among ``pages`` (the docs tree's page paths). A link to a
    page is written as mkdocs would: the page's directory URL, relative (``../about/``)."""
    title, body = front_matter(text)
    offset = text[:len(text) - len(body)].count("\n")
    b = Builder(esc)
    if title is not None:
        b.title = esc.title(title)
    anchors = _Anchors(esc)
    tokens = _parser.parse(body)
    broken = _links(name, tokens, body.splitlines(), offset, pages)
    start = 0
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        _blocks(b, tokens[start:i])
        words = _plain(tokens[i + 1])
        own = _OWN_ID.search(words)
        if own is not None:
            words = words[:own.start()]
        b.heading(int(token.tag[1]), words, anchors.make(words, own[1] if own else None))
        start = i + 3  # heading_open, inline, heading_close
    _blocks(b, tokens[start:])
    if not b.title:
        b.title = esc.title(name.removesuffix(".md"))
    return b.page(name), broken


def _links(name: str, tokens: list[Token], lines: list[str], offset: int, pages: Collection[str]) -> list[BrokenLink]:
    """Point each link to a page (``x.md``, ``x.md#part``) at that page's URL; a link to a page the site does not
    have is left as it is (a dead link) and returned."""
    broken: list[BrokenLink] = []
    for block in tokens:
        for child in block.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if not isinstance(href, str) or _ABSOLUTE.match(href):
                continue
            path, _, anchor = href.partition("#")
            path = path.partition("?")[0]
            if not path.endswith(".md"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            if target in pages:
                child.attrSet("href", urls.link(name, target, anchor or None))
                continue
            first = block.map[0] if block.map else 0
            line, column = first, 0
            for n in range(first, block.map[1] if block.map else first + 1):
                if n < len(lines) and path in lines[n]:
                    line, column = n, lines[n].index(path)
                    break
            broken.append(BrokenLink(offset + line + 1, column + 1, path))
    return broken


def _blocks(b: Builder, tokens: list[Token]) -> None:
    """The blocks between two headings, as one HTML block (no blank line inside: it must stay one block)."""
    if not tokens:
        return
    rendered = b.esc.finish(_parser.renderer.render(tokens, _parser.options, {}))
    b.html(Markup(_BLANK.sub("&#10;", str(rendered))))  # a blank line in <pre> stays one, as an entity
