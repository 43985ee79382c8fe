"""Korean search in a real headless Chromium, from file:// on sphinx-book-theme."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import build_root

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (make chromium)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("browser") / "search"
    app = build_root("search", dest, confoverrides={"html_theme": "sphinx_book_theme"})
    return Path(app.outdir)


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        yield page
        browser.close()


def results(page) -> list[str]:
    """Wait for searchtools.js to finish, then return the result page names."""
    # _finishSearch() replaces the title, detaching its "..." pulse; the
    # status text itself is translated (and empty in Sphinx's ko catalog)
    page.wait_for_function(
        "() => typeof Search !== 'undefined' && Search.dots && !Search.dots.isConnected"
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li > a", "els => els.map(a => a.getAttribute('href'))"
    )
    return [href.split("#")[0].rsplit("/", 1)[-1].removesuffix(".html") for href in hrefs]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("쿠버네티스를", "2020-01-01-k8s"),
        ("배포하다", "2020-01-01-k8s"),
        ("kafka를", "2021-02-02-kafka"),
        ("몽고DB에서", "2021-02-02-kafka"),
        ("kubernetes", "2020-01-01-k8s"),
        ("에러버짓", "2022-03-03-cache"),
        ("캐시를 무효화하는 방법", "2022-03-03-cache"),
    ],
)
def test_search_page_from_file_url(site: Path, page, query: str, first: str) -> None:
    page.goto(f"{(site / 'search.html').as_uri()}?q={quote(query)}")
    found = results(page)
    assert found and found[0] == first, found
    # our code ran, not only Sphinx's stock search
    assert page.evaluate("() => Search.__koreanSearch === true")
    assert not [e for e in page.errors if "KoreanSearch" in e or "language_data" in e]


def test_result_count_line_is_korean(site: Path, page) -> None:
    page.goto(f"{(site / 'search.html').as_uri()}?q={quote('쿠버네티스')}")
    found = results(page)
    status = page.inner_text("#search-results .search-summary")
    assert status == f"검색을 마쳤습니다. 검색어와 일치하는 문서 {len(found)}개를 찾았습니다."


def test_typing_a_korean_query(site: Path, page) -> None:
    page.goto((site / "search.html").as_uri())
    box = page.locator('.bd-search-container input[name="q"]')
    box.fill("")
    box.type("컨슈머의 랙")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    assert results(page)[0] == "2021-02-02-kafka"


def test_no_results_message_for_unknown_words(site: Path, page) -> None:
    page.goto(f"{(site / 'search.html').as_uri()}?q={quote('존재하지않는낱말')}")
    assert results(page) == []
