"""Nodes -> model records, driven by the dataclasses' own type hints, with a span on every value."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import enum
import re
import types
import typing
from functools import cache
from typing import Any

from generator.diagnostics import Diagnostic, diagnostic
from generator.load.nodes import MappingNode, Node, ScalarNode, SequenceNode, implicit_tag
from generator.load.tables import CELL_LIMIT, Header, header, type_row
from generator.model import is_derived
from generator.model.codes import CodeScheme, SubjectCode
from generator.model.indicators import IndicatorValue
from generator.model.money import Amount, MoneyUnit, amount_problem
from generator.model.org import RESERVED_SLUGS
from generator.model.tables import BudgetTable, Cell, Column, Row
from generator.reference.templates import templates
from generator.source import Span, Spans

IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
IDENTIFIER_FIELDS = frozenset({"id", "slug", "unit", "parent"})
MAX_DEPTH = 40
_NULL = "tag:yaml.org,2002:null"
_TRAPS = {"tag:yaml.org,2002:bool": "布尔值", "tag:yaml.org,2002:timestamp": "日期"}
_MISSING = object()

# Field-level checks that need the value's own position: (record, key) -> (code, problem(text)).
def _date(text: str) -> str | None:
    problem = f"日期“{text[:40]}”应写成 年-月-日，例如 \"2023-02-10\""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return problem
    return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII) else problem


def _template(text: str) -> str | None:
    if text in templates():
        return None
    return f"没有名为“{text[:40]}”的公开表样（可选：{'、'.join(templates())}）"


FIELD_CHECKS: dict[tuple[str, str], tuple[str, typing.Callable[[str], str | None]]] = {
    ("Filing", "approved_on"): ("VAL014", _date),
    ("Filing", "published_on"): ("VAL014", _date),
    ("Source", "url"): ("VAL017", lambda t: None if re.fullmatch(r"https?://[^\s/]+(?:/\S*)?", t)
                        else f"原文链接“{t[:60]}”不是以 http:// 或 https:// 开头的完整地址"),
    ("Disclosure", "template"): ("VAL003", _template),
    ("Region", "slug"): ("VAL005", lambda t: f"地区标识“{t}”是网站自用的名称，请换一个（如加上省市简称）"
                         if t in RESERVED_SLUGS else None),
    ("Region", "code"): ("VAL009", lambda t: None if re.fullmatch(r"\d{6}", t, re.ASCII)
                         else f"行政区划代码“{t}”应为 6 位数字"),
    ("Filing", "fiscal_year"): ("VAL010", lambda t: None if re.fullmatch(r"\d{4}", t, re.ASCII)
                                and 1990 <= int(t) <= 2100 else f"预算年度“{t}”应为 1990 到 2100 之间的 4 位年份"),
}


NAME_LIMIT, TEXT_LIMIT = 200, 20_000
"""the longest name, title or heading (``NAME_KEYS``) and other text (a paragraph), in characters (cells: CELL_LIMIT):
the guide documents them (VAL015); past them a value is reported, not loaded (a name becomes a page title, a
navigation entry and a search record on every page of its region)"""
NAME_KEYS = frozenset({
    "name", "aliases", "title", "subtitle", "heading", "duties_heading", "staffing_heading", "tables_heading",
    "label", "level1", "level2", "dept_name", "unit_name", "unit", "unit_label", "form_label", "applicant",
    "implementer", "supervisor", "supervisor_code", "publisher", "province", "prefecture", "code", "term",
    "item", "function_subject", "parent_project", "document", "medium", "filler", "role", "phone", "slot", "type",
    "scope", "number", "number_max", "op", "suffix", "value", "start", "end", "date", "period", "filled_on",
    "long_term_until", "goal_ref", "options", "selected", "template", "rule", "numbering", "share", "years",
})
"""the text keys that hold a name, title, heading or label: at most NAME_LIMIT characters"""


@dataclasses.dataclass(frozen=True, slots=True)
class _Spec:
    """What loading one record class needs, computed once per class."""

    fields: dict[str, dataclasses.Field[Any]]
    plans: dict[str, tuple[int, Any]]
    """how to read each key's value: ``_plan`` of its type hint"""
    required: tuple[str, ...]
    """required keys, in declaration order"""
    checks: dict[str, tuple[str, typing.Callable[[str], str | None]]]
    spans: bool
    """the record keeps where each field was written (``spans``)"""


