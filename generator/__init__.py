"""Paper site generator: listings -> ingest -> enrich -> render -> MkDocs site."""

from generator.paper import Paper, PaperCollection, Source

__version__ = "0.1.0"  # keep equal to pyproject.toml's version (a test checks)
__all__ = ["Paper", "PaperCollection", "Source", "__version__"]
