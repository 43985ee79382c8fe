/*
 * Korean-aware query side for Sphinx's searchtools.js.
 *
 * The index (built by jekyll_book.search_ko) holds morphemes: "쿠버네티스",
 * "배포", "추천", "시스템", "추천시스템", Latin words stemmed as English.
 * Readers type words with particles and endings ("쿠버네티스를",
 * "배포하다"), glued compounds ("에러버짓") or mixed scripts ("kafka를").
 * Each query word is therefore normalised against the index itself: a
 * particle is only stripped when what remains is indexed, so no list of
 * Korean grammar has to be complete.
 *
 * Pages are ranked by the SUM of the evidence for each query word, weighted
 * by rarity (IDF) and by where it was found (title > heading > body), so a
 * page that matches every word beats one that matches the rarest word only.
 *
 * Works as a CommonJS module (node tests) and as a plain script inlined in
 * language_data.js, where it defines the global KoreanSearch.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KoreanSearch = factory();
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  const HANGUL = /[\uac00-\ud7a3]/;
  const SCRIPT_RUNS = /[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g;
  const ASCII = /^[\x00-\x7f]+$/;

  // Particles, copulas and verb endings, tried longest first.  A suffix is
  // only removed when the rest of the word resolves, so extra entries cost
  // nothing and recursion composes them (서비스들을 = 서비스 + 들 + 을).
  const SUFFIXES = [
    ...("이 가 을 를 은 는 의 에 와 과 도 만 로 엔 나 랑 야 요 다 고 며 면 서 " +
      "게 지 기 어 아 여 자 죠 네 든 인").split(" "),
    ...("에서 에게 한테 께서 으로 부터 까지 보다 처럼 마다 조차 밖에 이나 이랑 하고 " +
      "에선 이라 라고 이란 란 이며 이고 이다 이지 이든 이야 예요 이요 께 보단 만큼 " +
      "대로 으로서 로서 으로써 로써 에게서 한테서 같이 마저 뿐 이라도 라도").split(" "),
    ...("에서는 에서도 에서의 으로는 으로도 으로의 로는 로도 로의 에는 에도 에의 " +
      "와는 과는 와의 과의 와도 과도 까지는 까지도 부터는 만은 만을 만이 이라는 라는 " +
      "이라고 입니다 이었다 였다 이에요 이었고 이므로").split(" "),
    ...("하다 한다 했다 하였다 합니다 했습니다 하는 한 할 함 하고 하며 하면 하여 해 " +
      "해서 했고 했던 하던 하기 하게 하지 하려면 하려고 하자 하세요 해요 했어요 " +
      "하는데 하도록 하면서 할까 하는지 하기가 하기는 하기를 하기에 시키다 시킨 " +
      "시키는 시켜 시킬 되다 된다 됐다 되었다 됩니다 되는 된 될 됨 되고 되며 되면 " +
      "되어 돼 돼서 되지 되기 되도록 적 적인 적으로 적이 적은 들 스러운 스럽게 " +
      "었다 았다 였다 었 았 는다 습니다 니다 어서 아서 으면 으며 도록 던 세요 " +
      "어요 아요 었던 았던 는지 는데 으니 니까 려면 려고 으려면 으려고").split(" "),
  ]
    .filter((s, i, all) => s && all.indexOf(s) === i)
    .sort((a, b) => b.length - a.length);

  // Final consonants a verb ending can leave on the stem's last syllable:
  // 빠른 = 빠르 + ㄴ, 만든 = 만들 + ㄴ (ㄹ drops before ㄴ), 쓸 = 쓰 + ㄹ.
  const JONG_N = 4;
  const JONG_L = 8;
  const ENDING_CODAS = [JONG_N, JONG_L, 16 /* ㅁ */, 17 /* ㅂ */];

  const WEIGHTS = { body: 1, heading: 2, title: 3, partial: 0.4 };
  // Any query word is enough to list a page, so a common word can match
  // most of a large site; past this many, results are noise, and each one
  // listed makes searchtools.js fetch that page for its summary.
  const MAX_RESULTS = 100;
  const MAX_DEPTH = 3;
  const MIN_PART = 2; // syllables in a compound part: 1 would match noise

  /** A stemmer object with stemWord(), as searchtools.js expects. */
  function makeStemmer(EnglishStemmer) {
    return function Stemmer() {
      const english = EnglishStemmer ? new EnglishStemmer() : null;
      this.stemWord = (word) =>
        english && ASCII.test(word) ? english.stemWord(word) : word;
    };
  }

  /** Sphinx's default query splitter (Unicode letters, numbers, _). */
  function splitQuery(query) {
    return query
      .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
      .filter((term) => term);
  }

  const asList = (files) =>
    files === undefined ? [] : typeof files === "number" ? [files] : files;

  /** Read-only helpers over a Sphinx searchindex object. */
  class IndexView {
    constructor(index, glossary) {
      this.index = index;
      this.terms = index.terms || {};
      this.titleTerms = index.titleterms || {};
      this.docCount = (index.docnames || []).length;
      this.synonyms = buildSynonyms(glossary || []);
      this._keys = null;
      this.resolved = new Map();
      this.partial = new Map();
    }

    has(term) {
      return (
        Object.prototype.hasOwnProperty.call(this.terms, term) ||
        Object.prototype.hasOwnProperty.call(this.titleTerms, term)
      );
    }

    /** True if the term, or one of its glossary synonyms, is indexed. */
    known(term) {
      return this.has(term) || this.alternatives(term).length > 0;
    }

    /** Indexed spellings of a term: itself and its glossary synonyms. */
    alternatives(term) {
      const alts = [term, ...(this.synonyms.get(term) || [])];
      return alts.filter((alt, i) => alts.indexOf(alt) === i && this.has(alt));
    }

    bodyDocs(term) {
      return Object.prototype.hasOwnProperty.call(this.terms, term)
        ? asList(this.terms[term])
        : [];
    }

    titleDocs(term) {
      return Object.prototype.hasOwnProperty.call(this.titleTerms, term)
        ? asList(this.titleTerms[term])
        : [];
    }

    /** Every indexed term, for substring matching (built on first use). */
    keys() {
      if (!this._keys)
        this._keys = [
          ...new Set([...Object.keys(this.terms), ...Object.keys(this.titleTerms)]),
        ];
      return this._keys;
    }
  }

  function buildSynonyms(groups) {
    const synonyms = new Map();
    for (const group of groups)
      for (const term of group) {
        const set = synonyms.get(term) || new Set();
        group.forEach((other) => other !== term && set.add(other));
        synonyms.set(term, set);
      }
    return new Map([...synonyms].map(([term, set]) => [term, [...set]]));
  }

  /**
   * Index terms for one query word, or null if it cannot be resolved
   * exactly.  Several terms mean several concepts (a split compound).
   */
  function resolve(word, view, stem, depth = 0) {
    // Query words arrive stemmed; Latin cut out of a mixed word does not.
    if (depth > 0 && !HANGUL.test(word)) word = stem(word);
    if (view.known(word)) return [word];
    if (depth >= MAX_DEPTH || !HANGUL.test(word)) return null;
    // Suffixes and splits recurse; remembering answers keeps a long word
    // at a few dozen index look-ups.
    const key = depth + ":" + word;
    if (!view.resolved.has(key))
      view.resolved.set(
        key,
        stripSuffix(word, view, stem, depth) ||
          stripCoda(word, view) ||
          splitScripts(word, view, stem, depth) ||
          splitCompound(word, view, stem, depth),
      );
    return view.resolved.get(key);
  }

  function stripSuffix(word, view, stem, depth) {
    for (const suffix of SUFFIXES) {
      if (word.length <= suffix.length || !word.endsWith(suffix)) continue;
      const head = resolve(word.slice(0, -suffix.length), view, stem, depth + 1);
      if (head) return head;
    }
    return null;
  }

  function stripCoda(word, view) {
    const last = word.charCodeAt(word.length - 1) - 0xac00;
    const coda = last % 28;
    if (word.length < 2 || !ENDING_CODAS.includes(coda)) return null;
    const open = String.fromCharCode(0xac00 + last - coda);
    const stem = word.slice(0, -1) + open;
    if (view.known(stem)) return [stem];
    // ㄹ-irregular verbs lose their ㄹ before ㄴ: 만든 → 만들
    if (coda === JONG_N) {
      const withL = word.slice(0, -1) + String.fromCharCode(0xac00 + last - coda + JONG_L);
      if (view.known(withL)) return [withL];
    }
    return null;
  }

  /** "kafka를" → kafka; "몽고db에서" → 몽고, db.  Bare particles drop out. */
  function splitScripts(word, view, stem, depth) {
    const runs = word.match(SCRIPT_RUNS);
    if (runs.length < 2) return null;
    const found = [];
    runs.forEach((run, i) => {
      const terms = resolve(run, view, stem, depth + 1);
      if (terms) found.push(...terms);
      // a trailing Hangul run that resolves to nothing is a particle
      else if (!(i === runs.length - 1 && HANGUL.test(run)) && !/^\d+$/.test(run))
        found.push(null);
    });
    return found.length && !found.includes(null) ? found : null;
  }

  /** "에러버짓" → 에러, 버짓 when both parts are indexed (longest head first). */
  function splitCompound(word, view, stem, depth) {
    for (let i = word.length - MIN_PART; i >= MIN_PART; i--) {
      const head = word.slice(0, i);
      if (!view.known(head)) continue;
      const rest = resolve(word.slice(i), view, stem, depth + 1);
      if (rest) return [head, ...rest];
    }
    return null;
  }

  /** Index keys containing the word (less its ending), when nothing resolves. */
  function partialTerms(word, view) {
    let needle = word;
    if (HANGUL.test(needle)) {
      const suffix = SUFFIXES.find(
        (s) => needle.endsWith(s) && needle.length - s.length >= MIN_PART,
      );
      if (suffix) needle = needle.slice(0, -suffix.length);
    }
    if (needle.length < (HANGUL.test(needle) ? MIN_PART : 3)) return [];
    if (!view.partial.has(needle))
      view.partial.set(needle, view.keys().filter((key) => key.includes(needle)));
    return view.partial.get(needle);
  }

  /**
   * Query words → concepts: [{ terms: [indexed alternatives], partial }].
   * Each concept counts once in the ranking, whichever alternative matched.
   */
  function normalizeQuery(words, view, stem) {
    const concepts = [];
    const seen = new Set();
    const add = (terms, partial) => {
      const key = terms.slice().sort().join(" ");
      if (!terms.length || seen.has(key)) return;
      seen.add(key);
      concepts.push({ terms, partial });
    };
    for (const word of words) {
      const terms = resolve(word, view, stem);
      if (terms) terms.forEach((term) => add(view.alternatives(term), false));
      else add(partialTerms(word, view), true);
    }
    return concepts;
  }

  /** [fileIndex, score] pairs, best first. */
  function rank(concepts, view, excluded = []) {
    const titles = view.index.titles || [];
    const scores = new Map();
    let mass = 0;
    for (const concept of concepts) {
      const best = new Map();
      const note = (doc, weight) => best.set(doc, Math.max(best.get(doc) || 0, weight));
      for (const term of concept.terms) {
        view.bodyDocs(term).forEach((doc) => note(doc, WEIGHTS.body));
        for (const doc of view.titleDocs(term)) {
          const inTitle = String(titles[doc] || "").toLowerCase().includes(term);
          note(doc, inTitle ? WEIGHTS.title : WEIGHTS.heading);
        }
      }
      if (!best.size) continue;
      // rare words say more about a page than common ones
      const idf = Math.log(1 + view.docCount / best.size);
      const factor = concept.partial ? WEIGHTS.partial : 1;
      mass += idf;
      for (const [doc, weight] of best)
        scores.set(doc, (scores.get(doc) || 0) + idf * weight * factor);
    }
    const banned = new Set();
    for (const concept of excluded)
      for (const term of concept.terms) {
        view.bodyDocs(term).forEach((doc) => banned.add(doc));
        view.titleDocs(term).forEach((doc) => banned.add(doc));
      }
    const n = view.docCount || 1;
    return [...scores]
      .filter(([doc]) => !banned.has(doc))
      .map(([doc, score]) => [
        doc,
        // 10 = every word found in the body of a page; equal evidence is
        // ordered newest first (post names start with their date) instead
        // of alphabetically by title
        (10 * score) / mass + (doc + 1) / (n + 1) / 1000,
      ])
      .sort((a, b) => b[1] - a[1]);
  }

  // One view per loaded index: its key list and resolved words are reused
  // by every later query (searchindex.js never changes under a page).
  const views = new WeakMap();
  function viewOf(index, glossary) {
    let view = views.get(index);
    if (!view || view.glossary !== glossary) {
      view = new IndexView(index, glossary);
      view.glossary = glossary;
      views.set(index, view);
    }
    return view;
  }

  /** Drop-in replacement for Search.performTermsSearch. */
  function performTermsSearch(index, searchTerms, excludedTerms, options = {}) {
    const view = viewOf(index, options.glossary);
    const stem = options.stem || ((w) => w);
    const concepts = normalizeQuery([...searchTerms], view, stem);
    const excluded = normalizeQuery([...excludedTerms], view, stem).filter(
      (c) => !c.partial,
    );
    return rank(concepts, view, excluded).slice(0, MAX_RESULTS).map(([doc, score]) => [
      index.docnames[doc],
      index.titles[doc],
      "",
      null,
      score,
      index.filenames[doc],
      "text",
    ]);
  }

  /**
   * searchtools.js lists a title when it contains the whole query and is at
   * most twice as long.  It lower-cases every title of the site on each
   * query (the slowest part at 1,000 posts), so hand it only the titles that
   * pass, found on a cached lower-cased copy: same results, less work.
   */
  const titleCache = new WeakMap();
  function matchingTitles(index, queryLower) {
    let titles = titleCache.get(index);
    if (!titles) {
      titles = Object.entries(index.alltitles || {})
        .map(([title, found]) => [title, found, title.toLowerCase().trim()])
        .sort((a, b) => a[0].length - b[0].length);
      titleCache.set(index, titles);
    }
    const matches = {};
    for (const [title, found, lower] of titles) {
      if (title.length > 2 * queryLower.length) break; // sorted by length
      if (lower.includes(queryLower)) matches[title] = found;
    }
    return matches;
  }

  /** Replace the full-text part of Sphinx's Search object. */
  function install(Search, options = {}) {
    if (Search.__koreanSearch) return;
    Search.__koreanSearch = true;
    const performSearch = Search._performSearch;
    Search._performSearch = (query, ...rest) => {
      const index = Search._index;
      if (!index) return performSearch(query, ...rest);
      const allTitles = index.alltitles;
      index.alltitles = matchingTitles(index, query.toLowerCase().trim());
      try {
        return performSearch(query, ...rest);
      } finally {
        index.alltitles = allTitles;
      }
    };
    // Words reach us already lower-cased and stemmed by searchtools.js;
    // stem() is only needed for Latin runs split out of mixed words.
    const StemmerClass = typeof Stemmer !== "undefined" ? Stemmer : null;
    const stemmer = StemmerClass ? new StemmerClass() : null;
    const stem = (w) => (stemmer ? stemmer.stemWord(w) : w);
    Search.performTermsSearch = (searchTerms, excludedTerms) =>
      performTermsSearch(Search._index, searchTerms, excludedTerms, {
        glossary: options.glossary,
        stem,
      });
  }

  return {
    SUFFIXES,
    WEIGHTS,
    MAX_RESULTS,
    IndexView,
    makeStemmer,
    splitQuery,
    resolve,
    normalizeQuery,
    rank,
    performTermsSearch,
    matchingTitles,
    install,
  };
});
