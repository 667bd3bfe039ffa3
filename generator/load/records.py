"""Nodes -> model records, driven by the dataclasses' own type hints, with a span on every value."""

from __future__ import annotations

import dataclasses
import difflib
import enum
import re
import types
import typing
from functools import cache
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Diagnostic, diagnostic
from generator.load.nodes import implicit_tag
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.indicators import IndicatorValue
from generator.model.money import Amount
from generator.model.tables import Cell, Column, Row
from generator.source import Span

IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
IDENTIFIER_FIELDS = frozenset({"id", "slug", "unit", "parent"})
MAX_DEPTH = 40
_NULL = "tag:yaml.org,2002:null"
_TRAPS = {"tag:yaml.org,2002:bool": "布尔值", "tag:yaml.org,2002:timestamp": "日期"}
_MISSING = object()

# Field-level checks that need the value's own position: (record, key) -> (code, problem(text)).
FIELD_CHECKS: dict[tuple[str, str], tuple[str, typing.Callable[[str], str | None]]] = {
    ("Region", "code"): ("VAL009", lambda t: None if re.fullmatch(r"\d{6}", t) else f"行政区划代码“{t}”应为 6 位数字"),
    ("Filing", "fiscal_year"): ("VAL010", lambda t: None if re.fullmatch(r"\d{4}", t) and 1990 <= int(t) <= 2100
                                else f"预算年度“{t}”应为 1990 到 2100 之间的 4 位年份"),
}


@dataclasses.dataclass(frozen=True, slots=True)
class _Spec:
    """What loading one record class needs, computed once per class."""

    fields: dict[str, dataclasses.Field[Any]]
    hints: dict[str, Any]
    required: tuple[str, ...]
    """required keys, in declaration order"""
    checks: dict[str, tuple[str, typing.Callable[[str], str | None]]]


