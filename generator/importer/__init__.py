"""导入工作簿 (gongkai import-xlsx): the standard tables of a budget system's .xlsx workbook -> a filing's YAML.
Reading sheets (``sheets``) -> finding tables by their titles and headers (``layout``, ``columns``) -> placing
rows and cells (``cells``, ``rows``) -> writing YAML (``emit``); every cell it cannot place or doubts is a
problem at its workbook cell (``problems``). The result is loaded again by the loader, and what the loader
finds is reported at the workbook cell it came from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.importer.cells import is_blank, text_of
from generator.importer.columns import Holds, header_tree
from generator.importer.emit import Table, Text, filing_text
from generator.importer.layout import Block, find_blocks
from generator.importer.problems import Place, Problem
from generator.importer.rows import OutGroup, OutLeaf, OutNode, Placer, out_columns
from generator.importer.sheets import Sheet, WorkbookError, read_workbook
from generator.model.money import MoneyUnit
from generator.model.tables import ColumnRole, TableKind
from generator.reference import normalise
from generator.reference.titles import kind_of_title

OWN_SHEETS = frozenset({"说明", "数据", "绩效指标"})
"""the sheets of gongkai's own workbook that are not tables (render/workbook.py)"""
PLACEHOLDER_UNIT = "todo-unit"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YUAN = re.compile(r"单位\s*[:：]\s*元")
_FROM_LOADER = {"VAL001": "IMP004", "VAL002": "IMP009", "VAL011": "IMP007", "VAL012": "IMP015", "VAL013": "IMP015"}
_SAME = {"IMP004": ("IMP004",), "IMP009": ("IMP009",), "IMP015": ("IMP008", "IMP015"), "IMP007": ("IMP007",)}


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line says about the filing the workbook becomes."""

    unit: str | None = None
    """单位标识 (region.yaml id)"""
    year: int | None = None
    """预算年度; found in the titles and headers when not given"""
    to_wan_yuan: bool = False
    """convert tables printed in 元 to 万元 (exactly)"""


@dataclass(frozen=True, slots=True)
class Imported:
    """The filing's text (empty when the workbook could not be read), the problems, and what was imported."""

    text: str
    problems: tuple[Problem, ...]
    tables: int = 0
    rows: int = 0


def import_workbook(path: Path, options: Options = Options()) -> Imported:
    try:
        sheets = read_workbook(path)
    except WorkbookError as exc:
        return Imported("", (Problem(Place(-1, -1, 0, path.name), "IMP001", str(exc)),))
    problems: list[Problem] = []
    year = options.year if options.year is not None else _year(sheets)
    tables: list[Table] = []
    for sheet in sheets:
        if sheet.name in OWN_SHEETS:
            problems.append(Problem(Place(sheet.index, 0, 0, sheet.name), "IMP012", f"工作表“{sheet.name}”已跳过"))
            continue
        blocks, stray = find_blocks(sheet, year)
        if not blocks:
            first = next(((r, c) for r, row in enumerate(sheet.rows) for c, v in enumerate(row) if not is_blank(v)),
                         None)
            if first is not None:
                problems.append(Problem(Place(sheet.index, *first, sheet.name), "IMP002",
                                        f"工作表“{sheet.name}”中没有找到表名和表头，整张工作表未导入"))
            continue
        for row, column in stray:
            problems.append(Problem(Place(sheet.index, row, column, sheet.name), "IMP018",
                                    f"“{text_of(sheet.value(row, column))}”不属于任何表，未导入"))
        tables.extend(_table(block, year, options, problems) for block in blocks)
    if year is None:
        problems.append(Problem(Place(-1, -1, 0, path.name), "IMP013", "工作簿的表名和表头中没有印出年度"))
    unit = options.unit
    if not unit:
        problems.append(Problem(Place(-1, -1, 0, path.name), "IMP014",
                                f"没有指定单位标识，导入结果中暂写 {PLACEHOLDER_UNIT}"))
        unit = PLACEHOLDER_UNIT
    text = filing_text(unit, year, path.name, tables)
    body = "\n".join(text.lines) + "\n"
    problems.extend(_loader_problems(body, text, problems, path.name))
    return Imported(body, tuple(sorted(set(problems))), len(tables), sum(len(t.placed.rows) for t in tables))


