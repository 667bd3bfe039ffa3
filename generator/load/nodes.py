"""Composing YAML into nodes safely: positions kept, aliases refused, limits enforced.

Two paths give the same nodes: plain documents go through libyaml straight into node tuples
(``_libyaml.c``, a filing's ~3,000 nodes in a few milliseconds); anything the loader must report (syntax
errors, aliases, tags, control characters, surrogates, deep nesting) goes through PyYAML's pure-Python
composer, which says where. Nodes are named tuples, the cheapest records to build, each with its span."""

from __future__ import annotations

import os
import re
import stat
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.events import AliasEvent

from generator.diagnostics import Diagnostic, diagnostic
from generator.load.slips import explain_failure
from generator.source import Span, span_from_mark

try:  # built from _libyaml.c when the package is installed; the careful path below does without it
    from generator.load import _libyaml
except ImportError:  # pragma: no cover - exercised only where no C compiler or libyaml headers exist
    _libyaml = None  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
"""a content file's size limit: 36 times the largest real filing (寻乌 2023, 55 KB), small enough that a filing at the
limit checks in seconds and a few hundred megabytes (bench/filing_size.py)"""
_SURROGATE = re.compile("[\ud800-\udfff]")
_FAST_DEPTH = 64  # content nests about 10 deep; deeper files take the careful path, which reports YAML006


class ScalarNode(NamedTuple):
    """A scalar as written: its text, where it starts and its style ("" plain, "'", '"', "|", ">")."""

    value: str
    span: Span
    style: str


class SequenceNode(NamedTuple):
    """A list and its items."""

    value: list[Node]
    span: Span


class MappingNode(NamedTuple):
    """A mapping as (key, value) node pairs in written order (duplicates kept, for reporting)."""

    value: list[tuple[Node, Node]]
    span: Span


Node = ScalarNode | SequenceNode | MappingNode


class _Composer(yaml.SafeLoader):
    """SafeLoader that records aliases instead of expanding them (no alias bombs)."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.found: list[Diagnostic] = []

    def compose_node(self, parent: yaml.nodes.Node | None, index: int) -> yaml.nodes.Node | None:
        if self.check_event(AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            self.found.append(diagnostic("YAML004", _mark_span(self.file, event), f"不允许使用别名 *{event.anchor}"))
            return yaml.nodes.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> yaml.nodes.ScalarNode:
        node = super().compose_scalar_node(anchor)
        if _SURROGATE.search(node.value):
            self.found.append(diagnostic("YAML001", _mark_span(self.file, node),
                                         "YAML 语法错误：转义写出的单独代理项（如 \\ud800）不是字符"))
            node.value = _SURROGATE.sub("\ufffd", node.value)
        return node


def _mark_span(file: str, node: yaml.nodes.Node | AliasEvent) -> Span:
    mark, end = node.start_mark, node.end_mark
    if mark is None:
        return Span(file, 1, 1)
    if end is None:
        return span_from_mark(file, mark.line, mark.column)
    return span_from_mark(file, mark.line, mark.column, end.line, end.column)


def read_file(path: Path, file: str, root: Path | None = None,
              limit: int = MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """A content file's bytes, read once: only a regular file inside the content tree ``root`` (a file named
    outside it, as on the command line, stays inside its own folder), and never more than ``limit`` bytes of it:
    the limit is kept while reading, whatever the file system says its size is. A symlink (of the file or of a
    folder on its way) that leads out, a device, a FIFO or a socket is refused with a message, never opened for
    reading: ``content/pages/env.md -> /proc/self/environ`` must not publish the build's environment."""
    start = Span(file, 1, 1)
    where = path.absolute()
    tree = root.absolute() if root is not None else where.parent
    if not where.is_relative_to(tree):
        tree = where.parent
    try:
        real = where.resolve(strict=True)
        if not real.is_relative_to(tree.resolve()):
            return None, [diagnostic("YAML005", start, "是指向内容目录之外的符号链接，不予读取；"
                                                       "请把文件本身放进内容目录，不要用符号链接")]
        # O_NOFOLLOW: ``real`` has no symlink left (one planted since is refused); O_NONBLOCK: opening a FIFO
        # must not wait for a writer
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "路径无法解析"
        return None, [diagnostic("YAML005", start, f"无法读取文件：{reason}")]
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None, [diagnostic("YAML005", start, "不是普通文件（设备、管道、套接字或目录不能作为内容文件）")]
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            return None, [diagnostic("YAML005", start, f"无法读取文件：{exc.strerror}")]
    if len(data) > limit:
        return None, [diagnostic("YAML005", start, f"文件过大（超过上限 {limit} 字节）")]
    return data, []


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [diagnostic("YAML005", Span(file, 1, 1), f"文件不是 UTF-8 编码：{exc.reason}")]


