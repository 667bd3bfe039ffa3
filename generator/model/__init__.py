"""The filing model: frozen dataclasses, exact amounts, closed vocabularies. No I/O."""
