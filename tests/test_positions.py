"""Positions of characters inside a scalar's value (generator/load/positions.py): a hand-checked table for
every style, a property over whatever PyYAML dumps, the seeds, and the fast path for plain paragraphs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from generator.load import positions
from generator.load.positions import ScalarText

from .conftest import CONTENT

LONG_PARAGRAPH = "# 注释\n" * 58 + 'k: "' + "本" * 78 + '11.34%，较上年增长。"\n'

# (document, offset in the value of its first non-key scalar, expected 1-based (line, column))
CASES: list[tuple[str, int, tuple[int, int]]] = [
    ('k: "预算 11.34% 增长"\n', 3, (1, 8)),  # double-quoted, one line: the fast path
    ("k: 收入合计 11.34%\n", 5, (1, 9)),  # plain, one line: the fast path
    ("k: 'it''s 5%'\n", 2, (1, 7)),  # '' is one quote: at the first of the two
    ("k: 'it''s 5%'\n", 5, (1, 11)),  # and everything after it moves by one
    ('k: "a\\\\b 7"\n', 1, (1, 6)),  # \\ at its first backslash
    ('k: "a\\\\b 7"\n', 4, (1, 10)),
    ('k: "say \\"hi\\""\n', 5, (1, 11)),  # \"
    ('k: "a\\nb"\n', 1, (1, 6)),  # \n
    ('k: "\\x41B"\n', 1, (1, 9)),  # \x41 is four characters
    ('k: "\\u4e00二"\n', 1, (1, 11)),  # \u4e00 six
    ('k: "\\U0001F600!"\n', 0, (1, 5)),  # \U0001F600 ten
    ('k: "\\U0001F600!"\n', 1, (1, 15)),
    ('k: "a\\/b\\ c"\n', 3, (1, 9)),  # "\ " gives a space
    ('k: "a\\tb\tc"\n', 3, (1, 9)),  # a tab written as is, after one escaped
    ('k: "ab\\\n   cd"\n', 2, (2, 4)),  # an escaped line break gives nothing; the indentation goes too
    ('k: "first\n  second"\n', 5, (1, 10)),  # the folded space is the line break
    ('k: "first\n  second"\n', 6, (2, 3)),
    ('k: "a\n\n  b"\n', 1, (2, 1)),  # an empty line folds to a newline: its own line break
    ("k: 一般公共预算\n  拨款收入\n\n  11.34%\n", 6, (1, 10)),  # plain over lines
    ("k: 一般公共预算\n  拨款收入\n\n  11.34%\n", 11, (3, 1)),
    ("k: 一般公共预算\n  拨款收入\n\n  11.34%\n", 12, (4, 3)),
    ("k: 'it''s\n  here'\n", 5, (2, 3)),  # single-quoted over lines
    ("k: |\n  第一行\n  第二行 11.34%\n", 3, (2, 6)),  # literal: a newline is its line break
    ("k: |\n  第一行\n  第二行 11.34%\n", 8, (3, 7)),
    ("k: |-\n  ab\n  cd\n", 4, (3, 4)),  # strip
    ("k: |+\n  ab\n\n\nnext: 1\n", 4, (4, 1)),  # keep: the trailing empty lines' breaks
    ("k: >\n  一二\n  三四\n", 2, (2, 5)),  # folded: the space is the line break
    ("k: >\n  a\n    b\n  c\n", 1, (2, 4)),  # around a more-indented line the newlines stay
    ("k: >\n  a\n    b\n  c\n", 2, (3, 3)),
    ("k: >\n  a\n\n  b\n", 1, (3, 1)),
    ("k: >2\n   lead\n  x\n", 1, (2, 4)),  # an indentation indicator: the extra space is content
    ("- |2-\n    x\n   y\n", 2, (2, 5)),  # in a sequence, stripped
    ("a:\n  b:\n    - >+\n        deep\n\n", 4, (4, 13)),  # nested, kept
    ('"k": |2+\n\n...\n', 0, (2, 1)),  # nothing but an empty line, kept
    ("a:\n  b:\n    - 'x 11.34%'\n", 2, (3, 10)),
    ("k: 一、\u3000基本支出\n  （１１．３４％）\n", 2, (1, 6)),  # U+3000 and full-width forms
    ("k: 一、\u3000基本支出\n  （１１．３４％）\n", 8, (2, 3)),
    ('k: "一\r\n  二"\r\n', 1, (1, 6)),  # CRLF: the fold is the \r
    ('k: "一\r\n  二"\r\n', 2, (2, 3)),
    ("k: |\r\n  x\r\n  y\r\n", 3, (3, 4)),
    ("k: |\n  a\tb\n", 1, (2, 4)),  # a tab in a literal
    ("k: |\n  a\n  b", 2, (3, 3)),  # no line break at the end of the file
    ('k: &a "x 5%"\n', 2, (1, 10)),  # PyYAML's mark is at the anchor
    ("k: !!str 11.34%\n", 1, (1, 11)),  # or at the tag
    (LONG_PARAGRAPH, 78, (59, 83)),  # where a figure inside a paragraph was printed
]

# (document, offset, expected end_position(offset))
ENDS: list[tuple[str, int, tuple[int, int]]] = [
    ('k: "预算 11.34% 增长"\n', 9, (1, 14)),  # just after the %
    ('k: "\\u4e00二"\n', 1, (1, 11)),  # just after the escape
    ('k: "first\n  second"\n', 6, (2, 1)),  # just after the folded line break
    ('k: ""\n', 0, (1, 5)),  # an empty value: where it would be
    ("k: ''\n", 0, (1, 5)),
    ("k: |\n  ab\n", 3, (3, 1)),  # after the final line break
    ("k: |-\n  ab\n", 2, (2, 5)),
    ("k: x\n", 0, (1, 4)),
]


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """Every scalar that is not a mapping key, in written order."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, item in node.value:
            yield from _scalars(item)


