"""Typing table cells by their column (amount, code, text) once a table's header is known."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, diagnostic
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.money import Amount
from generator.model.tables import Cell, Column, ColumnRole, Row, RowRole
from generator.reference import is_total
from generator.source import Span

CELL_LIMIT = 2_000
"""the longest table cell, in characters (VAL015, documented in the guide)"""

ColumnKind = tuple[ColumnRole, CodeScheme | None]
"""what a leaf column's cells are parsed as"""


def column_kinds(columns: tuple[Column, ...]) -> list[ColumnKind]:
    """The kind of each leaf column, in printed order."""
    return [(leaf.role, leaf.scheme) for column in columns for leaf in column.leaves()]


def type_cell(text: str | None, span: Span, kind: ColumnKind) -> tuple[Cell, Diagnostic | None]:
    """A cell of a column of ``kind``: amounts and codes parsed, anything else kept as text."""
    role = kind[0]
    if text is not None and len(text) > CELL_LIMIT:
        return Cell(None, None, None, span), diagnostic("VAL015", span,
                                                        f"单元格有 {len(text)} 个字符，超过上限 {CELL_LIMIT} 个")
    if text is None or role not in (ColumnRole.AMOUNT, ColumnRole.CODE) or not text.strip():
        return Cell(text, None, None, span), None
    if role is ColumnRole.AMOUNT:
        amount = Amount.parse(text, span)
        if amount is None:
            return Cell(text, None, None, span), diagnostic("VAL001", span, f"金额“{text[:40]}”不是数字")
        return Cell(text, amount, None, span), None
    scheme = kind[1] or CodeScheme.FUNCTION
    code = text.strip()
    problem = SubjectCode.problem(scheme, code)
    if problem is not None:
        return Cell(text, None, None, span), diagnostic("VAL002", span, f"编码“{text[:40]}”有误：{problem}")
    return Cell(text, None, SubjectCode(scheme, code), span), None


def row_role(given: RowRole, cells: list[Cell]) -> RowRole:
    """The role written, or else: subject when a cell holds a code, total when the first text is a total's
    label (the rule of ``reference.is_total``: 合计, 总计, 小计, 本年收入合计, 收入总计 …)."""
    if given is not RowRole.LINE:
        return given
    if any(c.code is not None for c in cells):
        return RowRole.SUBJECT
    first_text = next((c.text for c in cells if not c.blank and c.text), "")
    return RowRole.TOTAL if first_text and is_total(first_text) else RowRole.LINE


def type_row(texts: list[tuple[str | None, Span]], kinds: list[ColumnKind], found: list[Diagnostic], span: Span,
             written: Row | None = None) -> Row | None:
    """A row with its cells (printed text and position each) typed by their columns, its role derived unless
    one is written (a row written as a mapping brings role, subject, indent and lines); None when it has the
    wrong number of cells."""
    if len(texts) != len(kinds):
        found.append(diagnostic("VAL006", span, f"这一行有 {len(texts)} 个单元格，表头有 {len(kinds)} 个末级栏目"))
        return None
    cells = []
    for (text, at), kind in zip(texts, kinds, strict=True):
        cell, problem = type_cell(text, at, kind)
        if problem is not None:
            found.append(problem)
        cells.append(cell)
    if written is None:
        return Row(tuple(cells), row_role(RowRole.LINE, cells), span=span)
    return Row(tuple(cells), row_role(written.role, cells), written.subject, written.indent, written.lines,
               written.acknowledged, span, written.spans)
