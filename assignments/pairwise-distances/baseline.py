"""Pairwise Euclidean distances: a plain double loop over the rows."""
import numpy as np


def pairwise_distances(X):
    n = X.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            D[i, j] = np.sqrt(np.sum((X[i] - X[j]) ** 2))
    return D
