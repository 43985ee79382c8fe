"""Drafts and future posts: left out by default, built with a marker on request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from jekyll_book.config import Settings
from jekyll_book.features.drafts import hidden_reason
from jekyll_book.jekyll.frontmatter import PostMeta

from .conftest import build_root

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
PAST, FUTURE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("published", "date", "drafts", "future", "reason"),
    [
        (True, PAST, False, False, ""),
        (False, PAST, False, False, "published: false"),
        (False, PAST, True, False, ""),
        (True, FUTURE, False, False, "dated in the future"),
        (True, FUTURE, False, True, ""),
        (False, FUTURE, True, False, "dated in the future"),
    ],
)
def test_hidden_reason(published, date, drafts, future, reason):
    meta = PostMeta(title="t", date=date, slug="s", published=published)
    opts = Settings(show_drafts=drafts, show_future=future)
    assert hidden_reason(meta, opts, NOW) == reason


def soup(app, page):
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def default_site(tmp_path_factory):
    return build_root("migration", tmp_path_factory.mktemp("drafts-off") / "src")


@pytest.fixture(scope="module")
def drafts_site(tmp_path_factory):
    return build_root(
        "migration", tmp_path_factory.mktemp("drafts-on") / "src",
        confoverrides={"jekyll_show_drafts": True, "jekyll_show_future": True},
    )


HIDDEN = ["docs/posts/2022-07-08-hidden.html", "docs/posts/2999-01-01-future.html",
          "docs/drafts/unfinished.html"]


@pytest.mark.parametrize("page", HIDDEN)
def test_not_built_by_default(default_site, page):
    assert not (Path(default_site.outdir) / page).exists()


def test_not_listed_by_default(default_site):
    titles = [a.get_text() for a in soup(default_site, "index.html").select(".post-summary-title a")]
    assert titles == ["한글 파일 이름", "직접 정한 주소", "첫 글"]


@pytest.mark.parametrize(
    ("page", "badge"),
    [(HIDDEN[0], "초안"), (HIDDEN[1], "예약 글"), (HIDDEN[2], "초안")],
)
def test_shown_with_a_marker(drafts_site, page, badge):
    meta = soup(drafts_site, page).select_one(".post-header .post-meta")
    assert [b.get_text() for b in meta.select(".post-badge")] == [badge]


def test_published_posts_have_no_marker(drafts_site):
    assert not soup(drafts_site, "docs/posts/2020-01-02-hello-world.html").select(".post-badge")


def test_drafts_build_without_warnings(drafts_site):
    assert "WARNING" not in drafts_site.warning.getvalue()


def test_default_build_without_warnings(default_site):
    # archives, tag pages and feeds follow the same rule: no link to a hidden post
    assert "WARNING" not in default_site.warning.getvalue()
