"""Facts: every printed figure addressable by what it means (table, row key, measure), at its exact position;
every scalar with its span; the figures of the text found, positioned and linked; the official subject names."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from generator.load import load_content
from generator.model.codes import CodeScheme
from generator.model.extract import Extract, Fact, FactRef, LinkedFigure
from generator.model.figures import FigureKind, FigureRole
from generator.model.filing import Content, Filing
from generator.model.keys import RowKey, RowKind
from generator.model.measures import Measure
from generator.model.money import Amount
from generator.model.tables import ColumnRole, TableKind
from generator.pipeline import Result, run
from generator.reference import catalogue, official_name
from generator.render.subjects import subject_rows
from generator.source import Span, Spans
from generator.synth import write_county

from .conftest import CONTENT, ROOT

XUNWU_FILE = "content/xunwu/xunwu-sbfwzx/2023-budget.yaml"


@pytest.fixture(scope="module")
def seeds() -> Result:
    result = run(CONTENT, ROOT, render=False, jobs=1, rules=False)  # the checker's findings: tests/test_findings.py
    assert result.found == []
    return result


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    root = tmp_path_factory.mktemp("facts")
    write_county(root / "content", units=12, years=2, seed=5)
    result = run(root / "content", root, render=False, jobs=1)
    assert result.found == [], [d.as_text() for d in result.found]
    return root, result


def _xunwu(seeds: Result) -> Extract:
    return next(e for e in seeds.extracts if e.unit == "xunwu-sbfwzx")


def _fact(extract: Extract, table: str, row: str, measure: Measure) -> Fact:
    found = [f for f in extract.facts if (f.table, str(f.row), f.measure) == (table, row, measure)]
    assert len(found) == 1, (table, row, measure, found)
    return found[0]


def _source(span: Span, root: Path = ROOT) -> str:
    """The text between a span's start and end in its file."""
    lines = (root / span.file).read_text(encoding="utf-8").split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1:span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1:], *lines[span.line:span.end_line - 1],
             lines[span.end_line - 1][:span.end_column - 1]]
    return "\n".join(parts)


# -- the figures the issue names ------------------------------------------------------------------


def test_xunwu_table_facts_are_addressed_by_meaning(seeds: Result) -> None:
    x = _xunwu(seeds)
    basic = _fact(x, "expenditure", "function:2080109", Measure.BASIC)
    assert (basic.value, basic.text, basic.unit.value, basic.name) == \
        (Decimal("282.90"), "282.90", "万元", "社会保险经办机构")
    assert str(basic.span) == f"{XUNWU_FILE}:{basic.span.line}:{basic.span.column}"
    assert _source(basic.span) == '"282.90"'  # the cell as written, quotes included
    wage = _fact(x, "general_basic", "economic:30101", Measure.TOTAL)
    assert wage.value == Decimal("100.41") and _fact(x, "general_basic", "economic:30101", Measure.PERSONNEL).value \
        == Decimal("100.41")
    # 30101 is an economic subject: never confused with a 功能分类 code of the same digits
    assert all(f.row.kind is RowKind.ECONOMIC for f in x.facts if f.row.name == "30101")
    # one printed row of the 收支预算总表, two facts: its income line and its expenditure line
    income = _fact(x, "summary", "line:income_total", Measure.BUDGET)
    spending = _fact(x, "summary", "line:expenditure_total", Measure.BUDGET)
    assert income.value == spending.value == Decimal("2495.56")
    assert income.span.line == spending.span.line and income.span.column < spending.span.column
    assert _fact(x, "summary", "function:208", Measure.BUDGET).value == Decimal("2457.00")
    assert _fact(x, "three_public", "department:202", Measure.RECEPTION).value == Decimal("2.00")
    assert _fact(x, "fiscal_summary", "line:current_expenditure", Measure.GENERAL).value == Decimal("2495.56")
    # form funds are facts too
    assert _fact(x, "p01", "funding", Measure.ANNUAL).text == "1,200"


def _figure(extract: Extract, text: str, place: str) -> LinkedFigure:
    found = [f for f in extract.figures if f.figure.text == text and f.figure.place == place]
    assert len(found) == 1, (text, place, [f.figure for f in extract.figures if f.figure.text == text])
    return found[0]


