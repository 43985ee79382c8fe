"""Shared fixtures: Sphinx test roots live in tests/roots/test-<name>/."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout (corpus, peer cases); absent on some machines
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _speed_records_undone():
    """A test app that is never built leaves the speed records in place (they
    are undone at build-finished): undo them after each test, so that the
    tests themselves (BeautifulSoup, docutils) run the packages' own code."""
    yield
    from jekyll_book.speed import REGISTRY

    REGISTRY.uninstall()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def need_shared(*parts: str) -> Path:
    """Path inside ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not present ({path} missing): corpus/peer-case check skipped")
    return path


def build_root(name: str, dest: Path, buildername: str = "html", **kwargs):
    """Copy test root ``test-<name>`` to ``dest`` and build it once.

    For module-scoped fixtures: ``make_app`` is function-scoped, and most
    tests only read the output of one build.
    """
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(Path(__file__).parent / "roots" / f"test-{name}", dest, symlinks=True)
    app = SphinxTestApp(buildername, srcdir=dest, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app
