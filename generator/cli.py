"""Command line: parse arguments, run the pipeline, print, exit 0 / 1 (findings) / 2 (usage)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

from generator.arguments import Parser, add_version
from generator.diagnostics import Severity, format_text, has_errors, visible, visible_json
from generator.model.kind import FilingKind
from generator.pipeline import Result, run
from generator.shards import WorkerError
from generator.summary import Counts, count

# build and serve import the renderer and the site writer when they start: `gongkai check`, which a clerk
# runs after every edit, does not pay for loading them (about half a second).

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--project", type=Path, metavar="目录", default=Path("."), help="项目目录（默认当前目录）")
    common.add_argument("--content", type=Path, metavar="目录", default=None, help="内容目录（默认 <项目>/content）")
    jobs = Parser(add_help=False)
    jobs.add_argument("--jobs", "-j", type=int, metavar="N", default=None, help="并行进程数（默认每个处理器核一个）")
    jobs.add_argument("--cache", type=Path, metavar="目录", default=None, help="缓存目录（默认 <项目>/.gongkai-cache）")
    jobs.add_argument("--no-cache", action="store_true", help="不读也不写缓存，全部重新读取和生成")
    parser = Parser(prog="gongkai", description="预算公开静态网站生成器")
    add_version(parser)
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                                help="（每个命令加 --help 查看其选项）")
    check = sub.add_parser("check", help="检查内容文件", parents=[common, jobs])
    check.add_argument("paths", nargs="*", type=Path, metavar="路径", help="要检查的文件或目录（默认全部内容）")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="输出格式：text 逐条文字（默认），json 供程序读取的 JSON")
    check.add_argument("--strict", action="store_true", help="警告也视为不通过（已写核查说明的除外）")
    check.add_argument("--no-rules", action="store_true", help="只检查格式，不运行数据核查规则")
    build = sub.add_parser("build", help="检查并生成网站", parents=[common, jobs])
    build.add_argument("--out", type=Path, metavar="目录", default=None, help="输出目录（默认 <项目>/site）")
    build.add_argument("--strict", action="store_true", help="有未说明的警告时也不发布")
    build.add_argument("--keep-going", action="store_true",
                       help="有错误的公开文件整份不发布（列出这些文件），其余照常发布")
    build.add_argument("--no-search", action="store_true", help="不建立搜索索引（更快，仅供预览）")
    build.add_argument("--no-downloads", action="store_true", help="不生成下载文件（CSV、Excel 工作簿、数据包）")
    synth = sub.add_parser("synth", help="生成模拟县级数据（仅供测试和性能评估）", parents=[common])
    synth.add_argument("--units", type=int, metavar="N", default=120, help="预算单位数")
    synth.add_argument("--years", type=int, metavar="N", default=3, help="年度数")
    synth.add_argument("--seed", type=int, metavar="N", default=1, help="随机种子")
    synth.add_argument("--out", type=Path, metavar="目录", required=True, help="输出的内容目录")
    imp = sub.add_parser("import-xlsx", help="从预算系统导出的 Excel 工作簿（.xlsx）导入公开表，生成公开文件",
                         parents=[common])
    imp.add_argument("workbook", type=Path, metavar="工作簿", help="要导入的 .xlsx 工作簿")
    imp.add_argument("--out", type=Path, default=None, metavar="文件", help="写入的公开文件（默认输出到屏幕）")
    imp.add_argument("--unit", default=None, metavar="单位", help="单位标识（region.yaml 中登记的 id）")
    imp.add_argument("--year", type=int, default=None, metavar="年度",
                     help="预算年度（默认从表名、表头中印出的年度判断）")
    imp.add_argument("--wanyuan", action="store_true", help="把以元为单位的表精确折算为万元（默认保留原表单位）")
    imp.add_argument("--format", choices=("text", "json"), default="text",
                     help="问题的输出格式：text 逐条文字（默认），json 供程序读取的 JSON")
    new = sub.add_parser("new", help="新建一份公开文件（按地区表样列出应公开的表和说明，金额空白）", parents=[common])
    new.add_argument("--unit", required=True, metavar="单位", help="单位标识（region.yaml 中登记的 id）")
    new.add_argument("--year", type=int, required=True, metavar="年度", help="预算年度（4 位年份）")
    new.add_argument("--kind", choices=[k.value for k in FilingKind], default="budget",
                     help="公开类别：budget 部门预算（默认），final 部门决算")
    new.add_argument("--from", dest="earlier", type=Path, default=None, metavar="文件",
                     help="以此前的一份公开文件为底稿：沿用表样、名称和编码，清空金额，上年数取自底稿")
    new.add_argument("--out", type=Path, default=None, metavar="文件",
                     help="写到哪个文件（默认 <内容目录>/<地区>/<单位>/<年度>-<类别>.yaml；已存在的文件不覆盖）")
    serve = sub.add_parser("serve", help="本地预览，修改内容后自动刷新", parents=[common, jobs])
    serve.add_argument("--addr", default="127.0.0.1:8000", metavar="地址", help="监听地址（默认 127.0.0.1:8000）")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    args.content = args.content or args.project / "content"
    if getattr(args, "jobs", None) is not None and args.jobs < 1:
        print("gongkai: --jobs 须为正整数", file=sys.stderr)
        return EXIT_USAGE
    if args.command in ("check", "build"):
        # One batch run builds an immutable model of millions of small objects and exits: the cycle
        # collector would only re-scan them again and again (a third of the run at county scale).
        gc.disable()
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "build":
            return _build(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "synth":
            return _synth(args)
        if args.command == "import-xlsx":
            return _import(args)
        if args.command == "new":
            from generator.author.command import new

            return new(args)
    except KeyboardInterrupt:
        return 130
    except WorkerError as exc:  # a fault of gongkai's, not of the content: say so, and where
        print(f"gongkai: 处理公开文件的工作进程出错，未发布任何内容（这是 gongkai 的缺陷，请报告）：\n{exc}",
              file=sys.stderr)
        return EXIT_FINDINGS
    except BrokenPipeError:  # `gongkai check | head`: the reader has gone, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the final flush cannot fail too
        return EXIT_FINDINGS
    return EXIT_USAGE


def _collect(args: argparse.Namespace, paths: list[Path], render: bool = False) -> Result | None:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            if path.resolve() == args.content.resolve():
                continue
            files.extend(sorted(p for p in path.rglob("*.yaml") if p.name not in ("region.yaml", "site.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            print(f"gongkai: 找不到 {path}", file=sys.stderr)
            return None
    if not args.content.is_dir():
        print(f"gongkai: 内容目录 {args.content} 不存在", file=sys.stderr)
        return None
    cache = None if args.no_cache else (args.cache or args.project / ".gongkai-cache")
    downloads = args.command == "build" and not args.no_downloads  # the live preview goes without
    return run(args.content, args.project, only=files, render=render, jobs=args.jobs, cache=cache,
               rules=not getattr(args, "no_rules", False), sections=render, downloads=downloads,
               leave_out=args.command == "build", defer=downloads)


def _report(loaded: Result, fmt: str = "text") -> None:
    found = loaded.found
    if fmt == "json":
        print(visible_json(json.dumps(_json_report(loaded), ensure_ascii=False, indent=2)))
        return
    if found:
        print(format_text(found))
    per_region = count(loaded.regions, loaded.extracts)
    for name, counts in per_region.items():
        if counts.filings:
            print(f"{visible(name)}：{counts.describe()}")
    total = sum(per_region.values(), Counts())
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    warnings = sum(1 for d in found if d.severity is Severity.WARNING and d.acknowledged is None)
    explained = sum(1 for d in found if d.acknowledged is not None)
    infos = sum(1 for d in found if d.severity is Severity.INFO and d.acknowledged is None)
    print(f"合计：{total.describe()}；{errors} 个错误，{warnings} 个警告，{infos} 个提示，{explained} 个已说明")


def _check(args: argparse.Namespace) -> int:
    loaded = _collect(args, args.paths)
    if loaded is None:
        return EXIT_USAGE
    _report(loaded, args.format)
    found = loaded.found
    failed = has_errors(found) or (args.strict and any(d.failing for d in found))
    return EXIT_FINDINGS if failed else EXIT_OK


def _json_report(loaded: Result) -> dict[str, object]:
    """The check as data: every finding (``Diagnostic.as_json``) and, for each filing, how each rule of
    the checker went; the totals the text report ends with."""
    found = loaded.found
    filings = [{
        "file": e.identity.file, "unit": e.identity.unit.id, "year": e.identity.year, "kind": e.identity.kind.value,
        "checks": [{"rule": o.rule, "status": o.status.value, "findings": o.findings} for o in e.checks],
    } for e in loaded.extracts]
    return {
        "format": "gongkai-check", "version": 1,
        "findings": [d.as_json() for d in sorted(found)],
        "filings": filings,
        "totals": {
            "errors": sum(1 for d in found if d.severity is Severity.ERROR),
            "warnings": sum(1 for d in found if d.severity is Severity.WARNING and d.acknowledged is None),
            "infos": sum(1 for d in found if d.severity is Severity.INFO and d.acknowledged is None),
            "acknowledged": sum(1 for d in found if d.acknowledged is not None),
        },
    }


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from generator.publish import locked, out_problem
    from generator.site import SiteError, Timings, build_site

    start = time.perf_counter()
    out = Path(os.path.abspath(args.out or args.project / "site"))
    problem = out_problem(out, args.project, args.content)
    if problem is not None:
        print(f"gongkai: {problem}", file=sys.stderr)
        return EXIT_USAGE
    def waiting() -> None:
        print(f"gongkai: 另一个构建正在生成 {out}，等它结束后再开始……", file=sys.stderr, flush=True)

    # one build of a site at a time, from loading on: the second reuses what the first left in the cache
    with locked(out, waiting) as store:
        _progress("读取并检查内容……")
        loaded = _collect(args, [], render=True)
        if loaded is None:
            return EXIT_USAGE
        found, rendered = loaded.found, loaded.rendered
        assert rendered is not None
        _report(loaded)
        refused = _refusal(loaded, args.keep_going)
        if refused is None and args.strict and any(d.failing for d in found):
            refused = "gongkai: 有未写核查说明的警告，按 --strict 未发布；原有网站保持不变。"
        if refused:
            if rendered.later is not None:  # nothing is published: the downloads being made are not wanted
                rendered.later.stop()
            print(refused, file=sys.stderr)
            return EXIT_FINDINGS
        timings = Timings()
        _progress(f"共 {len(rendered.pages)} 个页面，正在用 mkdocs 构建并建立搜索索引……")
        try:
            keep = None if args.no_cache else (args.cache or args.project / ".gongkai-cache") / "site"
            build_site(args.project, rendered, out, loaded.settings.title, timings, search=not args.no_search,
                       keep=keep, store=store)
        except (SiteError, WorkerError, OSError) as exc:
            print(f"gongkai: 构建失败，原有网站保持不变。\n{visible(str(exc), lines=True)}", file=sys.stderr)
            return EXIT_FINDINGS
    steps = "，".join(f"{name} {secs:.1f} 秒" for name, secs in timings.steps.items())
    print(f"已生成 {len(rendered.pages)} 个页面到 {out}（{steps}；共 {time.perf_counter() - start:.1f} 秒）")
    if loaded.broken:
        print("以下文件有错误，其中的公开文件整份未发布（页面、下载、搜索和列表中都没有）：\n"
              + _error_places(loaded, loaded.broken), file=sys.stderr)
    return EXIT_FINDINGS if has_errors(found) else EXIT_OK


def _error_places(loaded: Result, files: tuple[str, ...]) -> str:
    """Where each error of those files is, one ``file:line:column`` a line, by file."""
    places = sorted({(d.span.file, d.span.line, d.span.column) for d in loaded.found
                     if d.span.file in files and d.severity is Severity.ERROR})
    return "\n".join(f"  {file}:{line}:{column}" for file, line, column in places)


def _refusal(loaded: Result, keep_going: bool) -> str | None:
    """Why the build does not replace the site, or None: while any file has an error, nothing is published
    (a filing is never published by halves, nor under another unit's name), unless ``--keep-going`` leaves the
    broken filings out whole."""
    if not loaded.broken or keep_going:
        return None
    return ("gongkai: 以下文件有错误，网站未更新，原有网站保持不变：\n" + _error_places(loaded, loaded.broken)
            + "\n改正这些错误后重新构建；或用 --keep-going 发布其余内容（有错误的公开文件整份不发布）。")


def _serve(args: argparse.Namespace) -> int:
    """Regenerate the docs tree whenever content changes; mkdocs serve reloads the browser."""
    from generator.preview import PreviewError, serve
    from generator.render import Rendered
    from generator.site import SiteError, update_preview

    def regenerate(work: Path) -> Rendered | None:
        loaded = _collect(args, [], render=True)
        if loaded is None or loaded.rendered is None:
            return None
        open_findings = [d for d in loaded.found if d.acknowledged is None]  # explained ones need nothing
        if open_findings:
            print(format_text(open_findings), flush=True)
        try:
            update_preview(args.project, work, loaded.rendered, loaded.settings.title)
        except SiteError as exc:
            print(f"gongkai serve：{exc}", file=sys.stderr, flush=True)
            return None
        return loaded.rendered

    def snapshot() -> dict[Path, float]:
        return {p: p.stat().st_mtime for p in args.content.rglob("*") if p.is_file()}

    seen = snapshot()

    def changed() -> bool:
        nonlocal seen
        now = snapshot()
        if now == seen:
            return False
        seen = now
        return True

    try:
        return serve(args.project, args.addr, regenerate, changed)
    except PreviewError as exc:
        print(f"gongkai serve：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("预览已停止。", flush=True)
        return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Workbook -> filing: the YAML to --out (or standard output), the problems to standard error."""
    from generator.importer import Options, import_workbook
    from generator.importer.problems import format_problems, has_errors

    if not args.workbook.is_file():
        print(f"gongkai: 找不到工作簿 {args.workbook}", file=sys.stderr)
        return EXIT_USAGE
    if args.year is not None and not 1990 <= args.year <= 2100:
        print("gongkai: --year 须为 1990 到 2100 之间的年度", file=sys.stderr)
        return EXIT_USAGE
    try:
        imported = import_workbook(args.workbook, Options(args.unit, args.year, args.wanyuan))
    except Exception as exc:  # a bug of ours on an unforeseen workbook: a sentence for the clerk, not a traceback
        print(f"gongkai: 导入 {args.workbook.name} 时程序出错（{type(exc).__name__}），"
              "请把工作簿和这条信息报告给维护人员", file=sys.stderr)
        return EXIT_FINDINGS
    problems = imported.problems
    if args.format == "json":
        report = {"format": "gongkai-import", "version": 1, "tables": imported.tables, "rows": imported.rows,
                  "problems": [p.as_json() for p in sorted(problems)]}
        print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr)
    elif problems:
        print(format_problems(problems), file=sys.stderr)
    if imported.text:
        if args.out is None:
            sys.stdout.write(imported.text)
        else:
            try:
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(imported.text, encoding="utf-8")
            except OSError as exc:
                print(f"gongkai: 无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
                return EXIT_USAGE
    if args.format == "text":
        counts = {s: sum(1 for p in problems if p.severity is s) for s in Severity}
        where = f"，已写入 {args.out}" if args.out is not None and imported.text else ""
        print(f"导入 {imported.tables} 张表、{imported.rows} 行{where}；{counts[Severity.ERROR]} 个错误，"
              f"{counts[Severity.WARNING]} 个警告，{counts[Severity.INFO]} 个提示", file=sys.stderr)
    return EXIT_FINDINGS if has_errors(problems) else EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    from generator.synth import write_county

    if args.units < 1 or args.years < 1:
        print("gongkai: --units 和 --years 须为正整数", file=sys.stderr)
        return EXIT_USAGE
    try:
        files = write_county(args.out, units=args.units, years=args.years, seed=args.seed)
    except OSError as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"已在 {args.out} 生成 {files} 个内容文件（{args.units} 个单位 × {args.years} 个年度）")
    return EXIT_OK
