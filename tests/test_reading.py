"""Reading the numbers: headline figures, subject pages that sum, year over year, the indicator index, charts and
a navigation that does not grow with the county (issue: reading the numbers). The browser side is in
test_numbers_browser.py."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.facts.headline import Topic, change, headline, sums
from generator.model.extract import Extract
from generator.model.money import MoneyUnit
from generator.pipeline import Result, run
from generator.render import Rendered
from generator.render.charts import Bar, bar_chart, split_bar
from generator.render.escape import Escaper
from generator.render.indicators import LIMIT
from generator.render.overview import from_json, overview, to_json
from generator.synth import write_county

from .conftest import CONTENT

XUNWU = "content/xunwu/xunwu-sbfwzx/2023-budget.yaml"


@pytest.fixture(scope="module")
def seeds() -> Result:
    result = run(CONTENT, CONTENT.parent, jobs=1)
    assert result.rendered is not None
    return result


def _extract(result: Result, file: str) -> Extract:
    return next(e for e in result.extracts if e.identity.file == file)


def _page(rendered: Rendered, path: str) -> str:
    return next(p.text for p in rendered.pages if p.path == path)


def _cells(html: str) -> list[list[str]]:
    """The rows of every table in ``html``, each as the text of its cells."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return rows


# ------------------------------------------------------------------------------------------ headline figures


def test_headline_reads_each_figure_off_its_row(seeds: Result) -> None:
    figures = {f.topic: f for f in headline(_extract(seeds, XUNWU))}
    assert (figures[Topic.TOTAL].text, figures[Topic.TOTAL].table) == ("2,495.56", "expenditure")
    assert figures[Topic.TOTAL].value == Decimal("2495.56") and figures[Topic.TOTAL].row is not None
    assert figures[Topic.BASIC].text == "353.70" and figures[Topic.PROJECT].text == "2,141.86"
    assert (figures[Topic.FISCAL].text, figures[Topic.FISCAL].table) == ("2,495.56", "income")
    # the 三公 table prints one line (the department's own) and no 合计 row: that line is the total
    assert (figures[Topic.THREE_PUBLIC].text, figures[Topic.THREE_PUBLIC].table) == ("2.00", "three_public")


def test_a_filing_without_tables_has_no_money_figures_rather_than_zeros(seeds: Result) -> None:
    figures = headline(_extract(seeds, "content/yuanzhou/yuanzhou-sbzx/2022-budget.yaml"))
    assert all(f.value is None and not f.empty_table for f in figures)
    total = sums([figures])[Topic.TOTAL]
    assert (total.printed, total.missing, total.total) == (0, 1, 0)


def test_sums_are_exact_and_in_wan_yuan(seeds: Result) -> None:
    xunwu = headline(_extract(seeds, XUNWU))
    in_yuan = tuple(f.__class__(f.topic, f.text, None if f.value is None else f.value * 10_000, MoneyUnit.YUAN,
                                f.table, f.table_title, f.row, f.empty_table) for f in xunwu)
    total = sums([xunwu, in_yuan])[Topic.TOTAL]
    assert total.total == Decimal("4991.12") and total.printed == 2


def test_change_is_exact_and_never_divides_by_zero() -> None:
    assert change(Decimal("120"), Decimal("100")) == (Decimal("20"), Decimal("20.00"))
    assert change(Decimal("1"), Decimal("3")) == (Decimal("-2"), Decimal("-66.67"))
    assert change(Decimal("5"), Decimal("0")) == (Decimal("5"), None)
    assert change(None, Decimal("1")) == (None, None)


def test_unit_page_shows_the_total_linking_to_its_row(seeds: Result) -> None:
    assert seeds.rendered is not None
    unit = _page(seeds.rendered, "xunwu/xunwu-sbfwzx/index.md")
    link = re.search(r'<dt>支出合计</dt><dd><a href="([^"]+)">2,495\.56</a> 万元', unit)
    assert link is not None, "the unit page shows its total budget, linked"
    href = link[1]
    assert href.startswith("2023/tables/#")
    tables = _page(seeds.rendered, "xunwu/xunwu-sbfwzx/2023/tables.md")
    anchor = href.split("#")[1]
    row = re.search(rf'<tr id="{re.escape(anchor)}"[^>]*>(.*?)</tr>', tables, re.S)
    assert row is not None and "2,495.56" in row[1], "the link lands on the row that prints the figure"


