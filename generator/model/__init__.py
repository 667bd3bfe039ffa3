"""The filing model: frozen dataclasses, exact amounts, closed vocabularies. No I/O."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

DERIVED = MappingProxyType({"derived": True})
"""field metadata: the loader computes the field; it is not a YAML key"""


def derived(default: Any) -> Any:
    """A field the loader fills in after reading the file (a row's keys, a text's figures), never written."""
    return dataclasses.field(default=default, metadata=DERIVED)


def is_derived(field: dataclasses.Field[Any]) -> bool:
    return bool(field.metadata.get("derived"))
