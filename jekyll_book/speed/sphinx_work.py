"""Sphinx's per-page work that repeats what cannot change during a build.

Replacements (installed by the records in :mod:`.records`): the docutils
settings of a page built once per build, the highlight-language pass without
a visitor, the search index's walk
as a loop, asset checksums and docutils' stylesheet list found once per
build, and a rebuild's environment unpickled without garbage collections.
Each computes what the original computes.
"""

from __future__ import annotations

import copy
import functools
import gc
import os
import sys
from collections.abc import Callable
from typing import Any

from docutils import nodes

from jekyll_book.speed.collector import collector_paused

# -- "settings" -----------------------------------------------------------------------------

#: what a docutils component contributes to the settings (docutils.SettingsSpec)
_SPEC_ATTRS = (
    "settings_spec", "settings_defaults", "settings_default_overrides",
    "relative_path_settings", "config_section", "config_section_dependencies",
)  # fmt: skip


def _component_key(component: Any) -> tuple:
    kind = component if isinstance(component, type) else type(component)
    return (kind, *(getattr(component, attr, None) for attr in _SPEC_ATTRS))


def make_settings_cache(originals: dict[str, Any]) -> dict[str, Any]:
    """Build the docutils settings of a page once per build, not once per page.

    Sphinx's ``_get_settings`` makes an ``OptionParser`` (and reads the
    docutils.conf files) for every document it parses; the defaults it is
    given are the same for every page of a build.  A cached result is handed
    out as a copy whose mutable values are fresh, as a new parser would make.
    """
    from docutils.utils import DependencyList

    original = originals["sphinx.util.docutils:_get_settings"]
    last: list[Any] = []

    def _get_settings(*components: Any, defaults: Any, read_config_files: bool = False) -> Any:
        # the parser is a new instance per page: what counts is what it declares
        key = (read_config_files, *(_component_key(c) for c in components))
        if last and last[0] == key and last[1] == defaults:
            values = copy.copy(last[2])
            for name, value in vars(values).items():
                if isinstance(value, (list, dict, set)):
                    setattr(values, name, copy.copy(value))
            if isinstance(values.record_dependencies, DependencyList):
                values.record_dependencies = DependencyList()
            return values
        values = original(*components, defaults=defaults, read_config_files=read_config_files)
        last[:] = [key, dict(defaults), copy.copy(values)]
        return _get_settings(*components, defaults=defaults, read_config_files=read_config_files)

    return {"sphinx.util.docutils:_get_settings": _get_settings}


# -- "highlight" ----------------------------------------------------------------------------


def make_highlight_pass(originals: dict[str, Any]) -> dict[str, Any]:
    """Sphinx's ``HighlightLanguageTransform`` without a visitor call per node.

    Same rules: ``highlightlang`` nodes set the language for the rest of their
    document or ``start_of_file`` scope, literal blocks (by exact class, as the
    visitor dispatches by class name) get the language, ``force`` and
    ``linenos`` they do not already have, and the ``highlightlang`` nodes go.
    """
    from sphinx import addnodes
    from sphinx.transforms.post_transforms.code import HighlightSetting

    def apply(self: Any, **kwargs: Any) -> None:
        default = HighlightSetting(self.config.highlight_language, False, sys.maxsize)
        found: list[nodes.Node] = []

        def walk(node: nodes.Node, scope: list[Any]) -> None:
            for child in node.children:
                kind = type(child).__name__
                if kind == "literal_block":
                    setting = scope[0]
                    if "language" not in child:
                        child["language"] = setting.language
                        child["force"] = setting.force
                    if "linenos" not in child:
                        lines = child.astext().count("\n")
                        child["linenos"] = lines >= setting.lineno_threshold - 1
                elif kind == "highlightlang":
                    scope[0] = HighlightSetting(
                        child["lang"], child["force"], child["linenothreshold"]
                    )
                if child.children:
                    walk(child, [default] if kind in ("start_of_file", "document") else scope)
                if isinstance(child, addnodes.highlightlang):
                    found.append(child)

        walk(self.document, [default])
        for node in found:
            node.parent.remove(node)

    return {"sphinx.transforms.post_transforms.code:HighlightLanguageTransform.apply": apply}


