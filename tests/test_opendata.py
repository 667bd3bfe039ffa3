"""Open data: ``datapackage.json`` describes every site-wide and per-table CSV, and frictionless finds the package,
its schemas and its data valid (the seeds and a synthetic county); the 数据下载 page lists every column."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import frictionless
import pytest

from generator.load import load_content, load_filing_file
from generator.load.tables import type_cell
from generator.model.filing import Filing, Settings
from generator.model.org import Region, region_of
from generator.model.tables import BudgetTable, Column, ColumnRole, Row, TableKind
from generator.pipeline import Result, run
from generator.render import downloads, urls
from generator.render.escape import Escaper
from generator.render.opendata import (
    DATAPACKAGE,
    FACTS,
    INDICATORS,
    TableResource,
    datapackage,
    downloads_page,
    fiscal_model,
    licence_descriptor,
    table_resource,
    unique_labels,
)
from generator.source import NOWHERE
from generator.synth import write_county

from .conftest import CONTENT, ROOT

BUILT_ON = "2024-05-01T08:00:00+08:00"
SKIP = ["blank-row"]
"""a table CSV keeps the blank rows a table prints (财政拨款收支总表); frictionless's baseline calls them errors"""


@dataclass
class Published:
    """A package written to disk as the site would publish it."""

    root: Path
    result: Result
    tables: list[TableResource]
    descriptor: dict[str, object]


def publish(content: Path, project: Path, out: Path) -> Published:
    """Write data/facts.csv, data/indicators.csv, every table's CSV and datapackage.json below ``out``."""
    result = run(content, project, render=False, jobs=1)
    facts, indicators, tables = [], [], []
    for extract in result.extracts:
        region = region_of(result.regions, extract.unit)
        if region is None or extract.identity.path is None:
            continue
        facts += downloads.fact_rows(extract, region)
        indicators += downloads.indicator_rows(extract)
        filing, _ = load_filing_file(project / extract.identity.file, project)
        assert filing is not None
        for table in filing.tables:
            resource = table_resource(region, filing, table)
            _write(out / resource.path, downloads.table_csv(table))
            tables.append(resource)
    _write(out / FACTS, downloads.csv_text([f.name for f in downloads.FACT_FIELDS], facts))
    _write(out / INDICATORS, downloads.csv_text([f.name for f in downloads.INDICATOR_FIELDS], indicators))
    text = datapackage(result.settings, tables, BUILT_ON)
    _write(out / DATAPACKAGE, text)
    return Published(out, result, tables, json.loads(text))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # newline="" as csv_text wrote them: CRLF stays CRLF


def _validate(published: Published) -> None:
    report = frictionless.validate(str(published.root / DATAPACKAGE), checklist=frictionless.Checklist(
        skip_errors=SKIP))
    if not report.valid:
        print(report.flatten(["rowNumber", "fieldNumber", "type", "message"]))
    assert report.valid
    assert len(report.tasks) == len(published.descriptor["resources"])  # type: ignore[arg-type]


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith(downloads.BOM) and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return publish(CONTENT, ROOT, tmp_path_factory.mktemp("opendata"))


def test_seed_package_is_valid(seeds: Published) -> None:
    _validate(seeds)


