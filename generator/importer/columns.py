"""表头: the header rows of a found table as a column tree, each leaf with what its cells hold (a code, part of a
code printed over 类/款/项 columns, a code and name in one cell, a name, a row label, an amount or text), the
code scheme of its codes and the measure of its amounts, all recognised from the header words (measures.toml)
and, where the words do not say, from the cells below."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from generator.importer.cells import is_blank, split_code, text_of
from generator.importer.layout import Block
from generator.model.codes import CodeScheme
from generator.model.measures import Measure
from generator.model.money import parse_amount_text
from generator.model.tables import TableKind
from generator.reference import measure_of, normalise


class Holds(enum.Enum):
    """What the cells of a leaf column hold."""

    CODE = "code"
    CODE_PART = "code_part"
    """one of 类, 款, 项 printed in its own column"""
    CODE_AND_NAME = "code_and_name"
    """``2080109 社会保险经办机构`` in one cell"""
    NAME = "name"
    LABEL = "label"
    AMOUNT = "amount"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Leaf:
    """A leaf column as found: its printed label, the sheet columns under it and what they hold."""

    label: str
    path: tuple[str, ...]
    sources: tuple[int, ...]
    at: tuple[int, int]
    """the header cell (row, column)"""
    holds: Holds
    scheme: CodeScheme | None = None
    measure: Measure | None = None
    explicit: bool = False
    """the measure is found only without the unit the label prints (合计（万元）): the filing writes it"""


@dataclass(frozen=True, slots=True)
class Group:
    """A header cell over several columns."""

    label: str
    at: tuple[int, int]
    children: tuple[Group | Leaf, ...]


Node = Group | Leaf
_SCHEME_BY_KIND = {TableKind.GENERAL_BASIC: CodeScheme.ECONOMIC, TableKind.THREE_PUBLIC: CodeScheme.DEPARTMENT}
SUBJECT_KINDS = frozenset({TableKind.INCOME, TableKind.EXPENDITURE, TableKind.GENERAL_EXPENDITURE,
                           TableKind.GENERAL_BASIC, TableKind.GOVFUND_EXPENDITURE, TableKind.SOE_EXPENDITURE,
                           TableKind.EXPENDITURE_SUMMARY, TableKind.FISCAL_APPROPRIATION})
"""tables whose rows are budget subjects (a row named without a code is looked up by its name)"""


def clean_label(text: str) -> str:
    """A header text as the filing writes it: wrapped lines joined."""
    return "".join(part.strip() for part in text.splitlines()).strip()


def header_tree(block: Block, kind: TableKind, year: int | None) -> tuple[list[Node], list[int]]:
    """The column tree of the block's header, and the sheet columns that have no header."""
    sheet = block.sheet
    if not block.header:
        return [], []
    first, last = _extent(block)
    nodes: dict[int, list[tuple[int, int, str]]] = {}  # column -> path of (level, origin column, text)
    for column in range(first, last + 1):
        path = []
        for level, row in enumerate(block.header):
            found = _node(block, level, row, column, first)
            if found is not None:
                path.append((level, found[0], found[1]))
        nodes[column] = path
    headed = [c for c in range(first, last + 1) if nodes[c]]
    unheaded = [c for c in range(first, last + 1) if not nodes[c]]
    body_width = max((len(sheet.rows[r]) for r in block.body), default=0)
    unheaded += list(range(last + 1, body_width))
    tree = _group([(c, nodes[c]) for c in headed], block, kind, year, ())
    return tree, unheaded


def _extent(block: Block) -> tuple[int, int]:
    sheet = block.sheet
    columns = [c for row in block.header for c, v in enumerate(sheet.rows[row]) if not is_blank(v)]
    first, last = min(columns), max(columns)
    for merge in sheet.merged:
        if merge[0] in block.header:
            first, last = min(first, merge[1]), max(last, merge[3])
    return first, last


