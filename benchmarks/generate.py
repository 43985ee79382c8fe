"""Realistic generated Jekyll posts for benchmarks and scale tests.

``generate_posts(dest, n, seed)`` writes ``n`` Korean conference-review posts
(front matter with 3–6 tags from a pool of 300, a category, six ``####``
sessions with speakers and companies, raw spans, kramdown links and code
blocks) into ``dest``.  The same seed gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

__all__ = ["TAG_POOL", "generate_posts", "post_text"]

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


def generate_posts(dest: Path | str, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` posts into ``dest``, about one every two days back from 2024."""
    rng = random.Random(seed)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 6, 30)
    paths = []
    for i in range(n):
        date = start - dt.timedelta(days=2 * i)
        path = dest / f"{date.isoformat()}-post-{i:05d}.md"
        path.write_text(post_text(rng, date, i), encoding="utf-8")
        paths.append(path)
    return paths
