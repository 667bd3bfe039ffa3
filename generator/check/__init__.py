"""The check stage (数据核查): a catalogue of rules run on each filing after it is loaded and extracted, before it is
rendered. Rules read facts (table, row key, measure), the figures of the text and the model; they never read
printed labels or positions to decide, only to say where. Each filing gets its findings, each at its
``file:line:column`` with the related places, and the outcome of every rule (passed, found, not applicable)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.check import arithmetic, codes, completeness, copies, coverage, names, privacy, tables, text, years
from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.acknowledgement import Acknowledgement
from generator.model.extract import CheckStatus, Extract, Outcome
from generator.model.filing import Filing
from generator.model.forms import DeptOverallForm, ProjectForm
from generator.model.narrative import Glossary, Part, Profile, Section
from generator.model.org import Region
from generator.model.tables import BudgetTable, Row
from generator.reference.templates import templates
from generator.source import Span


def _acknowledgements_rule(ctx: Context) -> Iterable[Diagnostic] | None:
    return None  # reported by ``run`` itself, which knows which findings each note explains


ACK = CheckRule("CHK001", Severity.WARNING, "核查说明没有对应的发现", "核查说明",
                "核查说明（acknowledged）只应说明确实存在的发现：写了说明、规则却没有发现（数字已改正，或规则代码写错），"
                "说明应当删去，免得掩盖今后的问题。",
                "删去这条核查说明，或改正其中的规则代码。",
                example="核查说明写的规则 ARI001 在这里没有发现",
                run=_acknowledgements_rule)

RULES: tuple[CheckRule, ...] = (
    *arithmetic.RULES, *tables.RULES, *text.RULES, *years.RULES, *names.RULES, *copies.RULES, *completeness.RULES,
    *codes.RULES, *privacy.RULES, *coverage.RULES, ACK,
)
"""every rule, in the order the rules page lists them"""

BY_CODE = {rule.code: rule for rule in RULES}


def _notes(filing: Filing) -> Iterator[tuple[Span, Acknowledgement]]:
    """Every acknowledgement with the span of the record it is written on (its scope)."""
    def sections(items: Iterable[Section]) -> Iterator[Section]:
        for item in items:
            yield item
            yield from sections(item.sections)

    records: list[Noted] = [filing, *(p for p in (filing.profile, filing.glossary) if p is not None)]
    for part in (filing.tables_part, filing.explanation):
        if part is not None:
            records += [part, *sections(part.sections)]
    for table in filing.tables:
        records += [table, *(row for row in table.rows if row.acknowledged)]
    records += [*filing.project_forms, *filing.dept_overall_forms]
    for record in records:
        for note in record.acknowledged:
            yield record.span, note


Noted = Filing | Profile | Glossary | Part | Section | BudgetTable | Row | ProjectForm | DeptOverallForm
"""the records a 核查说明 can be written on"""


def _acknowledge(notes: list[tuple[Span, Acknowledgement]], found: list[Diagnostic]) -> list[Diagnostic]:
    """Findings explained by a note on a record that holds them get the note's reason; a note that explains
    nothing is itself a finding (CHK001)."""
    used: set[int] = set()
    result = []
    for finding in found:
        match = None
        for index, (scope, note) in enumerate(notes):
            innermost = match is None or scope.within(notes[match][0])
            if note.rule == finding.code and finding.span.within(scope) and innermost:
                match = index  # the innermost record that explains it
        if match is not None:
            used.add(match)
            finding = Diagnostic(finding.span, finding.code, finding.message, finding.severity, finding.hint,
                                 finding.related, finding.printed, finding.expected, notes[match][1].reason)
        result.append(finding)
    for index, (_, note) in enumerate(notes):
        if index not in used:
            known = "" if note.rule in BY_CODE else "（没有这个规则代码）"
            result.append(Diagnostic(note.spans.of("rule", note.span), ACK.code,
                                     f"核查说明写的规则 {note.rule}{known} 在这里没有发现", ACK.severity, ACK.hint))
    return result


def run(filing: Filing, extract: Extract, region: Region | None,
        prior: Extract | None = None) -> tuple[list[Diagnostic], tuple[Outcome, ...]]:
    """Every rule on one filing (``prior``: the unit's filing of the year before, when there is one): the findings
    (explained ones marked), and how each rule went."""
    if any(d.severity is Severity.ERROR for d in extract.diagnostics):  # a figure it could not read is no blank
        return [], tuple(Outcome(rule.code, CheckStatus.NOT_RUN) for rule in RULES if rule is not coverage.COVERAGE)
    disclosure = region.disclosure(filing.fiscal_year, filing.kind) if region is not None else None
    template = templates().get(disclosure.template) if disclosure is not None and disclosure.template else None
    ctx = Context(filing, extract, region, template, prior)
    found: list[Diagnostic] = []
    ran: list[tuple[CheckRule, int | None]] = []
    for rule in RULES:
        if rule is ACK or rule is coverage.COVERAGE:
            continue  # reported below, and across filings
        ctx.rule = rule
        results = rule.run(ctx)
        if results is None:
            ran.append((rule, None))
            continue
        own = list(results)
        found.extend(own)
        ran.append((rule, len(own)))
    notes = list(_notes(filing))
    found = _acknowledge(notes, found)
    acks = sum(1 for d in found if d.code == ACK.code)
    ran.append((ACK, acks if notes else None))
    outcomes = tuple(Outcome(rule.code, CheckStatus.NOT_APPLICABLE if count is None else
                             CheckStatus.FOUND if count else CheckStatus.PASSED, count or 0)
                     for rule, count in ran)
    return found, outcomes
