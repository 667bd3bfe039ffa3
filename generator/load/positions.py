"""Where each character of a YAML scalar's value was written: its line and column in the source."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_HEADER = re.compile(r"([+-]?)([1-9]?)([+-]?)")
_QUOTED = re.compile("[^'\"\\\\ \t\r\n]*")  # what a quoted scalar copies as is
_LINE = re.compile("[^\r\n]*")
_PROPERTIES = re.compile(r"(?:[&!][^ \t\r\n]*[ \t]+)+")
_SURROGATE = re.compile("[\ud800-\udfff]")  # nodes.py turns a lone escaped surrogate into U+FFFD
_WIDE = 1 << 30  # no limit on the spaces a block scalar's leading empty lines may hold


def _break(text: str, i: int) -> int:
    """The length of the line break at ``text[i]`` (CRLF is one break), 0 if there is none."""
    return 2 if text.startswith("\r\n", i) else int(text.startswith(("\n", "\r"), i))


def _skip(pattern: re.Pattern[str], text: str, i: int, stop: int) -> int:
    """Where the run from ``text[i]`` of what ``pattern`` allows ends."""
    found = pattern.match(text, i, stop)
    return found.end() if found else i


def _blank_lines(text: str, i: int) -> tuple[list[tuple[int, int]], int]:
    """Blanks and the empty lines after them: each line break (offset, length), and where text goes on."""
    found: list[tuple[int, int]] = []
    while True:
        while text.startswith((" ", "\t"), i):
            i += 1
        if not (width := _break(text, i)):
            return found, i
        found.append((i, width))
        i += width


class _Runs:
    """The value rebuilt from a flat copy of the scalar's lines: runs copied verbatim, and characters made
    one at a time (by an escape, by folding a line break), each pointing at what made it."""

    def __init__(self, text: str, begin: int, first: int, starts: list[int]) -> None:
        self.text, self.begin = text, begin  # begin: where an empty value is
        self.first, self.starts = first, starts  # the 0-based line ``text`` starts on; where each line starts
        self.pieces: list[str] = []
        self.offsets: list[int] = []  # where each run starts in the value
        self.sources: list[int] = []  # and in ``text``
        self.widths: list[int] = []  # 0: a verbatim run; n: one character made from n source characters
        self.length = 0
        self.guessed = False  # the map is _guess's best effort

    def copy(self, begin: int, end: int) -> int:
        if begin < end:
            if not self.widths or self.widths[-1] or self.sources[-1] + self.length - self.offsets[-1] != begin:
                self.put("", begin, 0)
            self.pieces.append(self.text[begin:end])
            self.length += end - begin
        return end

    def put(self, char: str, source: int, width: int) -> None:
        self.offsets.append(self.length)
        self.sources.append(source)
        self.widths.append(width)
        self.pieces.append(char)
        self.length += len(char)

    def fresh(self) -> _Runs:
        return _Runs(self.text, self.begin, self.first, self.starts)

    def fold(self, source: int, blanks: list[tuple[int, int]]) -> None:
        """A line break and the empty lines after it: one space, or a newline per empty line."""
        if not blanks:
            self.put(" ", source, _break(self.text, source))
        for at, width in blanks:
            self.put("\n", at, width)

    def gives(self, value: str) -> bool:
        built = "".join(self.pieces)
        return built == value or _SURROGATE.sub("\ufffd", built) == value

    def locate(self, offset: int, after: bool) -> tuple[int, int]:
        """Where value[offset] starts or, ``after``, ends; ``offset`` -1 is where an empty value is."""
        if offset < 0:
            flat = self.begin
        else:
            i = bisect_right(self.offsets, offset) - 1
            width = self.widths[i]
            flat = self.sources[i] + ((width if after else 0) if width else offset - self.offsets[i] + after)
        row = bisect_right(self.starts, flat) - 1
        return self.first + row + 1, flat - self.starts[row] + 1


def _quoted(runs: _Runs, i: int, double: bool) -> None:
    """PyYAML's scan_flow_scalar, from just after the opening quote."""
    text, quote = runs.text, '"' if double else "'"
    while i < len(text):
        i = runs.copy(i, _skip(_QUOTED, text, i, len(text)))
        if text.startswith("''", i) and not double:
            runs.put("'", i, 2)
            i += 2
        elif text.startswith(quote, i):
            return
        elif text.startswith("\\", i) and double:
            i = _escape(runs, i)
        elif text.startswith(("'", '"', "\\"), i):
            runs.copy(i, i + 1)
            i += 1
        else:
            blanks, j = _blank_lines(text, i)
            if blanks:
                runs.fold(blanks[0][0], blanks[1:])
            else:
                runs.copy(i, j)
            i = j