def _scalar_text(lines: list[str], node: yaml.ScalarNode) -> ScalarText:
    start, end = node.start_mark, node.end_mark
    return ScalarText(lines, (start.line + 1, start.column + 1), (end.line + 1, end.column + 1), node.style or "",
                      node.value)


def _first(document: str) -> ScalarText:
    return _scalar_text(document.split("\n"), next(_scalars(yaml.compose(document))))


@pytest.mark.parametrize(("document", "offset", "expected"), CASES)
def test_position(document: str, offset: int, expected: tuple[int, int]) -> None:
    assert _first(document).position(offset) == expected


@pytest.mark.parametrize(("document", "offset", "expected"), ENDS)
def test_end_position(document: str, offset: int, expected: tuple[int, int]) -> None:
    assert _first(document).end_position(offset) == expected


def test_offsets_out_of_range_are_clamped() -> None:
    text = _first('k: "a\\tb"\n')
    assert text.position(-3) == text.position(0) == (1, 5)
    assert text.position(99) == text.end_position(99) == text.end_position(3) == (1, 9)


def test_a_lone_escaped_surrogate_shown_as_u_fffd_still_maps() -> None:
    """The careful composer (nodes.py) replaces it; the escapes after it must still line up."""
    text = ScalarText(['k: "\\ud800\\tx"'], (1, 4), (1, 16), '"', "\ufffd\tx")
    assert [text.position(i) for i in range(3)] == [(1, 5), (1, 11), (1, 13)]


def test_a_value_no_scanner_rebuilds_still_gets_monotonic_positions() -> None:
    """Marks from another parser, or wrong ones: a best effort, never an exception."""
    text = ScalarText(["k: |", "  ab", "  cd"], (1, 4), (4, 1), "|", "ab cd zz")
    found = [text.position(i) for i in range(9)]
    assert found == sorted(found)
    assert found[:2] == [(2, 3), (2, 4)]


# -- the property: whatever PyYAML writes, every character maps back to what wrote it ----------------------

_ALPHABET = st.sampled_from([*"aZ09.%:#-'\"\\ \t\n", "\u3000", "一", "预", "算", "，", "（", "）", "％", "😀", "\xa0"])
# Any code point but control characters, surrogates and U+2028/9 (not st.characters(), whose Unicode tables
# hypothesis would cache in a .hypothesis directory).
_CHARS = st.integers(0x20, 0x10FFFF).filter(
    lambda code: not (0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029))).map(chr)
