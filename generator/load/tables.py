"""Typing table cells by their column (amount, code, text) once a table's header is known."""

from __future__ import annotations

from typing import NamedTuple

from generator.diagnostics import Diagnostic, diagnostic
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.money import Amount, MoneyUnit, amount_problem
from generator.model.tables import Cell, Column, ColumnRole, Row, RowRole
from generator.reference import is_total
from generator.source import Span

CELL_LIMIT = 2_000
"""the longest table cell, in characters (VAL018, documented in the guide)"""

ColumnKind = tuple[ColumnRole, CodeScheme | None]
"""what a leaf column's cells are parsed as"""


class Header(NamedTuple):
    """What typing a table's rows needs from its header: each leaf column's kind and printed label, in order,
    and the table's declared unit (单位)."""

    kinds: list[ColumnKind]
    labels: list[str]
    unit: MoneyUnit = MoneyUnit.WAN_YUAN


def column_kinds(columns: tuple[Column, ...]) -> list[ColumnKind]:
    """The kind of each leaf column, in printed order."""
    return [(leaf.role, leaf.scheme) for column in columns for leaf in column.leaves()]


def _paths(column: Column, above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    path = (*above, column.label)
    return [path] if not column.children else [p for child in column.children for p in _paths(child, path)]


def header(columns: tuple[Column, ...], unit: MoneyUnit = MoneyUnit.WAN_YUAN) -> Header:
    """A table's header for typing its rows; a leaf's label is its printed label, with the groups above it
    (``财政拨款/小计``) where the label alone is printed more than once."""
    paths = [path for column in columns for path in _paths(column)]
    leaves = [path[-1] for path in paths]
    labels = [path[-1] if leaves.count(path[-1]) == 1 else "/".join(path) for path in paths]
    return Header(column_kinds(columns), labels, unit)


def type_cell(text: str | None, span: Span, kind: ColumnKind,
              unit: MoneyUnit | None = None) -> tuple[Cell, list[Diagnostic]]:
    """A cell of a column of ``kind``: amounts and codes parsed, anything else kept as text. In a table (of
    ``unit``) an amount is the number alone: a unit written in the cell is an error, and a warning besides when it
    is not the table's."""
    role = kind[0]
    if text is not None and len(text) > CELL_LIMIT:
        return Cell(None, None, None, span), [diagnostic("VAL018", span,
                                                         f"单元格有 {len(text)} 个字符，超过上限 {CELL_LIMIT} 个")]
    if text is None or role not in (ColumnRole.AMOUNT, ColumnRole.CODE) or not text.strip():
        return Cell(text, None, None, span), []
    if role is ColumnRole.AMOUNT:
        amount = Amount.parse(text, span)
        if amount is None:
            slip = amount_problem(text)
            if slip is None:
                return Cell(text, None, None, span), [diagnostic("VAL001", span, f"金额“{text[:40]}”不是数字")]
            return Cell(text, None, None, span), [diagnostic("VAL001", span, slip[0], slip[1])]
        if amount.suffix is not None and unit is not None:
            number = amount.text.removesuffix(amount.suffix)
            found = [diagnostic("VAL015", span, f"金额“{text[:40]}”中写了单位“{amount.suffix}”",
                                f"金额栏只写数字，例如 \"{number}\"；单位由表的 unit 说明（本表：{unit.value}）。")]
            if amount.suffix != unit.value:
                found.append(diagnostic("VAL016", span, f"金额“{text[:40]}”的单位“{amount.suffix}”与本表的单位"
                                        f"“{unit.value}”不符：按本表单位，这个数会读成 {number} {unit.value}"))
            return Cell(text, None, None, span), found
        return Cell(text, amount, None, span), []
    scheme = kind[1] or CodeScheme.FUNCTION
    code = text.strip()
    problem = SubjectCode.problem(scheme, code)
    if problem is not None:
        hint = None
        if code[:1] in "“‘" or code[-1:] in "”’":
            problem, hint = "写在中文引号中", "删去中文引号 “ ”；编码要加引号时用英文双引号，例如 \"2080109\"。"
        elif any("０" <= char <= "９" for char in code):
            problem, hint = "有全角数字", "切换到英文输入法，用半角数字重写编码。"
        return Cell(text, None, None, span), [diagnostic("VAL002", span, f"编码“{text[:40]}”有误：{problem}", hint)]
    return Cell(text, None, SubjectCode(scheme, code), span), []


def row_role(given: RowRole, cells: list[Cell]) -> RowRole:
    """The role written, or else: subject when a cell holds a code, total when the first text is a total's
    label (the rule of ``reference.is_total``: 合计, 总计, 小计, 本年收入合计, 收入总计 …)."""
    if given is not RowRole.LINE:
        return given
    if any(c.code is not None for c in cells):
        return RowRole.SUBJECT
    first_text = next((c.text for c in cells if not c.blank and c.text), "")
    return RowRole.TOTAL if first_text and is_total(first_text) else RowRole.LINE


def _count_problem(texts: list[tuple[str | None, Span]], labels: list[str], span: Span) -> Diagnostic:
    """VAL006, naming the columns (by their printed labels) that the row's cells cannot fill, at the first
    extra cell or, for a row short of cells, at a cell a full-width comma failed to split, else the row."""
    have, want = len(texts), len(labels)
    quoted = "、".join(f"“{label}”" for label in labels[min(have, want):])
    if have > want:
        extra = "、".join(f"“{(text or '~')[:20]}”" for text, _ in texts[want:])
        return diagnostic("VAL006", texts[want][1], f"这一行有 {have} 个单元格，表头只有 {want} 个末级栏目（最后一栏是"
                          f"“{labels[-1] if labels else ''}”）：多出的单元格 {extra} 没有对应的栏目")
    message = f"这一行有 {have} 个单元格，表头有 {want} 个末级栏目：栏目 {quoted} 没有对应的单元格"
    for index, (text, at) in enumerate(texts):
        if text is not None and "，" in text:
            return diagnostic("VAL006", at, f"{message}；第 {index + 1} 个单元格“{text[:40]}”中的全角逗号“，”"
                              "没有把它分成两个单元格",
                              "列表中的单元格用英文逗号“,”分隔；请切换到英文输入法重新输入逗号。")
    return diagnostic("VAL006", span, message)


def type_row(texts: list[tuple[str | None, Span]], head: Header, found: list[Diagnostic], span: Span,
             written: Row | None = None) -> Row | None:
    """A row with its cells (printed text and position each) typed by their columns, its role derived unless
    one is written (a row written as a mapping brings role, subject, indent and lines); None when it has the
    wrong number of cells."""
    if len(texts) != len(head.kinds):
        found.append(_count_problem(texts, head.labels, span))
        return None
    cells = []
    for (text, at), kind in zip(texts, head.kinds, strict=True):
        cell, problems = type_cell(text, at, kind, head.unit)
        if problems:
            found.extend(problems)
        cells.append(cell)
    if written is None:
        return Row(tuple(cells), row_role(RowRole.LINE, cells), span=span)
    return Row(tuple(cells), row_role(written.role, cells), written.subject, written.indent, written.lines,
               written.acknowledged, span, written.spans)
