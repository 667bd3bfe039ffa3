"""A filing's text fields, walked in document order: 概况, the 情况说明 with its “三公” section, headings and titles,
the forms' text. Figures are found in them (load/texts.py), and rules read them (check/)."""

from __future__ import annotations

from generator.model.filing import Filing
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.narrative import Part, Section
from generator.source import Span, Spans

Text = tuple[str, Span, str, str | None]
"""a text field: its value, where it is written, its place (``explanation.1.3.p0``) and its context"""

_FORM_FIELDS = ("title", "subtitle", "period", "overview", "basis", "feasibility", "necessity", "history",
                "calculation_basis", "duties_summary", "safeguards", "other_issues")


def _field(out: list[Text], spans: Spans, name: str, value: str | None, place: str, context: str | None) -> None:
    if value:
        span = spans.get(name)
        if span is not None:
            out.append((value, span, place, context))


def _list(out: list[Text], spans: Spans, name: str, values: tuple[str | None, ...], place: str,
          context: str | None) -> None:
    for index, value in enumerate(values):
        if value:
            _field(out, spans, f"{name}.{index}", value, f"{place}.{index}", context)


def _part(out: list[Text], part: Part, name: str) -> None:
    _field(out, part.spans, "heading", part.heading, f"{name}.heading", None)
    _field(out, part.spans, "note", part.note, f"{name}.note", None)
    _list(out, part.spans, "paragraphs", part.paragraphs, f"{name}.paragraphs", None)
    for index, section in enumerate(part.sections, 1):
        _section(out, section, f"{name}.{index}", None)


def _section(out: list[Text], section: Section, place: str, context: str | None) -> None:
    context = section.role.value if section.role is not None else context
    _field(out, section.spans, "title", section.title, f"{place}.title", context)
    _list(out, section.spans, "paragraphs", section.paragraphs, f"{place}.paragraphs", context)
    for index, child in enumerate(section.sections, 1):
        _section(out, child, f"{place}.{index}", context)


def _project(out: list[Text], form: ProjectForm) -> None:
    place, context = f"project_forms.{form.id}", f"form:{form.id}"
    for name in _FORM_FIELDS:
        _field(out, form.spans, name, getattr(form, name), f"{place}.{name}", context)
    if form.goals is not None:
        goals = form.goals
        _list(out, goals.spans, "long_term", goals.long_term, f"{place}.goals.long_term", context)
        _list(out, goals.spans, "annual", goals.annual, f"{place}.goals.annual", context)
        for index, scoped in enumerate(goals.scoped):
            _field(out, scoped.spans, "text", scoped.text, f"{place}.goals.scoped.{index}", context)
    if form.detail_budget is not None:
        for index, item in enumerate(form.detail_budget.items):
            _field(out, item.spans, "text", item.text, f"{place}.detail.{index}", context)
    for index, row in enumerate(form.schedule):
        for name in ("content", "start", "end"):
            _field(out, row.spans, name, getattr(row, name), f"{place}.schedule.{index}.{name}", context)


def _dept(out: list[Text], form: DeptOverallForm) -> None:
    place, context = f"dept_overall_forms.{form.id}", f"form:{form.id}"
    _field(out, form.spans, "long_term_until", form.long_term_until, f"{place}.long_term_until", context)
    for name, items in (("functions", form.functions), ("annual_tasks", form.annual_tasks)):
        for index, item in enumerate(items):
            _field(out, item.spans, "text", item.text, f"{place}.{name}.{index}", context)
    _list(out, form.spans, "long_term_goals", form.long_term_goals, f"{place}.long_term_goals", context)
    _list(out, form.spans, "annual_goals", form.annual_goals, f"{place}.annual_goals", context)
    for index, project in enumerate(form.projects):
        _field(out, project.spans, "usage", project.usage, f"{place}.projects.{index}.usage", context)


def texts(filing: Filing) -> list[Text]:
    """Every text field that may print figures, in document order."""
    out: list[Text] = []
    _field(out, filing.spans, "title", filing.title, "title", None)
    if filing.profile is not None:
        profile = filing.profile
        _field(out, profile.spans, "heading", profile.heading, "profile.heading", "profile")
        for index, duty in enumerate(profile.duties):
            _field(out, duty.spans, "text", duty.text, f"profile.duties.{index}", "profile")
        _field(out, profile.spans, "staffing_text", profile.staffing_text, "profile.staffing", "profile")
    for part, name in ((filing.tables_part, "tables_part"), (filing.explanation, "explanation")):
        if part is not None:
            _part(out, part, name)
    for form in filing.project_forms:
        _project(out, form)
    for dept in filing.dept_overall_forms:
        _dept(out, dept)
    return out
