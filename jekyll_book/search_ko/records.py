"""What the search index knows of a page, collected when the page is read.

One :class:`DocRecord` per page, kept by :class:`SearchRecords` (an
EnvironmentCollector: purged and merged per document, so ``-j auto`` and
incremental builds hold exactly what a clean build holds).  A record holds the
page's sections as plain text and, per section, the index terms found in its
heading and body: the chunked index (:mod:`.chunks`) is made from the records
alone, and the search page shows titles, dates, tags and snippets from them
without fetching any page.

Reading keeps the text only.  The index terms are found when the index is
written (:func:`summaries`), where the words are already analysed: the
search index Sphinx writes (``searchindex.js``) has split every page's text
by then, in the write workers that inherit one warmed-up Kiwi.  Analysing at
read time made each parallel reader load Kiwi and analyse the site's
vocabulary again (+20% CPU for a parallel clean build at 1,000 posts).
Terms are kept per record digest, so a rebuild analyses changed pages only.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from jekyll_book.features.posts import get_domain
from jekyll_book.pages.generate import is_generated
from jekyll_book.search_ko.language import SearchKorean, uses_korean_search
from jekyll_book.speed.collector import collector_paused
from jekyll_book.speed.perf import docs_read

#: pages that list other pages: matching every query, they are never results
KIND_POST, KIND_PAGE, KIND_LISTING = "post", "page", "listing"

#: weights of where a term was found, as korean_search.js ranks them
BODY, HEADING, TITLE = 1, 2, 3

#: sections past this many share the last slot (an index entry packs the
#: section number into 6 bits)
MAX_SECTIONS = 63

# page furniture that is not the author's text (header line, session list,
# previous/next links, related posts); Sphinx's own index skips "no-search"
_SKIP_CLASSES = frozenset(
    {"post-header", "session-toc", "post-chrono-nav", "related-posts", "no-search"}
)
_SPACES = re.compile(r"\s+")


@dataclass
class Section:
    """A top-level section of a page (a post's talk); the first is the intro."""

    anchor: str
    title: str
    text: str = ""
    heading_terms: tuple[str, ...] = ()  # found by summaries()
    body_terms: tuple[str, ...] = ()
    headings: str = ""  # what heading_terms are found in (nested headings too)


@dataclass
class DocRecord:
    title: str
    kind: str
    date: str = ""  # YYYY-MM-DD for posts
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    title_terms: tuple[str, ...] = ()  # found by summaries()
    sections: list[Section] = field(default_factory=list)
    digest: str = ""  # of the text (the terms are a function of it)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


#: what the text walk does with a node, by its class
_SKIP, _TEXT, _TITLE, _SPACED, _OTHER = range(5)


@functools.lru_cache(maxsize=None)
def _node_kind(cls: type) -> int:
    """Asked once per node class, not per node (a page has thousands)."""
    skipped = (nodes.comment, nodes.raw, nodes.system_message, addnodes.toctree)
    if issubclass(cls, (*skipped, nodes.substitution_definition)):
        return _SKIP
    if issubclass(cls, nodes.Text):
        return _TEXT
    if issubclass(cls, nodes.title):
        return _TITLE
    if issubclass(cls, (nodes.paragraph, nodes.literal_block, nodes.list_item)):
        return _SPACED
    return _OTHER


class _TextCollector(nodes.SparseNodeVisitor):
    """Plain text of a section, without nested-section headings' markup."""

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        self.parts: list[str] = []
        self.headings: list[str] = []

    def dispatch_visit(self, node: nodes.Node) -> None:
        kind = _node_kind(type(node))
        if kind == _TEXT:
            self.parts.append(node.astext())
            return
        if kind == _SKIP:
            raise nodes.SkipNode
        classes = node["classes"]  # type: ignore[index]
        if classes and _SKIP_CLASSES.intersection(classes):
            raise nodes.SkipNode
        if kind == _TITLE:
            self.headings.append(node.astext())
            self.parts.append(" ")
        elif kind == _SPACED:
            self.parts.append(" ")

    def dispatch_departure(self, node: nodes.Node) -> None:
        if _node_kind(type(node)) in (_TITLE, _SPACED):
            self.parts.append(" ")


def _collect(document: nodes.document, parts: list[nodes.Node]) -> tuple[str, list[str]]:
    visitor = _TextCollector(document)
    for part in parts:
        part.walkabout(visitor)
    return _clean("".join(visitor.parts)), visitor.headings


def split_sections(doctree: nodes.document) -> tuple[str, list[tuple[str, str, str, list[str]]]]:
    """(title, [(anchor, heading, text, nested headings)]): the intro, then each
    top-level section of the page's first section (what sessions.py calls a talk)."""
    title_section = next(iter(doctree.findall(nodes.section)), None)
    if title_section is None:
        text, headings = _collect(doctree, list(doctree.children))
        return "", [("", "", text, headings)]
    title_node = title_section[0] if isinstance(title_section[0], nodes.title) else None
    title = _clean(title_node.astext()) if title_node is not None else ""
    intro: list[nodes.Node] = [c for c in doctree.children if c is not title_section]
    subs: list[nodes.section] = []
    for child in title_section.children:
        if child is title_node:
            continue
        if isinstance(child, nodes.section) and child["ids"]:
            subs.append(child)
        elif subs:  # text after a section belongs to it, as the reader sees it
            subs.append(child)  # type: ignore[arg-type]
        else:
            intro.append(child)
    text, headings = _collect(doctree, intro)
    out = [("", title, text, headings)]
    for sub in subs:
        if not isinstance(sub, nodes.section):  # trailing non-section text
            extra, more = _collect(doctree, [sub])
            anchor, heading, prev, prev_heads = out[-1]
            out[-1] = (anchor, heading, _clean(prev + " " + extra), prev_heads + more)
            continue
        heading = _clean(sub[0].astext()) if isinstance(sub[0], nodes.title) else ""
        body, nested = _collect(doctree, list(sub.children[1:]))
        out.append((sub["ids"][0], heading, body, nested))
    if len(out) > MAX_SECTIONS:
        last = out[MAX_SECTIONS - 1]
        merged = " ".join(o[2] for o in out[MAX_SECTIONS - 1 :])
        heads = [h for o in out[MAX_SECTIONS - 1 :] for h in [o[1], *o[3]]]
        out = [*out[: MAX_SECTIONS - 1], (last[0], last[1], merged, heads)]
    return title, out


def index_terms(lang: Any, text: str, seen: dict[str, str | None] | None = None) -> tuple[str, ...]:
    """Distinct index terms of ``text``, filtered and stemmed as Sphinx's
    IndexBuilder does (``seen``: word → term or None, kept by the caller)."""
    if seen is None:
        seen = {}
    found: dict[str, None] = {}
    for word in lang.split(text):
        try:
            term = seen[word]
        except KeyError:
            stemmed = lang.stem(word).lower()
            if not lang.word_filter(stemmed) and lang.word_filter(word):
                stemmed = word
            term = seen[word] = stemmed if lang.word_filter(stemmed) else None
        if term is not None:
            found[term] = None
    return tuple(found)


def make_record(
    doctree: nodes.document,
    *,
    kind: str,
    date: str = "",
    tags: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    title: str | None = None,
) -> DocRecord:
    """The page's text as the index sees it; no terms yet (:func:`summaries`)."""
    found_title, parts = split_sections(doctree)
    title = _clean(title) if title else found_title
    sections = [
        Section(
            anchor=anchor,
            title=heading,
            text=text,
            headings=" ".join(nested if i == 0 else [heading, *nested]),
        )
        for i, (anchor, heading, text, nested) in enumerate(parts)
    ]
    record = DocRecord(
        title=title, kind=kind, date=date, tags=tags, categories=categories, sections=sections
    )
    record.digest = hashlib.sha1(pickle.dumps(record, protocol=4)).hexdigest()
    return record


#: terms of one record: its title's, then (heading, body) per section
Terms = tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]


