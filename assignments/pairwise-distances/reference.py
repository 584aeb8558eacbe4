"""Reference: the loops compiled with numba, writing straight into the (n, n) result.

No temporaries beyond the output itself: peak memory is n*n*8 bytes, like the baseline,
while each distance is computed once (the matrix is symmetric) in machine code.
"""
import numpy as np
from numba import njit


@njit
def _fill(X, D):
    n, d = X.shape
    for i in range(n):
        D[i, i] = 0.0
        for j in range(i + 1, n):
            s = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                s += t * t
            r = np.sqrt(s)
            D[i, j] = r
            D[j, i] = r


def pairwise_distances(X):
    X = np.ascontiguousarray(X, dtype=np.float64)
    D = np.empty((X.shape[0], X.shape[0]))
    _fill(X, D)
    return D
