"""Parallel writing that uses every core.

Sphinx's parallel write keeps the main process busy with half of each page's
work: it loads and resolves every doctree and feeds the search index itself,
and hands only the HTML rendering to ``-j N - 1`` worker processes.  On a
two-core machine (``-j auto`` = 2) that is *one* worker, and the main
process, not the workers, is the bottleneck; it also holds every resolved
doctree of the queued chunks in memory.

Here each worker does a page's whole write (resolve, index, render), with the
main process only merging what the workers send back:

* the search index entries of their pages (the index is a union of per-page
  entries, so merging them equals feeding the pages in one process),
* the images their pages use (copied by the main process at the end),
* registered per-process state, such as the Korean analyser's new words.

``jekyll_parallel_write = False`` restores Sphinx's own parallel write.  The
builders that use this are in :mod:`.builders`.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import time
from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any

from sphinx import builders as sphinx_builders
from sphinx.application import Sphinx
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks

from jekyll_book.config import settings
from jekyll_book.speed import active
from jekyll_book.speed.collector import collected_per_page
from jekyll_book.speed.records import PARALLEL_READ, PARALLEL_WRITE

logger = logging.getLogger(__name__)

#: the search index's per-page tables, merged by page
_PAGE_TABLES = ("_titles", "_filenames", "_all_titles", "_index_entries")
#: the search index's word → pages tables, merged by union
_WORD_TABLES = ("_mapping", "_title_mapping")


@dataclass(frozen=True)
class WorkerState:
    """Per-process state that write workers grow and the main process keeps.

    ``mark()`` runs in the worker before its pages, ``collect(mark)`` after
    them (its result is pickled to the main process) and ``merge(result)``
    in the main process.  ``prepare()``, if given, runs in the main process
    while parallel readers work (it is otherwise idle then), so that the
    write workers forked from it later start with the state ready.
    """

    mark: Callable[[], Any]
    collect: Callable[[Any], Any]
    merge: Callable[[Any], None]
    prepare: Callable[[], None] | None = None


def add_worker_state(app: Sphinx, state: WorkerState) -> None:
    """Keep ``state`` that write workers grow (no-op for other builders)."""
    states = getattr(app.builder, "worker_states", None)
    if states is not None:
        states.append(state)


#: fewer pages than this are read or written in this process: forking
#: workers (and, when reading, sending the whole environment back) costs
#: more than it saves, as on a rebuild after one post was edited
MIN_PARALLEL_DOCS = 12


#: most pages a worker takes at once; batches shrink to one page near the end
MAX_BATCH = 16


def _in_workers(
    app: Sphinx,
    nproc: int,
    docnames: Sequence[str],
    work: Callable[[Iterator[str]], Any],
    merge: Callable[[list[str], Any], None],
    message: str,
    colour: str,
    pages_per_worker: int = 0,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """``work(pages)`` in ``nproc`` forked workers that share ``docnames``;
    ``merge(pages_done, result)`` here, once per worker.

    The workers take the next few pages from a shared counter until none
    are left (batches shrink to one page towards the end), so they finish
    together whatever each page costs.  Fixed chunks (Sphinx's) leave one
    core idle while the other finishes a slow chunk (4-6 s at 1,000 posts)
    and pay a fork, a result and a merge per chunk.  With
    ``pages_per_worker``, a worker hands over to a fresh one after that many
    pages, which bounds what one process accumulates.  ``meanwhile()`` runs
    here once the workers are started.
    """
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", 0)
    total = len(docnames)
    limit = pages_per_worker or total

    def pages(done: list[str]) -> Iterator[str]:
        while len(done) < limit:
            with taken.get_lock():
                start = taken.value
                size = max(1, min(MAX_BATCH, (total - start) // (4 * nproc), limit - len(done)))
                taken.value = start + size
            if start >= total:
                return
            for docname in docnames[start : start + size]:
                done.append(docname)
                yield docname

    def task(_worker: int) -> tuple[list[str], Any]:
        done: list[str] = []
        result = work(collected_per_page(pages(done)))
        return done, result

    # The workers are forked from this process: objects frozen out of the
    # garbage collector are not scanned, so not copied, in each of them
    # (-12% CPU for a parallel build).  Unfrozen at build-finished (perf.py).
    gc.freeze()
    tasks = ParallelTasks(nproc)
    started = 0
    progress = status_iterator(docnames, message, colour, total, app.config.verbosity)
    shown = 0
    try:
        while True:
            while tasks._pworking < nproc and taken.value < total:
                tasks.add_task(task, started, lambda _worker, result: merge(*result))
                started += 1
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            # pages are shown as they are taken, like a serial build's
            for _ in range(shown, min(taken.value, total)):
                next(progress)
            shown = max(shown, min(taken.value, total))
            if not tasks._pworking:
                break
            if not tasks._join_one():
                time.sleep(0.05)
    finally:
        tasks.terminate()
    for _ in progress:
        pass
    logger.info("")


class ParallelWriteMixin:
    """``write_documents`` with whole pages written in worker processes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker_states: list[WorkerState] = []

    def write_documents(self, docnames: Set[str]) -> None:
        app: Sphinx = self._app  # type: ignore[attr-defined]
        if len(docnames) < MIN_PARALLEL_DOCS and active(PARALLEL_WRITE):
            self._write_serial(sorted(docnames))  # type: ignore[attr-defined]
            return
        if not (
            active(PARALLEL_WRITE)
            and self.parallel_ok  # type: ignore[attr-defined]
            and settings(app.config).parallel_write
        ):
            super().write_documents(docnames)  # type: ignore[misc]
            return
        self._write_whole_pages(sorted(docnames), app.parallel)

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        """Sphinx's parallel read, with one environment sent back per worker.

        Each of Sphinx's chunks sends the whole environment back to be
        merged, and Sphinx makes ~sqrt(10·N/nproc) chunks (17 at 1,300
        pages, each pickling megabytes); here each worker reads pages from
        a shared queue and sends its environment once.
        """
        if not active(PARALLEL_READ):
            super()._read_parallel(docnames, nproc)  # type: ignore[misc]
            return
        if len(docnames) < MIN_PARALLEL_DOCS:
            self._read_serial(docnames)  # type: ignore[attr-defined]
            return
        env = self.env  # type: ignore[attr-defined]
        app: Sphinx = self._app  # type: ignore[attr-defined]
        # as Sphinx's _read_parallel: clear all outdated docs at once
        for docname in docnames:
            self.events.emit("env-purge-doc", env, docname)  # type: ignore[attr-defined]
            env.clear_doc(docname)

        def read_pages(pages: Iterator[str]) -> bytes:
            env._app = app
            for docname in pages:
                self.read_doc(docname, _cache=False)  # type: ignore[attr-defined]
            return pickle.dumps(env, pickle.HIGHEST_PROTOCOL)

        def merge(done: list[str], other: bytes) -> None:
            env.merge_info_from(done, pickle.loads(other), app)

        def prepare() -> None:
            for state in self.worker_states:
                if state.prepare is not None:
                    state.prepare()

        _in_workers(
            app, nproc, docnames, read_pages, merge, __("reading sources... "), "purple",
            meanwhile=prepare,
        )  # fmt: skip

    def _write_whole_pages(self, docnames: Sequence[str], nproc: int) -> None:
        app: Sphinx = self._app  # type: ignore[attr-defined]
        env = self.env  # type: ignore[attr-defined]
        # the first page in this process: templates compiled, caches (and
        # the Korean analyser, if that page has new words) warmed up before
        # the workers are forked from it
        first, rest = docnames[0], docnames[1:]
        # private to Sphinx: looked up here, where the guard has checked it
        _write_docname = sphinx_builders._write_docname
        _write_docname(first, env=env, builder=self, tags=self.tags)  # type: ignore[attr-defined,arg-type]

        states = self.worker_states

        def write_pages(pages: Iterator[str]) -> dict[str, Any]:
            marks = [state.mark() for state in states]
            indexer = self.indexer  # type: ignore[attr-defined]
            if indexer is not None:  # keep only this worker's entries
                for table in (*_PAGE_TABLES, *_WORD_TABLES):
                    setattr(indexer, table, {})
            images_before = dict(self.images)  # type: ignore[attr-defined]
            for docname in pages:
                _write_docname(docname, env=env, builder=self, tags=self.tags)  # type: ignore[attr-defined,arg-type]
            images = {k: v for k, v in self.images.items() if images_before.get(k) != v}  # type: ignore[attr-defined]
            index = None
            if indexer is not None:
                index = {table: getattr(indexer, table) for table in (*_PAGE_TABLES, *_WORD_TABLES)}
            return {
                "index": index,
                "images": images,
                "states": [state.collect(mark) for state, mark in zip(states, marks, strict=True)],
            }

        def merge(done: list[str], result: dict[str, Any]) -> None:
            index = result["index"]
            indexer = self.indexer  # type: ignore[attr-defined]
            if index is not None and indexer is not None:
                for table in _PAGE_TABLES:
                    getattr(indexer, table).update(index[table])
                for table in _WORD_TABLES:
                    mine = getattr(indexer, table)
                    for word, pages in index[table].items():
                        mine.setdefault(word, set()).update(pages)
            self.images.update(result["images"])  # type: ignore[attr-defined]
            for state, payload in zip(states, result["states"], strict=True):
                state.merge(payload)

        # a worker's nav cache, word memo and index entries grow with its
        # pages: fresh workers every quarter share keep each one small
        per_worker = max(MIN_PARALLEL_DOCS, -(-len(rest) // (4 * nproc)))
        _in_workers(
            app, nproc, rest, write_pages, merge, __("writing output... "), "darkgreen", per_worker
        )
