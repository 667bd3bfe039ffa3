"""The extract as JSON (format ``gongkai-extract``, version 1; schema in ``extract.schema.json``): written by the
workers, kept in the filing cache, published beside each filing. Reading validates every value and refuses
anything else (``ExtractError``): a cache entry is data, and bad data is recomputed, never trusted."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import (
    SECTIONS,
    VERSION,
    CheckStatus,
    ColumnInfo,
    Counts,
    Extract,
    Fact,
    FactRef,
    FigureLink,
    FormInfo,
    Identity,
    IndicatorFact,
    LinkedFigure,
    Named,
    Outcome,
    Publication,
    RowInfo,
    TableInfo,
)
from generator.model.figures import FigureKind, FigureRole, TextFigure
from generator.model.indicators import Horizon, IndicatorValue, ValueKind
from generator.model.keys import RowKey
from generator.model.kind import FilingKind
from generator.model.measures import Measure, Side
from generator.model.money import MoneyUnit
from generator.model.org import Basis
from generator.source import NOWHERE, Span

FORMAT = "gongkai-extract"
SCHEMA = Path(__file__).with_name("extract.schema.json")

Json = dict[str, Any]
_T = TypeVar("_T")


class ExtractError(ValueError):
    """The text is not a valid extract of this version."""


# -- writing ---------------------------------------------------------------------------------------


def _at(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _named(named: Named | None) -> Json | None:
    return None if named is None else {"id": named.id, "name": named.name, "code": named.code}


def _ref(ref: FactRef) -> Json:
    return {"table": ref.table, "row": str(ref.row), "measure": ref.measure.value}


def _value(value: IndicatorValue | None) -> Json | None:
    if value is None:
        return None
    return {"raw": value.raw, "kind": value.kind.value, "op": value.op,
            "number": None if value.number is None else str(value.number),
            "max": None if value.number_max is None else str(value.number_max), "unit": value.unit,
            "markup_removed": value.markup_removed, "at": _at(value.span)}


def _figure(linked: LinkedFigure) -> Json:
    f, link = linked.figure, linked.link
    return {
        "place": f.place, "context": f.context, "kind": f.kind.value, "role": f.role.value, "text": f.text,
        "value": None if f.value is None else str(f.value), "unit": f.unit, "date": f.date, "direction": f.direction,
        "about": f.about, "base": f.base, "scope": f.scope, "at": _at(f.span), "about_at": _at(f.about_span),
        "concept": linked.concept,
        "link": None if link is None else {"relation": link.relation, "facts": [_ref(r) for r in link.facts],
                                           "base": [_ref(r) for r in link.base]},
    }


def _position(span: Span) -> Json:
    return {"file": span.file, "line": span.line, "column": span.column, "end_line": span.end_line,
            "end_column": span.end_column}


def _diagnostic(d: Diagnostic) -> Json:
    return {**d.as_json(), **_position(d.span), "related": [_position(s) for s in d.related]}


def _head(extract: Extract) -> Json:
    i, c = extract.identity, extract.counts
    return {
        "format": FORMAT,
        "version": VERSION,
        "filing": {"file": i.file, "year": i.year, "kind": i.kind.value, "year_basis": i.year_basis.value,
                   "title": i.title, "path": i.path, "approved_on": i.approved_on, "published_on": i.published_on,
                   "source": None if i.source is None else dataclasses.asdict(i.source),
                   "at": _at(i.span), "region": _named(i.region),
                   "department": _named(i.department), "unit": _named(i.unit)},
        "counts": {"tables": c.tables, "rows": c.rows, "forms": c.forms, "indicators": c.indicators, "facts": c.facts,
                   "figures": c.figures, "linked": c.linked},
        "diagnostics": [_diagnostic(d) for d in extract.diagnostics],
        "checks": [{"rule": o.rule, "status": o.status.value, "findings": o.findings} for o in extract.checks],
    }


def _section(extract: Extract, name: str) -> list[Json]:
    if name == "tables":
        return [{"id": t.id, "kind": t.kind, "title": t.title, "unit": t.unit.value, "at": _at(t.span),
                 "columns": [{"label": c.label, "role": c.role, "measure": c.measure and c.measure.value,
                              "side": c.side and c.side.value} for c in t.columns],
                 "rows": [{"keys": [None if k is None else str(k) for k in r.keys], "names": list(r.names),
                           "anchor": r.anchor, "role": r.role, "at": _at(r.span)} for r in t.rows]}
                for t in extract.tables]
    if name == "forms":
        return [{"id": f.id, "kind": f.kind, "layout": f.layout, "title": f.title, "name": f.name,
                 "unit": f.unit.value, "at": _at(f.span)} for f in extract.forms]
    if name == "facts":
        return [{"table": f.table, "kind": f.kind, "row": str(f.row), "measure": _MEASURE_TEXT[f.measure],
                 "value": str(f.value), "text": f.text, "unit": f.unit.value, "name": f.name, "at": _at(f.span)}
                for f in extract.facts]
    if name == "figures":
        return [_figure(f) for f in extract.figures]
    assert name == "indicators"
    return [{"form": n.form, "project": n.project, "horizon": n.horizon.value, "level1": n.level1,
             "level2": n.level2, "name": n.name, "slot": n.slot, "note": n.note, "set": n.set_label,
             "goal": n.goal, "value": _value(n.value), "prior2": _value(n.prior2),
             "prior1": _value(n.prior1), "at": _at(n.span)} for n in extract.indicators]


_MEASURE_TEXT = {m: m.value for m in Measure}


def _encode(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def head(extract: Extract) -> str:
    """The extract's head alone (format, version, filing, counts, diagnostics) as JSON: what a check reads."""
    return _encode(_head(extract))


