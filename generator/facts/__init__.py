"""The facts stage: a loaded filing -> its extract (table and form facts, the figures of the text linked to
them, indicators, diagnostics). Pure: the same filing gives the same extract, in any process."""

from __future__ import annotations

from collections.abc import Sequence

from generator.diagnostics import Diagnostic
from generator.facts.forms import dept_facts, form_info, indicators, project_facts
from generator.facts.links import link_figures
from generator.facts.tables import table_facts
from generator.model.extract import Counts, Extract, Fact, Identity, Named, Publication, TableInfo
from generator.model.filing import Filing
from generator.model.kind import filing_folder
from generator.model.org import Region


def identity(filing: Filing, region: Region | None) -> Identity:
    org = region.organisation(filing.unit) if region is not None else None
    path = filing_folder(region.slug, filing.unit, filing.fiscal_year, filing.kind) if region and org else None
    parent = region.organisation(org.parent) if region is not None and org is not None and org.parent else None
    unit = Named(filing.unit, org.name if org else (filing.unit_name or filing.unit), org.code if org else None)
    return Identity(
        file=filing.file, unit=unit, year=filing.fiscal_year, kind=filing.kind, year_basis=filing.fiscal_year_basis,
        region=Named(region.slug, region.name, region.code) if region is not None else None,
        department=Named(parent.id, parent.name, parent.code) if parent is not None else None,
        title=filing.title, path=path, approved_on=filing.approved_on, published_on=filing.published_on,
        source=_publication(filing), span=filing.span,
    )


def _publication(filing: Filing) -> Publication | None:
    s = filing.source
    if s is None or not (s.title or s.publisher or s.index_number or s.url):
        return None
    return Publication(s.title, s.publisher, s.index_number, s.url)


def extract(filing: Filing, region: Region | None, found: Sequence[Diagnostic]) -> Extract:
    """数据摘录 of one filing, registered in ``region`` (None: in no region, so it is not published)."""
    facts: list[Fact] = []
    tables: list[TableInfo] = []
    for table in filing.tables:
        own, info = table_facts(table)
        facts.extend(own)
        tables.append(info)
    forms = [form_info(f) for f in filing.project_forms] + [form_info(f) for f in filing.dept_overall_forms]
    for form in filing.project_forms:
        facts.extend(project_facts(form))
    for dept in filing.dept_overall_forms:
        facts.extend(dept_facts(dept, filing.fiscal_year))
    found_indicators = [i for form in filing.project_forms for i in indicators(form.id, form.name, form.indicator_sets)]
    found_indicators += [i for d in filing.dept_overall_forms for i in indicators(d.id, None, d.indicator_sets)]
    org = region.organisation(filing.unit) if region is not None else None
    names = [filing.unit_name or "", *((org.name, *org.aliases) if org is not None else ())]
    figures = link_figures(filing.figures, tables, forms, names, {f.ref for f in facts if f.kind == "project_form"})
    counts = Counts(tables=len(tables), rows=sum(len(t.rows) for t in tables), forms=len(forms),
                    indicators=len(found_indicators), facts=len(facts), figures=len(figures),
                    linked=sum(1 for f in figures if f.link is not None))
    return Extract(identity(filing, region), counts, tuple(tables), tuple(forms), tuple(facts), figures,
                   tuple(found_indicators), tuple(sorted(found)))
