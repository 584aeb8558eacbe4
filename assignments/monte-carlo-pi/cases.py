"""Inputs for estimate_pi: the number of points and the seed of the random stream."""
import random


def generate(seed: int, workdir: str, n: int) -> tuple:
    # A seed derived from the case seed, below 2**31 so every RNG API accepts it.
    return (int(n), random.Random(seed).randrange(2**31))
