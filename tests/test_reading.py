"""Post cards, landing-page pagination, comments, toc: false, and their import."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from jekyll_book.cli.importer import import_blog, read_site_config
from jekyll_book.features.reading import comments_html
from jekyll_book.jekyll.site import conf_overrides

from .test_incremental import assert_same_output, snapshot

ROOT = Path(__file__).parent / "roots" / "test-reading"
PINNED = "공지 - 블로그를 옮겼습니다"
TYPO = "한글 줄바꿈과 강조 스타일 점검"


def filler(number: int) -> tuple[str, str]:
    """A small post of our own: (file name, text); newer for a higher number."""
    month, day = 1 + number // 28, 1 + number % 28
    name = f"2022-{month:02d}-{day:02d}-filler-{number:02d}.md"
    text = (
        f"---\ntitle: 채우는 글 {number:02d}\ncategories: [노트]\n"
        f"tags: [태그{number % 3}]\n---\n\n"
        f"{number}번째 채우는 글입니다. 목록과 쪽 나눔을 확인합니다.\n\n## 코드\n\n"
        "```python\nprint('안녕')\n```\n"
    )
    return name, text


def make_site(dest: Path, fillers: int = 21) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest)
    for number in range(fillers):
        name, text = filler(number)
        (dest / "docs" / "posts" / name).write_text(text, encoding="utf-8")
    return dest


def build(srcdir: Path, builddir: Path | None = None, fresh: bool = True, **overrides):
    warnings = StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, freshenv=fresh, status=StringIO(),
        warning=warnings, confoverrides=overrides or None,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warnings.getvalue()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def titles(page: Path) -> list[str]:
    return [a.get_text() for a in soup(page).select(".post-list .post-summary-title a")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = make_site(tmp_path_factory.mktemp("reading") / "src")
    out, warnings = build(src)
    assert warnings.strip() == ""
    return out


def test_landing_shows_ten_then_the_next_ten_pinned_first(site):
    first = titles(site / "index.html")
    second = titles(site / "docs" / "page" / "2.html")
    third = titles(site / "docs" / "page" / "3.html")
    assert len(first) == 10 and len(second) == 10 and len(third) == 3
    assert first[0] == PINNED
    newest = [f"채우는 글 {n:02d}" for n in range(20, -1, -1)]
    # pinned first, then newest first: the 2021 post is older than every filler
    assert first[1:] + second + third == newest + [TYPO]
    assert not (site / "docs" / "page" / "4.html").exists()
    assert not (site / "docs" / "page" / "1.html").exists()


def test_pager_links_number_and_older_newer(site):
    pager = soup(site / "docs" / "page" / "2.html").select_one(".post-pager")
    assert pager.select_one(".post-pager-current").get_text() == "2"
    assert pager.select_one("a.post-pager-newer")["href"] == "../../index.html"
    assert pager.select_one("a.post-pager-older")["href"] == "3.html"
    numbers = [a.get_text() for a in pager.select("a.post-pager-number")]
    assert numbers == ["1", "3"]
    first = soup(site / "index.html").select_one(".post-pager")
    assert first.select_one("a.post-pager-newer") is None
    assert first.select_one("a.post-pager-older")["href"] == "docs/page/2.html"


def test_cards_show_date_reading_time_category_tags_excerpt_thumbnail(site):
    cards = soup(site / "docs" / "page" / "3.html").select(".post-card")
    card = next(c for c in cards if TYPO in c.get_text())
    assert card.select_one(".post-date").get_text() == "2021년 6월 10일"
    assert card.select_one(".post-reading-time").get_text().startswith("약 ")
    assert [a.get_text() for a in card.select("a.post-category")] == ["세미나"]
    assert sorted(a.get_text() for a in card.select(".post-card-tags a.post-tag")) == [
        "CSS", "타이포그래피",
    ]
    assert "단어 중간에서" in card.select_one(".post-excerpt").get_text()
    img = card.select_one(".post-card-thumb img")
    assert (site / "docs" / "page" / img["src"]).resolve().is_file()
    pinned = soup(site / "index.html").select_one(".post-card")
    assert "post-card-pinned" in pinned["class"] and pinned.select_one(".post-pin")


def test_tag_category_and_archive_pages_show_cards(site):
    tag = soup(site / "docs" / "tags" / "태그1.html")
    assert len(tag.select(".post-card")) == 7
    category = soup(site / "docs" / "categories" / "노트.html")
    assert len(category.select(".post-card")) == 21
    year = soup(site / "docs" / "archive" / "2022.html")
    cards = year.select(".post-card")
    assert len(cards) == 21 and not year.select(".post-excerpt")  # compact in the archive


def test_linenos_copy_buttons_and_toc_false(site):
    post = soup(site / "docs" / "posts" / "2021-06-10-typography-check.html")
    blocks = post.select("div.highlight pre")
    assert len(blocks) == 2
    assert [s.get_text().strip() for s in blocks[0].select(".linenos")] == ["1", "2"]
    assert not blocks[1].select(".linenos")
    assert "copybutton.js" in str(post.select("script"))
    # toc: false removes the "on this page" sidebar; another post keeps it
    assert post.select_one(".bd-sidebar-secondary") is None
    other = soup(site / "docs" / "posts" / "2022-01-01-filler-00.html")
    assert other.select_one(".bd-sidebar-secondary") is not None


def test_nothing_from_third_parties_by_default(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for host in ("giscus.app", "utteranc.es", "disqus.com", "googletagmanager"):
            assert host not in text, (page, host)


GISCUS = {
    "provider": "giscus", "repo": "me/blog", "repo_id": "R_1",
    "category": "Comments", "category_id": "DIC_1",
}


def test_comments_configured_and_comments_false_honoured(tmp_path):
    src = make_site(tmp_path / "src", fillers=1)
    out, warnings = build(src, jekyll_comments=GISCUS)
    assert warnings.strip() == ""
    pinned = soup(out / "docs" / "posts" / "2020-01-15-pinned-notice.html")
    script = pinned.select_one(".post-comments script")
    assert script["src"] == "https://giscus.app/client.js"
    assert script["data-repo"] == "me/blog" and script["data-mapping"] == "specific"
    # the thread is the one the old Jekyll page had: its pathname, as the
    # browser gives it (percent-encoded), with the category Jekyll put in it
    assert script["data-term"] == quote("공지") + "/2020/01/15/pinned-notice"
    typo = soup(out / "docs" / "posts" / "2021-06-10-typography-check.html")
    assert typo.select_one(".post-comments") is None
    assert soup(out / "index.html").select_one(".post-comments") is None


def test_comment_providers_html():
    utterances = comments_html({"provider": "utterances", "repo": "a/b"}, "2019/x")
    assert 'src="https://utteranc.es/client.js"' in utterances
    assert 'issue-term="2019/x"' in utterances
    disqus = comments_html({"provider": "disqus", "shortname": "myblog"}, "2019/x")
    assert "https://myblog.disqus.com/embed.js" in disqus and '"/2019/x"' in disqus
    hostile = comments_html({**GISCUS, "repo": 'a/b"><script>'}, "t")
    assert "<script>\"" not in hostile and "&quot;&gt;&lt;script&gt;" in hostile
    assert comments_html({}, "x") == ""


def test_invalid_comments_setting_warns_and_loads_nothing(tmp_path):
    src = make_site(tmp_path / "src", fillers=0)
    out, warnings = build(src, jekyll_comments={"provider": "giscus", "repo": "a/b"})
    assert "invalid jekyll_comments" in warnings and "[jekyll_book.config]" in warnings
    post = out / "docs" / "posts" / "2020-01-15-pinned-notice.html"
    assert "giscus.app" not in post.read_text(encoding="utf-8")


def test_adding_a_post_moves_posts_between_pages_as_a_clean_build(tmp_path):
    src = make_site(tmp_path / "src", fillers=20)  # 22 posts: 3 pages
    inc_build = tmp_path / "inc"
    build(src, inc_build)
    page2 = src / "docs" / "page" / "2.md"
    before = page2.stat().st_mtime_ns
    name, text = filler(25)
    (src / "docs" / "posts" / name).write_text(text, encoding="utf-8")
    inc, warnings = build(src, inc_build, fresh=False)
    assert warnings.strip() == ""
    assert page2.stat().st_mtime_ns == before  # generated page unchanged: not rewritten
    assert titles(inc / "docs" / "page" / "2.html")[0] == "채우는 글 11"
    clean, _ = build(src, tmp_path / "clean")
    assert_same_output(snapshot(inc), snapshot(clean))
    # and back: removing it drops the posts back (and page 3 loses one)
    (src / "docs" / "posts" / name).unlink()
    inc, _ = build(src, inc_build, fresh=False)
    clean, _ = build(src, tmp_path / "clean2")
    # Sphinx never deletes output: the removed post's own files stay behind
    ref = snapshot(clean)
    assert_same_output({k: v for k, v in snapshot(inc).items() if k in ref}, ref)


def test_paginate_zero_lists_every_post_on_the_landing_page(tmp_path):
    src = make_site(tmp_path / "src", fillers=12)
    out, warnings = build(src, jekyll_paginate=0)
    assert warnings.strip() == ""
    listed = titles(out / "index.html")
    assert len(listed) == 14 and listed[0] == PINNED
    assert not (out / "docs" / "page").exists()
    assert soup(out / "index.html").select_one(".post-pager") is None


# -- make import: the old theme's settings come along ------------------------------


def _repo(tmp_path: Path, config: str) -> Path:
    repo = tmp_path / "blog"
    (repo / "_posts").mkdir(parents=True)
    (repo / "_config.yml").write_text(config, encoding="utf-8")
    (repo / "_posts" / "2020-01-01-hello.md").write_text(
        "---\ntitle: 안녕\npin: true\ncomments: false\n---\n\n본문\n", encoding="utf-8"
    )
    return repo


MINIMAL_MISTAKES = """
title: 내 블로그
repository: "me/blog"
paginate: 5
comments:
  provider: "giscus"
  giscus:
    repo_id: "R_kgDO"
    category_name: "Comments"
    category_id: "DIC_kwDO"
    discussion_term: "pathname"
    reactions_enabled: '1'
