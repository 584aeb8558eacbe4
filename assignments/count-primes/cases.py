"""Inputs for count_primes: one list of half-open ranges (lo, hi).

Random cases draw `count` ranges whose lo is log-uniform in [low, high) and whose width is
uniform in [width/2, 3*width/2), so the ranges differ in cost (larger numbers cost more per
number to test). `edge=True` returns a fixed list of corner cases instead.
"""
import math

import numpy as np

EDGE_RANGES = [
    (0, 0), (0, 1), (0, 2), (0, 3), (1, 2), (2, 3), (3, 3), (4, 5), (0, 100),
    (97, 98), (98, 100), (7919, 7920), (7920, 7920), (1000, 1000),
    (999_983, 1_000_004), (2_147_483_000, 2_147_483_648),  # 2**31 - 1 is prime
]


def generate(seed: int, workdir: str, count: int = 0, low: int = 2, high: int = 1000,
             width: int = 100, edge: bool = False) -> tuple:
    if edge:
        return (list(EDGE_RANGES),)
    rs = np.random.RandomState(seed)
    ranges = []
    for _ in range(int(count)):
        lo = int(math.exp(rs.uniform(math.log(low), math.log(high))))
        w = int(rs.randint(max(width // 2, 1), width * 3 // 2 + 1))
        ranges.append((lo, lo + w))
    return (ranges,)
