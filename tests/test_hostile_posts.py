"""One bad post never kills the site, loses other content, or attacks readers.

All hostile posts are written (as real bytes, symlinks, generated deep lines)
into one copy of ``tests/roots/test-hostile`` and built in a single Sphinx
build; every assertion is then made per post.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from .conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).parent / "roots" / "test-hostile"
#: machine "secrets" that must never reach the output
OUTSIDE_SECRET = "OUTSIDE-SECRET-7f3a"
HIDDEN_SECRET = "HIDDEN-SECRET-91c2"
ENV_SECRET = "ENV-SECRET-5d0e"
GOOD = {
    "2020-01-01-good-first": ["GOOD-MARKER-ONE", "SPAN-KEPT", "DETAILS-KEPT", "첫 번째 정상 글"],
    "2020-01-02-good-second": ["GOOD-MARKER-TWO", "TABLE-KEPT", "두 번째 정상 글: 콜론 포함"],
    "2020-01-03-good-third": ["GOOD-MARKER-THREE", "C++ vector<int> 정리"],
}


@dataclass(frozen=True)
class Case:
    slug: str
    content: bytes | str
    #: regex the build's warning for this file must match (None: builds clean)
    message: str | None
    line: int | None = None
    #: texts the post's page must still show
    shows: tuple[str, ...] = ()


def fm(body: str, front: str = "title: 테스트") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


UP = "../../../"  # from docs/posts/ to the folder holding the site
NESTED_STARS = " ".join(["*a"] * 130) + " " + " ".join(["a*"] * 130)
DEEP_LIST = "".join("  " * i + f"- level{i}\n" for i in range(12))

CASES = [
    # -- encodings and bytes ------------------------------------------------------
    Case("cp949", fm("본문 CP949-BODY", "title: 한글 제목").encode("cp949"),
         r"not UTF-8 \(CP949\).*iconv -f cp949", 1, ("한글 제목", "CP949-BODY")),
    Case("euckr", fm("EUC-KR 본문 EUCKR-BODY", "title: 완성형 제목").encode("euc-kr"),
         r"not UTF-8 \(CP949\)", 1, ("완성형 제목", "EUCKR-BODY")),
    Case("utf16", fm("UTF16-BODY 본문", "title: 유니코드 제목").encode("utf-16"),
         r"not UTF-8 \(UTF-16\)", 1, ("유니코드 제목", "UTF16-BODY")),
    Case("utf16le", fm("UTF16LE-BODY", "title: 리틀엔디언").encode("utf-16-le"),
         r"not UTF-8 \(UTF-16-LE\)", 1, ("리틀엔디언", "UTF16LE-BODY")),
    Case("stray-byte", fm("앞 STRAY-BEFORE").encode() + b"\xff\xfe junk\n\nSTRAY-AFTER\n",
         r"not UTF-8 \(invalid UTF-8\)", 1, ("STRAY-BEFORE", "STRAY-AFTER")),
    Case("nul", fm("first line\n\nNUL-BEFORE\x00NUL-AFTER"), r"NUL byte", 7,
         ("NUL-BEFORENUL-AFTER",)),
    # -- front matter ----------------------------------------------------------------
    # Jekyll builds these without a word: so do we (None: no warning)
    Case("empty-tags", fm("EMPTY-TAGS-BODY", "title: 빈 태그\ntags:\ncategories: []"), None,
         None, ("EMPTY-TAGS-BODY",)),
    Case("long-tag", fm("LONG-TAG-BODY", "title: 긴 태그\ntags: [" + "가" * 100 + ", ok]"),
         None, None, ("LONG-TAG-BODY",)),
    Case("colon-title", fm("COLON-BODY", "title: Docker: 시작하기\ntags: [docker]"),
         r"invalid YAML", 2, ("Docker: 시작하기", "COLON-BODY")),
    Case("bad-date", fm("BAD-DATE-BODY", "title: 날짜 오류\ndate: 2019-13-45\ntags: [kept]"),
         r"unparsable date", 3, ("날짜 오류", "BAD-DATE-BODY")),
    Case("unclosed", "---\ntitle: 안 닫힘\n\nUNCLOSED-BODY\n", r"front matter is not closed", 1,
         ("UNCLOSED-BODY",)),
    Case("list-fm", fm("LIST-FM-BODY", "- a\n- b"), r"must be a mapping", 2,
         ("LIST-FM-BODY",)),
    Case("html-title", fm("HTML-TITLE-BODY", 'title: <script>alert("PWNED")</script>'),
         r"title contains HTML", 2, ('<script>alert("PWNED")</script>',)),
    Case("img-title", fm("IMG-TITLE", "title: '<img src=x onerror=alert(\"PWNED\")>'"),
         r"title contains HTML", 2),
    Case("mapping-title", fm("MAP-TITLE-BODY", "title: {a: 1}"), r"title is not text", 2),
    Case("myst-fm", fm("MYST-BODY <script>PWNED()</script>",
                       "title: myst\nmyst:\n  enable_extensions: [substitution, html_image]\n"
                       "  substitutions:\n    x: \"{{ ''.__class__ }}\"\n  html_meta:\n"
                       "    http-equiv=refresh: 0;url=https://evil.example"),
         r"removed <script>", None, ("MYST-BODY",)),
    Case("html-meta", fm("HTML-META-BODY", "title: meta\nhtml_meta:\n"
                         "  http-equiv=refresh: 0;url=https://evil.example"),
         None, None, ("HTML-META-BODY",)),
    Case("substitutions", fm("{{ x }} SUBST-BODY", "title: s\nsubstitutions:\n"
                             "  x: \"{{ ''.__class__.__mro__ }}\""),
         None, None, ("SUBST-BODY",)),
    Case("image-js", fm("IMG-JS", "title: i\nimage: javascript:alert('PWNED')"),
         r"image with javascript: URL refused", 3),
    Case("image-escape", fm("IMG-ESC", "title: i\nimage: ../../../../../../../../etc/passwd"),
         r"image path leaves the site", 3),
    Case("tags-mapping", fm("TAGS-MAP", "title: t\ntags: {a: b}"), r"must be a list", 3),
    # -- raw HTML ---------------------------------------------------------------------
    Case("script", fm('before SCRIPT-BEFORE\n\n<script>alert("PWNED")</script>\n\nSCRIPT-AFTER'),
         r"removed <script>", 7, ("SCRIPT-BEFORE", "SCRIPT-AFTER")),
    Case("onerror", fm('text <img src="x.png" onerror="alert(\'PWNED\')"> ONERR-TEXT'),
         r"removed onerror= on <img>", 5, ("ONERR-TEXT",)),
    Case("iframe", fm('<iframe src="https://evil.example/PWNED"></iframe>\n\nIFRAME-AFTER'),
         r"removed <iframe> from evil.example \(shown as a link\)", 5,
         ("IFRAME-AFTER", "삽입된 콘텐츠 열기: evil.example")),
    Case("iframe-js", fm('<iframe src="javascript:alert(\'PWNED\')"></iframe>\n\nIFJS-AFTER'),
         r"removed <iframe>", 5, ("IFJS-AFTER",)),
    Case("youtube", fm('<iframe src="https://www.youtube.com/embed/x" onload="alert(\'PWNED\')" '
                       'srcdoc="<script>alert(1)</script>" sandbox="allow-top-navigation">'
                       '</iframe>\n\nYOUTUBE-AFTER'), None, None, ("YOUTUBE-AFTER",)),
    Case("gist", fm('<script src="https://gist.github.com/kim/0a1b.js?file=a.py"></script>\n\n'
                    "GIST-AFTER"), None, None, ("GitHub Gist 코드 보기", "kim/0a1b · a.py")),
    Case("script-src", fm('<script src="https://evil.example/x.js"></script>\n\nSCRSRC-AFTER'),
         r"removed <script>", 5, ("SCRSRC-AFTER",)),
    Case("js-href", fm("<a href=\"javascript:alert('PWNED')\">JSLINK-TEXT</a>"),
         r"javascript: URL in <a href>", 5, ("JSLINK-TEXT",)),
    Case("js-href-entity", fm("<a href=\"jav&#x09;ascript:alert('PWNED')\">ENT-TEXT</a>"),
         r"javascript: URL in <a href>", 5, ("ENT-TEXT",)),
    Case("meta-refresh", fm('<meta http-equiv="refresh" content="0;url=https://evil.example">'),
         r"removed <meta>", 5),
    Case("style", fm("<style>body { display: none }</style>\n\nSTYLE-AFTER"),
         r"removed <style>", 5, ("STYLE-AFTER",)),
    Case("form", fm('<form action="https://evil.example"><input name="p"></form>\n\nFORM-AFTER'),
         r"removed <form>", 5, ("FORM-AFTER",)),
    # an SVG is drawn as an image (whose scripts never run), a style keeps
    # its harmless properties: nothing to report
    Case("svg", fm("<svg onload=\"alert('PWNED')\"><circle r=1 /></svg>\n\nSVG-AFTER"),
         None, None, ("SVG-AFTER",)),
    Case("style-attr", fm('<div style="position:fixed;top:0;color:red">STYLEATTR-TEXT</div>'),
         None, None, ("STYLEATTR-TEXT",)),
    Case("style-url", fm('<span style="background:url(javascript:alert(1));color:red">'
                         "STYLEURL-TEXT</span>"), None, None, ("STYLEURL-TEXT",)),
    Case("object", fm('<object data="https://evil.example/x.swf"></object>\n\nOBJ-AFTER'),
         r"removed <object>", 5, ("OBJ-AFTER",)),
    Case("inline-script", fm("글 <script>PWNED()</script> INLINE-AFTER"),
         r"removed <script>", 5, ("INLINE-AFTER",)),
    # -- directives that read files or emit raw output -----------------------------------
    Case("raw-directive", fm("```{raw} html\n<script>alert('PWNED')</script>\n```\n\nRAW-AFTER"),
         r"\{raw\} is not allowed in posts", 5, ("RAW-AFTER",)),
    Case("include", fm(f"```{{include}} {UP}secret.txt\n```\n\nINCLUDE-AFTER"),
         r"\{include\} is not allowed in posts", 5, ("INCLUDE-AFTER",)),
    Case("literalinclude", fm("```{literalinclude} /etc/passwd\n```\n\nLITINC-AFTER"),
         r"\{literalinclude\} is not allowed in posts", 5, ("LITINC-AFTER",)),
    Case("csv-file", fm(f"```{{csv-table}} data\n:file: {UP}secret.txt\n```\n\nCSV-AFTER"),
         r"\{csv-table\} with :file:/:url: is not allowed", 5, ("CSV-AFTER",)),
    Case("eval-rst-raw", fm("```{eval-rst}\n.. raw:: html\n\n   <script>alert('PWNED')</script>\n"
                            "```\n\nEVALRAW-AFTER"),
         r'"raw" directive disabled', None, ("EVALRAW-AFTER",)),
    Case("eval-rst-include", fm(f"```{{eval-rst}}\n.. include:: {UP}secret.txt\n```\n\nEVALINC"),
         r'"include" directive disabled', None, ("EVALINC",)),
    # -- links, images and downloads to machine files ---------------------------------------
    Case("link-outside", fm(f"[비밀]({UP}secret.txt) LINKOUT-TEXT"),
         r"link '.*secret.txt' is outside the site", 5, ("LINKOUT-TEXT",)),
    Case("image-outside", fm(f"![비밀]({UP}secret.txt)\n\nIMGOUT-AFTER"),
         r"image '.*secret.txt' is outside the site", 5, ("IMGOUT-AFTER",)),
    Case("passwd", fm(f"[passwd]({UP * 4}etc/passwd) PASSWD-TEXT"),
         r"link '.*etc/passwd' is outside the site", 5, ("PASSWD-TEXT",)),
    Case("proc-environ", fm(f"![env]({UP * 4}proc/self/environ)\n\nENVIRON-AFTER"),
         r"image '.*proc/self/environ' is outside the site", 5, ("ENVIRON-AFTER",)),
    Case("download-role", fm(f"{{download}}`비밀 <{UP}secret.txt>` DLROLE-TEXT"),
         r"link '.*secret.txt' is outside the site", 5, ("DLROLE-TEXT",)),
    Case("image-directive", fm(f"```{{image}} {UP}secret.txt\n```\n\nIMGDIR-AFTER"),
         r"image '.*secret.txt' is outside the site", 5, ("IMGDIR-AFTER",)),
    Case("hidden-dir", fm("[토큰](../../.hidden/token.txt) HIDDEN-TEXT"),
         r"link '.*token.txt' is outside the site", 5, ("HIDDEN-TEXT",)),
    Case("symlinked-image", fm("![링크](leak.png)\n\nSYMIMG-AFTER"),
         r"image 'leak.png' is outside the site", 5, ("SYMIMG-AFTER",)),
    Case("data-image", fm("![x](data:image/png;base64,iVBORw0KGgo=)\n\nDATA-AFTER"),
         r"data: image refused", 5, ("DATA-AFTER",)),
    Case("symlink-post", b"", r"post is a symlink", 1),
    # -- depth -------------------------------------------------------------------------------
    Case("nested-stars", fm(f"{NESTED_STARS}\n\nSTARS-AFTER"), r"nested deeper than 64", None,
         ("STARS-AFTER",)),
    Case("deep-quote", fm(">" * 300 + " 깊은 인용\n\nQUOTE-AFTER"), r"nested deeper than 64",
         None, ("QUOTE-AFTER",)),
    # -- imperfect but fine: builds, content intact -------------------------------------------
    Case("deep-list", fm(f"{DEEP_LIST}\nLIST-AFTER"), None, None, ("level11", "LIST-AFTER")),
    Case("md-js-link", fm("[JSMD-TEXT](javascript:alert('PWNED'))"), None, None),
    Case("no-title", "---\ntags: [x]\n---\n\nNOTITLE-BODY\n", None, None,
         ("No Title", "NOTITLE-BODY")),
]


def post_name(case: Case) -> str:
    return f"2021-01-01-{case.slug}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "secret.txt").write_text(f"{OUTSIDE_SECRET}\na,b\n", encoding="utf-8")
    src = base / "site"
    shutil.copytree(ROOT, src)
    (src / ".hidden").mkdir()
    (src / ".hidden" / "token.txt").write_text(HIDDEN_SECRET, encoding="utf-8")
    (base / "secret.md").write_text(fm(OUTSIDE_SECRET, "title: 외부 글"), encoding="utf-8")
    posts = src / "docs" / "posts"
    (posts / "leak.png").symlink_to(base / "secret.txt")
    for case in CASES:
        target = posts / f"{post_name(case)}.md"
        if case.slug == "symlink-post":
            target.symlink_to(base / "secret.md")
        elif isinstance(case.content, bytes):
            target.write_bytes(case.content)
        else:
            target.write_text(case.content, encoding="utf-8")
    os.environ["JEKYLL_BOOK_TEST_SECRET"] = ENV_SECRET
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warnings)
    try:
        app.build()
        yield app, warnings.getvalue()
    finally:
        app.cleanup()
        os.environ.pop("JEKYLL_BOOK_TEST_SECRET", None)


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    html = (Path(app.outdir) / "docs" / "posts" / f"{name}.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def warnings_for(log: str, name: str) -> list[tuple[int | None, str]]:
    found = []
    for line in log.splitlines():
        match = re.search(rf"{re.escape(name)}\.md(?::(\d+))?: (?:WARNING|ERROR): (.*)", line)
        if match:
            found.append((int(match.group(1)) if match.group(1) else None, match.group(2)))
    return found


def test_enough_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.slug for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_post_is_reported_with_file_and_line(built, case: Case) -> None:
    app, log = built
    found = warnings_for(log, post_name(case))
    if case.message is None:
        assert not [m for _, m in found if "jekyll_book" in m], found
        return
    matching = [(line, m) for line, m in found if re.search(case.message, m)]
    assert matching, f"no warning matching {case.message!r} for {case.slug}: {found}"
    lines = {line for line, _ in matching}
    assert None not in lines, matching
    if case.line is not None:
        assert case.line in lines, matching


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.slug)
def test_post_page_still_built(built, case: Case) -> None:
    app, _ = built
    text = page(app, post_name(case)).find("article").get_text(" ")
    for expected in case.shows:
        assert expected in text, f"{case.slug}: {expected!r} lost"


def test_symlinked_post_is_an_error_entry_not_its_target(built) -> None:
    app, _ = built
    soup = page(app, "2021-01-01-symlink-post")
    assert "symbolic link" in soup.find("article").get_text()
    assert not (Path(app.outdir) / "_sources" / "docs" / "posts" / "2021-01-01-symlink-post.md.txt").exists()


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_posts_intact(built, name: str) -> None:
    app, _ = built
    assert not warnings_for(built[1], name)
    text = page(app, name).find("article").get_text(" ")
    for marker in GOOD[name]:
        assert marker in text
    # listed on one of the landing pages (index.html, docs/page/2.html, …)
    out = Path(app.outdir)
    listed = []
    for landing in [out / "index.html", *sorted((out / "docs" / "page").glob("*.html"))]:
        index = BeautifulSoup(landing.read_text("utf-8"), "html.parser")
        listed += [a.get_text() for a in index.select(".post-summary-title a")]
    assert GOOD[name][-1] in listed


def test_allowed_html_kept(built) -> None:
    soup = page(built[0], "2020-01-01-good-first").find("article")
    assert soup.select_one("span.emphasis").get_text() == "강조 SPAN-KEPT"
    assert soup.find("kbd") and soup.find("sup") and soup.find("small") and soup.find("details")
    link = soup.find("a", href="https://example.com")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert soup.find("img", src="https://example.com/a.png")


#: the theme's own buttons are the only inline handlers of the site
THEME_HANDLERS = {
    ("button", "onclick", "toggleFullScreen()"),
    ("button", "onclick", "window.print()"),
}


def test_no_active_content_or_machine_files_anywhere(built) -> None:
    app, _ = built
    out = Path(app.outdir)
    machine = [OUTSIDE_SECRET, HIDDEN_SECRET, ENV_SECRET, "root:x:0:0"]
    checked = 0
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for secret in machine:
            assert secret.encode() not in data, f"{secret} published in {path}"
        if path.suffix != ".html":
            continue
        checked += 1
        soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                if attr.startswith("on"):
                    assert (tag.name, attr, value) in THEME_HANDLERS, (path, tag)
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not squeezed.startswith(("javascript:", "vbscript:")), (path, tag)
        for script in soup.find_all("script"):
            assert "PWNED" not in script.get_text(), path
        assert not soup.find_all(["object", "embed"]), path
        for iframe in soup.find_all("iframe"):  # embeds: known players, sandboxed
            assert iframe["src"].startswith("https://www.youtube.com/"), (path, iframe)
            sandbox = " ".join(iframe["sandbox"]) if isinstance(iframe["sandbox"], list) else iframe["sandbox"]
            assert sandbox == "allow-scripts allow-same-origin allow-popups allow-presentation"
            assert not iframe.get("srcdoc"), (path, iframe)
        for form in soup.find_all("form"):  # the theme's search box only
            assert "://" not in form.get("action", ""), path
        for meta in soup.find_all("meta"):
            if (meta.get("http-equiv") or "").lower() == "refresh":
                # only the site's own permalink redirects, to a page of the site
                target = (meta.get("content") or "").split("url=", 1)[-1]
                assert "://" not in target and "//" not in target, (path, meta)
        article = soup.find("article")
        if article is not None:
            banned = ["script", "style", "meta", "input", "form", "svg"]
            assert not article.find_all(banned), path
    assert checked > len(CASES)


def test_titles_escaped_in_sidebar_and_print_header(built) -> None:
    app, _ = built
    soup = page(app, "2021-01-01-html-title")
    title = '<script>alert("PWNED")</script>'
    assert soup.select_one("#jb-print-docs-body h1").get_text() == title
    assert soup.find("h1").get_text().strip().startswith(title)
    sidebar = [a.get_text().strip() for a in soup.select("nav.bd-docs-nav a")]
    index = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    listed = [a.get_text() for a in index.select(".post-summary-title a")]
    assert title in listed or title in sidebar
    third = page(app, "2020-01-03-good-third")
    assert third.select_one("#jb-print-docs-body h1").get_text() == "C++ vector<int> 정리"


def test_myst_front_matter_ignored_in_posts(built) -> None:
    app, _ = built
    soup = page(app, "2021-01-01-myst-fm")
    assert "MYST-BODY" in soup.find("article").get_text()
    assert not soup.find("article").find("script")
    assert not soup.find("meta", attrs={"http-equiv": True})
    article = page(app, "2021-01-01-substitutions").find("article")
    subst = article.get_text()
    # never evaluated from the front matter: to Liquid, x is undefined and
    # prints nothing (as on the Jekyll site)
    body = [p.get_text().strip() for p in article.find_all("p") if "SUBST-BODY" in p.get_text()]
    assert body == ["SUBST-BODY"]
    assert "__mro__" not in subst and "<class" not in subst


def test_no_page_of_the_hostile_site_runs_a_post_script(built) -> None:
    """Every page in a real browser: no alert, confirm or prompt, no PWNED call."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: `make chromium` (make test installs it)")
    app, _ = built
    pages = sorted(Path(app.outdir).rglob("*.html"))
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # a post's script calls PWNED(): that call is a dialog too, even if the
        # page (an old URL's redirect) has moved on by the time it runs
        page.add_init_script("window.PWNED = () => alert('PWNED() called');")

        def visit(url: str) -> None:
            for attempt in range(3):
                try:
                    page.goto(url, wait_until="load", timeout=20_000)
                    break
                except sync_api.Error as exc:
                    # an old URL's redirect page (meta refresh 0) moves on by
                    # itself: its navigation can interrupt ours (the one opened
                    # before, or this one: it was opened, then moved on), or
                    # leave ours waiting for a load event that never comes (the
                    # page is opened again; a third timeout fails the test)
                    moved_on = "interrupted by another navigation" in str(exc)
                    if not (moved_on or isinstance(exc, sync_api.TimeoutError)):
                        raise
                    if attempt == 2 and not moved_on:
                        raise
                    try:
                        page.wait_for_load_state("load", timeout=20_000)
                    except sync_api.TimeoutError:
                        pass
            page.wait_for_timeout(20)  # let onload/late handlers fire

        # the listener works: a page that does alert or calls PWNED() is caught
        visit("data:text/html,<script>alert('probe')</script><script>PWNED()</script>")
        assert dialogs == ["alert: probe", "alert: PWNED() called"]
        dialogs.clear()
        opened = 0
        for path in pages:
            visit(path.as_uri())
            opened += 1
        browser.close()
    assert opened == len(pages) > len(CASES)
    assert dialogs == [], dialogs
    assert not [e for e in errors if "PWNED" in e], errors  # e.g. a PWNED property lookup
