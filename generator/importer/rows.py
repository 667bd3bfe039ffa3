"""放置: each body row of a found table placed cell by cell under the filing's columns: codes (in one column,
over 类/款/项 columns, or with the name in one cell; a 款 printed as two digits completed from its 类), names
(and, in subject tables that print no codes, the official subject a name stands for when the name and its
indentation leave one candidate), row labels with their indentation, and amounts (see ``cells``). Whatever a
cell holds that cannot be placed or is doubtful becomes a problem at that cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.importer.cells import (
    code_text,
    is_blank,
    leading_indent,
    number_decimals,
    read_amount,
    split_code,
    text_of,
)
from generator.importer.columns import SUBJECT_KINDS, Group, Holds, Leaf, Node, leaves
from generator.importer.layout import Block
from generator.importer.problems import Place, Problem
from generator.importer.sheets import Value
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.money import parse_amount_text
from generator.model.tables import ColumnRole, TableKind
from generator.reference import is_total, subjects_named


@dataclass(frozen=True, slots=True)
class OutLeaf:
    """A leaf column of the filing and where its cells come from."""

    label: str
    role: ColumnRole
    source: Leaf
    part: str = "whole"
    """whole, split (类/款/项 columns), code or name (of a code-and-name cell)"""
    parts: tuple[Leaf, ...] = ()
    scheme: CodeScheme | None = None


@dataclass(frozen=True, slots=True)
class OutGroup:
    label: str
    at: tuple[int, int]
    children: tuple[OutGroup | OutLeaf, ...]


OutNode = OutGroup | OutLeaf


@dataclass(slots=True)
class PlacedRow:
    """A row of the filing: one cell text per leaf (None: blank), with the sheet cell each came from."""

    row: int
    cells: list[str | None]
    places: list[Place]
    subject: str | None = None
    indent: int = 0


@dataclass(slots=True)
class Placed:
    """A table placed: its column tree, rows, code style and the problems found placing it."""

    columns: list[OutNode]
    rows: list[PlacedRow] = field(default_factory=list)
    suffix_codes: bool = False
    converted: bool = False
    problems: list[Problem] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


_ROLES = {Holds.NAME: ColumnRole.NAME, Holds.LABEL: ColumnRole.LABEL, Holds.AMOUNT: ColumnRole.AMOUNT,
          Holds.TEXT: ColumnRole.TEXT, Holds.CODE: ColumnRole.CODE}
_PART_ORDER = {"类": 0, "款": 1, "项": 2}


def out_columns(nodes: list[Node] | tuple[Node, ...], comments: list[str]) -> list[OutNode]:
    """The filing's column tree: 类/款/项 columns become one code column, a code-and-name column two."""
    result: list[OutNode] = []
    parts = sorted((n for n in nodes if isinstance(n, Leaf) and n.holds is Holds.CODE_PART),
                   key=lambda leaf: _PART_ORDER.get(leaf.label.strip(), 3))
    for node in nodes:
        if isinstance(node, Group):
            inner = leaves(node.children)
            if all(leaf.holds is Holds.CODE_PART for leaf in inner):
                result.extend(_split(node.label, inner, comments))
            else:
                result.append(OutGroup(node.label, node.at, tuple(out_columns(node.children, comments))))
        elif node.holds is Holds.CODE_PART:
            if node is parts[0]:
                result.extend(_split("科目编码", parts, comments))
        elif node.holds is Holds.CODE_AND_NAME:
            comments.append(f"工作簿“{node.label}”一栏中编码与名称写在同一格，导入时分为科目编码、科目名称两栏")
            result.append(OutLeaf("科目编码", ColumnRole.CODE, node, "code", scheme=node.scheme))
            result.append(OutLeaf(node.label, ColumnRole.NAME, node, "name"))
        else:
            result.append(OutLeaf(node.label, _ROLES[node.holds], node, scheme=node.scheme))
    return result


def _split(label: str, parts: list[Leaf], comments: list[str]) -> list[OutNode]:
    ordered = sorted(parts, key=lambda leaf: _PART_ORDER.get(leaf.label.strip(), 3))
    comments.append("工作簿中科目编码分印在" + "、".join(p.label for p in ordered) + "栏，导入时合为一栏完整编码")
    return [OutLeaf(label, ColumnRole.CODE, ordered[0], "split", tuple(ordered), ordered[0].scheme)]


def out_leaves(nodes: list[OutNode] | tuple[OutNode, ...]) -> list[OutLeaf]:
    found: list[OutLeaf] = []
    for node in nodes:
        found.extend(out_leaves(node.children) if isinstance(node, OutGroup) else [node])
    return found