def test_every_index_page_leads_with_money(seeds: Result) -> None:
    assert seeds.rendered is not None
    for path in ("index.md", "xunwu/index.md", "xunwu/xunwu-sbfwzx/index.md", "xunwu/xunwu-sbfwzx/2023/index.md"):
        assert "2,495.56" in _page(seeds.rendered, path), path


# ------------------------------------------------------------------------------------------- subject pages


def test_subject_page_has_one_line_per_unit_and_year_with_its_measures(seeds: Result) -> None:
    assert seeds.rendered is not None
    page = _page(seeds.rendered, "subjects/function-2080109.md")
    rows = [r for r in _cells(page) if r and r[0] == "2023" and len(r) == 7]
    assert len(rows) == 1, "the three tables printing 2080109 make one line"
    _, region, _, total, basic, project, printed_in = rows[0]
    assert (region, total, basic, project) == ("寻乌县", "282.90", "282.90", "")
    extract = _extract(seeds, XUNWU)
    printing = {f.table for f in extract.facts if str(f.row) == "function:2080109"}
    assert len(printing) > 1 and printed_in.count("、") == len(printing) - 1, "links to every table printing it"
    totals = [r for r in _cells(page) if r and r[0] == "合计"]
    assert totals and totals[0][1] == "282.90", "the total across units per year"


def test_subject_children_carry_their_amounts(seeds: Result) -> None:
    assert seeds.rendered is not None
    page = _page(seeds.rendered, "subjects/function-20801.md")
    child = [r for r in _cells(page) if r and r[0] == "2080109"]
    assert child and child[0][2] == "282.90"


# --------------------------------------------------------------------------------------- indicator index


def test_indicator_index_lists_every_satisfaction_indicator(seeds: Result) -> None:
    assert seeds.rendered is not None
    expected = sum(1 for e in seeds.extracts for i in e.indicators if i.level1.strip() == "满意度指标")
    assert expected > 0
    page = _page(seeds.rendered, "indicators/satisfaction.md")
    listed = [r for r in _cells(page) if len(r) == 6 and r[0] != "三级指标"]
    assert len(listed) == expected
    index = _page(seeds.rendered, "indicators/index.md")
    assert f'satisfaction/">满意度指标</a></td><td>{expected}</td>' in index


def test_indicator_values_show_as_printed_and_as_read(seeds: Result) -> None:
    assert seeds.rendered is not None
    page = _page(seeds.rendered, "indicators/satisfaction.md")
    rows = {(r[0], r[1], r[2]) for r in _cells(page) if len(r) == 6}
    assert ("群众满意度", "≥95%", "≥ 95 %") in rows
    assert "$" not in page and "geq" not in page


def test_large_indicator_groups_are_split_into_pages(tmp_path: Path) -> None:
    from generator.render.indicators import _split
    from generator.render.overview import IndicatorRow

    class Y:
        def __init__(self, year: int) -> None:
            self.fiscal_year = year

    class R:
        slug = "r"

    class Org:
        id = "u"

    row = IndicatorRow("p01", "项目", "产出指标", "数量指标", "x", "1", "1")
    entries = [(Y(2023 + i % 2), R(), Org(), row) for i in range(2 * LIMIT + 2)]
    parts = _split("output", entries)  # type: ignore[arg-type]
    assert len(parts) == 2 and all(len(p.entries) <= LIMIT + 1 for p in parts)
    assert sum(len(p.entries) for p in parts) == len(entries)


# -------------------------------------------------------------------------------------------------- charts


