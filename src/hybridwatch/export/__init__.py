"""Exports for other tools: STIX 2.1 bundles for threat-intelligence platforms."""
