"""Korean word → index terms, with kiwipiepy or (without it) a particle stripper.

Sphinx hands the search language one *eojeol* at a time ("쿠버네티스를",
"추천시스템은"); the index must hold what a reader types: the content
morphemes ("쿠버네티스"; "추천", "시스템", "추천시스템"), never the word with
its particle.  Analysis is expensive (Kiwi needs ~1.5 s of CPU before its
first answer, then ~30 µs per word), so each distinct word is analysed once
and memoised (also on disk, between builds), and callers batch the words of
a whole document into one :meth:`Analyser.prime` call.
"""

from __future__ import annotations

import functools
import importlib.util
import pickle
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SCRIPT_RUNS = re.compile(r"[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+")

#: Bump when the terms produced for a word change: it is part of the
#: search options, so a new value makes Sphinx re-index every page.
ANALYSER_VERSION = "1"

# Kiwi tags whose morphemes carry meaning a reader searches for.  Bound
# nouns (NNB: 것, 수), pronouns, numerals and function morphemes are left out.
_NOUNS = frozenset({"NNG", "NNP", "SL", "SH", "XR"})
_VERBS = frozenset({"VV", "VA"})
# Derivational affixes glue onto the noun run: 무효+화 → 무효화, 비+동기 → 비동기.
_AFFIXES = frozenset({"XSN", "XPN"})
# ...except the plural 들 and the honorific 님, which add nothing a reader types.
_UNJOINED_AFFIXES = frozenset({"들", "님"})
# Suffixes and copulas that end the noun part of an eojeol.
_TAIL = frozenset({"XSV", "XSA", "VCP", "VCN"})
# Adverbs/determiners/interjections glued to a noun mean Kiwi misread it.
_STRAY = frozenset({"MAG", "MAJ", "MM", "IC"})

#: Particles, copulas and 하다/되다 endings the fallback strips, longest first.
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        {
            *"이 가 을 를 은 는 의 에 와 과 도 만 로 엔".split(),
            *"에서 에게 한테 께서 으로 부터 까지 보다 처럼 마다 조차 밖에 이나 이랑".split(),
            *"에서는 에서도 에서의 으로는 으로도 으로의 로는 로도 로의 에는 에도 에의".split(),
            *"와는 과는 와의 과의 까지는 부터는 만은 만을 만이 에선 이라는 라는".split(),
            *"이라고 라고 이란 란 이며 이고 이다 입니다 이었다 였다 인".split(),
            *"들 들은 들을 들이 들의 들과 들도 들에 들에서 들로".split(),
            *"하다 한다 했다 하였다 합니다 했습니다 하는 한 할 하고 하며 하면 하여 해서".split(),
            *"하기 하게 하지 하려면 되다 된다 됐다 되었다 됩니다 되는 된 될 되고 되어 돼".split(),
        },
        key=lambda s: (-len(s), s),
    )
)


def _script_runs(word: str) -> list[str]:
    """Split where Hangul meets anything else: "MSA로" → ["MSA", "로"]."""
    return _SCRIPT_RUNS.findall(word)


