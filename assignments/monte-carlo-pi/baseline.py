"""Monte-Carlo estimate of pi: the lecture's pure-Python loop."""
import numpy as np


def estimate_pi(n, seed):
    random = np.random.RandomState(seed).random_sample
    in_circle = 0
    total = n
    while n != 0:
        x = random()
        y = random()
        if x * x + y * y <= 1.0:
            in_circle += 1  # inside the circle
        n -= 1
    return 4 * in_circle / total
