"""The figures printed in a filing's text (概况, 情况说明 with its “三公” section, headings, the forms' text
fields), each at the exact line and column where the figure itself is written."""

from __future__ import annotations

from functools import lru_cache

from generator.load.figures import Found, find_figures
from generator.load.positions import ScalarText
from generator.model.figures import TextFigure
from generator.model.filing import Filing
from generator.model.texts import texts
from generator.source import NOWHERE, Span

_STYLES = frozenset("\"'|>")
"""the first character of a quoted or block scalar (its style)"""


@lru_cache(maxsize=1 << 15)
def _figures_of(text: str) -> tuple[Found, ...]:
    """A text's figures; forms repeat their texts (a county prints some 2,500 distinct texts 10,000 times), so
    each is parsed once per process."""
    return tuple(find_figures(text)) if any(c.isdigit() for c in text) else ()


def _at(span: Span, scalar: ScalarText, start: int, end: int) -> Span:
    """Where ``value[start:end]`` of the scalar at ``span`` is written."""
    return span.at(*scalar.position(start), *scalar.end_position(end))


def text_figures(filing: Filing, source: str) -> tuple[TextFigure, ...]:
    """The figures of every text field, positioned in ``source`` (the file's text)."""
    lines: list[str] | None = None
    found: list[TextFigure] = []
    for value, span, place, context in texts(filing):
        figures = _figures_of(value)
        if not figures:
            continue
        if lines is None:
            lines = source.split("\n")
        mark = lines[span.line - 1][span.column - 1:span.column] if span.line <= len(lines) else ""
        scalar = ScalarText(lines, (span.line, span.column), (span.end_line, span.end_column),
                            mark if mark in _STYLES else "", value)
        for f in figures:
            about = _at(span, scalar, f.about_start, f.about_end) if f.about is not None and f.about_start >= 0 \
                else NOWHERE
            found.append(TextFigure(f.kind, f.role, f.text, f.value, f.unit, f.date, f.direction, f.about, f.base,
                                    f.scope, place, context, _at(span, scalar, f.start, f.end), about))
    return tuple(found)
