"""kramdown's own syntax, taught to MyST's markdown-it parser.

Jekyll 4 renders posts with kramdown (GFM input).  What kramdown has and
CommonMark lacks is added here as markdown-it rules, so posts stay unchanged
on disk:

- attribute lists: span IALs after links, images, emphasis and code
  (``[x](u){: target="_blank"}``), block IALs before/after a block, ALDs
  (``{:ref: .cls}`` then ``{: ref}``), header ids (``## T {#id}``);
- ``* TOC`` + ``{:toc}`` → a local table of contents (``.no_toc`` headings
  are left out of it, see :mod:`anchors`);
- extensions ``{::comment}``, ``{::nomarkdown}``, ``{::options /}``;
- abbreviations (``*[HTML]: Hyper Text``) and ``$$`` math (kramdown's rule:
  a single ``$`` is never math, so prices stay text);
- HTML: ``markdown="1"`` blocks are parsed as Markdown, and a block that
  starts with a *span* element (``<span>``, ``<small>``, ``<br>``, ``<img>``)
  is a paragraph, as kramdown makes it;
- code: Rouge falls back to plain text for languages it does not know, so
  unknown fence languages become ``text`` instead of Sphinx warnings, and
  ``{% highlight x linenos %}`` (see :mod:`liquid`) numbers its lines.

Raw HTML stays ``html_block``/``html_inline`` tokens (sanitised elsewhere).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html import escape
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx.application import Sphinx

# -- attribute lists ------------------------------------------------------------

_IAL_BODY = r"[^}\n]*"
#: a line that is only a block IAL or ALD: ``{: .x}``, ``{:.x}``, ``{:ref: .x}``
_BLOCK_IAL = re.compile(r"^\{:(?!:)(" + _IAL_BODY + r")\}[ \t]*$")
_ALD = re.compile(r"^([A-Za-z][\w-]*):(?:\s|$)(.*)$", re.S)
_ATTR = re.compile(r"""([\w:-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))|([.#])([^\s.#]+)|(\S+)""")
_HEADER_ID = re.compile(r"[ \t]+\{#([A-Za-z][\w:-]*)\}[ \t]*$")
_EXTENSION_BLOCK = re.compile(r"^\{::(comment|nomarkdown|options)\b[^}]*?(/)?\}[ \t]*$")
_EXTENSION_END = re.compile(r"\{:/(comment|nomarkdown|options)?\}")
_ABBR_DEF = re.compile(r"^\*\[([^\]\n]+)\]:[ \t]*(.*)$")

#: kramdown's span-level HTML elements: a block starting with one is a paragraph
SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd "
    "label mark option q rb rbc rp rt rtc ruby samp select small span strike strong "
    "sub sup textarea tt u var".split()
)
_OPEN_TAG = re.compile(r"^\s*<(/?)([A-Za-z][A-Za-z0-9-]*)\b")
_MARKDOWN_ATTR = re.compile(r"""\s+markdown=(["']?)(1|block|span)\1""")

_LENGTH = re.compile(r"^\d+(\.\d+)?(px|em|ex|%|pt|cm|mm|in|pc|rem|vw|vh)?$")
_CLOSERS = {"link_close": "link_open", "em_close": "em_open", "strong_close": "strong_open",
            "s_close": "s_open"}


def parse_attributes(body: str, alds: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """kramdown attribute list text → attributes (``class`` joined by spaces)."""
    attrs: dict[str, str] = {}
    classes: list[str] = []
    for m in _ATTR.finditer(body):
        key, dq, sq, bare, sigil, name, ref = m.groups()
        if key is not None:
            value = dq if dq is not None else sq if sq is not None else bare or ""
            if key == "class":
                classes.extend(value.split())
            else:
                attrs[key] = value
        elif sigil == ".":
            classes.append(name)
        elif sigil == "#":
            attrs["id"] = name
        elif ref is not None and alds and ref in alds:
            referenced = dict(alds[ref])
            classes.extend(referenced.pop("class", "").split())
            attrs.update(referenced)
        elif ref is not None:
            attrs.setdefault("jekyll-ref", "")
            attrs["jekyll-ref"] = (attrs["jekyll-ref"] + " " + ref).strip()
    if classes:
        attrs["class"] = " ".join(dict.fromkeys(classes))
    return attrs


def _merge(token: Token, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        else:
            token.attrSet(key, value)


# -- block rules ------------------------------------------------------------------


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _block_ial(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _BLOCK_IAL.match(_line(state, start))
    if not m:
        return False
    if silent:
        return True
    body = m.group(1).strip()
    ald = _ALD.match(body)
    alds = state.env.setdefault("jekyll_alds", {})
    if ald:
        alds[ald.group(1)] = parse_attributes(ald.group(2), alds)
    else:
        token = state.push("jekyll_ial", "", 0)
        token.meta = {"attrs": parse_attributes(body, alds), "raw": body}
        token.map = [start, start + 1]
        token.hidden = True
    state.line = start + 1
    return True


def _block_extension(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _EXTENSION_BLOCK.match(_line(state, start))
    if not m:
        return False
    if silent:
        return True
    kind, self_closing = m.group(1), m.group(2)
    line = start + 1
    body: list[str] = []
    if not self_closing and kind != "options":
        while line < end:
            text = state.src[state.bMarks[line] : state.eMarks[line]]
            closing = _EXTENSION_END.search(text)
            if closing:
                body.append(text[: closing.start()])
                line += 1
                break
            body.append(text)
            line += 1
    if kind == "nomarkdown":
        token = state.push("html_block", "", 0)
        token.content = "\n".join(body).strip("\n") + "\n"
        token.map = [start, line]
    state.line = line
    return True


def _block_abbreviation(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _ABBR_DEF.match(_line(state, start))
    if not m:
        return False
    if silent:
        return True
    state.env.setdefault("jekyll_abbrs", {})[m.group(1).strip()] = m.group(2).strip()
    state.line = start + 1
    return True


def _block_math(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``$$ … $$`` standing alone as a block (kramdown's display math)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start)
    if not first.startswith("$$"):
        return False
    rest = first[2:]
    lines = [rest]
    line = start
    while True:
        current = lines[-1]
        if current.rstrip().endswith("$$") and not (line == start and current.strip() == ""):
            break
        line += 1
        if line >= end or state.isEmpty(line):
            return False
        lines.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
    # the closing $$ must end the block (else it is inline math in a paragraph)
    if line + 1 < end and not state.isEmpty(line + 1):
        return False
    if silent:
        return True
    content = "\n".join(lines).rstrip()[:-2].strip()
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = content
    token.markup = "$$"
    token.map = [start, line + 1]
    state.line = line + 1
    return True


# -- inline rules -----------------------------------------------------------------

_SPAN_IAL = re.compile(r"\{:(?!:)(" + _IAL_BODY + r")\}")
_SPAN_EXTENSION = re.compile(r"\{::(comment|nomarkdown|options)\b[^}]*?(/)?\}")


def _inline_ial(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{:", state.pos):
        return False
    ext = _SPAN_EXTENSION.match(state.src, state.pos)
    if ext:
        end_pos = ext.end()
        body = ""
        if not ext.group(2) and ext.group(1) != "options":
            closing = _EXTENSION_END.search(state.src, end_pos)
            if closing is None:
                return False
            body = state.src[end_pos : closing.start()]
            end_pos = closing.end()
        if not silent and ext.group(1) == "nomarkdown":
            state.push("html_inline", "", 0).content = body
        state.pos = end_pos
        return True
    m = _SPAN_IAL.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("jekyll_ial", "", 0)
        token.meta = {"attrs": parse_attributes(m.group(1), state.env.get("jekyll_alds"))}
    state.pos = m.end()
    return True


def _inline_math(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("$$", state.pos):
        return False
    end = state.src.find("$$", state.pos + 2)
    while end != -1 and state.src[end - 1] == "\\":
        end = state.src.find("$$", end + 2)
    if end == -1 or end == state.pos + 2:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = state.src[state.pos + 2 : end].strip()
        token.markup = "$$"
    state.pos = end + 2
    return True


# -- core rules -------------------------------------------------------------------


def _opening_index(tokens: list[Token], close_index: int) -> int:
    """Index of the token that opens the block closed at ``close_index``."""
    close = tokens[close_index]
    if close.nesting != -1:
        return close_index
    depth = 0
    for i in range(close_index, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_index


def _apply_block_ials(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type != "jekyll_ial":
            i += 1
            continue
        attrs = dict(tok.meta["attrs"])
        target: int | None = None
        if i > 0 and tokens[i - 1].map is None and tokens[i - 1].nesting == -1:
            # closers carry no map: the block they close ends where the IAL starts
            opener = _opening_index(tokens, i - 1)
            if tokens[opener].map and tokens[opener].map[1] == tok.map[0]:
                target = opener
        elif i > 0 and tokens[i - 1].map and tokens[i - 1].map[1] == tok.map[0]:
            target = _opening_index(tokens, i - 1)
        if target is None:
            for j in range(i + 1, len(tokens)):
                nxt = tokens[j]
                if nxt.type == "jekyll_ial":
                    continue
                if nxt.map and nxt.map[0] == tok.map[1] and nxt.nesting >= 0 and nxt.level == tok.level:
                    target = j
                break
        del tokens[i]
        if target is None:
            continue
        if target > i:
            target -= 1
        refs = attrs.pop("jekyll-ref", "").split()
        _merge(tokens[target], attrs)
        if "toc" in refs and tokens[target].type in ("bullet_list_open", "ordered_list_open"):
            # the list before the IAL shrinks to one token: the next IAL
            # moved closer (skipping it left a jekyll_ial MyST cannot render)
            i -= _replace_with_toc(tokens, target) if target < i else 0


#: blocks whose IAL ``style=`` is kept (on a wrapper: docutils has no style)
_STYLED_BLOCKS = frozenset(
    {"paragraph_open", "blockquote_open", "table_open", "bullet_list_open", "ordered_list_open"}
)


def _styled_blocks(state: StateCore) -> None:
    """``{: style="width: 400px;"}`` under a block: kramdown puts the style
    on the element; docutils nodes carry none, so the block is wrapped in a
    ``<div>`` with that style (the sanitiser keeps its presentational part:
    a width, colour or alignment acts on the block the same way)."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        style = tok.attrGet("style") if tok.type in _STYLED_BLOCKS else None
        if not style:
            i += 1
            continue
        del tok.attrs["style"]
        close = _closing_index(tokens, i)
        opening = Token("html_block", "", 0, content=f'<div class="jekyll-styled" style="{html.escape(str(style))}">\n')
        closing = Token("html_block", "", 0, content="</div>\n")
        for extra in (opening, closing):
            extra.block, extra.level, extra.map = True, tok.level, tok.map
        tokens.insert(close + 1, closing)
        tokens.insert(i, opening)
        i += 2


def _closing_index(tokens: list[Token], open_index: int) -> int:
    depth = 0
    for j in range(open_index, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _replace_with_toc(tokens: list[Token], opener: int) -> int:
    """Replace the list at ``opener`` by a contents block; returns the tokens removed."""
    depth, end = 0, opener
    for end in range(opener, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            break
    open_tok = tokens[opener]
    toc = Token("fence", "code", 0, info="{contents}", map=open_tok.map, block=True)
    classes = " ".join(["markdown-toc", *(open_tok.attrGet("class") or "").split()])
    toc.content = f":local:\n:class: {classes}\n"
    toc.level = open_tok.level
    tokens[opener : end + 1] = [toc]
    return end - opener


def _header_ids(state: StateCore) -> None:
    for i, tok in enumerate(state.tokens):
        if tok.type != "heading_open":
            continue
        inline = state.tokens[i + 1]
        m = _HEADER_ID.search(inline.content)
        if m:
            inline.content = inline.content[: m.start()].rstrip()
            tok.attrSet("id", m.group(1))


def _html_blocks(state: StateCore) -> None:
    """Markdown inside ``markdown="1"`` blocks and span-element blocks."""
    md = state.md
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type != "html_block":
            i += 1
            continue
        content = tok.content
        start_line = tok.map[0] if tok.map else 0
        m = _OPEN_TAG.match(content)
        replacement: list[Token] | None = None
        if m and not m.group(1) and _MARKDOWN_ATTR.search(content.split(">", 1)[0]):
            replacement = _markdown_block(md, state, tok, content, m.group(2), start_line)
        elif m and m.group(2).lower() in SPAN_ELEMENTS:
            replacement = _reparse(md, state, content, start_line, tok.level, html=False)
        elif m and not m.group(1):
            replacement = _split_after_close(md, state, tok, content, m.group(2).lower(), start_line)
        if replacement is None:
            i += 1
            continue
        tokens[i : i + 1] = replacement
        i += len(replacement)


def _split_after_close(
    md: MarkdownIt, state: StateCore, tok: Token, content: str, tag: str, line: int
) -> list[Token] | None:
    """kramdown ends an HTML block at the line closing its element.

    CommonMark runs the block on to the next blank line, so Markdown written
    right under ``<p style=…>…</p>`` stayed raw text (``**\\[1, n\\]**``).
    The lines after the closing tag are parsed as Markdown again.
    """
    if tag in ("pre", "script", "style", "textarea") or tag in SPAN_ELEMENTS:
        return None
    lines = content.splitlines(keepends=True)
    depth = 0
    opening = re.compile(r"<" + re.escape(tag) + r"(?=[\s>/])", re.I)
    closing = re.compile(r"</" + re.escape(tag) + r"\s*>", re.I)
    for index, text in enumerate(lines):
        depth += len(opening.findall(text)) - len(closing.findall(text))
        if depth > 0:
            continue
        rest = "".join(lines[index + 1 :])
        if index == len(lines) - 1 or not rest.strip() or not re.search(r"</" + re.escape(tag) + r"\s*>\s*$", text, re.I):
            return None
        head = Token("html_block", "", 0, content="".join(lines[: index + 1]), map=[line, line + index + 1])
        head.block, head.level = True, tok.level
        return [head, *_reparse(md, state, rest, line + index + 1, tok.level, html=True)]
    return None


def _reparse(
    md: MarkdownIt, state: StateCore, text: str, line: int, level: int, html: bool
) -> list[Token]:
    out: list[Token] = []
    if not html:
        md.block.ruler.disable("html_block")
    try:
        md.block.parse(text, md, state.env, out)
    finally:
        if not html:
            md.block.ruler.enable("html_block")
    for t in out:
        t.level += level
        if t.map:
            t.map = [t.map[0] + line, t.map[1] + line]
    return out


def _markdown_block(
    md: MarkdownIt, state: StateCore, tok: Token, content: str, tag: str, line: int
) -> list[Token] | None:
    head_end = content.find(">") + 1
    head = _MARKDOWN_ATTR.sub("", content[:head_end])
    close = re.search(r"</" + re.escape(tag) + r"\s*>\s*$", content)
    inner_end = close.start() if close else len(content)
    inner = content[head_end:inner_end]
    opening = Token("html_block", "", 0, content=head + "\n", map=tok.map)
    opening.block, opening.level = True, tok.level
    inner_line = line + content.count("\n", 0, head_end)
    body = _reparse(md, state, inner.lstrip("\n") if inner.startswith("\n") else inner, inner_line + (1 if inner.startswith("\n") else 0), tok.level, html=True)
    result = [opening, *body]
    if close:
        end_map = [tok.map[1] - 1, tok.map[1]] if tok.map else None
        closing = Token("html_block", "", 0, content=close.group(0).strip() + "\n", map=end_map)
        closing.block, closing.level = True, tok.level
        result.append(closing)
    return result


def _span_ials(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        i = 0
        while i < len(children):
            tok = children[i]
            if tok.type != "jekyll_ial":
                i += 1
                continue
            prev = i - 1
            # kramdown needs the IAL glued to the element; authors often put a
            # space before it, and the intent is the same
            if prev >= 0 and children[prev].type == "text" and not children[prev].content.strip():
                prev -= 1
            attrs = tok.meta["attrs"]
            attrs.pop("jekyll-ref", None)
            del children[i]
            if prev < 0:
                continue
            target = children[prev]
            if target.type in ("image", "code_inline"):
                # HTML allows width="auto"-like values that docutils refuses
                for size in ("width", "height"):
                    if size in attrs and not _LENGTH.match(attrs[size]):
                        del attrs[size]
                # docutils takes a percentage for width only (myst.attribute warning)
                if attrs.get("height", "").endswith("%"):
                    del attrs["height"]
                _merge(target, attrs)
            elif target.type == "link_close":
                _merge(children[_inline_opener(children, prev, "link_open")], attrs)
            elif target.type in _CLOSERS:
                opener = _inline_opener(children, prev, _CLOSERS[target.type])
                span_open = Token("span_open", "span", 1, map=block.map)
                _merge(span_open, attrs)
                children.insert(prev + 1, Token("span_close", "span", -1))
                children.insert(opener, span_open)
                i += 1
            elif target.type == "text" and i < len(children) and children[i].type == "text":
                # an IAL after plain text applies to nothing; keep the words apart
                pass


def _inline_opener(children: list[Token], close_index: int, open_type: str) -> int:
    depth = 0
    for j in range(close_index, -1, -1):
        if children[j].type == children[close_index].type:
            depth += 1
        elif children[j].type == open_type:
            depth -= 1
            if depth == 0:
                return j
    return close_index


def _abbreviations(state: StateCore) -> None:
    abbrs: dict[str, str] = state.env.get("jekyll_abbrs") or {}
    if not abbrs:
        return
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(a) for a in sorted(abbrs, key=len, reverse=True)) + r")(?![\w])"
    )
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        for tok in block.children:
            if tok.type != "text" or not pattern.search(tok.content):
                out.append(tok)
                continue
            pos = 0
            for m in pattern.finditer(tok.content):
                if m.start() > pos:
                    out.append(Token("text", "", 0, content=tok.content[pos : m.start()]))
                word = m.group(1)
                html = f'<abbr title="{escape(abbrs[word])}">{escape(word)}</abbr>'
                out.append(Token("html_inline", "", 0, content=html, map=block.map))
                pos = m.end()
            if pos < len(tok.content):
                out.append(Token("text", "", 0, content=tok.content[pos:]))
        block.children = out


@lru_cache(maxsize=512)
def _known_lexer(name: str) -> bool:
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


def _fences(state: StateCore) -> None:
    for tok in state.tokens:
        if tok.type != "fence":
            continue
        info = tok.info.strip()
        if info.endswith(" jekyll-linenos"):
            info = info[: -len(" jekyll-linenos")]
            tok.attrSet("lineno-start", "1")
        name = info.split(None, 1)[0] if info else ""
        if name.startswith("{") and name.endswith("}"):
            tok.info = info
            continue
        lang = name.lower()
        if lang and not _known_lexer(lang):
            # Rouge shows unknown languages as plain text; so do we, silently
            lang = "text"
        tok.info = lang or "text"


def kramdown_plugin(md: MarkdownIt) -> None:
    """Add kramdown's syntax to a MyST markdown-it parser."""
    terminates = ["paragraph", "reference", "blockquote", "list"]
    md.block.ruler.before("table", "jekyll_extension", _block_extension, {"alt": terminates})
    md.block.ruler.before("table", "jekyll_ial", _block_ial, {"alt": terminates})
    md.block.ruler.before("table", "jekyll_abbr", _block_abbreviation, {"alt": terminates})
    md.block.ruler.before("table", "jekyll_math", _block_math, {"alt": terminates})
    md.inline.ruler.before("escape", "jekyll_ial", _inline_ial)
    md.inline.ruler.before("escape", "jekyll_math", _inline_math)
    md.core.ruler.after("block", "jekyll_html_blocks", _html_blocks)
    md.core.ruler.after("jekyll_html_blocks", "jekyll_block_ials", _apply_block_ials)
    md.core.ruler.after("jekyll_block_ials", "jekyll_styled_blocks", _styled_blocks)
    md.core.ruler.after("jekyll_block_ials", "jekyll_header_ids", _header_ids)
    md.core.ruler.after("inline", "jekyll_span_ials", _span_ials)
    md.core.ruler.after("jekyll_span_ials", "jekyll_abbreviations", _abbreviations)
    md.core.ruler.after("jekyll_abbreviations", "jekyll_fences", _fences)


def setup_kramdown(app: Sphinx) -> None:
    # the plugins are added by markdown.build_markdown_parser, in its order
    app.connect("config-inited", _kramdown_quotes_only)
    app.connect("doctree-read", _lenient_highlighting)


def _lenient_highlighting(app: Sphinx, doctree: Any) -> None:
    # Rouge highlights what it can and never fails; Pygments' strict mode
    # would warn about every JSON-with-comments or partial snippet in a post
    for block in doctree.findall(nodes.literal_block):
        block["force"] = True


def _kramdown_quotes_only(app: Sphinx, config: Any) -> None:
    # quotes are made by kramdown's rules (typography.py); docutils' own
    # SmartQuotes would turn the quotes kramdown leaves straight
    config.smartquotes = False
