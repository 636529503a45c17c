from termmine.normalize import Normalizer


def tokens_of(texts, keep_case=False):
    """The token list count_ngrams sees for an iterable of texts (each text ends with a boundary)."""
    normalizer = Normalizer(keep_case)
    out = []
    for text in texts:
        out.extend(normalizer.tokens(text + "\n").tolist())
        out.append(0)
    return out
