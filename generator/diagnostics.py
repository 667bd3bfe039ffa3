"""Diagnostics: the rule catalogue, findings with positions, and their text and JSON output."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.personal import INVISIBLE
from generator.source import Span

_UNSEEN = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff{INVISIBLE}]")
_UNSEEN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff{INVISIBLE}]")
"""what ``json.dumps`` leaves raw (it escapes C0 controls in strings; outside them they are its own white space)"""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _spelled(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, lines: bool = False) -> str:
    """Text from content as a terminal may print it: controls, bidi and invisible characters spelled out
    (ESC as ``\\x1b``, RLO as ``\\u202e``), so that a name cannot move the cursor, clear the screen or reorder
    what the clerk reads. ``lines`` keeps line breaks (a tool's multi-line output)."""
    if lines:
        return "\n".join(visible(line) for line in text.split("\n"))
    return _UNSEEN.sub(lambda m: _spelled(m[0]), text)


def visible_json(text: str) -> str:
    """JSON text with the characters ``visible`` spells out written as ``\\uXXXX`` escapes (still the same JSON:
    ``json.dumps`` escapes C0 controls itself, not C1, bidi or invisible ones)."""
    return _UNSEEN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class Severity(enum.Enum):
    """级别: an error must be mended; a warning should be (``--strict`` fails on it unless the filing explains it);
    an info is for the reader."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def word(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented diagnostic: stable code, severity, Chinese title and a fixing hint."""

    code: str
    severity: Severity
    title: str
    hint: str


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding at one place; sorts by file, line, column, code."""

    span: Span
    code: str
    message: str
    severity: Severity
    hint: str = ""
    related: tuple[Span, ...] = ()
    """the other places the finding concerns (the other table's cell, the row a sentence quotes)"""
    printed: str | None = None
    """the value as printed, for a finding about a figure"""
    expected: str | None = None
    """the value the rule computes instead"""
    acknowledged: str | None = None
    """the filing's reason for keeping the finding as printed (``原表如此``): shown as a 说明, it fails nothing"""

    @property
    def failing(self) -> bool:
        """Whether ``--strict`` fails on it: an error, or a warning the filing does not explain."""
        return self.severity is Severity.ERROR or (self.severity is Severity.WARNING and self.acknowledged is None)

    def as_text(self) -> str:
        """The finding as ``check`` prints it; whatever came from content is ``visible``."""
        text = f"{visible(str(self.span))}: {self.severity.value}[{self.code}] {visible(self.message)}"
        if self.acknowledged is not None:
            text += f"（已说明：{visible(self.acknowledged)}）"
        for other in self.related:
            text += f"\n    相关位置：{visible(str(other))}"
        return f"{text}\n    提示：{visible(self.hint)}" if self.hint else text

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "related": [{"file": s.file, "line": s.line, "column": s.column} for s in self.related],
            "printed": self.printed,
            "expected": self.expected,
            "acknowledged": self.acknowledged,
        }


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.code: r for r in rules}


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = _rules(
    Rule("YAML001", E, "YAML 语法错误", "检查缩进、冒号后的空格和引号是否成对；含特殊字符的文字请加英文双引号。"),
    Rule("YAML002", E, "重复的键", "同一层级中每个键只能出现一次；删除或合并重复的那一项。"),
    Rule("YAML003", W, "YAML 1.1 歧义写法", "把这个值写在英文双引号中，例如 \"no\"、\"2019-05-21\"，避免被其他工具读成布尔值或日期。"),
    Rule("YAML004", E, "不允许使用别名引用", "不要使用 *别名（以及与之配套的 &锚点）；把内容直接写出来。"),
    Rule("YAML005", E, "文件无法读取", "文件须为 UTF-8 编码、大小不超过 2 MB 的 YAML 文本。"),
    Rule("YAML006", E, "嵌套层级过深", "内容的嵌套不应超过格式规定的层级；检查是否误加了缩进或括号。"),
    Rule("KEY001", E, "未知的键", "键名须与格式说明一致；检查拼写。"),
    Rule("KEY002", E, "缺少必填的键", "补上这个键及其取值。"),
    Rule("KEY003", E, "类型不符", "按格式说明改为要求的类型（映射、列表或单个值）。"),
    Rule("VAL001", E, "金额不是数字", "金额只能写数字，可带千分位逗号、小数点和负号，例如 \"2,495.56\"；空白请写 ~。"),
    Rule("VAL002", E, "科目编码格式错误", "功能分类写 3/5/7 位完整编码，经济分类写 3/5 位完整编码，例如 \"2080109\"、\"30101\"。"),
    Rule("VAL003", E, "取值不在允许范围内", "从格式说明列出的取值中选择一个。"),
    Rule("VAL004", E, "整数格式错误", "这里只能写不带小数的整数，例如 26。"),
    Rule("VAL005", E, "标识符不合规", "标识符只能由小写英文字母、数字和连字符组成，以字母或数字开头，不超过 64 个字符。"),
    Rule("VAL006", E, "单元格个数与表头不符", "每一行的单元格数须等于表头最末级栏目数；空白单元格写 ~。"),
    Rule("VAL007", E, "布尔值格式错误", "只能写 true 或 false。"),
    Rule("VAL008", E, "必填文字为空", "填写这项文字。"),
    Rule("VAL009", E, "行政区划代码格式错误", "行政区划代码是 6 位数字，例如 \"360734\"。"),
    Rule("VAL010", E, "年度格式错误", "年度写 1990 到 2100 之间的 4 位数字，不加引号，例如 2023。"),
    Rule("VAL011", E, "金额栏目的含义无法识别", "在该栏目写 measure: 和栏目含义（见填报说明的“栏目含义”取值表），例如 measure: basic；若该栏目不是金额，写 role: text。"),
    Rule("VAL012", W, "表行的含义无法识别", "科目行写出科目编码，或在该行写 subject: \"科目编码\"；收支总表的行在该行写 lines: [收入方行键, 支出方行键]（见填报说明的“收支项目”取值表）。"),
    Rule("VAL013", W, "同一张表中两行含义相同", "同一科目或同一收支项目在一张表中只应出现一次；检查编码或名称是否写错。"),
    Rule("VAL014", E, "日期格式错误", "日期写成 年-月-日 并加英文双引号，例如 \"2023-02-10\"。"),
    Rule("VAL015", E, "金额中写了单位", "金额栏只写数字，例如 \"2,495.56\"；单位由表的 unit 说明（单位：万元 或 元）。"),
    Rule("VAL016", W, "金额中的单位与表的单位不符", "核对这个数额：原表若以元为单位，须换算成表的单位，或改正表的 unit；照原表转录的，写核查说明。"),
    Rule("VAL017", E, "原文链接格式错误", "写原文在政府网站上的完整地址，以 http:// 或 https:// 开头，不含空格。"),
    Rule("VAL018", E, "文字过长", "名称、标题、小标题、栏目名等不超过 200 个字符，段落等其他文字不超过 20000 个字符，表格单元格不超过 2000 个字符；检查是否把几项内容写进了一项，或把说明拆成几段。"),
    Rule("REF001", E, "找不到引用的单位", "在所属地区的 region.yaml 的 organisations 中登记该单位，或改正 id。"),
    Rule("REF002", E, "标识重复", "每个地区、单位、表和项目的 id 须唯一。"),
    Rule("REF003", W, "文件位置与内容不符", "文件应放在 content/<地区>/<单位 id>/<年度>-<类别>.yaml。"),
    Rule("REF004", E, "推断的年度缺少依据", "fiscal_year_basis 为 inferred 时须在 fiscal_year_evidence 写明推断依据。"),
    Rule("REF005", E, "同一单位同一年度有多个文件", "每个单位每个年度每种类别只能有一个文件。"),
    Rule("REF006", E, "公开文件放在别的单位名下", "把 unit 改成文件所在文件夹的单位 id，或在本地区的 region.yaml 中登记本单位。"),
    Rule("PAG001", E, "页面链接指向不存在的页面", "手写页面（content/pages）链接其他页面时写该页面的文件名，如 about.md、"
         "checks/index.md；或写网址，如 ../checks/。检查拼写。"),
)


def diagnostic(code: str, span: Span, message: str, hint: str | None = None) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(span, code, message, rule.severity, rule.hint if hint is None else hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.as_text() for d in sorted(diagnostics))
