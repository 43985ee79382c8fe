"""The ``html`` and ``dirhtml`` builders, with the build-speed changes.

Sphinx's own builders plus :class:`~.parallel.ParallelWriteMixin` (whole
pages written by the parallel workers) and
:class:`~.perf.KeepUnchangedFinish` (a rebuild with nothing to write keeps
the search index and the search page) and :class:`~.perf.DoctreesOnDisk`
(a serial build does not hold every doctree in memory), and
:class:`~.speed.translator.JekyllHTMLTranslator` as their translator and
:class:`~.speed.highlighting.OneFormatterPerOptions` (one Pygments formatter
per set of options).
Each fast path runs only while its guard in :mod:`.speed.records` holds.
Registered under Sphinx's names, so ``make html`` and Read the Docs use
them unchanged.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder

from jekyll_book.speed import JekyllHTMLTranslator, OneFormatterPerOptions
from jekyll_book.speed.parallel import ParallelWriteMixin
from jekyll_book.speed.perf import DoctreesOnDisk, KeepUnchangedFinish


class JekyllHTMLBuilder(
    OneFormatterPerOptions,
    DoctreesOnDisk,
    KeepUnchangedFinish,
    ParallelWriteMixin,
    StandaloneHTMLBuilder,
):
    """Sphinx's ``html`` builder."""

    default_translator_class = JekyllHTMLTranslator


class JekyllDirectoryHTMLBuilder(
    OneFormatterPerOptions,
    DoctreesOnDisk,
    KeepUnchangedFinish,
    ParallelWriteMixin,
    DirectoryHTMLBuilder,
):
    """Sphinx's ``dirhtml`` builder."""

    default_translator_class = JekyllHTMLTranslator


def setup_builders(app: Sphinx) -> None:
    app.add_builder(JekyllHTMLBuilder, override=True)
    app.add_builder(JekyllDirectoryHTMLBuilder, override=True)
