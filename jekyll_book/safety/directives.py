"""Directives a post may not use: they read files or emit unfiltered output."""

from __future__ import annotations

import re

FORBIDDEN_DIRECTIVES = frozenset({"include", "literalinclude", "raw"})
_FILE_OPTION = re.compile(r"^\s*:(file|url|encoding):", re.MULTILINE)
_DIRECTIVE_INFO = re.compile(r"^\{([\w:.-]+)\}")


def forbidden_directive(info: str, content: str) -> str | None:
    """Why a fenced directive may not appear in a post, else ``None``."""
    match = _DIRECTIVE_INFO.match(info.strip())
    if not match:
        return None
    name = match.group(1).split(":")[-1]
    if name in FORBIDDEN_DIRECTIVES:
        return f"{{{name}}} is not allowed in posts (it reads files or emits raw output)"
    if _FILE_OPTION.search(content):
        return f"{{{name}}} with :file:/:url: is not allowed in posts (it reads files)"
    return None
