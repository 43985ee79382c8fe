"""The build's own account of the posts' problems: one summary line at the end.

``make html`` is lenient (a bad post is shown as well as it can be, the build
exits 0), so the problems must not drown in the log: every warning and error
of the build is counted per page, and the build ends with::

    jekyll_book: 12 posts have 15 problems (html 9, image 4, frontmatter 2) — make check lists them

Problems found while a page is read are kept in :class:`ProblemsDomain`
(purged with the page, merged from parallel readers), so a rebuild that reads
nothing still reports the problems of every page; problems found while pages
are written are counted for the pages written by this build.
"""

from __future__ import annotations

import logging as std_logging
from collections import Counter
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import is_suppressed_warning

logger = logging.getLogger(__name__)

#: (level, category, line): level is "error" or "warning"
Entry = tuple[str, str, int]


class ProblemsDomain(Domain):
    """Problems found while reading each page (cross-document state)."""

    name = "jekyll_problems"
    label = "jekyll-book problems"
    initial_data: dict[str, Any] = {"problems": {}}

    @property
    def problems(self) -> dict[str, list[Entry]]:
        return self.data.setdefault("problems", {})

    def clear_doc(self, docname: str) -> None:
        self.problems.pop(docname, None)

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        # parallel readers log into the main process (whose collector records
        # there): a worker's own copy holds entries only if it logged directly
        for docname, entries in otherdata.get("problems", {}).items():
            if docname in docnames and entries:
                self.problems.setdefault(docname, []).extend(entries)

    def resolve_any_xref(self, *args: Any) -> list[Any]:
        return []


class _Collector(std_logging.Handler):
    """Counts every warning and error of the build by page."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(std_logging.WARNING)
        self.app = app
        self.written: dict[str, list[Entry]] = {}
        self.unlocated: list[Entry] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        if getattr(record, "_jekyll_counted", False):
            return  # a buffered warning handed on again (pending_warnings' flush)
        record._jekyll_counted = True
        if is_suppressed_warning(
            getattr(record, "type", ""), getattr(record, "subtype", ""),
            getattr(getattr(self.app, "config", None), "suppress_warnings", ()) or (),
        ):
            return
        try:
            level = "error" if record.levelno >= std_logging.ERROR else "warning"
            category = getattr(record, "subtype", None) or getattr(record, "type", None) or "sphinx"
            docname, line = self._locate(getattr(record, "location", None))
            entry = (level, str(category), line)
            env = getattr(self.app, "env", None)
            if docname is None or env is None:
                self.unlocated.append(entry)
            elif self.app.phase in (BuildPhase.INITIALIZATION, BuildPhase.READING):
                env.get_domain(ProblemsDomain.name).problems.setdefault(docname, []).append(entry)
            else:
                self.written.setdefault(docname, []).append(entry)
        except Exception:  # noqa: BLE001 - counting must never break a build
            self.unlocated.append(("warning", "unlocated", 0))

    def _locate(self, location: Any) -> tuple[str | None, int]:
        env = getattr(self.app, "env", None)
        if env is None or location is None:
            return None, 0
        if isinstance(location, tuple):
            return str(location[0]), int(location[1] or 0) if len(location) > 1 else 0
        if isinstance(location, nodes.Node):
            source, line = get_source_line(location)
            return (env.path2doc(source) if source else None), line or 0
        text = str(location)
        path, _, line = text.rpartition(":")
        if not line.isdigit():
            path, line = text, "0"
        if path in env.found_docs:
            return path, int(line)
        return env.path2doc(path), int(line)


def summary(problems: dict[str, list[Entry]], unlocated: list[Entry], pages: int) -> str:
    """The closing line of a build (pure, for tests)."""
    entries = [e for found in problems.values() for e in found] + unlocated
    if not entries:
        return f"jekyll_book: no problems in {pages} pages"
    errors = sum(1 for level, _, _ in entries if level == "error")
    categories = Counter(category for _, category, _ in entries)
    ranked = sorted(categories.items(), key=lambda item: (-item[1], item[0]))
    detail = ", ".join(f"{name} {count}" for name, count in ranked)
    levels = f"{errors} error{'s' * (errors != 1)}, " if errors else ""
    posts = len([d for d, found in problems.items() if found])
    where = f"{posts} post{'s' * (posts != 1)}" if posts else ""
    if unlocated:
        where = f"{where} and the site's settings" if posts else "the site's settings"
    where += " have" if (posts != 1 or unlocated) else " has"
    count = len(entries)
    return (
        f"jekyll_book: {where} {count} problem{'s' * (count != 1)} ({levels}{detail}) "
        "— make check lists them"
    )


def _install(app: Sphinx) -> None:
    collector = _Collector(app)
    app._jekyll_problem_collector = collector  # type: ignore[attr-defined]
    std_logging.getLogger(logging.NAMESPACE).addHandler(collector)


def _finish(app: Sphinx, exception: Exception | None) -> None:
    collector: _Collector | None = getattr(app, "_jekyll_problem_collector", None)
    if collector is None:
        return
    std_logging.getLogger(logging.NAMESPACE).removeHandler(collector)
    if exception is not None:
        return
    domain: ProblemsDomain = app.env.get_domain(ProblemsDomain.name)  # type: ignore[assignment]
    found = {d: list(e) for d, e in domain.problems.items() if d in app.env.all_docs}
    for docname, entries in collector.written.items():
        found.setdefault(docname, []).extend(entries)
    logger.info(summary(found, collector.unlocated, len(app.env.all_docs)))


def setup_report(app: Sphinx) -> None:
    app.add_domain(ProblemsDomain)
    _install(app)
    app.connect("build-finished", _finish, priority=900)
