"""Korean search in a real headless Chromium, from file:// and over HTTP, on
sphinx-book-theme: the search page's results, filters and highlight on arrival."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, build_root

#: logged by pydata-sphinx-theme on a first visit (no stored theme mode): not ours
THEME_NOISE = ("Got invalid theme mode",)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (make chromium)"
)


@pytest.fixture(scope="module")
def search_root(tmp_path_factory) -> Path:
    """Only jekyll_book.search_ko (no posts): plain pages."""
    dest = tmp_path_factory.mktemp("browser") / "search"
    app = build_root("search", dest, confoverrides={"html_theme": "sphinx_book_theme"})
    return Path(app.outdir)


@pytest.fixture(scope="module")
def blog(tmp_path_factory) -> Path:
    """A jekyll_book blog: posts with tags, categories and talks; listing pages."""
    app = build_root("search-site", tmp_path_factory.mktemp("browser") / "blog")
    return Path(app.outdir)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # asked by the browser itself, not the site
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture(scope="module")
def http_root(tmp_path_factory):
    """A local HTTP server on 127.0.0.1 over every built site of this module."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module", params=["file", "http"])
def address(request, http_root):
    """site folder → its base address, once from disk and once over HTTP."""
    cache: dict[Path, str] = {}

    def base(site: Path) -> str:
        if site not in cache:
            cache[site] = site.as_uri() + "/" if request.param == "file" else http_root(site)
        return cache[site]

    return base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: msg.type == "error"
        and not any(n in msg.text for n in THEME_NOISE)
        and problems.append(f"console: {msg.text}"),
    )
    page.on("requestfailed", lambda req: problems.append(f"failed: {req.url}"))
    page.on("response", lambda res: res.status >= 400 and problems.append(f"{res.status}: {res.url}"))
    page.problems = problems
    yield page
    page.close()
    assert problems == []  # no console errors, no blocked or missing file


def open_search(page, base: str, query: str, extra: str = "") -> list[str]:
    page.goto(f"{base}search.html?q={quote(query)}{extra}")
    page.wait_for_function(
        "() => self.KOREAN_SEARCH_STATS && (self.KOREAN_SEARCH_STATS.ready || self.KOREAN_SEARCH_STATS.error)"
    )
    assert "error" not in page.evaluate("() => self.KOREAN_SEARCH_STATS")
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a.ks-title", "els => els.map(a => a.getAttribute('href'))"
    )
    return [unquote(urlsplit(h).path).rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs]


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
def test_korean_queries(search_root: Path, address, page, query: str, first: str) -> None:
    found = open_search(page, address(search_root), query)
    assert found and found[0] == first, found
    # Sphinx's whole index is not loaded by the search page any more
    assert not page.evaluate("() => performance.getEntriesByType('resource').some(e => e.name.includes('searchindex.js'))")


def test_result_count_line_is_korean(search_root: Path, address, page) -> None:
    found = open_search(page, address(search_root), "쿠버네티스")
    status = page.inner_text("#search-results .search-summary")
    assert status == f"검색을 마쳤습니다. 검색어와 일치하는 문서 {len(found)}개를 찾았습니다."


def test_typing_a_korean_query(search_root: Path, address, page) -> None:
    page.goto(f"{address(search_root)}search.html")
    box = page.locator('.bd-search-container input[name="q"]')
    box.fill("")
    box.type("컨슈머의 랙")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_function("() => self.KOREAN_SEARCH_STATS && self.KOREAN_SEARCH_STATS.ready")
    assert page.get_attribute("ul.search > li > a.ks-title", "href").split("?")[0].endswith(
        "2021-02-02-kafka.html"
    )


def test_no_results_message_for_unknown_words(search_root: Path, address, page) -> None:
    assert open_search(page, address(search_root), "존재하지않는낱말") == []
    assert "없습니다" in page.inner_text("#search-results .search-summary")


def test_results_are_posts_with_date_tags_and_marked_snippet(blog: Path, address, page) -> None:
    found = open_search(page, address(blog), "쿠버네티스")
    assert found[0] == "2020-11-21-k8s-day"
    hrefs = page.eval_on_selector_all("ul.search > li > a.ks-title", "els => els.map(a => a.href)")
    assert all("/docs/posts/" in h or "/docs/about.html" in h for h in hrefs), hrefs
    first = page.locator("ul.search > li").first
    assert first.locator(".ks-date").inner_text() == "2020-11-21"
    assert first.locator(".ks-tag").all_inner_texts() == ["쿠버네티스", "k8s"]
    marks = first.locator(".ks-snippet mark").all_inner_texts()
    assert "쿠버네티스로" in marks
    assert len(first.locator(".ks-snippet").inner_text()) <= 170
    # the tag line above the results
    assert page.inner_text(".ks-labels") == "태그: 쿠버네티스 · 1개 글"


def test_sub_results_link_to_existing_anchors(blog: Path, address, page) -> None:
    open_search(page, address(blog), "속도에 의한 캐시")
    result = page.locator("ul.search > li", has_text="테크 컨퍼런스 2019 Day 2 후기").first
    links = result.locator("a.ks-section")
    assert 1 <= links.count() <= 3
    assert links.first.inner_text() == "테크 컨퍼런스 2019 Day 2 후기 › 3. 속도의, 속도에 의한 서비스"
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in targets:
        page.goto(page.url.rsplit("/", 1)[0] + "/" + href)
        anchor = unquote(href.rsplit("#", 1)[1])
        assert page.evaluate("(id) => document.getElementById(id) !== null", anchor), href


def test_highlight_on_arrival(blog: Path, address, page) -> None:
    open_search(page, address(blog), "쿠버네티스")
    page.locator("ul.search > li a.ks-title").first.click()
    page.wait_for_selector("article span.highlighted", state="attached")
    found = set(page.eval_on_selector_all("article span.highlighted", "els => els.map(e => e.textContent)"))
    assert {"쿠버네티스로", "쿠버네티스를"} <= found, found


def test_year_and_tag_filters_and_date_sort(blog: Path, address, page) -> None:
    base = address(blog)
    every = open_search(page, base, "쿠버네티스")
    assert len(every) == 4  # the four posts; no listing page
    years = page.eval_on_selector_all("select.ks-year option", "els => els.map(o => o.value)")
    assert years == ["", "2022", "2021", "2020", "2019"]
    page.select_option("select.ks-year", "2021")  # reloads with &year=2021
    page.wait_for_url("**year=2021*")
    page.wait_for_function("() => self.KOREAN_SEARCH_STATS && self.KOREAN_SEARCH_STATS.ready")
    assert page.eval_on_selector_all("ul.search > li .ks-date", "e => e.map(x => x.textContent)") == ["2021-02-02"]
    assert open_search(page, base, "쿠버네티스", "&tag=" + quote("카프카")) == ["2021-02-02-kafka-lag"]
    open_search(page, base, "쿠버네티스", "&sort=date")
    dates = page.eval_on_selector_all("ul.search > li .ks-date", "e => e.map(x => x.textContent)")
    assert dates == sorted(dates, reverse=True) and len(dates) == 4
