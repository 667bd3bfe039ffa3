"""找表: where each table sits on a sheet, recognised by meaning, not position: a title row (a known 表名, or
any short line ending in 表), the 填报单位/单位名称 and 单位 lines, one or more header rows (words that name
columns), an optional column-numbering row, the body, and 注 rows. Several tables may be stacked on one sheet;
a sheet without a title row takes its name as the title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.cells import is_blank, split_code, text_of
from generator.importer.sheets import Sheet, Value
from generator.model.money import parse_amount_text
from generator.reference import measure_of, normalise
from generator.reference.titles import kind_of_title

_UNIT_LINE = re.compile(r"(?:^|\s)(?:金额)?单位\s*[:：]\s*(万元|元)")
_FILLER = re.compile(r"填报单位|单位名称|编制单位|预算单位|部门名称[:：]|^\s*[\[【]\d+[\]】]")
_NOTE = re.compile(r"^\s*(?:注|备注|说明)\s*[:：]|^\s*注\s*\d?\s*[、.:：]")
_NUMBERING_TOKEN = re.compile(r"^(?:\*+|栏次|[甲乙丙丁戊己庚]|\d{1,2})$")
_HEADER_WORDS = ("编码", "代码", "名称", "科目", "项目", "栏次", "收入", "支出", "预算", "经费", "合计", "金额", "部门",
                 "单位", "资金", "拨款", "结转", "结余", "小计", "总计", "费")
_FOOTER = re.compile(r"(?:负责人|制表人|审核人|填报人|制表日期|填报日期|联系电话)\s*[:：]")
_EMPTY_TABLE = re.compile(r"^[（(]?空表[）)]?$|^无数据$|^本表无数据")
_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_SHEET_NUMBER = re.compile(r"^\s*(?:表|附表)?\s*\d+(?:[-－]\d+)?\s*[、.．:：]?\s*")


@dataclass(slots=True)
class Block:
    """A table as found on a sheet: the rows that are its parts (0-based indices)."""

    sheet: Sheet
    title: str
    title_at: tuple[int, int] | None
    filler: str | None = None
    unit_label: str | None = None
    header: list[int] = field(default_factory=list)
    numbering: int | None = None
    body: list[int] = field(default_factory=list)
    empty: bool = False
    notes: list[str] = field(default_factory=list)
    loose: list[tuple[int, int]] = field(default_factory=list)
    """cells near the table that belong to none of its parts"""


def texts(sheet: Sheet, row: int) -> list[tuple[int, str]]:
    """The row's non-empty cells as text, each merged range once."""
    found = []
    for column, value in enumerate(sheet.rows[row]):
        if is_blank(value):
            continue
        found.append((column, text_of(value).strip()))
    return found


