"""Build-speed shortcuts give exactly what the slow paths give."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from jekyll_book.config import FIELDS, _default, settings
from jekyll_book.parser import _Renderer


def _document():
    doc = new_document("page.md", settings=get_default_settings(RSTParser))
    doc.settings.language_code = "ko"
    return doc


def _state(renderer) -> dict:
    # "rules" (made by __init__, not setup_render) are methods bound to each renderer
    state = {key: value for key, value in vars(renderer).items() if key != "rules"}
    return {**state, "rules": sorted(renderer.rules)}


@pytest.mark.parametrize("with_current_node", [False, True])
def test_renderer_setup_matches_myst(with_current_node):
    """Our setup_render sets the same attributes to the same values as MyST's."""
    doc = _document()
    options = {"myst_config": MdParserConfig(), "document": doc}
    if with_current_node:
        options["current_node"] = doc
    env = {"x": 1}
    ours, theirs = _Renderer(None), SphinxRenderer(None)
    ours.setup_render(options, env)
    theirs.setup_render(options, env)
    assert _state(ours) == _state(theirs)


class _Config(SimpleNamespace):
    def __getitem__(self, key):
        return getattr(self, key)


def _config(**changes) -> _Config:
    return _Config(**{f"jekyll_{name}": _default(f) for name, f in FIELDS.items()}, **changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [("jekyll_posts_dir", "posts_dir"), ("jekyll_reading_time", "reading_time")],
)
def test_settings_cache_follows_config_changes(change, field):
    config = _config()
    first = settings(config)
    assert settings(config) is first  # cached
    new = "docs/elsewhere" if isinstance(getattr(first, field), str) else not getattr(first, field)
    setattr(config, change, new)
    assert getattr(settings(config), field) == new
