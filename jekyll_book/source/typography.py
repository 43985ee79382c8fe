"""Smart quotes and typographic symbols exactly as kramdown makes them.

markdown-it's ``smartquotes`` refuses a quote between two letters, which is
how Korean is written (``"네이버"는``), and it cannot see past inline HTML.
kramdown decides with a fixed list of rules (SmartyPants heritage) applied
at each quote, looking only at the text after the previous element, one
character before the quote and what follows it.  The rules below are those
rules, in the same order, with Ruby's ASCII-only ``\\w``/``\\s``/``\\d``.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

LDQUO, RDQUO, LSQUO, RSQUO = "\u201c", "\u201d", "\u2018", "\u2019"

_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
_F = re.ASCII | re.S

# (pattern, [group-number | "lquote" | "rquote" | literal quote char])
_RULES: list[tuple[re.Pattern[str], list[int | str]]] = [
    (re.compile(r"""("|')(?=[_*]{1,2}\S)""", _F), ["l1"]),
    (re.compile(r"""("|')(?=""" + _PUNCT + r"""(?!\.\.)\B)""", _F), ["r1"]),
    (re.compile(r"""(\s?)"'(?=\w)""", _F), [1, LDQUO, LSQUO]),
    (re.compile(r"""(\s?)'"(?=\w)""", _F), [1, LSQUO, LDQUO]),
    (re.compile(r"""(\s?)'(?=\d\ds)""", _F), [1, RSQUO]),
    (re.compile(r"""(\s)('|")(?=\w)""", _F), [1, "l2"]),
    (re.compile(r"""(""" + _CLOSE + r""")('|")""", _F), [1, "r2"]),
    (re.compile(r"""("|')(?=\s|s\b|$)""", _F | re.M), ["r1"]),
    (re.compile(r"""(.?)'""", _F), [1, LSQUO]),
    (re.compile(r"""(.?)\"""", _F), [1, LDQUO]),
]
_START = re.compile(r"""[^\\]?["']""", re.S)

_SYMBOLS = re.compile(r"---|--|\.\.\.|<< |<<| >>|>>")
_SYMBOL_TEXT = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "<< ": "\u00ab\u00a0",
    "<<": "\u00ab",
    " >>": "\u00a0\u00bb",
    ">>": "\u00bb",
}


def _quote(kind: str, char: str) -> str:
    double = char == '"'
    if kind[0] == "l":
        return LDQUO if double else LSQUO
    return RDQUO if double else RSQUO


def smart_quotes(text: str, after: str = "") -> str:
    """kramdown's quotes in ``text``; ``after`` is what follows it in the source."""
    if '"' not in text and "'" not in text:
        return text
    src = text + after
    out: list[str] = []
    pos = 0
    while True:
        m = _START.search(src, pos)
        if m is None or m.start() >= len(text):
            break
        start = m.start()
        for pattern, substs in _RULES:
            rule = pattern.match(src, start)
            if rule:
                break
        else:  # pragma: no cover - the last rules match any quote
            break
        out.append(src[pos:start])
        for subst in substs:
            if isinstance(subst, int):
                out.append(rule.group(subst) or "")
            elif subst in (LDQUO, RDQUO, LSQUO, RSQUO):
                out.append(subst)
            else:
                group = 1 if subst.endswith("1") else 2
                out.append(_quote(subst, rule.group(group)))
        pos = rule.end()
        if pos > len(text):  # the look-ahead belongs to the next token
            break
    out.append(src[pos : len(text)])
    return "".join(out)


def typographic_symbols(text: str) -> str:
    return _SYMBOLS.sub(lambda m: _SYMBOL_TEXT[m.group(0)], text)


def _next_char(children: list[Token], index: int) -> str:
    if index + 1 >= len(children):
        return ""
    nxt = children[index + 1]
    if nxt.type in ("softbreak", "hardbreak"):
        return "\n"
    if nxt.type in ("html_inline", "text", "text_special"):
        return nxt.content[:1]
    return nxt.markup[:1] if nxt.markup else {"link_open": "[", "image": "!"}.get(nxt.type, "x")


def _typography(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for i, tok in enumerate(children):
            if tok.type != "text":
                continue
            content = typographic_symbols(tok.content)
            tok.content = smart_quotes(content, _next_char(children, i))


def typography_plugin(md: MarkdownIt) -> None:
    """kramdown's smart quotes and symbols, before text tokens are joined."""
    md.core.ruler.before("text_join", "jekyll_typography", _typography)
