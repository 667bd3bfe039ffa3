"""YAML slips a clerk makes (Tab, 全角空格, 全角冒号, 全角逗号, 中文引号, a missing space, an unclosed quote or
bracket, a wrong indent), found in the text and explained in Chinese at the line and column of the slip itself.

Two uses, the same on both loader paths (libyaml's and PyYAML's), because both read the same text:

- ``explain_failure``: the parser gave up at some mark, often a line or two after the real slip; the text before
  the mark is scanned for the likely slip, and when none is found the parser's problem is translated at its mark;
- ``find_slips``: the parser did not fail, but the text has a slip that silently changed its structure (a key
  written with a full-width colon or without the space after the colon, an indent of full-width spaces); these
  are reported as errors too, and only outside block scalars, quoted strings and comments."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import NamedTuple

TAB = "\t"
IDEOGRAPHIC_SPACE = "\u3000"
FULL_COLON, FULL_COMMA = "：", "，"
CHINESE_QUOTES = "“”‘’"


class Slip(NamedTuple):
    """One slip: 1-based line and column, the message and the fix."""

    line: int
    column: int
    message: str
    hint: str


_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_LEAD = re.compile(r"^[ \t\u3000]*")
_ITEM = re.compile(r"^[ \t\u3000]*(?:-[ \t\u3000]+)*")
_KEY_FULL_COLON = re.compile(rf"(?:^|(?<=[{{,]))[ \t\u3000]*({_KEY})[ \t\u3000]*：")
_KEY_NO_SPACE = re.compile(rf"(?:^|(?<=[{{,]))[ \t\u3000]*({_KEY}):(?![\s,}}\]]|$)")
_KEY_WIDE_SPACE = re.compile(rf"(?:^|(?<=[{{,]))[ \t\u3000]*({_KEY}):(\u3000)")
_COLON_NO_SPACE = re.compile(r":[^\s,}\]]")
_KEY_BEFORE = re.compile(rf"(?:^|[{{,])[ \t\u3000-]*{_KEY}[ \t\u3000]*$")
_BLOCK_START = re.compile(r"(?:^|[:\-][ \t]+|^[ \t]*-[ \t]+)[|>][0-9+-]*[ \t]*(?:#.*)?$")

_HINT_TAB = "YAML 的缩进和分隔只能用英文空格：把 Tab 换成空格（每级缩进两个空格）。"
_HINT_WIDE_SPACE = "把全角空格（U+3000，中文输入法下的空格）换成英文半角空格；缩进只能用半角空格。"
_HINT_FULL_COLON = "键和值之间要用英文冒号加一个空格，例如“fiscal_year: 2023”；请切换到英文输入法重新输入冒号。"
_HINT_NO_SPACE = "在英文冒号后加一个空格，例如“unit: xunwu-sbfwzx”。"
_HINT_FULL_COMMA = "列表 [ … ] 中的各项要用英文逗号“,”分隔；请切换到英文输入法重新输入逗号。"
_HINT_QUOTES = "引号要用英文双引号 \"…\"（或单引号 '…'）；中文引号 “” ‘’ 只能出现在文字中间，不能用来括住整个值。"


def _scan(line: str) -> tuple[list[tuple[int, str]], int | None]:
    """The characters of a line outside quoted strings and comments, with their index; and where a quote opens
    that the line does not close (None when every quote is closed)."""
    quote, opened = "", -1
    visible: list[tuple[int, str]] = []
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                if quote == "'" and line[index + 1:index + 2] == "'":
                    index += 2
                    continue
                quote = ""
            index += 1
            continue
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        if char in "\"'" and (index == 0 or line[index - 1] in " \t[{,:-"):
            quote, opened = char, index
        visible.append((index, char))
        index += 1
    return visible, (opened if quote else None)


def _visible(line: str) -> list[tuple[int, str]]:
    """The characters of a line outside quoted strings and comments, with their index."""
    return _scan(line)[0]


def _plain_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of the lines outside block scalars (``|`` and ``>`` paragraphs)."""
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        yield number, line
        code = "".join(char for _, char in _visible(line)).rstrip()
        if _BLOCK_START.search(code):
            block_indent = indent


