"""Messages a clerk understands: every slip named in Chinese at the line and column where it was made, the same on
both loader paths (libyaml's C module and PyYAML's pure-Python composer); amounts with full-width characters or a
unit inside; rows with the wrong number of cells naming the columns; unit id clashes reported once, naming both
files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.load import nodes
from generator.load.content import load_content, load_filing_data
from tests.test_hostile import REGION_YAML, SITE_YAML, SMALL_FILING

FILE = "content/demo/demo-unit/2023-budget.yaml"


def _where(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of ``needle``'s first character (plus ``offset`` characters) in ``text``."""
    index = text.index(needle) + offset
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture(params=["libyaml", "pyyaml"])
def loader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs on both loader paths: with the C module (when built) and without it."""
    if request.param == "libyaml":
        if nodes._libyaml is None:
            pytest.skip("the C module is not built here")
    else:
        monkeypatch.setattr(nodes, "_libyaml", None)
    yield request.param


def _load(text: str) -> list[Diagnostic]:
    return sorted(load_filing_data(text.encode("utf-8"), FILE)[1])


def _both(text: str) -> list[Diagnostic]:
    """The diagnostics of ``text``, asserting that both loader paths give exactly the same."""
    fast = _load(text)
    saved = nodes._libyaml
    nodes._libyaml = None
    try:
        careful = _load(text)
    finally:
        nodes._libyaml = saved
    assert [d.as_text() for d in fast] == [d.as_text() for d in careful]
    return fast


ROW = '["208", 社会保障和就业支出, "1.00", "1.00"]'

# name: (the slip written into the small filing (old, new), where the slip is (needle in the new text, offset),
#        what the message must say)
SLIPS = {
    "tab_indent": (("\n  heading: 第一部分 概况", "\n\theading: 第一部分 概况"), ("\theading", 0), "Tab"),
    "tab_after_colon": (("title: 2023 年部门预算", "title:\t2023 年部门预算"), ("\t2023", 0), "Tab"),
    "ideographic_space_indent": (("\n  heading: 第一部分 概况", "\n\u3000\u3000heading: 第一部分 概况"),
                                 ("\u3000\u3000heading", 0), "全角空格（U+3000）"),
    "ideographic_space_after_colon": (("title: 2023 年部门预算", "title:\u30002023 年部门预算"),
                                      ("\u30002023", 0), "全角空格（U+3000）"),
    "full_width_colon": (("fiscal_year: 2023", "fiscal_year：2023"), ("：2023", 0), "全角冒号“：”"),
    "full_width_colon_in_item": (("  - kind: income", "  - kind：income"), ("：income", 0), "全角冒号“：”"),
    "full_width_comma_between_quoted": ((ROW, ROW.replace('"208",', '"208"，')), ("，", 0), "全角逗号“，”"),
    "chinese_quotes": (("title: 2023 年部门预算", "title: “2023 年部门预算: 示例”"), ("“2023", 0), "中文引号"),
    "missing_space_after_colon": (("unit: demo-unit", "unit:demo-unit"), ("unit:", 4), "冒号后缺少空格"),
    "missing_space_in_flow": (("{number: （一）, text: 职责一}", "{number: （一）, text:职责一}"), ("text:", 4),
                              "冒号后缺少空格"),
    "unclosed_quote": (("title: 2023 年部门预算", 'title: "2023 年部门预算'), ('"2023', 0), "引号没有闭合"),
    "unclosed_bracket": ((ROW, ROW[:-1]), ('["208"', 0), "方括号“[”没有对应"),
    "indent_too_deep": (("  duties_heading: 一、部门主要职责", "    duties_heading: 一、部门主要职责"),
                        ("duties_heading", 0), "缩进"),
    "indent_uneven": (("  staffing_heading: 二、机构设置及人员情况", "   staffing_heading: 二、机构设置及人员情况"),
                      ("staffing_heading", 0), "缩进"),
}


@pytest.mark.parametrize("name", SLIPS)
def test_each_yaml_slip_is_named_in_chinese_at_its_place(name: str) -> None:
    (old, new), (needle, offset), says = SLIPS[name]
    assert SMALL_FILING.count(old) >= 1
    text = SMALL_FILING.replace(old, new, 1)
    found = _both(text)
    line, column = _where(text, needle, offset)
    slips = [d for d in found if d.code == "YAML001"]
    assert slips, [d.as_text() for d in found]
    first = slips[0]
    assert (first.span.line, first.span.column) == (line, column), first.as_text()
    assert says in first.message, first.as_text()
    assert first.message.startswith("YAML 语法错误：") and first.hint
    assert "解析器的说明" not in first.message  # a message of ours, not the parser's English
    assert "found" not in first.message and "expected" not in first.message


def test_a_slip_in_a_paragraph_is_not_a_slip() -> None:
    """Full-width colons, commas, quotes and spaces are ordinary text inside values, block paragraphs and
    quoted strings: only their structural use is reported."""
    paragraphs = ('paragraphs:\n    - |\n      title：全角冒号，“引号”\n      unit:demo\n    - "fiscal_year：2023"\n'
                  "    - 正文中的“引号”：冒号，逗号\u3000空格")
    text = SMALL_FILING.replace("paragraphs: [说明。]", paragraphs)
    assert [d.as_text() for d in _both(text)] == []


def test_the_seeds_have_no_slips() -> None:
    loaded, found = load_content(Path(__file__).parent.parent / "content", Path(__file__).parent.parent)
    assert [d.as_text() for d in found] == [] and loaded.filings


# -- amounts ------------------------------------------------------------------------------------------------

AMOUNTS = {
    # name: (cell as written, code, what the message must say, what the hint must offer)
    "full_width_digits": ('"２.００"', "VAL001", "全角数字“２０”", '"2.00"'),
    "full_width_period": ('"2．00"', "VAL001", "全角小数点“．”", '"2.00"'),
    "full_width_comma": ('"2，000.00"', "VAL001", "全角逗号“，”", '"2,000.00"'),
    "percent": ('"２％"', "VAL001", "全角百分号“％”", "半角"),
    "unit_wan_yuan": ('"2.00万元"', "VAL015", "写了单位“万元”", '"2.00"'),
    "unit_yuan": ('"4,252,000元"', "VAL015", "写了单位“元”", '"4,252,000"'),
}


@pytest.mark.parametrize("name", AMOUNTS)
def test_amount_slips_are_named_with_the_fix(name: str, loader_path: str) -> None:
    cell, code, says, fix = AMOUNTS[name]
    text = SMALL_FILING.replace('[~, 合计, "2.00", "2.00"]', f'[~, 合计, {cell}, "2.00"]')
    found = _load(text)
    line, column = _where(text, cell)
    hit = [d for d in found if d.code == code]
    assert len(hit) == 1, [d.as_text() for d in found]
    assert (hit[0].span.line, hit[0].span.column) == (line, column)
    assert says in hit[0].message and fix in hit[0].hint, hit[0].as_text()


def test_a_unit_that_contradicts_the_table_is_also_a_warning(loader_path: str) -> None:
    in_wan = SMALL_FILING.replace('[~, 合计, "2.00", "2.00"]', '[~, 合计, "4,252,000元", "2.00"]')
    codes = [(d.code, d.severity.value) for d in _load(in_wan)]
    assert codes == [("VAL015", "error"), ("VAL016", "warning")]
    warning = next(d for d in _load(in_wan) if d.code == "VAL016")
    assert "“元”" in warning.message and "“万元”" in warning.message
    in_yuan = in_wan.replace("    unit_label: 单位：万元\n", "    unit_label: 单位：元\n    unit: 元\n")
    assert [d.code for d in _load(in_yuan)] == ["VAL015"]  # the same unit: only "write the number alone"


def test_a_form_amount_names_full_width_digits(loader_path: str) -> None:
    text = SMALL_FILING.replace('funding: {annual: "1.00"', 'funding: {annual: "１.00"')
    found = [d for d in _load(text) if d.code == "VAL001"]
    assert len(found) == 1 and "全角数字“１”" in found[0].message and '"1.00"' in found[0].hint


def test_a_code_in_chinese_quotes_or_full_width_digits_is_named(loader_path: str) -> None:
    for written, says in (("“2080109”", "中文引号"), ('"２０８０１０９"', "全角数字")):
        text = SMALL_FILING.replace('["2080109", 社会保险经办机构', f"[{written}, 社会保险经办机构")
        found = [d for d in _load(text) if d.code == "VAL002"]
        assert len(found) == 1 and says in found[0].message, [d.as_text() for d in _load(text)]
        assert (found[0].span.line, found[0].span.column) == _where(text, written)


# -- rows with too many or too few cells ---------------------------------------------------------------------

def test_a_row_with_a_cell_too_many_names_the_extra_cells_and_the_last_column(loader_path: str) -> None:
    text = SMALL_FILING.replace(ROW, ROW[:-1] + ', "9.00"]')
    found = _load(text)
    assert [d.code for d in found] == ["VAL006"]
    assert (found[0].span.line, found[0].span.column) == _where(text, '"9.00"')
    assert "“9.00”" in found[0].message and "“财政拨款”" in found[0].message and "5 个单元格" in found[0].message


def test_a_row_short_of_cells_names_the_columns_it_cannot_fill(loader_path: str) -> None:
    text = SMALL_FILING.replace(ROW, '["208", 社会保障和就业支出]')
    found = _load(text)
    assert [d.code for d in found] == ["VAL006"]
    assert "“合计”、“财政拨款”" in found[0].message, found[0].message


def test_a_row_short_of_cells_points_at_the_full_width_comma(loader_path: str) -> None:
    text = SMALL_FILING.replace(ROW, '["208", 社会保障和就业支出，"1.00", "1.00"]')
    found = _load(text)
    assert [d.code for d in found] == ["VAL006"]
    assert (found[0].span.line, found[0].span.column) == _where(text, "社会保障和就业支出，")
    assert "全角逗号“，”" in found[0].message and "“财政拨款”" in found[0].message


def test_a_repeated_label_is_named_with_its_group() -> None:
    text = SMALL_FILING.replace("children: [合计, 财政拨款]", "children: [合计, {label: 财政拨款, children: [小计]}, "
                                "{label: 其他, children: [小计]}]")
    found = _load(text)
    assert found and all(d.code == "VAL006" for d in found)
    assert "“收入/其他/小计”" in found[0].message, found[0].message


# -- unit id clashes ----------------------------------------------------------------------------------------

def _two_counties(root: Path, filing_unit: str = "demo-unit") -> Path:
    content = root / "content"
    for slug, name, code in (("alpha", "甲县", "110101"), ("beta", "乙县", "110102")):
        (content / slug / "demo-unit").mkdir(parents=True)
        region = REGION_YAML.replace("slug: demo", f"slug: {slug}").replace("示例县", name)
        (content / slug / "region.yaml").write_text(region.replace('"110101"', f'"{code}"'), encoding="utf-8")
        (content / slug / "demo-unit" / "2023-budget.yaml").write_text(
            SMALL_FILING.replace("unit: demo-unit", f"unit: {filing_unit}"), encoding="utf-8")
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return content


def test_a_unit_id_used_by_two_counties_is_reported_once_in_the_later_naming_both(tmp_path: Path) -> None:
    content = _two_counties(tmp_path)
    loaded, found = load_content(content, tmp_path)
    clash = [d for d in found if d.code == "REF002"]
    assert len(clash) == 2  # demo-dept and demo-unit, each once
    assert {d.span.file for d in clash} == {"content/beta/region.yaml"}
    unit = next(d for d in clash if "“demo-unit”" in d.message)
    assert "content/alpha/region.yaml" in unit.message and unit.related[0].file == "content/alpha/region.yaml"
    assert "content/alpha" not in unit.hint.replace("content/alpha/region.yaml 不必改动", "")
    # 乙县's filing is never placed under 甲县's unit: it is an error in that filing, which names both files
    placed = [d for d in found if d.span.file == "content/beta/demo-unit/2023-budget.yaml"]
    assert [d.code for d in placed] == ["REF006"]
    assert "content/alpha/region.yaml" in placed[0].message and "content/beta/region.yaml" in placed[0].message
    assert "移到" not in placed[0].hint and "REF003" not in {d.code for d in found}
    # and 甲县's own filing is untouched
    assert not [d for d in found if d.span.file.startswith("content/alpha/")]
    assert {f.span.file for f in loaded.filings} == {"content/alpha/demo-unit/2023-budget.yaml",
                                                     "content/beta/demo-unit/2023-budget.yaml"}


def test_a_filing_placed_under_another_unit_is_reported_in_the_filing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "demo" / "demo-dept").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (content / "demo" / "region.yaml").write_text(REGION_YAML, encoding="utf-8")
    (content / "demo" / "demo-dept" / "2023-budget.yaml").write_text(SMALL_FILING, encoding="utf-8")
    _, found = load_content(content, tmp_path)
    assert [(d.span.file, d.code) for d in found] == [("content/demo/demo-dept/2023-budget.yaml", "REF006")]
    assert "“demo-dept”" in found[0].message and "“demo-unit”" in found[0].message
