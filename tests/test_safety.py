"""The sanitiser, URL and directive rules and the decoder, from tables."""

from __future__ import annotations

import base64

import pytest

from jekyll_book.jekyll.frontmatter import decode_source
from jekyll_book.safety import Policy, forbidden_directive, sanitize_html, url_scheme
from jekyll_book.safety.html import DEFAULT_EMBED_HOSTS, embed_host_allowed, filter_style

YT = "https://www.youtube.com/embed/abc"
EMBED = (
    'loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" '
    'allow="accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; '
    'fullscreen" allowfullscreen="" referrerpolicy="strict-origin-when-cross-origin"></iframe>'
)
GIST_LINK = '<a class="jekyll-gist reference external" href="https://gist.github.com/{}" ' \
    'target="_blank" rel="noopener noreferrer"><span class="jekyll-gist-label">GitHub Gist ' \
    '코드 보기</span> <span class="jekyll-gist-name">{}</span></a>'
SVG = '<svg width="20" height="10"><circle r="4"/></svg>'
SVG_IMG = (
    '<img class="jekyll-svg" alt="" width="20" height="10" src="data:image/svg+xml;base64,'
    + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                       b'<circle r="4"/></svg>').decode() + '">'
)

SANITIZE = [
    # (input, output, removed: what a reader loses, reported)
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
    # -- kept as the author meant it (silent) -------------------------------------------
    ('<span style="color: #d11; font-weight: bold">빨강</span>',
     '<span style="color:#d11;font-weight:bold">빨강</span>', []),
    ('<div style="text-align:center; max-width: 80%; border: 1px solid #ccc">x</div>',
     '<div style="text-align:center;max-width:80%;border:1px solid #ccc">x</div>', []),
    ('<img src="a.png" style="width: 300px">', '<img src="a.png" style="width:300px">', []),
    ('<tr style="background-color: #eee">', '<tr style="background-color:#eee">', []),
    ('<font color="red" size="4">큰 빨강</font>',
     '<span style="color:red;font-size:large">큰 빨강</span>', []),
    ('<font face="Nanum Gothic">글꼴</font>', '<span style="font-family:Nanum Gothic">글꼴</span>', []),
    ('<a name="intro"></a>', '<a id="intro"></a>', []),
    ('<div id="notes" markdown="1">', '<div id="notes">', []),
    ('<td markdown="span">', '<td>', []),
    ("<h1>큰 제목</h1>", "<h1>큰 제목</h1>", []),
    ("<address>서울</address>", "<address>서울</address>", []),
    ('<a href="/f/a.zip" download="a.zip">받기</a>', '<a href="/f/a.zip" download="a.zip">받기</a>', []),
    ('<col width="30%">', '<col width="30%">', []),
    ('<map name="m"><area shape="rect" coords="0,0,9,9" href="https://x.io" alt="x"></map>',
     '<map name="m"><area shape="rect" coords="0,0,9,9" href="https://x.io" alt="x"></map>', []),
    ('<img src="data:image/png;base64,iVBORw0KGgo=">', '<img src="data:image/png;base64,iVBORw0KGgo=">', []),
    ('<span data-x="1" aria-hidden="true" color="red">t</span>', "<span>t</span>", []),
    (f'<iframe width="560" height="315" src="{YT}" frameborder="0" allowfullscreen></iframe>',
     f'<iframe class="jekyll-embed" src="{YT}" width="560" height="315" ' + EMBED, []),
    ('<iframe src="//www.youtube-nocookie.com/embed/x"></iframe>',
     '<iframe class="jekyll-embed" src="https://www.youtube-nocookie.com/embed/x" ' + EMBED, []),
    ('<iframe src="https://player.vimeo.com/video/1"></iframe>',
     '<iframe class="jekyll-embed" src="https://player.vimeo.com/video/1" ' + EMBED, []),
    ('<script src="https://gist.github.com/kim/0a1b.js"></script>',
     GIST_LINK.format("kim/0a1b", "kim/0a1b"), []),
    ('<script src="https://gist.github.com/kim/0a1b.js?file=main.py"></script>',
     GIST_LINK.format("kim/0a1b#file-main-py", "kim/0a1b · main.py"), []),
    (SVG, SVG_IMG, []),
    # -- dangerous parts dropped silently, the rest kept --------------------------------------
    ('<div style="position:fixed;top:0;color:red">t</div>', '<div style="color:red">t</div>', []),
    ('<div style="position:fixed">t</div>', "<div>t</div>", []),
    ('<span style="background: url(https://e.x/t.png); color: blue">t</span>',
     '<span style="color:blue">t</span>', []),
    ('<span style="width: expression(alert(1))">t</span>', "<span>t</span>", []),
    ('<a href="/x" target="_top">x</a>', '<a href="/x">x</a>', []),
    ("<svg onload=\"alert(1)\"><script>alert(1)</script></svg>", None, []),
    # -- removed, and said ----------------------------------------------------------------------
    ("<script>alert(1)</script>", "", ["<script>"]),
    ("<SCRIPT SRC=//evil.js></SCRIPT>", "", ["<script>"]),
    ('<img src=x onerror="alert(1)">', '<img src="x">', ["onerror= on <img>"]),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>", ["javascript: URL in <a href>"]),
    ('<area href="javascript:x()" alt="a">', '<area alt="a">', ["javascript: URL in <area href>"]),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<img>", ["data: URL in <img src>"]),
    ('<iframe src="https://evil.example/x"></iframe>',
     '<a class="jekyll-embed-link reference external" href="https://evil.example/x" '
     'target="_blank" rel="noopener noreferrer">삽입된 콘텐츠 열기: evil.example</a>',
     ["<iframe> from evil.example (shown as a link)"]),
    ('<iframe src="javascript:alert(1)"></iframe>', "", ["<iframe>"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil">', "", ["<meta>"]),
    ("<style>*{display:none}</style>", "", ["<style>"]),
    ('<form action="https://evil"><input name=p></form>', "", ["<form>", "<input>"]),
    ('<object data="x.swf"></object>', "", ["<object>"]),
    ("<p>1 < 2 & 3</p>", "<p>1 &lt; 2 &amp; 3</p>", []),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)", ["<scr<script>"]),
    # not HTML at all (generics in prose): invisible in a browser, as on the Jekyll site
    ("List<String> 과 Map<K, V>", "List 과 Map", []),
    ("<application-name>앱</application-name>", "앱", []),
    ("<spring:message>", "", []),
]


@pytest.mark.parametrize(("fragment", "clean", "removed"), SANITIZE)
def test_sanitize_html(fragment: str, clean: str, removed: list[str]) -> None:
    got, what = sanitize_html(fragment)
    assert what == removed
    if clean is not None:
        assert got == clean
    else:  # an SVG whose script can never run: an image, nothing active in the page
        assert got.startswith('<img class="jekyll-svg"') and "onload" not in got


def test_embed_hosts_are_configurable() -> None:
    src = '<iframe src="https://video.example.org/embed/7"></iframe>'
    assert sanitize_html(src)[0].startswith("<a ")
    policy = Policy(embed_hosts=DEFAULT_EMBED_HOSTS + ("video.example.org",))
    clean, removed = sanitize_html(src, policy)
    assert clean.startswith('<iframe class="jekyll-embed" src="https://video.example.org/embed/7"')
    assert removed == []
    # a host matches itself and its subdomains, never a look-alike
    assert not embed_host_allowed("https://youtube.com.evil.example/x", DEFAULT_EMBED_HOSTS)
    assert not embed_host_allowed("https://evilyoutube.com/x", DEFAULT_EMBED_HOSTS)
    assert embed_host_allowed("https://m.youtube.com/embed/x", DEFAULT_EMBED_HOSTS)
    assert embed_host_allowed("https://www.google.com/maps/embed?pb=1", DEFAULT_EMBED_HOSTS)
    assert not embed_host_allowed("https://www.google.com/search?q=x", DEFAULT_EMBED_HOSTS)


@pytest.mark.parametrize(
    ("style", "kept"),
    [("color: red; position: absolute; z-index: 9", "color: red"),
     ("display: none", "display: none"),
     ("float: left; margin: 0 1em", "float: left; margin: 0 1em"),
     ("background-image: url(x.png)", ""),
     ("font-family: 'Noto Sans KR', sans-serif", "font-family: 'Noto Sans KR', sans-serif"),
     ("color: red; content: 'x'", "color: red"),
     ("color: re\\64", ""),
     ("width: 50%; transform: scale(9)", "width: 50%")],
)
def test_filter_style(style: str, kept: str) -> None:
    assert filter_style(style) == kept


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
