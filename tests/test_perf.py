"""Build-speed shortcuts give exactly what the slow paths give."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from jekyll_book.config import FIELDS, _default, settings
from jekyll_book.source.parser import _PAGE_STATE, _Renderer


def _document():
    doc = new_document("page.md", settings=get_default_settings(RSTParser))
    doc.settings.language_code = "ko"
    return doc


def _state(renderer) -> dict:
    # "rules" (made by __init__, not setup_render) are methods bound to each renderer
    state = {key: value for key, value in vars(renderer).items() if key != "rules"}
    return {**state, "rules": sorted(renderer.rules)}


@pytest.fixture
def renderer_guard():
    """The guard of our setup_render in place (as a build with the pins has it)."""
    from jekyll_book.speed import REGISTRY
    from jekyll_book.speed.records import RENDERER_SETUP

    REGISTRY.install([RENDERER_SETUP])
    assert REGISTRY.active(RENDERER_SETUP)
    yield
    REGISTRY.uninstall()


@pytest.mark.parametrize("with_current_node", [False, True])
def test_renderer_setup_matches_myst(with_current_node, renderer_guard):
    """Our setup_render sets the same attributes to the same values as MyST's."""
    doc = _document()
    options = {"myst_config": MdParserConfig(), "document": doc}
    if with_current_node:
        options["current_node"] = doc
    env = {"x": 1}
    ours, theirs = _Renderer(None), SphinxRenderer(None)
    ours.setup_render(options, env)
    theirs.setup_render(options, env)
    mine = _state(ours)
    assert mine.pop("_page_trees") == []  # ours only: the page's syntax trees, none yet
    assert mine == _state(theirs)
    ours.forget_page()
    assert not set(vars(ours)) & set(_PAGE_STATE)  # the page's state is gone


class _Config(SimpleNamespace):
    def __getitem__(self, key):
        return getattr(self, key)


def _config(**changes) -> _Config:
    return _Config(**{f"jekyll_{name}": _default(f) for name, f in FIELDS.items()}, **changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [("jekyll_posts_dir", "posts_dir"), ("jekyll_reading_time", "reading_time")],
)
def test_settings_cache_follows_config_changes(change, field):
    config = _config()
    first = settings(config)
    assert settings(config) is first  # cached
    new = "docs/elsewhere" if isinstance(getattr(first, field), str) else not getattr(first, field)
    setattr(config, change, new)
    assert getattr(settings(config), field) == new


POST = '---\ntitle: "{title}"\ndate: 2024-01-02 10:00:00 +0900\ntags: [a]\n---\n\n본문\n'


@pytest.mark.parametrize(
    ("new_title", "reloaded"),
    [
        (None, "첫 글"),  # unchanged file: the stored meta, also after a reload
        ("두 번째 글", "두 번째 글"),  # edited file: parsed again
    ],
)
def test_front_matter_cache(tmp_path, new_title, reloaded):
    from jekyll_book.pages.generate import MetaCache

    post = tmp_path / "posts" / "2024-01-02-a.md"
    post.parent.mkdir()
    post.write_text(POST.format(title="첫 글"), encoding="utf-8")
    cache = MetaCache(tmp_path / "dt")
    assert cache.meta(post, "Asia/Seoul").title == "첫 글"
    cache.save()
    if new_title:
        post.write_text(POST.format(title=new_title), encoding="utf-8")
    again = MetaCache(tmp_path / "dt")
    assert again.meta(post, "Asia/Seoul").title == reloaded
    assert again.dirty == bool(new_title)


def _rebuild(src):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_feeds_are_remade_only_when_their_inputs_change(tmp_path):
    from .conftest import build_root

    app = build_root("migration", tmp_path / "src")
    out = Path(app.outdir)
    feed = out / "feed.xml"
    tag_feed = sorted((out / "feeds" / "tags").glob("*.xml"))[0]
    fresh = feed.read_text(encoding="utf-8")
    # nothing changed: the feeds are not made again (a marker in the file stays)
    feed.write_text(fresh + "<!-- marker -->", encoding="utf-8")
    _rebuild(tmp_path / "src")
    assert feed.read_text(encoding="utf-8").endswith("<!-- marker -->")
    # a feed file that went missing is made again, and only that one
    tag_text = tag_feed.read_text(encoding="utf-8")
    tag_feed.unlink()
    _rebuild(tmp_path / "src")
    assert tag_feed.read_text(encoding="utf-8") == tag_text
    assert feed.read_text(encoding="utf-8").endswith("<!-- marker -->")
    # a post's new title reaches the feed
    post = next((tmp_path / "src" / "docs" / "posts").glob("2020-01-02-*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("첫 글", "고친 첫 글", 1), encoding="utf-8")
    _rebuild(tmp_path / "src")
    assert "고친 첫 글" in feed.read_text(encoding="utf-8")


def cli_build(src: Path, out: Path | None = None, *options: str) -> None:
    """A build of ``src`` into ``out`` (default ``src/_build``) in its own process,
    as `make html` runs it (an in-process rebuild sees the theme's config
    changes of the first build and rewrites every page)."""
    import os
    import subprocess
    import sys

    out = src / "_build" if out is None else out
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out / "html"),
         "-d", str(out / "doctrees"), *options],
        check=True, env=env, capture_output=True,
    )  # fmt: skip


