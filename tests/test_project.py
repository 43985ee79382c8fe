"""The project's fixed interface: Read the Docs config, conf.py, corpus posts."""

from __future__ import annotations

import json
import random
import runpy
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from jekyll_book.jekyll.frontmatter import resolve_meta, split_front_matter

from .conftest import ROOT, need_shared


def test_readthedocs_yaml_matches_schema():
    import jsonschema

    schema = json.loads(need_shared("peer-cases", "rtd", "schema-v2.json").read_text("utf-8"))
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)
    # what the schema cannot say but the project relies on
    assert config["build"]["tools"]["python"] == "3.11"
    assert config["sphinx"]["configuration"] == "conf.py"
    # lenient like `make html`: a post with problems is published and listed
    assert config["sphinx"]["fail_on_warning"] is False
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]


def test_make_and_read_the_docs_install_the_same_pins():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements.txt" in makefile
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"unpinned requirement: {line}"


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, ""), ({"READTHEDOCS_CANONICAL_URL": "https://blog.readthedocs.io/ko/latest/"},
               "https://blog.readthedocs.io/ko/latest/")],
)
def test_html_baseurl_follows_read_the_docs(monkeypatch, tmp_path, env, expected):
    """The extension owns the wiring: canonical URL, share cards, sitemap."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-lossless", src)
    # a conf.py that says only what a site says: the rest is the extension's
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nproject = 'x'\nlanguage = 'ko'\n"
        "extensions = ['jekyll_book']\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        assert app.config.html_baseurl == expected
        assert app.config.ogp_site_url == expected
        assert ("sphinx_sitemap" in app.extensions) is bool(expected)
        assert "sphinxext.opengraph" in app.extensions
        assert set(app.config.myst_enable_extensions) == {"deflist", "tasklist", "strikethrough"}
        assert "myst.strikethrough" in app.config.suppress_warnings
        assert app.config.html_title == "x" and app.config.html_copy_source is False
        assert app.config.source_suffix[".markdown"] == "markdown"
    finally:
        app.cleanup()


def test_conf_py_reads_like_any_sphinx_sites():
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert conf["extensions"] == ["jekyll_book"] and conf["language"] == "ko"
    lines = [line for line in (ROOT / "conf.py").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith(("#", '"'))]
    assert len(lines) <= 35, len(lines)


def test_non_pages_are_never_sources():
    conf = runpy.run_path(str(ROOT / "conf.py"))
    from sphinx.util.matching import get_matching_files

    found = {
        str(p) for p in get_matching_files(ROOT, conf["include_patterns"], conf["exclude_patterns"])
    }
    for path in found:
        assert not path.startswith(("tests/", ".venv/", "_build/", "benchmarks/", "_readthedocs"))
        assert path not in {"README.md", "CHANGELOG.md"}
    assert "index.md" in found and any(p.startswith("docs/posts/") for p in found)


def _valid_corpus_posts(corpus: Path) -> list[Path]:
    valid = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".md", ".markdown") or not path.name[:4].isdigit():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        fm = split_front_matter(text)
        if fm.present and not fm.problems and "{%" not in text and "{{" not in text:
            valid.append(path)
    return valid


def test_corpus_posts_build_with_jekyll_titles_dates_and_tags(tmp_path):
    """Any 20 valid corpus posts replace docs/posts and build; headers match Jekyll."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    corpus = need_shared("corpus")
    picked = random.Random(20191031).sample(_valid_corpus_posts(corpus), 20)
    src = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-site", src)
    shutil.rmtree(src / "docs" / "posts")
    (src / "docs" / "posts").mkdir()
    expected = {}
    for path in picked:
        target = src / "docs" / "posts" / (path.stem + ".md")
        shutil.copyfile(path, target)
        meta, _ = resolve_meta(split_front_matter(path.read_text("utf-8")), path.stem)
        expected[path.stem] = meta
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0
    for stem, meta in expected.items():
        page = Path(app.outdir) / "docs" / "posts" / f"{stem}.html"
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
        assert [h.get_text().rstrip("#").strip() for h in article.find_all("h1")] == [meta.title]
        date = article.select_one(".post-date").get_text()
        assert date == f"{meta.date.year}년 {meta.date.month}월 {meta.date.day}일"
        shown = [t.get_text().strip() for t in article.select(".post-tag-list .post-tag")]
        assert shown == list(meta.tags)
