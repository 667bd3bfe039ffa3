"""A filing's workbook (XLSX): a 说明 sheet, one sheet per table (公开表) laid out as printed, and the facts (数据),
written with XlsxWriter. The performance indicators are the filing's ``indicators.csv``.

Every text from the content is written as a string (``write_string``), so nothing a filing prints can become a
formula, a link or a number; characters XML 1.0 forbids (and the invisible controls the site also strips) are
removed, and a text longer than Excel's cell limit is cut. Codes stay text exactly as printed (a 款 printed
``01`` stays ``01``); amounts are numbers whose number format shows exactly the printed decimals, so that the
cell reads as printed. The same filing always gives the same bytes: the workbook's only date is fixed by its
year."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import xlsxwriter

from generator.model.codes import CodeLevel, CodeScheme, SubjectCode
from generator.model.extract import Extract
from generator.model.filing import Filing
from generator.model.money import Amount
from generator.model.org import Region
from generator.model.tables import BudgetTable, Cell, CodeStyle, ColumnRole, Row, RowRole
from generator.personal import mask as mask_numbers
from generator.render.downloads import FACT_FIELDS, Field, fact_rows, published
from generator.render.html import HeaderCell, header_rows
from generator.render.publication import publication

Sheet = Any
"""an ``xlsxwriter.worksheet.Worksheet`` (XlsxWriter ships no type information)"""
Format = Any
"""an ``xlsxwriter.format.Format``"""

CELL_LIMIT = 32_767
"""Excel's limit on the characters of one cell (UTF-16 code units)"""
SHEET_NAME_LIMIT = 31
ABOUT, FACTS = "说明", "数据"
EMPTY_TABLE = "（空表）"
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
"""control characters but tab and newline (XML 1.0 forbids most), bidirectional overrides, non-characters"""
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def workbook(filing: Filing, extract: Extract, region: Region | None = None, mask: bool = False,
             facts: list[list[object]] | None = None) -> bytes:
    """The filing's workbook: 说明, one sheet per table and 数据; with ``mask``, personal numbers in its texts masked
    as on the pages. ``facts`` are the filing's fact rows as published (``downloads.published``), when the caller
    has them already (for its ``facts.csv``)."""
    if facts is None:
        facts = published(FACT_FIELDS, fact_rows(extract, region), mask)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, _OPTIONS)
    created = datetime.datetime(filing.fiscal_year, 1, 1)  # the only date: the same filing gives the same bytes
    book.set_properties({"title": _fit(Styles(None, mask).text(_title(extract)), 255), "created": created})
    styles = Styles(book, mask)
    names = sheet_names(filing.tables, mask)
    about = book.add_worksheet(ABOUT)
    for name, table in zip(names, filing.tables, strict=True):
        table_sheet(book.add_worksheet(name), table, styles)
    tidy_sheet(book.add_worksheet(FACTS), *sheet_columns(FACT_FIELDS, facts, SHEET_FACTS), styles)
    about_sheet(about, filing, extract, region, list(zip(names, filing.tables, strict=True)), styles)
    about.activate()
    book.close()
    return out.getvalue()


# -- text ------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def sheet_text(text: str) -> str:
    """Content text as a cell holds it: without forbidden characters, and within Excel's limit (the same names
    and labels recur in every row and filing: each is cleaned once)."""
    return _fit(_UNSAFE.sub("", text), CELL_LIMIT)


