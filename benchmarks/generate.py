"""Realistic generated Jekyll posts for benchmarks and scale tests.

``generate_posts(dest, n, seed, size)`` writes ``n`` Korean conference-review posts
(front matter with 3–6 tags from a pool of 300, a category, six ``####``
sessions with speakers and companies, raw spans, kramdown links and code
blocks) into ``dest``.  The same seed gives the same files.  ``size`` pads
each post with more prose, a slide image and a table per session up to about
that many bytes (``POST_BYTES``, ~11 KB, is a real review's size); without
it posts are ~3 KB.  This is the one generator of the benchmarks and tests.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

__all__ = ["POST_BYTES", "TAG_POOL", "generate_posts", "pad_post", "post_text"]

_TOPICS = (
    "쿠버네티스 카프카 검색 추천시스템 모니터링 observability MSA 데이터 서버리스 프론트엔드 "
    "React Spring JVM Go Rust C++ SRE 배포 캐시 데이터베이스 MySQL MongoDB Redis "
    "ElasticSearch 머신러닝 LLM 보안 네트워크 모바일 iOS Android 테스트 CI 클라우드 AWS GCP "
    "Terraform GraphQL gRPC 성능 Kotlin Python TypeScript DDD 검색엔진"
).split()
_SUFFIXES = ["", " 운영", " 입문", " 심화", " 튜닝", " 설계", " 장애"]
#: 300 distinct tags, Korean and English
TAG_POOL = [f"{t}{s}" if s else t for s in _SUFFIXES for t in _TOPICS][:300]
_CONFERENCES = [
    "DEVIEW", "if(kakao)", "NHN FORWARD", "AWS Summit Seoul", "우아콘", "FEConf", "PyCon Korea"
]
_COMPANIES = [
    "네이버 검색", "카카오 추천팀", "쿠팡 추천 시스템", "토스 인프라팀", "라인 Verda",
    "우아한형제들 플랫폼팀", "NHN 클라우드", "당근 SRE팀", "네이버 컨테이너 클러스터",
]
_NAMES = "김민준 이서연 박지훈 최유진 정현우 강수빈 윤도현 장하은 구태진 한지민".split()
_CATEGORIES = ["컨퍼런스", "스터디", "세미나"]


def _session(rng: random.Random, number: int) -> str:
    topic = rng.choice(_TOPICS)
    company = rng.choice(_COMPANIES)
    name = rng.choice(_NAMES)
    return f"""#### {number}. {topic}를 다시 생각하기 ({company})

