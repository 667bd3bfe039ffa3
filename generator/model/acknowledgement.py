"""核查说明: a filing's note that a finding of the checker is known and kept, next to the figure it concerns."""

from __future__ import annotations

from dataclasses import dataclass

from generator.source import NO_SPANS, NOWHERE, Span, Spans


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """核查说明: the published record is reproduced as printed, and the filing says why a finding stands.

    Written on the record that holds the figure (a table row, a 说明 section, a project form, the table, the
    filing), it explains the findings of its rule inside that record: they stay visible to readers as 说明 and
    no longer fail ``gongkai check --strict``."""

    rule: str
    """核查规则代码 (``ARI001``)"""
    reason: str
    """说明 (``原表如此``)"""
    span: Span = NOWHERE
    spans: Spans = NO_SPANS
    """where each field's value was written"""
