"""Jekyll front-matter semantics, one row per form a real blog uses."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from jekyll_book.jekyll.frontmatter import resolve_meta, split_front_matter

KST = dt.timezone(dt.timedelta(hours=9))
UTC = dt.timezone.utc


def meta_of(yaml_text: str, stem: str = "2019-10-31-deview-review"):
    fm = split_front_matter(f"---\n{yaml_text}\n---\n본문\n")
    assert not fm.problems, fm.problems
    return resolve_meta(fm, stem, "Asia/Seoul")


# (front matter, expected aware datetime) — what Jekyll 4 uses as the post date
DATE_CASES = [
    ("date: 2019-10-31", dt.datetime(2019, 10, 31, tzinfo=KST)),
    ("date: 2019-10-31 09:00:00", dt.datetime(2019, 10, 31, 9, tzinfo=KST)),
    ("date: 2019-10-31 09:00:00 +0900", dt.datetime(2019, 10, 31, 9, tzinfo=KST)),
    ("date: 2019-10-31 09:00:00 -0500", dt.datetime(2019, 10, 31, 23, tzinfo=KST)),
    ("date: '2019-10-31 09:00:00 +0900'", dt.datetime(2019, 10, 31, 9, tzinfo=KST)),
    ("date: 2021-03-05T14:30:00+09:00", dt.datetime(2021, 3, 5, 14, 30, tzinfo=KST)),
    ("date: 2021-03-05T05:30:00Z", dt.datetime(2021, 3, 5, 14, 30, tzinfo=KST)),
    ("date: 2019-10-31 9:05", dt.datetime(2019, 10, 31, 9, 5, tzinfo=KST)),
    ("title: no date", dt.datetime(2019, 10, 31, tzinfo=KST)),
    ("date:", dt.datetime(2019, 10, 31, tzinfo=KST)),
]


@pytest.mark.parametrize(("yaml_text", "expected"), DATE_CASES)
def test_date_forms(yaml_text, expected):
    meta, _ = meta_of(yaml_text + "\ntitle: t" if "title" not in yaml_text else yaml_text)
    assert meta.date == expected
    assert meta.date.tzinfo is not None  # never naive: sorting can't mix


def test_invalid_date_falls_back_to_filename_with_located_problem():
    meta, problems = meta_of("title: t\ndate: 2019-13-45")
    assert meta.date == dt.datetime(2019, 10, 31, tzinfo=KST)
    assert [(p.line, "date" in p.message) for p in problems] == [(3, True)]


def test_dates_sort_across_forms():
    stems = ["2019-01-01-a", "2019-01-01-b", "2019-01-01-c"]
    texts = ["date: 2019-01-01 10:00:00 +0900", "date: 2019-01-01", "date: 2019-01-01T00:30:00Z"]
    dates = [meta_of("title: t\n" + t, s)[0].date for t, s in zip(texts, stems, strict=True)]
    assert sorted(dates) == [dates[1], dates[2], dates[0]]


# (front matter, expected tags, expected categories)
LIST_CASES = [
    ("tags: [네이버, DEVIEW, 2019]", ("네이버", "DEVIEW", "2019"), ()),
    ("tags: 쿠버네티스 k8s 인프라", ("쿠버네티스", "k8s", "인프라"), ()),
    ("tag: 회고", ("회고",), ()),
    ("tags:\n  - 몽고DB\n  - 2020\n  - 3.5", ("몽고DB", "2020", "3.5"), ()),
    ("tag: 회고\ntags: [회고, 2021]", ("회고", "2021"), ()),
    ("tags:\n  -\n  - a", ("a",), ()),
    ("tags:", (), ()),
    ("tags: []", (), ()),
    ("category: 컨퍼런스", (), ("컨퍼런스",)),
    ("categories: [스터디, 데이터베이스]", (), ("스터디", "데이터베이스")),
    ("categories: 스터디 데이터베이스", (), ("스터디", "데이터베이스")),
    ("category: 컨퍼런스\ncategories: [컨퍼런스, 후기]", (), ("컨퍼런스", "후기")),
    ("tags: [true, 1.0]", ("true", "1.0"), ()),
]


@pytest.mark.parametrize(("yaml_text", "tags", "categories"), LIST_CASES)
def test_tags_and_categories(yaml_text, tags, categories):
    meta, _ = meta_of("title: t\n" + yaml_text)
    assert meta.tags == tags
    assert meta.categories == categories


def test_korean_values_are_nfc_and_not_escaped():
    nfd = unicodedata.normalize("NFD", "데뷰")
    meta, _ = meta_of(f"title: {nfd} 후기\ntags: [{nfd}]")
    assert meta.title == "데뷰 후기"
    assert meta.tags == ("데뷰",)
    assert "\\u" not in repr(meta.title)


TITLE_CASES = [
    ('title: "Docker: 시작하기"', "Docker: 시작하기", False),
    ("title: 'C++ 템플릿: vector<int>'", "C++ 템플릿: vector<int>", False),
    ("title: 2019", "2019", False),
    ("title: >\n  여러 줄\n  제목", "여러 줄 제목", False),
    ("layout: post", "Deview Review", True),
]


@pytest.mark.parametrize(("yaml_text", "title", "from_filename"), TITLE_CASES)
def test_titles(yaml_text, title, from_filename):
    meta, problems = meta_of(yaml_text)
    assert meta.title == title
    assert meta.title_from_filename is from_filename
    assert problems == []  # a missing title is the file name's, silently (as in Jekyll)


OTHER_CASES = [
    ("image: /assets/img/a.png", "image", "/assets/img/a.png"),
    ("image:\n  path: /assets/img/b.png", "image", "/assets/img/b.png"),
    ("image: https://example.com/c.png", "image", "https://example.com/c.png"),
    ("description: 요약", "description", "요약"),
    ("excerpt: 발췌", "description", "발췌"),
    ("author: 홍길동", "author", "홍길동"),
    ("published: false", "published", False),
    ("published: true", "published", True),
    ("permalink: /deview/", "permalink", "/deview/"),
]


@pytest.mark.parametrize(("yaml_text", "field", "value"), OTHER_CASES)
def test_other_fields(yaml_text, field, value):
    meta, _ = meta_of("title: t\n" + yaml_text)
    assert getattr(meta, field) == value


SPLIT_PROBLEMS = [
    ("---\ntitle: Docker: 시작하기\n---\n", 2, "invalid YAML"),
    ("---\ntitle: a\n", 1, "not closed"),
    ("---\n- a\n- b\n---\n", 2, "mapping"),
]


@pytest.mark.parametrize(("text", "line", "message"), SPLIT_PROBLEMS)
def test_front_matter_problems_are_located(text, line, message):
    fm = split_front_matter(text)
    assert [(p.line, message in p.message) for p in fm.problems] == [(line, True)]


def test_body_keeps_line_numbers():
    text = "---\ntitle: a\ntags: [b]\n---\n첫 줄\n"
    fm = split_front_matter(text)
    assert fm.body.split("\n")[4] == "첫 줄"
    assert fm.body_line == 5


def test_no_front_matter_is_all_body():
    fm = split_front_matter("# 제목\n")
    assert not fm.present and fm.body == "# 제목\n"
