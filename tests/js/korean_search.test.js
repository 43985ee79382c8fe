// node --test tests/js/
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const MODULE = path.join(__dirname, "../../jekyll_book/search_ko/korean_search.js");
const KS = require(MODULE);

/** A searchindex-like object: docs is [{title, body: [...], titleTerms: [...]}]. */
function makeIndex(docs) {
  const terms = {};
  const titleterms = {};
  const add = (map, term, i) => {
    if (map[term] === undefined) map[term] = i;
    else map[term] = [].concat(map[term], i);
  };
  docs.forEach((doc, i) => {
    (doc.titleTerms || []).forEach((t) => add(titleterms, t, i));
    (doc.body || []).forEach((t) => add(terms, t, i));
  });
  return {
    docnames: docs.map((_, i) => `posts/doc${i}`),
    filenames: docs.map((_, i) => `posts/doc${i}.md`),
    titles: docs.map((d, i) => d.title || `문서 ${i}`),
    terms,
    titleterms,
  };
}

const INDEX = makeIndex([
  { title: "쿠버네티스 배포", titleTerms: ["쿠버네티스", "배포"], body: ["파드", "롤백"] },
  { title: "카프카 운영", titleTerms: ["kafka"], body: ["컨슈머", "오프셋", "배포"] },
  { title: "SRE 노트", body: ["에러", "버짓", "slo", "빠르", "만들"] },
  { title: "몽고DB 샤딩", titleTerms: ["몽고db", "몽고", "db", "샤딩"], body: ["샤드"] },
  { title: "추천", body: ["추천", "시스템", "추천시스템"] },
]);
const GLOSSARY = [["카프카", "kafka"], ["쿠버네티스", "kubernet", "k8s"]];
const view = () => new KS.IndexView(INDEX, GLOSSARY);
const englishStem = (w) => w.replace(/es$|s$/, ""); // enough for these tests
const resolve = (word) => KS.resolve(word, view(), englishStem);

test("an indexed word is kept as is", () => {
  assert.deepEqual(resolve("쿠버네티스"), ["쿠버네티스"]);
  assert.deepEqual(resolve("추천시스템"), ["추천시스템"]);
});

test("particles and endings are stripped only when the rest is indexed", () => {
  assert.deepEqual(resolve("쿠버네티스를"), ["쿠버네티스"]);
  assert.deepEqual(resolve("컨슈머의"), ["컨슈머"]);
  assert.deepEqual(resolve("배포했다"), ["배포"]);
  assert.deepEqual(resolve("배포하다"), ["배포"]);
  assert.deepEqual(resolve("오프셋을"), ["오프셋"]);
  // 고양이 ends in the particle 이, but 고양 is not indexed: nothing to strip to
  assert.equal(resolve("고양이"), null);
});

test("verb stems come back from conjugated forms", () => {
  assert.deepEqual(resolve("빠른"), ["빠르"]);
  assert.deepEqual(resolve("만든"), ["만들"]); // ㄹ drops before ㄴ
  assert.deepEqual(resolve("만들다"), ["만들"]);
});

test("glued compounds split into indexed parts", () => {
  assert.deepEqual(resolve("에러버짓"), ["에러", "버짓"]);
  assert.deepEqual(resolve("에러버짓을"), ["에러", "버짓"]);
});

test("Hangul/Latin boundaries split and bare particles drop", () => {
  assert.deepEqual(resolve("kafka를"), ["kafka"]);
  assert.deepEqual(resolve("몽고db에서"), ["몽고db"]);
  assert.deepEqual(resolve("slo를"), ["slo"]);
  // Latin cut out of a mixed word is stemmed like the index
  assert.deepEqual(resolve("kafkas로"), ["kafka"]);
});

test("glossary synonyms are alternatives of one concept", () => {
  const concepts = KS.normalizeQuery(["카프카를"], view(), englishStem);
  assert.equal(concepts.length, 1);
  assert.deepEqual(concepts[0].terms, ["kafka"]); // 카프카 itself is not indexed
  const k8s = KS.normalizeQuery(["kubernet"], view(), englishStem);
  assert.deepEqual(k8s[0].terms, ["쿠버네티스"]);
});

test("unresolvable words fall back to substring matches, marked partial", () => {
  const concepts = KS.normalizeQuery(["시스"], view(), englishStem);
  assert.equal(concepts.length, 1);
  assert.ok(concepts[0].partial);
  assert.deepEqual(concepts[0].terms.sort(), ["시스템", "추천시스템"]);
  assert.deepEqual(KS.normalizeQuery(["없는말"], view(), englishStem), []);
});

const search = (words, excluded = [], index = INDEX) =>
  KS.performTermsSearch(index, new Set(words), new Set(excluded), {
    glossary: GLOSSARY,
    stem: englishStem,
  });
const ranked = (results) => results.map((r) => r[0]);

