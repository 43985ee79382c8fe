/*
 * Run queries through a built site's own searchtools.js + language_data.js +
 * searchindex.js in node, exactly as the search page would, minus the DOM.
 *
 *   node searchtools_runner.js HTML_DIR QUERIES.json [REPEAT]
 *
 * QUERIES.json is a JSON list of query strings.  Prints one JSON object:
 * {"results": [{"query", "docnames": [...ranked, unique], "count", "ms"}]}.
 * "ms" is the mean time of Search._parseQuery + Search._performSearch over
 * REPEAT runs after the first; "firstMs" is the first run of that query.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

function loadSearch(htmlDir) {
  const element = () => ({
    appendChild: (child) => child,
    classList: { add() {} },
    dataset: {},
    setAttribute() {},
    removeChild() {},
  });
  const context = {
    console,
    URLSearchParams,
    setTimeout: () => 0,
    DOCUMENTATION_OPTIONS: {
      BUILDER: "html",
      FILE_SUFFIX: ".html",
      LINK_SUFFIX: ".html",
      SHOW_SEARCH_SUMMARY: false,
    },
    SPHINX_HIGHLIGHT_ENABLED: false,
    Documentation: { gettext: (s) => s, ngettext: (s) => s },
    _: (s) => s,
    _ready: () => {}, // the page would call Search.init; we query directly
    document: {
      getElementById: () => null,
      createElement: element,
      querySelectorAll: () => [],
      addEventListener() {},
      documentElement: { dataset: {} },
      body: element(),
    },
    localStorage: { setItem() {}, getItem: () => null },
  };
  context.window = context;
  vm.createContext(context);
  const run = (file) =>
    vm.runInContext(fs.readFileSync(path.join(htmlDir, file), "utf8"), context, {
      filename: file,
    });
  // the order of the search page: searchtools, language data, then the index
  run("_static/searchtools.js");
  run("_static/language_data.js");
  run("searchindex.js");
  return (query) =>
    vm.runInContext(
      `(() => {
        const parsed = Search._parseQuery(${JSON.stringify(query)});
        return Search._performSearch(...parsed);
      })()`,
      context,
    );
}

function main() {
  const [htmlDir, queriesFile, repeatArg] = process.argv.slice(2);
  const repeat = Number(repeatArg || 5);
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const search = loadSearch(htmlDir);
  const results = queries.map((query) => {
    let start = process.hrtime.bigint();
    let raw = search(query); // first run: nothing of this query cached yet
    const firstMs = Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i++) raw = search(query);
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / repeat;
    // _performSearch returns the best result LAST (the page pops from the end)
    const docnames = [...new Set(raw.map((r) => r[0]).reverse())];
    return { query, docnames, count: docnames.length, ms, firstMs };
  });
  process.stdout.write(JSON.stringify({ results }));
}

if (require.main === module) main();
module.exports = { loadSearch };