def test_rebuild_without_written_pages_keeps_search_outputs(tmp_path):
    """Nothing written: searchindex.js, search.html and genindex.html stay as
    they are; a deleted post still leaves the index (it must not linger)."""
    import json
    import shutil

    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-migration", src)
    cli_build(src)
    out = src / "_build" / "html"
    kept = [out / "searchindex.js", out / "search.html", out / "genindex.html"]
    before = [p.stat().st_mtime_ns for p in kept]
    tags = sorted((src / "docs" / "tags").glob("*.md"))
    tag_stamps = [p.stat().st_mtime_ns for p in tags]
    cli_build(src)  # no-op
    assert [p.stat().st_mtime_ns for p in kept] == before
    # generated pages are not rewritten either
    assert tags and [p.stat().st_mtime_ns for p in tags] == tag_stamps

    # a page that no other page shows: deleting it writes no page, and yet the
    # search index must lose it
    note = src / "docs" / "note.md"
    note.write_text("---\norphan: true\n---\n\n# 메모 NOTE-PAGE\n\n짧은 메모.\n", encoding="utf-8")
    cli_build(src)

    def docnames() -> str:
        index = json.loads(kept[0].read_text(encoding="utf-8")[len("Search.setIndex(") : -1])
        return json.dumps(index["docnames"], ensure_ascii=False)

    assert "docs/note" in docnames()
    note.unlink()
    cli_build(src)
    assert "docs/note" not in docnames() and "2020-01-02-hello-world" in docnames()


def test_edited_generated_page_is_made_again(tmp_path):
    """The inputs stamp also checks the files: a hand-edited tag page is restored."""
    from .conftest import build_root

    build_root("migration", tmp_path / "src")
    page = sorted((tmp_path / "src" / "docs" / "tags").glob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n손으로 고친 줄\n", encoding="utf-8")
    _rebuild(tmp_path / "src")
    assert page.read_text(encoding="utf-8") == text


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_is_collected_between_pages_not_during_them() -> None:
    import gc
    import weakref

    from jekyll_book.speed.collector import CollectedPages as _CollectedPages

    names = [f"page-{i}" for i in range(20)]
    pages = _CollectedPages(names)
    assert len(pages) == 20  # Sphinx's progress asks for it
    seen, refs = [], []
    for page in pages:
        if refs:  # a page's cyclic garbage is gone when the next page starts
            assert refs[-1]() is None
        seen.append((page, gc.isenabled()))
        refs.append(weakref.ref(_Cycle()))
    assert [page for page, _ in seen] == names
    assert not any(enabled for _, enabled in seen)
    assert gc.isenabled()
    # a process that turned the collector off keeps it off
    gc.disable()
    try:
        assert list(_CollectedPages(names[:3])) == names[:3]
        assert not gc.isenabled()
    finally:
        gc.enable()
    # a loop left by an exception turns the collector back on
    try:
        for _ in _CollectedPages(names):
            raise RuntimeError
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_a_written_doctree_is_freed_without_a_collection() -> None:
    """``take_apart`` leaves nothing of a finished page for the garbage
    collector, even while something else (a translator in a reference cycle)
    still points to its document; nodes that a collector moved elsewhere
    keep their parent and children."""
    import gc
    import weakref

    from docutils import nodes

    from jekyll_book.speed.perf import take_apart

    doc = _document()
    section = nodes.section("", nodes.title("", "제목"), ids=["s"])
    moved = nodes.inline("", "", nodes.Text("옮겨진 글"))
    section += [nodes.paragraph("", "", nodes.strong("", "굵게"), moved), nodes.bullet_list()]
    doc += section
    doc.note_implicit_target(section)
    elsewhere = nodes.title()
    elsewhere += moved  # a collector re-parents it (it stays listed in the paragraph)
    holder = _Cycle()
    holder.document = doc  # type: ignore[attr-defined]
    refs = [weakref.ref(node) for node in doc.findall(nodes.Element) if node not in (doc, moved)]
    assert len(refs) == 5
    gc.disable()
    try:
        take_apart(doc)
        held = weakref.ref(doc)
        del doc, section
        assert held() is not None  # still held by the cycle...
        assert [ref for ref in refs if ref() is not None] == [refs[0]]  # ...and so is the section,
        # through document.ids; its children are gone
        assert refs[0]().children == []
    finally:
        gc.enable()
    assert moved.parent is elsewhere and moved.astext() == "옮겨진 글"
    assert elsewhere.children == [moved]
