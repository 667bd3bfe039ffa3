"""Writing model records as content YAML: keys are field names, defaults are left out, output is stable.

The inverse of ``generator.load``: the dataclasses are the schema, so whatever is built here with the
model's own constructors loads back the same. Short records and table rows go in flow style, as the
hand-written content files do.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import re
from collections.abc import Callable
from typing import Any, TypeAlias, cast

from generator.model.codes import SubjectCode
from generator.model.indicators import IndicatorValue
from generator.model.money import Amount
from generator.model.tables import Cell, Column, ColumnRole, Row

FLOW_WIDTH = 110
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~0-9.+=<\\/]"
                    r"[^:#,\[\]{}\"'\\\x00-\x1f\x7f\x85\u2028\u2029\ufeff]*$")
_RESERVED = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
                       r"|null|Null|NULL)$")

Tree: TypeAlias = str | int | bool | list["Tree"] | dict[str, "Tree"] | None
SHORT = 40
"""lists whose items are all at most this long are written in flow style (table rows, options)"""


@functools.lru_cache(maxsize=1 << 16)
def scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when unambiguous, else double-quoted (JSON escapes are YAML)."""
    if _PLAIN.match(text) and not _RESERVED.match(text) and text == text.strip():
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\x85", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


_NO_DEFAULT = object()


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of each written field; spans are positions, a row's role is derived on load."""
    result = []
    for f in dataclasses.fields(cls):
        if f.name == "span" or not f.init or (f.name == "role" and cls is Row):
            continue
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = _NO_DEFAULT
        result.append((f.name, default))
    return tuple(result)


Record = Callable[[Any], dict[str, Tree]]
"""how a record (a dataclass) becomes a mapping: which of its fields are written"""


def _defaults_dropped(value: Any) -> dict[str, Tree]:
    tree: dict[str, Tree] = {}
    for name, default in _fields(value.__class__):
        item = getattr(value, name)
        if default is _NO_DEFAULT or item != default:
            tree[name] = to_tree(item)
    return tree


def to_tree(value: Any, record: Record = _defaults_dropped) -> Tree:
    """A record as nested lists and dicts of printable values; ``record`` says which fields of a record are
    written (by default: all but those at their default, and no spans). A column or row that says no more than
    its label or cells is written as just that."""
    if value is None or isinstance(value, str | bool | int):
        return cast(Tree, value)
    if isinstance(value, tuple):
        return [to_tree(item, record) for item in value]
    if isinstance(value, Cell):
        return value.text
    if isinstance(value, Amount):
        return value.text
    if isinstance(value, IndicatorValue):
        return value.raw
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, SubjectCode):
        return value.code
    if isinstance(value, dict):
        return {str(key): to_tree(item, record) for key, item in value.items()}
    if isinstance(value, Column) and not value.children and value.role is ColumnRole.AMOUNT \
            and value.scheme is None and value.measure is None:
        return value.label
    if isinstance(value, Row) and not value.indent and value.subject is None and not value.lines \
            and not value.acknowledged:
        return [to_tree(cell, record) for cell in value.cells]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _flow(tree: Tree) -> str:
    if isinstance(tree, str):
        return scalar(tree)
    if tree is None:
        return "~"
    if isinstance(tree, bool):
        return "true" if tree else "false"
    if isinstance(tree, int):
        return str(tree)
    if isinstance(tree, list):
        return "[" + ", ".join([_flow(item) for item in tree]) + "]"
    return "{" + ", ".join([f"{key}: {_flow(item)}" for key, item in tree.items()]) + "}"


def _inline(tree: Tree, indent: int) -> str | None:
    """The flow text of ``tree`` when it is written on one line, else None.

    Lists of short scalars (table rows, options) are always inline; mappings of scalars and such
    lists are inline when they fit in ``FLOW_WIDTH``.
    """
    if isinstance(tree, list):
        if not tree:
            return "[]"
        for item in tree:
            if isinstance(item, list | dict) or (isinstance(item, str) and len(item) > SHORT):
                return None
        return _flow(tree)
    if isinstance(tree, dict):
        if not tree:
            return "{}"
        for item in tree.values():
            if isinstance(item, dict) or (isinstance(item, list) and any(isinstance(i, list | dict) for i in item)):
                return None
        text = _flow(tree)
        return text if indent + len(text) <= FLOW_WIDTH else None
    return _flow(tree)


def _block(tree: Tree, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(tree, dict):
        for key, item in tree.items():
            _entry(f"{pad}{key}:", item, indent, lines)
    elif isinstance(tree, list):
        for item in tree:
            text = _inline(item, indent + 2)
            if text is not None:
                lines.append(f"{pad}- {text}")
                continue
            if isinstance(item, dict):
                first, *rest = item.items()
                _entry(f"{pad}- {first[0]}:", first[1], indent + 2, lines)
                for key, value in rest:
                    _entry(f"{pad}  {key}:", value, indent + 2, lines)
            else:
                lines.append(f"{pad}-")
                _block(item, indent + 2, lines)


def _entry(prefix: str, item: Tree, indent: int, lines: list[str]) -> None:
    text = _inline(item, len(prefix) + 1)
    if text is None:
        lines.append(prefix)
        _block(item, indent + 2, lines)
    else:
        lines.append(f"{prefix} {text}")


def write_entry(prefix: str, item: Tree, indent: int, lines: list[str]) -> None:
    """Append ``prefix`` (``key:``) and ``item``, inline when it fits, else as a block below it."""
    _entry(prefix, item, indent, lines)


def write_item(item: Tree, indent: int, lines: list[str]) -> None:
    """Append ``item`` as one ``- `` entry of a block list indented by ``indent``."""
    _block([item], indent, lines)


def dump(record: Any, header: str = "") -> str:
    """A whole content file for ``record``, with an optional comment header."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    tree = to_tree(record)
    _block(tree, 0, lines)
    return "\n".join(lines) + "\n"
