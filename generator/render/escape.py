"""The one escaping boundary: every piece of content text reaches a page through here.

What content text may hold, and what the site does with it:

- **Controls and invisible characters are removed**, not shown: C0 and C1 controls, the bidi controls
  (embeddings, overrides, isolates, LRM/RLM/ALM), zero-width spaces and joiners, the BOM, variation selectors,
  non-characters and lone surrogates. No published text needs them, and a bidi override would make a figure read
  backwards (``\\u202e00.0051`` shows as "1500.00"). In Markdown they are removed *after* entities are decoded,
  so ``&#x202E;`` is removed too. The checker does not repeat them to the clerk raw: diagnostics print them
  escaped (``\\u202e``, see ``diagnostics.visible``).
- **Markup is text**: plain fields are HTML-escaped; narrative that allows Markdown, and the hand-written pages, are
  rendered by markdown-it-py with raw HTML off and images off, and links go only to http(s), mailto or a relative
  address (anything else stays text).
- **Personal numbers are masked on the final text** (``generator.personal``): a mobile as 151****0845, a resident
  ID number as 360734********1234, in plain text, and in Markdown after rendering, across emphasis
  (``138**1234**5678``), decoded entities and every attribute (title, href). Office landlines stay visible.
"""

from __future__ import annotations

import html as html_module
import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from generator.personal import INVISIBLE
from generator.personal import mask as mask_numbers

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2066-\u2069\ufffe\uffff\ud800-\udfff{INVISIBLE}]")
_TITLE_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "{": "｛", "}": "｝"})
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]")
_ALLOWED_SCHEMES = ("http", "https", "mailto")


def safe_link(url: str) -> bool:
    """Links only to pages (relative), the web or mail: no javascript:, data:, vbscript:, file: or tel:.

    The URL is read as a browser reads it: markdown-it has already decoded entities, and controls and white
    space, which a browser skips, are dropped before the scheme is taken (``java\\tscript:`` is ``javascript:``).
    """
    head = re.split(r"[/?#\\]", _URL_IGNORED.sub("", url), maxsplit=1)[0]
    return ":" not in head or head.split(":", 1)[0].lower() in _ALLOWED_SCHEMES


def markdown_parser(tables: bool = False) -> MarkdownIt:
    """markdown-it-py as content gets it: CommonMark with raw HTML, images and linkify off, safe links only."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")
    if tables:
        parser.enable("table")
    parser.validateLink = safe_link  # type: ignore[method-assign]
    return parser


_markdown = markdown_parser()


def mask_phones(text: str) -> str:
    """151****0845: personal mobile numbers keep their first three and last four digits; resident ID numbers
    their first six and last four."""
    return mask_numbers(text)


def drop_controls(text: str) -> str:
    return _CONTROL.sub("", text)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_ATTR = re.compile(r'(\s[^\s="]+=")([^"]*)(")')
_BREAKS = frozenset({"p", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                     "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "div"})
"""block elements: a number never runs across one (inline elements such as <strong> do not stop it)"""


class _Run:
    """The text of one block of HTML as a reader sees it (entities decoded), split into the pieces between tags."""

    def __init__(self, out: list[str], mask: bool) -> None:
        self.out, self.mask = out, mask
        self.pieces: list[tuple[int | None, str]] = []  # (index in out, or None for a <br>; decoded text)

    def add(self, index: int | None, text: str) -> None:
        self.pieces.append((index, text))

    def flush(self) -> None:
        if not self.pieces:
            return
        cleaned = [(i, drop_controls(t)) for i, t in self.pieces]
        joined = "".join(t for _, t in cleaned)
        masked = mask_numbers(joined) if self.mask else joined
        at = 0
        for (index, text), (_, original) in zip(cleaned, self.pieces, strict=True):
            new = masked[at:at + len(text)]
            at += len(text)
            if index is not None and new != original:
                self.out[index] = str(escape(new))
        self.pieces = []


def finish_html(fragment: str, mask: bool) -> str:
    """HTML that markdown-it rendered, finished as the site shows it: in every text node and attribute value,
    entities decoded, then controls removed and (``mask``) personal numbers masked across inline elements.
    Only the pieces that change are written again (escaped)."""
    out: list[str] = []
    run = _Run(out, mask)
    at = 0
    for tag in _TAG.finditer(fragment):
        if tag.start() > at:
            out.append(fragment[at:tag.start()])
            run.add(len(out) - 1, html_module.unescape(out[-1]))
        name = tag[2].lower()
        if name in _BREAKS:
            run.flush()
        elif name == "br":
            run.add(None, "\n")
        out.append(_ATTR.sub(lambda a: a[1] + _attribute(a[2], mask) + a[3], tag[0]) if tag[3] else tag[0])
        at = tag.end()
    if at < len(fragment):
        out.append(fragment[at:])
        run.add(len(out) - 1, html_module.unescape(out[-1]))
    run.flush()
    return "".join(out)


def _attribute(value: str, mask: bool) -> str:
    decoded = html_module.unescape(value)
    new = drop_controls(decoded)
    new = mask_numbers(new) if mask else new
    return value if new == decoded else str(escape(new))


class Escaper:
    """Turns content text into safe HTML or Markdown, masking personal numbers when the site asks."""

    def __init__(self, mask: bool = True) -> None:
        self.mask = mask
        self._html: dict[str, Markup] = {}

    def clean(self, text: str | None) -> str:
        if text is None:
            return ""
        text = _CONTROL.sub("", text)
        return mask_numbers(text) if self.mask else text

    def html(self, text: str | None) -> Markup:
        """Plain text for an HTML context (names recur on every index page: each is escaped once)."""
        if text is None:
            return Markup("")
        done = self._html.get(text)
        if done is None:
            done = escape(self.clean(text))
            if len(text) < 200:
                if len(self._html) > 50_000:  # a worker renders hundreds of filings: keep the memo small
                    self._html.clear()
                self._html[text] = done
        return done

    def inline_md(self, text: str | None) -> str:
        """Plain text for a Markdown context (headings, link text): nothing in it is markup."""
        escaped = str(escape(self.clean(text).replace("\n", " ")))
        return _MD_SPECIAL.sub(r"\\\1", escaped)

    def title(self, text: str | None) -> str:
        """Text for page titles, nav entries and the site name, which the theme prints unescaped.

        Markup characters become their full-width forms, so no theme filter can turn them into tags.
        """
        return self.clean(text).replace("\n", " ").translate(_TITLE_SAFE)

    def markdown(self, text: str | None) -> Markup:
        """Narrative that allows Markdown: rendered by markdown-it-py with raw HTML disabled, then finished
        (controls removed and numbers masked on the final text, see ``finish_html``)."""
        return Markup(finish_html(_markdown.render(drop_controls(text or "")), self.mask))

    def finish(self, fragment: str) -> Markup:
        """HTML that markdown-it rendered from content, finished as ``markdown`` finishes it."""
        return Markup(finish_html(fragment, self.mask))
