"""Sessions: the 세션 table of contents per post and the session index."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from jekyll_book.features.sessions import parse_session

from .conftest import ROOT
from .test_tags import build_site, soup, unexpected_warnings


@pytest.mark.parametrize(
    ("title", "paragraph", "expected"),
    [
        (
            "2. Pinpoint는 어떻게 observability를 강화했는가",
            "강수빈님(네이버 플랫폼)의 발표.",
            ("2", "Pinpoint는 어떻게 observability를 강화했는가", "강수빈", "네이버 플랫폼"),
        ),
        (
            "1. 대규모 트래픽에서 캐시를 무효화하는 방법 (네이버 검색)",
            "정현우님의 발표.",
            ("1", "대규모 트래픽에서 캐시를 무효화하는 방법", "정현우", "네이버 검색"),
        ),
        ("쿠팡 추천 시스템 구태진님", "", ("", "쿠팡 추천 시스템 구태진님", "구태진", "")),
        (
            "4. 태그 (AWS)",
            "안유나님과 홍재석님의 공동 발표.",
            ("4", "태그", "안유나, 홍재석", "AWS"),
        ),
        ("SLI, SLO, SLA", "", ("", "SLI, SLO, SLA", "", "")),
        ("번 레이트(Burn Rate) 알림", "", ("", "번 레이트(Burn Rate) 알림", "", "")),
        ("(괄호뿐)", "", ("", "(괄호뿐)", "", "")),
        ("2021 회고", "", ("", "2021 회고", "", "")),
        ("강사님 풀이", "", ("", "강사님 풀이", "", "")),
        ("1.2 세부", "", ("1.2", "세부", "", "")),
    ],
)
def test_parse_session(title, paragraph, expected):
    got = parse_session(title, paragraph)
    assert (got["number"], got["title"], got["speaker"], got["company"]) == expected


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    posts = sorted((ROOT / "docs" / "posts").glob("*.md"))
    return build_site(tmp_path_factory.mktemp("sessions") / "src", posts, assets=ROOT / "assets")


@pytest.fixture(scope="module")
def tags_root(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("sessions-root") / "src")


def post_page(app, stem: str) -> Path:
    return Path(app.outdir) / "docs" / "posts" / f"{stem}.html"


def toc_entries(page: Path) -> list[tuple[str, str]]:
    box = soup(page).select_one("article .session-toc")
    if box is None:
        return []
    assert box.select_one(".rubric").get_text() == "세션"
    return [(a.get_text(), a["href"]) for a in box.select("a")]


# sample posts: (post, number of sessions or 0 for no TOC)
TOCS = [
    ("2018-12-03-if-kakao-2018-review", 4),
    ("2019-10-31-deview-2019-review", 5),
    ("2020-05-02-mongodb-index-study", 5),
    ("2020-11-21-kubernetes-community-day-2020", 3),
    ("2021-03-05-sre-error-budget-notes", 4),
    ("2021-12-31-2021-retrospective", 0),
    ("2022-07-16-cpp-template-vector-seminar", 3),
    ("2022-11-25-nhn-forward-2022-review", 6),
    ("2023-05-04-aws-summit-seoul-2023", 4),
]


@pytest.mark.parametrize(("stem", "count"), TOCS)
def test_session_toc_links_to_top_level_sections_in_order(sample, stem, count):
    page = post_page(sample, stem)
    entries = toc_entries(page)
    assert len(entries) == count
    html = soup(page)
    headings = html.select("article section > section > h2")
    assert [(h.get_text().rstrip("#").strip()) for h in headings][: len(entries)] == [
        text for text, _ in entries
    ]
    for _, href in entries:
        assert href.startswith("#") and html.find(id=href[1:]) is not None, href


def test_session_toc_is_right_below_the_header(sample):
    article = soup(post_page(sample, "2019-10-31-deview-2019-review")).select_one("article")
    header = article.select_one(".post-header")
    assert "session-toc" in header.find_next_sibling()["class"]


DEVIEW = [
    ("1. 대규모 트래픽에서 캐시를 무효화하는 방법", "정현우 (네이버 검색)"),
    ("2. Pinpoint는 어떻게 observability를 강화했는가", "강수빈 (네이버 플랫폼)"),
    ("3. 검색 랭킹 모델을 온라인으로 실험하기", "윤도현 (네이버 검색 랭킹팀)"),
    ("4. 추천시스템은 왜 자꾸 같은 것만 보여줄까", "장하은 (네이버 AI 추천)"),
    ("5. 쿠버네티스 위에서 검색 엔진 운영하기", "임재원 (네이버 클라우드)"),
]


def _speaker(li) -> str:
    who = li.select_one(".session-speaker")
    return who.get_text() if who else ""


def index_groups(app) -> dict[str, list[tuple[str, str, str]]]:
    page = Path(app.outdir) / "docs" / "sessions" / "index.html"
    box = soup(page).select_one(".session-index")
    groups = {}
    for heading in box.select(".session-index-post"):
        items = heading.find_next_sibling("ul").select("li")
        groups[heading.find("a").get_text()] = [
            (li.find("a").get_text(), _speaker(li), li.find("a")["href"]) for li in items
        ]
    return groups


def test_session_index_numbering_speaker_company(sample):
    groups = index_groups(sample)
    assert [(t, w) for t, w, _ in groups["DEVIEW 2019 Day 1 후기"]] == DEVIEW
    aws = groups["AWS Summit Seoul 2023 참관기 - 데이터와 서버리스"]
    assert aws[3][1] == "안유나, 홍재석 (AWS 고객사 공동 발표)"
    assert "2021년 회고" not in groups  # no sections, no sessions
    assert not any("작성 중" in title for title in groups)  # unpublished draft


def test_session_index_links_resolve_to_anchors(sample):
    index = Path(sample.outdir) / "docs" / "sessions" / "index.html"
    count = 0
    for sessions in index_groups(sample).values():
        for _, _, href in sessions:
            path, anchor = unquote(href).split("#")
            assert soup(index.parent / path).find(id=anchor) is not None, href
            count += 1
    assert count == sum(n for _, n in TOCS)


def test_session_index_is_searchable(sample):
    text = (Path(sample.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    page = index["docnames"].index("docs/sessions/index")
    # "Pinpoint는": the search language decides whether the particle is cut
    pages = set()
    for term, hits in index["terms"].items():
        if term.startswith("pinpoint"):
            pages.update(hits if isinstance(hits, list) else [hits])
    assert page in pages


def test_opt_out_and_heading_levels(tags_root):
    assert unexpected_warnings(tags_root) == []
    assert toc_entries(post_page(tags_root, "2020-05-05-opt-out")) == []
    entries = toc_entries(post_page(tags_root, "2020-06-01-levels"))
    assert [t for t, _ in entries] == ["1) 첫 발표 (가나 회사)", "2) 둘째 발표"]
    groups = index_groups(tags_root)
    assert "세션 목차를 끈 글" not in groups
    assert [(t, w) for t, w, _ in groups["제목 수준이 섞인 글"]] == [
        ("1. 첫 발표", "김철수, 이영희 (가나 회사)"),
        ("2. 둘째 발표", "박민수 (다라 랩)"),
    ]
