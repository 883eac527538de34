"""Stage 1, ingest: listing files -> PaperCollection + IngestReport."""

from __future__ import annotations

from generator.ingest.read import ingest_paths

__all__ = ["ingest_paths"]