@cache
def _spec(cls: type) -> _Spec:
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "span"}
    required = tuple(name for name, f in fields.items()
                     if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    checks = {key: check for (owner, key), check in FIELD_CHECKS.items() if owner == cls.__name__}
    return _Spec(fields, typing.get_type_hints(cls), required, checks)


_OPTIONAL, _TUPLE, _RECORD, _SCALAR = range(4)
_LEAVES = (Amount, IndicatorValue, SubjectCode, Cell)
"""dataclasses that are written as one scalar"""


@cache
def _plan(hint: Any) -> tuple[int, Any]:
    """How to read a value of type ``hint``: (kind, inner type), computed once per hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        return _OPTIONAL, next(a for a in args if a is not type(None))
    if origin is tuple:
        return _TUPLE, args[0]
    if dataclasses.is_dataclass(hint) and hint not in _LEAVES:
        return _RECORD, hint
    return _SCALAR, hint


def yaml_keys(cls: type) -> tuple[str, ...]:
    """The YAML keys a record accepts, in declaration order (used by the docs test)."""
    return tuple(_spec(cls).fields)


def _is_null(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        if node.style in (None, "", "'", '"') and not node.value.strip():
            return True
        return not node.style and implicit_tag(node) == _NULL
    return False


class RecordLoader:
    """Builds records from nodes of one file, collecting every problem in ``found``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Diagnostic] = []

    def span(self, node: Node) -> Span:
        mark = node.start_mark
        return Span(self.file, mark.line + 1, mark.column + 1)

    def report(self, code: str, node: Node, message: str, hint: str | None = None) -> None:
        self.found.append(diagnostic(code, self.span(node), message, hint))

    # -- records -----------------------------------------------------------------------------

    def record(self, node: Node, cls: type, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            self.report("YAML006", node, f"嵌套超过 {MAX_DEPTH} 层")
            return None
        if cls is Column and isinstance(node, ScalarNode):
            return Column(label=node.value, span=self.span(node))
        if cls is Row and isinstance(node, SequenceNode):
            cells = tuple(self.cell(item) for item in node.value)
            return Row(cells=cells, span=self.span(node))
        if not isinstance(node, MappingNode):
            self.report("KEY003", node, f"这里应是一个映射（键: 值），实际是{_kind(node)}")
            return None
        spec = _spec(cls)
        fields = spec.fields
        values: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        broken = False
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report("KEY003", key_node, "键必须是简单文字")
                continue
            key = key_node.value
            if key in seen:
                first = self.span(seen[key])
                self.report("YAML002", key_node, f"键“{key}”重复（第一次出现在第 {first.line} 行）")
                continue
            seen[key] = key_node
            field = fields.get(key)
            if field is None:
                close = difflib.get_close_matches(key, list(fields), n=1)
                hint = f"是否应为“{close[0]}”？" if close else "可用的键：" + "、".join(fields)
                self.report("KEY001", key_node, f"未知的键“{key}”", hint)
                continue
            check = spec.checks.get(key)
            if check is not None and isinstance(value_node, ScalarNode):
                problem = check[1](value_node.value)
                if problem is not None:
                    self.report(check[0], value_node, problem)
                    broken = broken or key in spec.required
                    continue
            value = self.value(value_node, spec.hints[key], key, depth + 1)
            if value is _MISSING:
                broken = broken or key in spec.required
                continue
            values[key] = value
        for name in spec.required:
            if name not in values and name not in seen:
                self.report("KEY002", node, f"缺少必填的键“{name}”")
                broken = True
        if broken:
            return None
        return cls(**values, span=self.span(node))

    # -- values ------------------------------------------------------------------------------

    def value(self, node: Node, hint: Any, key: str, depth: int) -> Any:
        """Convert a node to ``hint``; return _MISSING after reporting a problem."""
        kind, inner = _plan(hint)
        if kind == _OPTIONAL:
            return None if _is_null(node) else self.value(node, inner, key, depth)
        if kind == _TUPLE:
            return self.sequence(node, inner, key, depth)
        if kind == _RECORD:
            result = self.record(node, inner, depth)
            return _MISSING if result is None else result
        if not isinstance(node, ScalarNode):
            self.report("KEY003", node, f"“{key}”应是单个值，实际是{_kind(node)}")
            return _MISSING
        return self.scalar(node, hint, key)

    def sequence(self, node: Node, item: Any, key: str, depth: int) -> Any:
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.report("KEY003", node, f"“{key}”应是一个列表（每项以 - 开头），实际是{_kind(node)}")
            return _MISSING
        items = []
        for child in node.value:
            value = self.value(child, item, key, depth + 1)
            if value is not _MISSING:
                items.append(value)
        return tuple(items)

    def scalar(self, node: ScalarNode, hint: Any, key: str) -> Any:
        text = node.value
        span = self.span(node)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            allowed = [m.value for m in hint]
            if text not in allowed:
                self.report("VAL003", node, f"“{key}”的取值“{text}”无效", "可选：" + "、".join(allowed))
                return _MISSING
            return hint(text)
        if hint is Amount:
            amount = Amount.parse(text, span)
            if amount is None:
                self.report("VAL001", node, f"金额“{_short(text)}”不是数字")
                return _MISSING
            return amount
        if hint is IndicatorValue:
            return IndicatorValue.parse(text, span)
        if hint is SubjectCode:
            problem = SubjectCode.problem(CodeScheme.FUNCTION, text)
            if problem:
                self.report("VAL002", node, f"科目编码“{_short(text)}”有误：{problem}")
                return _MISSING
            return SubjectCode(CodeScheme.FUNCTION, text)
        if hint is Cell:
            return self.cell(node)
        if hint is bool:
            if not node.style and text in ("true", "false"):
                return text == "true"
            self.report("VAL007", node, f"“{key}”应为 true 或 false，实际是“{_short(text)}”")
            return _MISSING
        if hint is int:
            if not node.style and re.fullmatch(r"-?\d{1,9}", text):
                return int(text)
            self.report("VAL004", node, f"“{key}”应为整数，实际是“{_short(text)}”")
            return _MISSING
        tag = implicit_tag(node)
        if tag == _NULL:
            self.report("VAL008", node, f"“{key}”不能为空")
            return _MISSING
        if tag in _TRAPS:
            self.report("YAML003", node, f"未加引号的“{_short(text)}”会被其他 YAML 工具读成{_TRAPS[tag]}")
        if key in IDENTIFIER_FIELDS and not IDENTIFIER.fullmatch(text):
            self.report("VAL005", node, f"标识符“{_short(text)}”不合规")
            return _MISSING
        if not text.strip():
            self.report("VAL008", node, f"“{key}”不能为空")
            return _MISSING
        return text

    def cell(self, node: Node) -> Cell:
        if not isinstance(node, ScalarNode):
            self.report("KEY003", node, f"单元格应是单个值，实际是{_kind(node)}")
            return Cell(None, span=self.span(node))
        return Cell(None if _is_null(node) else node.value, span=self.span(node))


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    return f"单个值“{_short(node.value)}”"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit] + "…"
