"""The thin mkdocs hook: pre-rendered HTML blocks skip Python-Markdown, which would only re-parse them.

Pages written by ``render.page.Builder`` carry ``gk_blocks: true`` in their front matter. Before Markdown,
each of their top-level HTML blocks is swapped for a placeholder paragraph; after Markdown the block is put
back and its ids are registered so that mkdocs still validates links to them. This cuts mkdocs' time on
table and form pages several-fold. Hand-written pages (``render.pages``) are written the same way, so their
rendered, escaped blocks never meet Python-Markdown, which passes raw HTML through.

``on_nav`` puts the navigation's titles back: the generated config names each entry by a placeholder and keeps
its title as data under ``extra.gk_nav_titles`` (site.write_config), so that no name from content is a YAML key.

``on_startup`` also turns off the cycle collector for a one-off ``mkdocs build``: the build keeps every page
in memory until it exits, and re-scanning them costs about a fifth of its time at county scale.
"""

from __future__ import annotations

import gc
import re
from typing import Any

_IDS = re.compile(r'\sid="([^"]+)"')
_SLOT = re.compile(r"<p>GKBLOCK(\d+)</p>")
_blocks: dict[str, list[str]] = {}


def on_startup(command: str, **_: Any) -> None:
    if command == "build":
        gc.disable()


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if not page.meta.get("gk_blocks"):
        return markdown
    parts = markdown.split("\n\n")
    blocks: list[str] = []
    for index, part in enumerate(parts):
        if part.startswith("<"):
            parts[index] = f"GKBLOCK{len(blocks)}"
            blocks.append(part)
    _blocks[page.file.src_uri] = blocks
    return "\n\n".join(parts)


def on_page_content(html: str, page: Any, **_: Any) -> str:
    blocks = _blocks.pop(page.file.src_uri, [])
    if not blocks:
        return html
    for block in blocks:
        page.present_anchor_ids.update(_IDS.findall(block))
    return _SLOT.sub(lambda m: blocks[int(m[1])], html)


def on_nav(nav: Any, config: Any, **_: Any) -> Any:
    titles = config.extra.get("gk_nav_titles") or {}

    def restore(items: list[Any]) -> None:
        for item in items:
            if isinstance(item.title, str) and item.title in titles:
                item.title = titles[item.title]
            if getattr(item, "children", None):
                restore(item.children)

    restore(nav.items)
    return nav