def _escape(runs: _Runs, i: int) -> int:
    """The backslash escape at ``text[i]``; where the text goes on."""
    text = runs.text
    if (char := text[i + 1 : i + 2]) in _ESCAPES:
        runs.put(_ESCAPES[char], i, 2)
        return i + 2
    if char in _HEX:
        end = i + 2 + _HEX[char]
        try:
            runs.put(chr(int(text[i + 2 : end], 16)), i, end - i)
            return end
        except ValueError:  # the parser refused this; the value will not match and _guess maps it
            pass
    if not (width := _break(text, i + 1)):
        runs.copy(i, i + 1)
        return i + 1
    blanks, i = _blank_lines(text, i + 1 + width)  # an escaped line break: nothing, then the empty lines
    for at, width in blanks:
        runs.put("\n", at, width)
    return i


def _plain(runs: _Runs, i: int, stop: int) -> None:
    """A plain scalar from ``i`` to its end mark ``stop``: lines trimmed, line breaks folded."""
    text = runs.text
    while True:
        j = _skip(_LINE, text, i, stop)
        runs.copy(i, i + len(text[i:j].rstrip(" \t")))
        if j >= stop:
            return
        blanks, i = _blank_lines(text, j + _break(text, j))
        runs.fold(j, blanks)


class _Block:
    """PyYAML's scan_block_scalar over the scalar's lines (``lines[0]`` holds the indicator)."""

    def __init__(self, lines: list[str], starts: list[int], more: bool) -> None:
        self.lines = [line.removesuffix("\r") for line in lines]
        self.starts = starts
        self.more = more  # whether the last of ``lines`` ends in a line break

    def blanks(self, k: int, indent: int) -> tuple[list[int], int, int]:
        """Lines of at most ``indent`` spaces from line ``k`` on; then the next line and its indentation."""
        found: list[int] = []
        while k < len(self.lines):
            line = self.lines[k]
            column = min(len(line) - len(line.lstrip(" ")), indent)
            if column < len(line) or (k + 1 == len(self.lines) and not self.more):
                return found, k, column
            found.append(k)
            k += 1
        return found, k, 0

    def newline(self, runs: _Runs, k: int, char: str = "\n") -> None:
        runs.put(char, self.starts[k] + len(self.lines[k]), self.starts[k + 1] - self.starts[k] - len(self.lines[k]))

    def scan(self, runs: _Runs, indent: int, auto: bool, folded: bool, chomping: bool | None) -> None:
        breaks, k, column = self.blanks(1, _WIDE if auto else indent)
        line_break = -1
        while k < len(self.lines) and column == indent < len(self.lines[k]):
            for blank in breaks:
                self.newline(runs, blank)
            line = self.lines[k]
            leading_non_space = line[column] not in " \t"
            runs.copy(self.starts[k] + column, self.starts[k] + len(line))
            line_break, breaks = k, []
            if k + 1 == len(self.lines) and not self.more:  # the end of the file, with no line break
                line_break = -1
                break
            breaks, k, column = self.blanks(k + 1, indent)
            if k >= len(self.lines) or not column == indent < len(self.lines[k]):
                break
            if not (folded and leading_non_space and self.lines[k][column] not in " \t"):
                self.newline(runs, line_break)
            elif not breaks:
                self.newline(runs, line_break, " ")
        if chomping is not False and line_break >= 0:
            self.newline(runs, line_break)
        for blank in breaks if chomping else ():
            self.newline(runs, blank)


