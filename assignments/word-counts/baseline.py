"""The k most frequent words of a text."""
import re


def top_words(text, k):
    # Lower-case the text.
    lowered = ""
    for ch in text:
        lowered += ch.lower()

    words = re.findall("[a-z]+", lowered)

    # Collect the distinct words.
    unique = []
    for word in words:
        if word not in unique:
            unique.append(word)

    # Count every distinct word.
    counts = []
    for word in unique:
        counts.append((word, words.count(word)))

    # Most frequent first; ties in alphabetical order.
    counts.sort(key=lambda pair: (-pair[1], pair[0]))
    return counts[:k]
