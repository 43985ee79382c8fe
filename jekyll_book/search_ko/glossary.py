"""``jekyll_search_glossary``: words that mean the same thing to a reader.

Each entry is ``"카프카 = Kafka"`` or ``"쿠버네티스 = Kubernetes = k8s"``.
At query time any side finds pages that use another side; at index time
the Korean sides become user words of the analyser, so a coined term
("에러버짓") is kept whole instead of being cut into syllables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_WORD = re.compile(r"^\w+$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


class GlossaryError(ValueError):
    """An entry that cannot be used; the message says how to write it."""


def parse_entry(entry: object) -> tuple[str, ...]:
    """``"카프카 = Kafka"`` → ``("카프카", "Kafka")``, or raise :class:`GlossaryError`."""
    if not isinstance(entry, str):
        raise GlossaryError(f"{entry!r} is not a string; write it as \"카프카 = Kafka\"")
    sides = tuple(side.strip() for side in entry.split("="))
    if len(sides) < 2 or not all(sides):
        raise GlossaryError(
            f"{entry!r} needs two or more words separated by '=', e.g. \"카프카 = Kafka\""
        )
    for side in sides:
        if not _WORD.match(side):
            raise GlossaryError(
                f"{entry!r}: {side!r} is not a single word (letters, digits, _); "
                "glue or drop the spaces, e.g. \"서비스메시 = istio\""
            )
    return sides


@dataclass(frozen=True)
class Glossary:
    """Validated entries, in the order they were written."""

    entries: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def parse(
        cls, raw: Iterable[object], on_error: Callable[[int, GlossaryError], None]
    ) -> Glossary:
        """Keep the valid entries; report each invalid one (by index) and skip it."""
        entries = []
        for i, entry in enumerate(raw):
            try:
                entries.append(parse_entry(entry))
            except GlossaryError as err:
                on_error(i, err)
        return cls(tuple(entries))

    @property
    def user_words(self) -> tuple[str, ...]:
        """Korean sides, for the analyser's user dictionary."""
        words = (w for entry in self.entries for w in entry if _HANGUL.search(w))
        return tuple(sorted(set(words)))

    def groups(self, normalise: Callable[[str], str]) -> list[list[str]]:
        """Entries as index terms (lower-cased, stemmed like the index)."""
        return [list(dict.fromkeys(normalise(w) for w in entry)) for entry in self.entries]

    def to_option(self) -> str:
        """One string for ``html_search_options`` (its values are strings)."""
        return "\n".join(" = ".join(entry) for entry in self.entries)

    @classmethod
    def from_option(cls, value: str) -> Glossary:
        lines = (line for line in value.splitlines() if line.strip())
        return cls(tuple(parse_entry(line) for line in lines))