class ScalarText:
    """Maps offsets in a scalar's value to positions in the source."""

    def __init__(self, lines: Sequence[str], start: tuple[int, int], end: tuple[int, int], style: str,
                 value: str) -> None:
        self.value = value
        self._lines = lines  # the file's text split on "\n"
        self._start, self._end = start, end  # 1-based (line, column) marks, as PyYAML's plus one
        self._style = style
        self._fast: int | None = None  # the column of value[0] when the value is written as is on its line
        self._runs: _Runs | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source of value[offset]."""
        return self._locate(offset, False)

    def end_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) just after value[offset - 1] (an exclusive end), for a span's end."""
        return self._locate(offset, True)

    def _locate(self, offset: int, after: bool) -> tuple[int, int]:
        """Offsets outside 0..len(value) are clamped: a diagnostic's position is never worth a traceback."""
        offset = min(max(offset, 0), len(self.value))
        if self._runs is None and self._fast is None:
            self._prepare()
        if self._fast is not None:
            return self._start[0], self._fast + offset
        assert self._runs is not None
        if offset and (after or offset == len(self.value)):
            return self._runs.locate(offset - 1, True)
        return self._runs.locate(offset if offset < len(self.value) else -1, False)

    def _prepare(self) -> None:
        (line, column), style, value = self._start, self._style, self.value
        if 0 < line <= len(self._lines) and (tag := _PROPERTIES.match(self._lines[line - 1], column - 1)):
            column = tag.end() + 1  # PyYAML's mark is at an anchor or tag before the scalar
        quoted = style in ("'", '"')
        if style in ("", "'", '"') and self._end[0] == line and 0 < line <= len(self._lines) and column > 0:
            first = column + quoted  # no escape and no folding: what the quotes hold is the value
            if self._end[1] == first + len(value) + quoted and self._lines[line - 1].startswith(value, first - 1):
                self._fast = first
                return
        lines = self._lines or [""]
        first = min(max(line, 1), len(lines)) - 1
        region = list(lines[first : max(min(self._end[0], len(lines)), first + 1)])
        text = "\n".join(region)
        starts = list(accumulate((len(each) + 1 for each in region), initial=0))
        runs = _Runs(text, min(max(column - 1, 0) + quoted, len(region[0])), first, starts)
        row = min(max(self._end[0] - 1 - first, 0), len(region) - 1)
        stop = min(max(runs.starts[row] + self._end[1] - 1 - quoted, runs.begin), len(text))
        exact: _Runs | None = runs
        if style in ("|", ">"):
            exact = self._block(runs, region, first + len(region) < len(lines))
        elif quoted:
            _quoted(runs, runs.begin, style == '"')
        else:
            _plain(runs, runs.begin, stop)
        self._runs = exact if exact is not None and exact.gives(value) else _guess(runs.fresh(), stop, value)

    def _block(self, empty: _Runs, region: list[str], more: bool) -> _Runs | None:
        """Scan with each indentation the scalar may have (its parent's is unknown here) till one gives the value."""
        header = _HEADER.match(region[0], empty.begin + 1)
        assert header is not None  # every group is optional
        chomping = None if not (sign := header.group(1) or header.group(3)) else sign == "+"
        increment = int(header.group(2) or 0)
        block = _Block(region, empty.starts, more)
        leading, _, column = block.blanks(1, _WIDE)
        deepest = max([column, *(len(block.lines[blank]) for blank in leading)])
        for indent in range(increment or max(deepest, 1), max(deepest, increment) + 2):  # last: content too shallow
            runs = empty.fresh()
            block.scan(runs, indent, not increment, self._style == ">", chomping)
            if runs.gives(self.value):
                return runs
        return None


def _guess(runs: _Runs, stop: int, value: str) -> _Runs:
    """A monotonic best effort for a value the scanners above cannot rebuild (from a parser unlike PyYAML, or
    wrong marks): each character where it next occurs nearby, else where the last one left off."""
    runs.guessed = True
    at = runs.begin
    for char in value:
        if (found := runs.text.find(char, at, max(at, min(stop, at + 16)))) >= 0:
            runs.copy(found, found + 1)
            at = found + 1
        else:
            runs.put(char, min(at, stop), 1)
            at = min(at + 1, stop)
    return runs
