"""The process's registry of speed records, and whether one is in place."""

from __future__ import annotations

from jekyll_book.speed.records import RECORDS
from jekyll_book.speed.registry import Registry

#: one per process: what the records replace is process-wide
REGISTRY = Registry(RECORDS)


def active(name: str) -> bool:
    """Whether record ``name`` is in place (the switch is on, it applies here)."""
    return REGISTRY.active(name)
