"""Open data (数据下载): each table as CSV, each filing's facts, forms and indicators as tidy CSV, and the columns of
those tidy tables (which the site-wide tables and ``datapackage.json`` share).

CSV files are UTF-8 with a byte order mark, so that Excel on Windows opens Chinese correctly; every value is
written as text exactly as the table prints it: codes in full (``20801``, never ``01``, never a number), amounts
with their printed decimals and without thousands separators (``2495.56``), a blank cell blank and a 0 as 0."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.model.codes import CodeScheme
from generator.model.extract import Extract, Fact
from generator.model.filing import Filing
from generator.model.indicators import IndicatorValue
from generator.model.money import MoneyUnit
from generator.model.org import Region
from generator.model.tables import BudgetTable, Cell, Column, ColumnRole
from generator.personal import mask as mask_numbers
from generator.reference import official_name
from generator.render import urls

BOM = "\ufeff"
_YUAN = {MoneyUnit.WAN_YUAN: 10000, MoneyUnit.YUAN: 1}


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a tidy table: its name, its Chinese title and description, and its Table Schema type."""

    name: str
    title: str
    description: str
    type: str = "string"


FACT_FIELDS: tuple[Field, ...] = (
    Field("region", "地区标识", "地区的标识（网址中的名称），如 xunwu"),
    Field("region_name", "地区", "地区名称，如 寻乌县"),
    Field("region_code", "行政区划代码", "6 位行政区划代码"),
    Field("department", "主管部门", "单位所属的主管部门名称；没有时为空"),
    Field("unit", "单位标识", "预算单位的标识，如 xunwu-sbfwzx"),
    Field("unit_name", "单位", "预算单位名称"),
    Field("year", "年度", "预算年度", "integer"),
    Field("kind", "公开类别", "budget 部门预算，final 部门决算"),
    Field("table", "表标识", "表的标识（如 expenditure）或绩效目标表的标识"),
    Field("table_title", "表名", "表名或绩效目标表的项目名称，照原文"),
    Field("row", "行键", "这一行代表什么：function:2080109、economic:30101、total、line:income_total 等"),
    Field("code", "科目编码", "科目行的完整编码（文字），其他行为空"),
    Field("scheme", "编码体系", "function 支出功能分类，economic 支出经济分类，department 部门编码"),
    Field("official_name", "科目名称", "《政府收支分类科目》中的名称；本站未收录的编码为空"),
    Field("printed_name", "表中印作", "表中印出的行名称"),
    Field("measure", "栏目含义", "栏目的含义（如 total 合计、basic 基本支出），见数据格式页的取值表"),
    Field("measure_title", "栏目", "栏目含义的中文名称"),
    Field("printed", "原文", "表中印出的金额原文"),
    Field("money_unit", "金额单位", "表中金额的单位：万元 或 元"),
    Field("value", "金额", "以表的金额单位计的金额，保留印出的小数位", "number"),
    Field("yuan", "金额（元）", "折算为元的精确金额", "number"),
    Field("file", "内容文件", "转录所在的内容文件"),
    Field("line", "行号", "金额在内容文件中的行号", "integer"),
    Field("column", "列号", "金额在内容文件中的列号", "integer"),
)
"""the tidy table of every fact (one row per printed amount)"""

INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("region", "地区标识", "地区的标识"),
    Field("unit", "单位标识", "预算单位的标识"),
    Field("unit_name", "单位", "预算单位名称"),
    Field("year", "年度", "预算年度", "integer"),
    Field("kind", "公开类别", "budget 部门预算，final 部门决算"),
    Field("form", "绩效目标表标识", "绩效目标表的标识（如 p01）"),
    Field("project", "项目名称", "项目名称，照原文；部门整体绩效目标表为空"),
    Field("horizon", "目标期", "annual 年度，long_term 长期"),
    Field("level1", "一级指标", "一级指标，照原文"),
    Field("level2", "二级指标", "二级指标，照原文"),
    Field("name", "三级指标", "三级指标（指标内容），照原文"),
    Field("value", "指标值", "指标值，照原文"),
    Field("number", "数值", "指标值中的数字；没有时为空", "number"),
    Field("value_unit", "计量单位", "指标值的计量单位，照原文"),
    Field("operator", "比较", "指标值前的比较符号（≥、≤ 等）"),
    Field("file", "内容文件", "转录所在的内容文件"),
    Field("line", "行号", "指标在内容文件中的行号", "integer"),
)
"""the tidy table of every performance indicator"""

