"""科目编码: each printed code has its parent printed above it, is a code of the 政府收支分类科目 and carries its
official name; the glossary's 支出科目 are subjects the tables have."""

from __future__ import annotations

from collections.abc import Iterable

from generator.check.arithmetic import row_name
from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.keys import RowKey, RowKind
from generator.reference import catalogue, normalise, official_name

W, INFO = Severity.WARNING, Severity.INFO
_SUBJECTS = (RowKind.FUNCTION, RowKind.ECONOMIC)


def parents(ctx: Context) -> Iterable[Diagnostic] | None:
    """COD001: in a table that lists 类, 款 and 项, each 款 and 项 has its parent printed (the hierarchy is not
    broken)."""
    found: list[Diagnostic] = []
    applicable = False
    for table in ctx.extract.tables:
        keys = ctx.subjects(table)
        present = ctx.row_keys[table.id]
        if not any(len(k.name) == 3 for k in keys) or not any(len(k.name) > 3 for k in keys):
            continue  # a table of 类 alone, or of 项 alone, prints no hierarchy
        applicable = True
        for key in keys:
            parent = key.parent
            if parent is not None and parent not in present:
                message = f"{table.title}列出了 {row_name(table, key)}，但没有列出它的上级科目 {parent.name}"
                found.append(ctx.finding(ctx.row_span(table, key), message, expected=parent.name))
    return found if applicable else None


def names(ctx: Context) -> Iterable[Diagnostic] | None:
    """COD002 and COD003: one pass over the subject rows; each rule keeps its own findings."""
    if "names" not in ctx.memo:
        ctx.memo["names"] = _names(ctx)
    found = ctx.memo["names"]
    if found is None:
        return None
    assert ctx.rule is not None
    return [d for d in found if d.code == ctx.rule.code]


def _names(ctx: Context) -> list[Diagnostic] | None:
    found: list[Diagnostic] = []
    applicable = False
    edition = catalogue().edition
    for table in ctx.extract.tables:
        for row in table.rows:
            for key, printed in zip(row.keys, row.names, strict=False):
                if key is None or key.kind not in _SUBJECTS:
                    continue
                applicable = True
                official = _official(key)
                if official is None:
                    code = key.code
                    assert code is not None
                    message = f"编码 {code.code} 不在 {edition} 年政府收支分类科目中（本站尚未收录，或编码有误）"
                    found.append(ctx.finding(row.span, message, printed=code.code, rule=BY_NAME["COD003"]))
                elif printed and printed != official and normalise(printed) != normalise(official):
                    found.append(ctx.finding(row.span, f"{table.title}中 {key.name} 印作“{printed}”，"
                                                       f"{edition} 年政府收支分类科目的名称是“{official}”",
                                             printed=printed, expected=official, rule=BY_NAME["COD002"]))
    return found if applicable else None


_OFFICIAL: dict[RowKey, str | None] = {}


def _official(key: RowKey) -> str | None:
    """The official name of a subject row's code (the same codes recur in every filing: looked up once)."""
    if key not in _OFFICIAL:
        code = key.code
        _OFFICIAL[key] = official_name(code) if code is not None else None
    return _OFFICIAL[key]


def glossary(ctx: Context) -> Iterable[Diagnostic] | None:
    """COD004: a 支出科目 the glossary explains is a subject some table prints (by its code, or by its name)."""
    if ctx.filing.glossary is None or not ctx.extract.tables:
        return None
    codes = {k for keys in ctx.row_keys.values() for k in keys if k.kind in _SUBJECTS}
    printed: set[str] | None = None  # the names the tables print, gathered when a term has no code
    found: list[Diagnostic] = []
    for group in ctx.filing.glossary.groups:
        if "支出" not in group.title:
            continue
        for term in group.terms:
            if term.subject is not None:
                if RowKey.subject(term.subject) not in codes:
                    message = f"名词解释“{term.term}”对应的科目 {term.subject.code} 在各表中没有"
                    found.append(ctx.finding(term.span, message, printed=term.term))
            else:
                if printed is None:
                    printed = {normalise(n) for t in ctx.extract.tables for r in t.rows for n in r.names if n}
                    printed |= {normalise(_official(k) or "") for k in codes}
                if normalise(term.term) in printed:
                    continue
                found.append(ctx.finding(term.span, f"名词解释中的支出科目“{term.term}”在各表中没有", printed=term.term,
                                         severity=INFO))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("COD001", W, "缺少上级科目", "科目编码",
              "按类、款、项列示的表中，每个款都要列出它所属的类，每个项都要列出它所属的款，层级才完整、合计才能核对。",
              "补上上级科目行，或改正编码。",
              example="部门支出总表列出了 2080109 社会保险经办机构，但没有列出它的上级科目 20801",
              run=parents),
    CheckRule("COD002", W, "科目名称与政府收支分类科目不符", "科目编码",
              "表中印出的科目名称应与当年《政府收支分类科目》中该编码的名称相同（空格不计）；名称不同，可能是编码写错，"
              "也可能沿用了旧名称。",
              "按《政府收支分类科目》改正名称或编码；若原表如此，在该行写核查说明。",
              example="部门支出总表中 2080199 印作“社会保险经办机构”，2023 年政府收支分类科目的名称是"
                      "“其他人力资源和社会保障管理事务支出”",
              run=names),
    CheckRule("COD003", INFO, "编码不在政府收支分类科目中", "科目编码",
              "表中的编码应是当年《政府收支分类科目》中的编码。本站收录的科目见 generator/reference/subjects.toml；"
              "不在其中的编码，可能写错，也可能是本站尚未收录（提示）。",
              "核对编码；编码无误而本站未收录的，请告知本站补充。",
              example="编码 2080190 不在 2023 年政府收支分类科目中（本站尚未收录，或编码有误）",
              run=names),
    CheckRule("COD004", W, "名词解释中的科目在表中没有", "科目编码",
              "名词解释的“支出科目”解释的应是本部门各表中列出的科目；表中没有的科目，解释是从别处复制来的。",
              "删去表中没有的科目，或补上相应的解释。",
              example="名词解释“其他行政事业单位养老支出”对应的科目 2080599 在各表中没有",
              run=glossary),
)

BY_NAME = {rule.code: rule for rule in RULES}
