"""The chunked search index: small ``<script>`` files loaded on demand.

Everything here is a pure function of the page records (:mod:`.records`), so
a parallel or incremental build writes byte-for-byte what a clean build
writes.  Files, all under ``_static/search-ko/`` and each one a script that
stores its data in ``self.KOREAN_SEARCH_DATA[name]`` (so ``file://`` works,
where ``fetch`` is blocked):

``index``
    what every query needs first: page count, shard counts, glossary.
``v<N>``
    vocabulary shards: every index term, by the hash of its first UTF-16
    unit, with the file holding its entries; also the tags and categories
    whose name starts with that character (the "태그: … · N개 글" line).
``p<N>``, ``t<N>``
    entries (page, section, weight) of the terms, as base-32 differences
    (:func:`encode`): a frequent term has its own ``t`` file, the rest
    share hash buckets ``p``.
``d<N>``
    one page: title, address, date, tags and its sections' text (snippets
    and sub-results come from here, never from fetching the page).
``f``
    every page's date and tags (by number), for the year/tag filters and date sort;
    loaded after the first results unless a filter is on.

The hash (FNV-1a over UTF-16 code units) is the one in ``search_page.js``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jekyll_book.search_ko.records import KIND_LISTING, DocRecord, Summary, Terms

#: version of the files' layout, read by search_page.js
FORMAT = 2
FOLDER = "_static/search-ko"
GLOBAL = "KOREAN_SEARCH_DATA"


@dataclass(frozen=True)
class ChunkSizes:
    """Target sizes (bytes) of the shards; ``single()`` puts everything in one file each."""

    vocab: int = 4_000
    bucket: int = 12_000
    own: int = 3_000  # a term whose entries pass this has its own file

    @classmethod
    def single(cls) -> ChunkSizes:
        return cls(vocab=1 << 62, bucket=1 << 62, own=1 << 62)


@dataclass(frozen=True)
class Label:
    kind: str  # "tag" | "category"
    name: str
    url: str
    count: int


def _units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def fnv1a(units: list[int]) -> int:
    """32-bit FNV-1a of UTF-16 code units (what JS ``charCodeAt`` sees)."""
    h = 0x811C9DC5
    for unit in units:
        h ^= unit
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(term: str, shards: int) -> int:
    """Vocabulary shard: by the term's first UTF-16 unit, so every word a
    query word can be cut into (a suffix stripped, a compound split) has its
    shard known from the characters of the query."""
    return fnv1a(_units(term)[:1]) % shards


def bucket_of(term: str, buckets: int) -> int:
    return fnv1a(_units(term)) % buckets


def script(name: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f'(self.{GLOBAL}=self.{GLOBAL}||{{}})["{name}"]={payload};\n'


def postings(pages: list[dict[str, tuple[int, ...]]]) -> dict[str, list[int]]:
    """term → sorted entries ``doc * 256 + section * 4 + weight``, from each
    page's own postings (:func:`.records.page_postings`) in page order."""
    found: dict[str, list[int]] = {}
    get = found.get
    for doc, own in enumerate(pages):
        base = doc * 256
        for term, entries in own.items():
            row = get(term)
            if row is None:
                found[term] = row = []
            if len(entries) == 1:
                row.append(base + entries[0])
            else:
                row.extend([base + e for e in entries])
    return dict(sorted(found.items()))


#: digits of :func:`encode`: the first 32 continue a number, the last 32 end it
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


#: the digits of every difference below 1,024 (nearly all of them)
_SHORT = [DIGITS[32 + d] for d in range(32)] + [
    DIGITS[d >> 5] + DIGITS[32 + (d & 31)] for d in range(32, 1024)
]


def encode(entries: list[int]) -> str:
    """Sorted entries as base-32 digits of their differences: one or two
    characters an entry, where JSON numbers and commas took three or four."""
    out, last = [], 0
    short = _SHORT
    for value in entries:
        step, last = value - last, value
        if step < 1024:
            out.append(short[step])
            continue
        digits = []
        while True:
            digits.append(step & 31)
            step >>= 5
            if not step:
                break
        digits.reverse()
        out.extend(DIGITS[d] for d in digits[:-1])
        out.append(DIGITS[32 + digits[-1]])
    return "".join(out)


