"""The sanitiser, URL and directive rules and the decoder, from tables."""

from __future__ import annotations

import pytest

from jekyll_book.frontmatter import decode_source
from jekyll_book.safety import forbidden_directive, sanitize_html, url_scheme

SANITIZE = [
    # (input, output, removed)
    ('<span class="emphasis">', '<span class="emphasis">', []),
    ("</span>", "</span>", []),
    ("<br>", "<br>", []),
    ("<br/>", "<br>", []),
    ("<small>출처</small>", "<small>출처</small>", []),
    ("<kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>", []),
    ("<details><summary>더 보기</summary>", "<details><summary>더 보기</summary>", []),
    ('<img src="https://x.io/a.png" alt="a">', '<img src="https://x.io/a.png" alt="a">', []),
    ('<img src="../img/a.png">', '<img src="../img/a.png">', []),
    ('<a href="https://x.io" target="_blank">x</a>',
     '<a href="https://x.io" target="_blank" rel="noopener noreferrer">x</a>', []),
    ('<table><tr><td colspan="2">1</td></tr></table>',
     '<table><tr><td colspan="2">1</td></tr></table>', []),
    ("<!--more-->", "", []),
    ("<script>alert(1)</script>", "", ["<script>"]),
    ("<SCRIPT SRC=//evil.js></SCRIPT>", "", ["<script>"]),
    ('<img src=x onerror="alert(1)">', '<img src="x">', ["onerror= on <img>"]),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<img>", ["data: URL in <img src>"]),
    ('<iframe src="https://evil"></iframe>', "", ["<iframe>"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil">', "", ["<meta>"]),
    ("<style>*{display:none}</style>", "", ["<style>"]),
    ('<form action="https://evil"><input name=p></form>', "", ["<form>", "<input>", "</form>"]),
    ("<svg><script>alert(1)</script></svg>", "", ["<svg>"]),
    ('<div style="position:fixed">t</div>', "<div>t</div>", ["style= on <div>"]),
    ('<a href="/x" target="_top">x</a>', '<a href="/x">x</a>', ["target='_top' on <a>"]),
    ("<p>1 < 2 & 3</p>", "<p>1 &lt; 2 &amp; 3</p>", []),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)", ["<scr<script>", "</script>"]),
    # not HTML at all (generics in prose): invisible in a browser, as on the Jekyll site
    ("List<String> 과 Map<K, V>", "List 과 Map", []),
    ("<application-name>앱</application-name>", "앱", []),
    ("<address>서울</address>", "서울", ["<address>", "</address>"]),
]


@pytest.mark.parametrize(("fragment", "clean", "removed"), SANITIZE)
def test_sanitize_html(fragment: str, clean: str, removed: list[str]) -> None:
    got, what = sanitize_html(fragment)
    assert (got, what) == (clean, removed)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("https://a", "https"), ("/x.png", None), ("x.png", None), ("#top", None),
     ("java\tscript:x", "javascript"), ("\x01javascript:x", "javascript"),
     ("DATA:text/html,x", "data"), ("vbscript:x", "vbscript"), ("a/b:c", None)],
)
def test_url_scheme(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    ("info", "content", "refused"),
    [("{include}", "", True), ("{literalinclude}", "", True), ("{raw}", "", True),
     ("{csv-table}", ":file: x.csv\n", True), ("{csv-table}", ":url: http://x\n", True),
     ("{csv-table}", "a,b\n", False), ("{note}", "text", False), ("python", ":file: x", False),
     ("{eval-rst}", ".. note:: x", False)],
)
def test_forbidden_directive(info: str, content: str, refused: bool) -> None:
    assert (forbidden_directive(info, content) is not None) is refused


TEXT = "---\ntitle: 한글 제목\n---\n\n본문\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [(TEXT.encode(), "utf-8"), (b"\xef\xbb\xbf" + TEXT.encode(), "utf-8"),
     (TEXT.encode("cp949"), "cp949"), (TEXT.encode("euc-kr"), "cp949"),
     (TEXT.encode("utf-16"), "utf-16"), (TEXT.encode("utf-16-le"), "utf-16-le"),
     (TEXT.encode("utf-16-be"), "utf-16-be")],
)
def test_decode_source(data: bytes, encoding: str) -> None:
    assert decode_source(data) == (TEXT, encoding)


def test_decode_stray_byte_keeps_the_rest() -> None:
    text, encoding = decode_source(TEXT.encode() + b"\xff tail\n")
    assert encoding == "utf-8?" and text.startswith(TEXT) and text.endswith("\ufffd tail\n")
