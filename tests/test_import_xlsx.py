"""gongkai import-xlsx: every seed (and synthetic) filing's tables written to XLSX by our own writer and imported
again give the same facts; workbooks laid out as budget systems export them (built here with openpyxl) import
with every cell placed or reported at its cell; the command line end to end, its output checked by
``gongkai check``."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator.cli import main
from generator.facts.tables import table_facts
from generator.importer import Imported, Options, import_workbook
from generator.importer.cells import read_amount, text_of
from generator.importer.problems import RULES, cell_ref
from generator.load.content import load_filing_data, load_filing_file
from generator.model.filing import Filing
from generator.model.tables import BudgetTable
from generator.pipeline import run
from generator.render.workbook import workbook
from generator.synth import write_county

from .conftest import CONTENT, ROOT

Facts = set[tuple[str, str, str, Decimal]]


def facts(filing: Filing | BudgetTable) -> Facts:
    tables = filing.tables if isinstance(filing, Filing) else (filing,)
    return {(t.kind.value, str(f.row), f.measure.value, f.value) for t in tables for f in table_facts(t)[0]}


def load(imported: Imported) -> Filing:
    filing, found = load_filing_data(imported.text.encode("utf-8"), "imported.yaml")
    assert filing is not None, [d.as_text() for d in found]
    return filing


def codes(imported: Imported) -> dict[str, set[str]]:
    """Problem codes by cell reference."""
    found: dict[str, set[str]] = {}
    for problem in imported.problems:
        found.setdefault(str(problem.place), set()).add(problem.code)
    return found


# -- 1. round trip ------------------------------------------------------------------------------------------------


def _round_trip(content: Path, project: Path, tmp_path: Path) -> list[tuple[str, int]]:
    result = run(content, project, render=False, jobs=1, cache=None)
    done = []
    for extract in result.extracts:
        filing, _ = load_filing_file(project / extract.identity.file, project)
        assert filing is not None
        named = extract.identity.region
        region = next((r for r in result.regions if named is not None and r.slug == named.id), None)
        path = tmp_path / f"{filing.unit}-{filing.fiscal_year}.xlsx"
        path.write_bytes(workbook(filing, extract, region))
        imported = import_workbook(path, Options(unit=filing.unit))
        assert imported.tables == len(filing.tables), extract.identity.file
        assert [p.code for p in imported.problems if p.code != "IMP012"] == [], extract.identity.file
        again = load(imported)
        assert again.fiscal_year == filing.fiscal_year
        assert [t.kind for t in again.tables] == [t.kind for t in filing.tables]
        assert [t.title for t in again.tables] == [t.title for t in filing.tables]
        assert facts(again) == facts(filing), extract.identity.file
        done.append((extract.identity.file, len(facts(filing))))
    return done


def test_round_trip_of_every_seed_filing(tmp_path: Path) -> None:
    done = _round_trip(CONTENT, ROOT, tmp_path)
    assert len(done) == 5
    assert dict(done)["content/xunwu/xunwu-sbfwzx/2023-budget.yaml"] == 253  # the one seed with budget tables


def test_round_trip_of_a_synthetic_county(tmp_path: Path) -> None:
    write_county(tmp_path / "content", units=3, years=1, seed=7)
    done = _round_trip(tmp_path / "content", tmp_path, tmp_path)
    assert done and sum(n for _, n in done) > 300


# -- 2. layouts as budget systems export them -------------------------------------------------------------------


def save(book: Any, tmp_path: Path, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    book.save(path)
    return path


def accounted(path: Path, imported: Imported, divide: int = 1) -> list[str]:
    """The non-empty cells of the workbook that appear nowhere in the imported filing and are not reported."""
    filing = load(imported)
    texts: list[str] = [filing.unit, str(filing.fiscal_year)]
    values: set[Decimal] = set()
    for table in filing.tables:
        texts += [table.title, table.filler or "", table.unit_label or "", table.note or "", table.numbering or ""]
        stack = list(table.columns)
        while stack:
            column = stack.pop()
            texts.append(column.label)
            stack.extend(column.children)
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text or "")
                if cell.amount is not None:
                    values.add(cell.amount.value)
    joined = "\n".join(texts) + imported.text  # the comments say what was split or converted
    reported = set(codes(imported))
    whole = {p.place.sheet for p in imported.problems if p.code == "IMP002"}  # reported as a whole sheet
    missing = []
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet.title in whole:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or str(cell.value).strip() == "":
                    continue
                ref = cell_ref(sheet.title, cell.row - 1, cell.column - 1)
                if ref in reported:
                    continue
                value = cell.value
                plain = "".join(joined.split())
                if isinstance(value, int | float) and not isinstance(value, bool):
                    if Decimal(repr(value)) / divide in values or any(v == Decimal(repr(value)) for v in values):
                        continue
                    if str(value) in plain:  # a column-numbering cell
                        continue
                elif all(part in plain for part in re.findall(r"\d+|[^\d\s\[\]]+", str(value))):
                    continue  # as printed, or a code and name split into their columns
                missing.append(f"{ref}={value!r}")
    return missing


def _head(sheet: Any, title: str, filler: str | None, unit: str | None, width: int) -> None:
    sheet.append([title])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    if filler or unit:
        line: list[Any] = [None] * width
        line[0], line[-1] = filler, unit
        sheet.append(line)


EXPENDITURE_ROWS = [
    ("208", "社会保障和就业支出", 2457, 315.14, 2141.86),
    ("01", "人力资源和社会保障管理事务", 283.88, 283.88, None),
    ("2080109", "社会保险经办机构", 282.9, 282.9, None),
    ("2080199", "其他人力资源和社会保障管理事务支出", 0.98, 0.98, None),
    ("05", "行政事业单位养老支出", 1231.26, 31.26, 1200),
]


def _expenditure_sheet(sheet: Any, total_at_bottom: bool = False) -> None:
    """部门支出总表 with a two-level merged header, 单位名称 and 单位 on their own lines, suffix 款 codes."""
    _head(sheet, "2023年部门支出总表", None, None, 5)
    sheet.append(["单位名称：寻乌县社会保险服务中心"])
    sheet.append([None, None, None, None, "单位：万元"])
    sheet.append(["支出功能分类科目", None, "本年支出", None, None])
    sheet.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    top = sheet.max_row - 1
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=2)
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=5)
    total = [None, "合计", 2495.56, 353.7, 2141.86]
    if not total_at_bottom:
        sheet.append(total)
    for row in EXPENDITURE_ROWS:
        sheet.append(list(row))
    if total_at_bottom:
        sheet.append(total)
    sheet.append(["注：本表金额保留两位小数。"])


def test_one_table_per_sheet_with_merged_two_level_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    _expenditure_sheet(book.active)
    book.active.title = "表3"
    second = book.create_sheet("表3b")
    _expenditure_sheet(second, total_at_bottom=True)
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx"))
    assert imported.problems == ()
    filing = load(imported)
    assert filing.fiscal_year == 2023  # found in the title
    top, bottom = filing.tables
    assert top.kind.value == bottom.kind.value == "expenditure"
    assert top.filler == "单位名称：寻乌县社会保险服务中心" and top.unit_label == "单位：万元"
    assert top.note == "注：本表金额保留两位小数。"
    found = facts(top)
    assert ("expenditure", "function:2080109", "basic", Decimal("282.90")) in found
    assert ("expenditure", "function:20801", "total", Decimal("283.88")) in found  # 款 01 completed from 208
    assert ("expenditure", "total", "project", Decimal("2141.86")) in found
    assert facts(bottom) == found  # 合计 at the top or at the bottom: the same facts
    cells = [c.text for c in top.rows[3].cells]
    assert cells == ["2080109", "社会保险经办机构", "282.90", "282.90", None]  # printed decimals; blank stays blank
    assert accounted(path, imported) == []


def test_several_tables_stacked_on_one_sheet_with_notes_and_an_empty_table(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "预算公开表"
    _expenditure_sheet(sheet)
    sheet.append([])
    sheet.append([])
    sheet.append(["注：若为空表，则为该部门（单位）无政府性基金收支"])
    _head(sheet, "政府性基金预算支出表", None, "单位：万元", 5)
    sheet.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    sheet.append([])
    _head(sheet, "财政拨款“三公”经费支出表", "填报单位:[202002]寻乌县社会保险服务中心", "单位：万元", 7)
    sheet.append(["部门编码", "部门名称", "合计", "因公出国(境)费", "公务接待费", "公务用车运行维护费", "公务用车购置"])
    sheet.append(["**", "**", 1, 2, 3, 4, 5])
    sheet.append(["202", "寻乌县人力资源和社会保障局", 2, None, 2, None, None])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    assert imported.problems == ()
    filing = load(imported)
    assert [t.kind.value for t in filing.tables] == ["expenditure", "govfund_expenditure", "three_public"]
    expenditure, govfund, three = filing.tables
    assert expenditure.note == "注：本表金额保留两位小数。"
    assert govfund.rows == () and govfund.note == "注：若为空表，则为该部门（单位）无政府性基金收支"
    assert three.numbering == "** ** 1 2 3 4 5"
    assert three.filler == "填报单位:[202002]寻乌县社会保险服务中心"
    assert ("three_public", "department:202", "reception", Decimal("2")) in facts(three)
    assert accounted(path, imported) == []


def test_codes_split_over_class_section_item_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _head(sheet, "一般公共预算支出表", "单位名称：寻乌县社会保险服务中心", "单位：万元", 7)
    sheet.append(["科目编码", None, None, "科目名称", "2023年预算数", None, None])
    sheet.append(["类", "款", "项", None, "合计", "基本支出", "项目支出"])
    sheet.merge_cells("A3:C3")
    sheet.merge_cells("D3:D4")
    sheet.merge_cells("E3:G3")
    sheet.append([None, None, None, "合计", 2495.56, 353.7, 2141.86])
    sheet.append(["208", None, None, "社会保障和就业支出", 2457, 315.14, 2141.86])
    sheet.append(["208", "01", None, "人力资源和社会保障管理事务", 283.88, 283.88, None])
    sheet.append(["208", "01", "09", "社会保险经办机构", 282.9, 282.9, None])
    sheet.append([None, "05", None, "行政事业单位养老支出", 1231.26, 31.26, 1200])
    sheet.append([None, None, "08", "对机关事业单位职业年金的补助", 1200, None, 1200])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx"))
    assert imported.problems == ()
    table = load(imported).tables[0]
    assert [leaf.label for leaf in table.leaves()][:2] == ["科目编码", "科目名称"]
    keys = {f[1] for f in facts(table)}
    assert keys == {"total", "function:208", "function:20801", "function:2080109", "function:20805",
                    "function:2080508"}
    assert ("general_expenditure", "function:2080109", "total", Decimal("282.90")) in facts(table)
    assert "分印在类、款、项栏" in imported.text
    assert accounted(path, imported) == []


@pytest.mark.parametrize("style", ["{code} {name}", "[{code}]{name}"])
def test_code_and_name_in_one_cell(tmp_path: Path, style: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _head(sheet, "一般公共预算基本支出表", None, "单位：万元", 4)
    sheet.append(["科目编码及名称", "合计", "人员经费", "公用经费"])
    sheet.append(["合计", 353.7, 294.15, 59.55])
    for code, name, a, b, c in [("301", "工资福利支出", 294.15, 294.15, None),
                                ("30101", "基本工资", 100.41, 100.41, None),
                                ("302", "商品和服务支出", 55.95, None, 55.95), ("30201", "办公费", 8.39, None, 8.39)]:
        sheet.append([style.format(code=code, name=name), a, b, c])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    assert imported.problems == ()
    table = load(imported).tables[0]
    assert [(leaf.label, leaf.role.value) for leaf in table.leaves()][:2] == [("科目编码", "code"),
                                                                               ("科目编码及名称", "name")]
    assert ("general_basic", "economic:30201", "public", Decimal("8.39")) in facts(table)
    assert table.rows[2].cells[1].text == "基本工资"
    assert accounted(path, imported) == []


def test_names_indented_instead_of_coded(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表10"
    _head(sheet, "支出预算总表", None, None, 3)
    sheet.append(["科目名称", "合计", "结转下年"])
    sheet.append(["合计", 2495.56, None])
    sheet.append(["社会保障和就业支出", 2457, None])
    sheet.append(["\u3000人力资源和社会保障管理事务", 283.88, None])
    sheet.append(["\u3000\u3000社会保险经办机构", 282.9, None])
    sheet.append(["\u3000\u3000其他支出", 1, None])  # a name many subjects bear: reported, not guessed
    sheet.append(["卫生健康支出", 15.09, None])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    table = load(imported).tables[0]
    assert [r.subject.code if r.subject else None for r in table.rows] == [
        None, "208", "20801", "2080109", None, "210"]
    assert codes(imported) == {"表10!A7": {"IMP008"}}
    assert "表10!A7: warning[IMP008]" in "\n".join(p.as_text() for p in imported.problems)
    assert accounted(path, imported) == []


def test_amounts_as_numbers_text_blank_zero_and_dash(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表3"
    _head(sheet, "部门支出总表", None, "单位：万元", 5)
    sheet.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    sheet.append([None, "合计", "2,495.56", "353.70", "2,141.86"])
    sheet.append(["2080109", "社会保险经办机构", 282.9, 0, "-"])
    sheet.append(["2080199", "其他人力资源和社会保障管理事务支出", "0.98", "待定", None])
    sheet["C5"].number_format = "#,##0.00"
    sheet["D5"].number_format = "#,##0.00"
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    assert codes(imported) == {"表3!E5": {"IMP010"}, "表3!D6": {"IMP004"}}
    rows = load(imported).tables[0].rows
    assert [c.text for c in rows[0].cells][2:] == ["2,495.56", "353.70", "2,141.86"]  # text kept as printed
    assert [c.text for c in rows[1].cells][2:] == ["282.90", "0.00", None]  # 0 is not blank; - is blank
    assert rows[2].cells[3].text == "待定"  # nothing dropped: the text stays, reported as an error
    assert accounted(path, imported) == []


def test_yuan_tables_keep_their_unit_or_convert_exactly(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _head(sheet, "部门支出总表", None, "单位：元", 5)
    sheet.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    sheet.append(["2080109", "社会保险经办机构", "4,252,000", 4252000, 1234.5])
    sheet.append(["2080199", "其他人力资源和社会保障管理事务支出", 98765.43, None, 98765.43])
    path = save(book, tmp_path)
    kept = load(import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))).tables[0]
    assert kept.unit.value == "元" and kept.unit_label == "单位：元"
    assert kept.rows[0].cells[2].text == "4,252,000"
    converted_import = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023, to_wan_yuan=True))
    converted = load(converted_import).tables[0]
    assert converted.unit.value == "万元" and "精确折算为万元" in converted_import.text
    assert [c.text for c in converted.rows[0].cells][2:] == ["425.20", "425.20", "0.12345"]
    assert converted.rows[1].cells[2].amount is not None
    assert converted.rows[1].cells[2].amount.value == Decimal("9.876543")
    assert {p.code for p in converted_import.problems} == {"IMP016"}


def test_formula_without_saved_result_unknown_sheet_and_unknown_title(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表3"
    _head(sheet, "部门支出总表", None, "单位：万元", 5)
    sheet.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    sheet.append(["2080109", "社会保险经办机构", "=D3+E3", 282.9, None])
    sheet.append(["2080199", "其他人力资源和社会保障管理事务支出", 0.98, 0.98, None, 7])  # F4: no header above
    notes = book.create_sheet("封面")
    notes.append(["寻乌县社会保险服务中心"])
    notes.append(["2023年部门预算"])
    odd = book.create_sheet("附表")
    _head(odd, "人员情况统计表", None, None, 2)
    odd.append(["项目名称", "金额"])
    odd.append(["在职人员经费", 12.5])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    found = codes(imported)
    assert found["表3!C4"] == {"IMP005"}
    assert found["表3!F5"] == {"IMP006"}
    assert found["封面!A1"] == {"IMP002"}
    assert found["附表!A1"] == {"IMP003"}
    assert len(load(imported).tables) == 2
    assert accounted(path, imported) == []


def test_header_without_merged_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _head(sheet, "部门收入总表", "[202002]寻乌县社会保险服务中心", "单位：万元", 8)
    sheet.append(["功能科目编码", "功能科目名称", "合计", "上年结转", "财政拨款", None, None, "事业收入"])
    sheet.append([None, None, None, None, "小计", "一般公共预算拨款收入", "政府性基金预算拨款收入", None])
    sheet.append(["2080109", "社会保险经办机构", 282.9, None, 282.9, 282.9, None, None])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    assert imported.problems == ()
    table = load(imported).tables[0]
    assert [c.label for c in table.columns] == ["功能科目编码", "功能科目名称", "合计", "上年结转", "财政拨款",
                                                "事业收入"]
    assert ("income", "function:2080109", "general", Decimal("282.90")) in facts(table)
    assert ("income", "function:2080109", "fiscal", Decimal("282.90")) in facts(table)


def test_summary_table_printed_without_income_and_expenditure_groups(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _head(sheet, "部门收支总表", None, "单位：万元", 4)
    sheet.append(["项目", "预算数", "项目", "预算数"])
    sheet.append(["一、财政拨款收入", 2495.56, "社会保障和就业支出", 2457])
    sheet.append(["本年收入合计", 2495.56, "本年支出合计", 2495.56])
    path = save(book, tmp_path)
    imported = import_workbook(path, Options(unit="xunwu-sbfwzx", year=2023))
    assert imported.problems == ()
    found = facts(load(imported).tables[0])
    assert ("summary", "line:fiscal_income", "budget", Decimal("2495.56")) in found
    assert ("summary", "function:208", "budget", Decimal("2457.00")) in found
    assert ("summary", "line:expenditure_total", "budget", Decimal("2495.56")) in found


def test_float_rule() -> None:
    assert read_amount(282.9, 2, 0).text == "282.90"  # type: ignore[union-attr]
    assert read_amount(282.9, None, 2).text == "282.90"  # type: ignore[union-attr]
    assert read_amount(282.9, None, 0).text == "282.9"  # type: ignore[union-attr]
    assert read_amount(282.904, 2, 2).rounded_from == "282.904"  # type: ignore[union-attr]
    noisy = read_amount(0.1 + 0.2, None, 2)
    assert noisy is not None and noisy.text == "0.300000" and noisy.rounded_from is not None
    assert read_amount(2495, None, 2).text == "2495.00"  # type: ignore[union-attr]
    assert read_amount("", None, 2).text is None  # type: ignore[union-attr]
    assert read_amount("２４９５．５６", None, 2) is None  # full-width digits are not silently read
    assert text_of(1e20) == "100000000000000000000"


# -- 3. the command line ------------------------------------------------------------------------------------------


def test_cli_end_to_end_output_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(CONTENT, ROOT, render=False, jobs=1, cache=None)
    extract = next(e for e in result.extracts if e.identity.unit.id == "xunwu-sbfwzx")
    filing, _ = load_filing_file(ROOT / extract.identity.file, ROOT)
    assert filing is not None
    region = next(r for r in result.regions if r.slug == "xunwu")
    book = tmp_path / "xunwu.xlsx"
    book.write_bytes(workbook(filing, extract, region))
    content = tmp_path / "project" / "content"
    (content / "xunwu").mkdir(parents=True)
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    shutil.copy(CONTENT / "xunwu" / "region.yaml", content / "xunwu" / "region.yaml")
    out = content / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
    assert main(["import-xlsx", str(book), "--unit", "xunwu-sbfwzx", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "导入 11 张表、127 行" in err and "0 个错误" in err
    assert main(["check", "--project", str(tmp_path / "project"), "--no-cache", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {f["code"] for f in report["findings"]} == {"CMP002"}  # only the narrative and forms not yet written
    assert report["totals"]["errors"] == 0


def test_cli_exit_codes_and_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-xlsx", str(tmp_path / "none.xlsx")]) == 2
    assert "找不到工作簿" in capsys.readouterr().err
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import-xlsx", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx: error[IMP001]" in err and "Traceback" not in err
    csv = tmp_path / "table.xlsx"
    csv.write_text("科目编码,合计\n", encoding="utf-8")
    assert main(["import-xlsx", str(csv)]) == 1
    assert "不是 .xlsx 工作簿" in capsys.readouterr().err
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表3"
    _head(sheet, "部门支出总表", None, "单位：万元", 3)
    sheet.append(["科目编码", "科目名称", "合计"])
    sheet.append(["2080109", "社会保险经办机构", "约三百"])
    path = save(book, tmp_path)
    assert main(["import-xlsx", str(path), "--year", "2023"]) == 1
    captured = capsys.readouterr()
    assert "表3!C4: error[IMP004]" in captured.err and "IMP014" in captured.err
    assert "unit: todo-unit" in captured.out and "约三百" in captured.out
    assert main(["import-xlsx", str(path), "--year", "2023", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().err)
    assert {p["cell"] for p in report["problems"] if p["code"] == "IMP004"} == {"表3!C4"}


def test_guide_lists_every_import_code_with_title_and_hint() -> None:
    guide = (ROOT / "content" / "pages" / "guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("{#import-xlsx}"):guide.index("{#writing}")]
    rows = re.findall(r"^\| `(IMP\d{3})` \| (\S+) \| (.+?) \| (.+?) \|$", section, re.M)
    assert [r[0] for r in rows] == list(RULES), "the guide lists the importer's codes, in order"
    for code, severity, title, hint in rows:
        assert (severity, title, hint) == (RULES[code].severity.word, RULES[code].title, RULES[code].hint), code
