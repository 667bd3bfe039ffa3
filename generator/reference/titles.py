"""表名 as data (``titles.toml``): which table kind a printed title names."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from generator.model.tables import TableKind
from generator.reference import normalise

HERE = Path(__file__).parent


@cache
def _titles() -> tuple[tuple[str, TableKind], ...]:
    with open(HERE / "titles.toml", "rb") as stream:
        data = tomllib.load(stream)["titles"]
    pairs = [(normalise(title), TableKind(kind)) for title, kind in data.items()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def kind_of_title(title: str) -> TableKind | None:
    """The kind of table a printed title names: the longest listed title it contains; None when none is."""
    text = normalise(title)
    for known, kind in _titles():
        if known in text:
            return kind
    return None
