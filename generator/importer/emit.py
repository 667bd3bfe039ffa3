"""写出: the imported tables as a filing in the YAML format ``gongkai check`` reads, with Chinese comments saying
where each table came from and what the import changed, the narrative parts left as commented placeholders. Every
row is one line, so a finding of the loader on the result can be traced back to its workbook cell."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from generator.importer.problems import Place
from generator.importer.rows import OutGroup, OutLeaf, OutNode, Placed, PlacedRow
from generator.model.money import MoneyUnit
from generator.model.tables import ColumnRole, TableKind

_PLAIN_BAD = re.compile(r"[\x00-\x7f]|\s")
_IDENTIFIER = re.compile(r"^(?!(?:y|n|yes|no|on|off|true|false|null)$)[a-z][a-z0-9-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Table:
    """One imported table, ready to write."""

    kind: TableKind
    title: str
    origin: Place
    placed: Placed
    filler: str | None = None
    unit_label: str | None = None
    unit: MoneyUnit = MoneyUnit.WAN_YUAN
    note: str | None = None
    numbering: str | None = None
    header_places: dict[int, Place] = field(default_factory=dict)


@dataclass(slots=True)
class Text:
    """The filing's lines, and the workbook cells behind positions in them (line -> [(column, cell)])."""

    lines: list[str] = field(default_factory=list)
    marks: dict[int, list[tuple[int, Place]]] = field(default_factory=dict)

    def add(self, line: str, place: Place | None = None) -> None:
        self.lines.append(line)
        if place is not None:
            self.marks.setdefault(len(self.lines), []).append((1, place))

    def place_of(self, line: int, column: int) -> Place | None:
        found = None
        for start, place in self.marks.get(line, []):
            if start <= column or found is None:
                found = place
        return found


def scalar(text: str | None) -> str:
    """A YAML scalar: ``~`` for blank, plain for text of only Chinese characters, double-quoted otherwise."""
    if text is None:
        return "~"
    if text and not _PLAIN_BAD.search(text) and all(_printable(c) for c in text):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    return "".join(c if _printable(c) or c in "\n\t" else f"\\u{ord(c):04x}" for c in
                   json.dumps(text, ensure_ascii=False))


def _printable(char: str) -> bool:
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def filing_text(unit: str, year: int | None, workbook: str, tables: list[Table]) -> Text:
    out = Text()
    out.add(f"# 由 gongkai import-xlsx 从工作簿 {workbook} 导入：{len(tables)} 张公开表。")
    out.add("# 表格照工作簿导入；概况、情况说明、名词解释请按印发的原文补写（见填报说明），写完运行 gongkai check。")
    out.add(f"unit: {unit if _IDENTIFIER.match(unit) else quoted(unit)}")
    out.add(f"fiscal_year: {year if year is not None else '~'}")
    out.add("")
    out.add("# 第一部分 概况（见填报说明“概况”）：按原文填写后删去行首的 #")
    out.add("# profile:")
    out.add("#   heading: 第一部分 ……概况")
    out.add("")
    if not tables:
        out.add("tables: []")
    else:
        out.add("tables:")
        ids = _ids(tables)
        for table, ident in zip(tables, ids, strict=True):
            _table(out, table, ident)
    out.add("")
    out.add("# 第三部分 情况说明（见填报说明“部分”“说明章节”）：按原文填写后删去行首的 #")
    out.add("# explanation:")
    out.add("#   heading: 第三部分 ……部门预算情况说明")
    out.add("#   sections: []")
    out.add("")
    out.add("# 第四部分 名词解释（见填报说明“名词解释”）：按原文填写后删去行首的 #")
    out.add("# glossary:")
    out.add("#   heading: 第四部分 名词解释")
    return out


def _ids(tables: list[Table]) -> list[str | None]:
    """An id for every table whose kind repeats (``other-2``); None where the kind is enough."""
    counts = Counter(t.kind for t in tables)
    seen: Counter[TableKind] = Counter()
    ids: list[str | None] = []
    for table in tables:
        seen[table.kind] += 1
        ids.append(f"{table.kind.value.replace('_', '-')}-{seen[table.kind]}" if counts[table.kind] > 1 else None)
    return ids


