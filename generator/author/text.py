"""A new filing as content YAML for a clerk to fill in: the model written key by key (``synth.emit``'s layout),
blank values kept as ``~`` where a value belongs, and a Chinese comment above each top-level key and table."""

from __future__ import annotations

import dataclasses
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from generator.model import is_derived
from generator.model.filing import Filing
from generator.model.tables import Row
from generator.synth.emit import Tree, to_tree, write_entry, write_item

FIELDS = Path(__file__).resolve().parent.parent / "reference" / "fields.toml"
# Where a clerk writes a value, even when the new filing leaves it blank: the form's funding lines and each
# indicator's name and value (a blank written as ~ shows where the figure goes).
PLACEHOLDERS = frozenset({("Funding", "annual"), ("Funding", "fiscal"), ("Funding", "other"),
                          ("Funding", "carryover"), ("Indicator", "name"), ("Indicator", "value"),
                          ("ProjectForm", "name"), ("ProjectForm", "implementer")})


@cache
def field_notes() -> dict[str, dict[str, str]]:
    """The one-line Chinese explanation of each key (``fields.toml``), by record class name."""
    with open(FIELDS, "rb") as stream:
        data = tomllib.load(stream)
    return {cls: {key: str(note) for key, note in notes.items()} for cls, notes in data.items()}


def _record(value: Any) -> dict[str, Tree]:
    """A record's fields for a draft: positions and derived fields dropped; a field kept when it differs from its
    default, when the source file wrote it (its ``spans``), or when it is a placeholder."""
    name = type(value).__name__
    written = {key for key, _ in getattr(value, "spans", ())}
    tree: dict[str, Tree] = {}
    for f in dataclasses.fields(value):
        if f.name in ("span", "spans") or is_derived(f) or (f.name == "role" and isinstance(value, Row)):
            continue
        item = getattr(value, f.name)
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            tree[f.name] = to_tree(item, _record)
            continue
        if item != default or f.name in written or (name, f.name) in PLACEHOLDERS:
            tree[f.name] = to_tree(item, _record)
    return tree


def filing_text(filing: Filing, header: str) -> str:
    """The whole file: ``header`` as comments, then each key with its explanation above it."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    notes, table_notes = field_notes().get("Filing", {}), field_notes().get("BudgetTable", {})
    tree = _record(filing)
    for key, item in tree.items():
        if key in notes:
            lines.append(f"# {notes[key]}")
        if key == "tables" and isinstance(item, list):
            lines.append(f"# {table_notes['rows']}")
            lines.append("tables:")
            for number, (table, entry) in enumerate(zip(filing.tables, item, strict=True), 1):
                lines.append("")
                lines.append(f"  # 表{number} {table.title}（kind: {table.kind.value}）")
                write_item(entry, 2, lines)
            continue
        write_entry(f"{key}:", item, 0, lines)
        if isinstance(item, list | dict):
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

