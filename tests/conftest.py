"""Shared fixtures: Sphinx test roots live in tests/roots/test-<name>/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout (corpus, peer cases); absent on some machines
SHARED = ROOT.parent / "shared"
#: Debian's Chromium (`make chromium` installs it; `make test` does when it is missing)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: headless, and no background connections (the machine's network is closed)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def render_as_post(markdown: str) -> str:
    """The markdown-it stage of a post alone, as HTML: the parser production
    builds (``build_markdown_parser``), with a document that is a post."""
    import dataclasses
    from collections import defaultdict
    from types import SimpleNamespace

    from myst_parser.config.main import MdParserConfig

    from jekyll_book.config import Settings
    from jekyll_book.source.markdown import build_markdown_parser

    config = SimpleNamespace(**{
        f"jekyll_{f.name}": getattr(Settings(), f.name) for f in dataclasses.fields(Settings)
    })
    env = SimpleNamespace(config=config, docname="docs/posts/2020-01-01-fragment",
                          metadata=defaultdict(dict), srcdir=str(ROOT))
    document = SimpleNamespace(settings=SimpleNamespace(env=env), reporter=None)
    md = build_markdown_parser(
        MdParserConfig(enable_extensions={"deflist", "tasklist", "strikethrough"})
    )
    md.options["document"] = document
    return md.render(markdown)
