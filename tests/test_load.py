"""The loader: one fixture per diagnostic code, positions tested; the seeds load with exact figures."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.diagnostics import RULES, Diagnostic
from generator.load import load_content, load_filing_file
from generator.load.content import RegionFile, _load, load_region_file
from generator.load.nodes import compose_text
from generator.load.records import RecordLoader
from generator.model.filing import Content, Filing, Settings
from generator.model.indicators import ValueKind
from generator.model.tables import RowRole, TableKind

from .conftest import CONTENT, ROOT

INVALID = ROOT / "tests" / "fixtures" / "invalid"
EXPECT = re.compile(rb"#\s*expect:\s*([A-Z]+\d+)")


def _expected(path: Path) -> set[tuple[int, str]]:
    pairs = set()
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        for code in EXPECT.findall(line):
            pairs.add((number, code.decode()))
    return pairs


def _diagnose(path: Path) -> list[Diagnostic]:
    head = path.read_bytes()[:40]
    if head.startswith(b"# class: Settings"):
        return _load(path, ROOT, Settings)[1]
    if head.startswith(b"# class: region"):
        return load_region_file(path, ROOT)[1]
    return load_filing_file(path, ROOT)[1]


@pytest.mark.parametrize("fixture", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_invalid_fixture_reports_expected_codes_at_expected_lines(fixture: Path) -> None:
    found = _diagnose(fixture)
    assert {(d.span.line, d.code) for d in found} == _expected(fixture)
    for d in found:
        assert d.span.file == f"tests/fixtures/invalid/{fixture.name}"
        assert d.span.column >= 1
        assert d.message and d.hint


def test_every_load_code_has_a_fixture_or_a_dedicated_test() -> None:
    covered = {code for f in INVALID.glob("*.yaml") for _, code in _expected(f)}
    dedicated = {"YAML006", "REF003", "REF005", "REF006", "PAG001"}  # REF006: test_messages.py; PAG001: test_hostile.py
    assert set(RULES) - covered - dedicated == set()


def test_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    text = "unit: a\nfiscal_year: 2023\nexplanation:\n  heading: x\n  sections:\n"
    indent = "    "
    for _ in range(60):
        text += indent + "- title: t\n" + indent + "  sections:\n"
        indent += "    "
    node, found = compose_text(text, "deep.yaml")
    assert node is not None and not found
    loader = RecordLoader("deep.yaml")
    loader.record(node, Filing)
    assert [d.code for d in loader.found] == ["YAML006"]
    node, found = compose_text("[" * 20_000, "bomb.yaml")
    assert node is None and found[0].code in ("YAML001", "YAML006")


def test_placement_and_duplicate_filings_are_reported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "xunwu").mkdir(parents=True)
    (content / "xunwu" / "region.yaml").write_text(
        (CONTENT / "xunwu" / "region.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    good = content / "xunwu" / "xunwu-sbfwzx"
    good.mkdir()
    (good / "2023-budget.yaml").write_text("unit: xunwu-sbfwzx\nfiscal_year: 2023\n", encoding="utf-8")
    (good / "copy.yaml").write_text("unit: xunwu-sbfwzx\nfiscal_year: 2023\n", encoding="utf-8")
    (good / "2022-budget.yaml").write_text("unit: nobody\nfiscal_year: 2022\n", encoding="utf-8")
    _, found = load_content(content, tmp_path)
    codes = sorted((d.span.file, d.code) for d in found)
    assert codes == [
        ("content/xunwu/xunwu-sbfwzx/2022-budget.yaml", "REF001"),
        ("content/xunwu/xunwu-sbfwzx/copy.yaml", "REF003"),
        ("content/xunwu/xunwu-sbfwzx/copy.yaml", "REF005"),
    ]


@pytest.fixture(scope="module")
def content() -> Content:
    loaded, found = load_content(CONTENT, ROOT)
    assert found == []
    return loaded


def _filing(content: Content, unit: str) -> Filing:
    return next(f for f in content.filings if f.unit == unit)


def test_seed_counts_match_the_documents(content: Content) -> None:
    xunwu = _filing(content, "xunwu-sbfwzx")
    assert (len(xunwu.tables), len(xunwu.project_forms)) == (11, 7)
    assert len(_filing(content, "yiyang-sbglzx").project_forms) == 13
    yangxin = _filing(content, "yangxin-ylbx")
    assert (len(yangxin.project_forms), len(yangxin.dept_overall_forms)) == (4, 1)
    shigu = [f.layout.value for f in _filing(content, "shigu-sbglzx").project_forms]
    assert (shigu.count("sg2019_fj1_1"), shigu.count("sg2019_fj2_1")) == (7, 2)
    assert len(_filing(content, "yuanzhou-sbzx").project_forms) == 3


def test_xunwu_figures_are_exact_decimals_with_printed_text(content: Content) -> None:
    table = next(t for t in _filing(content, "xunwu-sbfwzx").tables if t.kind is TableKind.EXPENDITURE)
    total = table.rows[0]
    assert total.role is RowRole.TOTAL
    amounts = [c.amount for c in total.cells if c.amount is not None]
    assert [a.value for a in amounts] == [Decimal("2495.56"), Decimal("353.70"), Decimal("2141.86")]
    assert amounts[0].text == "2,495.56"
    item = next(r for r in table.rows if r.code is not None and r.code.code == "2080109")
    assert item.code is not None and item.code.level.value == "项"
    assert item.code.parent is not None and item.code.parent.code == "20801"
    blank = [c for c in item.cells if c.blank]
    assert len(blank) == 1 and blank[0].amount is None  # 项目支出 is blank, not zero


def test_yiyang_funding_kept_as_printed(content: Content) -> None:
    form = next(f for f in _filing(content, "yiyang-sbglzx").project_forms
                if f.name == "居民养老保险基础养老金县级补助")
    assert form.funding is not None and form.funding.annual is not None
    assert form.funding.annual.text == "14,813,600"
    assert form.funding.annual.value == Decimal("14813600")
    assert form.funding.unit.value == "万元"  # declared, although the figures are 元


def test_indicator_values_are_parsed_beside_their_text(content: Content) -> None:
    values = {i.value.raw: i.value for f in _filing(content, "yiyang-sbglzx").project_forms
              for s in f.indicator_sets for i in s.indicators() if i.value is not None}
    v = values["≥43万元"]
    assert (v.kind, v.op, v.number, v.unit) == (ValueKind.NUMERIC, ">=", Decimal("43"), "万元")
    assert values["及时拨付到位"].kind is ValueKind.QUALITATIVE
    yuanzhou = [i.value for f in _filing(content, "yuanzhou-sbzx").project_forms
                for s in f.indicator_sets for i in s.indicators() if i.value is not None]
    ranged = next(v for v in yuanzhou if v.raw == "30-320元")
    assert (ranged.kind, ranged.number, ranged.number_max) == (ValueKind.RANGE, Decimal("30"), Decimal("320"))
    at_least = next(v for v in yuanzhou if v.raw == "≥98%")  # extracted as LaTeX, written as printed
    assert not at_least.markup_removed and at_least.op == ">=" and at_least.unit == "%"
    from generator.model.indicators import IndicatorValue

    latex = IndicatorValue.parse(r"$\geq 98\%$")  # an extraction's LaTeX still reads as the figure it stands for
    assert latex.markup_removed and latex.op == ">=" and latex.number == Decimal("98") and latex.unit == "%"


def test_yangxin_year_is_inferred_with_evidence(content: Content) -> None:
    filing = _filing(content, "yangxin-ylbx")
    assert filing.fiscal_year == 2024 and filing.fiscal_year_basis.value == "inferred"
    assert filing.fiscal_year_evidence and "2022" in filing.fiscal_year_evidence


def test_region_file_top_level_is_a_record() -> None:
    node, _ = compose_text("region: {code: '360734', slug: xunwu, name: 寻乌县}\n", "r.yaml")
    loader = RecordLoader("r.yaml")
    assert node is not None
    wrapper = loader.record(node, RegionFile)
    assert wrapper.region.name == "寻乌县" and loader.found == []