def _table(out: Text, table: Table, ident: str | None) -> None:
    out.add("")
    out.add(f"  # 工作簿 {table.origin}：{table.title}")
    for comment in table.placed.comments:
        out.add(f"  # {comment}")
    out.add(f"  - kind: {table.kind.value}", table.origin)
    if ident is not None:
        out.add(f"    id: {ident}")
    out.add(f"    title: {scalar(table.title)}", table.origin)
    if table.filler:
        out.add(f"    filler: {scalar(table.filler)}")
    if table.placed.converted:
        out.add(f"    # 原表{table.unit_label or '单位：元'}；金额已按 1 万元 = 10000 元精确折算为万元（未四舍五入）")
        out.add("    unit_label: 单位：万元")
    else:
        if table.unit_label:
            out.add(f"    unit_label: {scalar(table.unit_label)}")
        if table.unit is MoneyUnit.YUAN:
            out.add("    unit: 元")
    if table.note:
        out.add(f"    note: {scalar(table.note)}")
    out.add("    columns:")
    for node in table.placed.columns:
        _column(out, node, 6, table)
    if table.numbering:
        out.add(f"    numbering: {quoted(table.numbering)}")
    if any(leaf.role is ColumnRole.CODE for leaf in _leaves(table.placed.columns)):
        scheme = next(leaf.scheme for leaf in _leaves(table.placed.columns) if leaf.role is ColumnRole.CODE)
        style = "suffix" if table.placed.suffix_codes else "full"
        if scheme is not None and scheme.value != "function":
            style = "full"
        out.add(f"    code_style: {style}")
    if not table.placed.rows:
        out.add("    rows: []")
        return
    out.add("    rows:")
    for row in table.placed.rows:
        _row(out, row)


def _leaves(nodes: list[OutNode] | tuple[OutNode, ...]) -> list[OutLeaf]:
    found: list[OutLeaf] = []
    for node in nodes:
        found.extend(_leaves(node.children) if isinstance(node, OutGroup) else [node])
    return found


def _column(out: Text, node: OutNode, indent: int, table: Table) -> None:
    pad = " " * indent
    sheet, index = table.origin.sheet, table.origin.sheet_index
    if isinstance(node, OutGroup):
        out.add(f"{pad}- label: {scalar(node.label)}", Place(index, node.at[0], node.at[1], sheet))
        out.add(f"{pad}  children:")
        for child in node.children:
            _column(out, child, indent + 4, table)
        return
    place = Place(index, node.source.at[0], node.source.at[1], sheet)
    if node.role is ColumnRole.AMOUNT and node.source.explicit and node.source.measure is not None:
        out.add(f"{pad}- {{label: {scalar(node.label)}, measure: {node.source.measure.value}}}", place)
        return
    if node.role is ColumnRole.AMOUNT:
        out.add(f"{pad}- {scalar(node.label)}", place)
        return
    fields = [f"label: {scalar(node.label)}", f"role: {node.role.value}"]
    if node.role is ColumnRole.CODE and node.scheme is not None:
        fields.append(f"scheme: {node.scheme.value}")
    out.add(f"{pad}- {{{', '.join(fields)}}}", place)


def _row(out: Text, row: PlacedRow) -> None:
    cells = [_cell(text) for text in row.cells]
    extra = []
    if row.subject is not None:
        extra.append(f"subject: {quoted(row.subject)}")
    if row.indent:
        extra.append(f"indent: {row.indent}")
    head = "      - {cells: [" if extra else "      - ["
    line = head
    marks: list[tuple[int, Place]] = []
    for index, cell in enumerate(cells):
        if index:
            line += ", "
        marks.append((len(line) + 1, row.places[index]))
        line += cell
    line += "], " + ", ".join(extra) + "}" if extra else "]"
    out.lines.append(line)
    out.marks[len(out.lines)] = marks


def _cell(text: str | None) -> str:
    if text is None:
        return "~"
    return scalar(text) if not _looks_numeric(text) else quoted(text)


def _looks_numeric(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "-+.")
