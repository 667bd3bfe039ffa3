"""The filing's workbook (XLSX), read back with openpyxl and compared cell by cell with the model: every table
sheet as printed (title, 填报单位 and 单位 lines, header with its merged cells, numbering, rows), the facts as their
tidy table, the 说明 sheet first; deterministic bytes; hostile text stays text."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.load.content import load_filing_file
from generator.model.codes import CodeLevel, CodeScheme
from generator.model.extract import Extract
from generator.model.filing import Filing
from generator.model.money import Amount
from generator.model.org import Region
from generator.model.tables import BudgetTable, Cell, CodeStyle, Column, ColumnRole, Row, RowRole, TableKind
from generator.pipeline import run
from generator.render.downloads import FACT_FIELDS, Field, fact_rows
from generator.render.html import header_rows
from generator.render.workbook import (
    CELL_LIMIT,
    EMPTY_TABLE,
    SHEET_FACTS,
    sheet_columns,
    sheet_names,
    sheet_text,
    workbook,
)
from generator.synth import write_county

from .conftest import CONTENT, ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "valid" / "hostile"
XUNWU = "content/xunwu/xunwu-sbfwzx/2023-budget.yaml"
_FORMAT = re.compile(r'^#,##0(?:\.(0+))?(?:"(万元|元)")?$')
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Case:
    """One filing with its extract, its region and its workbook."""

    filing: Filing
    extract: Extract
    region: Region | None
    data: bytes

    @property
    def book(self) -> Any:
        return openpyxl.load_workbook(io.BytesIO(self.data))


def _cases(root: Path, project: Path) -> list[Case]:
    result = run(root, project, render=False, jobs=1)
    cases = []
    for extract in result.extracts:
        filing, _ = load_filing_file(project / extract.identity.file, project)
        assert filing is not None, extract.identity.file
        named = extract.identity.region
        region = next((r for r in result.regions if named is not None and r.slug == named.id), None)
        cases.append(Case(filing, extract, region, workbook(filing, extract, region)))
    return cases


@pytest.fixture(scope="module")
def seeds() -> list[Case]:
    found = _cases(CONTENT, ROOT)
    assert len(found) == 5
    return found


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    project = tmp_path_factory.mktemp("workbook")
    write_county(project / "content", units=6, years=2, seed=3)
    found = _cases(project / "content", project)
    assert len(found) >= 6 and any(case.filing.tables for case in found)
    return found


@pytest.fixture(scope="module")
def hostile() -> Case:
    found = _cases(HOSTILE / "content", HOSTILE)
    assert len(found) == 1
    return found[0]


@pytest.fixture(params=["seeds", "synthetic"])
def cases(request: pytest.FixtureRequest) -> list[Case]:
    found: list[Case] = request.getfixturevalue(request.param)
    return found


# -- what a table sheet must hold -----------------------------------------------------------------------------


@dataclass
class Expected:
    """A table sheet's cells (1-based, as openpyxl counts), merged ranges, bold cells and frozen row."""

    cells: dict[tuple[int, int], object] = dataclasses.field(default_factory=dict)
    merged: set[tuple[int, int, int, int]] = dataclasses.field(default_factory=set)
    bold: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    frozen: int = 0

    def put(self, row: int, column: int, value: object, rows: int = 1, columns: int = 1) -> None:
        self.cells[row, column] = value
        if rows > 1 or columns > 1:
            self.merged.add((row, column, row + rows - 1, column + columns - 1))


@dataclass(frozen=True)
class Number:
    """An amount cell: its value and the decimals (and unit suffix) its number format must show."""

    value: Decimal
    places: int
    suffix: str | None


def _printed_code(table: BudgetTable, cell: Cell) -> str:
    code = cell.code
    assert code is not None
    suffix = code.level is CodeLevel.SECTION and code.scheme is CodeScheme.FUNCTION
    return code.code[3:] if suffix and table.code_style is CodeStyle.SUFFIX else code.code


