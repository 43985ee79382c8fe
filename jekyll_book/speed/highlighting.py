"""One Pygments formatter per set of options, not one per code block.

Sphinx's ``PygmentsBridge.get_formatter`` makes a new ``HtmlFormatter`` for
every block, and each one rebuilds the CSS class table of the whole style
(~2 % of a build).  A formatter keeps no state between ``format`` calls but
lazily filled lookup tables, so reusing it renders the same HTML.

A public hook, not a patch: ``PygmentsBridge`` documents its formatter class
as the attribute to set for other formatters, and our builders
(:class:`OneFormatterPerOptions`) set it, on their own highlighters only,
to a factory that hands out one formatter per set of options while the
"formatters" guard holds.
"""

from __future__ import annotations

from typing import Any

from jekyll_book.speed.records import FORMATTERS
from jekyll_book.speed.state import active


class FormatterPerOptions:
    """Stands for a formatter class: one instance per set of options."""

    def __init__(self, formatter: Any) -> None:
        self.formatter = formatter
        self.made: dict[str, Any] = {}

    def __call__(self, **kwargs: Any) -> Any:
        key = repr(sorted(kwargs.items()))
        try:
            return self.made[key]
        except KeyError:
            made = self.made[key] = self.formatter(**kwargs)
            return made


def share_formatters(bridge: Any) -> None:
    """Let ``bridge`` (a ``PygmentsBridge``) reuse its formatters, while the guard holds."""
    if bridge is not None and active(FORMATTERS) and isinstance(bridge.formatter, type):
        bridge.formatter = FormatterPerOptions(bridge.formatter)


class OneFormatterPerOptions:
    """Builder mixin: the HTML builder's highlighters share their formatters."""

    def init_highlighter(self) -> None:
        super().init_highlighter()  # type: ignore[misc]
        share_formatters(getattr(self, "highlighter", None))
        share_formatters(getattr(self, "dark_highlighter", None))
