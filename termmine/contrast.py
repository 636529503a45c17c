"""Keyness: how much more a word belongs to the domain corpus than to the reference.

With a = the word's count in the domain, b = its count in the reference, N_d and N_r the number of
tokens in each corpus (fpm = frequency per million tokens):

- `post`: the smoothed ratio of the 2019 post "分享一次专业领域词汇的无监督挖掘":
  (a + alpha * m) / (a + b' + m), where b' = b * N_d / N_r is the reference count scaled to the domain
  size, m is the mean of a + b' over the candidates and alpha = sum(a) / sum(a + b'). The post keeps
  only words found in both corpora; here a count missing from the reference is 0.
- `simple`: Kilgarriff's "simple maths" (Kilgarriff 2009, "Simple maths for keywords"):
  (fpm_d + k) / (fpm_r + k), with k = `simple_k` (default 100, which favours commoner words).
- `g2`: the log-likelihood G2 (Dunning 1993; in the form of Rayson and Garside 2000):
  2 * (a ln(a / E1) + b ln(b / E2)) with E1 = N_d (a + b) / (N_d + N_r) and E2 = N_r (a + b) / (N_d + N_r),
  made negative where the word is relatively commoner in the reference.
- `log_ratio`: Hardie's (2014) log ratio, log2((a / N_d) / (b / N_r)), with 0.5 added to a zero count.
"""
import numpy as np

from .config import MEASURES


def keyness(measure, domain_counts, reference_counts, domain_total, reference_total, simple_k=100.0):
    a = np.asarray(domain_counts, dtype=np.float64)
    b = np.asarray(reference_counts, dtype=np.float64)
    nd = float(max(domain_total, 1))
    nr = float(max(reference_total, 1))
    if measure == "post":
        scaled = b * nd / nr
        both = a + scaled
        m = both.mean() if both.size else 0.0
        alpha = a.sum() / both.sum() if both.sum() > 0 else 0.0
        return (a + alpha * m) / (both + m)
    if measure == "simple":
        return (a * 1e6 / nd + simple_k) / (b * 1e6 / nr + simple_k)
    if measure == "g2":
        total = a + b
        e1 = total * (nd / (nd + nr))    # in this order: exactly a where the two sides are equal
        e2 = total * (nr / (nd + nr))
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
            t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
        g2 = 2 * (t1 + t2)
        return np.where(a / nd >= b / nr, g2, -g2)
    if measure == "log_ratio":
        aa = np.where(a > 0, a, 0.5)
        bb = np.where(b > 0, b, 0.5)
        return np.log2((aa / nd) / (bb / nr))
    raise ValueError(f"unknown measure '{measure}'; choose one of {', '.join(MEASURES)}")
