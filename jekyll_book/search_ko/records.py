"""What the search index knows of a page, collected when the page is read.

One :class:`DocRecord` per page, kept by :class:`SearchRecords` (an
EnvironmentCollector: purged and merged per document, so ``-j auto`` and
incremental builds hold exactly what a clean build holds).  A record holds the
page's sections as plain text and, per section, the index terms found in its
heading and body: the chunked index (:mod:`.chunks`) is made from the records
alone, and the search page shows titles, dates, tags and snippets from them
without fetching any page.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .language import SearchKorean, analyser_for, uses_korean_search

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
#: env attribute: words analysed while reading (sent back by parallel readers)
_NEW_WORDS = "_jekyll_search_new_words"


@dataclass
class Section:
    """A top-level section of a page (a post's talk); the first is the intro."""

    anchor: str
    title: str
    text: str = ""
    heading_terms: tuple[str, ...] = ()
    body_terms: tuple[str, ...] = ()


@dataclass
class DocRecord:
    title: str
    kind: str
    date: str = ""  # YYYY-MM-DD for posts
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    title_terms: tuple[str, ...] = ()
    sections: list[Section] = field(default_factory=list)
    digest: str = ""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


class _TextCollector(nodes.SparseNodeVisitor):
    """Plain text of a section, without nested-section headings' markup."""

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        self.parts: list[str] = []
        self.headings: list[str] = []

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, (nodes.comment, nodes.raw, nodes.system_message, addnodes.toctree)):
            raise nodes.SkipNode
        if isinstance(node, nodes.substitution_definition):
            raise nodes.SkipNode
        if isinstance(node, nodes.Element) and _SKIP_CLASSES.intersection(node["classes"]):
            raise nodes.SkipNode
        if isinstance(node, nodes.title):
            self.headings.append(node.astext())
        if isinstance(node, nodes.Text):
            self.parts.append(node.astext())
        elif isinstance(node, (nodes.paragraph, nodes.title, nodes.literal_block, nodes.list_item)):
            self.parts.append(" ")

    def dispatch_departure(self, node: nodes.Node) -> None:
        if isinstance(node, (nodes.paragraph, nodes.title, nodes.literal_block, nodes.list_item)):
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


_LANGS: dict[str, SearchKorean] = {}


def _language(options: dict[str, str]) -> SearchKorean:
    key = repr(sorted(options.items()))
    lang = _LANGS.get(key)
    # the analyser is one per process (get_analyser), unless its cache was
    # cleared: then this language must use the new one, as Sphinx's does
    if lang is None or lang.analyser is not analyser_for(options):
        lang = _LANGS[key] = SearchKorean(options)
    return lang


def index_terms(lang: Any, text: str) -> tuple[str, ...]:
    """Distinct index terms of ``text``, filtered and stemmed as Sphinx's IndexBuilder does."""
    found: dict[str, None] = {}
    for word in lang.split(text):
        stemmed = lang.stem(word).lower()
        if not lang.word_filter(stemmed) and lang.word_filter(word):
            stemmed = word
        if lang.word_filter(stemmed):
            found[stemmed] = None
    return tuple(found)


def make_record(
    doctree: nodes.document,
    lang: Any,
    *,
    kind: str,
    date: str = "",
    tags: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    title: str | None = None,
) -> DocRecord:
    found_title, parts = split_sections(doctree)
    title = _clean(title) if title else found_title
    sections = []
    labels = " ".join((*tags, *categories))
    for i, (anchor, heading, text, nested) in enumerate(parts):
        heads = " ".join(nested if i == 0 else [heading, *nested])
        body = text if i else f"{text} {labels}"
        sections.append(
            Section(
                anchor=anchor,
                title=heading,
                text=text,
                heading_terms=index_terms(lang, heads),
                body_terms=index_terms(lang, body),
            )
        )
    record = DocRecord(
        title=title,
        kind=kind,
        date=date,
        tags=tags,
        categories=categories,
        title_terms=index_terms(lang, title),
        sections=sections,
    )
    record.digest = hashlib.sha1(pickle.dumps(record, protocol=4)).hexdigest()
    return record


def _kind(app: Sphinx, docname: str) -> str:
    env = app.env
    if "jekyll" in env.domains:
        from ..posts import get_domain

        domain = get_domain(env)
        if docname in domain.listings:
            return KIND_LISTING
        if docname in domain.posts:
            return KIND_POST
    from ..generate import _is_generated

    try:
        if _is_generated(env.doc2path(docname)):
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


def load_records(doctreedir: str | Path, refs: dict[str, RecordRef]) -> dict[str, DocRecord]:
    """The records of ``refs`` (listing pages need none: they are not indexed)."""
    records: dict[str, DocRecord] = {}
    for docname, ref in refs.items():
        if ref.kind == KIND_LISTING:
            records[docname] = DocRecord(title="", kind=KIND_LISTING)
            continue
        with record_path(doctreedir, docname).open("rb") as f:
            stored, record = pickle.load(f)
        if stored != docname or record.digest != ref.digest:  # pragma: no cover - a stale file
            raise RuntimeError(f"search record of {docname} is out of date; rebuild with -E")
        records[docname] = record
    return records


class SearchRecords(EnvironmentCollector):
    """Keeps ``env.jekyll_search_docs``: docname → :class:`RecordRef`; the
    records themselves are files in the doctree folder (:func:`save_record`)."""

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        self.listener_ids["env-updated"] = app.connect("env-updated", self.forget_new_words)
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
        # words a parallel reader analysed: the search index (fed later in
        # this process or in write workers forked from it) need not analyse
        # them again
        words = getattr(other, _NEW_WORDS, None)
        if words:
            _language(app.config.html_search_options).analyser.memo_merge(words)

    @staticmethod
    def forget_new_words(app: Sphinx, env: BuildEnvironment) -> list[str]:
        env.__dict__.pop(_NEW_WORDS, None)  # not part of the pickled environment
        return []

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:

        if not uses_korean_search(app):
            return
        env = app.env
        docname = env.docname
        kind = _kind(app, docname)
        lang = _language(app.config.html_search_options)
        before = len(lang.analyser.memo)
        if kind == KIND_LISTING:
            record = DocRecord(title="", kind=kind, digest="listing")
        elif kind == KIND_POST:
            from ..posts import get_domain

            post = get_domain(env).posts[docname]
            record = make_record(
                doctree,
                lang,
                kind=kind,
                date=post.meta.date.strftime("%Y-%m-%d"),
                tags=tuple(post.meta.tags),
                categories=tuple(post.meta.categories),
                title=post.title,
            )
        else:
            record = make_record(doctree, lang, kind=kind)
        if kind != KIND_LISTING:
            save_record(app.doctreedir, docname, record)
        self.docs(env)[docname] = RecordRef(kind, record.digest)
        memo = lang.analyser.memo
        added = len(memo) - before
        if added > 0:  # the newest entries of the (insertion-ordered) memo
            new = env.__dict__.setdefault(_NEW_WORDS, {})
            for word, terms in itertools.islice(reversed(memo.items()), added):
                new[word] = terms
