"""Source positions: where in which content file a value was written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A 1-based position in a content file; ``file`` is relative to the project."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Span("", 0, 0)


def span_from_mark(file: str, line0: int, column0: int) -> Span:
    """Convert a 0-based YAML mark into a 1-based Span (the only place this happens)."""
    return Span(file, line0 + 1, column0 + 1)
