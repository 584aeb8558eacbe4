"""Reference: one pass over the file, one line in memory at a time, a running sum per column.

Sums are accumulated left to right, row by row, exactly like sum() over a column.
"""
from operator import add


def column_means(path):
    with open(path) as f:
        f.readline()  # header
        sums = None
        rows = 0
        for line in f:
            if not line.strip():
                continue
            values = map(float, line.split(","))
            sums = list(values) if sums is None else list(map(add, sums, values))
            rows += 1
    return [s / rows for s in sums]
