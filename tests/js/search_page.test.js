// node --test tests/js/
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const P = require(path.join(__dirname, "../../jekyll_book/search_ko/search_page.js"));

const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
function encode(list) {
  let out = "";
  let last = 0;
  for (const value of list) {
    let step = value - last;
    last = value;
    const digits = [];
    do {
      digits.unshift(step % 32);
      step = Math.floor(step / 32);
    } while (step);
    out += digits.slice(0, -1).map((d) => DIGITS[d]).join("") + DIGITS[32 + digits[digits.length - 1]];
  }
  return out;
}

/** Index files as chunks.py writes them, for docs [{title, sections: [[anchor, title, text, {term: weight}]]}]. */
function makeFiles(docs, shards = 2, buckets = 2) {
  const entries = {};
  docs.forEach((doc, d) =>
    doc.sections.forEach(([, , , terms], s) =>
      Object.entries(terms).forEach(([term, w]) => (entries[term] = entries[term] || []).push(d * 256 + s * 4 + w)),
    ),
  );
  const files = {
    index: { format: P.FORMAT, docs: docs.length, shards, buckets, glossary: [["카프카", "kafka"]], version: "x" },
  };
  for (let i = 0; i < shards; i++) files["v" + i] = { w: {}, l: [] };
  for (let i = 0; i < buckets; i++) files["p" + i] = {};
  for (const [term, list] of Object.entries(entries)) {
    list.sort((a, b) => a - b);
    files["v" + (P.fnv1a(term.charAt(0)) % shards)].w[term] = 0;
    files["p" + (P.fnv1a(term) % buckets)][term] = encode(list);
  }
  files["v" + (P.fnv1a("쿠") % shards)].l.push(["tag", "쿠버네티스", "tags/k8s.html", 2]);
  docs.forEach((doc, d) => {
    files["d" + d] = { n: "p" + d, t: doc.title, u: `p${d}.html`, k: "post", d: doc.date, g: doc.tags, c: [], s: doc.sections.map((s) => s.slice(0, 3)) };
  });
  const tags = [...new Set(docs.flatMap((doc) => doc.tags))].sort();
  files.f = {
    d: docs.map((doc) => Number(doc.date.replace(/-/g, ""))),
    t: tags,
    g: docs.map((doc) => doc.tags.map((t) => tags.indexOf(t))),
  };
  return files;
}

const DOCS = [
  {
    title: "쿠버네티스 배포기", date: "2020-01-01", tags: ["쿠버네티스"],
    sections: [
      ["", "쿠버네티스 배포기", "쿠버네티스를 처음 배포했다.", { 쿠버네티스: 3, 배포: 3 }],
      ["s1", "1. 파드", "파드를 늘렸다.", { 파드: 2 }],
      ["s2", "2. 롤백", "쿠버네티스에서 롤백했다.", { 쿠버네티스: 1, 롤백: 2 }],
    ],
  },
  {
    title: "카프카 정리", date: "2021-05-05", tags: ["kafka"],
    sections: [["", "카프카 정리", "kafka 컨슈머를 배포했다. 쿠버네티스는 안 썼다.", { kafka: 3, 컨슈머: 1, 배포: 1, 쿠버네티스: 1 }]],
  },
];

function run(query, options = {}, files = makeFiles(DOCS)) {
  const loaded = [];
  const load = async (name) => {
    loaded.push(name);
    if (!(name in files)) throw new Error("no file " + name);
    return files[name];
  };
  return P.search(query, { load, ...options }).then((found) => ({ ...found, loaded }));
}

test("entries decode from base-32 differences", () => {
  const list = [0, 5, 31, 32, 1024, 1025, 5000 * 256 + 62 * 4 + 3];
  assert.deepEqual(P.decode(encode(list)), list);
  assert.equal(encode([1, 2]), "XX");
});

