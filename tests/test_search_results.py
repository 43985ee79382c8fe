"""The search that answers with posts and talks: the chunked index and
``python -m jekyll_book search``, which runs the site's own JavaScript in node."""

from __future__ import annotations

import json
import pickle
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from jekyll_book.cli.search import run_search
from jekyll_book.search_ko.chunks import ChunkSizes, bucket_of, build_files, fnv1a, shard_of
from jekyll_book.search_ko.records import KIND_LISTING, DocRecord, Section

from .conftest import ROOT, build_root

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is required")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    app = build_root("search-site", tmp_path_factory.mktemp("search-site") / "src")
    assert app._warning.getvalue() == ""
    return Path(app.outdir)


def search(site: Path, query: str, **options):
    return run_search(site, [query], **options)[0]


def test_listing_pages_are_not_results(site: Path) -> None:
    # the landing page, tag, category and archive pages all name 쿠버네티스
    found = search(site, "쿠버네티스", limit=100)
    urls = [item["url"] for item in found["items"]]
    assert urls and all(u.startswith("docs/posts/") or u == "docs/about.html" for u in urls), urls
    assert urls[0] == "docs/posts/2020-11-21-k8s-day.html"
    index = (site / "_static/search-ko/f.js").read_text(encoding="utf-8")
    assert index.count(",") >= 4  # the five pages are in it...
    docs = sorted(p.name for p in (site / "_static/search-ko").glob("d*.js"))
    assert len(docs) == 5  # ...and nothing else: 4 posts and the about page


def test_a_query_naming_a_tag_shows_one_line(site: Path) -> None:
    found = search(site, "쿠버네티스")
    assert [(label["kind"], label["name"], label["count"]) for label in found["labels"]] == [
        ("tag", "쿠버네티스", 1)
    ]
    assert (site / unquote(found["labels"][0]["url"])).is_file()
    assert search(site, "카프카를")["labels"][0]["name"] == "카프카"
    (label,) = search(site, "행사")["labels"]
    assert (label["kind"], label["name"], unquote(label["url"]), label["count"]) == (
        "category", "행사", "docs/categories/행사.html", 2
    )
    assert search(site, "오프셋")["labels"] == []


def test_results_show_date_tags_and_a_snippet_with_the_matched_forms(site: Path) -> None:
    item = search(site, "쿠버네티스")["items"][0]
    assert item["title"] == "쿠버네티스 커뮤니티 데이 참관기"
    assert item["date"] == "2020-11-21"
    assert item["tags"] == ["쿠버네티스", "k8s"]
    assert "[쿠버네티스로]" in item["snippet"]  # the form in the text, particle and all
    assert len(item["snippet"].replace("[", "").replace("]", "")) <= 170
    assert {"쿠버네티스로", "쿠버네티스를"} <= set(item["forms"])


def test_snippet_is_around_the_first_match(site: Path) -> None:
    item = search(site, "브로커")["items"][0]
    # from the section where the word is, not the top of the post
    assert item["snippet"].startswith("오프셋을 너무 자주") and "[브로커에]" in item["snippet"]
    late = search(site, "절차")["items"][0]["snippet"]
    assert late.startswith("… ") and late.index("[절차였다]") < 80


def test_sub_results_are_matched_sections_with_existing_anchors(site: Path) -> None:
    found = search(site, "속도에 의한 캐시")
    post = next(i for i in found["items"] if i["docname"].endswith("conference-day2"))
    assert post["sections"][0]["title"] == "3. 속도의, 속도에 의한 서비스"
    assert len(post["sections"]) <= 3
    html = BeautifulSoup((site / post["url"]).read_text(encoding="utf-8"), "html.parser")
    for section in post["sections"]:
        assert html.find(id=section["anchor"]) is not None, section


def test_sections_rank_by_their_own_evidence(site: Path) -> None:
    post = search(site, "오토스케일링 인증서")["items"][0]
    titles = [s["title"] for s in post["sections"]]
    assert set(titles) == {"2. 멀티 클러스터 운영", "3. 오토스케일링"}
    assert "1. 레거시를 옮기며 배운 것" not in titles


def test_filters_and_sort(site: Path) -> None:
    every = [i["date"][:4] for i in search(site, "쿠버네티스", limit=50)["items"] if i["date"]]
    assert sorted(set(every)) == ["2019", "2020", "2021", "2022"]
    only = search(site, "쿠버네티스", year="2021")
    assert [i["date"][:4] for i in only["items"]] == ["2021"]
    tagged = search(site, "쿠버네티스", tag="카프카")
    assert [i["docname"] for i in tagged["items"]] == ["docs/posts/2021-02-02-kafka-lag"]
    dated = [i["date"] for i in search(site, "쿠버네티스", sort="date")["items"] if i["date"]]
    assert dated == sorted(dated, reverse=True)