def compose_file(path: Path, file: str, root: Path | None = None) -> tuple[Node | None, list[Diagnostic]]:
    """Read and compose one YAML file (inside ``root``, see ``read_file``); never raises for bad content."""
    data, found = read_file(path, file, root)
    if data is None:
        return None, found
    text, found = decode(data, file)
    return (None, found) if text is None else compose_text(text, file, data)


@cache
def _implicit(text: str) -> str:
    return str(_RESOLVER.resolve(yaml.nodes.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


_RESOLVER = yaml.resolver.Resolver()


def implicit_tag(node: ScalarNode) -> str:
    """The tag a YAML 1.1 tool gives this scalar (``tag:yaml.org,2002:null``, ``...:bool`` …); quoted and
    block scalars are always strings."""
    return _implicit(node.value) if not node.style else "tag:yaml.org,2002:str"


def _compose_fast(data: bytes, text: str, file: str) -> Node | None:
    """libyaml straight into nodes, for the common case; None (use the careful path, which reports with
    positions) whenever the text has anything that path would report: tabs, control characters, aliases
    and anchors, explicit tags, syntax errors, lone surrogates, nesting too deep."""
    if _libyaml is None or "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(text):  # libyaml allows "a:\tb"
        return None
    node: Node | None = _libyaml.compose(data, file, Span, ScalarNode, SequenceNode, MappingNode, _FAST_DEPTH)
    return node


def _from_pyyaml(node: yaml.nodes.Node, file: str) -> Node:
    """A PyYAML node (from the careful path) as our node."""
    span = _mark_span(file, node)
    if isinstance(node, yaml.nodes.MappingNode):
        return MappingNode([(_from_pyyaml(k, file), _from_pyyaml(v, file)) for k, v in node.value], span)
    if isinstance(node, yaml.nodes.SequenceNode):
        return SequenceNode([_from_pyyaml(item, file) for item in node.value], span)
    assert isinstance(node, yaml.nodes.ScalarNode)
    return ScalarNode(node.value, span, node.style or "")


def compose_text(text: str, file: str, data: bytes | None = None) -> tuple[Node | None, list[Diagnostic]]:
    """Compose one document (``data`` is ``text`` encoded, when the caller has it)."""
    fast = _compose_fast(text.encode("utf-8") if data is None else data, text, file)
    if fast is not None:
        return fast, []
    return _compose_careful(text, file)


def _compose_careful(text: str, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """PyYAML's pure-Python composer: slower, and reports every problem with its position."""
    try:
        composer = _Composer(text, file)  # the reader refuses control characters right here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [diagnostic("YAML001", Span(file, line, column),
                                 f"YAML 语法错误：不允许的控制字符 U+{exc.character:04X}")]
    try:
        composed = composer.get_single_node()
        node = None if composed is None else _from_pyyaml(composed, file)
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        if mark is None:
            return None, [*composer.found, diagnostic("YAML001", Span(file, 1, 1), "YAML 语法错误：无法解析")]
        slip = explain_failure(text, mark.line + 1, mark.column + 1, exc.problem or exc.context or "",
                               exc.context or "", None if context is None else (context.line + 1, context.column + 1))
        span = Span(file, slip.line, slip.column)
        return None, [*composer.found, diagnostic("YAML001", span, f"YAML 语法错误：{slip.message}", slip.hint)]
    except yaml.YAMLError as exc:
        return None, [*composer.found, diagnostic("YAML001", Span(file, 1, 1), f"YAML 语法错误：{exc}")]
    except RecursionError:
        return None, [diagnostic("YAML006", Span(file, 1, 1), "嵌套层级过深，无法读取")]
    finally:
        composer.dispose()
    return node, composer.found