def record_terms(record: DocRecord, lang: Any, seen: dict[str, str | None]) -> Terms:
    labels = " ".join((*record.tags, *record.categories))
    return (
        index_terms(lang, record.title, seen),
        tuple(
            (
                index_terms(lang, section.headings, seen),
                index_terms(lang, section.text if i else f"{section.text} {labels}", seen),
            )
            for i, section in enumerate(record.sections)
        ),
    )


#: file (in the doctree folder) of what the index needs of every record, by digest
TERMS_FILE = "jekyll_search_ko_terms.pickle"
#: changes whenever :class:`Summary` or the terms change shape: an older file is remade
SUMMARY_FORMAT = 3


def page_postings(terms: Terms) -> dict[str, tuple[int, ...]]:
    """term → the page's sorted entries ``section * 4 + weight`` (the best
    weight per section; a title term counts once, in the title)."""
    title_terms, sections = terms
    title = set(title_terms)
    found: dict[str, dict[int, int]] = {}
    setdefault = found.setdefault
    for sec, (heading_terms, body_terms) in enumerate(sections):
        base = sec * 4
        skip = title if sec == 0 else ()
        # a section's terms are distinct, and HEADING > BODY
        for term in body_terms:
            if term not in skip:
                setdefault(term, {})[base] = BODY
        for term in heading_terms:
            if term not in skip:
                setdefault(term, {})[base] = HEADING
    for term in title:
        setdefault(term, {})[0] = TITLE
    return {term: tuple(sorted(b + w for b, w in slot.items())) for term, slot in found.items()}


