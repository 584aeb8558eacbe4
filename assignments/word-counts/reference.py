"""Reference: one pass to count (Counter), then a partial sort of the k best."""
import heapq
import re
from collections import Counter

_WORD = re.compile("[a-z]+")


def top_words(text, k):
    counts = Counter(_WORD.findall(text.lower()))
    if k <= 0:
        return []
    return heapq.nsmallest(k, counts.items(), key=lambda pair: (-pair[1], pair[0]))
