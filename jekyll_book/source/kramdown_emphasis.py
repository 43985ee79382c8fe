"""kramdown's rule for ``*``/``**`` delimiters, in posts.

kramdown opens emphasis at a ``*`` run that is not followed by whitespace
and closes it at one not preceded by whitespace; punctuation next to the
run does not matter.  CommonMark's flanking rules (even with the CJK
amendment of :mod:`cjk_emphasis`) refuse a run between a letter and ASCII
punctuation, so ``example.com**/users**`` or ``**word(s)**and`` stayed
literal ``**`` in posts that Jekyll showed in bold.

Here a ``*`` run may additionally open when no whitespace follows and close
when none precedes; markdown-it's delimiter matching stays as it is.  ``_``
keeps CommonMark's intraword rules (kramdown refuses ``_`` inside words as
well) and ``~~`` is GFM's, not kramdown's.  Pages (not posts) keep MyST's
CommonMark emphasis.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import Scanned, StateInline

from jekyll_book.source.cjk_emphasis import scan_delims as cjk_scan_delims
from jekyll_book.source.scope import is_post

_ENV_KEY = "jekyll_kramdown_emphasis"


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """The CJK-friendly scan, widened for ``*`` runs as kramdown reads them."""
    scanned = cjk_scan_delims(state, start, can_split_word)
    src = state.src
    if src[start] != "*":
        return scanned
    end = start + scanned.length
    # Ruby's /\s/ (kramdown) is ASCII whitespace; the line ends count as space
    space_before = start == 0 or isWhiteSpace(ord(src[start - 1]))
    space_after = end >= state.posMax or isWhiteSpace(ord(src[end]))
    return Scanned(
        scanned.can_open or not space_after,
        scanned.can_close or not space_before,
        scanned.length,
    )


RuleInline = Callable[[StateInline, bool], bool]


def _kramdown_star_rule(fallback: RuleInline) -> RuleInline:
    @wraps(emphasis.tokenize)
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != "*" or not state.env.get(_ENV_KEY, True):
            return fallback(state, silent)
        state.scanDelims = partial(scan_delims, state)  # type: ignore[method-assign]
        try:
            return emphasis.tokenize(state, silent)
        finally:
            del state.scanDelims

    return rule


def _posts_only(state: StateCore) -> None:
    # the parser is built per document; without one (unit tests) posts' rules apply
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is not None:

        state.env[_ENV_KEY] = is_post(env, env.docname)


def kramdown_emphasis_plugin(md: MarkdownIt) -> None:
    """Use kramdown's ``*`` delimiter rule (apply after the CJK plugin)."""
    rules = {r.name: r for r in md.inline.ruler.__rules__}
    fallback = rules["emphasis"].fn
    if getattr(fallback, "jekyll_kramdown", False):
        return
    rule = _kramdown_star_rule(fallback)
    rule.jekyll_kramdown = True  # type: ignore[attr-defined]
    md.inline.ruler.at("emphasis", rule)
    md.core.ruler.before("inline", "jekyll_kramdown_emphasis", _posts_only)
