"""Every speed record fits the pinned dependencies exactly.

With the versions of requirements.txt installed (as CI installs them), every
target exists and every fingerprint matches: a dependency bump that changes
code behind a record fails here, loudly, while a user who installs that
release merely gets the slower path (and an info line).  To update: read the
upstream change against the record, then ``make speed-fingerprints``.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from jekyll_book.speed import REGISTRY
from jekyll_book.speed.fingerprints import FINGERPRINTS
from jekyll_book.speed.records import RECORDS, all_targets
from jekyll_book.speed.registry import PYTHON, check, fingerprint, installed_version, resolve

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def _distributions() -> set[str]:
    return {d for record in RECORDS for d in record.requires if d != PYTHON}


def test_the_pinned_versions_are_installed() -> None:
    pins = _pins()
    for distribution in sorted(_distributions()):
        assert distribution in pins, f"{distribution} is not pinned in requirements.txt"
        assert metadata.version(distribution) == pins[distribution], (
            f"{distribution} {metadata.version(distribution)} installed, "
            f"{pins[distribution]} pinned: install requirements.txt"
        )


def test_the_pins_are_inside_every_record_range() -> None:
    pins = _pins()
    for record in RECORDS:
        for distribution, spec in record.requires.items():
            version = installed_version(PYTHON) if distribution == PYTHON else pins[distribution]
            assert SpecifierSet(spec).contains(version), (record.name, distribution, spec)


@pytest.mark.parametrize("target", all_targets())
def test_fingerprint_matches_the_pinned_release(target: str) -> None:
    assert target in FINGERPRINTS, f"{target}: run make speed-fingerprints"
    assert fingerprint(resolve(target).raw) == FINGERPRINTS[target], (
        f"{target} changed upstream: review the record that replaces or relies on it, "
        "then run make speed-fingerprints"
    )


def test_every_record_applies_with_the_pins() -> None:
    for record in RECORDS:
        check(record)  # raises Skip, saying why
    assert set(REGISTRY.records) == {r.name for r in RECORDS}


def test_no_fingerprint_is_left_over() -> None:
    assert set(FINGERPRINTS) == set(all_targets())
