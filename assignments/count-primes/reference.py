"""Reference: a numpy segmented sieve per range, the ranges shared between 2 worker processes.

The sieve's cost per range is mostly the Python loop over the base primes up to sqrt(hi),
so the ranges are dealt to the workers by that estimated cost, and tiny inputs are counted
in-process because starting or feeding workers would cost more than it saves.
"""
import math

import numpy as np
from joblib import Parallel, delayed

N_JOBS = 2
BLOCK = 1 << 20  # numbers sieved at once: bounds the memory of a wide range
SERIAL_BELOW = 2000  # estimated cost (base primes + numbers / 64) under which workers do not pay off


def _primes_up_to(limit):
    sieve = np.ones(limit + 1, dtype=bool)
    sieve[:2] = False
    for p in range(2, math.isqrt(limit) + 1):
        if sieve[p]:
            sieve[p * p :: p] = False
    return np.flatnonzero(sieve).tolist()


def _count_range(lo, hi, primes):
    count = 0
    for start in range(max(lo, 2), hi, BLOCK):
        stop = min(start + BLOCK, hi)
        is_prime = np.ones(stop - start, dtype=bool)
        for p in primes:
            if p * p >= stop:
                break
            first = max(p * p, -(-start // p) * p)
            is_prime[first - start :: p] = False
        count += int(np.count_nonzero(is_prime))
    return count


def _count_group(group):
    primes = _primes_up_to(math.isqrt(max(hi for _, _, hi in group)))
    return [(i, _count_range(lo, hi, primes)) for i, lo, hi in group]


def _cost(lo, hi):
    if hi <= lo:
        return 0
    root = math.isqrt(hi)
    return root / max(math.log(root), 1.0) + (hi - lo) / 64


def count_primes(ranges):
    jobs = []
    for i, r in enumerate(ranges):
        lo, hi = r  # tuples may arrive as lists
        jobs.append((i, int(lo), int(hi)))
    counts = [0] * len(jobs)
    jobs = [job for job in jobs if job[2] > max(job[1], 2)]
    if not jobs:
        return counts

    # Longest first onto the least loaded worker: a balanced split of the work.
    jobs.sort(key=lambda job: -_cost(job[1], job[2]))
    groups = [[] for _ in range(N_JOBS)]
    loads = [0.0] * N_JOBS
    for job in jobs:
        w = loads.index(min(loads))
        groups[w].append(job)
        loads[w] += _cost(job[1], job[2])
    groups = [g for g in groups if g]

    if sum(loads) < SERIAL_BELOW or len(groups) == 1:
        parts = [_count_group(g) for g in groups]
    else:
        parts = Parallel(n_jobs=N_JOBS)(delayed(_count_group)(g) for g in groups)
    for part in parts:
        for i, c in part:
            counts[i] = c
    return counts
