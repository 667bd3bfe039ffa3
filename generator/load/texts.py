"""The figures printed in a filing's text (概况, 情况说明 with its “三公” section, headings, the forms' text
fields), each at the exact line and column where the figure itself is written."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from generator.load.figures import Found, find_figures
from generator.load.positions import ScalarText
from generator.model.figures import TextFigure
from generator.model.filing import Filing
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.narrative import Part, Section
from generator.source import NOWHERE, Span, Spans

Text = tuple[str, Span, str, str | None]
"""a text field: its value, where it is written, its place (``explanation.1.3.p0``) and its context"""

_FORM_FIELDS = ("title", "subtitle", "period", "overview", "basis", "feasibility", "necessity", "history",
                "calculation_basis", "duties_summary", "safeguards", "other_issues")
_STYLES = frozenset("\"'|>")


def _field(spans: Spans, name: str, value: str | None, place: str, context: str | None) -> Iterator[Text]:
    span = spans.get(name)
    if value and span is not None:
        yield value, span, place, context


def _list(spans: Spans, name: str, values: tuple[str | None, ...], place: str, context: str | None) -> Iterator[Text]:
    for index, value in enumerate(values):
        yield from _field(spans, f"{name}.{index}", value, f"{place}.{index}", context)


def _part(part: Part, name: str) -> Iterator[Text]:
    yield from _field(part.spans, "heading", part.heading, f"{name}.heading", None)
    yield from _field(part.spans, "note", part.note, f"{name}.note", None)
    yield from _list(part.spans, "paragraphs", part.paragraphs, f"{name}.paragraphs", None)
    for index, section in enumerate(part.sections, 1):
        yield from _section(section, f"{name}.{index}", None)


def _section(section: Section, place: str, context: str | None) -> Iterator[Text]:
    context = section.role.value if section.role is not None else context
    yield from _field(section.spans, "title", section.title, f"{place}.title", context)
    yield from _list(section.spans, "paragraphs", section.paragraphs, f"{place}.paragraphs", context)
    for index, child in enumerate(section.sections, 1):
        yield from _section(child, f"{place}.{index}", context)


def _project(form: ProjectForm) -> Iterator[Text]:
    place, context = f"project_forms.{form.id}", f"form:{form.id}"
    for name in _FORM_FIELDS:
        yield from _field(form.spans, name, getattr(form, name), f"{place}.{name}", context)
    if form.goals is not None:
        goals = form.goals
        yield from _list(goals.spans, "long_term", goals.long_term, f"{place}.goals.long_term", context)
        yield from _list(goals.spans, "annual", goals.annual, f"{place}.goals.annual", context)
        for index, scoped in enumerate(goals.scoped):
            yield from _field(scoped.spans, "text", scoped.text, f"{place}.goals.scoped.{index}", context)
    if form.detail_budget is not None:
        for index, item in enumerate(form.detail_budget.items):
            yield from _field(item.spans, "text", item.text, f"{place}.detail.{index}", context)
    for index, row in enumerate(form.schedule):
        for name in ("content", "start", "end"):
            yield from _field(row.spans, name, getattr(row, name), f"{place}.schedule.{index}.{name}", context)


def _dept(form: DeptOverallForm) -> Iterator[Text]:
    place, context = f"dept_overall_forms.{form.id}", f"form:{form.id}"
    yield from _field(form.spans, "long_term_until", form.long_term_until, f"{place}.long_term_until", context)
    for name, items in (("functions", form.functions), ("annual_tasks", form.annual_tasks)):
        for index, item in enumerate(items):
            yield from _field(item.spans, "text", item.text, f"{place}.{name}.{index}", context)
    yield from _list(form.spans, "long_term_goals", form.long_term_goals, f"{place}.long_term_goals", context)
    yield from _list(form.spans, "annual_goals", form.annual_goals, f"{place}.annual_goals", context)
    for index, project in enumerate(form.projects):
        yield from _field(project.spans, "usage", project.usage, f"{place}.projects.{index}.usage", context)


def texts(filing: Filing) -> Iterator[Text]:
    """Every text field that may print figures, in document order."""
    yield from _field(filing.spans, "title", filing.title, "title", None)
    if filing.profile is not None:
        profile = filing.profile
        yield from _field(profile.spans, "heading", profile.heading, "profile.heading", "profile")
        for index, duty in enumerate(profile.duties):
            yield from _field(duty.spans, "text", duty.text, f"profile.duties.{index}", "profile")
        yield from _field(profile.spans, "staffing_text", profile.staffing_text, "profile.staffing", "profile")
    for part, name in ((filing.tables_part, "tables_part"), (filing.explanation, "explanation")):
        if part is not None:
            yield from _part(part, name)
    for form in filing.project_forms:
        yield from _project(form)
    for dept in filing.dept_overall_forms:
        yield from _dept(dept)


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
