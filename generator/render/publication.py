"""出处 as a reader cites it: the original document's title, publisher, 索引号, 发布日期 and address (never the
transcriber's file name), for the filing page and the workbook."""

from __future__ import annotations

from generator.model.filing import Filing


def publication(filing: Filing) -> list[tuple[str, str]]:
    """(label, text) of each publication detail the filing gives, in the order a citation reads."""
    source = filing.source
    lines: list[tuple[str, str]] = []
    if source is not None:
        for label, value in (("原文", source.title), ("发布机关", source.publisher), ("索引号", source.index_number)):
            if value and value.strip():
                lines.append((label, value.strip()))
    if filing.published_on:
        lines.append(("发布日期", filing.published_on))
    if source is not None and source.url and source.url.strip():
        lines.append(("原文链接", source.url.strip()))
    return lines