def doc_script(number: int, docname: str, record: DocRecord, url: str) -> str:
    """``d<number>.js``: one page's title, address, date, tags and sections' text."""
    return script(
        f"d{number}",
        {
            "n": docname,
            "t": record.title,
            "u": url,
            "k": record.kind,
            "d": record.date,
            "g": list(record.tags),
            "c": list(record.categories),
            "s": [[s.anchor, s.title, s.text] for s in record.sections],
        },
    )


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def build_files(
    records: dict[str, DocRecord],
    url_of: Callable[[str], str],
    labels: Iterable[Label] = (),
    glossary: list[list[str]] | None = None,
    sizes: ChunkSizes = ChunkSizes(),
) -> dict[str, str]:
    """file name (relative to :data:`FOLDER`) → text."""
    docs = sorted((d, r) for d, r in records.items() if r.kind != KIND_LISTING)
    files = {f"d{n}.js": doc_script(n, d, r, url_of(d)) for n, (d, r) in enumerate(docs)}
    hashes = {name: text_hash(text) for name, text in files.items()}
    pages = [Summary.of(record_summary_terms(r), r.date, r.tags) for _, r in docs]
    files.update(shared_files(pages, hashes, labels, glossary, sizes))
    return files


def record_summary_terms(record: DocRecord) -> Terms:
    """The terms of a record whose terms are already found (tests' records)."""
    return (
        tuple(record.title_terms),
        tuple((tuple(s.heading_terms), tuple(s.body_terms)) for s in record.sections),
    )


def shared_files(
    docs: list[Summary],
    doc_hashes: dict[str, str],
    labels: Iterable[Label] = (),
    glossary: list[list[str]] | None = None,
    sizes: ChunkSizes = ChunkSizes(),
) -> dict[str, str]:
    """Every file but the pages' own (``d<N>``), from the pages' terms, dates
    and tags (in docname order; their text is not needed) and the hashes of
    the ``d<N>`` files (for the version that busts browser caches)."""
    terms = postings([page.postings for page in docs])
    encoded = {t: encode(e) for t, e in terms.items()}

    own = [t for t, text in encoded.items() if len(text) > sizes.own]
    own_id = {t: i for i, t in enumerate(own)}
    rest_bytes = sum(len(t.encode()) + 6 + len(encoded[t]) for t in encoded if t not in own_id)
    buckets = max(1, math.ceil(rest_bytes / sizes.bucket))
    labels = sorted(labels, key=lambda lb: (lb.kind, lb.name))
    label_rows = [[lb.kind, lb.name, lb.url, lb.count] for lb in labels]
    vocab_bytes = sum(len(t.encode()) + 5 for t in terms) + sum(
        len(json.dumps(row, ensure_ascii=False).encode()) + 1 for row in label_rows
    )
    shards = max(1, math.ceil(vocab_bytes / sizes.vocab))

    files: dict[str, str] = {}
    bucket_data: list[dict[str, str]] = [{} for _ in range(buckets)]
    shard_data: list[dict[str, object]] = [{"w": {}, "l": []} for _ in range(shards)]
    for term, text in encoded.items():
        shard = shard_data[shard_of(term, shards)]
        if term in own_id:
            shard["w"][term] = own_id[term] + 1  # type: ignore[index]
            files[f"t{own_id[term]}.js"] = script(f"t{own_id[term]}", text)
        else:
            shard["w"][term] = 0  # type: ignore[index]
            bucket_data[bucket_of(term, buckets)][term] = text
    for label, row in zip(labels, label_rows, strict=True):
        shard_data[shard_of(label.name.lower(), shards)]["l"].append(row)  # type: ignore[union-attr]
    for i, data in enumerate(bucket_data):
        files[f"p{i}.js"] = script(f"p{i}", data)
    for i, data in enumerate(shard_data):
        files[f"v{i}.js"] = script(f"v{i}", data)
    tag_names = sorted({t for r in docs for t in r.tags})
    tag_id = {t: i for i, t in enumerate(tag_names)}
    files["f.js"] = script(
        "f",
        {
            "d": [int(r.date.replace("-", "") or 0) for r in docs],
            "t": tag_names,
            "g": [[tag_id[t] for t in r.tags] for r in docs],
        },
    )
    hashes = {**doc_hashes, **{name: text_hash(text) for name, text in files.items()}}
    digest = hashlib.sha1()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\0".encode())
    files["index.js"] = script(
        "index",
        {
            "format": FORMAT,
            "docs": len(docs),
            "shards": shards,
            "buckets": buckets,
            "glossary": glossary or [],
            "version": digest.hexdigest()[:12],
        },
    )
    return files
