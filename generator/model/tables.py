"""Department budget tables (部门预算公开表): columns, rows and cells as printed."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.model import derived
from generator.model.acknowledgement import Acknowledgement
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.keys import LineKey, RowKey
from generator.model.measures import Measure, Side
from generator.model.money import Amount, MoneyUnit
from generator.source import NO_SPANS, NOWHERE, Span, Spans


class TableKind(enum.Enum):
    """公开表种类 (the eleven tables of a 部门预算 plus regional add-ons)."""

    SUMMARY = "summary"
    """收支预算总表"""
    INCOME = "income"
    """部门收入总表"""
    EXPENDITURE = "expenditure"
    """部门支出总表"""
    FISCAL_SUMMARY = "fiscal_summary"
    """财政拨款收支总表"""
    GENERAL_EXPENDITURE = "general_expenditure"
    """一般公共预算支出表"""
    GENERAL_BASIC = "general_basic"
    """一般公共预算基本支出表"""
    THREE_PUBLIC = "three_public"
    """财政拨款“三公”经费支出表"""
    GOVFUND_EXPENDITURE = "govfund_expenditure"
    """政府性基金预算支出表"""
    SOE_EXPENDITURE = "soe_expenditure"
    """国有资本经营预算支出表"""
    EXPENDITURE_SUMMARY = "expenditure_summary"
    """支出预算总表 (regional add-on)"""
    FISCAL_APPROPRIATION = "fiscal_appropriation"
    """财政拨款预算表 (regional add-on)"""
    OTHER = "other"
    """其他表 (any further regional table)"""


class ColumnRole(enum.Enum):
    """栏目类别: what the cells of a column hold."""

    AMOUNT = "amount"
    """金额"""
    CODE = "code"
    """科目编码 or 部门编码"""
    NAME = "name"
    """科目名称 or 部门名称"""
    LABEL = "label"
    """项目 (a row label in 收支总表)"""
    TEXT = "text"
    """其他文字"""


class CodeStyle(enum.Enum):
    """How 款 codes are printed in the code column."""

    SUFFIX = "suffix"
    """功能分类 款 printed as its last two digits (``01``)"""
    FULL = "full"
    """every code printed in full (``30101``)"""


@dataclass(frozen=True, slots=True)
class Column:
    """栏目: a header cell; a group when it has children (多级表头)."""

    label: str
    """表头文字 as printed"""
    role: ColumnRole = ColumnRole.AMOUNT
    """amount (default), code, name, label or text"""
    scheme: CodeScheme | None = None
    """for code columns: function, economic or department"""
    children: tuple[Column, ...] = ()
    """sub-columns printed under this header"""
    measure: Measure | None = None
    """栏目含义 of an amount column, when its label is unusual; derived from the label path otherwise"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""

    def leaves(self) -> tuple[Column, ...]:
        if not self.children:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


class RowRole(enum.Enum):
    """行类别."""

    TOTAL = "total"
    """合计/总计 rows"""
    SUBJECT = "subject"
    """a 类/款/项 row with a code"""
    LINE = "line"
    """any other row (收支总表 lines, rows named by subject name only)"""


@dataclass(frozen=True, slots=True)
class Cell:
    """单元格: printed text (None = blank) and its parsed value for amount and code columns."""

    text: str | None
    amount: Amount | None = None
    code: SubjectCode | None = None
    span: Span = NOWHERE

    @property
    def blank(self) -> bool:
        return self.text is None or not self.text.strip()


