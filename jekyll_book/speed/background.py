"""Work that needs only the finished environment, done beside the main process.

A job (the chunked search index) is forked with Sphinx's own
:class:`~sphinx.util.parallel.ParallelTasks`, exactly where Sphinx would fork
write workers (``builder.parallel_ok``): its log lines are replayed in the
main process, its result is handed back, and an exception in it makes the
main process run the job again itself, so a failure is reported as it would
be without this.  Where Sphinx does not fork (``-j 1``, Windows, an extension
that is not parallel-safe) nothing is forked and the job runs in place.

This changes only *when* and *in which process* the job runs: its inputs
(the environment after reading, the builder's addresses) do not change while
pages are written, so its output is the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks

logger = logging.getLogger(__name__)


class Background:
    """One job of a build: :meth:`start` forks it, :meth:`finish` waits for it
    (or runs it here when it was not forked or failed)."""

    def __init__(
        self,
        name: str,
        job: Callable[[Sphinx], Any],
        done: Callable[[Sphinx, Any], None] | None = None,
    ) -> None:
        self.name = name
        self.job = job
        #: given the job's result, in the main process
        self.done = done or (lambda app, result: None)
        self._tasks: ParallelTasks | None = None

    @property
    def started(self) -> bool:
        return self._tasks is not None

    def start(self, app: Sphinx) -> bool:
        """Fork the job if Sphinx writes in parallel in this build."""
        if self._tasks is not None or not getattr(app.builder, "parallel_ok", False):
            return False
        tasks = ParallelTasks(1)
        tasks.add_task(lambda: self.job(app), None, lambda _arg, result: self.done(app, result))
        self._tasks = tasks
        return True

    def finish(self, app: Sphinx) -> None:
        """The job's result handed to ``done``: from the forked job, or from
        running it here."""
        tasks, self._tasks = self._tasks, None
        if tasks is not None:
            try:
                tasks.join()
                return
            except SphinxParallelError as error:
                logger.info(
                    "jekyll_book: %s failed in a second process (%s); running it again here",
                    self.name,
                    error.message,
                )
        self.done(app, self.job(app))

    def cancel(self) -> None:
        """Stop a forked job (the build failed: its output is not wanted)."""
        tasks, self._tasks = self._tasks, None
        if tasks is not None:
            tasks.terminate()

    def end(self, app: Sphinx, exception: BaseException | None) -> bool:
        """At ``build-finished``: :meth:`finish` the job, or :meth:`cancel` it
        when the build failed; whether it ran."""
        if exception is not None:
            self.cancel()
            return False
        self.finish(app)
        return True
