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
import pickle
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import _write_docname
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from .config import settings

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
    in the main process.
    """

    mark: Callable[[], Any]
    collect: Callable[[Any], Any]
    merge: Callable[[Any], None]


def add_worker_state(app: Sphinx, state: WorkerState) -> None:
    """Keep ``state`` that write workers grow (no-op for other builders)."""
    states = getattr(app.builder, "worker_states", None)
    if states is not None:
        states.append(state)


#: fewer pages than this are read or written in this process: forking
#: workers (and, when reading, sending the whole environment back) costs
#: more than it saves, as on a rebuild after one post was edited
MIN_PARALLEL_DOCS = 12


def _in_workers(
    app: Sphinx,
    nproc: int,
    chunks: list[Any],
    work: Callable[[Any], Any],
    merge: Callable[[Any, Any], None],
    message: str,
    colour: str,
) -> None:
    """``work(chunk)`` in ``nproc`` forked workers, ``merge(chunk, result)`` here,
    one progress step per chunk."""
    progress = status_iterator(chunks, message, colour, len(chunks), app.config.verbosity)

    def merged(chunk: Any, result: Any) -> None:
        merge(chunk, result)
        next(progress)

    # The workers are forked from this process: objects frozen out of the
    # garbage collector are not scanned, so not copied, in each of them
    # (-12% CPU for a parallel build).  Unfrozen at build-finished (perf.py).
    gc.freeze()
    tasks = ParallelTasks(nproc)
    for chunk in chunks:
        tasks.add_task(work, chunk, merged)
    tasks.join()
    logger.info("")


class ParallelWriteMixin:
    """``write_documents`` with whole pages written in worker processes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker_states: list[WorkerState] = []

    def write_documents(self, docnames: Set[str]) -> None:
        app: Sphinx = self._app  # type: ignore[attr-defined]
        if len(docnames) < MIN_PARALLEL_DOCS:
            self._write_serial(sorted(docnames))  # type: ignore[attr-defined]
            return
        if not (self.parallel_ok and settings(app.config).parallel_write):  # type: ignore[attr-defined]
            super().write_documents(docnames)  # type: ignore[misc]
            return
        self._write_whole_pages(sorted(docnames), app.parallel)

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        """Sphinx's parallel read, in fewer, interleaved chunks.

        Each chunk's worker sends the whole environment back to be merged,
        and Sphinx makes ~sqrt(10·N/nproc) chunks (17 at 1,300 pages, each
        pickling megabytes).  Two chunks per worker, with the pages dealt
        out in turn so every chunk costs about the same, send a quarter as
        much and keep the workers equally busy.
        """
        if len(docnames) < MIN_PARALLEL_DOCS:
            self._read_serial(docnames)  # type: ignore[attr-defined]
            return
        env = self.env  # type: ignore[attr-defined]
        app: Sphinx = self._app  # type: ignore[attr-defined]
        count = min(len(docnames), 2 * nproc)
        chunks = [docnames[i::count] for i in range(count)]
        # as Sphinx's _read_parallel: clear all outdated docs at once
        for docname in docnames:
            self.events.emit("env-purge-doc", env, docname)  # type: ignore[attr-defined]
            env.clear_doc(docname)

        def read_chunk(docs: list[str]) -> bytes:
            env._app = app
            for docname in docs:
                self.read_doc(docname, _cache=False)  # type: ignore[attr-defined]
            return pickle.dumps(env, pickle.HIGHEST_PROTOCOL)

        def merge(docs: list[str], other: bytes) -> None:
            env.merge_info_from(docs, pickle.loads(other), app)

        _in_workers(app, nproc, chunks, read_chunk, merge, __("reading sources... "), "purple")

    def _write_whole_pages(self, docnames: Sequence[str], nproc: int) -> None:
        app: Sphinx = self._app  # type: ignore[attr-defined]
        env = self.env  # type: ignore[attr-defined]
        # the first page in this process: templates compiled, caches (and
        # the Korean analyser, if that page has new words) warmed up before
        # the workers are forked from it
        first, rest = docnames[0], docnames[1:]
        _write_docname(first, env=env, builder=self, tags=self.tags)  # type: ignore[attr-defined,arg-type]

        states = self.worker_states

        def write_chunk(chunk: list[str]) -> dict[str, Any]:
            marks = [state.mark() for state in states]
            indexer = self.indexer  # type: ignore[attr-defined]
            if indexer is not None:  # keep only this chunk's entries
                for table in (*_PAGE_TABLES, *_WORD_TABLES):
                    setattr(indexer, table, {})
            images_before = dict(self.images)  # type: ignore[attr-defined]
            for docname in chunk:
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

        def merge(chunk: list[str], result: dict[str, Any]) -> None:
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

        chunks = make_chunks(rest, nproc)
        _in_workers(app, nproc, chunks, write_chunk, merge, __("writing output... "), "darkgreen")
