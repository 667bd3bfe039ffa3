"""Reproducible installs: the lock files pin every dependency of pyproject.toml with the hashes of its files, and
the setup script installs from them, requiring the hashes."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", re.M)


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    pins = {m[1].lower().replace("_", "-"): m[2] for m in PIN.finditer(text)}
    listed = re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.M)
    assert len(pins) == len(listed), "a pinned package without hashes"
    return pins


def test_every_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = _pins("runtime.lock"), _pins("test.lock")
    for requirement in project["dependencies"]:
        assert _name(requirement) in runtime and _name(requirement) in test, requirement
    for requirement in project["optional-dependencies"]["test"]:
        assert _name(requirement) in test, requirement
    assert all(test.get(name) == version for name, version in runtime.items()), "the two locks disagree"


def test_setup_installs_from_the_locks_requiring_hashes() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert "--require-hashes -r" in setup and "requirements/test.lock" in setup and "--no-deps -e ." in setup