_WORD = st.text(st.sampled_from([*"aZ09.%'", "\u3000", "一", "预", "算", "（", "😀"]), min_size=1, max_size=6)
_PROSE = st.lists(st.tuples(_WORD, st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\n\n", " \n"])), max_size=12).map(
    lambda pairs: "".join(word + gap for word, gap in pairs).strip())  # words, as plain as PyYAML writes them
_SENTENCE = st.lists(st.text(st.sampled_from([*"aZ09.", "一", "预", "算"]), min_size=1, max_size=5), max_size=12).map(
    " ".join)  # what PyYAML writes plain, over several lines when the width is small
_VALUES = st.one_of(st.text(st.one_of(_ALPHABET, _ALPHABET, _CHARS), max_size=60), _PROSE, _SENTENCE)


def _source_char(lines: list[str], line: int, column: int) -> str:
    text = lines[line - 1].removesuffix("\r")
    return text[column - 1] if column <= len(text) else "\n"


def _unescaped(lines: list[str], line: int, column: int) -> str:
    text = lines[line - 1]
    size = 2 + {"x": 2, "u": 4, "U": 8}.get(text[column : column + 1], 0)
    result = yaml.safe_load('"' + text[column - 1 : column - 1 + size] + '"')
    assert isinstance(result, str)
    return result


def _check(lines: list[str], node: yaml.ScalarNode) -> None:
    """Each character at its own source character (or its escape's backslash, or the line break it folds),
    in order, spans that do not overlap, all inside the scalar."""
    text, value, style = _scalar_text(lines, node), node.value, node.style or ""
    start, end = (node.start_mark.line + 1, node.start_mark.column + 1), (node.end_mark.line + 1,
                                                                            node.end_mark.column + 1)
    found = [text.position(i) for i in range(len(value))]
    ends = [text.end_position(i + 1) for i in range(len(value))]
    assert text._runs is None or not text._runs.guessed, "the scanner did not rebuild the value"
    for i, (char, (line, column)) in enumerate(zip(value, found, strict=True)):
        source = _source_char(lines, line, column)
        if source == "\\" and style == '"':
            assert _unescaped(lines, line, column) == char, (i, value)
        else:
            assert source == char or (char == " " and source == "\n" and style != "|"), (i, value, source)
        assert start <= (line, column) < ends[i] <= end, (i, value)
        assert i + 1 == len(value) or ends[i] <= found[i + 1], (i, value)
    assert start <= text.end_position(len(value)) == text.position(len(value)) <= end


def _nest(value: str, path: list[str]) -> object:
    data: object = value
    for kind in reversed(path):
        data = {"键": data} if kind == "m" else ["x", data]
    return data


@pytest.mark.parametrize("style", [None, "'", '"', "|", ">"])
@settings(max_examples=300, deadline=None, database=None)  # no example database on disk
@given(value=_VALUES, width=st.sampled_from([8, 20, 1000]), unicode=st.booleans(),
       path=st.lists(st.sampled_from("ms"), min_size=1, max_size=4), indent=st.sampled_from([2, 4]))
def test_every_character_maps_back_to_its_source(style: str | None, value: str, width: int, unicode: bool,
                                                 path: list[str], indent: int) -> None:
    document = yaml.dump(_nest(value, path), default_style=style, width=width, allow_unicode=unicode,
                         indent=indent)
    leaf = list(_scalars(yaml.compose(document)))[-1]
    if leaf.value != value:  # PyYAML does not read back what it wrote (trailing spaces in a block scalar)
        event("not read back")
        return
    event(f"style {leaf.style or 'plain'}, {'one line' if leaf.start_mark.line == leaf.end_mark.line else 'lines'}")
    _check(document.split("\n"), leaf)


@pytest.mark.parametrize("path", sorted(CONTENT.rglob("*.yaml")), ids=lambda path: str(path.relative_to(CONTENT)))
def test_every_scalar_of_the_seeds_maps_back(path: Path) -> None:
    document = path.read_text(encoding="utf-8")
    lines = document.split("\n")
    for node in _scalars(yaml.compose(document)):
        _check(lines, node)


# -- the fast path --------------------------------------------------------------------------------------------


def test_a_plain_paragraph_is_looked_up_without_building_a_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most scalars are one double-quoted or plain line without escapes: a lookup is arithmetic, with no
    per-character work at all (building a map here would raise)."""
    paragraph = "2023年本部门收支总预算11.34万元，比上年增长5%。" * 200

    def no_map(*args: object) -> None:
        raise AssertionError("built a map for a paragraph written as is")

    monkeypatch.setattr(positions, "_Runs", no_map)
    for quote in ('"', "", "'"):
        source = f"    概况: {quote}{paragraph}{quote}"
        text = ScalarText([source], (1, 9), (1, 9 + len(paragraph) + 2 * len(quote)), quote, paragraph)
        first = 9 + len(quote)
        assert all(text.position(i % len(paragraph)) == (1, first + i % len(paragraph)) for i in range(100_000))
        assert text.end_position(len(paragraph)) == (1, first + len(paragraph))
        assert text._fast == first
    with pytest.raises(AssertionError, match="built a map"):  # one escape and the map is needed
        ScalarText(['概况: "a\\tb"'], (1, 5), (1, 12), '"', "a\tb").position(0)
