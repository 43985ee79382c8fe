"""Korean search: the analyser, its fallback, and a real Sphinx build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jekyll_book.search_ko import analyser as analyser_mod
from jekyll_book.search_ko.analyser import HANGUL, KiwiAnalyser, rule_terms, strip_particle
from jekyll_book.search_ko.glossary import Glossary, GlossaryError, parse_entry
from jekyll_book.search_ko.language import SearchKorean, search_options

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "search_eval" / "searchtools_runner.js"

needs_kiwi = pytest.mark.skipif(
    not analyser_mod.kiwi_available(), reason="kiwipiepy + kiwipiepy_model not installed"
)

# word as it appears in a post → terms the index must hold for it
KIWI_TABLE = [
    ("쿠버네티스를", {"쿠버네티스"}),
    ("배포했다", {"배포"}),
    ("추천시스템은", {"추천", "시스템", "추천시스템"}),
    ("MSA로", {"MSA"}),
    ("Kafka를", {"Kafka"}),
    ("몽고DB에서", {"몽고", "DB", "몽고DB"}),
    ("무효화하는", {"무효", "무효화"}),
    ("서비스들을", {"서비스"}),
    ("k8s에서", {"k8s"}),
    ("샤딩을", {"샤딩"}),  # Kiwi alone reads 샤/NNG + 딩/MAG
    ("버짓과는", {"버짓"}),  # unknown noun: Kiwi alone keeps 과 on it
    ("만든", {"만들"}),
    ("것을", set()),
    ("3단계로", {"단계"}),
]


@pytest.fixture(scope="module")
def kiwi() -> KiwiAnalyser:
    return KiwiAnalyser()  # loading the model takes a second or two: share it


@needs_kiwi
@pytest.mark.parametrize(("word", "expected"), KIWI_TABLE)
def test_kiwi_terms(kiwi: KiwiAnalyser, word: str, expected: set[str]) -> None:
    assert set(kiwi.terms(word)) == expected


@needs_kiwi
def test_terms_do_not_depend_on_what_was_read_before(kiwi: KiwiAnalyser) -> None:
    # an incremental build reads pages in another order than a clean one
    words = ["에러", "버짓과는", "관계없다", "레플리카셋이", "배포했다"]
    before = KiwiAnalyser()
    before.prime(words)
    after = KiwiAnalyser()
    after.prime(list(reversed(words)))
    assert [before.terms(w) for w in words] == [after.terms(w) for w in words]


@needs_kiwi
def test_priming_analyses_a_batch_once() -> None:
    analyser = KiwiAnalyser()
    words = [w for w, _ in KIWI_TABLE]
    analyser.prime(words + words)
    calls = []
    analyser._analyse = lambda new: calls.append(new) or []  # must not be needed again
    assert {w: set(analyser.terms(w)) for w in words} == dict(KIWI_TABLE)
    assert calls == []


@needs_kiwi
def test_stored_memo_spares_loading_kiwi(kiwi: KiwiAnalyser, tmp_path: Path) -> None:
    path = tmp_path / "words.pickle"
    kiwi.prime(["쿠버네티스를", "배포했다"])
    kiwi.save_memo(path)
    fresh = KiwiAnalyser()
    fresh._load = lambda: pytest.fail("the model was loaded for a stored word")
    fresh.load_memo(path)
    assert fresh.terms("쿠버네티스를") == ("쿠버네티스",)
    # another dictionary (glossary) analyses differently: its memo is not reused
    other = KiwiAnalyser(("에러버짓",))
    other.load_memo(path)
    assert other._memo == {}


def test_warm_up_loads_kiwi_only_for_a_first_build() -> None:
    fresh = KiwiAnalyser()
    fresh.warm_up()
    assert fresh._kiwi is not None  # loaded and past its slow first analysis
    rebuilt = KiwiAnalyser()
    rebuilt.memo_merge({"쿠버네티스를": ("쿠버네티스",)})  # words stored by an earlier build
    rebuilt.warm_up()
    assert rebuilt._kiwi is None


def test_memo_file_that_is_broken_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "words.pickle"
    path.write_bytes(b"not a pickle")
    analyser = analyser_mod.Analyser()
    analyser.load_memo(path)
    assert analyser.terms("캐시를") == ("캐시",)
    analyser.save_memo(path)
    again = analyser_mod.Analyser()
    again.load_memo(path)
    assert again._memo == {"캐시를": ("캐시",)}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("쿠버네티스를", ("쿠버네티스",)),
        ("배포했다", ("배포",)),
        ("추천시스템은", ("추천시스템",)),
        ("MSA로", ("MSA",)),
        ("kafka를", ("kafka",)),
        ("몽고DB에서", ("몽고", "DB", "몽고DB")),
        ("서비스들을", ("서비스",)),
        ("결과", ("결과",)),  # 과 is a particle, but 결 alone is not a word
    ],
)
def test_rule_terms(word: str, expected: tuple[str, ...]) -> None:
    assert rule_terms(word) == expected


def test_strip_particle_keeps_two_syllables() -> None:
    assert strip_particle("프로토콜의") == "프로토콜"
    assert strip_particle("속도") == "속도"


@pytest.mark.parametrize(
    "text",
    ["", "English only, no Hangul", "쿠버네티스를 배포했다", "Kafka와 카프카를 비교 k8s에서",
     "같은 단어 같은 단어를 같은 단어가", "숫자 2024년 3단계 v1.2", "한글_밑줄 snake_case 몽고DB로"],
)  # fmt: skip
@pytest.mark.parametrize("max_words", [300_000, 3])
def test_split_gives_each_words_terms_in_order(text: str, max_words: int) -> None:
    lang = SearchKorean(search_options(Glossary(), use_kiwi=False))
    lang.analyser = type(lang.analyser)()  # a fresh memo, for this test alone
    lang.analyser.max_words = max_words  # 3: the memo is emptied while splitting
    expected: list[str] = []
    for word in lang._word_re.findall(text):
        expected.extend(rule_terms(word) if HANGUL.search(word) else (word,))
    assert lang.split(text) == expected
    assert lang.split(text) == expected  # again, from the memo


def test_stem_is_english_for_latin_and_lowercase_for_korean() -> None:
    lang = SearchKorean(search_options(Glossary(), use_kiwi=False))
    assert lang.stem("Deployments") == "deploy"
    assert lang.stem("몽고DB") == "몽고db"
    assert lang.stem("쿠버네티스") == "쿠버네티스"


def test_split_never_returns_a_word_with_its_particle() -> None:
    lang = SearchKorean(search_options(Glossary(), use_kiwi=False))
    assert lang.split("쿠버네티스를 Kafka와 함께, 배포했다!") == ["쿠버네티스", "Kafka", "함께", "배포"]


def test_glossary_entries() -> None:
    assert parse_entry("카프카 = Kafka") == ("카프카", "Kafka")
    assert parse_entry(" 쿠버네티스=Kubernetes = k8s ") == ("쿠버네티스", "Kubernetes", "k8s")
    for bad in ["카프카", "카프카 = ", "서비스 메시 = istio", 3]:
        with pytest.raises(GlossaryError):
            parse_entry(bad)
    errors: list[int] = []
    glossary = Glossary.parse(["카프카 = Kafka", "bad", "몽고DB = MongoDB"], lambda i, e: errors.append(i))
    assert errors == [1]
    assert glossary.user_words == ("몽고DB", "카프카")
    assert glossary.groups(str.lower) == [["카프카", "kafka"], ["몽고db", "mongodb"]]
    assert Glossary.from_option(glossary.to_option()) == glossary


def test_options_change_with_the_glossary_and_the_analyser() -> None:
    # a change must reach html_search_options (an "html" value: full re-index)
    one = search_options(Glossary((("카프카", "Kafka"),)), use_kiwi=True)
    assert one != search_options(Glossary(), use_kiwi=True)
    assert one != search_options(Glossary((("카프카", "Kafka"),)), use_kiwi=False)


# -- a real build ------------------------------------------------------------------


def load_index(app) -> dict:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[len("Search.setIndex(") : -1])


def docs_of(index: dict, term: str) -> set[str]:
    found = set()
    for mapping in (index["terms"], index["titleterms"]):
        value = mapping.get(term, [])
        for i in [value] if isinstance(value, int) else value:
            found.add(index["docnames"][i].rsplit("/", 1)[-1])
    return found - {"index"}  # the landing page lists every post title


@needs_kiwi
@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_build_indexes_stems_not_particles(app) -> None:
    app.build()
    index = load_index(app)
    terms = set(index["terms"]) | set(index["titleterms"])
    assert {"쿠버네티스", "배포", "추천", "시스템", "추천시스템", "msa", "kafka", "몽고db"} <= terms
    assert "deploy" in terms  # "Deployments": Latin words stemmed as English
    assert not {"쿠버네티스를", "쿠버네티스에", "배포했다", "추천시스템은", "kafka를", "캐시를"} & terms
    assert docs_of(index, "쿠버네티스") == {"2020-01-01-k8s"}
    assert docs_of(index, "캐시") == {"2022-03-03-cache"}
    assert "쿠버네티스" in index["titleterms"]  # from the title, so it ranks higher


@needs_kiwi
@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_build_ships_query_code_and_glossary(app) -> None:
    app.build()
    language_data = (app.outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "KoreanSearch.install" in language_data
    assert '["쿠버네티스", "kubernet", "k8s"]' in language_data
    assert "EnglishStemmer" in language_data
    warnings = app.warning.getvalue()
    assert "jekyll_search_glossary[2] skipped" in warnings
    assert "kiwipiepy" not in warnings


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_build_without_kiwipiepy_warns_and_strips_particles(app_params, make_app, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # import fails
    analyser_mod.get_analyser.cache_clear()
    try:
        args, kwargs = app_params
        app = make_app(*args, **kwargs)
        app.build()
    finally:
        analyser_mod.get_analyser.cache_clear()
    warnings = app.warning.getvalue()
    assert "kiwipiepy" in warnings and "[jekyll_book.search]" in warnings
    terms = set(load_index(app)["terms"]) | set(load_index(app)["titleterms"])
    assert {"쿠버네티스", "배포", "kafka", "캐시"} <= terms
    assert not {"쿠버네티스를", "캐시를", "kafka를"} & terms


@needs_kiwi
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_real_searchtools_finds_words_with_particles(app, tmp_path) -> None:
    app.build()
    queries = ["쿠버네티스를", "배포하다", "kafka를", "kubernetes", "에러버짓", "캐시를 무효화하는 방법"]
    qfile = tmp_path / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        ["node", str(RUNNER), str(app.outdir), str(qfile), "1"],
        capture_output=True, text=True, check=True,
    )
    top = {r["query"]: r["docnames"][0].rsplit("/", 1)[-1] for r in json.loads(out.stdout)["results"]}
    assert top == {
        "쿠버네티스를": "2020-01-01-k8s",
        "배포하다": "2020-01-01-k8s",
        "kafka를": "2021-02-02-kafka",
        "kubernetes": "2020-01-01-k8s",  # only through the glossary
        "에러버짓": "2022-03-03-cache",  # the post spaces it: 에러 버짓
        "캐시를 무효화하는 방법": "2022-03-03-cache",
    }


# -- the judged evaluation set -------------------------------------------------------

EVAL = ROOT / "benchmarks" / "search_eval"


def test_evaluation_set_is_complete() -> None:
    import yaml

    from jekyll_book.jekyll.frontmatter import split_front_matter

    posts = {p.stem: p for p in (EVAL / "posts").glob("*.md")}
    assert len(posts) >= 25
    for path in posts.values():
        text = path.read_text(encoding="utf-8")
        assert split_front_matter(text).present, path.name
        assert all(f"\n{key}:" in text for key in ("title", "date", "tags")), path.name
        assert "\n#### " in text, path.name
    spec = yaml.safe_load((EVAL / "queries.yaml").read_text(encoding="utf-8"))
    queries = spec["queries"]
    assert len(queries) >= 40
    for q in queries:
        assert q["relevant"] and set(q["relevant"]) <= set(posts), q
    kinds = {q["kind"] for q in queries}
    assert {"noun", "short", "verb", "compound", "mixed", "english", "phrase"} <= kinds


def test_evaluation_scores() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from search_eval import score
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    judged = [{"q": "a", "relevant": ["x", "y"]}, {"q": "b", "relevant": ["z"]}]
    results = [{"docnames": ["posts/w", "posts/x"]}, {"docnames": []}]
    got = score(results, judged)
    assert got["recall@5"] == pytest.approx((0.5 + 0) / 2)
    assert got["mrr"] == pytest.approx((1 / 2 + 0) / 2)
    assert got["zero"] == 0.5
