"""gongkai (公开): a static site generator for Chinese government budget disclosures."""

__version__ = "0.1.0"