def test_the_share_11_34_is_positioned_and_linked(seeds: Result) -> None:
    x = _xunwu(seeds)
    share = _figure(x, "11.34%", "explanation.1.3.paragraphs.0")
    f = share.figure
    assert (f.kind, f.role, f.value, f.about, f.base) == (FigureKind.PERCENT, FigureRole.SHARE, Decimal("11.34"),
                                                         "社会保险经办机构", "财政拨款支出")
    assert (f.span.line, f.span.column) == (59, 83) and _source(f.span) == "11.34%"
    assert _source(f.about_span) == "社会保险经办机构"
    assert share.link is not None and share.link.relation == "share"
    assert share.link.facts == (FactRef("general_expenditure", RowKey(RowKind.FUNCTION, "2080109"), Measure.TOTAL),)
    assert share.link.base == (FactRef("fiscal_summary", RowKey.parse("line:current_expenditure"), Measure.TOTAL),)


def test_the_three_public_figures(seeds: Result) -> None:
    x = _xunwu(seeds)
    place = "explanation.2.paragraphs.0"
    total, cut, rate = (_figure(x, t, place) for t in ("2 万元", "1.6万元", "45%"))
    assert (total.figure.role, total.figure.value, total.concept) == (FigureRole.LEVEL, Decimal(2), "three_public")
    assert total.link is not None and total.link.relation == "equals"
    assert total.link.facts == (FactRef("three_public", RowKey.parse("department:202"), Measure.TOTAL),)
    for change, value in ((cut, Decimal("1.6")), (rate, Decimal(45))):
        assert (change.figure.role, change.figure.direction, change.figure.value) == (FigureRole.CHANGE, -1, value)
        assert change.link is not None and change.link.relation == "change"
        assert _source(change.figure.span) == change.figure.text


def test_every_amount_and_share_of_the_fiscal_section_is_linked(seeds: Result) -> None:
    """寻乌's （三）财政拨款支出情况 names ten 项 by name: each amount equals its fact, each share has its whole."""
    x = _xunwu(seeds)
    facts = {f.ref: f for f in x.facts}
    section = [f for f in x.figures if f.figure.place.startswith("explanation.1.3.")
               and f.figure.kind in (FigureKind.AMOUNT, FigureKind.PERCENT)]
    assert len(section) == 21
    for linked in section:
        assert linked.link is not None, linked.figure
        if linked.figure.kind is FigureKind.AMOUNT:
            stated = sum((facts[r].value for r in linked.link.facts), Decimal(0))
            assert stated == linked.figure.value, linked.figure  # the text agrees with the tables here


def test_linked_and_unlinked_are_counted(seeds: Result) -> None:
    x = _xunwu(seeds)
    assert x.counts.figures == len(x.figures) and x.counts.linked == sum(1 for f in x.figures if f.link)
    assert 0 < x.counts.linked < x.counts.figures
    unlinked = {f.figure.text for f in x.figures if f.link is None and f.figure.kind is FigureKind.AMOUNT}
    assert "55.95 万元" in unlinked  # 机关运行经费: printed in no table
    running = next(f for f in x.figures if f.figure.text == "55.95 万元")
    assert running.concept == "running_cost"


# -- every cell has a measure, every row a key ------------------------------------------------------


def _keys_and_measures(content: Content) -> Iterator[str]:
    """A problem for each amount column without a measure and each printed row without a key."""
    for filing in content.filings:
        for table in filing.tables:
            assert len(table.measures) == len(table.leaves()) and len(table.row_keys) == len(table.rows)
            for leaf, measure in zip(table.leaves(), table.measures, strict=True):
                if leaf.role is ColumnRole.AMOUNT and measure is None:
                    yield f"{filing.file}: {table.anchor}: column {leaf.label!r} has no measure"
            for row, keys in zip(table.rows, table.row_keys, strict=True):
                printed = [not c.blank for c in row.cells]
                if not any(keys):
                    yield f"{filing.file}: {table.anchor}: row {row.span.line} has no key"
                for part, key in zip(table.segments(), keys, strict=True):
                    if key is None and any(printed[i] for i in (*part.keys, *part.amounts)):
                        yield f"{filing.file}: {table.anchor}: row {row.span.line} prints a side without a key"
                    if key is not None and key.kind is RowKind.LABEL:
                        yield f"{filing.file}: {table.anchor}: row {row.span.line} keyed only by its label {key}"