def _body_value(table: BudgetTable, cell: Cell) -> object:
    if cell.amount is not None:
        number = cell.amount.text.removesuffix(cell.amount.suffix or "")
        places = len(number.split(".")[1]) if "." in number else 0
        return Number(cell.amount.value, places, cell.amount.suffix)
    if cell.code is not None:
        return _printed_code(table, cell)
    if cell.text is None or not cell.text.strip():
        return None
    return cell.text


def _header(columns: tuple[Column, ...], top: int, expected: Expected) -> int:
    """Places the column tree by walking it (not through ``header_rows``), then checks that ``header_rows``
    gives the same labels and spans level by level; returns the number of header rows."""
    depth = max((c.depth() for c in columns), default=0)
    levels: list[list[tuple[str, int, int]]] = [[] for _ in range(depth)]

    def walk(column: Column, level: int, first: int) -> None:
        span = len(column.leaves())
        rows = 1 if column.children else depth - level
        expected.put(top + level, first + 1, column.label, rows, span)
        levels[level].append((column.label, span, rows))
        at = first
        for child in column.children:
            walk(child, level + 1, at)
            at += len(child.leaves())

    first = 0
    for column in columns:
        walk(column, 0, first)
        first += len(column.leaves())
    assert levels == [[(h.label, h.colspan, h.rowspan) for h in row] for row in header_rows(columns)]
    return depth


def _body(table: BudgetTable, top: int, expected: Expected) -> int:
    for offset, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells, 1):
            expected.put(top + offset, column, _body_value(table, cell))
            if row.role is RowRole.TOTAL and not cell.blank:
                expected.bold.add((top + offset, column))
    return top + len(table.rows)


def expected_sheet(table: BudgetTable) -> Expected:
    expected = Expected()
    width = max(len(table.leaves()), 1)
    expected.put(1, 1, table.title, 1, width)
    expected.bold.add((1, 1))
    at = 2
    if table.filler or table.unit_label:
        if table.filler:
            expected.put(at, 1, table.filler)
        if table.unit_label:
            expected.put(at, width if width > 1 or not table.filler else 2, table.unit_label)
        at += 1
    at += _header(table.columns, at, expected)
    if table.numbering and table.numbering.split():
        for column, number in enumerate(table.numbering.split(), 1):
            expected.put(at, column, number)
        at += 1
    expected.frozen = at
    if table.rows:
        at = _body(table, at, expected)
    else:
        expected.put(at, 1, EMPTY_TABLE, 1, width)
        at += 1
    if table.note and table.note.strip():
        expected.put(at + 1, 1, table.note)
    return expected


def assert_sheet(sheet: Any, table: BudgetTable) -> None:
    expected = expected_sheet(table)
    merged = {(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges}
    assert merged == expected.merged, table.title
    assert sheet.freeze_panes == f"A{expected.frozen}", table.title
    last_row = max(sheet.max_row, *(r for r, _ in expected.cells))
    last_column = max(sheet.max_column, *(c for _, c in expected.cells))
    for row in sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_column):
        for cell in row:
            want = expected.cells.get((cell.row, cell.column))
            where = f"{table.title} {cell.coordinate}"
            assert cell.data_type != "f", where
            if isinstance(want, Number):
                assert cell.data_type == "n" and isinstance(cell.value, int | float), where
                assert Decimal(str(cell.value)) == want.value, where
                form = _FORMAT.match(cell.number_format)
                assert form is not None, (where, cell.number_format)
                assert (len(form[1] or ""), form[2]) == (want.places, want.suffix), (where, cell.number_format)
            elif want is None:
                assert cell.value is None, where
            else:
                assert isinstance(want, str)
                assert cell.data_type == "s" and cell.value == sheet_text(want), where
            if (cell.row, cell.column) in expected.bold:
                assert cell.font.b, where


# -- the tables ------------------------------------------------------------------------------------------------


def test_every_table_sheet_reproduces_the_table_as_printed(cases: list[Case]) -> None:
    tables = 0
    for case in cases:
        book = case.book
        names = sheet_names(case.filing.tables)
        assert book.sheetnames[1:1 + len(names)] == names
        for name, table in zip(names, case.filing.tables, strict=True):
            assert_sheet(book[name], table)
            tables += 1
    assert tables >= 11