def _fit(text: str, limit: int) -> str:
    """At most ``limit`` UTF-16 code units (as Excel counts them); a cut text ends with ``…``."""
    if len(text) <= limit // 2 or _units(text) <= limit:
        return text
    return _cut(text, limit - 1) + "…"


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` UTF-16 code units."""
    if len(text) <= limit // 2:
        return text
    used = 0
    for end, char in enumerate(text):
        used += _units(char)
        if used > limit:
            return text[:end]
    return text


def _units(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


@lru_cache(maxsize=1 << 16)
def _width(text: str) -> int:
    """Display width: East Asian wide characters count two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _title(extract: Extract) -> str:
    i = extract.identity
    return f"{i.unit.name}{i.year}年{i.kind.title}"


def sheet_names(tables: Sequence[BudgetTable], mask: bool = False) -> list[str]:
    """``表1 收支预算总表``: unique (as Excel compares, ignoring case), at most 31 characters, none of ``[]:*?/\\``;
    with ``mask``, personal numbers in a title masked."""
    taken = {ABOUT.casefold(), FACTS.casefold(), "history"}
    names = []
    for number, table in enumerate(tables, 1):
        title = mask_numbers(table.title) if mask else table.title
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", _UNSAFE.sub("", f"表{number} {title}")).split())
        name, repeat = _sheet_name(base, ""), 1
        while name.casefold() in taken:
            repeat += 1
            name = _sheet_name(base, f"~{repeat}")
        taken.add(name.casefold())
        names.append(name)
    return names


def _sheet_name(base: str, suffix: str) -> str:
    return _cut(base, SHEET_NAME_LIMIT - len(suffix)).strip().strip("'") + suffix


# -- formats ----------------------------------------------------------------------------------------------------


class Styles:
    """The workbook's formats, each made once."""

    def __init__(self, book: Any, mask: bool = False) -> None:
        self._book = book
        self._made: dict[tuple[tuple[str, object], ...], Format] = {}
        self._body: dict[tuple[bool, str | None, int, str | None], Format] = {}
        self.mask = mask

    def text(self, text: str) -> str:
        """Content text for a cell, personal numbers masked when the site masks them."""
        return sheet_text(mask_numbers(text) if self.mask and text else text)

    def body(self, bold: bool, num_format: str | None = None, indent: int = 0, align: str | None = None) -> Format:
        """The format of a table's body cell (bordered; bold in a 合计 row), made once for each combination."""
        key = (bold, num_format, indent, align)
        made = self._body.get(key)
        if made is None:
            properties: dict[str, object] = {"bold": bold, "border": 1}
            if num_format is not None:
                properties["num_format"] = num_format
            if indent:
                properties["indent"] = indent
            if align is not None:
                properties["align"] = align
            made = self._body[key] = self.get(**properties)
        return made

    def get(self, **properties: object) -> Format:
        key = tuple(sorted(properties.items()))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._book.add_format(dict(properties))
        return made


def amount_format(amount: Amount) -> str:
    """``#,##0.00`` for ``2,495.56``, ``#,##0`` for ``74``, ``#,##0"万元"`` for ``74万元``: the printed decimals."""
    return _amount_format(_places(amount.value), amount.suffix)


@lru_cache(maxsize=256)
def _amount_format(places: int, suffix: str | None) -> str:
    return "#,##0" + ("." + "0" * places if places else "") + (f'"{suffix}"' if suffix else "")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def printed_code(table: BudgetTable, code: SubjectCode) -> str:
    """A code as the table prints it: a 功能分类 款 as its last two digits in a table that prints them so."""
    if code.level is CodeLevel.SECTION and table.code_style is CodeStyle.SUFFIX and code.scheme is CodeScheme.FUNCTION:
        return code.suffix
    return code.code


# -- one table --------------------------------------------------------------------------------------------------


def table_sheet(sheet: Sheet, table: BudgetTable, styles: Styles) -> None:
    """The table as printed: title, 填报单位 and 单位 lines, header, numbering, rows, then its 表注."""
    width = max(len(table.leaves()), 1)
    widths = [6] * width
    at = _title_row(sheet, table, width, styles)
    at = _filler_row(sheet, table, width, at, styles)
    at = _header(sheet, header_rows(table.columns), at, widths, styles)
    at = _numbering(sheet, table, at, styles)
    sheet.freeze_panes(at, 0)
    at = _body(sheet, table, at, widths, styles) if table.rows else _empty(sheet, width, at, styles)
    if table.note and table.note.strip():
        sheet.write_string(at + 1, 0, styles.text(table.note), styles.get())
    for column, chars in enumerate(widths):
        sheet.set_column(column, column, min(chars + 2, 60))
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def _title_row(sheet: Sheet, table: BudgetTable, width: int, styles: Styles) -> int:
    style = styles.get(bold=True, font_size=14, align="center", valign="vcenter")
    _merged(sheet, 0, 0, 0, width - 1, styles.text(table.title), style)
    sheet.set_row(0, 24)
    return 1


def _filler_row(sheet: Sheet, table: BudgetTable, width: int, at: int, styles: Styles) -> int:
    filler = table.filler if table.filler and table.filler.strip() else None
    unit = table.unit_label if table.unit_label and table.unit_label.strip() else None
    if filler is None and unit is None:
        return at
    if filler is not None:
        sheet.write_string(at, 0, styles.text(filler), styles.get())
    if unit is not None:
        column = width - 1 if width > 1 or filler is None else 1
        sheet.write_string(at, column, styles.text(unit), styles.get(align="right"))
    return at + 1


def header_positions(rows: list[list[HeaderCell]]) -> list[tuple[int, int, HeaderCell]]:
    """Where each header cell sits (level, first column), placed as an HTML table places them."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for level, cells in enumerate(rows):
        column = 0
        for cell in cells:
            while (level, column) in taken:
                column += 1
            placed.append((level, column, cell))
            taken.update((level + r, column + c) for r in range(cell.rowspan) for c in range(cell.colspan))
            column += cell.colspan
    return placed


def _header(sheet: Sheet, rows: list[list[HeaderCell]], at: int, widths: list[int], styles: Styles) -> int:
    style = styles.get(bold=True, align="center", valign="vcenter", text_wrap=True, border=1)
    for level, column, cell in header_positions(rows):
        text = styles.text(cell.label)
        _merged(sheet, at + level, column, at + level + cell.rowspan - 1, column + cell.colspan - 1, text, style)
        if cell.colspan == 1 and column < len(widths):
            widths[column] = max(widths[column], min(_width(text), 24))
    return at + len(rows)


def _numbering(sheet: Sheet, table: BudgetTable, at: int, styles: Styles) -> int:
    numbers = table.numbering.split() if table.numbering else []
    if not numbers:
        return at
    style = styles.get(align="center", border=1)
    for column, number in enumerate(numbers):
        sheet.write_string(at, column, sheet_text(number), style)
    return at + 1


def _empty(sheet: Sheet, width: int, at: int, styles: Styles) -> int:
    _merged(sheet, at, 0, at, width - 1, EMPTY_TABLE, styles.get(align="center", border=1))
    return at + 1


def _body(sheet: Sheet, table: BudgetTable, at: int, widths: list[int], styles: Styles) -> int:
    roles = [leaf.role for leaf in table.leaves()]
    for row in table.rows:
        depth = _depth(row)
        for column, cell in enumerate(row.cells):
            role = roles[column] if column < len(roles) else ColumnRole.TEXT
            shown = _cell(sheet, table, row, (at, column), cell, role, depth, styles)
            if column < len(widths):
                widths[column] = max(widths[column], min(_width(shown), 48))
        at += 1
    return at


def _depth(row: Row) -> int:
    code = row.code
    return code.depth if code is not None and code.scheme is not CodeScheme.DEPARTMENT else 0


def _cell(sheet: Sheet, table: BudgetTable, row: Row, where: tuple[int, int], cell: Cell, role: ColumnRole,
          depth: int, styles: Styles) -> str:
    """Write one body cell; returns the text it shows (for the column's width)."""
    bold = row.role is RowRole.TOTAL
    if cell.amount is not None:
        sheet.write_number(*where, float(cell.amount.value), styles.body(bold, amount_format(cell.amount)))
        return cell.amount.text
    if cell.code is not None:
        text = printed_code(table, cell.code)
        sheet.write_string(*where, text, styles.body(bold))
        return text
    if cell.blank:
        sheet.write_blank(*where, None, styles.body(bold))
        return ""
    text = styles.text(cell.text or "")
    indent = depth if role is ColumnRole.NAME else row.indent if role is ColumnRole.LABEL else 0
    sheet.write_string(*where, text, styles.body(bold, None, indent, "right" if role is ColumnRole.AMOUNT else "left"))
    return text


def _merged(sheet: Sheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str,
            style: Format) -> None:
    """A text across a range (XlsxWriter refuses to merge a single cell); always a string."""
    if (first_row, first_col) == (last_row, last_col):
        sheet.write_string(first_row, first_col, text, style)
    else:
        sheet.merge_range(first_row, first_col, last_row, last_col, "", style)
        sheet.write_string(first_row, first_col, text, style)


# -- tidy tables ------------------------------------------------------------------------------------------------

SHEET_FACTS = ("table_title", "code", "printed_name", "measure_title", "value", "money_unit")
"""the columns of ``downloads.FACT_FIELDS`` the 数据 sheet shows, for reading in a spreadsheet: which table, row and
column, the amount and its unit (the unit, year and region are stated once on 说明; keys, the official name, the
amount in yuan and the position in the content file are in the filing's ``facts.csv``)"""


def sheet_columns(fields: Sequence[Field], rows: Sequence[Sequence[object]], names: Sequence[str]
                  ) -> tuple[list[Field], list[list[object]]]:
    """The fields called ``names`` of a tidy table, and those columns of its rows."""
    index = {field.name: i for i, field in enumerate(fields)}
    keep = [index[name] for name in names]
    return [fields[i] for i in keep], [[row[i] for i in keep] for row in rows]


def tidy_sheet(sheet: Sheet, fields: Sequence[Field], rows: Sequence[Sequence[object]], styles: Styles) -> None:
    """A header row of the fields' Chinese titles, then the rows: numbers as numbers, every other value as text."""
    widths = [_width(f.title) for f in fields]
    head = styles.get(bold=True, border=1)
    for column, field in enumerate(fields):
        sheet.write_string(0, column, sheet_text(field.title), head)
    numeric = [field.type != "string" for field in fields]
    write_string, write_number = sheet.write_string, sheet.write_number
    for at, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            text = value if isinstance(value, str) else str(value)
            if text == "":
                continue
            if numeric[column]:
                places = len(text) - text.index(".") - 1 if "." in text else 0  # as written: digits, a point, digits
                if places:
                    write_number(at, column, float(text), styles.get(num_format="0." + "0" * places))
                else:
                    write_number(at, column, int(text))
            else:
                text = sheet_text(text)
                write_string(at, column, text)
            shown = _width(text)
            if shown > widths[column]:
                widths[column] = shown
    for column, chars in enumerate(widths):
        sheet.set_column(column, column, min(chars, 40) + 2)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(fields) - 1)


# -- 说明 -------------------------------------------------------------------------------------------------------


def about_sheet(sheet: Sheet, filing: Filing, extract: Extract, region: Region | None,
                tables: list[tuple[str, BudgetTable]], styles: Styles) -> None:
    """What the workbook holds: whose filing it is, how the figures are given, and its sheets."""
    bold = styles.get(bold=True)
    sheet.write_string(0, 0, styles.text(_title(extract)), styles.get(bold=True, font_size=14))
    at = 2
    for label, value in _identity(filing, extract, region):
        sheet.write_string(at, 0, label, bold)
        sheet.write_string(at, 1, styles.text(value))
        at += 1
    for line in _NOTES:
        at += 1
        sheet.write_string(at, 0, line)
    at += 2
    sheet.write_string(at, 0, "工作表", bold)
    sheet.write_string(at, 1, "内容", bold)
    for name, content in _sheets(tables):
        at += 1
        sheet.write_string(at, 0, name)
        sheet.write_string(at, 1, styles.text(content))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 60)


_NOTES = (
    "表中数字照原文转录：金额保留印出的小数位，科目编码照印出的样子作为文字保存（如款级编码印作“01”）。",
    "金额的单位以各表所印为准（见各表的“单位”行，如“单位：万元”）；“数据”表每行注明金额单位。",
    "空白单元格表示原表该处未印数字，不等于 0。",
    "同一下载目录中：facts.csv 是本文件的全部金额，另有行键、科目的标准名称、折算为元的金额和在内容文件中的位置；"
    "有绩效目标表的，indicators.csv 是其中的每一项指标，forms.csv 是每张项目支出绩效目标表。",
)


def _identity(filing: Filing, extract: Extract, region: Region | None) -> list[tuple[str, str]]:
    i = extract.identity
    lines = [("单位", i.unit.name)]
    if i.department is not None:
        lines.append(("主管部门", i.department.name))
    place = region.name if region is not None else i.region.name if i.region is not None else None
    if place:
        lines.append(("地区", place))
    lines += [("年度", f"{filing.fiscal_year}年"), ("公开类别", filing.kind.title)]
    if filing.title:
        lines.append(("文件标题", filing.title))
    lines += publication(filing)
    return lines


def _sheets(tables: list[tuple[str, BudgetTable]]) -> list[tuple[str, str]]:
    listed = [(name, table.title) for name, table in tables]
    listed.append((FACTS, "每个印出的金额一行：所在的表、科目编码、表中印作、栏目、金额及其单位"))
    return listed