FORM_FIELDS: tuple[Field, ...] = (
    Field("region", "地区标识", "地区的标识"),
    Field("unit", "单位标识", "预算单位的标识"),
    Field("unit_name", "单位", "预算单位名称"),
    Field("year", "年度", "预算年度", "integer"),
    Field("kind", "公开类别", "budget 部门预算，final 部门决算"),
    Field("form", "绩效目标表标识", "绩效目标表的标识（如 p01）"),
    Field("layout", "表样", "绩效目标表的表样（如 jx2023）"),
    Field("title", "表名", "表名，照原文"),
    Field("project", "项目名称", "项目名称，照原文"),
    Field("parent_project", "一级项目", "对应的一级项目名称，照原文"),
    Field("supervisor", "主管部门", "主管部门（及代码），照原文"),
    Field("implementer", "实施单位", "实施单位（项目单位），照原文"),
    Field("period", "起止时间", "项目起止时间，照原文"),
    Field("money_unit", "金额单位", "表中资金的单位"),
    Field("annual", "年度资金总额", "年度资金总额，以表的金额单位计", "number"),
    Field("fiscal", "财政拨款", "其中财政拨款", "number"),
    Field("other", "其他资金", "其中其他资金", "number"),
    Field("annual_goal", "年度目标", "年度绩效目标，照原文（几条以换行分开）"),
    Field("file", "内容文件", "转录所在的内容文件"),
    Field("line", "行号", "绩效目标表在内容文件中的行号", "integer"),
)
"""the tidy table of a filing's project forms (项目支出绩效目标表), one row each"""


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV as Excel reads it: a byte order mark, CRLF line ends, every value quoted as needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + out.getvalue()