def strip_particle(word: str) -> str:
    """Drop the longest known particle/ending, keeping at least two syllables."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def rule_terms(word: str) -> tuple[str, ...]:
    """Index terms for *word* without a morphological analyser.

    Particles attach at the end of an eojeol, so only the last Hangul run is
    stripped; a Hangul run that is nothing but a particle ("kafka를") is
    dropped, and a word mixing scripts is also indexed whole ("몽고db").
    """
    runs = _script_runs(word)
    last = runs[-1]
    if HANGUL.match(last):
        if len(runs) > 1 and last in PARTICLES:
            runs = runs[:-1]
        else:
            runs[-1] = strip_particle(last)
    runs = [r for r in runs if not r.isdigit()]
    terms = dict.fromkeys(runs)
    if len(runs) > 1:
        terms["".join(runs)] = None
    return tuple(terms)


def _misread_noun(word: str, tokens: Sequence[tuple[str, str, int, int]]) -> str | None:
    """The noun as written when Kiwi cut an unknown one into stray pieces.

    Loanwords missing from the dictionary come out as 샤/NNG + 딩/MAG; the
    text before the particle ("샤딩") is then the best term there is.
    """
    end, noun, stray = len(word), False, False
    for _, tag, start, _ in tokens:
        tag = tag.partition("-")[0]
        if tag.startswith(("J", "E")) or tag in _TAIL:
            end = start
            break
        if tag in _VERBS or tag == "VX":
            return None
        noun = noun or tag in _NOUNS
        stray = stray or tag in _STRAY
    head = word[:end]
    return head if noun and stray and len(head) >= 2 else None


def terms_from_tokens(word: str, tokens: Sequence[tuple[str, str, int, int]]) -> tuple[str, ...]:
    """Index terms of one eojeol from its Kiwi tokens ``(form, tag, start, end)``.

    Adjacent nouns form a run that is indexed as parts and as a whole
    (추천+시스템 → 추천, 시스템, 추천시스템) so that readers find the compound
    whether they type it glued or spaced.  Latin and digits keep the spelling
    of the source (Kiwi splits "k8s" into k/8/s).
    """
    if misread := _misread_noun(word, tokens):
        return (misread,)
    terms: dict[str, None] = {}
    run: list[tuple[str, str]] = []  # (text, tag) of the current noun run

    def flush() -> None:
        # Counts at the edges ("3단계", "2024년") make keys nobody types.
        while run and run[0][1] == "SN":
            run.pop(0)
        while run and run[-1][1] == "SN":
            run.pop()
        parts = [text for text, tag in run if tag in _NOUNS]
        for text in parts:
            terms[text] = None
        if parts and len(run) > 1:
            terms["".join(text for text, _ in run)] = None
        run.clear()

    for form, tag, start, end in _merge_latin(word, tokens):
        tag = tag.partition("-")[0]  # VV-I, VA-R: irregular conjugation marks
        if tag in _NOUNS or tag == "SN":
            run.append((form, tag))
        elif tag in _AFFIXES and form not in _UNJOINED_AFFIXES and (run or tag == "XPN"):
            run.append((form, tag))
        else:
            flush()
            if tag in _VERBS and len(form) >= 2:
                terms[form] = None
    flush()
    return tuple(terms)


def _merge_latin(
    word: str, tokens: Sequence[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """Re-join Latin/digit tokens that touch, using the source spelling."""
    merged: list[tuple[str, str, int, int]] = []
    for form, tag, start, end in tokens:
        if tag in ("SL", "SN"):
            if merged and merged[-1][1] in ("SL", "SN") and merged[-1][3] == start:
                _, prev_tag, prev_start, _ = merged.pop()
                tag = "SL" if "SL" in (tag, prev_tag) else "SN"
                start = prev_start
            form = word[start:end]
        merged.append((form, tag, start, end))
    return merged


class Analyser:
    """Memoised word → terms; subclasses analyse a batch of new words."""

    name = "rules"
    #: distinct words kept; a large site has ~10⁵, each entry is small
    max_words = 300_000

    def __init__(self) -> None:
        self._memo: dict[str, tuple[str, ...]] = {}
        self._stored = 0  # memo entries already on disk

    @property
    def memo_key(self) -> tuple[str, ...]:
        """What the memo depends on: a stored memo with another key is stale."""
        return (ANALYSER_VERSION, self.name)

    def load_memo(self, path: Path) -> None:
        """Reuse the analyses of an earlier build (a missing/stale file is ignored)."""
        try:
            with path.open("rb") as f:
                key, memo = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return
        if key == self.memo_key and isinstance(memo, dict):
            self._memo = {**memo, **self._memo}
            self._stored = len(self._memo)

    def save_memo(self, path: Path) -> None:
        """Store the memo if it grew, so the next build can skip loading Kiwi."""
        if len(self._memo) == self._stored and path.exists():
            return
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump((self.memo_key, self._memo), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        self._stored = len(self._memo)

    @property
    def memo(self) -> Mapping[str, tuple[str, ...]]:
        """The words analysed so far, with their terms (read-only)."""
        return self._memo

    def memo_mark(self) -> int:
        """A position in the memo, for :meth:`memo_since` (parallel writes)."""
        return len(self._memo)

    def memo_since(self, mark: int) -> dict[str, tuple[str, ...]]:
        """The analyses added after ``mark`` (all of them if the memo was reset)."""
        items = list(self._memo.items())
        return dict(items[mark:] if mark <= len(items) else items)

    def memo_merge(self, memo: dict[str, tuple[str, ...]]) -> None:
        """Keep analyses made by another process (a parallel write worker)."""
        self._memo.update(memo)

    def warm_up(self) -> None:
        """Get ready to analyse, if no word was ever analysed (a first build)."""

    def terms(self, word: str) -> tuple[str, ...]:
        if word not in self._memo:
            self.prime((word,))
        return self._memo[word]

    def prime(self, words: Iterable[str]) -> None:
        """Analyse, in one batch, the words not seen before."""
        new = [w for w in dict.fromkeys(words) if w not in self._memo]
        if not new:
            return
        if len(self._memo) + len(new) > self.max_words:
            self._memo.clear()  # rare: a cold cache only costs time
            self._stored = -1
        self._memo.update(zip(new, self._analyse(new), strict=True))

    def _analyse(self, words: list[str]) -> list[tuple[str, ...]]:
        return [rule_terms(w) for w in words]


class KiwiAnalyser(Analyser):
    """kiwipiepy with the model shipped by the kiwipiepy_model package."""

    name = "kiwi"

    def __init__(self, user_words: Sequence[str] = ()) -> None:
        super().__init__()
        self._user_words = tuple(user_words)
        self._kiwi = None

    @property
    def memo_key(self) -> tuple[str, ...]:
        models = (version("kiwipiepy"), version("kiwipiepy_model"))
        return (*super().memo_key, *models, *self._user_words)

    def _load(self):
        from kiwipiepy import Kiwi

        # One thread (Sphinx parallelises by process) and only the model's
        # core dictionary: the typo, multi-word and default (Wikipedia
        # nouns) dictionaries double the ~1.5 s start-up, and on tech posts
        # the default one misreads more loanwords (오프셋의 → 오프) than it fixes.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # num_workers=0 changed meaning in 0.21
            kiwi = Kiwi(
                num_workers=0,
                load_default_dict=False,
                load_typo_dict=False,
                load_multi_dict=False,
            )
        for word in self._user_words:
            kiwi.add_user_word(word, "NNP")
        return kiwi

    def warm_up(self) -> None:
        # Kiwi spends ~1 s loading and ~1 s more on its first analysis; in a
        # first build every page has new words, so the first page written
        # would wait for it with the other cores idle.
        if self._kiwi is None and not self._memo:
            self._kiwi = self._load()
            self._kiwi.tokenize("준비")

    def _analyse(self, words: list[str]) -> list[tuple[str, ...]]:
        if self._kiwi is None:
            self._kiwi = self._load()
        # Each word is analysed on its own (~80 µs a word), so its terms never
        # depend on its neighbours or on which page was read first: an
        # incremental build indexes exactly what a clean build does.
        result = []
        for word in words:
            toks: list[tuple[str, str, int, int]] = []
            for t in self._kiwi.tokenize(word):
                toks.extend(_split_unknown_noun(t.form, t.tag, t.start, t.len, t.oov))
            result.append(terms_from_tokens(word, toks) if toks else rule_terms(word))
        return result


def _split_unknown_noun(
    form: str, tag: str, start: int, length: int, oov: bool
) -> list[tuple[str, str, int, int]]:
    """Kiwi's token, with a particle cut off an unknown noun.

    Alone, an unknown loanword keeps its particle ("버짓과는" → 버짓과/NNG +
    는); with neighbours Kiwi would have cut it.  Words are analysed alone
    (for incremental = clean), so the rule-based stripper cuts it instead.
    """
    stem = strip_particle(form) if oov and tag.startswith("NN") else form
    if stem == form:
        return [(form, tag, start, start + length)]
    cut = start + len(stem)
    return [(stem, tag, start, cut), (form[len(stem) :], "JKB", cut, start + length)]


def kiwi_available() -> bool:
    """Installed?  Checked without importing: a cached rebuild never needs it."""
    try:
        return all(importlib.util.find_spec(m) for m in ("kiwipiepy", "kiwipiepy_model"))
    except (ImportError, ValueError):  # sys.modules[name] = None, as in tests
        return False


@functools.lru_cache(maxsize=4)
def get_analyser(user_words: tuple[str, ...] = (), use_kiwi: bool = True) -> Analyser:
    """One analyser per process and dictionary: the Kiwi model loads once."""
    if use_kiwi and kiwi_available():
        return KiwiAnalyser(user_words)
    return Analyser()
