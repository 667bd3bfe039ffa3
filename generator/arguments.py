"""The command line's argument parser, in Chinese: help, usage, group titles and argparse's own error messages."""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from typing import Any, NoReturn

_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$"),
     r"参数 \1 的取值 \2 无效（可选：\3）"),
    (re.compile(r"^argument (.*?): invalid (\w+) value: (.*)$"), r"参数 \1 的取值 \3 无效（应为 \2）"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"参数 \1 后面需要一个值"),
    (re.compile(r"^argument (.*?): expected at least one argument$"), r"参数 \1 后面至少需要一个值"),
    (re.compile(r"^argument (.*?): not allowed with argument (.*)$"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"^ambiguous option: (.*?) could match (.*)$"), r"选项 \1 不明确，可能是：\2"),
)
_TYPES = {"int": "整数"}


def translate(message: str) -> str:
    """argparse's English error message in Chinese (left as it is when it is not one of the known forms)."""
    for pattern, replacement in _ERRORS:
        if pattern.match(message):
            text = pattern.sub(replacement, message)
            return re.sub(r"（应为 (\w+)）", lambda m: f"（应为{_TYPES.get(m[1], m[1])}）", text)
    return message


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose every word a user sees is Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.pop("add_help", True)
        parents: list[argparse.ArgumentParser] = kwargs.pop("parents", [])
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")
        for parent in parents:  # as argparse does with parents=, once the groups carry their Chinese titles
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")


def add_version(parser: argparse.ArgumentParser) -> None:
    """``--version``: the installed package's version (its metadata), so it cannot drift from pyproject.toml."""
    try:
        version = metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        version = "未安装（从源码运行）"
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}", help="显示版本号并退出")
