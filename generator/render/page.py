"""A rendered page and the small Markdown builders every page module shares."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from generator.model.extract import Extract
from generator.model.filing import Filing
from generator.model.org import Organisation
from generator.render.escape import Escaper

_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_NOT_HEADING = re.compile(r"<(?!/?h[1-6][\s>])[^>]*>")
"""any tag but a heading's (attribute values never hold ">": they are escaped)"""
_SPACES = re.compile(r"\s+")
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)
"""an element our own fragments mark as not for the index (never nested in an element of its own name)"""


ABOUT_THE_SITE = "0.3"
"""the search weight of pages about the site rather than the budgets (核查规则, 公开情况, 关于本站, 填报说明, 数据格式):
three times lighter, so that 三公 finds the filings' 三公 sections before the rule that checks them"""


def weighed(body: str, weight: str) -> str:
    """A page's search HTML with one Pagefind weight for all of it."""
    return f'<div data-pagefind-weight="{escape(weight)}">{body}</div>' if weight else body


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown file of the generated docs tree."""

    path: str
    text: str
    title: str = ""
    """the page title, already made safe for the theme (see ``Escaper.title``)"""
    body: str = ""
    """the same content as HTML, for the search index, which is built while mkdocs builds the pages"""


@dataclass(slots=True)
class Builder:
    """Accumulates Markdown blocks; text enters only through the escaper."""

    esc: Escaper
    blocks: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    """what the search index gets: headings, and the text of searchable blocks"""
    title: str = ""
    weight: str = ""
    """Pagefind's weight for the whole page (``data-pagefind-weight``, 0–10), e.g. "0.3" for pages about the site
    rather than the budgets (核查规则, 关于本站), so that a reader's query finds the budgets first"""

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        if level == 1 and not self.title:
            self.title = self.esc.title(text)
        suffix = f" {{#{anchor}}}" if anchor else ""
        self.blocks.append("#" * level + " " + self.esc.inline_md(text) + suffix)
        ident = f' id="{anchor}"' if anchor else ""  # anchors are identifiers (checked on load) or built
        self.body.append(f"<h{level}{ident}>{self.esc.html(text)}</h{level}>")

    def html(self, fragment: Markup, searchable: bool = True, search: Markup | None = None) -> None:
        """A raw HTML block; ``Markup`` means it was built by an escaping template or function.

        Blank lines inside are folded away: the block must stay one Markdown block (see mkdocs_hooks.py),
        and in HTML they are only white space. The search index gets the block's text, and its headings
        (Pagefind's sub-results link to headings with ids): tags cost Pagefind time and find nothing.
        ``searchable=False`` keeps the block out of the index; ``search`` gives the index its own HTML for the
        block instead (a table's rows as sub-results, see ``html.table_search``). Elements marked
        ``data-pagefind-ignore`` stay out of the index.
        """
        text = str(fragment).strip()
        if not text:
            return  # nothing to show (a record without findings)
        self.blocks.append(_BLANK_LINES.sub("\n", text))
        if search is not None:
            self.body.append(str(search))
        elif searchable:
            kept = _IGNORED.sub(" ", self.blocks[-1])
            self.body.append(_SPACES.sub(" ", _NOT_HEADING.sub(" ", kept)).strip())

    def page(self, path: str) -> Page:
        title = f"title: {json.dumps(self.title, ensure_ascii=False)}\n" if self.title else ""
        front = f"---\n{title}gk_blocks: true\n---\n\n"
        body = weighed("\n".join(self.body), self.weight)
        return Page(path, front + "\n\n".join(self.blocks) + "\n", self.title, body)


def anchor(href: str, text: str, esc: Escaper) -> Markup:
    """A link whose text comes from content (``href`` is always built by ``urls``)."""
    return Markup(f'<a href="{escape(href)}">{esc.html(text)}</a>')


def facts_table(rows: Iterable[tuple[str, Markup | str]]) -> Markup:
    """The key/value box at the top of region, unit, filing and subject pages."""
    body = Markup("").join(Markup("<tr><th>{}</th><td>{}</td></tr>").format(k, v) for k, v in rows)
    return Markup('<table class="gk-facts">{}</table>').format(body)


def _safe(text: Markup | str) -> str:
    return text if isinstance(text, Markup) else escape(text)


def list_table(head: Iterable[str], rows: Iterable[Iterable[Markup | str]], cls: str = "gk-list",
           searchable: bool = True) -> Markup:
    """A list table; ``searchable=False`` marks it for Pagefind to skip (pass it to ``Builder.html`` too)."""
    # Markup passes through and plain text is escaped, as Markup.format would do, at a tenth of the cost
    th = "".join(f"<th>{_safe(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_safe(c)}</td>" for c in row) + "</tr>" for row in rows)
    ignore = "" if searchable else " data-pagefind-ignore"
    return Markup(f'<div class="gk-scroll"{ignore}><table class="{escape(cls)}"><thead><tr>{th}</tr></thead>'
                  f"<tbody>{body}</tbody></table></div>")


def filing_title(filing: Filing | Extract, org: Organisation) -> str:
    """``寻乌县社会保险服务中心 2023 年部门预算``: a filing's title on its pages and in the lists that link it."""
    return f"{org.name} {filing.fiscal_year} 年{filing.kind.title}"
