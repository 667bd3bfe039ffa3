"""公开表样 as data (``templates.toml``): the tables, 情况说明 sections and forms a region requires."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.model.narrative import SectionRole
from generator.model.tables import TableKind

HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Template:
    """公开表样: what a filing under it must publish."""

    id: str
    title: str
    tables: tuple[TableKind, ...]
    sections: tuple[SectionRole, ...]
    project_forms: bool


@cache
def templates() -> dict[str, Template]:
    with open(HERE / "templates.toml", "rb") as stream:
        data = tomllib.load(stream)["templates"]
    return {name: Template(name, str(t["title"]), tuple(TableKind(k) for k in t["tables"]),
                           tuple(SectionRole(r) for r in t["sections"]), bool(t["project_forms"]))
            for name, t in data.items()}
