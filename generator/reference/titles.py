"""印刷表名 as data (``titles.toml``): which table kind a printed table title (or a regional variant of it) is."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from generator.model.tables import TableKind
from generator.reference import normalise

HERE = Path(__file__).parent


@cache
def table_titles() -> dict[str, TableKind]:
    """Every listed printed title, as written in ``titles.toml``, and its kind, in the file's order."""
    with open(HERE / "titles.toml", "rb") as stream:
        data = tomllib.load(stream)["titles"]
    return {str(title): TableKind(kind) for title, kind in data.items()}


@cache
def _normalised() -> dict[str, TableKind]:
    return {normalise(title): kind for title, kind in table_titles().items()}


def kind_of_title(title: str) -> TableKind | None:
    """The kind of a printed table title (spaces, quotes, brackets and a leading year ignored), or None."""
    text = normalise(title)
    found = _normalised().get(text)
    if found is None and text[:4].isdigit() and text[4:5] == "年":
        found = _normalised().get(text[5:])
    return found
