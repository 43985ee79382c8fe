"""Whole pages written by parallel workers: the same site as a serial build."""

from __future__ import annotations

import os
import pickle
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from jekyll_book import search_ko
from jekyll_book.jekyll.permalinks import MARKER
from jekyll_book.outputs import redirects
from jekyll_book.search_ko.analyser import get_analyser
from jekyll_book.speed.builders import JekyllHTMLBuilder
from jekyll_book.speed.parallel import WorkerState, add_worker_state
from tests.test_incremental import SITE, assert_same_output, site_copy, snapshot

MEMO = "jekyll_search_ko_words.pickle"


def site_with_posts(dest: Path, n: int) -> Path:
    """The repository's site (samples with a local image) plus ``n`` generated posts."""
    from benchmarks.generate import generate_posts

    samples = sorted((SITE / "docs" / "posts").glob("*.md"))
    return site_copy(dest, samples + generate_posts(dest.parent / "generated", n, seed=3))


def build(src: Path, out: Path, parallel: int, **overrides) -> tuple[SphinxTestApp, str]:
    get_analyser.cache_clear()  # an empty word memo, as in a new process
    warnings = StringIO()
    app = SphinxTestApp(
        "html", srcdir=src, builddir=out, freshenv=True, status=StringIO(),
        warning=warnings, parallel=parallel, confoverrides=overrides,
    )  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


def test_parallel_whole_page_write_equals_serial_build(tmp_path: Path) -> None:
    src = site_with_posts(tmp_path / "site", 40)
    serial, serial_warnings = build(src, tmp_path / "serial", parallel=0)
    whole, whole_warnings = build(src, tmp_path / "whole", parallel=2)
    stock, _ = build(src, tmp_path / "stock", parallel=2, jekyll_parallel_write=False)

    assert isinstance(whole.builder, JekyllHTMLBuilder)
    assert whole.builder.parallel_ok  # the forked path really ran
    ref = snapshot(Path(serial.outdir))
    assert len([k for k in ref if k.startswith("docs/posts/")]) >= 45
    # every page, the search index and the copied images are the same
    assert_same_output(snapshot(Path(whole.outdir)), ref)
    assert_same_output(snapshot(Path(stock.outdir)), ref)
    assert any(k.startswith("_images/") for k in ref)
    # warnings raised in the workers reach the main process's log
    assert sorted(whole_warnings.splitlines()) == sorted(serial_warnings.splitlines())

    # the Korean words the workers analysed are kept for the next build
    def memo(app: SphinxTestApp) -> dict:
        with Path(app.doctreedir, MEMO).open("rb") as f:
            return pickle.load(f)[1]

    assert memo(whole) == memo(serial)
    assert len(memo(serial)) > 500


def test_state_is_prepared_here_while_workers_read(tmp_path: Path) -> None:
    src = site_with_posts(tmp_path / "site", 20)
    calls: list[int] = []
    app = SphinxTestApp(
        "html", srcdir=src, builddir=tmp_path / "out", freshenv=True, status=StringIO(),
        warning=StringIO(), parallel=2,
    )  # fmt: skip
    try:
        state = WorkerState(
            mark=lambda: None, collect=lambda mark: None, merge=lambda result: None,
            prepare=lambda: calls.append(os.getpid()),
        )  # fmt: skip
        add_worker_state(app, state)
        app.build()
    finally:
        app.cleanup()
    assert calls == [os.getpid()]  # once, in this process, during the parallel read


def test_search_index_is_written_in_a_second_process(tmp_path: Path, monkeypatch) -> None:
    """Where Sphinx writes in parallel, the chunked index is written in a
    forked process: beside the feeds after a clean build, while the pages are
    written after a rebuild that read a few pages; a no-op rebuild and -j 1
    check or write it here.  Same files either way, and the memo kept for the
    next build holds the edited page's new words."""
    src = site_with_posts(tmp_path / "site", 15)
    runs: list[tuple[str, bool]] = []
    pids: list[int] = []
    real_write = search_ko.write_index
    real_early, real_late = search_ko._index_early, search_ko._index_late

    def write_index(app, made=None) -> None:
        pids.append(os.getpid())
        with (tmp_path / "pids.txt").open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")  # a forked process's list is not ours
        real_write(app, made)

    def early(index, app, builder) -> None:
        real_early(index, app, builder)
        runs.append(("early", index.started))

    def late(index, app, exception) -> None:
        was = index.started
        real_late(index, app, exception)
        runs.append(("late", index.started and not was))

    monkeypatch.setattr(search_ko, "write_index", write_index)
    monkeypatch.setattr(search_ko, "_index_early", early)
    monkeypatch.setattr(search_ko, "_index_late", late)

    def run(out: Path, parallel: int, fresh: bool) -> SphinxTestApp:
        get_analyser.cache_clear()  # a new process's empty memo
        app = SphinxTestApp(
            "html", srcdir=src, builddir=out, freshenv=fresh, status=StringIO(),
            warning=StringIO(), parallel=parallel,
        )  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()
        return app

    run(tmp_path / "par", parallel=2, fresh=True)
    assert runs == [("early", False), ("late", True)]  # every page was read: after them
    post = sorted((src / "docs" / "posts").glob("*.md"))[3]
    added = "\n\n새로 덧붙인 문단: 쿠버네티스를 배포했다.\n"
    post.write_text(post.read_text(encoding="utf-8") + added, encoding="utf-8")
    runs.clear()
    inc = run(tmp_path / "par", parallel=2, fresh=False)
    assert runs == [("early", True), ("late", False)]  # while the pages were written
    run(tmp_path / "par", parallel=2, fresh=False)
    assert runs[2:] == [("early", False), ("late", False)]  # nothing read: checked here
    ref = run(tmp_path / "serial", parallel=0, fresh=True)
    assert runs[4:] == [("early", False), ("late", False)]  # -j 1: here, at the end

    written_by = [int(line) for line in (tmp_path / "pids.txt").read_text(encoding="utf-8").split()]
    assert len(written_by) == 4
    assert written_by[0] != os.getpid() and written_by[1] != os.getpid()
    assert written_by[2:] == [os.getpid(), os.getpid()] and pids == written_by[2:]
    assert_same_output(snapshot(Path(inc.outdir)), snapshot(Path(ref.outdir)))
    with Path(inc.doctreedir, MEMO).open("rb") as f:
        memo = pickle.load(f)[1]
    assert "배포했다" in memo


def test_redirect_pages_are_written_in_a_second_process(tmp_path: Path, monkeypatch) -> None:
    """After a large read with -j N the redirect pages are written while the
    pages are; a small rebuild checks them here at the end.  Same files."""
    src = site_with_posts(tmp_path / "site", 40)
    real = redirects.write_redirects

    def write_redirects(app, exception) -> None:
        with (tmp_path / "pids.txt").open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        real(app, exception)

    monkeypatch.setattr(redirects, "write_redirects", write_redirects)
    par, _ = build(src, tmp_path / "par", parallel=2)
    serial, _ = build(src, tmp_path / "serial", parallel=0)
    written_by = [int(x) for x in (tmp_path / "pids.txt").read_text(encoding="utf-8").split()]
    assert written_by[0] != os.getpid() and written_by[1] == os.getpid()
    ref = snapshot(Path(serial.outdir))
    assert sum(1 for v in ref.values() if v.startswith(MARKER.encode())) >= 40  # old URLs
    assert_same_output(snapshot(Path(par.outdir)), ref)
