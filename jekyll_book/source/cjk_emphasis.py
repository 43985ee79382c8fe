"""CJK-friendly emphasis: the tats-u amendment to CommonMark's flanking rules.

CommonMark decides whether ``**`` may open or close emphasis by looking at the
characters on either side.  A closing run that follows punctuation and precedes
a letter is refused, which is harmless in English (words are separated by
spaces) but breaks Korean, Japanese and Chinese, where a particle or the next
word is glued to the delimiter: ``**마크다운(Markdown)**을``,
``**"인용"**이라고``, ``**[PINPOINT](url)**란``.  Jekyll's kramdown accepts
those, so the posts we import rely on it.

This module re-implements the amendment specified at
https://github.com/tats-u/markdown-cjk-friendly (``specification.md``; npm
``markdown-it-cjk-friendly`` 3.0.0) for markdown-it-py.  Hangul counts as CJK.
Text without CJK characters parses exactly as in CommonMark.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import partial, wraps
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import emphasis, strikethrough
from markdown_it.rules_inline.state_inline import Scanned, StateInline

__all__ = ["cjk_friendly_emphasis_plugin", "is_cjk", "scan_delims"]

# Wide (UAX #11 "W") characters that default to emoji presentation (UTS #51
# Emoji_Presentation, Unicode 16).  Emoji are wide but are not CJK text; the
# emoji-capable CJK symbols 〰 〽 🈂 🈷 ㊗ ㊙ deliberately stay out of this list.
_EMOJI_PRESENTATION = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
    (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE),
    (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
    (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A), (0x1F1E6, 0x1F1FF), (0x1F201, 0x1F201), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F236), (0x1F238, 0x1F23A), (0x1F250, 0x1F251),
    (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393),
    (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4),
    (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC), (0x1F4FF, 0x1F53D),
    (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF), (0x1F6EB, 0x1F6EC),
    (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA89),
    (0x1FA8F, 0x1FAC6), (0x1FACE, 0x1FADC), (0x1FADF, 0x1FAE9), (0x1FAF0, 0x1FAF8),
)  # fmt: skip
_EMOJI_STARTS = [start for start, _ in _EMOJI_PRESENTATION]

# Unassigned code points that UAX #11 says default to "W" (ideograph areas).
# CPython's ``east_asian_width`` answers "F" for every unassigned code point,
# and Python 3.11 knows only Unicode 14, so newer ideographs (Extension H, I
# …) are unassigned to it.
_WIDE_BY_DEFAULT = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
)  # fmt: skip
# Wide characters added in Unicode 15.0-16.0 outside those areas.
_WIDE_SINCE_UNICODE_15 = (
    (0x2FFC, 0x2FFF), (0x31E4, 0x31E5), (0x31EF, 0x31EF),
    (0x1B132, 0x1B132), (0x1B155, 0x1B155),
)  # fmt: skip
# Hangul (UAX #24 script) whose East Asian Width is "N": medial/final jamo.
_HANGUL_NEUTRAL = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF))

_QUOTES_WITH_FULLWIDTH_FORM = frozenset("\u2018\u2019\u201c\u201d")
_VS2 = "\ufe01"  # with the quotes above: StandardizedVariants "fullwidth form"


def _within(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def _is_emoji_presentation(cp: int) -> bool:
    index = bisect_right(_EMOJI_STARTS, cp) - 1
    return index >= 0 and cp <= _EMOJI_PRESENTATION[index][1]


def is_cjk(ch: str) -> bool:
    """True for a "CJK character" of the amendment.

    That is East Asian Width W/F/H without default emoji presentation, or any
    Hangul.
    """
    cp = ord(ch)
    if cp < 0x1100:  # nothing below the Hangul Jamo block qualifies
        return False
    if _within(cp, _HANGUL_NEUTRAL):
        return True
    if unicodedata.category(ch) == "Cn":
        return _within(cp, _WIDE_BY_DEFAULT) or _within(cp, _WIDE_SINCE_UNICODE_15)
    width = unicodedata.east_asian_width(ch)
    if width in ("F", "H"):
        return True
    return width == "W" and not _is_emoji_presentation(cp)


def _is_ivs(ch: str) -> bool:
    """Ideographic variation selector (U+E0100-U+E01EF), e.g. 葛󠄀 vs 葛."""
    return "\U000e0100" <= ch <= "\U000e01ef"


def _is_text_vs(ch: str) -> bool:
    """Non-emoji general-use variation selector: U+FE00-U+FE0E (not FE0F)."""
    return "\ufe00" <= ch <= "\ufe0e"


def _is_punct(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


class _Side(NamedTuple):
    """How the text on one side of a delimiter run is classified."""

    space: bool
    punct: bool  # Unicode punctuation (sequence)
    cjk: bool  # CJK character/sequence; before the run also an IVS

    @property
    def non_cjk_punct(self) -> bool:
        return self.punct and not self.cjk


def _classify(ch: str) -> _Side:
    space = isWhiteSpace(ord(ch))
    return _Side(space, not space and _is_punct(ch), not space and is_cjk(ch))


def _before(src: str, start: int) -> _Side:
    """Classify what precedes ``start``; the line start counts as a space.

    A variation selector belongs to the character it follows, so ``。︀`` is
    classified as ``。``.  Curly quotes followed by VS2 are the fullwidth
    (CJK) forms of those quotes.
    """
    if start <= 0:
        return _Side(True, False, False)
    last = src[start - 1]
    if _is_ivs(last):
        return _Side(False, False, True)
    if _is_text_vs(last) and start >= 2 and not isWhiteSpace(ord(src[start - 2])):
        base = src[start - 2]
        if last == _VS2 and base in _QUOTES_WITH_FULLWIDTH_FORM:
            return _Side(False, True, True)
        return _classify(base)
    return _classify(last)


def _after(src: str, pos: int, end: int) -> _Side:
    """Classify what follows a run ending at ``pos``; the line end is a space."""
    if pos >= end:
        return _Side(True, False, False)
    ch = src[pos]
    if ch in _QUOTES_WITH_FULLWIDTH_FORM and src[pos + 1 : pos + 2] == _VS2:
        return _Side(False, True, True)
    return _classify(ch)


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """Drop-in for ``StateInline.scanDelims`` that applies the amendment.

    A run is left-flanking if it is not followed by a space and either not
    followed by non-CJK punctuation, or preceded by a space, punctuation or a
    CJK character (or IVS); right-flanking mirrors that.  So only non-CJK
    punctuation keeps CommonMark's restriction, and with no CJK around the
    result equals CommonMark's.  Like upstream's implementations (unlike the
    letter of the spec), a curly quote + VS2 counts as CJK punctuation.
    """
    src = state.src
    marker = src[start]
    pos = start
    while pos < state.posMax and src[pos] == marker:
        pos += 1
    before, after = _before(src, start), _after(src, pos, state.posMax)

    left_flanking = not after.space and (
        not after.non_cjk_punct or before.space or before.punct or before.cjk
    )
    right_flanking = not before.space and (
        not before.non_cjk_punct or after.space or after.punct or after.cjk
    )
    if can_split_word:  # `*` and `~`
        return Scanned(left_flanking, right_flanking, pos - start)
    # `_` must not split words, so it needs the stricter CommonMark rules 2/3.
    can_open = left_flanking and (not right_flanking or before.punct)
    can_close = right_flanking and (not left_flanking or after.punct)
    return Scanned(can_open, can_close, pos - start)


RuleInline = Callable[[StateInline, bool], bool]


def _with_cjk_flanking(rule: RuleInline, markers: str) -> RuleInline:
    """Run ``rule`` with ``state.scanDelims`` replaced by :func:`scan_delims`.

    markdown-it-py builds ``StateInline`` itself, so a subclass cannot be
    injected; shadowing the method on the state for the duration of the rule
    keeps the change local to this MarkdownIt instance and to these rules.
    The rule is tried at every non-text position, hence the cheap pre-check.
    """

    @wraps(rule)
    def wrapped(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in markers:
            return False
        state.scanDelims = partial(scan_delims, state)  # type: ignore[method-assign]
        try:
            return rule(state, silent)
        finally:
            del state.scanDelims

    return wrapped


def cjk_friendly_emphasis_plugin(md: MarkdownIt) -> None:
    """Make ``*``/``_`` emphasis and ``~~`` strikethrough CJK-friendly.

    Only ``md`` is affected.  Usage: ``md.use(cjk_friendly_emphasis_plugin)``;
    enabling ``strikethrough`` before or after works, and applying twice is
    harmless.
    """
    ruler = md.inline.ruler
    ruler.at("emphasis", _with_cjk_flanking(emphasis.tokenize, "*_"))
    ruler.at("strikethrough", _with_cjk_flanking(strikethrough.tokenize, "~"))