def _line_slips(number: int, line: str, keys: Collection[str] | None) -> Iterator[Slip]:
    """The slips that change a line's structure (reported even when the parser does not fail)."""
    lead = _ITEM.match(line)
    width = lead.end() if lead else 0
    for index in range(width):
        if line[index] == IDEOGRAPHIC_SPACE:
            yield Slip(number, index + 1, "行首的缩进中有全角空格（U+3000）", _HINT_WIDE_SPACE)
            break
        if line[index] == TAB:
            yield Slip(number, index + 1, "行首的缩进中有 Tab 字符", _HINT_TAB)
            break
    visible = {index for index, _ in _visible(line)}
    masked = " " * width + line[width:]  # a list item's "- " read as indent: the key after it starts a line
    for pattern, kind in ((_KEY_FULL_COLON, "full"), (_KEY_NO_SPACE, "nospace"), (_KEY_WIDE_SPACE, "wide")):
        for match in pattern.finditer(masked):
            key = match[1]
            colon = match.end(1) if kind != "full" else match.end() - 1
            if match.start(1) not in visible or (keys is not None and key not in keys):
                continue
            if kind == "full":
                yield Slip(number, colon + 1, f"键“{key}”后面是全角冒号“：”，不是英文冒号", _HINT_FULL_COLON)
            elif kind == "nospace":
                yield Slip(number, colon + 1, f"键“{key}”的冒号后缺少空格", _HINT_NO_SPACE)
            else:
                yield Slip(number, colon + 2, f"键“{key}”的冒号后是全角空格（U+3000）", _HINT_WIDE_SPACE)
            break


def _marks(text: str) -> Iterator[int]:
    """Where a slip could be: each full-width colon or space, each colon without a space after it (``str.find``
    and a pattern led by a literal: a filing's text is scanned in a fraction of a millisecond)."""
    for char in (FULL_COLON, IDEOGRAPHIC_SPACE):
        at = text.find(char)
        while at != -1:
            yield at
            at = text.find(char, at + 1)
    for match in _COLON_NO_SPACE.finditer(text):
        yield match.start()


def _structural(text: str, at: int) -> bool:
    """Whether the mark at ``at`` stands where YAML's structure is: in an indent, right after a colon, or right
    after a key (at the start of a line or in a flow mapping). Only a first filter: ``_line_slips`` decides."""
    before = text[text.rfind("\n", 0, at) + 1:at]
    return not before.strip(" \t\u3000-") or before.endswith(":") or _KEY_BEFORE.search(before[-80:]) is not None


def find_slips(text: str, keys: Collection[str]) -> list[Slip]:
    """Slips that changed the structure of a text the parser accepted: keys (only those in ``keys``) with a
    full-width colon, without the space after the colon or with a full-width space after it; indents with
    full-width spaces. Cheap when there is none (one regular expression over the text)."""
    if not any(_structural(text, at) for at in _marks(text)):
        return []
    return [slip for number, line in _plain_lines(text) for slip in _line_slips(number, line, keys)]


def _context_slips(number: int, line: str) -> Iterator[Slip]:
    """Slips that only count where the parser failed: a full-width comma between list items, Chinese quotes
    around a value, a Tab after a colon or dash."""
    previous = ""
    flow = 0
    for index, char in _visible(line):
        if char in "[{":
            flow += 1
        elif char in "]}":
            flow -= 1
        elif char == FULL_COMMA and flow > 0:
            yield Slip(number, index + 1, "列表中用了全角逗号“，”分隔各项", _HINT_FULL_COMMA)
        elif char in "“‘" and previous in (" ", "[", ",", "{", ""):
            yield Slip(number, index + 1, f"值以中文引号 {char} 开头，YAML 不把它当作引号", _HINT_QUOTES)
        elif char == TAB and previous in (":", "-", ","):
            yield Slip(number, index + 1, "分隔处用了 Tab 字符", _HINT_TAB)
        if char not in " \t":
            previous = char
        elif previous in (":", "-", ","):
            previous = " "


_TRANSLATIONS: tuple[tuple[str, str, str], ...] = (
    # (the parser's problem starts with, message, hint)
    ("found character '\\t'", "这里有 Tab 字符", _HINT_TAB),
    ("mapping values are not allowed here", "这里不能出现“键: 值”：冒号后带空格的文字要整个加英文双引号，"
     "或者这一行的缩进不对", "含“: ”的文字请写成 \"…\"；检查这一行与上一行的缩进是否对齐。"),
    ("could not find expected ':'", "找不到这一项应有的英文冒号“: ”（可能在上一行）",
     "每个键后面写英文冒号和一个空格；检查上一行是否漏了冒号或引号。"),
    ("expected ',' or ']'", "方括号列表 [ … ] 中这里应是英文逗号“,”或右方括号“]”",
     "检查列表是否少了逗号或右方括号“]”。"),
    ("expected ',' or '}'", "花括号 { … } 中这里应是英文逗号“,”或右花括号“}”",
     "检查是否少了逗号或右花括号“}”。"),
    ("expected <block end>", "缩进不一致：这一行与同一层级的其他行没有对齐",
     "同一层级的各行缩进须完全相同（用英文空格）；列表项以“- ”开头。"),
    ("expected the node content", "这里缺少内容（值不能以这个符号开头）",
     "以 [ ] { } , & * ! | > ' \" % @ ` 开头的文字要整个加英文双引号。"),
    ("but found another document", "一个文件只能有一份文档（不要写“---”或“...”）", "删除多余的“---”分隔行。"),
    ("expected a single document", "一个文件只能有一份文档（不要写“---”或“...”）", "删除多余的“---”分隔行。"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面是无效的转义字符",
     "反斜杠本身要写成“\\\\”，或改用单引号。"),
    ("found undefined tag handle", "不允许使用标签（以 ! 开头）", "删除“!”标签，或把这段文字加上英文双引号。"),
    ("found unexpected ':'", "这里不能出现冒号", "含冒号的文字请加英文双引号。"),
    ("found character", "这个字符不能作为值的开头", "以 @ ` % 等符号开头的文字要加英文双引号。"),
)

