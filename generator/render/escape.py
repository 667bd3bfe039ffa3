"""The one escaping boundary: every piece of content text reaches a page through here."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_TITLE_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "{": "｛", "}": "｝"})
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def _safe_link(url: str) -> bool:
    """Links only to pages (relative), the web or mail: no javascript:, data:, vbscript: or file:."""
    scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or scheme[1].lower() in ("http", "https", "mailto")


_markdown.validateLink = _safe_link  # type: ignore[method-assign]


def mask_phones(text: str) -> str:
    """151****0845: personal mobile numbers keep their first three and last four digits."""
    return MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)


class Escaper:
    """Turns content text into safe HTML or Markdown, masking mobiles when the site asks."""

    def __init__(self, mask: bool = True) -> None:
        self.mask = mask
        self._html: dict[str, Markup] = {}

    def clean(self, text: str | None) -> str:
        if text is None:
            return ""
        text = _CONTROL.sub("", text)
        return mask_phones(text) if self.mask else text

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
        """Narrative that allows Markdown: rendered by markdown-it-py with raw HTML disabled."""
        return Markup(_markdown.render(self.clean(text)))