def test_every_amount_of_the_seeds_has_a_measure_and_every_row_a_key() -> None:
    content, found = load_content(CONTENT, ROOT)
    assert found == []
    assert list(_keys_and_measures(content)) == []
    cells = sum(1 for f in content.filings for t in f.tables for r in t.rows for c in r.cells if c.amount)
    assert cells == sum(1 for e in run(CONTENT, ROOT, render=False, jobs=1).extracts for f in e.facts
                        if f.kind not in ("project_form", "dept_form"))  # every amount cell is a fact


def test_every_amount_of_a_synthetic_county_has_a_measure_and_every_row_a_key(
        county: tuple[Path, Result]) -> None:
    root, _ = county
    content, found = load_content(root / "content", root)
    assert found == []
    assert list(_keys_and_measures(content)) == []
    kinds = {f.row.kind for e in county[1].extracts for f in e.facts}
    assert kinds >= {RowKind.FUNCTION, RowKind.ECONOMIC, RowKind.LINE, RowKind.TOTAL, RowKind.DEPARTMENT}


def test_table_facts_are_unique_per_address(seeds: Result, county: tuple[Path, Result]) -> None:
    for extract in (*seeds.extracts, *county[1].extracts):
        refs = [f.ref for f in extract.facts]
        assert len(refs) == len(set(refs)), extract.identity.file


@pytest.mark.parametrize(("labels", "measure"), [
    (["财政拨款", "小计"], Measure.FISCAL), (["2023年预算数", "合计"], Measure.TOTAL),
    (["2022年预算数"], Measure.PRIOR_BUDGET), (["2023 年 预算数"], Measure.BUDGET),
    (["2023年基本支出", "人员经费"], Measure.PERSONNEL), (["公务用车购置及运行费", "小计"], Measure.VEHICLE),
    (["收      入", "预算数"], Measure.BUDGET), (["其中：财政拨款"], Measure.FISCAL),
    (["因公出国（境）费"], Measure.ABROAD), (["国有资本经营预算"], Measure.SOE),
])
def test_measures_come_from_the_label_path(labels: list[str], measure: Measure) -> None:
    from generator.reference import measure_of

    assert measure_of(labels, 2023) is measure


def test_a_label_that_names_nothing_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil_copy(CONTENT / "xunwu" / "region.yaml", content / "xunwu" / "region.yaml")
    filing = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    filing.parent.mkdir(parents=True)
    filing.write_text("unit: xunwu-sbfwzx\nfiscal_year: 2023\ntables:\n  - kind: expenditure\n    title: 部门支出总表\n"
                      "    columns: [{label: 科目名称, role: name}, 合计, 基本支岀]\n"
                      "    rows:\n      - [合计, \"1.00\", \"1.00\"]\n", encoding="utf-8")
    found = run(content, tmp_path, render=False, jobs=1).found
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("VAL011", 6, 46)]
    assert "基本支岀" in found[0].message and "基本支出" in found[0].hint


def shutil_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())


# -- positions everywhere -----------------------------------------------------------------------------


