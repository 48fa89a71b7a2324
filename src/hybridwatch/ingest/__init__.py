"""Sources (one module per format), the safe fetcher, and the ingest run that ties them to the store."""

from hybridwatch.ingest._base import Options, Resource, Source
from hybridwatch.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "Options", "Resource", "Source", "ingest"]
