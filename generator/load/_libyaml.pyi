# Type stub for the C module built from _libyaml.c.
from typing import Any

def compose(data: bytes, file: str, span: type, scalar: type, sequence: type, mapping: type,
            max_depth: int, /) -> Any: ...