def test_xunwu_expenditure_sheet_keeps_codes_as_text_and_printed_decimals(seeds: list[Case]) -> None:
    case = next(c for c in seeds if c.extract.identity.file == XUNWU)
    book = case.book
    name = next(n for n, t in zip(sheet_names(case.filing.tables), case.filing.tables, strict=True)
                if t.title == "部门支出总表")
    rows = list(book[name].iter_rows())
    found = [r for r in rows if r[0].value == "2080109"]
    assert len(found) == 1
    code, label, total = found[0][:3]
    assert (code.data_type, label.value, total.value) == ("s", "社会保险经办机构", 282.9)
    assert total.number_format == "#,##0.00"
    sections = [r for r in rows if r[0].value == "01"]
    assert sections and sections[0][0].data_type == "s" and sections[0][1].value == "人力资源和社会保障管理事务"
    totals = [r for r in rows if r[1].value == "合计"]
    assert totals and totals[0][2].value == 2495.56 and totals[0][2].font.b


def test_amounts_show_their_printed_decimals_and_odd_tables_keep_their_layout(seeds: list[Case]) -> None:
    case = next(c for c in seeds if c.extract.identity.file == XUNWU)
    table = next(t for t in case.filing.tables if t.title == "部门支出总表")
    printed = ["74", "74万元", "1,234.5", "-3", "0", "0.000", "2,495.56"]
    rows = tuple(Row((Cell("2080109", code=table.rows[3].cells[0].code), Cell("名称"),
                      *(Cell(text, amount=Amount.parse(text)) for text in (p, p, p)))) for p in printed)
    variants = (dataclasses.replace(table, rows=rows),
                dataclasses.replace(table, rows=(), note="注：本表为空表。"),
                dataclasses.replace(table, filler=None, unit_label=None, numbering=None),
                dataclasses.replace(table, filler=None),
                dataclasses.replace(table, unit_label=None, title="部门支出总表"),
                dataclasses.replace(table, columns=(Column("说明", role=ColumnRole.TEXT),), numbering="甲",
                                    rows=(Row((Cell("只有一栏"),)), Row((Cell(None),)))))
    filing = dataclasses.replace(case.filing, tables=variants)
    book = openpyxl.load_workbook(io.BytesIO(workbook(filing, case.extract, case.region)))
    names = sheet_names(variants)
    for name, variant in zip(names, variants, strict=True):
        assert_sheet(book[name], variant)
    formats = [r[2].number_format for r in book[names[0]].iter_rows(min_row=6)]
    assert formats == ["#,##0", '#,##0"万元"', "#,##0.0", "#,##0", "#,##0", "#,##0.000", "#,##0.00"]
    assert len(set(names)) == 6 and names[4] == "表5 部门支出总表"


def test_sheets_are_named_within_excels_rules() -> None:
    bad = "a/b:c*d?e[f]g\\h"
    tables = [BudgetTable(kind=TableKind.OTHER, title=title)
              for title in (bad, "很长的表名" * 10, "很长的表名" * 10, "", "'引号'")]
    names = sheet_names(tables)
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.endswith("'")
    assert names[0] == "表1 a b c d e f g h"
    assert names[3] == "表4"


# -- the tidy sheets and 说明 ---------------------------------------------------------------------------------


def _assert_tidy(sheet: Any, fields: Sequence[Field], rows: list[list[object]]) -> None:
    got = list(sheet.iter_rows())
    assert [c.value for c in got[0]] == [f.title for f in fields]
    assert len(got) == len(rows) + 1
    for cells, row in zip(got[1:], rows, strict=True):
        for cell, field, value in zip(cells, fields, row, strict=True):
            text = str(value)
            if text == "":
                assert cell.value is None, (field.name, cell.coordinate)
            elif field.type == "string":
                assert (cell.data_type, cell.value) == ("s", sheet_text(text)), (field.name, cell.coordinate)
            else:
                assert cell.data_type == "n" and Decimal(str(cell.value)) == Decimal(text), field.name
                places = len(text.split(".")[1]) if "." in text else 0
                assert cell.number_format == ("0." + "0" * places if places else "General"), field.name