{name}님의 발표. {topic} 이야기로 시작해서 <span class="emphasis">운영에서 배운 점</span>을
정리했다. 자세한 내용은 [발표 자료](https://example.com/{number}){{: target="_blank"}}에서
볼 수 있다.

- 첫째, 측정하지 않으면 개선할 수 없다
- 둘째, **작게 나눠서** 배포한다

```python
def handler(event):
    return {{"status": {200 + number}, "topic": "{topic}"}}
```
"""


def post_text(rng: random.Random, date: dt.date, index: int) -> str:
    conference = rng.choice(_CONFERENCES)
    tags = rng.sample(TAG_POOL, rng.randint(3, 6))
    tag_lines = "\n".join(f'  - "{t}"' for t in tags)
    sessions = "\n".join(_session(rng, i) for i in range(1, 7))
    return f"""---
layout: post
title: "{conference} {date.year} 후기 #{index}"
date: {date.isoformat()} 20:00:00 +0900
category: {rng.choice(_CATEGORIES)}
tags:
{tag_lines}
---

{conference}에 다녀왔다. 들었던 세션을 순서대로 정리한다.

{sessions}
"""


# -- padding to a real post's size --------------------------------------------------

#: padding target: posts come out at 11–12 KB, the size of real reviews
#: and of the posts Jekyll, Hugo and stock Sphinx were first measured with
POST_BYTES = 11_000
_SUBJECTS = ["이번 발표에서는", "발표자는", "우리 팀은", "실제 서비스에서", "운영 환경에서", "처음에는", "결국", "특히"]
_THINGS = ["장애 대응 절차를", "배포 파이프라인을", "데이터 모델을", "캐시 전략을", "모니터링 지표를",
           "테스트 코드를", "검색 품질을", "트래픽 분산을", "온콜 문화를", "비용 구조를"]  # fmt: skip
_VERBS = ["개선했다고 한다.", "다시 설계했다.", "자동화하는 방법을 소개했다.", "측정하는 기준을 세웠다.",
          "단계적으로 바꿔 나갔다.", "팀 전체에 공유했다.", "처음부터 다시 만들었다고 한다."]  # fmt: skip
_CONTEXTS = ["쿠버네티스", "카프카", "레디스", "검색 클러스터", "모바일 앱", "결제 시스템", "사내 플랫폼", "데이터 파이프라인"]


def _prose(rng: random.Random, sentences: int) -> str:
    out = [f"{rng.choice(_SUBJECTS)} {rng.choice(_CONTEXTS)} 환경에서 {rng.choice(_THINGS)} {rng.choice(_VERBS)}"
           for _ in range(sentences)]  # fmt: skip
    k = rng.randrange(sentences)
    out[k] = out[k][:-1] + f' 그리고 <span class="emphasis">{rng.choice(_CONTEXTS)}는 작게 시작해야 한다</span>는 점을 강조했다.'
    return " ".join(out)


def _session_extra(rng: random.Random, stem: str, number: int) -> str:
    rows = "\n".join(f"| {rng.choice(_CONTEXTS)} | {rng.randint(1, 99)}% | {rng.choice(_THINGS)[:-1]} |" for _ in range(3))
    return (
        f"{_prose(rng, 6)}\n\n{_prose(rng, 5)}\n\n"
        f"![{number}번 세션 슬라이드](https://example.com/slides/{stem}-{number}.png)\n\n"
        f"| 항목 | 개선율 | 내용 |\n|---|---|---|\n{rows}\n\n"
        f"1. {_prose(rng, 1)}\n2. {_prose(rng, 1)}\n\n"
        f'관련 글: [{rng.choice(_CONTEXTS)} 정리](https://example.com/notes/{stem}/{number}){{: target="_blank"}}\n\n'
    )


def pad_post(text: str, stem: str, seed: int, target: int = POST_BYTES) -> str:
    """Pad a generated post to ``target`` bytes with more of each session.

    Prose, a slide image, a table and a kramdown link are added at the end of
    the ``####`` sessions in turn, so the text stays shaped like a
    real review (a heading, then paragraphs) instead of one long tail.
    """
    rng = random.Random(f"{seed}:{stem}")
    parts = re.split(r"(?m)^(?=#### )", text)
    extra = [""] * len(parts)
    size, turn = len(text.encode()), 0
    while size < target:
        i = 1 + turn % (len(parts) - 1) if len(parts) > 1 else 0
        chunk = _session_extra(rng, stem, i)
        extra[i] += chunk
        size += len(chunk.encode())
        turn += 1
    return "".join(p.rstrip("\n") + "\n\n" + e for p, e in zip(parts, extra)).rstrip("\n") + "\n"


def generate_posts(
    dest: Path | str, n: int, seed: int = 0, size: int | None = None
) -> list[Path]:
    """Write ``n`` posts into ``dest``, about one every two days back from 2024.

    ``size`` pads each post to about that many bytes (:func:`pad_post`);
    ``None`` keeps the short (~3 KB) posts.
    """
    rng = random.Random(seed)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 6, 30)
    paths = []
    for i in range(n):
        date = start - dt.timedelta(days=2 * i)
        path = dest / f"{date.isoformat()}-post-{i:05d}.md"
        text = post_text(rng, date, i)
        if size is not None:
            text = pad_post(text, path.stem, seed, size)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