@dataclass(slots=True)
class _Codes:
    """The 类 and 款 of the rows above, to complete a code printed as its last digits."""

    scheme: CodeScheme
    cls: str | None = None
    section: str | None = None
    suffix: bool = False

    def full(self, digits: str, part: str | None = None) -> str:
        if self.scheme is CodeScheme.DEPARTMENT:
            return digits
        if part == "项" and len(digits) == 2 and self.section:
            digits = self.section + digits
        elif len(digits) == 2 and self.cls and part != "类":
            digits = self.cls + digits
            self.suffix = True
        if len(digits) == 3:
            self.cls, self.section = digits, None
        elif len(digits) == 5:
            self.cls, self.section = digits[:3], digits
        elif len(digits) == 7:
            self.cls, self.section = digits[:3], digits[:5]
        return digits


class Placer:
    """Places the body rows of one block."""

    def __init__(self, block: Block, kind: TableKind, columns: list[OutNode], unheaded: list[int],
                 to_wan_yuan: bool) -> None:
        self.block = block
        self.kind = kind
        self.sheet = block.sheet
        self.leaves = out_leaves(columns)
        self.unheaded = unheaded
        code = next((leaf for leaf in self.leaves if leaf.role is ColumnRole.CODE), None)
        self.codes = _Codes(code.scheme if code and code.scheme else CodeScheme.FUNCTION)
        self.names_only = code is None and kind in SUBJECT_KINDS
        self.scheme = CodeScheme.ECONOMIC if kind is TableKind.GENERAL_BASIC else CodeScheme.FUNCTION
        self.convert = to_wan_yuan
        self.decimals = self._table_decimals()
        self.placed = Placed(columns)
        self.stack: list[tuple[int, SubjectCode]] = []

    def place(self) -> Placed:
        body = list(self.block.body)
        while body and self._blank_row(body[-1]):
            body.pop()
        for row in body:
            self._row(row)
        self.placed.suffix_codes = self.codes.suffix
        self.placed.converted = self.convert
        return self.placed

    def _where(self, row: int, column: int) -> Place:
        return Place(self.sheet.index, row, column, self.sheet.name)

    def _problem(self, row: int, column: int, code: str, message: str) -> None:
        self.placed.problems.append(Problem(self._where(row, column), code, message))

    def _blank_row(self, row: int) -> bool:
        return all(is_blank(v) for v in self.sheet.rows[row])

    def _table_decimals(self) -> int:
        found = 0
        for leaf in self.leaves:
            if leaf.role is not ColumnRole.AMOUNT:
                continue
            for row in self.block.body:
                for column in leaf.source.sources:
                    value = self.sheet.value(row, column)
                    if isinstance(value, str):
                        parsed = parse_amount_text(value)
                        exponent = parsed[0].as_tuple().exponent if parsed else 0
                        found = max(found, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
                    elif (row, column) not in self.sheet.decimals:
                        found = max(found, number_decimals(value))
        return found

    def _row(self, row: int) -> None:
        placed = PlacedRow(row, [], [])
        for leaf in self.leaves:
            column, text = self._cell(row, leaf, placed)
            placed.cells.append(text)
            placed.places.append(self._where(row, column))
        for column in self.unheaded:
            value = self.sheet.value(row, column)
            if not is_blank(value):
                self._problem(row, column, "IMP006", f"“{text_of(value)}”不在任何栏目之下，未导入")
        self._total_in_code_column(placed)
        if self.names_only:
            self._subject(row, placed)
        self.placed.rows.append(placed)

    def _total_in_code_column(self, placed: PlacedRow) -> None:
        """合计 printed in the code column (the name cell blank or merged with it) moves to the name column."""
        code = next((i for i, leaf in enumerate(self.leaves) if leaf.role is ColumnRole.CODE), None)
        name = next((i for i, leaf in enumerate(self.leaves) if leaf.role is ColumnRole.NAME), None)
        if code is None or name is None:
            return
        text = placed.cells[code]
        if text is not None and not text.isdigit() and is_total(text) and placed.cells[name] in (None, text):
            placed.cells[name], placed.cells[code] = text, None
            placed.places[name] = placed.places[code]

    def _value(self, row: int, leaf: Leaf) -> tuple[int, Value]:
        """The first non-blank of the leaf's columns (a leaf merged over several); the others are reported."""
        chosen: tuple[int, Value] | None = None
        for column in leaf.sources:
            value = self.sheet.value(row, column)
            if is_blank(value):
                continue
            if chosen is None:
                chosen = (column, value)
            else:
                self._problem(row, column, "IMP006", f"“{text_of(value)}”与同一栏目的另一格重复，未导入")
        return chosen if chosen is not None else (leaf.sources[0], "")

    def _cell(self, row: int, leaf: OutLeaf, placed: PlacedRow) -> tuple[int, str | None]:
        if leaf.part == "split":
            return self._split_code(row, leaf)
        column, value = self._value(row, leaf.source)
        if (row, column) in self.sheet.unsaved_formulas:
            self._problem(row, column, "IMP005", "这一格是公式，但工作簿中没有保存它的计算结果，未能导入")
            return column, None
        if is_blank(value):
            return column, None
        if leaf.part in ("code", "name"):
            pair = split_code(value)
            if pair is None:
                return column, None if leaf.part == "code" else text_of(value).strip()
            if leaf.part == "name":
                return column, pair[1]
            return column, self._code(row, column, pair[0], None)
        if leaf.role is ColumnRole.CODE:
            digits = code_text(value)
            if digits is None:
                if is_total(text_of(value)):
                    return column, text_of(value).strip()
                self._problem(row, column, "IMP009", f"“{text_of(value)}”不是科目编码")
                return column, text_of(value).strip()
            return column, self._code(row, column, digits, None)
        if leaf.role is ColumnRole.AMOUNT:
            return column, self._amount(row, column, value, leaf)
        text = text_of(value)
        if leaf.role is ColumnRole.LABEL and leading_indent(text):
            placed.indent = max(placed.indent, leading_indent(text))
        return column, text.strip()

    def _split_code(self, row: int, leaf: OutLeaf) -> tuple[int, str | None]:
        digits: dict[str, str] = {}
        first = leaf.parts[0].sources[0]
        for part in leaf.parts:
            column, value = self._value(row, part)
            if is_blank(value):
                continue
            found = code_text(value)
            if found is None:
                if not is_total(text_of(value)):
                    self._problem(row, column, "IMP009", f"“{text_of(value)}”不是科目编码")
                return first, text_of(value).strip()
            digits[part.label.strip()] = found
        if not digits:
            return first, None
        cls = digits.get("类", self.codes.cls if ("款" in digits or "项" in digits) else None)
        section = digits.get("款")
        item = digits.get("项")
        code = cls or ""
        if section:
            code = section if len(section) == 5 else code + section
        elif item and self.codes.section and len(item) == 2:
            code = self.codes.section
        if item:
            code = item if len(item) == 7 else code + item
        return first, self._code(row, first, code, "split")

    def _code(self, row: int, column: int, digits: str, part: str | None) -> str:
        full = self.codes.full(digits) if part is None else self.codes.full(digits, "类")
        problem = SubjectCode.problem(self.codes.scheme, full)
        if problem is not None:
            self._problem(row, column, "IMP009", f"科目编码“{digits}”不正确：{problem}")
        return full

    def _amount(self, row: int, column: int, value: Value, leaf: OutLeaf) -> str | None:
        amount = read_amount(value, self.sheet.decimals.get((row, column)), self.decimals)
        if amount is None:
            text = text_of(value).strip()
            self._problem(row, column, "IMP004", f"“{leaf.label}”栏中的“{text}”不是金额，照原文导入")
            return text
        if amount.dash:
            self._problem(row, column, "IMP010", f"“{leaf.label}”栏印“-”，导入为空白")
            return None
        if amount.rounded_from is not None:
            self._problem(row, column, "IMP011",
                          f"单元格中存的数是 {amount.rounded_from}，按印出的样子导入为 {amount.text}")
        if self.convert and amount.value is not None:
            return _wan_yuan(amount.value)
        return amount.text

    def _subject(self, row: int, placed: PlacedRow) -> None:
        """A subject row printed by name only: its code from the official names, narrowed by indentation."""
        name_at = next((i for i, leaf in enumerate(self.leaves) if leaf.role is ColumnRole.NAME), None)
        if name_at is None or placed.cells[name_at] is None:
            return
        name = placed.cells[name_at] or ""
        if is_total(name) or all(c is None for i, c in enumerate(placed.cells) if i != name_at):
            return
        raw = text_of(self.sheet.value(row, placed.places[name_at].column))
        depth = leading_indent(raw)
        while self.stack and self.stack[-1][0] >= depth:
            self.stack.pop()
        found = list(subjects_named(name, self.scheme))
        if self.stack and depth > 0:
            parent = self.stack[-1][1]
            found = [c for c in found if c.parent == parent]
        elif depth == 0:
            found = [c for c in found if len(c.code) == 3] or found
        if len(found) == 1:
            placed.subject = found[0].code
            self.stack.append((depth, found[0]))
            return
        place = placed.places[name_at]
        if found:
            listed = "、".join(c.code for c in found)
            message = f"科目名称“{name}”对应几个科目（{listed}），无法确定是哪一个"
        else:
            message = f"《政府收支分类科目》中没有名为“{name}”的科目，无法确定科目编码"
        self.placed.problems.append(Problem(place, "IMP008", message))


def _wan_yuan(value: Decimal) -> str:
    """元 -> 万元, exact: the decimal point moves four places; at least two decimals are kept."""
    shifted = value.scaleb(-4).normalize()
    exponent = shifted.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        shifted = shifted.quantize(Decimal("0.01"))
    return format(shifted, "f")
