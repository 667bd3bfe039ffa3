"""Table facts: every printed amount of a 公开表 as (table, row key, measure), with the table's columns and rows."""

from __future__ import annotations

from generator.model.extract import ColumnInfo, Fact, RowInfo, TableInfo
from generator.model.measures import Side
from generator.model.tables import BudgetTable, Column, Row, row_anchors


def _labels(columns: tuple[Column, ...], above: tuple[str, ...] = ()) -> list[str]:
    found: list[str] = []
    for column in columns:
        path = (*above, " ".join(column.label.split()))
        if column.children:
            found.extend(_labels(column.children, path))
        else:
            found.append(" › ".join(path))
    return found


def _name(row: Row, keys: tuple[int, ...]) -> str | None:
    """The row's printed name: its name or label cell (the last key cell with text: 科目名称 after 科目编码)."""
    names = [row.cells[i].text for i in keys if not row.cells[i].blank and row.cells[i].code is None]
    return names[0] if names else None


def table_facts(table: BudgetTable) -> tuple[list[Fact], TableInfo]:
    """The facts of one table (non-blank amount cells of keyed rows, in printed order) and its description."""
    leaves = table.leaves()
    parts = table.segments()
    sides: list[Side | None] = [None] * len(leaves)
    for part in parts:
        for i in (*part.keys, *part.amounts):
            sides[i] = part.side
    columns = tuple(ColumnInfo(label, leaf.role.value, table.measures[i] if table.measures else None, sides[i])
                    for i, (label, leaf) in enumerate(zip(_labels(table.columns), leaves, strict=True)))
    facts: list[Fact] = []
    rows: list[RowInfo] = []
    anchors = row_anchors(table)
    unit, kind, ident = table.unit, table.kind.value, table.anchor
    for row, keys, anchor in zip(table.rows, table.row_keys or [()] * len(table.rows), anchors, strict=True):
        names: list[str | None] = []
        for part, key in zip(parts, keys, strict=False):
            name = _name(row, part.keys)
            names.append(name)
            if key is None:
                continue
            for i in part.amounts:
                amount = row.cells[i].amount
                measure = table.measures[i]
                if amount is not None and measure is not None:
                    facts.append(Fact(ident, kind, key, measure, amount.value, amount.text, unit, amount.span, name))
        rows.append(RowInfo(tuple(keys), tuple(names), anchor, row.role.value, row.span))
    info = TableInfo(ident, kind, table.title, unit, columns, tuple(rows), table.span)
    return facts, info

