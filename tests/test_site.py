"""A small blog built end to end: titles, dates, tags, listing, excerpts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import build_root


def soup(app, page: str) -> BeautifulSoup:
    path = Path(app.outdir) / page
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_root("site", tmp_path_factory.mktemp("site") / "src")


POSTS = [
    # page, title, Korean date, tags, categories
    (
        "docs/posts/2019-10-31-deview.html",
        "DEVIEW 2019: 첫째 날",
        "2019년 10월 31일",
        ["네이버", "DEVIEW", "2019"],
        ["컨퍼런스"],
    ),
    (
        "docs/posts/2020-05-02-mongo.html",
        "몽고DB 인덱스 스터디",
        "2020년 5월 2일",
        ["몽고DB", "2020"],
        ["스터디", "데이터베이스"],
    ),
    ("docs/posts/2021-12-31-retro.html", "2021년 회고", "2021년 12월 31일", ["회고"], []),
    ("docs/posts/2018-01-01-no-title.html", "No Title", "2018년 1월 1일", ["무제"], []),
]


@pytest.mark.parametrize(("page", "title", "date", "tags", "categories"), POSTS)
def test_post_page_header(site, page, title, date, tags, categories):
    html = soup(site, page)
    article = html.select_one("article")
    h1s = article.find_all("h1")
    assert [h.get_text().rstrip("#").strip() for h in h1s] == [title]
    meta = article.select_one(".post-header .post-meta")
    assert meta.select_one(".post-date").get_text() == date
    tag_list = meta.select_one(".post-tag-list")
    assert [t.get_text().strip() for t in tag_list.select(".post-tag")] == tags
    shown_categories = [c.get_text().strip() for c in meta.select(".post-category")]
    assert shown_categories == categories
    assert html.find("html")["lang"] == "ko"


def test_body_headings_start_below_the_title(site):
    article = soup(site, "docs/posts/2019-10-31-deview.html").select_one("article")
    levels = [h.name for h in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels == ["h1", "h2", "h2"]  # the two #### sessions
    article = soup(site, "docs/posts/2020-05-02-mongo.html").select_one("article")
    levels = [h.name for h in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels == ["h1", "h2", "h3"]


def test_header_image_is_copied(site):
    article = soup(site, "docs/posts/2019-10-31-deview.html").select_one("article")
    img = article.select_one(".post-header .post-image img")
    target = (Path(site.outdir) / "docs/posts" / img["src"]).resolve()
    assert target.is_file()


def test_landing_lists_posts_newest_first_without_drafts(site):
    html = soup(site, "index.html")
    titles = [a.get_text() for a in html.select(".post-list .post-summary-title a")]
    assert titles == ["2021년 회고", "몽고DB 인덱스 스터디", "DEVIEW 2019: 첫째 날", "No Title"]
    for link in html.select(".post-list .post-summary-title a"):
        assert (Path(site.outdir) / link["href"]).is_file()


def test_excerpts(site):
    html = soup(site, "index.html")
    excerpts = {
        s.select_one(".post-summary-title a").get_text(): s.select_one(".post-excerpt").get_text()
        for s in html.select(".post-summary")
    }
    # the part before <!--more-->, else the first paragraph
    assert excerpts["DEVIEW 2019: 첫째 날"] == "첫째 날 발표를 정리한다."
    assert excerpts["몽고DB 인덱스 스터디"] == "몽고DB에서 인덱스를 고르는 방법을 공부했다. 두 번째 문장."


def test_post_without_title_builds_silently_as_in_jekyll(site):
    assert site.warning.getvalue() == ""
    page = soup(site, "docs/posts/2018-01-01-no-title.html")
    assert page.find("h1").get_text().strip().startswith("No Title")


def test_post_titles_are_in_navigation(site):
    html = soup(site, "docs/posts/2020-05-02-mongo.html")
    nav_text = html.select_one(".bd-sidebar-primary").get_text()
    assert "몽고DB 인덱스 스터디" in nav_text
