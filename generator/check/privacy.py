"""个人信息: personal mobile and resident ID numbers written anywhere in a filing (the site masks them; the clerk
should know they are there)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.forms import Person
from generator.model.tables import ColumnRole
from generator.personal import Found, find
from generator.source import Span

W = Severity.WARNING
_WORDS = (ColumnRole.NAME, ColumnRole.LABEL, ColumnRole.TEXT)


def mobiles(text: str) -> list[str]:
    """The personal mobile numbers in a text, however written (see ``generator.personal``)."""
    return [found.number for found in find(text) if found.kind == "mobile"]


def resident_ids(text: str) -> list[str]:
    """居民身份证号码: 18-digit ones whose check digit is right, and old 15-digit ones with a valid birth date."""
    return [found.number for found in find(text) if found.kind != "mobile"]


_LINK_TAIL = re.compile(r"\]\(([^)]*)\)|\]\[[^\]]*\]|\[")


def _shown(text: str) -> list[Found]:
    """The numbers of the text about as Markdown shows it, for numbers the site masks once rendered: entities
    decoded, link syntax dropped (``[139](url)00000026`` shows as one number), a link's address and title read on
    their own (the site masks attributes too)."""
    if "&" in text:
        text = html.unescape(text)
    if "[" not in text:
        return list(find(text))
    found = {(f.kind, f.number): f for f in find(_LINK_TAIL.sub("", text))}
    for f in find(_LINK_TAIL.sub(lambda m: f" {m[1] or ''} ", text)):
        found.setdefault((f.kind, f.number), f)
    return list(found.values())


def _written(ctx: Context) -> Iterator[tuple[str, Span]]:
    for text, span, _, _ in ctx.texts:
        yield text, span
    people: list[Person] = [p for f in ctx.filing.project_forms for p in f.people]
    people += [d.preparer for d in ctx.filing.dept_overall_forms if d.preparer is not None]
    for person in people:
        if person.phone:
            yield person.phone, person.spans.of("phone", person.span)
    for table in ctx.filing.tables:  # the words of a table are in its name, label and text columns
        words = [i for i, column in enumerate(table.leaves()) if column.role in _WORDS]
        for row in table.rows:
            for i in words:
                cell = row.cells[i] if i < len(row.cells) else None
                if cell is not None and cell.text:
                    yield cell.text, cell.span


def _message(number: Found) -> str:
    if number.kind == "mobile":
        return f"写有个人手机号码（{number.masked}）；网站上已遮蔽，公开前请确认是否应当公开"
    return f"写有居民身份证号码（{number.masked}）；网站上已遮蔽，身份证号码不应公开"


def personal(ctx: Context) -> Iterable[Diagnostic] | None:
    """PRV001."""
    return [ctx.finding(span, _message(number)) for text, span in _written(ctx) for number in _shown(text)]


def in_page(file: str, text: str) -> list[Diagnostic]:
    """PRV001 in a hand-written page (content/pages/*.md), at the line of each number (and its column, when the
    line shows as written)."""
    rule = RULES[0]
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        for number in _shown(line):
            plain = "&" not in line and "[" not in line
            column = number.positions[0] + 1 if plain else 1
            found.append(Diagnostic(Span(file, n, column), rule.code, _message(number), rule.severity, rule.hint))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("PRV001", W, "写有个人手机号码或身份证号码", "个人信息",
              "公开文件中不应有个人手机号码和居民身份证号码；本站默认在网页上遮蔽它们（151****0845），"
              "这条规则告诉录入人员它们在哪里。号码中夹有空格、连字符、点、括号或不可见字符，"
              "带 +86、0086 前缀，用全角数字书写，或在叙述段落中用实体字符（&#49;）书写的，也能识别；"
              "18 位身份证号码按出生日期和校验码识别，15 位旧号码按出生日期识别。"
              "办公电话（如 0797-2832012）不在此列，照常显示。",
              "删去号码，或改写为单位办公电话；若确需保留，在该处写核查说明。",
              example="写有个人手机号码（138****8000）；网站上已遮蔽，公开前请确认是否应当公开",
              run=personal),
)