def test_descriptor(seeds: Published) -> None:
    d = seeds.descriptor
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["name"] == "gongkai-budgets" and d["version"] == "1.0.0" and d["created"] == BUILT_ON
    assert d["title"] == seeds.result.settings.title
    assert d["licenses"] == [{"name": "CC-BY-4.0", "title": "CC BY 4.0",
                              "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert d["sources"] == [{"title": seeds.result.settings.publisher}]
    resources = d["resources"]
    assert isinstance(resources, list)
    assert [r["path"] for r in resources[:2]] == ["data/facts.csv", "data/indicators.csv"]
    assert [r["path"] for r in resources[2:]] == [t.path for t in seeds.tables]
    assert "xunwu/xunwu-sbfwzx/2023/data/tables/expenditure.csv" in [r["path"] for r in resources]
    assert len({r["name"] for r in resources}) == len(resources)
    for r in resources:
        assert ".." not in r["path"].split("/") and not r["path"].startswith("/")
        assert r["schema"]["missingValues"] == [""] and r["dialect"]["lineTerminator"] == "\r\n"
    facts = resources[0]["schema"]["fields"]
    assert [(f["name"], f["title"], f["description"], f["type"]) for f in facts] == [
        (f.name, f.title, f.description, f.type) for f in downloads.FACT_FIELDS]


def test_fiscal_model_maps_every_fact_column_once() -> None:
    model = fiscal_model()
    assert model["measures"] == {"amount": {"source": "yuan", "resource": "facts", "currency": "CNY", "factor": 1,
                                            "title": "金额（元）"}}
    sources = ["yuan"] + [a["source"] for d in model["dimensions"].values() for a in d["attributes"].values()]
    assert sorted(sources) == sorted(f.name for f in downloads.FACT_FIELDS)
    for dimension in model["dimensions"].values():
        assert set(dimension["primaryKey"]) <= set(dimension["attributes"])
        for attribute in dimension["attributes"].values():
            assert attribute.get("labelfor", next(iter(dimension["attributes"]))) in dimension["attributes"]
    assert model["dimensions"]["chart-of-accounts"]["dimensionType"] == "classification"
    assert "code" in model["dimensions"]["chart-of-accounts"]["attributes"]  # FDP: a classification has a code


def test_facts_csv_is_every_fact(seeds: Published) -> None:
    rows = _rows(seeds.root / FACTS)
    published = [e for e in seeds.result.extracts if e.identity.path is not None]
    assert len(rows) == sum(len(e.facts) for e in published) > 300
    assert list(rows[0]) == [f.name for f in downloads.FACT_FIELDS]
    basic = [r for r in rows if (r["region"], r["table"], r["row"], r["measure"])
             == ("xunwu", "expenditure", "function:2080109", "basic")]
    assert len(basic) == 1
    assert (basic[0]["value"], basic[0]["yuan"], basic[0]["code"], basic[0]["money_unit"]) == (
        "282.90", "2829000.00", "2080109", "万元")
    assert basic[0]["file"] == "content/xunwu/xunwu-sbfwzx/2023-budget.yaml"
    package = frictionless.Package(str(seeds.root / DATAPACKAGE))
    read = [r for r in package.get_table_resource("facts").read_rows() if r["row"] == "function:2080109"
            and r["measure"] == "basic" and r["table"] == "expenditure"]
    assert str(read[0]["value"]) == "282.90" and read[0]["year"] == 2023  # typed by the schema
    indicators = _rows(seeds.root / INDICATORS)
    assert len(indicators) == sum(len(e.indicators) for e in published) > 0


def test_table_csv_codes_are_text(seeds: Published) -> None:
    path = "xunwu/xunwu-sbfwzx/2023/data/tables/expenditure.csv"
    rows = list(csv.reader(io.StringIO((seeds.root / path).read_bytes().decode("utf-8-sig"), newline="")))
    resource = next(t for t in seeds.tables if t.path == path)
    assert [name for name, _ in resource.fields] == rows[0]
    assert ("number" in dict(resource.fields).values()) and ("string" in dict(resource.fields).values())
    assert any(row[0] == "20801" for row in rows[1:])  # 款 printed as "01": written in full
    package = frictionless.Package(str(seeds.root / DATAPACKAGE))
    first = resource.fields[0][0]
    cells = [row[first] for row in package.get_table_resource("xunwu.xunwu-sbfwzx.2023.expenditure").read_rows()]
    assert "20801" in cells and 20801 not in cells  # read back as text, by the schema


def test_every_table_header_matches_its_fields(seeds: Published) -> None:
    for table in seeds.tables:
        header = next(csv.reader(io.StringIO((seeds.root / table.path).read_bytes().decode("utf-8-sig"))))
        assert header == [name for name, _ in table.fields], table.path


def test_synthetic_county_package_is_valid(tmp_path: Path) -> None:
    write_county(tmp_path / "content", units=6, years=2, seed=3)
    published = publish(tmp_path / "content", tmp_path, tmp_path / "site")
    assert len(published.tables) > 50
    _validate(published)


def test_amount_column_with_text_is_a_string_field() -> None:
    """An amount the loader could not read (VAL001) is written as printed: its column cannot be a number."""
    region = _region()
    filing = _filing(_table(("项目", "金额", "金额"), [("合计", "1.50", "—")]))
    resource = table_resource(region, filing, filing.tables[0])
    assert resource.fields == (("项目", "string"), ("金额", "number"), ("金额 (2)", "string"))


def test_duplicate_label_paths_are_made_unique() -> None:
    assert unique_labels(["a", "b", "a", "a (2)", "a"]) == ["a", "b", "a (3)", "a (2)", "a (4)"]
    assert unique_labels(["合计", "合计/小计"]) == ["合计", "合计/小计"]


def test_table_csv_header_is_unique() -> None:
    filing = _filing(_table(("项目", "金额", "金额"), [("合计", "1.50", "2.00")]))
    header = downloads.table_csv(filing.tables[0]).lstrip(downloads.BOM).split("\r\n")[0].split(",")
    assert header == [name for name, _ in table_resource(_region(), filing, filing.tables[0]).fields]


def test_licences() -> None:
    assert licence_descriptor("cc-by-sa-4.0") == {"name": "CC-BY-SA-4.0", "title": "CC BY-SA 4.0",
                                                  "path": "https://creativecommons.org/licenses/by-sa/4.0/"}
    assert licence_descriptor("CC0-1.0") == {"name": "CC0-1.0",
                                             "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert licence_descriptor("ODbL-1.0") == {"name": "ODbL-1.0",
                                              "path": "https://opendatacommons.org/licenses/odbl/1-0/"}
    assert licence_descriptor("OGL-UK-3.0") == {"name": "OGL-UK-3.0", "title": "OGL-UK-3.0"}
    assert licence_descriptor("可自由使用，请注明来源") is None
    text = datapackage(Settings(title="t", licence="可自由使用，请注明来源"), [], BUILT_ON)
    d = json.loads(text)
    assert "licenses" not in d and "可自由使用，请注明来源" in d["description"]
    assert d["sources"] == [{"title": "t"}]


def test_built_on_must_be_a_date_time() -> None:
    for bad in ("2024-05-01", "2024-05-01T08:00:00", "yesterday"):
        with pytest.raises(ValueError):
            datapackage(Settings(), [], bad)
    assert json.loads(datapackage(Settings(), [], "2024-05-01T00:00:00Z"))["created"] == "2024-05-01T00:00:00Z"


def test_without_indicators() -> None:
    d = json.loads(datapackage(Settings(), [], BUILT_ON, has_indicators=False))
    assert [r["name"] for r in d["resources"]] == ["facts"]
    page = downloads_page(Settings(), Escaper(), has_indicators=False)
    assert "indicators.csv 的各列" not in page.text and "./indicators.csv" not in page.text


def test_downloads_page() -> None:
    page = downloads_page(Settings(title="预算公开", publisher="某县财政局", licence="CC-BY-4.0"), Escaper())
    assert page.path == urls.downloads() == "data/index.md"
    assert page.title == "数据下载"
    for field in (*downloads.FACT_FIELDS, *downloads.INDICATOR_FIELDS):
        assert f"<code>{field.name}</code>" in page.text
        assert field.description in page.text
    for href in ("./facts.csv", "./indicators.csv", "./gongkai-data.zip", "../datapackage.json", "../data-format/",
                 "../checks/"):
        assert f'href="{href}"' in page.text, href
    assert 'href="/' not in page.text and 'href="http' not in page.text  # no link to another host
    assert "CC-BY-4.0（https://creativecommons.org/licenses/by/4.0/）" in page.text
    assert "某县财政局" in page.text and "CC-BY-4.0" in page.text
    assert "UTF-8" in page.text and "原文中的错误也照录" in page.text


def test_downloads_page_escapes_the_licence() -> None:
    page = downloads_page(Settings(licence="<script>x</script> 自由使用"), Escaper())
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text


# -- small models ---------------------------------------------------------------------------------------------


def _region() -> Region:
    content, _ = load_content(CONTENT, ROOT)
    return next(r for r in content.regions if r.slug == "xunwu")


def _table(labels: tuple[str, ...], rows: list[tuple[str, ...]]) -> BudgetTable:
    """A table of a label column and amount columns, its cells typed as the loader types them."""
    roles = [ColumnRole.LABEL] + [ColumnRole.AMOUNT] * (len(labels) - 1)
    columns = tuple(Column(label, role) for label, role in zip(labels, roles, strict=True))
    typed = tuple(Row(tuple(type_cell(text, NOWHERE, (role, None))[0] for text, role in zip(row, roles, strict=True)))
                  for row in rows)
    return BudgetTable(TableKind.OTHER, "测试表", id="test", columns=columns, rows=typed)


def _filing(table: BudgetTable) -> Filing:
    return Filing(unit="xunwu-sbfwzx", fiscal_year=2023, tables=(table,))