def _year(sheets: list[Sheet]) -> int | None:
    """The year most often printed in the workbook's texts (``2023年预算数``, ``2023年部门预算``)."""
    years: Counter[int] = Counter()
    for sheet in sheets:
        if sheet.name in OWN_SHEETS - {"说明"}:
            continue  # the facts and indicators of gongkai's own workbook print other years too
        for text in [sheet.name, *(v for row in sheet.rows[:60] for v in row if isinstance(v, str))]:
            years.update(int(m) for m in _YEAR.findall(text) if 1990 <= int(m) <= 2100)
    return years.most_common(1)[0][0] if years else None


def _table(block: Block, year: int | None, options: Options, problems: list[Problem]) -> Table:
    sheet = block.sheet
    origin = Place(sheet.index, *(block.title_at or (block.header[0] if block.header else 0, 0)), sheet.name)
    kind = kind_of_title(block.title)
    if kind is None:
        problems.append(Problem(origin, "IMP003", f"无法从表名“{block.title}”判断是哪一种公开表，按 other 导入"))
        kind = TableKind.OTHER
    tree, unheaded = header_tree(block, kind, year)
    comments: list[str] = []
    columns = _sides(out_columns(tree, comments), kind, comments)
    if not block.header and block.body:
        problems.append(Problem(origin, "IMP006", f"“{block.title}”没有可识别的表头，表中各格未能导入"))
    yuan = bool(block.unit_label and _YUAN.search(block.unit_label))
    convert = options.to_wan_yuan and yuan
    placer = Placer(block, kind, columns, unheaded if block.header else [], convert)
    placed = placer.place()
    if block.empty and not any(any(c is not None for c in r.cells) for r in placed.rows):
        placed.rows = []
    placed.comments[:0] = comments
    problems.extend(placed.problems)
    if convert:
        problems.append(Problem(origin, "IMP016", f"“{block.title}”原表{block.unit_label}，金额已精确折算为万元"))
    numbering = None
    if block.numbering is not None:
        numbering = " ".join(text_of(v).strip() for v in sheet.rows[block.numbering] if not is_blank(v))
    unit = MoneyUnit.YUAN if yuan and not convert else MoneyUnit.WAN_YUAN
    return Table(kind, block.title, origin, placed, block.filler, block.unit_label, unit,
                 "\n".join(block.notes) or None, numbering)


def _sides(columns: list[OutNode], kind: TableKind, comments: list[str]) -> list[OutNode]:
    """A 收支总表 printed without 收入 and 支出 over its two halves gets them (the loader reads the sides so)."""
    if kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        return columns
    if any(isinstance(c, OutGroup) and normalise(c.label) in ("收入", "支出") for c in columns):
        return columns
    labels = [i for i, c in enumerate(columns) if isinstance(c, OutLeaf) and c.role is ColumnRole.LABEL]
    if len(labels) != 2 or labels[0] != 0 or not all(isinstance(c, OutLeaf) for c in columns):
        return columns
    comments.append("工作簿表头没有印“收入”“支出”两栏，导入时按两个“项目”栏分为收入、支出两方")
    first, second = columns[: labels[1]], columns[labels[1]:]
    at = first[0].source.at if isinstance(first[0], OutLeaf) else (0, 0)
    at2 = second[0].source.at if isinstance(second[0], OutLeaf) else (0, 0)
    return [OutGroup("收入", at, tuple(first)), OutGroup("支出", at2, tuple(second))]


def _loader_problems(body: str, text: Text, found: list[Problem], workbook: str) -> list[Problem]:
    """The loader's findings on the result, at the workbook cells they concern (one per cell and family)."""
    from generator.load.content import load_filing_data

    _, diagnostics = load_filing_data(body.encode("utf-8"), "import.yaml")
    taken = {(p.place.sheet_index, p.place.row, p.place.column, p.code) for p in found}
    rows_taken = {(p.place.sheet_index, p.place.row) for p in found if p.code == "IMP008"}
    result = []
    for diag in diagnostics:
        result.extend(_mapped(diag, text, taken, rows_taken, workbook))
    return result


def _mapped(diag: Diagnostic, text: Text, taken: set[tuple[int, int, int, str]], rows_taken: set[tuple[int, int]],
            workbook: str) -> list[Problem]:
    code = _FROM_LOADER.get(diag.code, "IMP017")
    place = text.place_of(diag.span.line, diag.span.column) or Place(-1, -1, 0, workbook)
    if any((place.sheet_index, place.row, place.column, same) in taken for same in _SAME.get(code, ())):
        return []
    if code == "IMP015" and (place.sheet_index, place.row) in rows_taken:
        return []
    message = diag.message if code != "IMP017" else f"导入结果第 {diag.span.line} 行：{diag.message}（{diag.code}）"
    return [Problem(place, code, message)]


__all__ = ["Holds", "Imported", "Options", "import_workbook"]
