"""Composing YAML into nodes safely: positions kept, aliases refused, limits enforced."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import Node, ScalarNode

from generator.diagnostics import Diagnostic, diagnostic
from generator.source import Span, span_from_mark

MAX_BYTES = 8 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Composer(yaml.SafeLoader):
    """SafeLoader that records aliases instead of expanding them (no alias bombs)."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.found: list[Diagnostic] = []

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self.found.append(
                diagnostic("YAML004", node_span(self.file, event), f"不允许使用别名 *{event.anchor}")
            )
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        if _SURROGATE.search(node.value):
            self.found.append(diagnostic("YAML001", node_span(self.file, node),
                                         "YAML 语法错误：转义写出的单独代理项（如 \\ud800）不是字符"))
            node.value = _SURROGATE.sub("\ufffd", node.value)
        return node


def node_span(file: str, node: Node | AliasEvent) -> Span:
    mark = node.start_mark
    if mark is None:
        return Span(file, 1, 1)
    return span_from_mark(file, mark.line, mark.column)


def compose_file(path: Path, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """Read and compose one YAML file; never raises for bad content."""
    start = Span(file, 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [diagnostic("YAML005", start, f"文件过大（{size} 字节，上限 {MAX_BYTES} 字节）")]
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [diagnostic("YAML005", start, f"文件不是 UTF-8 编码：{exc.reason}")]
    except OSError as exc:
        return None, [diagnostic("YAML005", start, f"无法读取文件：{exc.strerror}")]
    return compose_text(text, file)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer (about 4x faster than the pure-Python one) without implicit tag resolution:
    records type every value from its text, and ``implicit_tag`` resolves a plain scalar only when asked."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return ""


_FAST = _FastLoader if hasattr(yaml, "CSafeLoader") else None
_FAST_DEPTH = 64  # content nests about 10 deep; deeper files take the careful path
_RESOLVER = yaml.resolver.Resolver()


@cache
def _implicit(text: str) -> str:
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def implicit_tag(node: ScalarNode) -> str:
    """The tag a YAML 1.1 tool gives this scalar (``tag:yaml.org,2002:null``, ``...:bool`` …); quoted and
    block scalars are always strings."""
    return _implicit(node.value) if not node.style else "tag:yaml.org,2002:str"


def _compose_fast(text: str) -> Node | None:
    """libyaml for the common case; None (use the careful path, which reports with positions) whenever the
    text has anything that path would report: tabs, control characters, aliases, syntax errors, lone
    surrogates, nesting too deep.
    Gives the same nodes and line/column marks; plain scalars have style "" or None (records treat both
    as plain)."""
    if _FAST is None or "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):  # libyaml allows "a:\tb"
        return None
    try:
        node: Node | None = yaml.compose(text, Loader=_FAST)
    except (yaml.YAMLError, RecursionError):
        return None
    if node is None:
        return None
    careful = "&" in text or "\\u" in text or "\\U" in text  # an anchor or an escape that may be a surrogate
    stack: list[tuple[Node, int]] = [(node, 0)]
    seen: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if depth > _FAST_DEPTH:  # let the careful path report YAML006
            return None
        if careful:
            if id(current) in seen:  # an alias shares its anchor's node: the careful path reports it
                return None
            seen.add(id(current))
        if current.__class__ is ScalarNode:
            if careful and _SURROGATE.search(current.value):
                return None
            continue
        for item in current.value:
            for child in item if item.__class__ is tuple else (item,):
                if careful or child.__class__ is not ScalarNode:
                    stack.append((child, depth + 1))
    return node


def compose_text(text: str, file: str) -> tuple[Node | None, list[Diagnostic]]:
    fast = _compose_fast(text)
    if fast is not None:
        return fast, []
    try:
        composer = _Composer(text, file)  # the reader refuses control characters right here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [diagnostic("YAML001", Span(file, line, column),
                                 f"YAML 语法错误：不允许的控制字符 U+{exc.character:04X}")]
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = span_from_mark(file, mark.line, mark.column) if mark is not None else Span(file, 1, 1)
        problem = exc.problem or exc.context or "无法解析"
        return None, [*composer.found, diagnostic("YAML001", span, f"YAML 语法错误：{problem}")]
    except yaml.YAMLError as exc:
        return None, [*composer.found, diagnostic("YAML001", Span(file, 1, 1), f"YAML 语法错误：{exc}")]
    except RecursionError:
        return None, [diagnostic("YAML006", Span(file, 1, 1), "嵌套层级过深，无法读取")]
    finally:
        composer.dispose()
    return node, composer.found
