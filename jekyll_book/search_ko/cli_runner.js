/*
 * Run a built site's own search in node, as its search page does.
 *
 *   node cli_runner.js HTML_DIR QUERIES.json [OPTIONS.json]
 *
 * Loads HTML_DIR/_static/language_data.js (korean_search.js, search_page.js,
 * the stemmer and the stop words, exactly as shipped) into a sandbox, reads
 * the index files of HTML_DIR/_static/search-ko/ the way the page loads them
 * (one file per name, on demand) and prints one JSON object:
 * {"results": [{query, labels, total, items: [...], files, bytesBeforeFirst,
 * bytesTotal, ms}]}.  OPTIONS: {limit, year, tag, sort, repeat}.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

function loadSite(htmlDir) {
  const context = { console, URLSearchParams, window: {} };
  context.self = context;
  context.window = context;
  vm.createContext(context);
  const file = path.join(htmlDir, "_static", "language_data.js");
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  if (!context.KoreanSearchPage)
    throw new Error(`${file} has no KoreanSearchPage: was the site built with jekyll_book.search_ko?`);
  const folder = path.join(htmlDir, "_static", "search-ko");
  const sizes = new Map();
  const load = async (name) => {
    const source = path.join(folder, name + ".js");
    const text = fs.readFileSync(source, "utf8");
    sizes.set(name, Buffer.byteLength(text));
    vm.runInContext(text, context, { filename: source });
    return context.KOREAN_SEARCH_DATA[name];
  };
  const stemmer = new context.Stemmer();
  return {
    page: context.KoreanSearchPage,
    load,
    sizes,
    stem: (w) => stemmer.stemWord(w),
    stopwords: new Set(context.stopwords || []),
  };
}

async function runQuery(site, query, options) {
  const { page } = site;
  const started = process.hrtime.bigint();
  const store = new page.Store(site.load);
  const found = await page.search(query, {
    store,
    stem: site.stem,
    stopwords: site.stopwords,
    year: options.year,
    tag: options.tag,
    sort: options.sort,
  });
  const limit = options.limit || 10;
  const top = found.results.slice(0, limit);
  // the page shows the first result as soon as its page file is in
  let beforeFirst = null;
  if (top.length) {
    await store.need(["d" + top[0].doc]);
    beforeFirst = store.order.slice();
  }
  await store.need(top.map((r) => "d" + r.doc));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const items = top.map((r) => {
    const item = page.describe(r, store.get("d" + r.doc), found.terms);
    return {
      docname: item.docname,
      url: item.url,
      title: item.title,
      date: item.date,
      tags: item.tags,
      score: item.score,
      snippet: page.markedHTML(item.snippet).replace(/<mark class="ks-hit">/g, "[").replace(/<\/mark>/g, "]"),
      forms: item.forms,
      sections: item.sections.map((s) => ({ anchor: s.anchor, title: s.title, score: s.score })),
    };
  });
  const bytes = (names) => names.reduce((sum, n) => sum + (site.sizes.get(n) || 0), 0);
  return {
    query,
    labels: found.labels,
    total: found.results.length,
    ranking: found.results.map((r) => [r.doc, r.score]),
    items,
    files: store.order.slice(),
    bytesBeforeFirst: beforeFirst ? bytes(beforeFirst) : bytes(store.order),
    bytesTotal: bytes(store.order),
    ms,
  };
}

async function main() {
  const [htmlDir, queriesFile, optionsFile] = process.argv.slice(2);
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const options = optionsFile ? JSON.parse(fs.readFileSync(optionsFile, "utf8")) : {};
  const site = loadSite(htmlDir);
  const results = [];
  for (const query of queries) results.push(await runQuery(site, query, options));
  process.stdout.write(JSON.stringify({ results }));
}

if (require.main === module)
  main().catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
    process.exit(1);
  });
module.exports = { loadSite, runQuery };
