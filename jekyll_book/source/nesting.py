"""Report Markdown that markdown-it would drop for nesting too deep.

markdown-it stops tokenizing a block when it is nested deeper than
``maxNesting`` and silently drops the rest of the document.  parser.py raises
the limit; this check makes any remaining loss visible, with the line where
the text stops being read.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _check(state: StateCore) -> None:
    document = state.md.options.get("document")
    limit = state.md.options.get("maxNesting", 0)
    # markdown-it stops reading blocks (silently) once a token would reach the
    # limit, so a token at the last allowed level means text was dropped
    deepest = max(state.tokens, key=lambda t: t.level, default=None)
    if document is None or deepest is None or deepest.level < limit - 1:
        return
    line = next((t.map[0] + 1 for t in reversed(state.tokens) if t.map), 1)
    env = document.settings.env
    logger.warning(
        "Markdown nested %d levels deep: markdown-it drops the text after line %d; "
        "flatten the nesting (lists/quotes) there",
        limit,
        line,
        location=(env.docname, line),
        type="jekyll_book",
        subtype="nesting",
    )


def nesting_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "jekyll_nesting_check", _check)



