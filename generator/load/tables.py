"""Typing table cells by their column (amount, code, text) once a table's header is known."""

from __future__ import annotations

import dataclasses
import re

from generator.diagnostics import Diagnostic, diagnostic
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.money import Amount
from generator.model.tables import BudgetTable, Cell, ColumnRole, Row, RowRole

TOTAL_NAMES = re.compile(r"^(合\s*计|总\s*计|本年(收入|支出)合计|收入总计|支出总计)$")


def type_table(table: BudgetTable) -> tuple[BudgetTable, list[Diagnostic]]:
    """Parse every cell by its leaf column and derive each row's role."""
    found: list[Diagnostic] = []
    leaves = table.leaves()
    rows = []
    for row in table.rows:
        if len(row.cells) != len(leaves):
            found.append(diagnostic(
                "VAL006", row.span,
                f"这一行有 {len(row.cells)} 个单元格，表头有 {len(leaves)} 个末级栏目",
            ))
            continue
        cells = []
        for cell, column in zip(row.cells, leaves, strict=True):
            typed, problem = _type_cell(cell, column.role, column.scheme)
            if problem is not None:
                found.append(problem)
            cells.append(typed)
        rows.append(dataclasses.replace(row, cells=tuple(cells), role=_role(row, cells)))
    return dataclasses.replace(table, rows=tuple(rows)), found


def _type_cell(cell: Cell, role: ColumnRole, scheme: CodeScheme | None) -> tuple[Cell, Diagnostic | None]:
    if cell.blank or cell.text is None:
        return cell, None
    if role is ColumnRole.AMOUNT:
        amount = Amount.parse(cell.text, cell.span)
        if amount is None:
            return cell, diagnostic("VAL001", cell.span, f"金额“{cell.text[:40]}”不是数字")
        return dataclasses.replace(cell, amount=amount), None
    if role is ColumnRole.CODE:
        code_scheme = scheme or CodeScheme.FUNCTION
        problem = SubjectCode.problem(code_scheme, cell.text.strip())
        if problem is not None:
            return cell, diagnostic("VAL002", cell.span, f"编码“{cell.text[:40]}”有误：{problem}")
        return dataclasses.replace(cell, code=SubjectCode(code_scheme, cell.text.strip())), None
    return cell, None


def _role(row: Row, cells: list[Cell]) -> RowRole:
    if row.role is not RowRole.LINE:
        return row.role
    if any(c.code is not None for c in cells):
        return RowRole.SUBJECT
    first_text = next((c.text.strip() for c in cells if not c.blank and c.text), "")
    return RowRole.TOTAL if TOTAL_NAMES.match(first_text) else RowRole.LINE