@dataclass(frozen=True)
class Summary:
    """What the vocabulary, postings and filters need of a page (not its text)."""

    #: :func:`page_postings` of the page's terms (found once per text)
    postings: dict[str, tuple[int, ...]]
    date: str
    tags: tuple[str, ...]

    @classmethod
    def of(cls, terms: Terms, date: str, tags: tuple[str, ...]) -> Summary:
        return cls(page_postings(terms), date, tuple(tags))


class PageSummaries:
    """Summaries of the pages this build read, made as they are written: in
    ``-j N`` builds by the write workers, where the page's words were just
    analysed for Sphinx's index, so the index written at the end analyses no
    page again (a third of its time at the end of a clean build).  Sent to the
    main process with the workers' other state; made by the same functions as
    :func:`summaries`, so the index is the same.  A page written again but not
    read (its text unchanged) has its summary kept from an earlier build."""

    def __init__(self) -> None:
        #: record digest → summary, this build
        self.made: dict[str, Summary] = {}
        self._lang: Any = None
        self._seen: dict[str, str | None] = {}

    def reset(self, app: Sphinx) -> None:
        self.made.clear()
        self._lang = None
        self._seen = {}

    def note_page(
        self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
    ) -> None:
        if doctree is None or pagename not in docs_read(app) or not uses_korean_search(app):
            return
        ref = SearchRecords.docs(app.env).get(pagename)
        if ref is None or ref.kind == KIND_LISTING or ref.digest in self.made:
            return
        if self._lang is None:
            self._lang = SearchKorean(app.config.html_search_options)
        record = load_record(app.doctreedir, pagename, ref)
        terms = record_terms(record, self._lang, self._seen)
        self.made[ref.digest] = Summary.of(terms, record.date, record.tags)

    def since(self, mark: int) -> dict[str, Summary]:
        return dict(list(self.made.items())[mark:])


