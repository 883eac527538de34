"""Paper site generator: listings -> ingest -> enrich -> render -> MkDocs site."""

from generator.paper import Paper, PaperCollection, Source

__all__ = ["Paper", "PaperCollection", "Source"]
