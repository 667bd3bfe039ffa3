"""读取工作簿: each worksheet's values (python-calamine), its merged ranges, and what calamine does not say: which
cells hold a formula without a saved result, and how many decimals each number cell's format prints (read from
the workbook's XML parts)."""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

Value = str | int | float | bool | datetime.date | datetime.time | datetime.timedelta
"""a cell as calamine gives it ('' when empty)"""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_BUILTIN_DECIMALS = {1: 0, 2: 2, 3: 0, 4: 2, 9: 0, 10: 2, 11: 2, 37: 0, 38: 0, 39: 2, 40: 2}
"""Excel's built-in number formats by id: how many decimals each prints"""
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


class WorkbookError(Exception):
    """The file is not a workbook the importer can read (its message is for the clerk, in Chinese)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """一张工作表: values by 0-based row and column, as the workbook lays them out."""

    index: int
    name: str
    rows: tuple[tuple[Value, ...], ...]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    """merged ranges: first row, first column, last row, last column"""
    unsaved_formulas: frozenset[tuple[int, int]] = frozenset()
    """cells holding a formula whose result was never saved"""
    decimals: dict[tuple[int, int], int] = field(default_factory=dict)
    """decimals the number format of each number cell prints (absent: General, or not known)"""

    def value(self, row: int, column: int) -> Value:
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def merge_at(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        for merge in self.merged:
            if merge[0] <= row <= merge[2] and merge[1] <= column <= merge[3]:
                return merge
        return None


def read_workbook(path: Path) -> list[Sheet]:
    """Every worksheet of the workbook at ``path``, in workbook order; WorkbookError when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4)
    except OSError as exc:
        raise WorkbookError(f"无法打开文件 {path}：{exc.strerror or exc}") from exc
    if head[:2] != b"PK":
        raise WorkbookError(f"{path.name} 不是 .xlsx 工作簿（不是 zip 格式；.xls、.csv、.et 请先另存为 .xlsx）")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata
                 if m.typ is python_calamine.SheetTypeEnum.WorkSheet]
        grids = []
        for name in names:
            sheet = book.get_sheet_by_name(name)
            grids.append((name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []))
        book.close()
    except Exception as exc:  # calamine raises its own errors and sometimes plain ones for broken parts
        raise WorkbookError(f"{path.name} 无法作为 .xlsx 工作簿读取（文件已损坏、加密或不是 Excel 工作簿）") from exc
    extras = _extras(path, names)
    sheets = []
    for index, (name, grid, merged) in enumerate(grids):
        formulas, decimals = extras.get(name, (frozenset(), {}))
        sheets.append(Sheet(index, name, tuple(tuple(row) for row in grid),
                            tuple((a[0], a[1], b[0], b[1]) for a, b in merged), formulas, decimals))
    return sheets


def _extras(path: Path, names: list[str]) -> dict[str, tuple[frozenset[tuple[int, int]], dict[tuple[int, int], int]]]:
    """Formulas without a saved result and printed decimals, per sheet name. A part that cannot be read leaves
    those sheets without this knowledge (the values still come from calamine)."""
    found: dict[str, tuple[frozenset[tuple[int, int]], dict[tuple[int, int], int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            styles = _style_decimals(archive)
            for name in names:
                part = parts.get(name)
                if part is not None:
                    found[name] = _scan_sheet(archive, part, styles)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, ValueError):
        return found
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL))
        if target:
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


def _style_decimals(archive: zipfile.ZipFile) -> list[int | None]:
    """For each cell style (``s`` attribute), the decimals its number format prints (None: General or text)."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    result: list[int | None] = []
    xfs = root.find(f"{_MAIN}cellXfs")
    for xf in (xfs if xfs is not None else []):
        ident = int(xf.get("numFmtId", "0"))
        result.append(_format_decimals(custom[ident]) if ident in custom else _BUILTIN_DECIMALS.get(ident))
    return result


def format_decimals(code: str) -> int | None:
    """Decimals a number format code prints: ``#,##0.00`` -> 2, ``#,##0"万元"`` -> 0, ``General`` -> None."""
    return _format_decimals(code)


def _format_decimals(code: str) -> int | None:
    first = _QUOTED.sub("", code.split(";")[0])
    if "0" not in first and "#" not in first:
        return None
    point = first.find(".")
    if point < 0:
        return 0
    return len(re.match(r"[0#?]*", first[point + 1:])[0])  # type: ignore[index]


def _scan_sheet(archive: zipfile.ZipFile, part: str, styles: list[int | None]
                ) -> tuple[frozenset[tuple[int, int]], dict[tuple[int, int], int]]:
    formulas: set[tuple[int, int]] = set()
    decimals: dict[tuple[int, int], int] = {}
    with archive.open(part) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag != f"{_MAIN}c":
                continue
            where = _position(element.get("r", ""))
            if where is not None:
                value = element.find(f"{_MAIN}v")
                if element.find(f"{_MAIN}f") is not None and (value is None or not (value.text or "").strip()):
                    formulas.add(where)
                style = int(element.get("s", "0"))
                if style < len(styles) and styles[style] is not None:
                    decimals[where] = styles[style]  # type: ignore[assignment]
            element.clear()
    return frozenset(formulas), decimals


def _position(ref: str) -> tuple[int, int] | None:
    match = _REF.match(ref)
    if match is None:
        return None
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1