def _numeric(value: Value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and parse_amount_text(value.strip()) is not None and not value.strip().isdigit()


def has_numbers(sheet: Sheet, row: int) -> bool:
    return any(_numeric(v) for v in sheet.rows[row] if not is_blank(v))


def has_data(sheet: Sheet, row: int) -> bool:
    """A body row: it holds an amount, a code, a code with a name, or says the table is empty."""
    for value in sheet.rows[row]:
        if is_blank(value):
            continue
        if _numeric(value) or split_code(value) is not None:
            return True
        if isinstance(value, str) and ((value.strip().isdigit() and len(value.strip()) >= 3)
                                       or _EMPTY_TABLE.match(value.strip())):
            return True
    return False


def is_title(cells: list[tuple[int, str]]) -> bool:
    distinct = {text for _, text in cells}
    if len(distinct) != 1:
        return False
    text = next(iter(distinct))
    if kind_of_title(text) is not None and len(text) <= 60:
        return True
    return normalise(text).endswith("表") and 2 < len(text) <= 40 and not _UNIT_LINE.search(text)


def is_note(cells: list[tuple[int, str]]) -> bool:
    return len(cells) == 1 and bool(_NOTE.match(cells[0][1]))


def is_unit_line(cells: list[tuple[int, str]]) -> bool:
    return 0 < len(cells) <= 3 and any(_UNIT_LINE.search(t) or _FILLER.search(t) for _, t in cells)


def is_numbering(cells: list[tuple[int, str]]) -> bool:
    return len(cells) >= 2 and all(_NUMBERING_TOKEN.match(t) for _, t in cells) and any(
        t.isdigit() for _, t in cells)


def header_word(text: str, year: int | None) -> bool:
    """Whether a text names a column (as header rows print them)."""
    plain = normalise(text, year)
    if not plain or _LEADING_NUMBER.match("".join(text.split())):
        return False
    if plain in ("类", "款", "项", "收入", "支出") or measure_of([text], year) is not None:
        return True
    return any(word in plain for word in _HEADER_WORDS) and len(plain) <= 30


def sheet_title(name: str) -> str:
    """A sheet's name as a table title: ``表3 部门支出总表`` -> ``部门支出总表``."""
    return _SHEET_NUMBER.sub("", name).strip() or name


def find_blocks(sheet: Sheet, year: int | None) -> tuple[list[Block], list[tuple[int, int]]]:
    """The tables on a sheet, and the non-empty cells that belong to none."""
    blocks: list[Block] = []
    stray: list[tuple[int, int]] = []
    pending: list[str] = []
    at, count = 0, len(sheet.rows)
    while at < count:
        cells = texts(sheet, at)
        if not cells:
            at += 1
            continue
        if is_note(cells):
            pending.append(cells[0][1])
            at += 1
            continue
        block: Block | None = None
        if is_title(cells):
            block = Block(sheet, cells[0][1], (at, cells[0][0]))
            at += 1
        elif is_unit_line(cells) or (len(cells) >= 2 and not has_data(sheet, at)
                                     and all(header_word(t, year) for _, t in cells)):
            block = Block(sheet, sheet_title(sheet.name), None)
        if block is None:
            stray.extend((at, column) for column, _ in cells)
            at += 1
            continue
        block.notes.extend(pending)
        pending = []
        at = _parts(block, at, year)
        blocks.append(block)
    if pending and blocks:
        blocks[-1].notes.extend(pending)
    elif pending:
        stray.extend((r, 0) for r in range(count) if texts(sheet, r))
    return blocks, stray


def _parts(block: Block, at: int, year: int | None) -> int:
    """Fill the block from row ``at``: lines, header, numbering, body, trailing notes; returns the next row."""
    sheet, count = block.sheet, len(block.sheet.rows)
    while at < count:
        cells = texts(sheet, at)
        if not cells:
            at += 1
            continue
        if is_unit_line(cells) and not block.header and not has_numbers(sheet, at):
            _lines(block, cells)
            at += 1
            continue
        break
    while at < count and len(block.header) < 4:
        cells = texts(sheet, at)
        if cells and not has_data(sheet, at) and not is_numbering(cells) and not is_title(cells) and (
                not block.header or all(header_word(t, year) for _, t in cells)):
            block.header.append(at)
            at += 1
            continue
        break
    if at < count and is_numbering(texts(sheet, at)):
        block.numbering = at
        at += 1
    return _body(block, at)


def _lines(block: Block, cells: list[tuple[int, str]]) -> None:
    for _, text in cells:
        if _UNIT_LINE.search(text) and not _FILLER.search(text):
            block.unit_label = text
        elif _UNIT_LINE.search(text):  # 填报单位 and 单位 in one cell: keep the whole line as the filler
            block.filler = text
            block.unit_label = _UNIT_LINE.search(text)[0].strip()  # type: ignore[index]
        else:
            block.filler = text


def _body(block: Block, at: int) -> int:
    sheet, count = block.sheet, len(block.sheet.rows)
    blanks: list[int] = []
    while at < count:
        cells = texts(sheet, at)
        if not cells:
            blanks.append(at)
            at += 1
            continue
        if is_title(cells) or (is_unit_line(cells) and not has_numbers(sheet, at) and len(cells) <= 2):
            return at
        if any(_FOOTER.search(t) for _, t in cells) and not has_numbers(sheet, at):
            return at  # 单位负责人、制表人 lines end the table; they belong to none
        if is_note(cells):
            if _note_is_next(cells[0][1], block, at):
                return at
            block.notes.append(cells[0][1])
            at += 1
            continue
        if len(cells) == 1 and _EMPTY_TABLE.match(cells[0][1]):
            block.empty = True
            at += 1
            continue
        if block.notes:  # rows after the table's notes are not its body
            return at
        block.body.extend(blanks)
        blanks = []
        block.body.append(at)
        at += 1
    return at


_FUNDS = ("政府性基金", "国有资本", "三公")


def _note_is_next(note: str, block: Block, at: int) -> bool:
    """A note that speaks of the next table's fund, printed above its title, belongs to that table."""
    sheet = block.sheet
    following = next((texts(sheet, r) for r in range(at + 1, len(sheet.rows)) if texts(sheet, r)), None)
    if not following or not is_title(following):
        return False
    title = following[0][1]
    return any(word in note and word in title and word not in block.title for word in _FUNDS)
