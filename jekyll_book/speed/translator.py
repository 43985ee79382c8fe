"""The HTML translator with node methods found once per node class and page.

Sphinx's translators look up a node's visit/depart method by walking the
node class's MRO, building and looking up a string per step, for every node.
This is a public hook, not a patch: the ``html``/``dirhtml`` builders of
:mod:`jekyll_book.speed.builders` name this class as their default translator
(pydata-sphinx-theme then adds its mixin on top, as it does to Sphinx's).
It dispatches as :class:`sphinx.util.docutils.SphinxTranslator` does while
the "translator dispatch" guard holds; otherwise it is Sphinx's translator.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from jekyll_book.speed.records import TRANSLATOR_DISPATCH
from jekyll_book.speed.state import active


def _find(translator: Any, prefix: str, kind: type) -> str | None:
    for node_class in kind.__mro__:
        if getattr(translator, f"{prefix}_{node_class.__name__}", None):
            return f"{prefix}_{node_class.__name__}"
    return None


class JekyllHTMLTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, dispatching through a per-page table."""

    def __init__(self, document: nodes.document, builder: Any) -> None:
        super().__init__(document, builder)
        # names, not bound methods: a method kept on the translator would
        # tie it (and its doctree) in a reference cycle
        self._jekyll_visits: dict[type, str | None] | None = (
            {} if active(TRANSLATOR_DISPATCH) else None
        )
        self._jekyll_departs: dict[type, str | None] = {}

    def dispatch_visit(self, node: nodes.Node) -> None:
        names = self._jekyll_visits
        if names is None:
            return super().dispatch_visit(node)
        kind = node.__class__
        try:
            name = names[kind]
        except KeyError:
            name = names[kind] = _find(self, "visit", kind)
        method = getattr(self, name, None) if name else None
        if method:
            method(node)
        else:  # docutils' unknown_visit, as Sphinx does
            super(SphinxTranslator, self).dispatch_visit(node)
        return None

    def dispatch_departure(self, node: nodes.Node) -> None:
        if self._jekyll_visits is None:
            return super().dispatch_departure(node)
        names = self._jekyll_departs
        kind = node.__class__
        try:
            name = names[kind]
        except KeyError:
            name = names[kind] = _find(self, "depart", kind)
        method = getattr(self, name, None) if name else None
        if method:
            method(node)
        else:
            super(SphinxTranslator, self).dispatch_departure(node)
        return None
