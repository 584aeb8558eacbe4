"""Inputs for pairwise_distances: one float64 matrix X of shape (n, d).

Coordinates are standard normal. `duplicates` copies some rows onto others, so exact zeros
appear off the diagonal (where the |a|^2 + |b|^2 - 2ab formulation can go slightly negative).
"""
import numpy as np


def generate(seed: int, workdir: str, n: int, d: int, duplicates: int = 0) -> tuple:
    rs = np.random.RandomState(seed)
    X = rs.standard_normal((int(n), int(d)))
    for _ in range(int(duplicates)):
        src, dst = rs.randint(0, n, size=2)
        X[dst] = X[src]
    return (X,)
