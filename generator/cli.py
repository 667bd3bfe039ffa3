"""Command line: parse arguments, run the pipeline, print, exit 0 / 1 (findings) / 2 (usage)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

from generator.diagnostics import Severity, format_text, has_errors
from generator.pipeline import Result, run
from generator.summary import Counts, count

# build and serve import the renderer and the site writer when they start: `gongkai check`, which a clerk
# runs after every edit, does not pay for loading them (about half a second).

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."), help="项目目录（默认当前目录）")
    common.add_argument("--content", type=Path, default=None, help="内容目录（默认 <项目>/content）")
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument("--jobs", "-j", type=int, default=None, help="并行进程数（默认每个处理器核一个）")
    jobs.add_argument("--cache", type=Path, default=None, help="缓存目录（默认 <项目>/.gongkai-cache）")
    jobs.add_argument("--no-cache", action="store_true", help="不读也不写缓存，全部重新读取和生成")
    parser = argparse.ArgumentParser(prog="gongkai", description="预算公开静态网站生成器")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查内容文件", parents=[common, jobs])
    check.add_argument("paths", nargs="*", type=Path, help="要检查的文件或目录（默认全部内容）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="警告也视为不通过（已写核查说明的除外）")
    check.add_argument("--no-rules", action="store_true", help="只检查格式，不运行数据核查规则")
    build = sub.add_parser("build", help="检查并生成网站", parents=[common, jobs])
    build.add_argument("--out", type=Path, default=None, help="输出目录（默认 <项目>/site）")
    build.add_argument("--strict", action="store_true", help="有错误时不发布")
    build.add_argument("--no-search", action="store_true", help="不建立搜索索引（更快，仅供预览）")
    build.add_argument("--no-downloads", action="store_true", help="不生成下载文件（CSV、Excel 工作簿、数据包）")
    synth = sub.add_parser("synth", help="生成模拟县级数据（仅供测试和性能评估）", parents=[common])
    synth.add_argument("--units", type=int, default=120, help="预算单位数")
    synth.add_argument("--years", type=int, default=3, help="年度数")
    synth.add_argument("--seed", type=int, default=1, help="随机种子")
    synth.add_argument("--out", type=Path, required=True, help="输出的内容目录")
    serve = sub.add_parser("serve", help="本地预览，修改内容后自动刷新", parents=[common, jobs])
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
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
    except KeyboardInterrupt:
        return 130
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
               rules=not getattr(args, "no_rules", False), sections=render, downloads=downloads)


def _report(loaded: Result, fmt: str = "text") -> None:
    found = loaded.found
    if fmt == "json":
        print(json.dumps(_json_report(loaded), ensure_ascii=False, indent=2))
        return
    if found:
        print(format_text(found))
    per_region = count(loaded.regions, loaded.extracts)
    for name, counts in per_region.items():
        if counts.filings:
            print(f"{name}：{counts.describe()}")
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
        if args.strict and has_errors(found):
            print("gongkai: 内容有错误，按 --strict 未发布；原有网站保持不变。", file=sys.stderr)
            return EXIT_FINDINGS
        timings = Timings()
        _progress(f"共 {len(rendered.pages)} 个页面，正在用 mkdocs 构建并建立搜索索引……")
        try:
            keep = None if args.no_cache else (args.cache or args.project / ".gongkai-cache") / "site"
            build_site(args.project, rendered, out, loaded.settings.title, timings, search=not args.no_search,
                       keep=keep, store=store)
        except (SiteError, OSError) as exc:
            print(f"gongkai: 构建失败，原有网站保持不变。\n{exc}", file=sys.stderr)
            return EXIT_FINDINGS
    steps = "，".join(f"{name} {secs:.1f} 秒" for name, secs in timings.steps.items())
    print(f"已生成 {len(rendered.pages)} 个页面到 {out}（{steps}；共 {time.perf_counter() - start:.1f} 秒）")
    return EXIT_FINDINGS if has_errors(found) else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """Regenerate the docs tree whenever content changes; mkdocs serve reloads the browser."""
    import subprocess
    import tempfile

    from generator.site import SiteError, update_preview

    work = Path(tempfile.mkdtemp(prefix="gongkai-serve-"))

    def regenerate() -> None:
        loaded = _collect(args, [], render=True)
        if loaded is None or loaded.rendered is None:
            return
        if loaded.found:
            print(format_text(loaded.found), flush=True)
        update_preview(args.project, work, loaded.rendered, loaded.settings.title)

    def snapshot() -> dict[Path, float]:
        return {p: p.stat().st_mtime for p in args.content.rglob("*") if p.is_file()}

    regenerate()
    # --dirty: after an edit mkdocs rebuilds the pages that changed (see update_preview), not the whole
    # county (15 s at 120 units)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dirty", "-a", args.addr,
                               "-f", str(work / "mkdocs.yml")])
    seen = snapshot()
    try:
        while server.poll() is None:
            time.sleep(1)
            now = snapshot()
            if now != seen:
                seen = now
                print("内容已修改，重新生成……", flush=True)
                try:
                    regenerate()
                except SiteError as exc:
                    print(f"gongkai: {exc}", file=sys.stderr)
    finally:
        server.terminate()
    return EXIT_OK


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
