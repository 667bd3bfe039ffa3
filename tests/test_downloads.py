"""Open data on the built site: each table's CSV, each filing's workbook and tidy tables, the site-wide tidy
tables, the data package (validated with frictionless) and the archive of everything."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from frictionless import Checklist, validate

from generator.pipeline import Result, run
from generator.render.downloads import BOM, FACT_FIELDS

from .conftest import CONTENT, ROOT

XUNWU = "xunwu/xunwu-sbfwzx/2023"


def _csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(BOM.encode("utf-8")), f"{path}: no byte order mark (Excel on Windows needs it)"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def seeds() -> Result:
    return run(CONTENT, ROOT, render=False, jobs=1)


def test_a_table_csv_is_the_table_as_printed_with_codes_as_text(built_site: Path) -> None:
    rows = _csv(built_site / XUNWU / "data" / "tables" / "expenditure.csv")
    assert rows[0][:5] == ["支出功能分类科目/科目编码", "支出功能分类科目/科目名称", "合计", "基本支出", "项目支出"]
    assert ["2080109", "社会保险经办机构", "282.90", "282.90", ""] in rows  # blank stays blank
    assert any(row[0] == "20801" for row in rows)  # the 款 prints 01: written in full, as text
    assert all(len(row) == len(rows[0]) for row in rows)


def test_the_site_wide_facts_are_the_facts_of_every_extract(built_site: Path, seeds: Result) -> None:
    rows = _csv(built_site / "data" / "facts.csv")
    assert rows[0] == [f.name for f in FACT_FIELDS]
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    expected = [(e.identity.file, f.table, str(f.row), f.measure.value, f"{f.value:f}")
                for e in seeds.extracts for f in e.facts]
    assert sorted((r["file"], r["table"], r["row"], r["measure"], r["value"]) for r in body) == sorted(expected)
    basic = next(r for r in body if (r["table"], r["row"], r["measure"]) == ("expenditure", "function:2080109",
                                                                              "basic"))
    assert (basic["value"], basic["yuan"], basic["code"], basic["unit_name"]) == (
        "282.90", "2829000.00", "2080109", "寻乌县社会保险服务中心")


def test_every_filing_has_its_workbook_and_tidy_tables(built_site: Path, seeds: Result) -> None:
    for extract in seeds.extracts:
        folder = built_site / extract.identity.path  # type: ignore[operator]
        i = extract.identity
        book = openpyxl.load_workbook(folder / f"{i.unit.id}-{i.year}-{i.kind.value}.xlsx", read_only=True)
        assert book.sheetnames[0] == "说明" and "数据" in book.sheetnames
        assert len(book.sheetnames) == 2 + extract.counts.tables
        facts = _csv(folder / "data" / "facts.csv")
        assert len(facts) == 1 + len(extract.facts)
        if extract.indicators:
            assert len(_csv(folder / "data" / "indicators.csv")) == 1 + len(extract.indicators)


def test_the_data_package_validates_and_describes_every_csv(built_site: Path) -> None:
    package = json.loads((built_site / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    tables = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.csv") if p.parent.name == "tables"}
    assert tables and tables <= paths
    assert {"data/facts.csv", "data/indicators.csv"} <= paths
    report = validate(built_site / "datapackage.json", checklist=Checklist(skip_errors=["blank-row"]))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "message"])


def test_the_archive_holds_every_download_at_its_site_path(built_site: Path) -> None:
    with zipfile.ZipFile(built_site / "data" / "gongkai-data.zip") as archive:
        names = set(archive.namelist())
        assert "datapackage.json" in names and "data/facts.csv" in names
        assert f"{XUNWU}/data/tables/expenditure.csv" in names
        assert archive.read(f"{XUNWU}/data/tables/expenditure.csv") == \
            (built_site / XUNWU / "data" / "tables" / "expenditure.csv").read_bytes()
    downloads = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                 if p.suffix in (".csv", ".xlsx") and p.is_file()}
    assert downloads <= names


def test_each_table_and_filing_page_links_its_downloads(built_site: Path) -> None:
    tables = (built_site / XUNWU / "tables" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/tables/expenditure.csv" download' in tables
    page = (built_site / XUNWU / "index.html").read_text(encoding="utf-8")
    assert 'href="./xunwu-sbfwzx-2023-budget.xlsx" download' in page
    guide = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert "datapackage.json" in guide and "UTF-8" in guide


def test_each_filing_lists_its_project_forms(built_site: Path, seeds: Result) -> None:
    for extract in seeds.extracts:
        forms = [f for f in extract.forms if f.kind == "project_form"]
        path = built_site / extract.identity.path / "data" / "forms.csv"  # type: ignore[operator]
        if not forms:
            assert not path.exists()
            continue
        rows = _csv(path)
        assert [r[rows[0].index("form")] for r in rows[1:]] == [f.id for f in forms]
        assert [r[rows[0].index("project")] for r in rows[1:]] == [f.name or "" for f in forms]
