"""Inputs for fetch_all: one list of URLs on a reserved domain (never resolved: course_io
serves them). `repeat` adds that many URLs that already appear earlier in the list, and
`unicode` adds one URL with non-ASCII characters."""
import random


def generate(seed: int, workdir: str, count: int, repeat: int = 0, unicode: bool = False) -> tuple:
    rng = random.Random(seed)
    tag = rng.randrange(10**9)
    urls = [f"https://pages.course.invalid/{tag}/{i}?q={rng.randrange(10**6)}" for i in range(int(count))]
    if unicode:
        urls.insert(rng.randrange(len(urls) + 1), f"https://pages.course.invalid/{tag}/caf\u00e9/\u043c\u0438\u0440")
    for _ in range(int(repeat)):
        if urls:
            urls.insert(rng.randrange(len(urls) + 1), rng.choice(urls))
    return (urls,)
