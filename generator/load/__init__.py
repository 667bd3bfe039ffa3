"""The load stage: the only code that imports yaml. Content files -> model, with spans."""

from generator.load.content import load_content, load_filing_file

__all__ = ["load_content", "load_filing_file"]