def to_json(extract: Extract) -> Json:
    return {**_head(extract), **{name: _section(extract, name) for name in SECTIONS}}


def dumps(extract: Extract) -> str:
    """The whole extract as compact JSON text (one line): what the site publishes."""
    return _encode(to_json(extract))


# -- reading ---------------------------------------------------------------------------------------


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ExtractError(f"expected text, found {type(value).__name__}")
    return value


def _opt(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ExtractError(f"expected an integer, found {type(value).__name__}")
    return value


def _dec(value: Any) -> Decimal:
    try:
        number = Decimal(_str(value))
    except InvalidOperation as exc:
        raise ExtractError(f"not a decimal: {value!r}") from exc
    if not number.is_finite():
        raise ExtractError(f"not a finite decimal: {value!r}")
    return number


def _obj(value: Any) -> Json:
    if type(value) is not dict:
        raise ExtractError(f"expected an object, found {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ExtractError(f"expected a list, found {type(value).__name__}")
    return value


_MEASURES = {m.value: m for m in Measure}
_UNITS = {u.value: u for u in MoneyUnit}
@lru_cache(maxsize=1 << 14)
def _row_key(text: object) -> RowKey:
    """a county's facts name a few thousand distinct rows"""
    return RowKey.parse(_str(text))


@lru_cache(maxsize=1 << 16)
def _cached_decimal(text: object) -> Decimal:
    """amounts recur (each 项 amount is printed in three to five tables)"""
    return _dec(text)


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def at(self, value: Any) -> Span:
        if type(value) is not list or len(value) != 4 or not all(type(n) is int for n in value):
            raise ExtractError("a position is [line, column, end_line, end_column]")
        if not value[0]:
            return NOWHERE
        return Span(self.file, *value)

    def named(self, value: Any) -> Named | None:
        if value is None:
            return None
        data = _obj(value)
        return Named(_str(data["id"]), _str(data["name"]), _opt(data["code"]))

    def ref(self, value: Any) -> FactRef:
        data = _obj(value)
        return FactRef(_str(data["table"]), RowKey.parse(_str(data["row"])), Measure(data["measure"]))

    def value(self, value: Any) -> IndicatorValue | None:
        if value is None:
            return None
        d = _obj(value)
        number, top = d["number"], d["max"]
        markup = d["markup_removed"]
        if type(markup) is not bool:
            raise ExtractError("markup_removed must be true or false")
        return IndicatorValue(_str(d["raw"]), ValueKind(d["kind"]), _opt(d["op"]),
                              None if number is None else _dec(number), None if top is None else _dec(top),
                              _opt(d["unit"]), markup, self.at(d["at"]))

    def figure(self, value: Any) -> LinkedFigure:
        d = _obj(value)
        number = d["value"]
        figure = TextFigure(FigureKind(d["kind"]), FigureRole(d["role"]), _str(d["text"]),
                            None if number is None else _dec(number), _opt(d["unit"]), _opt(d["date"]),
                            _int(d["direction"]), _opt(d["about"]), _opt(d["base"]), _opt(d["scope"]),
                            _str(d["place"]), _opt(d["context"]), self.at(d["at"]), self.at(d["about_at"]))
        link = d["link"]
        found = None
        if link is not None:
            data = _obj(link)
            found = FigureLink(_str(data["relation"]), tuple(self.ref(r) for r in _list(data["facts"])),
                               tuple(self.ref(r) for r in _list(data["base"])))
        return LinkedFigure(figure, _opt(d["concept"]), found)

    def fact(self, value: Any) -> Fact:
        """The hot path of reading a county's extracts (some 100,000 facts): each value checked once, vocabularies
        and repeated texts looked up in tables."""
        d = _obj(value)
        table, kind, text, name, at = d["table"], d["kind"], d["text"], d["name"], d["at"]
        if type(table) is not str or type(kind) is not str or type(text) is not str \
                or (name is not None and type(name) is not str):
            raise ExtractError("a fact's table, kind, text and name are text")
        if type(at) is not list or len(at) != 4 or type(at[0]) is not int or type(at[1]) is not int \
                or type(at[2]) is not int or type(at[3]) is not int:
            raise ExtractError("a position is [line, column, end_line, end_column]")
        span = Span(self.file, *at) if at[0] else NOWHERE
        return Fact(table, kind, _row_key(d["row"]), _MEASURES[d["measure"]], _cached_decimal(d["value"]), text,
                    _UNITS[d["unit"]], span, name)

    def table(self, value: Any) -> TableInfo:
        d = _obj(value)
        columns = tuple(ColumnInfo(_str(c["label"]), _str(c["role"]),
                                   None if c["measure"] is None else Measure(c["measure"]),
                                   None if c["side"] is None else Side(c["side"]))
                        for c in map(_obj, _list(d["columns"])))
        rows = tuple(RowInfo(tuple(None if k is None else _row_key(k) for k in _list(r["keys"])),
                             tuple(_opt(n) for n in _list(r["names"])), _str(r["anchor"]), _str(r["role"]),
                             self.at(r["at"]))
                     for r in map(_obj, _list(d["rows"])))
        return TableInfo(_str(d["id"]), _str(d["kind"]), _str(d["title"]), MoneyUnit(d["unit"]), columns, rows,
                         self.at(d["at"]))

    def indicator(self, value: Any) -> IndicatorFact:
        d = _obj(value)
        return IndicatorFact(_str(d["form"]), _opt(d["project"]), Horizon(d["horizon"]), _str(d["level1"]),
                             _str(d["level2"]), _opt(d["name"]), self.value(d["value"]), _opt(d["set"]),
                             _opt(d["goal"]), _opt(d["slot"]), _opt(d["note"]), self.value(d["prior2"]),
                             self.value(d["prior1"]), self.at(d["at"]))

    def section(self, name: str, value: Any) -> tuple[Any, ...]:
        read = {"tables": self.table, "forms": self.form, "facts": self.fact, "figures": self.figure,
                "indicators": self.indicator}[name]
        return tuple(read(item) for item in _list(value))

    def form(self, value: Any) -> FormInfo:
        d = _obj(value)
        return FormInfo(_str(d["id"]), _str(d["kind"]), _str(d["layout"]), _str(d["title"]), _opt(d["name"]),
                        MoneyUnit(d["unit"]), self.at(d["at"]))

    def diagnostic(self, value: Any) -> Diagnostic:
        d = _obj(value)
        return Diagnostic(self.position(d), _str(d["code"]), _str(d["message"]), Severity(d["severity"]),
                          _str(d["hint"]), tuple(self.position(r) for r in _list(d["related"])), _opt(d["printed"]),
                          _opt(d["expected"]), _opt(d["acknowledged"]))

    @staticmethod
    def position(value: Any) -> Span:
        d = _obj(value)
        return Span(_str(d["file"]), _int(d["line"]), _int(d["column"]), _int(d["end_line"]), _int(d["end_column"]))


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ExtractError(f"not JSON: {exc}") from exc


def _guarded(read: Callable[[], _T]) -> _T:
    """Run ``read``; any sign of a document that is not a valid extract becomes an ExtractError."""
    try:
        return read()
    except ExtractError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ExtractError(f"not a valid extract: {type(exc).__name__}: {exc}") from exc


def _publication(data: Any) -> Publication | None:
    if data is None:
        return None
    s = _obj(data)
    return Publication(*(_opt(s.get(name)) for name in ("title", "publisher", "index_number", "url")))


def _read_head(data: Any) -> tuple[_Reader, Identity, Counts, tuple[Diagnostic, ...], tuple[Outcome, ...]]:
    root = _obj(data)
    if root.get("format") != FORMAT or root.get("version") != VERSION:
        raise ExtractError(f"not a {FORMAT} document of version {VERSION}")
    f = _obj(root["filing"])
    reader = _Reader(_str(f["file"]))
    unit = reader.named(f["unit"])
    if unit is None:
        raise ExtractError("the filing names no unit")
    identity = Identity(reader.file, unit, _int(f["year"]), FilingKind(f["kind"]), Basis(f["year_basis"]),
                        reader.named(f["region"]), reader.named(f["department"]), _opt(f["title"]),
                        _opt(f["path"]), _opt(f["approved_on"]), _opt(f["published_on"]),
                        _publication(f.get("source")), reader.at(f["at"]))
    c = _obj(root["counts"])
    counts = Counts(*(_int(c[name]) for name in ("tables", "rows", "forms", "indicators", "facts", "figures",
                                                 "linked")))
    checks = tuple(Outcome(_str(o["rule"]), CheckStatus(o["status"]), _int(o["findings"]))
                   for o in map(_obj, _list(root["checks"])))
    return reader, identity, counts, tuple(reader.diagnostic(x) for x in _list(root["diagnostics"])), checks


def from_json(data: Any) -> Extract:
    """An extract from parsed JSON, every section read now; ExtractError when anything is missing, mistyped or
    of another version."""
    def read() -> Extract:
        reader, identity, counts, diagnostics, checks = _read_head(data)
        tables, forms, facts, figures, indicators = (reader.section(name, data[name]) for name in SECTIONS)
        return Extract(identity, counts, tables, forms, facts, figures, indicators, diagnostics, checks=checks)

    return _guarded(read)


def loads(text: str) -> Extract:
    return from_json(_parse(text))


def from_head(head_text: str, document: Callable[[], str]) -> Extract:
    """An extract whose head is read (and validated) now and whose sections are read from the whole
    ``document`` when first asked for: a check never reads them, a build only what its index pages need."""
    def read() -> Extract:
        reader, identity, counts, diagnostics, checks = _read_head(_parse(head_text))
        parsed: list[Json] = []

        def decode(name: str) -> tuple[Any, ...]:
            def section() -> tuple[Any, ...]:
                if not parsed:
                    data = _obj(_parse(document()))
                    if data.get("format") != FORMAT or data.get("version") != VERSION:
                        raise ExtractError(f"not a {FORMAT} document of version {VERSION}")
                    parsed.append(data)
                return reader.section(name, parsed[0][name])

            return _guarded(section)

        return Extract(identity, counts, diagnostics=diagnostics, decode=decode, checks=checks)

    return _guarded(read)


# -- the result of one filing ------------------------------------------------------------------------

FAILED = "gongkai-failed"


def dumps_failure(file: str, diagnostics: list[Diagnostic]) -> str:
    """The result of a filing that could not be loaded: where, and why."""
    return _encode({"format": FAILED, "version": VERSION, "file": file,
                    "diagnostics": [_diagnostic(d) for d in sorted(diagnostics)]})


def load_result(head_text: str, document: Callable[[], str]) -> Extract | tuple[Diagnostic, ...]:
    """A filing's result: its extract (see ``from_head``), or the diagnostics of a filing that could not be
    loaded."""
    data = _parse(head_text)
    if type(data) is dict and data.get("format") == FAILED:
        def failure() -> tuple[Diagnostic, ...]:
            if data.get("version") != VERSION:
                raise ExtractError(f"not a {FAILED} document of version {VERSION}")
            reader = _Reader(_str(data["file"]))
            return tuple(reader.diagnostic(d) for d in _list(data["diagnostics"]))

        return _guarded(failure)
    return from_head(head_text, document)
