/*
 * The search page's engine over the chunked index (jekyll_book.search_ko.chunks).
 *
 * Query words are normalised by korean_search.js exactly as before (particles,
 * endings, compounds, glossary synonyms); what changed is where the index
 * lives: small <script> files, loaded only when a query needs them, so the
 * page works from file:// (no fetch) and a large site does not load its whole
 * index before the first result.  Results are posts and pages (listing pages
 * are not in the index), each with its date, tags, a snippet around the first
 * match with the matched forms marked, and up to 3 matched sections.
 *
 * The same file runs in node (python -m jekyll_book search): give search() a
 * loader that reads the files.  Works as a CommonJS module and as a plain
 * script inlined in language_data.js (global KoreanSearchPage).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports)
    module.exports = factory(require("./korean_search.js"));
  else root.KoreanSearchPage = factory(root.KoreanSearch);
})(typeof globalThis !== "undefined" ? globalThis : this, function (KS) {
  "use strict";

  const DATA = "KOREAN_SEARCH_DATA";
  const FORMAT = 2;
  const MAX_RESULTS = KS.MAX_RESULTS;
  const PAGE_SIZE = 20;
  const MAX_SECTIONS = 3;
  const SNIPPET = 160;
  const SUB_SNIPPET = 80;
  const MAX_PASSES = 6;
  const WORD = /[\p{Letter}\p{Number}_]+/gu;
  const JONG_N = 4;
  const JONG_L = 8;
  const CODAS = [4, 8, 16, 17];
  const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

  /** 32-bit FNV-1a over UTF-16 code units: chunks.py's fnv1a. */
  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  const DIGIT = new Map(
    [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"].map((c, i) => [c, i]),
  );

  /** chunks.py's encode(): base-32 digits of the differences; the last 32 digits end a number. */
  function decode(text) {
    const out = [];
    let value = 0;
    let step = 0;
    for (const c of text) {
      const d = DIGIT.get(c);
      if (d < 32) step = step * 32 + d;
      else {
        value += step * 32 + d - 32;
        out.push(value);
        step = 0;
      }
    }
    return out;
  }

  /** Loaded files by name; ``load(name)`` resolves to the file's data. */
  class Store {
    constructor(load) {
      this.load = load;
      this.files = new Map();
      this.order = []; // names in the order they arrived
    }
    get(name) {
      return this.files.get(name);
    }
    async need(names) {
      const missing = [...new Set(names)].filter((n) => !this.files.has(n));
      const found = await Promise.all(missing.map((n) => this.load(n)));
      missing.forEach((name, i) => {
        this.files.set(name, found[i]);
        this.order.push(name);
      });
    }
  }

  /** korean_search.js's IndexView over the vocabulary shards that are loaded. */
  class ChunkView {
    constructor(index, store) {
      this.index = index;
      this.store = store;
      this.docCount = index.docs;
      this.synonyms = new Map();
      for (const group of index.glossary || [])
        for (const term of group)
          this.synonyms.set(term, [
            ...new Set([...(this.synonyms.get(term) || []), ...group.filter((t) => t !== term)]),
          ]);
      this.missing = new Set();
      this.resolved = new Map();
      this.partial = new Map();
      this.entries = new Map();
      this._keys = null;
    }
    shardName(term) {
      return "v" + (fnv1a(term.charAt(0)) % this.index.shards);
    }
    shard(term) {
      const name = this.shardName(term);
      const shard = this.store.get(name);
      if (!shard) this.missing.add(name);
      return shard;
    }
    has(term) {
      const shard = this.shard(term);
      return !!shard && has(shard.w, term);
    }
    known(term) {
      return this.has(term) || this.alternatives(term).length > 0;
    }
    alternatives(term) {
      const alts = [term, ...(this.synonyms.get(term) || [])];
      return alts.filter((alt, i) => alts.indexOf(alt) === i && this.has(alt));
    }
    keys() {
      if (this._keys) return this._keys;
      const names = [];
      for (let i = 0; i < this.index.shards; i++) names.push("v" + i);
      const absent = names.filter((n) => !this.store.get(n));
      // substring matches are the last resort: first load the shards the
      // words themselves need, then every shard only if a word is still unknown
      if (this.missing.size) return [];
      if (absent.length) {
        absent.forEach((n) => this.missing.add(n));
        return [];
      }
      this._keys = [...new Set(names.flatMap((n) => Object.keys(this.store.get(n).w)))];
      return this._keys;
    }
    fileOf(term) {
      const own = this.store.get(this.shardName(term)).w[term];
      return own > 0 ? "t" + (own - 1) : "p" + (fnv1a(term) % this.index.buckets);
    }
    /** Entries doc * 256 + section * 4 + weight of an indexed term (its file loaded). */
    entriesOf(term) {
      if (!this.has(term)) return [];
      let out = this.entries.get(term);
      if (!out) {
        const file = this.fileOf(term);
        const data = this.store.get(file);
        out = decode(file[0] === "t" ? data : data[term] || "");
        this.entries.set(term, out);
      }
      return out;
    }
    /** Tags and categories named exactly ``key`` (lower-cased). */
    labels(key) {
      const shard = this.store.get(this.shardName(key));
      return shard ? shard.l.filter((l) => l[1].toLowerCase() === key) : [];
    }
  }

  /** "-word" excludes; digits and stop words are dropped, as searchtools.js does. */
  function parseQuery(query, stem, stopwords) {
    const words = [];
    const excluded = [];
    for (const token of String(query).normalize("NFC").trim().split(/\s+/)) {
      const out = token.startsWith("-") ? excluded : words;
      for (const part of KS.splitQuery(token.replace(/^-/, ""))) {
        const lower = part.toLowerCase();
        if (/^\d+$/.test(lower) || (stopwords && stopwords.has(lower))) continue;
        const word = stem(lower);
        if (!out.includes(word)) out.push(word);
      }
    }
    return { words, excluded };
  }

  /** Normalise the query, loading vocabulary shards until nothing is missing. */
  async function concepts(view, store, words, excludedWords, stem) {
    for (let pass = 0; ; pass++) {
      view.missing.clear();
      view.resolved.clear();
      view.partial.clear();
      const found = KS.normalizeQuery(words, view, stem);
      const excluded = KS.normalizeQuery(excludedWords, view, stem).filter((c) => !c.partial);
      if (!view.missing.size || pass >= MAX_PASSES) return { found, excluded };
      await store.need([...view.missing]);
    }
  }

  /**
   * Pages ranked by the summed, IDF-weighted evidence of each concept
   * (korean_search.js's rank), and each page's sections by their own.
   */
  function rank(view, found, excluded) {
    const n = view.docCount || 1;
    const scores = new Map();
    const sections = new Map();
    let mass = 0;
    for (const concept of found) {
      const best = new Map();
      const bestSec = new Map();
      for (const term of concept.terms)
        for (const entry of view.entriesOf(term)) {
          const doc = Math.floor(entry / 256);
          const sec = Math.floor(entry / 4) % 64;
          const weight = entry % 4;
          best.set(doc, Math.max(best.get(doc) || 0, weight));
          const key = doc * 64 + sec;
          bestSec.set(key, Math.max(bestSec.get(key) || 0, weight));
        }
      if (!best.size) continue;
      const idf = Math.log(1 + n / best.size);
      const factor = concept.partial ? KS.WEIGHTS.partial : 1;
      mass += idf;
      for (const [doc, weight] of best) {
        const w = weight === 3 ? KS.WEIGHTS.title : weight === 2 ? KS.WEIGHTS.heading : 1;
        scores.set(doc, (scores.get(doc) || 0) + idf * w * factor);
      }
      for (const [key, weight] of bestSec) {
        const w = weight === 3 ? KS.WEIGHTS.title : weight === 2 ? KS.WEIGHTS.heading : 1;
        const doc = Math.floor(key / 64);
        const per = sections.get(doc) || new Map();
        per.set(key % 64, (per.get(key % 64) || 0) + idf * w * factor);
        sections.set(doc, per);
      }
    }
    const banned = new Set();
    for (const concept of excluded)
      for (const term of concept.terms)
        view.entriesOf(term).forEach((e) => banned.add(Math.floor(e / 256)));
    return [...scores]
      .filter(([doc]) => !banned.has(doc))
      .map(([doc, score]) => ({
        doc,
        // 10 = every word found in the body; equal evidence: newest first
        score: (10 * score) / mass + (doc + 1) / (n + 1) / 1000,
        sections: [...(sections.get(doc) || [])]
          .filter(([sec]) => sec > 0)
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, MAX_SECTIONS)
          .map(([sec, s]) => ({ sec, score: s })),
      }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Does a word of the text carry the index term (쿠버네티스를 ∋ 쿠버네티스, 빠른 ← 빠르)? */
  function formMatches(token, term) {
    if (!term) return false;
    const code = term.charCodeAt(term.length - 1) - 0xac00;
    // one syllable inside a word is mostly a particle (의, 이): only a word
    // that starts with it carries it
    if (term.length === 1 && code >= 0 && code <= 11171) return token.startsWith(term);
    if (token.includes(term)) return true;
    if (term.length < 2 || code < 0 || code > 11171) return false;
    const head = term.slice(0, -1);
    const coda = code % 28;
    const open = code - coda;
    const forms = [];
    if (coda === 0) CODAS.forEach((c) => forms.push(head + String.fromCharCode(0xac00 + open + c)));
    if (coda === JONG_L) {
      forms.push(head + String.fromCharCode(0xac00 + open));
      forms.push(head + String.fromCharCode(0xac00 + open + JONG_N));
    }
    return forms.some((f) => token.includes(f));
  }

  /** [start, end) of every word of ``text`` that carries one of ``terms``. */
  function matches(text, terms) {
    const out = [];
    if (!terms.length) return out;
    for (const m of text.matchAll(WORD)) {
      const lower = m[0].toLowerCase();
      if (terms.some((t) => formMatches(lower, t))) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  /** About ``width`` characters around the first match: {text, marks, forms}. */
  function snippet(text, terms, width = SNIPPET) {
    const all = matches(text, terms);
    const first = all.length ? all[0][0] : 0;
    let start = Math.max(0, first - Math.floor(width / 3));
    if (start > 0) {
      const space = text.lastIndexOf(" ", start);
      start = space >= 0 && first - space < width / 2 ? space + 1 : start;
    }
    let end = Math.min(text.length, start + width);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > first + 1 && space > start + width / 2) end = space;
    }
    const marks = all
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]) => [s - start, e - start]);
    return {
      text: text.slice(start, end),
      marks,
      before: start > 0,
      after: end < text.length,
      found: all.length > 0,
      forms: [...new Set(all.map(([s, e]) => text.slice(s, e)))],
    };
  }

  const termsOf = (found) =>
    found.flatMap((c) => (c.partial ? c.terms.slice(0, 30) : c.terms));

  /** A ranked result with its page's data: what the page and the CLI show. */
  function describe(result, page, terms) {
    const sections = page.s;
    let snip = null;
    for (const [, , text] of sections) {
      const s = snippet(text, terms);
      if (s.found) {
        snip = s;
        break;
      }
    }
    if (!snip) snip = snippet(sections.map((s) => s[2]).join(" "), terms);
    const forms = new Set();
    sections.forEach(([, , text]) => matches(text, terms).forEach(([s, e]) => forms.add(text.slice(s, e))));
    return {
      docname: page.n,
      url: page.u,
      title: page.t,
      kind: page.k,
      date: page.d,
      tags: page.g,
      score: result.score,
      snippet: snip,
      forms: [...forms].slice(0, 12),
      sections: result.sections.map(({ sec, score }) => {
        const [anchor, title, text] = sections[sec];
        return { anchor, title, score, snippet: snippet(text, terms, SUB_SNIPPET) };
      }),
    };
  }

  function labelsFor(view, query, words) {
    const keys = new Set([String(query).normalize("NFC").trim().toLowerCase()]);
    for (const token of String(query).normalize("NFC").toLowerCase().split(/\s+/)) {
      if (!token) continue;
      keys.add(token);
      const suffix = KS.SUFFIXES.find((s) => token.endsWith(s) && token.length > s.length);
      if (suffix) keys.add(token.slice(0, -suffix.length));
    }
    words.forEach((w) => keys.add(w));
    const out = [];
    const seen = new Set();
    for (const key of keys)
      for (const label of view.labels(key)) {
        const id = label[0] + "\0" + label[1];
        if (!seen.has(id)) {
          seen.add(id);
          out.push({ kind: label[0], name: label[1], url: label[2], count: label[3] });
        }
      }
    return out;
  }

  /**
   * Run a query.  options: {load, stem, stopwords, year, tag, sort}.
   * Resolves to {results (ranked, filtered), labels, terms, store, view}.
   */
  async function search(query, options) {
    const store = options.store || new Store(options.load);
    await store.need(["index"]);
    const index = store.get("index");
    if (!index || index.format !== FORMAT) throw new Error("search index format " + (index && index.format));
    const view = options.view || new ChunkView(index, store);
    const stem = options.stem || ((w) => w);
    const { words, excluded: excludedWords } = parseQuery(query, stem, options.stopwords);
    const { found, excluded } = await concepts(view, store, words, excludedWords, stem);
    const terms = [...found, ...excluded].flatMap((c) => c.terms).filter((t) => view.has(t));
    await store.need(terms.map((t) => view.fileOf(t)));
    let results = rank(view, found, excluded).slice(0, options.all ? undefined : MAX_RESULTS);
    if (options.year || options.tag || options.sort === "date") {
      await store.need(["f"]);
      results = applyFacets(results, store.get("f"), options);
    }
    return {
      results,
      labels: labelsFor(view, query, words),
      terms: termsOf(found),
      words,
      store,
      view,
    };
  }

  function applyFacets(results, facets, { year, tag, sort }) {
    const wanted = tag ? String(tag).toLowerCase() : "";
    let out = results.filter(
      ({ doc }) =>
        (!year || String(facets.d[doc]).slice(0, 4) === String(year)) &&
        (!wanted || facets.g[doc].some((t) => facets.t[t].toLowerCase() === wanted)),
    );
    if (sort === "date") out = out.slice().sort((a, b) => facets.d[b.doc] - facets.d[a.doc] || b.score - a.score);
    return out;
  }

  /** Years and tags of the matched pages, most frequent tags first (for the filters). */
  function facetsOf(results, facets) {
    const years = new Map();
    const tags = new Map();
    for (const { doc } of results) {
      const y = facets.d[doc] ? String(facets.d[doc]).slice(0, 4) : "";
      if (y) years.set(y, (years.get(y) || 0) + 1);
      for (const t of facets.g[doc]) tags.set(facets.t[t], (tags.get(facets.t[t]) || 0) + 1);
    }
    return {
      years: [...years].sort((a, b) => b[0].localeCompare(a[0])),
      tags: [...tags].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    };
  }

  // -- the search page ---------------------------------------------------------

  const escapeHTML = (s) =>
    String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  function markedHTML(snip) {
    let html = "";
    let at = 0;
    for (const [s, e] of snip.marks) {
      html += escapeHTML(snip.text.slice(at, s)) + '<mark class="ks-hit">' + escapeHTML(snip.text.slice(s, e)) + "</mark>";
      at = e;
    }
    html += escapeHTML(snip.text.slice(at));
    return (snip.before ? "… " : "") + html + (snip.after ? " …" : "");
  }

  /** The result's address: matched forms to highlight on arrival, then the anchor. */
  function href(urlRoot, item, anchor) {
    const q = item.forms.length ? "?highlight=" + encodeURIComponent(item.forms.join(" ")) : "";
    return urlRoot + item.url + q + (anchor ? "#" + anchor : "");
  }

  function resultHTML(urlRoot, item) {
    const meta = [];
    if (item.date) meta.push('<span class="ks-date">' + escapeHTML(item.date) + "</span>");
    if (item.tags.length)
      meta.push('<span class="ks-tags">' + item.tags.map((t) => '<span class="ks-tag">' + escapeHTML(t) + "</span>").join(" ") + "</span>");
    const subs = item.sections.length
      ? '<ul class="ks-sections">' +
        item.sections
          .map(
            (s) =>
              '<li><a class="ks-section" href="' + escapeHTML(href(urlRoot, item, s.anchor)) + '">' +
              escapeHTML(item.title) + " › " + escapeHTML(s.title) + "</a>" +
              (s.snippet.found ? '<p class="ks-section-snippet">' + markedHTML(s.snippet) + "</p>" : "") +
              "</li>",
          )
          .join("") +
        "</ul>"
      : "";
    return (
      '<a class="ks-title" href="' + escapeHTML(href(urlRoot, item, "")) + '">' + escapeHTML(item.title || item.docname) + "</a>" +
      (meta.length ? '<p class="ks-meta">' + meta.join(" · ") + "</p>" : "") +
      '<p class="ks-snippet">' + markedHTML(item.snippet) + "</p>" +
      subs
    );
  }

  const LABEL_KIND = { tag: "태그", category: "카테고리" };

  /** Load a data file with a <script> tag (works from file://, where fetch is blocked). */
  function scriptLoader(base, version) {
    return (name) =>
      new Promise((resolve, reject) => {
        const store = (self[DATA] = self[DATA] || {});
        if (has(store, name)) return resolve(store[name]);
        const tag = document.createElement("script");
        tag.src = base + name + ".js" + (version && name !== "index" ? "?v=" + version : "");
        tag.onload = () => (has(store, name) ? resolve(store[name]) : reject(new Error("검색 색인 파일이 비어 있습니다: " + name)));
        tag.onerror = () => reject(new Error("검색 색인 파일을 읽지 못했습니다: " + name));
        document.head.appendChild(tag);
      });
  }

  /** Take over the search page of Sphinx's searchtools.js. */
  function installPage(Search, env) {
    if (Search.__koreanSearchPage) return;
    Search.__koreanSearchPage = true;
    const sphinxSearch = Search.performSearch;
    Search.performSearch = (query) => {
      // index.js comes after this script: look for it when a query runs
      const data = self[DATA];
      if (!data || !data.index || !document.getElementById("search-results")) {
        if (env.fallback) env.fallback();
        return sphinxSearch(query);
      }
      runPage(query, env).catch((err) => {
        const box = document.getElementById("search-results");
        if (box) box.insertAdjacentHTML("beforeend", '<p class="ks-error">검색하지 못했습니다: ' + escapeHTML(err.message) + "</p>");
        self.KOREAN_SEARCH_STATS = { error: String(err) };
      });
    };
  }

  async function runPage(query, env) {
    const started = performance.now();
    const params = new URLSearchParams(window.location.search);
    const opts = { year: params.get("year") || "", tag: params.get("tag") || "", sort: params.get("sort") === "date" ? "date" : "" };
    const box = document.getElementById("search-results");
    box.innerHTML =
      '<h2 class="ks-heading">검색 결과</h2>' +
      '<form class="ks-controls" role="search"></form>' +
      '<p class="ks-labels"></p>' +
      '<p class="search-summary ks-summary">검색 중…</p>' +
      '<ul class="search ks-results"></ul>';
    const [controls, labelsBox, summary, list] = ["ks-controls", "ks-labels", "ks-summary", "ks-results"].map((c) => box.querySelector("." + c));
    let version = "";
    const load = (name) => scriptLoader(env.base, version)(name);
    const store = new Store(load);
    await store.need(["index"]);
    version = store.get("index").version;
    const stopwords = typeof env.stopwords !== "undefined" ? new Set(env.stopwords) : null;
    const found = await search(query, { store, stem: env.stem, stopwords, ...opts });
    const urlRoot = env.urlRoot;
    labelsBox.innerHTML = found.labels
      .map((l) => '<a class="ks-label" href="' + escapeHTML(urlRoot + l.url) + '">' + LABEL_KIND[l.kind] + ": " + escapeHTML(l.name) + "</a> · " + l.count + "개 글")
      .join("<br>");
    if (!found.labels.length) labelsBox.remove();
    const stats = (self.KOREAN_SEARCH_STATS = { query, results: found.results.length, files: [] });
    let shown = 0;
    const more = document.createElement("button");
    more.type = "button";
    more.className = "ks-more";
    more.textContent = "결과 더 보기";
    const showMore = async () => {
      const slice = found.results.slice(shown, shown + PAGE_SIZE);
      shown += slice.length;
      for (let i = 0; i < slice.length; i++) {
        // the first result is shown as soon as its page data arrives
        if (i === 0) await store.need(["d" + slice[0].doc]);
        else if (i === 1) await store.need(slice.slice(1).map((r) => "d" + r.doc));
        const item = describe(slice[i], store.get("d" + slice[i].doc), found.terms);
        const li = document.createElement("li");
        li.className = "ks-result kind-" + item.kind;
        li.innerHTML = resultHTML(urlRoot, item);
        list.appendChild(li);
        if (!stats.firstResultMs) {
          stats.firstResultMs = performance.now() - started;
          stats.filesBeforeFirst = store.order.slice();
        }
      }
      if (shown < found.results.length) list.after(more);
      else more.remove();
    };
    more.addEventListener("click", showMore);
    summary.textContent = found.results.length
      ? "검색을 마쳤습니다. 검색어와 일치하는 문서 " + found.results.length + "개를 찾았습니다."
      : "검색어와 일치하는 문서가 없습니다. 낱말의 맞춤법을 확인하거나 다른 낱말로 찾아 보세요.";
    await showMore();
    stats.doneMs = performance.now() - started;
    stats.files = store.order.slice();
    // filters and sort: from the matched pages' dates and tags
    await store.need(["f"]);
    const unfiltered = opts.year || opts.tag ? (await search(query, { store, view: found.view, stem: env.stem, stopwords })).results : found.results;
    renderControls(controls, query, opts, facetsOf(unfiltered, store.get("f")));
    stats.ready = true;
  }

  function renderControls(form, query, opts, facets) {
    const option = (value, label, selected) =>
      '<option value="' + escapeHTML(value) + '"' + (selected ? " selected" : "") + ">" + escapeHTML(label) + "</option>";
    form.innerHTML =
      '<input type="hidden" name="q" value="' + escapeHTML(query) + '">' +
      '<label>연도 <select name="year" class="ks-year">' + option("", "전체", !opts.year) +
      facets.years.map(([y, n]) => option(y, y + "년 (" + n + ")", y === opts.year)).join("") + "</select></label> " +
      '<label>태그 <select name="tag" class="ks-tag-filter">' + option("", "전체", !opts.tag) +
      facets.tags.slice(0, 50).map(([t, n]) => option(t, t + " (" + n + ")", t.toLowerCase() === opts.tag.toLowerCase())).join("") + "</select></label> " +
      '<label>정렬 <select name="sort" class="ks-sort">' + option("", "관련도순", opts.sort !== "date") + option("date", "최신순", opts.sort === "date") + "</select></label>";
    form.querySelectorAll("select").forEach((select) =>
      select.addEventListener("change", () => {
        const params = new URLSearchParams();
        new FormData(form).forEach((value, key) => value && params.set(key, value));
        window.location.search = params.toString();
      }),
    );
  }

  return {
    FORMAT,
    fnv1a,
    decode,
    Store,
    ChunkView,
    parseQuery,
    rank,
    formMatches,
    matches,
    snippet,
    describe,
    search,
    applyFacets,
    facetsOf,
    markedHTML,
    installPage,
    scriptLoader,
  };
});
