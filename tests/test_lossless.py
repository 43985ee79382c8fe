"""Jekyll-valid posts build silently and keep what their authors published.

The posts of ``tests/roots/test-lossless`` use what real blogs use: YouTube
and SpeakerDeck players, gist embeds, coloured spans, ``<font>``, ``<a name>``
targets, ``markdown="1"`` blocks, inline SVG, image maps, empty front-matter
lists, theme-only keys, a post in a sub-folder of the posts folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import build_root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    app = build_root("lossless", tmp_path_factory.mktemp("lossless") / "site")
    return app


def article(app, name: str) -> BeautifulSoup:
    html = (Path(app.outdir) / "docs" / "posts" / f"{name}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").find(attrs={"role": "main"}) or BeautifulSoup(
        html, "html.parser"
    )


def test_jekyll_valid_posts_build_without_a_word(site) -> None:
    assert site._warning.getvalue() == ""
    assert "jekyll_book: no problems in" in site._status.getvalue()


def test_players_are_sandboxed_lazy_https_iframes(site) -> None:
    frames = article(site, "2021-04-02-embeds").find_all("iframe")
    assert [f["src"] for f in frames] == [
        "https://www.youtube.com/embed/Ab12Cd34Ef5",
        "https://speakerdeck.com/player/0123abcd",
        "https://www.youtube-nocookie.com/embed/Zz9",
    ]
    for frame in frames:
        assert frame["loading"] == "lazy"
        assert "allow-scripts" in str(frame["sandbox"]) and "allow-top-navigation" not in str(
            frame["sandbox"]
        )
    assert frames[0]["width"] == "560" and frames[0]["height"] == "315"


def test_gists_are_links_to_the_gist(site) -> None:
    links = article(site, "2021-04-02-embeds").select("a.jekyll-gist")
    assert [a["href"] for a in links] == [
        "https://gist.github.com/hong-gildong/8f2a9c1e4b7d",
        "https://gist.github.com/hong-gildong/5e6f7a8b#file-server-py",
    ]
    assert "server.py" in links[1].get_text()


def test_colours_and_presentation_kept(site) -> None:
    body = article(site, "2021-05-10-styled")
    red = body.find("span", string="빨간 굵은 글씨")
    assert red["style"] == "color:#d63031;font-weight:bold"
    yellow = body.find("span", string="노란 배경")
    assert yellow["style"] == "background-color:#ffeaa7"  # position/top dropped
    blue = body.find("span", string="파란 큰 글씨")
    assert blue["style"] == "color:blue;font-size:large"
    assert body.find("p", string="가운데 정렬 문단")["style"] == "text-align:center;color:gray"
    assert [c["width"] for c in body.find_all("col")] == ["30%", "70%"]
    assert body.find("tr", style="background-color:#eeeeee")
    diagram = body.find("img", alt="구성도")
    assert diagram["width"] == "320" and "max-width:100%" in diagram["style"]
    wide = body.find("img", alt="넓이를 정한 그림")  # kramdown block IAL style
    assert wide.parent.name == "p" and "center" in wide.parent["class"]
    wrapper = wide.parent.parent
    assert wrapper.name == "div" and wrapper["style"] == "width:400px"
    assert wrapper["class"] == ["jekyll-styled"]
    assert body.find("h1", string="본문 안의 큰 제목")
    assert body.find("address").get_text() == "서울특별시 어딘가"
    assert body.find("a", download="slides.pdf")["href"] == "https://example.com/slides.pdf"
    area = body.find("map", attrs={"name": "places"}).find("area")
    assert area["href"] == "https://example.com/seoul"


def test_markdown_inside_html_blocks_and_anchors(site) -> None:
    body = article(site, "2021-05-10-styled")
    table_box = body.find(id="price-table")
    assert table_box.name == "div" and table_box.find("table").find("strong").get_text() == "가격"
    assert body.find(id="third") is not None
    hrefs = [a.get("href") for a in body.find_all("a")]
    assert "#third" in hrefs and "#price-table" in hrefs
    svg = body.find("img", class_="jekyll-svg")
    assert svg["src"].startswith("data:image/svg+xml;base64,") and svg["width"] == "40"
    heading = body.find(string=lambda s: s and "12.2" in s)
    assert heading is not None and "spring" not in heading.parent.get_text()


def test_posts_in_sub_folders_are_posts(site) -> None:
    out = Path(site.outdir)
    page = BeautifulSoup(
        (out / "docs/posts/talks/2022-10-20-conf-day1.html").read_text("utf-8"), "html.parser"
    )
    assert page.find("h1").get_text().strip().startswith("하위 폴더에 있는 컨퍼런스 후기")
    assert page.find("a", href="../2021-05-10-styled.html")  # {% post_url %} across folders
    index = (out / "index.html").read_text("utf-8")
    assert "하위 폴더에 있는 컨퍼런스 후기" in index
    tag_pages = list((out / "docs" / "tags").glob("*.html"))
    assert any("하위 폴더에 있는 컨퍼런스 후기" in p.read_text("utf-8") for p in tag_pages)


def test_trusted_html_is_published_as_jekyll_did_but_nothing_runs_at_build(tmp_path) -> None:
    """``jekyll_trust_html = True``: a single author's demos keep their scripts."""
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots" / "test-lossless", src)
    (tmp_path / "secret.txt").write_text("TRUST-SECRET-55", encoding="utf-8")
    (src / "docs/posts/2023-01-01-demo.md").write_text(
        "---\ntitle: 데모\n---\n\n<div id=\"demo\"></div>\n"
        "<script>document.getElementById('demo').textContent = 'DEMO-RAN';</script>\n\n"
        "<style>.demo-box { outline: 1px solid red }</style>\n\n"
        "```{include} ../../../secret.txt\n```\n\n"
        "```{raw} html\n<b>RAW-DIRECTIVE</b>\n```\n",
        encoding="utf-8",
    )
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warnings,
                        confoverrides={"jekyll_trust_html": True})
    try:
        app.build()
    finally:
        app.cleanup()
    page = (Path(app.outdir) / "docs/posts/2023-01-01-demo.html").read_text("utf-8")
    assert "document.getElementById('demo').textContent = 'DEMO-RAN';" in page
    assert ".demo-box { outline: 1px solid red }" in page
    # the build itself is still locked down: no file read, no raw output
    assert "TRUST-SECRET-55" not in page
    assert "<b>RAW-DIRECTIVE</b>" not in page  # shown as the code it is
    log = warnings.getvalue()
    assert "{include} is not allowed in posts" in log and "{raw} is not allowed in posts" in log
    assert "removed <script>" not in log
