"""Term-hood: how much a candidate behaves like a unit of the text, learnt from the corpus itself.

The reference tells a field's words from general ones, but most candidates of a field's text are unseen
in any general text, and among those it cannot tell a term from a fragment or a clause piece. What does
tell them apart is how a string stands in its own text: a unit holds together (cohesion), combines freely
with what is beside it (boundary entropy on both sides) and stands alone as a word when the text is cut
into the candidates (the share of its n-gram occurrences that the segmentation keeps whole). These are
the features; their weights are learnt anew on each corpus by distant supervision (after AutoPhrase,
Shang et al. 2018): the candidates that are words of jieba's dictionary are the positives, the others
the (noisy) negatives, and Fisher's linear discriminant (a closed form, numpy.linalg.solve) gives the
direction that separates them best. A candidate's term-hood is its projection on that direction,
standardised over the candidates (mean 0, standard deviation 1). The features say nothing of length or
frequency, so the dictionary's preference for short, common words is not what is learnt.

mine() ranks by score = keyness + termhood_weight * termhood.
"""
import numpy as np

FEATURES = ("standalone", "min_entropy", "max_entropy", "cohesion_in_length")
# fewer dictionary words (or others) than this among the candidates: nothing to learn from, term-hood 0
MIN_CLASS = 20


def unit_features(frame):
    """The features of each candidate (a frame with count, word_count, cohesion, left_entropy,
    right_entropy and tokens) as an array of shape (n, len(FEATURES))."""
    count = frame["count"].to_numpy(dtype=np.float64)
    word_count = frame["word_count"].to_numpy(dtype=np.float64)
    left = frame["left_entropy"].to_numpy(dtype=np.float64)
    right = frame["right_entropy"].to_numpy(dtype=np.float64)
    cohesion = frame["cohesion"].to_numpy(dtype=np.float64)
    tokens = np.array([len(t) for t in frame["tokens"]], dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        standalone = np.clip(np.where(count > 0, word_count / count, 0.0), 0.0, 1.0)
    # cohesion grows with length (more splits, rarer strings), and a short string is more often inside a
    # longer one: both are compared among candidates of one number of tokens
    features = np.column_stack([_within(standalone, tokens), np.minimum(left, right), np.maximum(left, right),
                                _within(cohesion, tokens)])
    return np.nan_to_num(features, nan=0.0, posinf=0.0, neginf=0.0)


def _within(values, groups):
    """values standardised within each group (mean 0, standard deviation 1, or 0 where they do not vary)."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    out = np.zeros_like(values)
    for g in np.unique(groups):
        rows = groups == g
        spread = values[rows].std()
        out[rows] = (values[rows] - values[rows].mean()) / spread if spread > 0 else 0.0
    return out


def termhood(features, positive):
    """Each candidate's term-hood (see the module text): the projection of its features on Fisher's
    discriminant between `positive` (bool per candidate) and the others, standardised."""
    features = np.asarray(features, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n = features.shape[0]
    if positive.sum() < MIN_CLASS or (~positive).sum() < MIN_CLASS:
        return np.zeros(n)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = (features - features.mean(axis=0)) / scale
    a, b = x[positive], x[~positive]
    within = np.cov(a, rowvar=False) * (a.shape[0] - 1) + np.cov(b, rowvar=False) * (b.shape[0] - 1)
    within = within / (n - 2) + 1e-6 * np.eye(x.shape[1])
    direction = np.linalg.solve(within, a.mean(axis=0) - b.mean(axis=0))
    projected = x @ direction
    spread = projected.std()
    return (projected - projected.mean()) / spread if spread > 0 else np.zeros(n)
