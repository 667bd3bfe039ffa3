"""Command line: parse arguments, run the pipeline, print, exit 0 / 1 (findings) / 2 (usage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.diagnostics import format_json, format_text, has_errors
from generator.load import load_content
from generator.summary import Counts, count

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="预算公开静态网站生成器")
    parser.add_argument("--project", type=Path, default=Path("."), help="项目目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查内容文件")
    check.add_argument("paths", nargs="*", type=Path, help="要检查的文件或目录（默认 content/）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="警告也视为不通过")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        if args.command == "check":
            return _check(args)
    except KeyboardInterrupt:
        return 130
    return EXIT_USAGE


def _split_paths(project: Path, paths: list[Path]) -> tuple[Path, list[Path]] | None:
    root = project / "content"
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            if path.resolve() == root.resolve():
                continue
            files.extend(sorted(p for p in path.rglob("*.yaml") if p.name not in ("region.yaml", "site.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            print(f"gongkai: 找不到 {path}", file=sys.stderr)
            return None
    return root, files


def _check(args: argparse.Namespace) -> int:
    split = _split_paths(args.project, args.paths)
    if split is None:
        return EXIT_USAGE
    root, files = split
    content, found = load_content(root, args.project, only=files)
    if args.format == "json":
        print(format_json(found))
    else:
        if found:
            print(format_text(found))
        per_region = count(content)
        for name, counts in per_region.items():
            if counts.filings:
                print(f"{name}：{counts.describe()}")
        total = sum(per_region.values(), Counts())
        errors = sum(1 for d in found if d.severity.value == "error")
        print(f"合计：{total.describe()}；{errors} 个错误，{len(found) - errors} 个警告")
    failed = has_errors(found) or (args.strict and bool(found))
    return EXIT_FINDINGS if failed else EXIT_OK