@dataclass(frozen=True, slots=True)
class Row:
    """表行: one cell per leaf column, in order."""

    cells: tuple[Cell, ...]
    """单元格, aligned with the table's leaf columns"""
    role: RowRole = RowRole.LINE
    """total, subject or line; derived from the cells unless given"""
    subject: SubjectCode | None = None
    """the subject a row stands for when its code is not printed (支出预算总表 rows)"""
    indent: int = 0
    """extra printed indentation of the row label"""
    lines: tuple[LineKey | None, ...] = ()
    """收支项目 of an unusual line, one per side (收入, 支出; ~ where the label says it); derived from the labels
    otherwise"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""

    @property
    def code(self) -> SubjectCode | None:
        """the first code printed in the row, else the subject it stands for"""
        for cell in self.cells:
            if cell.code is not None:
                return cell.code
        return self.subject


@dataclass(frozen=True, slots=True)
class BudgetTable:
    """公开表: one published table, reproduced as printed."""

    kind: TableKind
    """表种类"""
    title: str
    """表名 as printed"""
    id: str | None = None
    """anchor; defaults to the kind (needed only for ``other`` tables)"""
    filler: str | None = None
    """填报单位 line as printed (``填报单位:[202002]寻乌县社会保险服务中心``)"""
    unit_label: str | None = None
    """单位 line as printed (``单位：万元``); None when the table prints none"""
    unit: MoneyUnit = MoneyUnit.WAN_YUAN
    """the declared unit of its amounts"""
    note: str | None = None
    """表注 printed above the title (``注：若为空表，…``)"""
    columns: tuple[Column, ...] = ()
    """表头, as a tree"""
    numbering: str | None = None
    """the column-numbering row as printed (``** ** 1 2 3``); None when not printed"""
    code_style: CodeStyle = CodeStyle.SUFFIX
    """how 款 codes are printed"""
    rows: tuple[Row, ...] = ()
    """表行 in printed order; empty for an empty table"""
    acknowledged: tuple[Acknowledgement, ...] = ()
    """核查说明 for findings inside this record"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
    measures: tuple[Measure | None, ...] = derived(())
    """the measure of each leaf column (None for code, name, label and text columns)"""
    row_keys: tuple[tuple[RowKey | None, ...], ...] = derived(())
    """for each row, its key on each segment (see ``segments``); None where the segment prints nothing"""

    @property
    def anchor(self) -> str:
        return self.id or self.kind.value

    def leaves(self) -> tuple[Column, ...]:
        return tuple(leaf for c in self.columns for leaf in c.leaves())

    def segments(self) -> tuple[Segment, ...]:
        return segments(self.columns)


@dataclass(frozen=True, slots=True)
class Segment:
    """表块: the leaf columns that one row key applies to. A one-sided table is one segment; a 收支总表 has two,
    收入 and 支出, each a top-level column group with its own label column (项目) and amounts."""

    side: Side | None
    """收入 or 支出 for a two-sided table; None otherwise"""
    keys: tuple[int, ...]
    """leaf positions of the cells that say what the row is (code, name, label), in printed order"""
    amounts: tuple[int, ...]
    """leaf positions of the amount columns"""
    first: int
    """leaf position where the segment starts"""


_SIDES = {"收入": Side.INCOME, "支出": Side.EXPENDITURE}


def segments(columns: tuple[Column, ...]) -> tuple[Segment, ...]:
    """The documented rule: when every top-level column is a group labelled 收入 or 支出 (spaces ignored) and
    holding a label column, each group is a side; otherwise the whole table is one segment."""
    groups: list[tuple[Side | None, tuple[Column, ...]]] = []
    for column in columns:
        side = _SIDES.get("".join(column.label.split()))
        leaves = column.leaves()
        if side is None or not column.children or not any(leaf.role is ColumnRole.LABEL for leaf in leaves):
            groups = []
            break
        groups.append((side, leaves))
    if len(groups) < 2:
        groups = [(None, tuple(leaf for c in columns for leaf in c.leaves()))]
    found, at = [], 0
    for side, leaves in groups:
        keys = tuple(at + i for i, leaf in enumerate(leaves) if leaf.role in _KEYS)
        amounts = tuple(at + i for i, leaf in enumerate(leaves) if leaf.role is ColumnRole.AMOUNT)
        found.append(Segment(side, keys, amounts, at))
        at += len(leaves)
    return tuple(found)


_KEYS = (ColumnRole.CODE, ColumnRole.NAME, ColumnRole.LABEL)


def row_anchors(table: BudgetTable) -> list[str]:
    """Stable row anchors, which readers cite: ``income-2080109`` for coded rows, ``summary-r3`` for the rest."""
    ids: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(table.rows, 1):
        code = row.code
        candidate = f"{table.anchor}-{code.code}" if code is not None else f"{table.anchor}-r{index}"
        ids.append(candidate if candidate not in seen else f"{table.anchor}-r{index}")
        seen.add(ids[-1])
    return ids
