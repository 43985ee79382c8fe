"""Full-text search that understands Korean, offline and on Read the Docs.

Sphinx has no Korean search language: with ``language = "ko"`` it indexes
"쿠버네티스를" as one English word, so a search for "쿠버네티스" misses it.
This registers :class:`~.language.SearchKorean` for ``ko``: the index holds
morphemes, and ``korean_search.js`` (shipped inside language_data.js)
normalises each query word against that index and ranks pages by the sum
of their evidence.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from jekyll_book.config import conf_location
from jekyll_book.features.labels import label_dir, registry
from jekyll_book.pages.generate import OutputStamp, write_if_changed
from jekyll_book.search_ko.analyser import kiwi_available
from jekyll_book.search_ko.chunks import (
    FOLDER,
    ChunkSizes,
    Label,
    doc_script,
    shared_files,
    text_hash,
)
from jekyll_book.search_ko.glossary import Glossary, GlossaryError
from jekyll_book.search_ko.language import (
    ANALYSER_OPTION,
    SearchKorean,
    analyser_for,
    search_options,
)
from jekyll_book.search_ko.language import (
    uses_korean_search as _uses_korean_search,
)
from jekyll_book.search_ko.records import (
    RECORDS_DIR,
    DocRecord,
    PageSummaries,
    SearchRecords,
    Summary,
    load_record,
    record_path,
    summaries,
)
from jekyll_book.speed.background import Background
from jekyll_book.speed.parallel import WorkerState, add_worker_state
from jekyll_book.speed.perf import docs_read

logger = logging.getLogger(__name__)

__all__ = ["SearchKorean", "setup_search"]


def _configure(app: Sphinx, config: Config) -> None:
    """Validate the glossary and pass it, with the analyser, to the index."""

    location = conf_location(app, "jekyll_search_glossary")

    def invalid(i: int, err: GlossaryError) -> None:
        logger.warning(
            "jekyll_search_glossary[%d] skipped: %s",
            i,
            err,
            type="jekyll_book",
            subtype="config",
            location=location,
        )

    raw = config.jekyll_search_glossary
    if isinstance(raw, str) or not hasattr(raw, "__iter__"):
        invalid(0, GlossaryError(f"{raw!r} is not a list of \"카프카 = Kafka\" strings"))
        raw = []
    glossary = Glossary.parse(raw, invalid)
    # html_search_options is Sphinx's channel to the search language; being
    # an "html" value, a change here (new glossary, kiwipiepy installed or
    # gone) re-indexes every page instead of mixing two analyses.
    config.html_search_options = {
        **(config.html_search_options or {}),
        **search_options(glossary, use_kiwi=kiwi_available()),
    }


def _memo_path(app: Sphinx) -> Path:
    return Path(app.doctreedir, "jekyll_search_ko_words.pickle")


def _start(app: Sphinx) -> None:
    if not _uses_korean_search(app):
        return
    options = app.config.html_search_options
    if options.get(ANALYSER_OPTION, "").startswith("rules"):
        logger.warning(
            "kiwipiepy (with kiwipiepy_model) is not importable: Korean search falls "
            "back to stripping common particles, which finds fewer pages. "
            "Install the pinned requirements to index morphemes.",
            type="jekyll_book",
            subtype="search",
        )
    # Words analysed by an earlier build: a rebuild that meets no new word
    # never loads the Kiwi model (~1.5 s of CPU).
    _analyser(app).load_memo(_memo_path(app))


def _analyser(app: Sphinx):
    return analyser_for(app.config.html_search_options)


def _keep_workers_words(app: Sphinx) -> None:
    # words analysed by parallel write workers join this process's memo, so
    # the memo saved for the next build holds every page's words
    if _uses_korean_search(app):
        add_worker_state(
            app,
            WorkerState(
                mark=lambda: _analyser(app).memo_mark(),
                collect=lambda mark: _analyser(app).memo_since(mark),
                merge=lambda memo: _analyser(app).memo_merge(memo),
                prepare=lambda: _analyser(app).warm_up(),
            ),
        )


#: a rebuild that read at most this many pages writes its search index in a
#: second process while its pages are written (their words are nearly all
#: analysed already); after a larger read the index waits for the pages,
#: whose writing analyses the new words, and is written beside the feeds
EARLY_INDEX_MAX_READ = 50


def _index_job(pages: PageSummaries, app: Sphinx) -> dict[str, tuple[str, ...]]:
    """Write the index; the words it had to analyse (for the kept memo)."""
    analyser = _analyser(app)
    mark = analyser.memo_mark()
    write_index(app, pages.made)  # may analyse a few words (titles, labels) no page text had
    return analyser.memo_since(mark)


def _index_done(app: Sphinx, words: dict[str, tuple[str, ...]]) -> None:
    _analyser(app).memo_merge(words)


def _index_early(index: Background, app: Sphinx, builder: Any) -> None:
    if _uses_korean_search(app) and 0 < len(docs_read(app)) <= EARLY_INDEX_MAX_READ:
        index.start(app)


def _index_late(index: Background, app: Sphinx, exception: Exception | None) -> None:
    # beside the feeds, if not started yet; after a rebuild that read nothing
    # the index is unchanged, and finding that out is quicker here
    if exception is None and _uses_korean_search(app) and docs_read(app):
        index.start(app)


def _keep_workers_summaries(pages: PageSummaries, app: Sphinx) -> None:
    # the summaries the write workers made reach the index written here
    if _uses_korean_search(app):
        add_worker_state(
            app,
            WorkerState(mark=lambda: len(pages.made), collect=pages.since, merge=pages.made.update),
        )


def _finish(index: Background, app: Sphinx, exception: Exception | None) -> None:
    if not _uses_korean_search(app):
        index.cancel()
    elif index.end(app, exception):
        _analyser(app).save_memo(_memo_path(app))


def _labels(app: Sphinx) -> list[Label]:
    """Tags and categories with a page of their own (jekyll_book sites)."""
    env = app.env
    if "jekyll" not in env.domains:
        return []

    found = []
    for kind in ("tag", "category"):
        folder = label_dir(app.config, kind)
        for label in registry(env, kind).values():
            docname = f"{folder}/{label.slug}"
            if docname in env.all_docs:
                found.append(Label(kind, label.name, app.builder.get_target_uri(docname), len(label.entries)))
    return found


#: file (in the doctree folder): each d<N>.js written, with what it was made
#: from (docname, record digest, address) and its text's hash
_DOC_FILES = "jekyll_search_ko_docs.json"


def write_index(app: Sphinx, made: dict[str, Summary] | None = None) -> None:
    """Write the chunked index (only files whose text changed; stale ones go).

    A page's own file (``d<N>.js``, its text for snippets) is made again only
    when its number, record or address changed; the vocabulary and postings
    come from the kept summaries (:func:`.records.summaries`), so a one-post
    edit loads one record, not every page's text.
    """

    refs = SearchRecords.docs(app.env)
    lang = SearchKorean(app.config.html_search_options)
    sizes = ChunkSizes.single() if app.config.jekyll_search_single_index else ChunkSizes()
    labels = _labels(app)
    urls = {docname: app.builder.get_target_uri(docname) for docname in refs}
    glossary = lang.glossary.groups(lang.stem)
    folder = Path(app.outdir, FOLDER)
    stamp = OutputStamp(Path(app.doctreedir, "jekyll_search_ko_index.json"))
    # the key is checked on every rebuild: plain strings, not reprs of 1,000 records
    rows = (f"{d}\0{ref.kind}\0{ref.digest}\0{urls[d]}" for d, ref in sorted(refs.items()))
    key = repr((labels, glossary, sizes)) + "\n" + "\n".join(rows)
    key = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()
    if stamp.unchanged(key) and folder.is_dir():
        return
    loaded: dict[str, DocRecord] = {}

    def record(docname: str) -> DocRecord:  # read once, for its terms and its own file
        if docname not in loaded:
            loaded[docname] = load_record(app.doctreedir, docname, refs[docname])
        return loaded[docname]

    found = summaries(app.doctreedir, refs, lang, record, made)
    kept = {record_path(app.doctreedir, docname) for docname in refs}
    for path in Path(app.doctreedir, RECORDS_DIR).glob("*.pickle"):
        if path not in kept:  # a page that is gone
            path.unlink()

    docnames = sorted(found)
    made_path = Path(app.doctreedir, _DOC_FILES)
    try:
        made = json.loads(made_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made = {}
    if not isinstance(made, dict):
        made = {}
    now: dict[str, list[str]] = {}
    for number, docname in enumerate(docnames):
        name = f"d{number}.js"
        source = [docname, refs[docname].digest, urls[docname]]
        last = made.get(name)
        if isinstance(last, list) and len(last) == 4 and last[:3] == source and (folder / name).is_file():
            now[name] = last
            continue
        text = doc_script(number, docname, record(docname), urls[docname])
        write_if_changed(folder / name, text)
        now[name] = [*source, text_hash(text)]
    pages = [found[docname] for docname in docnames]
    files = shared_files(pages, {name: row[3] for name, row in now.items()}, labels, glossary, sizes)
    for name, text in files.items():
        write_if_changed(folder / name, text)
    for path in folder.glob("*.js"):
        if path.name not in files and path.name not in now:
            path.unlink()
    made_path.write_text(json.dumps(now), encoding="utf-8")
    stamp.save(key, [folder / name for name in sorted([*files, *now])])


def _search_page_loads_our_index(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """``<script src="searchindex.js">`` loads our small ``index.js`` instead.

    The themes write that tag into their templates: on the search page, and
    pydata-sphinx-theme (under sphinx-book-theme) on every page, for its
    search-as-you-type.  The search page does not need Sphinx's whole index
    (1.4 MB at 1,000 posts); a script that does (search-as-you-type) gets it
    when it runs a query (language.py's fallback)."""
    if not _uses_korean_search(app) or "pathto" not in context:
        return
    pathto = context["pathto"]

    def ours(target: str, *args: Any, **kwargs: Any) -> str:
        if target == "searchindex.js":
            target = f"{FOLDER}/index.js"
        return pathto(target, *args, **kwargs)

    context["pathto"] = ours


#: Sphinx's Korean catalog leaves the result count line of the search page
#: empty; translations.js is merged with this after it loads
_RESULT_COUNT_JS = (
    "Documentation.addTranslations({locale: 'ko', plural_expr: '0', messages: {"
    "'Search finished, found one page matching the search query.': "
    "['검색을 마쳤습니다. 검색어와 일치하는 문서 ${resultCount}개를 찾았습니다.']}});"
)


def _korean_status_line(app: Sphinx) -> None:
    if app.config.language == "ko" and app.builder.format == "html":
        app.add_js_file(None, body=_RESULT_COUNT_JS, priority=900)


def setup_search(app: Sphinx) -> None:
    app.add_config_value(
        "jekyll_search_glossary",
        [],
        "html",
        types=frozenset({list, tuple}),
        description='synonyms for search, e.g. ["카프카 = Kafka", "쿠버네티스 = Kubernetes = k8s"]',
    )
    app.add_config_value(
        "jekyll_search_single_index",
        False,
        "html",
        types=frozenset({bool}),
        description="write the search index as one vocabulary and one entry file (for comparisons)",
    )
    app.add_search_language(SearchKorean)
    app.add_env_collector(SearchRecords)
    app.connect("html-page-context", _search_page_loads_our_index)
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _start)
    app.connect("builder-inited", _korean_status_line)
    app.connect("builder-inited", _keep_workers_words)
    pages = PageSummaries()
    app.connect("builder-inited", pages.reset)
    app.connect("builder-inited", partial(_keep_workers_summaries, pages))
    app.connect("html-page-context", pages.note_page)
    index = Background("the search index", partial(_index_job, pages), _index_done)
    app.connect("write-started", partial(_index_early, index))
    app.connect("build-finished", partial(_index_late, index), priority=100)
    # before the build's summary of problems (report.py, 900) and the
    # collector's settings are restored (990)
    app.connect("build-finished", partial(_finish, index), priority=890)


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the Korean search alone: ``extensions = ["jekyll_book.search_ko"]``."""
    if "jekyll_search_glossary" not in app.config:  # not already set up by jekyll_book
        setup_search(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