# -- "search walk" --------------------------------------------------------------------------


def make_search_walk(originals: dict[str, Any]) -> dict[str, Any]:
    """Sphinx's ``_feed_visit_nodes`` (the words of a page) as a loop.

    The same checks in the same pre-order, so words and titles come out in
    the same order; without a recursive call (and keyword arguments) per node.
    """
    from sphinx import search

    original = originals["sphinx.search:_feed_visit_nodes"]
    is_meta_keywords = search._is_meta_keywords

    def _feed_visit_nodes(
        node: nodes.Node, *, word_store: Any, split: Callable[[str], list[str]], language: str
    ) -> None:
        words, titles, title_words = word_store.words, word_store.titles, word_store.title_words
        stack = [node]
        while stack:
            node = stack.pop()
            if isinstance(node, nodes.Text):
                words.extend(split(node.astext()))
                continue
            if isinstance(node, nodes.comment):
                continue
            if isinstance(node, nodes.Element) and "no-search" in node["classes"]:
                continue
            if isinstance(node, nodes.raw):
                if "html" in node.get("format", "").split():
                    # Sphinx's own handling of a raw HTML node (one node, rare)
                    original(node, word_store=word_store, split=split, language=language)
                continue
            if isinstance(node, nodes.meta) and is_meta_keywords(node, language):
                words.extend(keyword.strip() for keyword in node["content"].split(","))
            elif isinstance(node, nodes.title):
                title, is_main_title = node.astext(), not titles
                ids = node.parent["ids"]
                titles.append((title, None if is_main_title else ids[0] if ids else None))
                title_words.extend(split(title))
            stack.extend(reversed(node.children))

    return {"sphinx.search:_feed_visit_nodes": _feed_visit_nodes}


# -- "fixed lookups" ------------------------------------------------------------------------


def _memo(original: Callable[..., Any], key: Callable[..., Any]) -> Callable[..., Any]:
    known: dict[Any, Any] = {}  # made per install, so per build

    @functools.wraps(original)
    def call(*args: Any) -> Any:
        k = key(*args)
        try:
            return known[k]
        except KeyError:
            value = known[k] = original(*args)
            return value

    return call


def make_fixed_lookups(originals: dict[str, Any]) -> dict[str, Any]:
    """Answers that cannot change during a build, found once per build:
    Sphinx's checksum of each CSS/JS file (for ``?v=``; it resolved the
    path, with a system call per directory level, for every file of every
    page) and docutils' stylesheet list (checked on disk for every page,
    and never used by Sphinx's templates)."""
    checksum = originals["sphinx.builders.html:_file_checksum"]
    stylesheets = originals["docutils.utils:get_stylesheet_list"]
    memo = _memo(stylesheets, lambda s: repr((s.stylesheet, s.stylesheet_path, s.stylesheet_dirs)))
    return {
        "sphinx.builders.html:_file_checksum": _memo(
            checksum, lambda outdir, name: (outdir, os.fspath(name))
        ),
        "docutils.utils:get_stylesheet_list": lambda settings: list(memo(settings)),
    }


# -- "environment load" ---------------------------------------------------------------------


def make_env_load(originals: dict[str, Any]) -> dict[str, Any]:
    """A rebuild's environment (~600,000 objects at 1,000 posts) is unpickled
    without collections, which would walk it again and again while it grows,
    and then frozen out of the collector (:func:`gc.freeze`): it lives for
    the whole build (unfrozen at build-finished, :class:`.collector.FewerCollections`)."""
    load_env = originals["sphinx.application:Sphinx._load_existing_env"]

    @functools.wraps(load_env)
    def _load_existing_env(self: Any, filename: Any) -> Any:
        with collector_paused() as was_on:
            env = load_env(self, filename)
            if was_on:
                gc.freeze()  # before collections resume
        return env

    return {"sphinx.application:Sphinx._load_existing_env": _load_existing_env}
