"""What each column and row of a table means: a measure for every amount column, a key for every row (on each
side of a two-sided table), derived from the printed labels through the reference tables, or as written."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from generator.diagnostics import Diagnostic, diagnostic
from generator.model.codes import CodeScheme
from generator.model.keys import TOTAL_KEY, LineKey, RowKey, RowKind
from generator.model.measures import Measure, Side
from generator.model.tables import BudgetTable, Column, ColumnRole, Row, Segment, TableKind
from generator.reference import (
    is_total,
    line_of,
    line_suggestion,
    measure_of,
    measure_suggestion,
    normalise,
    subjects_named,
)
from generator.source import Span


def measures(table: BudgetTable, year: int, found: list[Diagnostic]) -> tuple[Measure | None, ...]:
    """The measure of each leaf column: as written, else from the label path; an amount column whose labels
    name no measure is reported at its label."""
    result: list[Measure | None] = []
    for path in _paths(table.columns, ()):
        leaf = path[-1]
        if leaf.role is not ColumnRole.AMOUNT:
            result.append(None)
            continue
        measure = leaf.measure or measure_of([c.label for c in path], year)
        if measure is None:
            close = measure_suggestion(leaf.label, year)
            hint = f"是否应为“{close}”？" if close else None
            label = " › ".join(c.label for c in path)
            found.append(diagnostic("VAL011", leaf.spans.of("label", leaf.span),
                                    f"无法从栏目名称“{label}”判断这一金额栏目的含义", hint and hint + _MEASURE_HINT))
        result.append(measure)
    return tuple(result)


_MEASURE_HINT = "若确为其他含义，在该栏目写 measure: 和取值（见填报说明）。"


def _paths(columns: tuple[Column, ...], above: tuple[Column, ...]) -> Iterator[tuple[Column, ...]]:
    for column in columns:
        if column.children:
            yield from _paths(column.children, (*above, column))
        else:
            yield (*above, column)


def row_keys(table: BudgetTable, found: list[Diagnostic]) -> tuple[tuple[RowKey | None, ...], ...]:
    """Each row's key on each segment; repeated keys in one segment are reported."""
    parts = table.segments()
    scheme = next((leaf.scheme for leaf in table.leaves() if leaf.role is ColumnRole.CODE and leaf.scheme), None)
    codes = frozenset(i for i, leaf in enumerate(table.leaves()) if leaf.role is ColumnRole.CODE)
    keyer = _Keyer(table, scheme or CodeScheme.FUNCTION, found, codes)
    keys = tuple(_blank_if_empty(tuple(keyer.key(number, row, part, index) for index, part in enumerate(parts)),
                                 number) for number, row in enumerate(table.rows, 1))
    seen: dict[tuple[int, RowKey], Span] = {}
    for row, row_keys_ in zip(table.rows, keys, strict=True):
        for index, key in enumerate(row_keys_):
            if key is None or key.kind is RowKind.BLANK:
                continue
            first = seen.setdefault((index, key), row.span)
            if first is not row.span:
                found.append(diagnostic("VAL013", row.span,
                                        f"这一行与第 {first.line} 行含义相同（{key}），事实无法区分"))
    return keys


def _blank_if_empty(keys: tuple[RowKey | None, ...], number: int) -> tuple[RowKey | None, ...]:
    """A printed empty row of a two-sided table is one blank row, not two sides with nothing."""
    if any(key is not None for key in keys):
        return keys
    return (RowKey(RowKind.BLANK, str(number)), *keys[1:])


@dataclasses.dataclass(slots=True)
class _Keyer:
    table: BudgetTable
    scheme: CodeScheme
    found: list[Diagnostic]
    code_columns: frozenset[int] = frozenset()
    totals: int = 0

    def key(self, number: int, row: Row, part: Segment, index: int) -> RowKey | None:
        printed = any(not row.cells[i].blank for i in (*part.keys, *part.amounts))
        if index < len(row.lines) and row.lines[index] is not None:
            written = row.lines[index]
            assert isinstance(written, LineKey)
            return RowKey.line(written)
        if part.side is None:
            code = next((row.cells[i].code for i in part.keys if row.cells[i].code is not None), None)
            if code is not None:
                return RowKey.subject(code)
            if row.subject is not None:
                return RowKey.subject(row.subject)
            if any(not row.cells[i].blank for i in part.keys if i in self.code_columns):
                return None  # a code that could not be read: reported already (VAL002), no key to guess
        if not printed:
            return RowKey(RowKind.BLANK, str(number)) if part.side is None else None
        label = next((row.cells[i].text for i in part.keys if not row.cells[i].blank), None)
        if label is None:
            self._unknown(row, f"第 {number} 行印有金额，但没有说明是哪一行的项目或科目", None)
            return RowKey(RowKind.LABEL, f"#{number}")
        if part.side is not None:
            line = line_of(label, part.side)
            if line is not None:
                return RowKey.line(line)
        if is_total(label):
            if part.side is None:
                self.totals += 1
                return TOTAL_KEY if self.totals == 1 else RowKey(RowKind.TOTAL, str(number))
            return self._label(row, label, part.side)
        named = self._subject(label)
        if named is not None:
            return named
        if part.side is None:
            for side in Side:
                line = line_of(label, side)
                if line is not None:
                    return RowKey.line(line)
        return self._label(row, label, part.side)

    def _subject(self, label: str) -> RowKey | None:
        """A row named by an official subject name: the one code with that name, or the only 类 among several."""
        codes = subjects_named(label, self.scheme)
        classes = [c for c in codes if len(c.code) == 3]
        if len(codes) == 1 or len(classes) == 1:
            return RowKey.subject(codes[0] if len(codes) == 1 else classes[0])
        return None

    def _label(self, row: Row, label: str, side: Side | None) -> RowKey:
        if self.table.kind is not TableKind.OTHER:
            close = line_suggestion(label, side) if side is not None else None
            self._unknown(row, f"无法判断“{label}”是哪个科目或收支项目", close)
        return RowKey(RowKind.LABEL, normalise(label) or "".join(label.split()))  # "其中：" alone is a label too

    def _unknown(self, row: Row, message: str, close: str | None) -> None:
        hint = f"是否应为“{close}”？若不是，" if close else None
        rule = "在该行写 subject: 或 lines: 说明这一行是什么（见填报说明）。"
        self.found.append(diagnostic("VAL012", row.span, message, hint + rule if hint else None))


def annotate_tables(tables: tuple[BudgetTable, ...], year: int, found: list[Diagnostic]) -> tuple[BudgetTable, ...]:
    """Every table with the measures of its columns and the keys of its rows."""
    return tuple(dataclasses.replace(table, measures=measures(table, year, found), row_keys=row_keys(table, found))
                 for table in tables)