test("results have the searchtools.js shape", () => {
  const [first] = search(["파드를"]);
  assert.equal(first.length, 7);
  assert.deepEqual(
    [first[0], first[1], first[2], first[3], first[5], first[6]],
    ["posts/doc0", "쿠버네티스 배포", "", null, "posts/doc0.md", "text"],
  );
  assert.equal(typeof first[4], "number");
});

test("evidence for every word is summed, not the best word only", () => {
  const index = makeIndex([
    { title: "a", body: ["캐시", "무효화"] },
    { title: "b", body: ["캐시"] },
    { title: "c", body: ["무효화"] },
    { title: "d", body: ["기타"] },
  ]);
  const results = search(["캐시를", "무효화하는"], [], index);
  assert.equal(ranked(results)[0], "posts/doc0");
  assert.equal(results.length, 3); // any word is enough to be listed
});

test("rare words weigh more than common ones", () => {
  const index = makeIndex([
    { body: ["배포", "롤백"] },
    { body: ["배포", "카나리"] },
    { body: ["배포"] },
    { body: ["배포"] },
  ]);
  // doc1 has the rare word; doc0 and doc1 both have the common one
  assert.equal(ranked(search(["배포", "카나리"], [], index))[0], "posts/doc1");
});

test("title beats heading beats body", () => {
  const index = makeIndex([
    { title: "기타", body: ["샤딩"] },
    { title: "운영 노트", titleTerms: ["샤딩"] }, // a section heading
    { title: "샤딩 도입기", titleTerms: ["샤딩"] },
  ]);
  assert.deepEqual(ranked(search(["샤딩"], [], index)), ["posts/doc2", "posts/doc1", "posts/doc0"]);
});

test("equal evidence is ordered newest first, not by title", () => {
  const index = makeIndex([
    { title: "가나다", body: ["캐시"] },
    { title: "하하하", body: ["캐시"] },
  ]);
  const results = search(["캐시"], [], index);
  assert.deepEqual(ranked(results), ["posts/doc1", "posts/doc0"]);
  assert.notEqual(results[0][4], results[1][4]); // no tie left for searchtools to break
});

test("excluded words remove pages", () => {
  assert.deepEqual(ranked(search(["배포"], ["파드"])), ["posts/doc1"]);
});

test("install replaces performTermsSearch once", () => {
  const Search = { _index: INDEX, performTermsSearch: () => "stock" };
  KS.install(Search, { glossary: GLOSSARY });
  const patched = Search.performTermsSearch;
  KS.install(Search, { glossary: GLOSSARY });
  assert.equal(Search.performTermsSearch, patched);
  assert.equal(ranked(Search.performTermsSearch(new Set(["kafka를"]), new Set()))[0], "posts/doc1");
});

test("as a plain script it defines the global KoreanSearch", () => {
  const context = {};
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(MODULE, "utf8"), context);
  assert.equal(typeof context.KoreanSearch.install, "function");
});

test("the stemmer wraps English stemming for ASCII words only", () => {
  function English() {
    this.stemWord = (w) => w + "!";
  }
  const Stemmer = KS.makeStemmer(English);
  const stemmer = new Stemmer();
  assert.equal(stemmer.stemWord("deploy"), "deploy!");
  assert.equal(stemmer.stemWord("배포"), "배포");
  assert.equal(stemmer.stemWord("kafka를"), "kafka를");
});

test("the splitter splits like Sphinx's default", () => {
  assert.deepEqual(KS.splitQuery("캐시를 무효화하는, 방법!"), ["캐시를", "무효화하는", "방법"]);
});

test("only titles searchtools.js would accept reach its title loop", () => {
  const index = {
    alltitles: {
      "캐시 무효화": [[0, null]],
      "캐시": [[1, "id1"]],
      "캐시를 무효화하는 여러 가지 방법과 그 비용": [[2, "id2"]], // > 2x the query
      "배포": [[3, null]],
    },
  };
  assert.deepEqual(KS.matchingTitles(index, "캐시"), { 캐시: [[1, "id1"]] });
  assert.deepEqual(Object.keys(KS.matchingTitles(index, "캐시 무효")), ["캐시 무효화"]);
});

test("install keeps the full title list after each search", () => {
  const alltitles = { 카프카: [[1, null]], "아주 긴 다른 제목입니다": [[0, null]] };
  const index = { ...INDEX, alltitles };
  const seen = [];
  const Search = {
    _index: index,
    _performSearch: (query) => seen.push(Object.keys(Search._index.alltitles)) && [],
    performTermsSearch: () => [],
  };
  KS.install(Search, { glossary: GLOSSARY });
  Search._performSearch("카프카");
  assert.deepEqual(seen, [["카프카"]]);
  assert.equal(Search._index.alltitles, alltitles);
});

test("results are capped for very common words", () => {
  const docs = Array.from({ length: KS.MAX_RESULTS + 20 }, () => ({ body: ["배포"] }));
  assert.equal(search(["배포"], [], makeIndex(docs)).length, KS.MAX_RESULTS);
});