def _node(block: Block, level: int, row: int, column: int, first: int) -> tuple[int, str] | None:
    """The header cell over ``column`` at this level: (origin column, text), or None (covered from above, or
    nothing printed)."""
    sheet = block.sheet
    merge = sheet.merge_at(row, column)
    if merge is not None:
        if merge[0] != row:
            return None  # merged down from the level above
        return merge[1], clean_label(text_of(sheet.value(merge[0], merge[1])))
    value = sheet.value(row, column)
    if not is_blank(value):
        return column, clean_label(text_of(value))
    below = any(not is_blank(sheet.value(r, column)) for r in block.header[level + 1:])
    if not below or column == first or any(m[0] <= block.header[-1] and m[2] >= block.header[0]
                                           for m in sheet.merged):
        return None
    # no merge information: a blank over labelled sub-columns continues the group to its left
    left = _node(block, level, row, column - 1, first)
    if left is not None and any(not is_blank(sheet.value(r, column - 1)) for r in block.header[level + 1:]):
        return left
    return None


def _group(columns: list[tuple[int, list[tuple[int, int, str]]]], block: Block, kind: TableKind,
           year: int | None, above: tuple[str, ...]) -> list[Node]:
    result: list[Node] = []
    at = 0
    while at < len(columns):
        _, path = columns[at]
        head = path[0]
        same = [columns[at]]
        while at + len(same) < len(columns) and columns[at + len(same)][1][:1] == [head]:
            same.append(columns[at + len(same)])
        at += len(same)
        origin = (block.header[head[0]], head[1])
        if all(len(p) == 1 for _, p in same):
            result.append(_leaf(head[2], (*above, head[2]), tuple(c for c, _ in same), origin, block, kind, year))
            continue
        rest = [(c, p[1:]) for c, p in same if len(p) > 1]
        children = _group(rest, block, kind, year, (*above, head[2]))
        result.append(Group(head[2], origin, tuple(children)))
    return result


def _leaf(label: str, path: tuple[str, ...], sources: tuple[int, ...], at: tuple[int, int], block: Block,
          kind: TableKind, year: int | None) -> Leaf:
    plain = normalise(label)
    scheme = _scheme(path, kind)
    measure = measure_of(list(path), year)
    explicit = False
    if measure is None and _UNIT_SUFFIX.search(label):
        measure = measure_of([*path[:-1], _UNIT_SUFFIX.sub("", label)], year)
        explicit = measure is not None
    holds: Holds
    if plain in ("类", "款", "项"):
        holds = Holds.CODE_PART
    elif ("编码" in plain or "代码" in plain) and "名称" in plain:
        holds = Holds.CODE_AND_NAME
    elif "编码" in plain or "代码" in plain or plain == "编号":
        holds = Holds.CODE
    elif measure is not None:
        holds = Holds.AMOUNT
    elif plain.startswith("项目"):
        holds = Holds.LABEL
    elif "名称" in plain or plain.endswith("科目"):
        holds = Holds.NAME
    else:
        holds = Holds.AMOUNT if _mostly(block, sources, _is_number) else Holds.TEXT
    if holds in (Holds.NAME, Holds.LABEL, Holds.TEXT) and _mostly(block, sources, lambda v: split_code(v) is not None):
        holds = Holds.CODE_AND_NAME
    return Leaf(label, path, sources, at, holds, scheme if holds in _CODED else None, measure, explicit)


_UNIT_SUFFIX = re.compile(r"\s*[(（]\s*(?:万元|元)\s*[)）]\s*$")
_CODED = (Holds.CODE, Holds.CODE_PART, Holds.CODE_AND_NAME)


def _scheme(path: tuple[str, ...], kind: TableKind) -> CodeScheme:
    words = "".join(path)
    if "经济" in words:
        return CodeScheme.ECONOMIC
    if "功能" in words:
        return CodeScheme.FUNCTION
    if "部门" in words or "单位" in words:
        return CodeScheme.DEPARTMENT
    return _SCHEME_BY_KIND.get(kind, CodeScheme.FUNCTION)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and parse_amount_text(value) is not None


def _mostly(block: Block, sources: tuple[int, ...], test: object) -> bool:
    assert callable(test)
    values = [block.sheet.value(r, c) for r in block.body for c in sources]
    filled = [v for v in values if not is_blank(v)]
    return bool(filled) and sum(1 for v in filled if test(v)) * 2 >= len(filled)


def leaves(nodes: list[Node] | tuple[Node, ...]) -> list[Leaf]:
    found: list[Leaf] = []
    for node in nodes:
        found.extend(leaves(node.children) if isinstance(node, Group) else [node])
    return found