def test_command_line(site: Path) -> None:
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "jekyll_book", "search", str(site), *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
    )
    text = run("쿠버네티스", "배포")
    assert text.returncode == 0, text.stderr
    assert "쿠버네티스 커뮤니티 데이 참관기  [docs/posts/2020-11-21-k8s-day.html]" in text.stdout
    assert "› 1. 레거시를 옮기며 배운 것  [docs/posts/2020-11-21-k8s-day.html#" in text.stdout
    machine = json.loads(run("쿠버네티스", "--json").stdout)
    assert machine["items"][0]["sections"][0]["anchor"]
    assert run("없는낱말이에요").returncode == 1
    missing = run(str(ROOT))  # not a built site: says what to do
    assert "jekyll_book search:" in run("--json", "x").stdout or missing.returncode


def test_not_a_built_site(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jekyll_book", "search", str(tmp_path), "쿠버네티스"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode == 2
    assert "no _static/search-ko/index.js" in proc.stdout


def test_hash_is_the_one_in_javascript() -> None:
    words = ["쿠버네티스", "kafka", "a", "😀x", "몽고db"]
    script = (
        "const P = require(process.argv[1]);"
        "console.log(JSON.stringify(JSON.parse(process.argv[2]).map((w) => P.fnv1a(w))));"
    )
    module = str(ROOT / "jekyll_book/search_ko/search_page.js")
    out = subprocess.run(
        ["node", "-e", script, module, json.dumps(words)], capture_output=True, text=True
    )
    from jekyll_book.search_ko.chunks import _units

    assert json.loads(out.stdout) == [fnv1a(_units(w)) for w in words]
    assert shard_of("쿠버네티스를", 7) == shard_of("쿠", 7)
    assert 0 <= bucket_of("kafka", 3) < 3


def _record(title: str, text: str, terms: tuple[str, ...], kind: str = "post") -> DocRecord:
    return DocRecord(
        title=title, kind=kind, title_terms=(),
        sections=[Section("", title, text, (), terms)],
    )


def test_files_are_a_pure_function_of_the_records() -> None:
    records = {
        "b": _record("B", "둘", ("둘", "셋")),
        "a": _record("A", "하나", ("하나", "둘")),
        "tags/x": _record("", "", ("둘",), KIND_LISTING),
    }
    one = build_files(records, lambda d: d + ".html")
    two = build_files(dict(reversed(list(records.items()))), lambda d: d + ".html")
    assert one == two
    assert "d2.js" not in one  # the listing page has no file
    single = build_files(records, lambda d: d + ".html", sizes=ChunkSizes.single())
    assert sorted(n for n in single if n[0] in "vpt") == ["p0.js", "v0.js"]


# -- generated sites: chunked = single, incremental = clean --------------------------

QUERIES = ["쿠버네티스", "카프카 컨슈머", "캐시를 무효화하는", "배포했다", "kafka를", "설계 회고", "클러스터", "-캐시 서버"]


def _generated_site(dest: Path, count: int) -> Path:
    from benchmarks.search_eval import generate_posts

    src = dest / "src"
    shutil.copytree(ROOT / "tests/roots/test-search-site", src)
    for post in (src / "docs/posts").glob("*.md"):
        post.unlink()
    generate_posts(src / "docs/posts", count, seed=3)
    return src


def _build(src: Path, out: Path, fresh: bool = True, **overrides) -> Path:
    from sphinx.testing.util import SphinxTestApp

    overrides.setdefault("html_theme", "basic")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=out, freshenv=fresh, confoverrides=overrides,
        status=StringIO(), warning=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def _ranking(html: Path) -> list:
    return [(r["ranking"], r["items"]) for r in run_search(html, QUERIES, limit=20)]


def test_chunked_index_ranks_as_a_single_index(tmp_path: Path) -> None:
    src = _generated_site(tmp_path, 120)
    chunked = _build(src, tmp_path / "chunked")
    single = _build(src, tmp_path / "single", jekyll_search_single_index=True)
    folder = chunked / "_static/search-ko"
    assert len(list(folder.glob("v*.js"))) > 1 and len(list(folder.glob("p*.js"))) > 1
    assert len(list((single / "_static/search-ko").glob("[vp]*.js"))) == 2
    ranked = _ranking(chunked)
    assert all(r[0] for r in ranked[:-1])  # every query finds something
    assert ranked == _ranking(single)


def test_incremental_index_equals_clean(tmp_path: Path) -> None:
    src = _generated_site(tmp_path, 40)
    out = tmp_path / "inc"
    _build(src, out)
    posts = sorted((src / "docs/posts").glob("*.md"))
    posts[3].unlink()  # a post goes, one changes, one arrives
    text = posts[5].read_text(encoding="utf-8")
    posts[5].write_text(text + "\n\n## 새 세션\n\n쿠버네티스를 새로 배포했다.\n", encoding="utf-8")
    (src / "docs/posts/2024-06-01-new.md").write_text(
        "---\ntitle: 새 글\ntags: [카프카]\n---\n\n카프카 컨슈머를 다시 설계했다.\n", encoding="utf-8"
    )
    inc = _build(src, out, fresh=False)
    clean = _build(src, tmp_path / "clean")
    folder = "_static/search-ko"
    files = lambda d: {p.name: p.read_bytes() for p in sorted((d / folder).iterdir())}  # noqa: E731
    assert files(inc) == files(clean)
    assert re.search(r'"t":"새 글"', "".join(p.decode() for p in files(inc).values()))


def test_terms_are_found_once_per_page_text(tmp_path: Path, monkeypatch) -> None:
    """The index terms are found when the index is written and kept by the
    text's digest: a rebuild loads and analyses the changed pages only."""
    from jekyll_book.search_ko import records as rec
    from jekyll_book.search_ko.glossary import Glossary
    from jekyll_book.search_ko.language import SearchKorean, search_options

    lang = SearchKorean(search_options(Glossary.parse([], lambda i, e: None), use_kiwi=False))
    analysed: list[str] = []
    real = rec.record_terms
    monkeypatch.setattr(
        rec, "record_terms", lambda r, *a: analysed.append(r.title) or real(r, *a)
    )

    def pages(**texts: str) -> dict[str, rec.RecordRef]:
        refs = {}
        for docname, text in texts.items():
            record = DocRecord(
                title=docname, kind="post", date="2024-01-02", tags=("쿠버네티스",),
                sections=[Section("", docname, text), Section("s1", "배포", "롤링 배포를", headings="배포")],
            )  # fmt: skip
            record.digest = docname + text
            rec.save_record(tmp_path, docname, record)
            refs[docname] = rec.RecordRef("post", record.digest)
        return refs

    def summaries(refs: dict[str, rec.RecordRef]) -> dict[str, rec.Summary]:
        return rec.summaries(tmp_path, refs, lang, lambda d: rec.load_record(tmp_path, d, refs[d]))

    found = summaries(pages(a="카프카를 썼다", b="서비스를 나눴다"))
    assert analysed == ["a", "b"]
    # the page's own postings: section * 4 + weight (BODY 1, HEADING 2)
    own = found["a"].postings
    assert own["카프카"] == (1,)  # 카프카를 → 카프카, in the intro's text
    assert own["쿠버네티스"] == (1,)  # labels count as the intro's text only
    assert own["배포"] == (6,)  # the talk's heading
    assert (found["a"].date, found["a"].tags) == ("2024-01-02", ("쿠버네티스",))

    again = summaries(pages(a="카프카를 썼다", b="서비스를 쪼갰다"))
    assert analysed == ["a", "b", "b"]  # only the changed page
    assert again["a"] == found["a"]

    # a file an earlier release wrote (the terms alone, same options): remade, no error
    key = (repr(sorted(lang.options.items())), lang.analyser.memo_key)
    earlier = {"a카프카를 썼다": (("a",), ((("배포",), ("카프카",)),))}
    (tmp_path / rec.TERMS_FILE).write_bytes(pickle.dumps((key, earlier)))
    third = summaries(pages(a="카프카를 썼다", b="서비스를 쪼갰다"))
    assert third == again and analysed[3:] == ["a", "b"]


@pytest.mark.parametrize(
    "entries",
    [[], [0], [31], [32], [1023], [1024], [5, 37, 1060, 1061, 10**9], list(range(0, 5000, 31))],
)
def test_encode_is_base32_of_the_differences(entries: list[int]) -> None:
    from jekyll_book.search_ko.chunks import DIGITS, encode

    def reference(values: list[int]) -> str:  # the format, digit by digit
        out, last = [], 0
        for value in values:
            step, last = value - last, value
            digits = []
            while True:
                digits.append(step & 31)
                step >>= 5
                if not step:
                    break
            digits.reverse()
            out += [DIGITS[d] for d in digits[:-1]] + [DIGITS[32 + digits[-1]]]
        return "".join(out)

    assert encode(entries) == reference(entries)


def test_postings_merge_the_pages_own_postings() -> None:
    """postings() from each page's kept postings equals the whole-site
    computation it replaced (written here as the reference), on random pages."""
    import random

    from jekyll_book.search_ko.chunks import postings
    from jekyll_book.search_ko.records import BODY, HEADING, TITLE, page_postings

    def reference(pages):  # per (page, section, term), best weight per section
        found = {}
        for doc, (title_terms, sections) in enumerate(pages):
            title = set(title_terms)
            for sec, (heading_terms, body_terms) in enumerate(sections):
                for term in body_terms:
                    if not (sec == 0 and term in title):
                        slot = found.setdefault(term, {})
                        slot[doc * 256 + sec * 4] = max(slot.get(doc * 256 + sec * 4, 0), BODY)
                for term in heading_terms:
                    if not (sec == 0 and term in title):
                        found.setdefault(term, {})[doc * 256 + sec * 4] = HEADING
            for term in title:
                found.setdefault(term, {})[doc * 256] = TITLE
        return {t: sorted(b + w for b, w in s.items()) for t, s in sorted(found.items())}

    rng = random.Random(7)
    words = [f"w{i}" for i in range(40)]
    pick = lambda k: tuple(dict.fromkeys(rng.sample(words, k)))  # noqa: E731
    pages = [
        (pick(rng.randint(0, 3)), tuple((pick(rng.randint(0, 2)), pick(rng.randint(0, 8)))
                                        for _ in range(rng.randint(1, 5))))
        for _ in range(60)
    ]
    assert postings([page_postings(p) for p in pages]) == reference(pages)
