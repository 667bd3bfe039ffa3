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


@cache
def _longest_first() -> tuple[tuple[str, TableKind], ...]:
    return tuple(sorted(_normalised().items(), key=lambda pair: -len(pair[0])))


def kind_of_title(title: str) -> TableKind | None:
    """The kind of a printed table title (spaces, quotes, brackets and a leading year ignored), or None; a title
    with more in front (the unit's name: 寻乌县社会保险服务中心2023年部门收入总表) takes the longest listed title it
    contains."""
    text = normalise(title)
    found = _normalised().get(text)
    if found is None and text[:4].isdigit() and text[4:5] == "年":
        found = _normalised().get(text[5:])
    if found is None:
        found = next((kind for known, kind in _longest_first() if known in text), None)
    return found
