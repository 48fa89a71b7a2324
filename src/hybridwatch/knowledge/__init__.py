"""What hybridwatch knows of the region: entities, narratives and facts, as data (``data/``)."""

from hybridwatch.knowledge.pack import Entity, Fact, KnowledgePack, Narrative, load_pack

__all__ = ["Entity", "Fact", "KnowledgePack", "Narrative", "load_pack"]
