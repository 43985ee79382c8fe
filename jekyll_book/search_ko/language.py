"""The Korean search language: what goes into searchindex.js and language_data.js."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import snowballstemmer
from sphinx import package_dir
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

from jekyll_book.search_ko.analyser import ANALYSER_VERSION, HANGUL, Analyser, get_analyser
from jekyll_book.search_ko.glossary import Glossary

#: ``html_search_options`` keys set by :func:`jekyll_book.search_ko.setup_search`
GLOSSARY_OPTION = "jekyll_glossary"
ANALYSER_OPTION = "jekyll_analyser"

# Words so common in Korean prose that they only add noise and index size.
KOREAN_STOPWORDS = frozenset(
    "것 수 등 때 중 곳 데 바 뿐 듯 및 또 또는 그리고 그러나 하지만 그래서 "
    "이 그 저 이것 그것 저것 여기 거기 우리 저희 나 너 제 내 좀 더 잘 안 못".split()
)

_JS_DIR = Path(__file__).parent
_STEMMER_JS = Path(package_dir, "search", "minified-js")

# language_data.js is loaded after searchtools.js by the basic, pydata and
# book themes, so Search usually exists; if a theme loads it first, the
# query splitter (called at query time, when Search exists) installs us.
_INSTALL_JS = """
var Stemmer = KoreanSearch.makeStemmer(EnglishStemmer);
(function () {
  var options = { glossary: %s };
  // the search page runs KoreanSearchPage over the chunked index of
  // _static/search-ko/ (its index.js stands where searchindex.js stood);
  // Sphinx's own search remains for a page without it
  if (typeof Search !== "undefined") {
    KoreanSearch.install(Search, options);
    if (typeof document !== "undefined") {
      var root = document.documentElement.dataset.content_root || "";
      var stemmer = new Stemmer();
      KoreanSearchPage.installPage(Search, {
        base: root + "_static/search-ko/",
        urlRoot: root,
        stem: function (w) { return stemmer.stemWord(w); },
        stopwords: typeof stopwords !== "undefined" ? stopwords : [],
        fallback: function () { Search.loadIndex(root + "searchindex.js"); },
      });
      // Highlight on arrival: sphinx_highlight.js leaves a page alone when
      // Search exists, and pydata-sphinx-theme loads searchtools.js on every page
      document.addEventListener("DOMContentLoaded", function () {
        if (!document.getElementById("search-results") && typeof SphinxHighlight !== "undefined")
          SphinxHighlight.highlightSearchWords();
      });
    }
    return;
  }
  window.splitQuery = function (query) {
    if (typeof Search !== "undefined") KoreanSearch.install(Search, options);
    return KoreanSearch.splitQuery(query);
  };
})();
"""


class SearchKorean(SearchLanguage):
    """Indexes morphemes (쿠버네티스를 → 쿠버네티스) and Latin words as English does."""

    lang = "ko"
    language_name = "Korean"
    stopwords = KOREAN_STOPWORDS | SearchEnglish.stopwords

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.glossary = Glossary.from_option(options.get(GLOSSARY_OPTION, ""))
        self.analyser = analyser_for(options)
        self._english = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        words = self._word_re.findall(input)
        if not HANGUL.search(input):
            return words
        analyser = self.analyser
        memo = analyser.memo  # called for every text of every page: one lookup a word
        analyser.prime([w for w in words if w not in memo and HANGUL.search(w)])
        terms: list[str] = []
        for word in words:
            found = memo.get(word)
            if found is not None:
                terms.extend(found)
            elif HANGUL.search(word):  # only after the memo was emptied (it is bounded)
                terms.extend(analyser.terms(word))
            else:
                terms.append(word)
        return terms

    def stem(self, word: str) -> str:
        # Latin words are stemmed exactly as Sphinx's English search does,
        # and by the same Snowball stemmer in the browser.  Sphinx memoises
        # per page; a site repeats its vocabulary on every page.
        try:
            return self._stems[word]
        except KeyError:
            lower = word.lower()
            stem = self._stems[word] = self._english.stemWord(lower) if lower.isascii() else lower
            return stem

    @cached_property
    def js_stemmer_code(self) -> str:  # type: ignore[override]
        glossary = json.dumps(self.glossary.groups(self.stem), ensure_ascii=False)
        return "\n".join((
            (_STEMMER_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_STEMMER_JS / "english-stemmer.js").read_text(encoding="utf-8"),
            (_JS_DIR / "korean_search.js").read_text(encoding="utf-8"),
            (_JS_DIR / "search_page.js").read_text(encoding="utf-8"),
            _INSTALL_JS % glossary,
        ))


def analyser_for(options: dict[str, str]) -> Analyser:
    """The (per-process) analyser that :class:`SearchKorean` uses with *options*."""
    glossary = Glossary.from_option(options.get(GLOSSARY_OPTION, ""))
    use_kiwi = not options.get(ANALYSER_OPTION, "kiwi").startswith("rules")
    return get_analyser(glossary.user_words, use_kiwi)


def search_options(glossary: Glossary, use_kiwi: bool) -> dict[str, str]:
    """The ``html_search_options`` entries that make :class:`SearchKorean`."""
    analyser = f"kiwi-{ANALYSER_VERSION}" if use_kiwi else f"rules-{ANALYSER_VERSION}"
    return {GLOSSARY_OPTION: glossary.to_option(), ANALYSER_OPTION: analyser}


def uses_korean_search(app: Any) -> bool:
    """This build writes a search index in Korean (``language = "ko"``)."""
    config = app.config
    language = config.html_search_language or config.language or ""
    is_korean = language.partition("_")[0] == SearchKorean.lang
    return is_korean and getattr(app.builder, "search", False)