def summaries(
    doctreedir: str | Path,
    refs: dict[str, RecordRef],
    lang: Any,
    load: Callable[[str], DocRecord],
    made: dict[str, Summary] | None = None,
) -> dict[str, Summary]:
    """docname → :class:`Summary` of every indexed page.  Kept by digest
    between builds: only a page whose text changed is loaded (``load``) and
    analysed (with the words the search index met already in the analyser's
    memo), unless it is in ``made`` (:class:`PageSummaries`)."""
    path = Path(doctreedir, TERMS_FILE)
    key = (SUMMARY_FORMAT, repr(sorted(lang.options.items())), lang.analyser.memo_key)
    known: dict[str, Summary] = {}
    try:
        # ~10^5 small objects: collections while they are made would walk
        # the environment's objects again and again (0.2 s → 0.02 s at 1,000 posts)
        with path.open("rb") as f, collector_paused():
            stored_key, stored = pickle.load(f)
        if stored_key == key and all(isinstance(v, Summary) for v in stored.values()):
            known = stored
    except Exception:  # noqa: BLE001 - any unreadable cache (another version's) is remade
        pass
    seen: dict[str, str | None] = {}
    kept: dict[str, Summary] = {}
    found: dict[str, Summary] = {}
    for docname, ref in refs.items():
        if ref.kind == KIND_LISTING:
            continue
        summary = known.get(ref.digest)
        if summary is None and made:
            summary = made.get(ref.digest)
        if summary is None:
            record = load(docname)
            summary = Summary.of(record_terms(record, lang, seen), record.date, record.tags)
        kept[ref.digest] = found[docname] = summary
    if kept.keys() != known.keys():
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps((key, kept), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    return found


def _kind(app: Sphinx, docname: str) -> str:
    env = app.env
    if "jekyll" in env.domains:

        domain = get_domain(env)
        if docname in domain.listings:
            return KIND_LISTING
        if docname in domain.posts:
            return KIND_POST

    try:
        if is_generated(env.doc2path(docname)):
            return KIND_LISTING
    except (OSError, ValueError):
        pass
    return KIND_PAGE


#: folder (in the doctree folder) of the pickled records, one file a page
RECORDS_DIR = "jekyll_search_ko"


@dataclass(frozen=True)
class RecordRef:
    """What the environment keeps of a record: its kind and digest.  The
    record itself (the page's text: most of an environment's size) is in its
    own file, read only when the index is written again."""

    kind: str
    digest: str


def record_path(doctreedir: str | Path, docname: str) -> Path:
    name = hashlib.sha1(docname.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return Path(doctreedir, RECORDS_DIR, f"{name}.pickle")


def save_record(doctreedir: str | Path, docname: str, record: DocRecord) -> None:
    path = record_path(doctreedir, docname)
    data = pickle.dumps((docname, record), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def load_record(doctreedir: str | Path, docname: str, ref: RecordRef) -> DocRecord:
    with record_path(doctreedir, docname).open("rb") as f:
        stored, record = pickle.load(f)
    if stored != docname or record.digest != ref.digest:  # pragma: no cover - a stale file
        raise RuntimeError(f"search record of {docname} is out of date; rebuild with -E")
    return record


class SearchRecords(EnvironmentCollector):
    """Keeps ``env.jekyll_search_docs``: docname → :class:`RecordRef`; the
    records themselves are files in the doctree folder (:func:`save_record`)."""

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        # after the post header (400) and sessions (700) are in the doctree
        app.disconnect(self.listener_ids["doctree-read"])
        self.listener_ids["doctree-read"] = app.connect(
            "doctree-read", self.process_doc, priority=900
        )

    @staticmethod
    def docs(env: BuildEnvironment) -> dict[str, RecordRef]:
        if not hasattr(env, "jekyll_search_docs"):
            env.jekyll_search_docs = {}  # type: ignore[attr-defined]
        return env.jekyll_search_docs  # type: ignore[attr-defined]

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.docs(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        theirs = self.docs(other)
        mine = self.docs(env)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:

        if not uses_korean_search(app):
            return
        env = app.env
        docname = env.docname
        kind = _kind(app, docname)
        if kind == KIND_LISTING:
            record = DocRecord(title="", kind=kind, digest="listing")
        elif kind == KIND_POST:

            post = get_domain(env).posts[docname]
            record = make_record(
                doctree,
                kind=kind,
                date=post.meta.date.strftime("%Y-%m-%d"),
                tags=tuple(post.meta.tags),
                categories=tuple(post.meta.categories),
                title=post.title,
            )
        else:
            record = make_record(doctree, kind=kind)
        if kind != KIND_LISTING:
            save_record(app.doctreedir, docname, record)
        self.docs(env)[docname] = RecordRef(kind, record.digest)
