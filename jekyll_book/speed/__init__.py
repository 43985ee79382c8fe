"""The speed layer: every replacement of another package's code, guarded.

A build can only get slower from here, never break or change: each
replacement is a record (:mod:`.records`) naming its target, the releases it
was written for and a fingerprint of the code it replaces or copies.  At
``config-inited`` the records that apply are put in place (one info line for
each that does not) and at ``build-finished`` they are undone.
``jekyll_speedups = False`` leaves every one of them out, as well as the
guarded builder and translator subclasses' fast paths.

Our own fast paths live here too: :mod:`.builders` (Sphinx's ``html`` and
``dirhtml`` builders with the mixins of :mod:`.perf` and :mod:`.parallel`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from jekyll_book.config import settings
from jekyll_book.speed.collector import FewerCollections
from jekyll_book.speed.highlighting import OneFormatterPerOptions
from jekyll_book.speed.state import REGISTRY, active
from jekyll_book.speed.translator import JekyllHTMLTranslator

__all__ = ["REGISTRY", "JekyllHTMLTranslator", "OneFormatterPerOptions", "active", "setup_speed"]


def install(app: Sphinx, config: Config) -> None:
    # whatever an earlier app of this process left (an app never built)
    REGISTRY.uninstall()
    if settings(config).speedups:
        doctrees = getattr(app, "doctreedir", None)
        cache = Path(doctrees, "jekyll_book-speed-fingerprints.json") if doctrees else None
        REGISTRY.install(cache=cache)


def uninstall(app: Sphinx, exception: BaseException | None) -> None:
    REGISTRY.uninstall()


def setup_speed(app: Sphinx) -> None:
    gc_tuning = FewerCollections()
    # first: the environment's unpickling on a rebuild is covered too
    app.connect("config-inited", _gc_start(gc_tuning), priority=0)
    # late: the index, feeds and redirects written at build-finished still
    # run with fewer collections and the environment frozen out of them
    app.connect("build-finished", gc_tuning.stop, priority=990)
    app.connect("config-inited", install, priority=900)
    # last: other build-finished handlers still run with the records in place
    app.connect("build-finished", uninstall, priority=1000)


def _gc_start(gc_tuning: FewerCollections) -> Any:
    def start(app: Sphinx, config: Config) -> None:
        if settings(config).speedups:
            gc_tuning.start(app, config)

    return start
