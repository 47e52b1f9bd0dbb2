"""`python -m bench.related_posts [1000 5000 ...]`: how long related_posts'
linking takes on N synthetic posts, tagged as bench/corpus.py tags them
(three categories, 1 to 4 of its 40 tags each), with no Pelican and no files.

Prints the median of five runs for each N. A measurement for the notes, not
a test: nothing here fails when it is slow.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from related_posts.related import link_all  # noqa: E402

from bench.corpus import TAGS  # noqa: E402

CATEGORIES = ["News", "CEO blog", "Sector findings"]
WEIGHTS = [0.55, 0.33, 0.12]


def posts(n: int, seed: int = 1) -> list[SimpleNamespace]:
    rng = random.Random(seed)
    newest = datetime(2026, 10, 30, 9, 30, tzinfo=UTC)
    made = []
    for i in range(n):
        category = rng.choices(CATEGORIES, WEIGHTS)[0]
        made.append(
            SimpleNamespace(
                title=f"Post {i}",
                category=SimpleNamespace(slug=category.lower().replace(" ", "-")),
                tags=[SimpleNamespace(slug=t.lower()) for t in rng.sample(TAGS, rng.randint(1, 4))],
                date=newest - timedelta(days=2.5 * i, hours=rng.randint(0, 8)),
                source_path=f"/content/posts/{i}.md",
            )
        )
    return made


def seconds(n: int, runs: int = 5) -> float:
    published = posts(n)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        link_all(published, published, 3)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    for n in [int(arg) for arg in sys.argv[1:]] or [1000, 5000]:
        print(f"{n:>6} posts: {seconds(n):.3f} s (median of 5)", flush=True)