test("the hash is FNV-1a over UTF-16 units", () => {
  assert.equal(P.fnv1a(""), 0x811c9dc5);
  assert.equal(P.fnv1a("a"), 0xe40c292c);
});

test("forms in the text carry the term: particles, endings, ㄹ-drop", () => {
  assert.ok(P.formMatches("쿠버네티스를", "쿠버네티스"));
  assert.ok(P.formMatches("빠른", "빠르"));
  assert.ok(P.formMatches("만든", "만들"));
  assert.ok(P.formMatches("kubernetes", "kubernet"));
  assert.ok(!P.formMatches("정현우님의", "의")); // one syllable only at the start of a word
  assert.ok(!P.formMatches("카프카", "쿠버네티스"));
});

test("a snippet is cut around the first match and marks every form in it", () => {
  const text = "가".repeat(300) + " 쿠버네티스를 옮겼다. 쿠버네티스에서 돌린다. " + "나".repeat(300);
  const s = P.snippet(text, ["쿠버네티스"]);
  assert.ok(s.before && s.after && s.found);
  assert.ok(s.text.length <= 160);
  assert.deepEqual(s.marks.map(([a, b]) => s.text.slice(a, b)), ["쿠버네티스를", "쿠버네티스에서"]);
  assert.match(P.markedHTML(s), /<mark class="ks-hit">쿠버네티스를<\/mark>/);
  assert.deepEqual(s.forms, ["쿠버네티스를", "쿠버네티스에서"]);
});

test("snippet text is escaped", () => {
  const s = P.snippet("<b>쿠버네티스</b> & co", ["쿠버네티스"]);
  assert.equal(P.markedHTML(s), '&lt;b&gt;<mark class="ks-hit">쿠버네티스</mark>&lt;/b&gt; &amp; co');
});

test("ranking: summed evidence, title over body; sections by their own evidence", async () => {
  const found = await run("쿠버네티스를 롤백");
  assert.deepEqual(found.results.map((r) => r.doc), [0, 1]);
  assert.deepEqual(found.results[0].sections.map((s) => s.sec), [2]);
  const page = P.describe(found.results[0], makeFiles(DOCS).d0, found.terms);
  assert.equal(page.sections[0].anchor, "s2");
  assert.equal(page.snippet.text, "쿠버네티스를 처음 배포했다.");
});

test("only the files a query needs are loaded", async () => {
  const files = makeFiles(DOCS, 8, 8);
  const found = await run("파드", {}, files);
  assert.deepEqual(found.results.map((r) => r.doc), [0]);
  const vocab = found.loaded.filter((n) => n[0] === "v");
  assert.ok(vocab.length < 8, found.loaded.join());
  assert.ok(!found.loaded.includes("f") && !found.loaded.some((n) => n[0] === "d"));
});

test("glossary synonyms, exclusions and unknown words", async () => {
  assert.deepEqual((await run("카프카를")).results.map((r) => r.doc), [1]);
  assert.deepEqual((await run("배포 -kafka")).results.map((r) => r.doc), [0]);
  assert.deepEqual((await run("없는낱말")).results, []);
});

test("a query naming a tag gets its line", async () => {
  assert.deepEqual((await run("쿠버네티스")).labels, [{ kind: "tag", name: "쿠버네티스", url: "tags/k8s.html", count: 2 }]);
  assert.deepEqual((await run("배포")).labels, []);
});

test("filters by year and tag, sort by date", async () => {
  assert.deepEqual((await run("배포", { year: "2021" })).results.map((r) => r.doc), [1]);
  assert.deepEqual((await run("배포", { tag: "쿠버네티스" })).results.map((r) => r.doc), [0]);
  assert.deepEqual((await run("배포", { sort: "date" })).results.map((r) => r.doc), [1, 0]);
  const files = makeFiles(DOCS);
  const facets = P.facetsOf((await run("배포")).results, files.f);
  assert.deepEqual(facets.years, [["2021", 1], ["2020", 1]]);
});
