"""Source positions: where in which content file a value was written."""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A 1-based position in a content file; ``file`` is relative to the project. A named tuple: there is
    one on nearly every value, and tuples are the cheapest immutable records to make and compare."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Span("", 0, 0)


def span_from_mark(file: str, line0: int, column0: int) -> Span:
    """Convert a 0-based YAML mark into a 1-based Span (the only place this happens)."""
    return Span(file, line0 + 1, column0 + 1)
