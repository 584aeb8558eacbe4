"""Count the primes in each half-open range [lo, hi) by trial division."""
import math


def is_prime(k):
    if k < 2:
        return False
    for d in range(2, math.isqrt(k) + 1):
        if k % d == 0:
            return False
    return True


def count_primes(ranges):
    counts = []
    for lo, hi in ranges:
        count = 0
        for k in range(lo, hi):
            if is_prime(k):
                count += 1
        counts.append(count)
    return counts