def csv_rows(rows: Iterable[Sequence[object]]) -> str:
    """Rows without header or byte order mark (to be appended to a table begun by ``csv_text``)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


# -- one table, as printed ---------------------------------------------------------------------------------


def label_paths(columns: Sequence[Column], above: str = "") -> list[str]:
    """Each leaf column's printed labels from the top group down (``财政拨款/一般公共预算拨款收入``)."""
    paths: list[str] = []
    for column in columns:
        label = " ".join(column.label.split())
        path = f"{above}/{label}" if above else label
        paths += label_paths(column.children, path) if column.children else [path]
    return paths


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Header labels made unique: a repeated label path gets `` (2)``, `` (3)`` … (a Table Schema's field names
    must differ, and so must a CSV header's labels); a suffix never takes a label printed elsewhere."""
    printed = set(labels)
    seen: set[str] = set()
    out = []
    for label in labels:
        name, number = label, 1
        while name in seen or (name != label and name in printed):
            number += 1
            name = f"{label} ({number})"
        seen.add(name)
        out.append(name)
    return out


def cell_text(cell: Cell, role: ColumnRole) -> str:
    """A cell as the CSV writes it: a code in full, an amount with its printed decimals and no separators."""
    if cell.code is not None:
        return cell.code.code
    if cell.amount is not None:
        return f"{cell.amount.value:f}"
    return cell.text if cell.text and cell.text.strip() else ""  # a blank cell stays blank


def table_csv(table: BudgetTable, mask: bool = False) -> str:
    """One table as printed: a header row of label paths, then its rows in printed order; with ``mask``, personal
    numbers in its texts (never in its codes or amounts) masked as on the pages."""
    leaves = table.leaves()
    rows = ([_text(cell_text(cell, column.role), mask and cell.code is None and cell.amount is None)
             for cell, column in zip(row.cells, leaves, strict=True)]
            for row in table.rows if len(row.cells) == len(leaves))
    return csv_text(unique_labels(label_paths(table.columns)), rows)


def _text(text: str, mask: bool) -> str:
    return mask_numbers(text) if mask and text else text


def published(fields: Sequence[Field], rows: list[list[object]], mask: bool) -> list[list[object]]:
    """Rows as published: with ``mask``, personal numbers (手机号码, 身份证号码) in the text columns masked as on the
    pages; numbers, codes and positions are never touched."""
    if not mask:
        return rows
    texts = [i for i, f in enumerate(fields) if f.type == "string" and f.name not in _NOT_TEXT]
    for row in rows:
        for i in texts:
            value = row[i]
            if isinstance(value, str):
                row[i] = mask_numbers(value)
    return rows


_NOT_TEXT = frozenset({"row", "code", "scheme", "printed", "measure", "kind", "money_unit", "operator", "value_unit",
                       "file", "region", "region_code", "unit", "table", "form", "layout"})
"""string columns that hold codes, keys, printed amounts or paths, never a personal number"""


# -- tidy tables --------------------------------------------------------------------------------------------


def fact_rows(extract: Extract, region: Region | None) -> list[list[object]]:
    """The filing's facts as rows of ``FACT_FIELDS``."""
    i = extract.identity
    tables = {t.id: t.title for t in extract.tables}
    forms = {f.id: f.name or f.title for f in extract.forms}
    head = [i.region.id if i.region else "", i.region.name if i.region else "",
            region.code if region is not None else "", i.department.name if i.department else "", i.unit.id,
            i.unit.name, i.year, i.kind.value]
    rows = []
    for fact in extract.facts:
        rows.append([*head, fact.table, tables.get(fact.table) or forms.get(fact.table, ""), str(fact.row),
                     *_subject(fact), fact.name or "", fact.measure.value, fact.measure.title, fact.text,
                     fact.unit.value, f"{fact.value:f}", f"{fact.value * _YUAN[fact.unit]:f}", fact.span.file,
                     fact.span.line, fact.span.column])
    return rows


def _subject(fact: Fact) -> tuple[str, str, str]:
    code = fact.row.code
    if code is None:
        return "", "", ""
    official = official_name(code) if code.scheme is not CodeScheme.DEPARTMENT else None
    return code.code, code.scheme.value, official or ""


def indicator_rows(extract: Extract) -> list[list[object]]:
    """The filing's indicators as rows of ``INDICATOR_FIELDS``."""
    i = extract.identity
    head = [i.region.id if i.region else "", i.unit.id, i.unit.name, i.year, i.kind.value]
    return [[*head, x.form, x.project or "", x.horizon.value, x.level1, x.level2, x.name or "", *_value(x.value),
             x.span.file, x.span.line] for x in extract.indicators]


def form_rows(filing: Filing, extract: Extract) -> list[list[object]]:
    """The filing's project forms as rows of ``FORM_FIELDS``."""
    i = extract.identity
    head = [i.region.id if i.region else "", i.unit.id, i.unit.name, i.year, i.kind.value]
    rows: list[list[object]] = []
    for form in filing.project_forms:
        funding = form.funding
        amounts = [f"{a.value:f}" if a is not None else "" for a in (
            (funding.annual, funding.fiscal, funding.other) if funding is not None else (None, None, None))]
        goals = "\n".join(g for g in (form.goals.annual if form.goals is not None else ()) if g)
        rows.append([*head, form.id, form.layout.value, form.title, form.name or "", form.parent_project or "",
                     form.supervisor or "", form.implementer or "", form.period or "",
                     funding.unit.value if funding is not None else "", *amounts, goals, form.span.file,
                     form.span.line])
    return rows


def _value(value: IndicatorValue | None) -> tuple[str, str, str, str]:
    if value is None:
        return "", "", "", ""
    number = f"{value.number:f}" if value.number is not None else ""
    return value.raw, number, value.unit or "", value.op or ""


# -- a filing's downloads -----------------------------------------------------------------------------------


def table_file(region: Region, filing: Filing | Extract, table_anchor: str) -> str:
    return f"{urls.filing_dir(region, filing)}/data/tables/{table_anchor}.csv"


def facts_file(region: Region, filing: Filing | Extract) -> str:
    return f"{urls.filing_dir(region, filing)}/data/facts.csv"


def indicators_file(region: Region, filing: Filing | Extract) -> str:
    return f"{urls.filing_dir(region, filing)}/data/indicators.csv"


def package_file(region: Region, filing: Filing | Extract) -> str:
    """The filing's own data package (its CSVs described), beside them."""
    return f"{urls.filing_dir(region, filing)}/data/datapackage.json"


def forms_file(region: Region, filing: Filing | Extract) -> str:
    return f"{urls.filing_dir(region, filing)}/data/forms.csv"


def workbook_file(region: Region, filing: Filing | Extract) -> str:
    return f"{urls.filing_dir(region, filing)}/{filing.unit}-{filing.fiscal_year}-{filing.kind.value}.xlsx"