def _unclosed_quote(lines: list[str]) -> Slip | None:
    """The last quote before the parser's mark that its line leaves open while the next line reads like a key of
    its own (``title: "2023 年部门预算`` above ``unit_name: 示例中心``): the string swallowed what follows."""
    key = re.compile(rf"^ *(?:- +)?{_KEY}: ")
    found = None
    for number, source in _plain_lines("\n".join(lines)):
        opened = _scan(source)[1]
        if opened is not None and number < len(lines) and key.match(lines[number]):
            found = Slip(number, opened + 1, "这个引号没有闭合（缺少与之成对的引号），后面几行都被读成了它的内容",
                         "在这段文字末尾补上同样的英文引号。")
    return found


def _indented_further(lines: list[str], line: int) -> bool:
    """Whether line ``line`` (1-based) is a ``key: value`` indented deeper than the ``key: value`` before it."""
    here = lines[line - 1]
    written = (text for text in reversed(lines[:line - 1]) if text.strip() and not text.lstrip().startswith("#"))
    before = next(written, "")
    pair = re.compile(rf"^( *)(?:- +)?{_KEY}: +\S")
    this, that = pair.match(here), pair.match(before)
    return this is not None and that is not None and len(this[1]) > len(that[1])


_UNCLOSED = {
    "while scanning a quoted scalar": ("这个引号没有闭合（缺少与之成对的引号）", "在这段文字末尾补上同样的英文引号。"),
    "while parsing a flow sequence": ("这个方括号“[”没有对应的右方括号“]”",
                                      "在这个列表的末尾补上“]”（列表须写在同一行或成对闭合）。"),
    "while parsing a flow mapping": ("这个花括号“{”没有对应的右花括号“}”", "在这个映射的末尾补上“}”。"),
}


def explain_failure(text: str, line: int, column: int, problem: str, context: str,
                    context_at: tuple[int, int] | None) -> Slip:
    """Where and why a text the parser refused went wrong (``line``, ``column`` 1-based: the parser's mark;
    ``context_at`` the mark of what it was reading, such as an opening quote or bracket)."""
    lines = text.split("\n")
    candidates: list[Slip] = []
    for number, source in _plain_lines("\n".join(lines[:line])):
        if number < line - 3:
            continue
        candidates.extend(_line_slips(number, source.removesuffix("\r"), None))
        if number == line or (context_at is not None and number >= context_at[0]):
            candidates.extend(_context_slips(number, source.removesuffix("\r")))
    candidates = [s for s in candidates if (s.line, s.column) <= (line, column)]
    if candidates:
        return max(candidates, key=lambda s: (s.line, s.column))
    unclosed = _unclosed_quote(lines[:line])
    if unclosed is not None:
        return unclosed
    if context_at is not None and context in _UNCLOSED and (
            context == "while scanning a quoted scalar" or line > context_at[0]):
        message, hint = _UNCLOSED[context]
        return Slip(context_at[0], context_at[1], message, hint)
    if problem.startswith("mapping values are not allowed here") and _indented_further(lines, line):
        indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
        return Slip(line, indent + 1, "这一行比上一行多缩进了，被读成了上一行的值的延续",
                    "同一层级的键缩进须相同：把这一行的缩进改成与上一行一样。")
    for start, message, hint in _TRANSLATIONS:
        if problem.startswith(start):
            return Slip(line, column, message, hint)
    return Slip(line, column, f"无法解析这里的内容（解析器的说明：{problem}）",
                "检查缩进、冒号后的空格和引号是否成对；含特殊字符的文字请加英文双引号。")