def _records(value: object) -> Iterator[object]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _records(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _records(item)


def _scalars(record: object) -> Iterator[tuple[str, object]]:
    """(field path, value) of every scalar the record's fields hold (lists of scalars item by item), but the
    defaults, which a file need not write."""
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        if field.name in ("span", "spans") or field.metadata.get("derived") or value == field.default:
            continue
        if isinstance(value, (str, int, enum.Enum)):  # bool is an int
            yield field.name, value
        elif isinstance(value, tuple) and value and all(isinstance(v, (str, type(None))) for v in value):
            yield from ((f"{field.name}.{i}", v) for i, v in enumerate(value) if v is not None)


def test_every_scalar_of_every_seed_keeps_its_span_with_an_end() -> None:
    content, _ = load_content(CONTENT, ROOT)
    checked = 0
    for filing in content.filings:
        for record in _records(filing):
            spans = getattr(record, "spans", None)
            if not isinstance(spans, Spans):
                continue  # a leaf value (Amount, Cell, IndicatorValue, TextFigure) is its own span
            for name, value in _scalars(record):
                if (type(record).__name__, name) == ("Row", "role") and spans.get(name) is None:
                    continue  # derived from the cells unless written
                span = spans.get(name)
                assert span is not None, (type(record).__name__, name, value)
                assert (span.end_line, span.end_column) > (span.line, span.column), (name, span)
                source = _source(span)
                if isinstance(value, str) and "\n" not in source and "\\" not in source and not source.startswith(
                        ("|", ">")):
                    assert source.strip("\"'") == value or source.replace("''", "'").strip("'") == value, \
                        (name, source, value)
                checked += 1
    assert checked > 2000


def test_every_figure_of_the_seeds_is_found_where_it_is_printed(seeds: Result) -> None:
    figures = [f.figure for e in seeds.extracts for f in e.figures]
    assert len(figures) > 150
    for figure in figures:
        assert _source(figure.span) == figure.text, figure
        if figure.about is not None and figure.about_span.line:
            assert _source(figure.about_span) == figure.about, figure


# -- the official subject names -------------------------------------------------------------------------


def test_the_reference_names_every_code_of_the_seeds_and_the_county_and_their_parents(
        seeds: Result, county: tuple[Path, Result]) -> None:
    names = catalogue().names
    codes = {f.row.code for e in (*seeds.extracts, *county[1].extracts) for f in e.facts if f.row.code}
    codes = {c for c in codes if c is not None and c.scheme is not CodeScheme.DEPARTMENT}
    assert len(codes) > 100
    for code in codes:
        while code is not None:
            assert code in names, code
            code = code.parent
    assert catalogue().edition == 2023 and "财政部" in catalogue().source
    assert official_name(next(c for c in codes if c.code == "2080109")) == "社会保险经办机构"


def test_synthetic_names_are_the_official_ones(county: tuple[Path, Result]) -> None:
    """The county prints official names: a printed name that differs from the reference is the seeds' kind of
    fact the checker will report, so the synthetic county must have none."""
    for extract in county[1].extracts:
        for table in extract.tables:
            for row in table.rows:
                for key, name in zip(row.keys, row.names, strict=True):
                    code = key.code if key is not None else None
                    if code is not None and code.scheme is not CodeScheme.DEPARTMENT and name:
                        assert re.sub(r"\s", "", name) == official_name(code), (code, name)


def test_subject_rows_hold_their_total(seeds: Result) -> None:
    rows = {(r.table_anchor, r.code.code): r for r in subject_rows(_xunwu(seeds))}
    row = rows["expenditure", "2080109"]
    assert row.total == Amount("282.90", Decimal("282.90"), None, row.total.span if row.total else Span("", 0, 0))
    assert row.amounts[Measure.BASIC].value == Decimal("282.90") and Measure.PROJECT not in row.amounts
    assert rows["summary", "208"].total is not None and rows["summary", "208"].total.value == Decimal("2457.00")
    assert rows["fiscal_appropriation", "208"].total is None  # that table prints no 合计: no first amount passes as one
    assert rows["fiscal_appropriation", "208"].amounts[Measure.FISCAL].value == Decimal("2457.00")


def test_no_pickle_anywhere_in_the_generator() -> None:
    for source in (ROOT / "generator").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import|from)\s+(?:pickle|marshal|shelve|dill|cloudpickle)\b", text, re.M), \
            source


def test_every_filing_is_loaded_with_its_figures(seeds: Result) -> None:
    content, _ = load_content(CONTENT, ROOT)
    by_unit: dict[str, Filing] = {f.unit: f for f in content.filings}
    for extract in seeds.extracts:
        assert [f.figure for f in extract.figures] == list(by_unit[extract.unit].figures)
        assert extract.identity.path is not None and TableKind  # published
