"""Tests for :mod:`jekyll_book.source.cjk_emphasis` (CJK-friendly emphasis).

Layers:

1. upstream cases (tats-u/markdown-cjk-friendly), each paragraph rendered alone;
2. every CommonMark spec example must render identically with and without the
   plugin, and so must upstream's GFM strikethrough paragraphs without CJK;
3. Korean inputs compared with Jekyll's kramdown output, emphasis structure only;
4. our own Korean table, which always runs.

Layers 1-3 read ``../shared`` and skip when it is absent.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from jekyll_book.source.cjk_emphasis import cjk_friendly_emphasis_plugin, is_cjk

CASES_DIR = Path(__file__).parents[2] / "shared" / "peer-cases" / "cjk-emphasis"


def make_md(*, plugin: bool = True, strikethrough: bool = True) -> MarkdownIt:
    """The parser the peer cases were produced with: CommonMark (+ GFM ``~~``)."""
    md = MarkdownIt("commonmark")
    if strikethrough:
        md.enable("strikethrough")
    return md.use(cjk_friendly_emphasis_plugin) if plugin else md


MD = make_md()


def shared_params(filename: str, key: str | None = "cases") -> list[Any]:
    """One pytest param per case of a ``../shared`` file, or one that skips."""
    path = CASES_DIR / filename
    if not path.is_file():
        return [pytest.param(None, id=f"absent-{filename}")]
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = data[key] if key else data
    return [
        pytest.param(case, id=case.get("id") or f"example-{case['example']}")
        for case in cases
    ]


def require(case: Any) -> Any:
    if case is None:
        pytest.skip(f"../shared not present: {CASES_DIR} is missing")
    return case


def strike_as_del(html: str) -> str:
    """micromark (upstream's snapshot) emits ``<del>``, markdown-it ``<s>``."""
    return html.replace("<s>", "<del>").replace("</s>", "</del>")


# 1. Upstream cases ---------------------------------------------------------


@pytest.mark.parametrize("case", shared_params("cjk-friendly-cases.json"))
def test_upstream_case(case: Any) -> None:
    case = require(case)
    assert strike_as_del(MD.render(case["markdown"])) == case["html"]


# 2. Non-CJK text is untouched ----------------------------------------------


@pytest.mark.parametrize("example", shared_params("testcases/commonmark.json", None))
@pytest.mark.parametrize("strikethrough", [False, True], ids=["cm", "cm+strike"])
def test_commonmark_example_unchanged(example: Any, strikethrough: bool) -> None:
    src = require(example)["markdown"]
    plain = make_md(plugin=False, strikethrough=strikethrough)
    assert make_md(strikethrough=strikethrough).render(src) == plain.render(src)


def gfm_non_cjk_paragraphs() -> list[Any]:
    path = CASES_DIR / "testcases" / "gfm-non-cjk.md"
    if not path.is_file():
        return [pytest.param(None, id="absent-gfm-non-cjk.md")]
    text = path.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    return [pytest.param(p + "\n", id=f"p{i}") for i, p in enumerate(paragraphs)]


@pytest.mark.parametrize("paragraph", gfm_non_cjk_paragraphs())
def test_gfm_strikethrough_without_cjk_unchanged(paragraph: str | None) -> None:
    src = require(paragraph)
    assert MD.render(src) == make_md(plugin=False).render(src)


# 3. Jekyll (kramdown) fidelity ----------------------------------------------
#
# Only the emphasis structure is compared.  normalise() keeps the text and the
# <strong>/<em>/<del> tags and drops everything a different engine or a later
# project stage legitimately changes:
#   * every other tag and all attributes (<a target>, <code class>, <img>,
#     <br /> vs <br>, raw <span> that markdown-it escapes or passes through);
#   * kramdown IALs ``{: ...}``, which our source-read step translates before
#     MyST sees the text;
#   * smart quotes (kramdown typographer) -> straight quotes;
#   * ``<s>`` -> ``<del>``;
#   * the order of a directly nested strong+em pair: ``***x***`` is
#     <em><strong> in CommonMark (rule 14), <strong><em> in kramdown.
# Excluded cases and why:
KRAMDOWN_EXCLUDED = {
    # Non-CJK context: kramdown emphasises it, CommonMark and the amendment
    # (which must not change non-CJK text) keep it literal.
    "latin-punct-negative": "non-CJK punctuation; kramdown is not CommonMark here",
}

_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_KEPT_TAGS = {"strong": "strong", "em": "em", "del": "del", "s": "del"}


class _Skeleton(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _KEPT_TAGS:
            self.parts.append(f"<{_KEPT_TAGS[tag]}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _KEPT_TAGS:
            self.parts.append(f"</{_KEPT_TAGS[tag]}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def normalise(html: str) -> str:
    parser = _Skeleton()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts)).translate(_SMART_QUOTES)
    text = re.sub(r"\{:[^}]*\}", "", text)
    em_strong = r"<em><strong>(.*?)</strong></em>"
    return re.sub(em_strong, r"<strong><em>\1</em></strong>", text)


@pytest.mark.parametrize("case", shared_params("korean-kramdown-reference.json"))
def test_matches_jekyll_emphasis(case: Any) -> None:
    case = require(case)
    if case["id"] in KRAMDOWN_EXCLUDED:
        pytest.skip(KRAMDOWN_EXCLUDED[case["id"]])
    assert normalise(MD.render(case["markdown"])) == normalise(case["kramdown_jekyll"])


# 4. Our own Korean table -----------------------------------------------------

KOREAN_CASES = [
    # Closing run after punctuation, before a particle: CommonMark refuses.
    ("**마크다운(Markdown)**을 사용", "<strong>마크다운(Markdown)</strong>을 사용"),
    ('**"인용"**이라고', "<strong>&quot;인용&quot;</strong>이라고"),
    ("**“따옴표”**는", "<strong>“따옴표”</strong>는"),
    ("**[링크](http://x)**란", '<strong><a href="http://x">링크</a></strong>란'),
    ("**`코드`**를 실행", "<strong><code>코드</code></strong>를 실행"),
    ("**참고:**아래를", "<strong>참고:</strong>아래를"),
    ("**1.**번 항목", "<strong>1.</strong>번 항목"),
    ("*기울임(italic)*은", "<em>기울임(italic)</em>은"),
    ("***굵은 기울임(bi)***을", "<em><strong>굵은 기울임(bi)</strong></em>을"),
    ("~~취소(선)~~을", "<s>취소(선)</s>을"),
    # Opening run after a Hangul letter, before punctuation.
    ("가격은**(원)**입니다", "가격은<strong>(원)</strong>입니다"),
    ("이것은 *(괄호)*입니다.", "이것은 <em>(괄호)</em>입니다."),
    # Already fine in CommonMark, must stay so.
    ("*기울임*은", "<em>기울임</em>은"),
    ("이것은**강조**입니다", "이것은<strong>강조</strong>입니다"),
    ("(__굵게__)는", "(<strong>굵게</strong>)는"),
    ("snake_case_word와 _강조_", "snake_case_word와 <em>강조</em>"),
    # `_` still never splits a word, Korean or not.
    ("한국어_단어_이다", "한국어_단어_이다"),
    ("_기울임_은", "_기울임_은"),
    ("__굵게__는", "__굵게__는"),
    # Spaces inside the delimiters still forbid emphasis.
    ("** 공백 ** 강조", "** 공백 ** 강조"),
    ("**강조 **는", "**강조 **는"),
    # No CJK next to the run: CommonMark behaviour.
    ("a**a«**a", "a**a«**a"),
    ("**word(s)**and", "**word(s)**and"),
]


@pytest.mark.parametrize(("markdown", "inner_html"), KOREAN_CASES)
def test_korean(markdown: str, inner_html: str) -> None:
    assert MD.render(markdown) == f"<p>{inner_html}</p>\n"


def test_other_instances_are_not_affected() -> None:
    src = "**마크다운(Markdown)**을"
    assert "<strong>" in MD.render(src)
    assert MarkdownIt("commonmark").render(src) == f"<p>{src}</p>\n"


def test_strikethrough_enabled_after_plugin_and_applied_twice() -> None:
    md = MarkdownIt("commonmark").use(cjk_friendly_emphasis_plugin)
    md.use(cjk_friendly_emphasis_plugin).enable("strikethrough")
    assert md.render("~~취소(선)~~을") == "<p><s>취소(선)</s>을</p>\n"


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("가", True), ("ᅡ", True), ("ᄏ", True), ("ힰ", True), ("ﾡ", True),  # Hangul
        ("漢", True), ("か", True), ("。", True), ("（", True), ("\U0002ee5d", True),
        ("〽", True), ("㊙", True),  # emoji-capable but text by default
        ("😀", False), ("a", False), ("«", False), ("“", False), ("\u0378", False),
    ],
)  # fmt: skip
def test_is_cjk(char: str, expected: bool) -> None:
    assert is_cjk(char) is expected