def test_charts_are_deterministic_accessible_and_carry_their_numbers() -> None:
    bars = [Bar("208 社会保障和就业支出", Decimal("2457.00"), "t/#a"), Bar("<b>x</b>", Decimal("23.47")),
            Bar("空", None)]
    chart = str(bar_chart(Escaper(), "c", "支出按功能分类", bars))
    assert chart == str(bar_chart(Escaper(), "c", "支出按功能分类", bars))
    assert 'role="img"' in chart and "<title id=\"gk-chart-c-t\">" in chart and "<desc" in chart
    assert "<table" in chart and "2,457.00" in chart and "23.47" in chart and "未列数" in chart
    assert "<b>" not in chart and "&lt;b&gt;" in chart
    masked = str(bar_chart(Escaper(), "m", "各单位", [Bar("联系人 13912345678\u202e", Decimal("1"), "x/")]))
    assert "13912345678" not in masked and "\u202e" not in masked  # names pass the one escaping boundary
    assert "http" not in chart and "<script" not in chart
    widths = [Decimal(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', chart)]
    assert len(widths) == 2 and widths[0] > widths[1] * 50
    split = str(split_bar(Escaper(), "s", "基本支出和项目支出", [Bar("基本支出", Decimal("353.70")),
                                                  Bar("项目支出", Decimal("2141.86"))]))
    assert "14.17%" in split and "85.83%" in split


# ------------------------------------------------------------------------------------------ overview cache


def test_overview_round_trips_and_refuses_what_is_not_one(seeds: Result) -> None:
    view = overview(_extract(seeds, XUNWU))
    again = from_json(to_json(view))
    assert to_json(again) == to_json(view) and again.headline == view.headline  # (positions are not carried)
    for broken in ("[]", "{}", to_json(view).replace('"headline":[[', '"headline":[[1,'),
                   to_json(view).replace('"2495.56"', '"x"')):
        with pytest.raises(ValueError):
            from_json(broken)


# ------------------------------------------------------------------------------------ year over year (fixture)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """A county of two units over two years, made for the test (not in content/)."""
    root = tmp_path_factory.mktemp("two-years")
    write_county(root / "content", 2, 2, 7)
    result = run(root / "content", root, jobs=1)
    assert result.rendered is not None
    return result


def test_unit_page_compares_years_with_exact_changes(two_years: Result) -> None:
    assert two_years.rendered is not None
    by_unit: dict[str, list[Extract]] = {}
    for e in two_years.extracts:
        by_unit.setdefault(e.unit, []).append(e)
    unit, filings = next((u, sorted(f, key=lambda e: e.fiscal_year)) for u, f in by_unit.items() if len(f) == 2)
    (before, after) = [{f.topic: f for f in headline(e)} for e in filings]
    page = next(p.text for p in two_years.rendered.pages if p.path.endswith(f"/{unit}/index.md"))
    years = [r for r in _cells(page) if r and r[0] == "支出合计" and len(r) == 5]
    assert years, "the unit page puts its years side by side"
    _, old, new, amount, rate = years[0]
    assert old == before[Topic.TOTAL].text and new == after[Topic.TOTAL].text
    expected_amount, expected_rate = change(after[Topic.TOTAL].value, before[Topic.TOTAL].value)
    assert expected_amount is not None and expected_rate is not None
    assert Decimal(amount.replace(",", "").lstrip("+")) == expected_amount
    assert Decimal(rate.rstrip("%").lstrip("+")) == expected_rate
    classes = [r for r in _cells(page) if r and re.match(r"^\d{3} ", r[0]) and len(r) == 5]
    assert classes, "each 功能分类 类 side by side too"
    assert "历年支出合计" in page and 'role="img"' in page


# -------------------------------------------------------------------------------------------- navigation


def test_navigation_does_not_grow_with_the_units(tmp_path: Path) -> None:
    sizes = []
    for units in (3, 9):
        root = tmp_path / str(units)
        write_county(root / "content", units, 1, 3)
        result = run(root / "content", root, jobs=1)
        assert result.rendered is not None
        sizes.append(len(repr(result.rendered.nav)))
        names = Counter(str(item) for item in result.rendered.nav)
        assert all(n == 1 for n in names.values())
    assert sizes[0] == sizes[1]


def test_clerks_reference_is_out_of_the_navigation_but_linked_from_about(seeds: Result) -> None:
    assert seeds.rendered is not None
    assert "guide.md" not in repr(seeds.rendered.nav)
    assert 'guide' in _page(seeds.rendered, "about.md")


# ------------------------------------------------------------------------------------------------ fidelity


def test_unplaced_values_and_lost_text_are_shown_on_the_form(seeds: Result) -> None:
    assert seeds.rendered is not None
    forms = _page(seeds.rendered, "yuanzhou/yuanzhou-sbzx/2022/projects.md")
    note = re.search(r'另印有 (\d+) 个指标值.*?：(.*?)。', forms)
    assert note is not None and note[1] == "4" and note[2].count("100%") == 4
    assert "“……”标出缺失文字所在的位置" in forms


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**26, max_value=10**26),
                min_size=1, max_size=6))
def test_pictures_and_changes_never_fail_on_any_amount(values: list[Decimal]) -> None:
    """Whatever a filing prints (huge, tiny, negative), the charts and the changes are drawn or left unsaid."""
    bars = [Bar(f"第{i}项", v) for i, v in enumerate(values)]
    chart = str(bar_chart(Escaper(), "p", "图", bars))
    assert chart.count("<tr>") == len(values) + 1
    split_bar(Escaper(), "s", "图", bars[:2])
    for before in values:
        amount, rate = change(values[0], before)
        assert amount == values[0] - before
        assert rate is None or before != 0
