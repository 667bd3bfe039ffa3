"""``gongkai new``: check the unit, year and files, write the draft filing, say what to do next."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.author.new import Draft, NewError, new_filing
from generator.author.text import filing_text
from generator.diagnostics import Severity, format_text
from generator.load.content import load_filing_file, load_setup
from generator.load.records import IDENTIFIER
from generator.model.kind import FilingKind
from generator.model.org import region_of

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def new(args: argparse.Namespace) -> int:
    try:
        return _new(args)
    except NewError as exc:
        print(f"gongkai new：{exc}", file=sys.stderr)
        return EXIT_USAGE


def _new(args: argparse.Namespace) -> int:
    content: Path = args.content
    unit_id: str = args.unit
    if not IDENTIFIER.fullmatch(unit_id):
        raise NewError(f"单位标识“{unit_id[:40]}”不合规：只能由小写英文字母、数字和连字符组成，以字母或数字开头")
    if not 1990 <= args.year <= 2100:
        raise NewError(f"预算年度 {args.year} 应为 1990 到 2100 之间的 4 位年份")
    if not content.is_dir():
        raise NewError(f"内容目录 {content} 不存在")
    kind = FilingKind(args.kind)
    _, regions, _found = load_setup(content, args.project)
    region = region_of(regions, unit_id)
    organisation = region.organisation(unit_id) if region is not None else None
    if region is None or organisation is None:
        known = "、".join(o.id for r in regions for o in r.organisations)[:200]
        raise NewError(f"单位“{unit_id}”未在任何 region.yaml 中登记；请先在所属地区的 region.yaml 的 organisations "
                       f"中登记它（已登记：{known or '无'}）")
    earlier = None
    if args.earlier is not None:
        path = args.earlier
        inside = path.resolve().is_relative_to(content.resolve())
        if not inside or path.is_symlink() or not path.is_file():
            raise NewError(f"底稿 {path} 须是内容目录 {content} 中的一个公开文件")
        earlier, problems = load_filing_file(path, args.project)
        errors = [d for d in problems if d.severity is Severity.ERROR]
        if earlier is None or errors:
            print(format_text(errors or problems), file=sys.stderr)
            print(f"gongkai new：底稿 {path} 有格式错误，请先改正（gongkai check {path}）", file=sys.stderr)
            return EXIT_FINDINGS
        if earlier.fiscal_year >= args.year:
            raise NewError(f"底稿是 {earlier.fiscal_year} 年的，新文件的年度 {args.year} 应在其后")
    draft = new_filing(organisation, region, args.year, kind, earlier)
    out: Path = args.out or content / region.slug / unit_id / f"{args.year}-{kind.value}.yaml"
    text = filing_text(draft.filing, _header(draft, earlier is not None, args.earlier))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise NewError(f"{out} 已存在，没有覆盖；要重新生成请先移走它，或用 --out 另写一个文件") from None
    except OSError as exc:
        raise NewError(f"无法写入 {out}：{exc.strerror}") from None
    for note in draft.notes:
        print(f"提示：{note}")
    f = draft.filing
    print(f"已新建 {out}：{len(f.tables)} 张表，{_sections(draft)} 节情况说明，"
          f"{len(f.project_forms)} 张项目支出绩效目标表，金额均为空白。照原文填好后运行 gongkai check {out}")
    return EXIT_OK


def _sections(draft: Draft) -> int:
    explanation = draft.filing.explanation
    return len(explanation.sections) if explanation else 0


def _header(draft: Draft, carried: bool, earlier: Path | None) -> str:
    template = f"表样：{draft.template.id}（{draft.template.title}）" if draft.template else "表样：region.yaml 未指定"
    origin = "由 gongkai new 按表样新建"
    if carried and earlier is not None:
        origin = f"底稿：{earlier.as_posix()}（沿用表头、科目名称和编码，金额已清空；上年数取自底稿）"
    return "\n".join([
        f"{draft.filing.fiscal_year} 年{draft.filing.kind.title}公开文件（{draft.filing.unit}），{origin}。",
        template,
        "金额照原文抄写并加英文双引号（如 \"2,495.56\"）；原文空白的写 ~，不要写 0。",
        "写法见网站的“填报说明”（content/pages/guide.md）；填好后运行 gongkai check 检查。",
    ])
