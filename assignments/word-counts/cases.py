"""Inputs for top_words: a text and k.

The text is `words` made-up words drawn from a Zipf-like vocabulary of `vocab` words
(frequency of the r-th word proportional to 1 / r**1.1), with random capitalisation,
punctuation, digits and line breaks between them. `extra` appends a fixed fragment with
non-ASCII letters, apostrophes and hyphens. `no_letters` returns a text of separators and
digits only.
"""
import numpy as np

LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))
SEPARATORS = [" ", " ", " ", " ", " ", ", ", ". ", "\n", " - ", "; ", "  ", " (", ") ", "! ", " 42 ", "_"]
EXTRA = (" Caf\u00e9 CAF\u00c9 na\u00efve Stra\u00dfe don't it's e-mail E-MAIL x2y "
         "\u00fcber \u00dcBER \u212aelvin \u0130stanbul \u00c5ngstr\u00f6m ")


def _vocabulary(rs, size):
    words = set()
    while len(words) < size:
        length = int(rs.randint(2, 10))
        words.add("".join(LETTERS[rs.randint(0, 26, size=length)]))
    return sorted(words)


def generate(seed: int, workdir: str, words: int = 0, vocab: int = 0, k: int = 10,
             extra: bool = False, no_letters: bool = False) -> tuple:
    rs = np.random.RandomState(seed)
    words, vocab = int(words), int(vocab)
    if no_letters:
        return ("".join(SEPARATORS[i] for i in rs.randint(0, len(SEPARATORS), size=200)), int(k))
    if words == 0:
        return ("" if not extra else EXTRA, int(k))
    vocabulary = _vocabulary(rs, vocab)
    order = rs.permutation(vocab)
    weights = 1.0 / np.arange(1, vocab + 1) ** 1.1
    picks = order[rs.choice(vocab, size=words, p=weights / weights.sum())]
    styles = rs.random_sample(words)
    seps = rs.randint(0, len(SEPARATORS), size=words)
    parts = []
    for w, style, sep in zip(picks, styles, seps):
        word = vocabulary[w]
        if style < 0.1:
            word = word.capitalize()
        elif style < 0.12:
            word = word.upper()
        parts.append(word)
        parts.append(SEPARATORS[sep])
    text = "".join(parts)
    if extra:
        text += EXTRA
    return (text, int(k))
