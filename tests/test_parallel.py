"""Whole pages written by parallel workers: the same site as a serial build."""

from __future__ import annotations

import os
import pickle
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

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
