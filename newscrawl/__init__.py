"""newscrawl: Urdu news sites into clean, deduplicated, documented datasets."""

__version__ = "0.1.0"