@cache
def _spec(cls: type) -> _Spec:
    every = dataclasses.fields(cls)
    fields = {f.name: f for f in every if f.name not in ("span", "spans") and not is_derived(f)}
    required = tuple(name for name, f in fields.items()
                     if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    checks = {key: check for (owner, key), check in FIELD_CHECKS.items() if owner == cls.__name__}
    hints = typing.get_type_hints(cls)
    return _Spec(fields, {name: _plan(hints[name]) for name in fields}, required, checks,
                 any(f.name == "spans" for f in every))


_OPTIONAL, _TUPLE, _RECORD, _ENUM, _AMOUNT, _INDICATOR, _CODE, _CELL, _BOOL, _INT, _TEXT, _OPTIONAL_TEXT = range(12)
_LEAVES = {Amount: _AMOUNT, IndicatorValue: _INDICATOR, SubjectCode: _CODE, Cell: _CELL, bool: _BOOL, int: _INT}
"""types written as one scalar, and how each is read (anything else that is not a record is text)"""
_INTEGER = re.compile(r"-?\d{1,9}", re.ASCII)


@cache
def _plan(hint: Any) -> tuple[int, Any]:
    """How to read a value of type ``hint``: (kind, inner type), computed once per hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return (_OPTIONAL_TEXT if _plan(inner)[0] == _TEXT else _OPTIONAL), inner
    if origin is tuple:
        return _TUPLE, args[0]
    if hint in _LEAVES:
        return _LEAVES[hint], hint
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _ENUM, hint
    if dataclasses.is_dataclass(hint):
        return _RECORD, hint
    return _TEXT, hint


def yaml_keys(cls: type) -> tuple[str, ...]:
    """The YAML keys a record accepts, in declaration order (used by the docs test)."""
    return tuple(_spec(cls).fields)


@cache
def all_yaml_keys(*roots: type) -> frozenset[str]:
    """Every key of the records reachable from ``roots`` (a filing, a region file, the site settings)."""
    keys: set[str] = set()
    todo, seen = list(roots), set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        keys.update(yaml_keys(cls))
        for name in _spec(cls).fields:
            kind, inner = _plan(typing.get_type_hints(cls)[name])
            while kind in (_OPTIONAL, _TUPLE):
                kind, inner = _plan(inner)
            if kind == _RECORD:
                todo.append(inner)
    return frozenset(keys)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""plain scalars that YAML 1.1 reads as null"""


def _is_null(node: Node) -> bool:
    if node.__class__ is ScalarNode:
        if not node.style:
            return node.value in _NULLS or not node.value.strip()
        return node.style in ("'", '"') and not node.value.strip()
    return False


class RecordLoader:
    """Builds records from nodes of one file, collecting every problem in ``found``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Diagnostic] = []

    def report(self, code: str, node: Node, message: str, hint: str | None = None) -> None:
        self.found.append(diagnostic(code, node.span, message, hint))

    # -- records -----------------------------------------------------------------------------

    def record(self, node: Node, cls: type, depth: int = 0) -> Any:
        """A record of ``cls`` from a mapping, or None after reporting why it cannot be made."""
        if depth > MAX_DEPTH:
            self.report("YAML006", node, f"嵌套超过 {MAX_DEPTH} 层")
            return None
        if cls is Column and isinstance(node, ScalarNode):
            return Column(label=node.value, span=node.span, spans=Spans((("label", node.span),)))
        if cls is Row and isinstance(node, SequenceNode):
            return Row(cells=tuple([self.cell(item) for item in node.value]), span=node.span)
        if not isinstance(node, MappingNode):
            self.report("KEY003", node, f"这里应是一个映射（键: 值），实际是{_kind(node)}")
            return None
        spec = _spec(cls)
        plans, checks = spec.plans, spec.checks
        values: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        spans: list[tuple[str, Span]] = []
        rows: Node | None = None
        broken = False
        typed_rows = cls is BudgetTable
        for key_node, value_node in node.value:  # the hot loop of loading: rare cases leave it early
            if key_node.__class__ is not ScalarNode or key_node.value in seen:
                self._bad_key(key_node, seen)
                continue
            key = key_node.value
            seen[key] = key_node
            plan = plans.get(key)
            if plan is None:
                self._unknown_key(key_node, plans)
                continue
            if typed_rows and key == "rows":  # typed by their columns, once those are read
                rows = value_node
                continue
            if checks and key in checks and isinstance(value_node, ScalarNode):
                code, check = checks[key]
                problem = check(value_node.value)
                if problem is not None:
                    self.report(code, value_node, problem)
                    broken = broken or key in spec.required
                    continue
            kind = plan[0]
            if value_node.__class__ is ScalarNode:
                if kind == _TEXT:  # text, the most common value, inline
                    value = self.text(value_node, key)
                elif kind == _OPTIONAL_TEXT:
                    value = None if _is_null(value_node) else self.text(value_node, key)
                else:
                    value = self.value(value_node, kind, plan[1], key, depth + 1)
                if value is not None and value is not _MISSING:
                    spans.append((key, value_node.span))
            elif kind in (_TUPLE, _OPTIONAL):
                value = self.value(value_node, kind, plan[1], key, depth + 1, spans)
            else:
                value = self.value(value_node, kind, plan[1], key, depth + 1)
            if value is _MISSING:
                broken = broken or key in spec.required
                continue
            values[key] = value
        if self._missing_keys(node, spec, values, seen) or broken:
            return None
        if rows is not None:
            typed = self.rows(rows, header(values.get("columns", ()), values.get("unit", MoneyUnit.WAN_YUAN)),
                              depth + 1)
            if typed is not _MISSING:
                values["rows"] = typed
        if spec.spans:
            return cls(**values, span=node.span, spans=Spans(spans))
        return cls(**values, span=node.span)

    def _bad_key(self, key_node: Node, seen: dict[str, Node]) -> None:
        if not isinstance(key_node, ScalarNode):
            self.report("KEY003", key_node, "键必须是简单文字")
        else:
            first = seen[key_node.value].span
            self.report("YAML002", key_node, f"键“{key_node.value}”重复（第一次出现在第 {first.line} 行）")

    def _unknown_key(self, key_node: ScalarNode, plans: dict[str, tuple[int, Any]]) -> None:
        key = key_node.value
        close = difflib.get_close_matches(key, list(plans), n=1)
        hint = f"是否应为“{close[0]}”？" if close else "可用的键：" + "、".join(plans)
        self.report("KEY001", key_node, f"未知的键“{key}”", hint)

    def _missing_keys(self, node: Node, spec: _Spec, values: dict[str, Any], seen: dict[str, Node]) -> bool:
        """Report required keys that were not written at all; True if any."""
        missing = [name for name in spec.required if name not in values and name not in seen]
        for name in missing:
            self.report("KEY002", node, f"缺少必填的键“{name}”")
        return bool(missing)

    def rows(self, node: Node, head: Header, depth: int) -> Any:
        """表行: each a list of cells (typed by their leaf column) or a mapping with a role or subject."""
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.report("KEY003", node, f"“rows”应是一个列表（每项以 - 开头），实际是{_kind(node)}")
            return _MISSING
        rows = []
        for child in node.value:
            if child.__class__ is SequenceNode:  # the common case: the cells alone
                typed = type_row([self._cell_text(item) for item in child.value], head, self.found, child.span)
            else:  # a mapping: cells with a role, subject or indent
                row = self.record(child, Row, depth + 1)
                typed = None if row is None else type_row([(c.text, c.span) for c in row.cells], head, self.found,
                                                          row.span, row)
            if typed is not None:
                rows.append(typed)
        return tuple(rows)

    def _cell_text(self, node: Node) -> tuple[str | None, Span]:
        """A cell's printed text (None when blank) and position, before its column types it."""
        if node.__class__ is ScalarNode:
            return (None if _is_null(node) else node.value), node.span
        return self.cell(node).text, node.span  # reports that a cell must be a single value

    # -- values ------------------------------------------------------------------------------

    def value(self, node: Node, kind: int, hint: Any, key: str, depth: int,
              spans: list[tuple[str, Span]] | None = None) -> Any:
        """Convert a node to ``hint``, read as its plan's ``kind`` says; return _MISSING after reporting a
        problem. The items of a list of single values are added to ``spans`` (``paragraphs.2``)."""
        if kind in (_OPTIONAL, _OPTIONAL_TEXT):
            return None if _is_null(node) else self.value(node, *_plan(hint), key, depth, spans)
        if kind == _TUPLE:
            return self.sequence(node, hint, key, depth, spans)
        if kind == _RECORD:
            result = self.record(node, hint, depth)
            return _MISSING if result is None else result
        if kind == _CELL:
            return self.cell(node)
        if not isinstance(node, ScalarNode):
            self.report("KEY003", node, f"“{key}”应是单个值，实际是{_kind(node)}")
            return _MISSING
        return self.scalar(node, kind, hint, key)

    def sequence(self, node: Node, item: Any, key: str, depth: int,
                 spans: list[tuple[str, Span]] | None = None) -> Any:
        if _is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.report("KEY003", node, f"“{key}”应是一个列表（每项以 - 开头），实际是{_kind(node)}")
            return _MISSING
        kind, inner = _plan(item)
        if kind == _RECORD:  # the common case, a list of records
            records = [self.record(child, inner, depth + 1) for child in node.value]
            return tuple([r for r in records if r is not None])
        items: list[Any] = []
        for child in node.value:
            value = self.value(child, kind, inner, key, depth + 1)
            if value is not _MISSING:
                if spans is not None and value is not None and child.__class__ is ScalarNode:
                    spans.append((f"{key}.{len(items)}", child.span))
                items.append(value)
        return tuple(items)

    def scalar(self, node: ScalarNode, kind: int, hint: Any, key: str) -> Any:
        text = node.value
        if kind == _TEXT:
            return self.text(node, key)
        if kind == _AMOUNT:
            amount = Amount.parse(text, node.span)
            if amount is None:
                slip = amount_problem(text)
                if slip is None:
                    self.report("VAL001", node, f"金额“{_short(text)}”不是数字")
                else:
                    self.report("VAL001", node, *slip)
                return _MISSING
            return amount
        if kind == _INDICATOR:
            return IndicatorValue.parse(text, node.span)
        if kind == _ENUM:
            try:
                return hint(text)
            except ValueError:
                allowed = [m.value for m in hint]
                self.report("VAL003", node, f"“{key}”的取值“{text}”无效", "可选：" + "、".join(allowed))
                return _MISSING
        if kind == _CODE:
            problem = SubjectCode.problem(CodeScheme.FUNCTION, text)
            if problem:
                self.report("VAL002", node, f"科目编码“{_short(text)}”有误：{problem}")
                return _MISSING
            return SubjectCode(CodeScheme.FUNCTION, text)
        if kind == _BOOL:
            if not node.style and text in ("true", "false"):
                return text == "true"
            self.report("VAL007", node, f"“{key}”应为 true 或 false，实际是“{_short(text)}”")
            return _MISSING
        if not node.style and _INTEGER.fullmatch(text):
            return int(text)
        self.report("VAL004", node, f"“{key}”应为整数，实际是“{_short(text)}”")
        return _MISSING

    def text(self, node: ScalarNode, key: str) -> Any:
        text = node.value
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
        limit = NAME_LIMIT if key in NAME_KEYS else TEXT_LIMIT
        if len(text) > limit:
            self.report("VAL018", node, f"“{key}”有 {len(text)} 个字符，超过上限 {limit} 个")
            return _MISSING
        return text

    def cell(self, node: Node) -> Cell:
        if node.__class__ is not ScalarNode:
            self.report("KEY003", node, f"单元格应是单个值，实际是{_kind(node)}")
            return Cell(None, span=node.span)
        if len(node.value) > CELL_LIMIT:
            self.report("VAL018", node, f"单元格有 {len(node.value)} 个字符，超过上限 {CELL_LIMIT} 个")
            return Cell(None, span=node.span)
        return Cell(None if _is_null(node) else node.value, span=node.span)


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    return f"单个值“{_short(node.value)}”"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit] + "…"