analytics:
  provider: "google-gtag"
  google:
    tracking_id: "G-ABC123"
    anonymize_ip: false
"""

CHIRPY = """
title: Chirpy 블로그
comments:
  provider: utterances
  utterances:
    repo: me/chirpy-blog
    issue_term: pathname
analytics:
  google:
    id: G-CHIRPY1
"""


def test_import_minimal_mistakes_giscus_and_gtag(tmp_path):
    repo = _repo(tmp_path, MINIMAL_MISTAKES)
    dest = tmp_path / "project"
    dest.mkdir()
    import_blog(repo, dest)
    site = json.loads((dest / "jekyll_site.json").read_text(encoding="utf-8"))
    conf = conf_overrides(dest / "jekyll_site.json", {"html_theme_options": {"show_toc_level": 2}})
    assert conf["jekyll_comments"] == {
        "provider": "giscus", "repo": "me/blog", "repo_id": "R_kgDO",
        "category": "Comments", "category_id": "DIC_kwDO", "reactions_enabled": "1",
    }
    assert conf["html_theme_options"] == {
        "show_toc_level": 2, "analytics": {"google_analytics_id": "G-ABC123"},
    }
    assert conf["jekyll_paginate"] == 5 and site["paginate"] == 5
    assert "comments" not in conf["jekyll_site"]  # only text settings are site variables


def test_import_chirpy_utterances_and_analytics(tmp_path):
    site, problem = read_site_config(_repo(tmp_path, CHIRPY))
    assert problem == ""
    assert site["comments"] == {"provider": "utterances", "repo": "me/chirpy-blog"}
    assert site["analytics"] == {"google_analytics_id": "G-CHIRPY1"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("disqus:\n  shortname: oldblog\n", {"provider": "disqus", "shortname": "oldblog"}),
        ("comments:\n  active: disqus\n  disqus:\n    shortname: chirpy5\n",
         {"provider": "disqus", "shortname": "chirpy5"}),
        # giscus without its ids cannot work: nothing is configured
        ("comments:\n  provider: giscus\n  giscus:\n    repo: a/b\n", None),
        ("google_analytics: UA-1234-5\n", None),
    ],
)
def test_import_other_comment_settings(tmp_path, config, expected):
    site, _ = read_site_config(_repo(tmp_path, config))
    assert site.get("comments") == expected


def test_imported_blog_builds_with_comments_analytics_and_post_switches(tmp_path):
    repo = _repo(tmp_path, MINIMAL_MISTAKES)
    (repo / "_posts" / "2020-02-02-second.md").write_text(
        "---\ntitle: 두 번째\n---\n\n두 번째 본문\n", encoding="utf-8"
    )
    src = make_site(tmp_path / "src", fillers=0)
    shutil.rmtree(src / "docs" / "posts")
    import_blog(repo, src)
    conf = conf_overrides(src / "jekyll_site.json", {})
    out, warnings = build(src, **conf)
    assert warnings.strip() == ""
    hello = (out / "docs" / "posts" / "2020-01-01-hello.html").read_text(encoding="utf-8")
    second = (out / "docs" / "posts" / "2020-02-02-second.html").read_text(encoding="utf-8")
    assert "giscus.app" not in hello and "giscus.app" in second  # comments: false
    assert "G-ABC123" in hello  # the theme's own analytics snippet
    assert titles(out / "index.html") == ["안녕", "두 번째"]  # pin: true first