def test_fact_sheet_equals_the_tidy_table(cases: list[Case]) -> None:
    for case in cases:
        book = case.book
        _assert_tidy(book["数据"], *sheet_columns(FACT_FIELDS, fact_rows(case.extract, case.region), SHEET_FACTS))
        assert book.sheetnames == ["说明", *sheet_names(case.filing.tables), "数据"]  # indicators: indicators.csv


def test_fact_codes_stay_text_and_the_identity_is_stated_once(seeds: list[Case]) -> None:
    case = next(c for c in seeds if c.extract.identity.file == XUNWU)
    sheet = case.book["数据"]
    fields = sheet_columns(FACT_FIELDS, [], SHEET_FACTS)[0]
    code = [f.name for f in fields].index("code")
    codes = [r[code] for r in sheet.iter_rows(min_row=2) if r[code].value is not None]
    assert codes and all(c.data_type == "s" for c in codes)
    assert not {f.name for f in fields} & {"unit", "unit_name", "year", "region", "region_name"}  # stated on 说明
    texts = [str(v) for row in case.book["说明"].iter_rows(values_only=True) for v in row if v is not None]
    assert case.extract.identity.unit.name in texts


def test_about_sheet_comes_first_and_lists_the_tables(seeds: list[Case]) -> None:
    for case in seeds:
        book = case.book
        assert book.sheetnames[0] == "说明" and book.active.title == "说明"
        texts = [str(v) for row in book["说明"].iter_rows(values_only=True) for v in row if v is not None]
        identity = case.extract.identity
        assert identity.unit.name in texts and case.filing.kind.title in texts and f"{identity.year}年" in texts
        source = case.filing.source
        if source is not None:  # the original as published, never the transcriber's file name
            assert source.document not in texts
            assert all(value in texts for value in (source.title, source.publisher, source.index_number, source.url)
                       if value)
        for name, table in zip(sheet_names(case.filing.tables), case.filing.tables, strict=True):
            assert name in texts and table.title in texts
        assert any("照原文" in t for t in texts) and any("单位" in t and "各表" in t for t in texts)


def test_workbook_is_deterministic(seeds: list[Case]) -> None:
    for case in seeds:
        assert workbook(case.filing, case.extract, case.region) == case.data


# -- hostile text ------------------------------------------------------------------------------------------------


def _assert_only_text(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not _FORBIDDEN.search(cell.value) and len(cell.value) <= CELL_LIMIT


def test_hostile_filing_gives_a_workbook_of_plain_text(hostile: Case) -> None:
    _assert_only_text(hostile.data)
    book = hostile.book
    [table] = hostile.filing.tables
    assert_sheet(book[sheet_names([table])[0]], table)
    assert book.worksheets[1]["A1"].value == "部门支出总表<script>alert(5)</script>"


def test_formula_like_control_and_overlong_text_stays_text(hostile: Case) -> None:
    [table] = hostile.filing.tables
    width = len(table.leaves())
    texts = ["=HYPERLINK(\"http://example.com\",\"x\")", "@SUM(A1:A9)", "+1+1", "-2+3", "=1+1",
             "响铃\u0007与\u202e反向\x1b", "长" * 40_000, "_x0041_"]
    rows = tuple(Row(tuple(Cell(text) for _ in range(width))) for text in texts)
    odd = dataclasses.replace(table, title="=1+1", filler="=CMD()", unit_label="@x", rows=rows,
                              numbering="=1 +2 -3", note="=注")
    filing = dataclasses.replace(hostile.filing, tables=(odd, dataclasses.replace(odd, rows=())),
                                 title="=HYPERLINK(\"x\")")
    data = workbook(filing, hostile.extract, hostile.region)
    _assert_only_text(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[1]
    values = [r[0].value for r in sheet.iter_rows()]
    assert values[0] == "=1+1" and "=1+1" in values and "@SUM(A1:A9)" in values and "_x0041_" in values
    assert "响铃与反向" in values
    long = next(v for v in values if isinstance(v, str) and v.startswith("长长"))
    assert len(long) == CELL_LIMIT and long.endswith("…")
    assert EMPTY_TABLE in [r[0].value for r in book.worksheets[2].iter_rows()]
    assert workbook(filing, hostile.extract, hostile.region) == data
