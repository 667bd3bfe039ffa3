"""Source positions: where in which content file a value was written, from its first character to its end."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Span(NamedTuple):
    """A 1-based position in a content file; ``file`` is relative to the project. ``end_line`` and
    ``end_column`` are just after the value's last character (0 when the end is not known: a whole file, a
    diagnostic about a file). A named tuple: there is one on nearly every value, and tuples are the cheapest
    immutable records to make and compare."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def at(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        """Another place in the same file."""
        return Span(self.file, line, column, end_line, end_column)

    def within(self, scope: Span) -> bool:
        """Whether this place starts inside ``scope`` (a record's span; one without an end is one line)."""
        if self.file != scope.file or not scope.line:
            return False
        end = (scope.end_line, scope.end_column) if scope.end_line else (scope.line, 10**9)
        return (scope.line, scope.column) <= (self.line, self.column) <= end


NOWHERE = Span("", 0, 0)


def span_from_mark(file: str, line0: int, column0: int, end_line0: int = -1, end_column0: int = -1) -> Span:
    """Convert 0-based YAML marks (start and, when known, end) into a 1-based Span (the only place this
    happens)."""
    return Span(file, line0 + 1, column0 + 1, end_line0 + 1, end_column0 + 1)


class Spans(tuple[tuple[str, Span], ...]):
    """Where each scalar field of a record was written: field name (``name``, ``paragraphs.2`` for the third
    item of a list) -> its span. Immutable and hashable, like the records that carry it."""

    __slots__ = ()

    def get(self, name: str) -> Span | None:
        for key, span in self:
            if key == name:
                return span
        return None

    def of(self, name: str, default: Span) -> Span:
        found = self.get(name)
        return default if found is None else found

    @classmethod
    def of_items(cls, items: Iterable[tuple[str, Span]]) -> Spans:
        return cls(tuple(items))


NO_SPANS = Spans()
