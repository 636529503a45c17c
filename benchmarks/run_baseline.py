"""Child process for bench_mine.py: run one baseline and write its ranking, one term per line.

    python run_baseline.py post|post_zero_fill|jieba DOMAIN REFERENCE OUT
"""
import sys

from baselines import jieba_tfidf, post_pipeline

if __name__ == "__main__":
    kind, domain, reference, out = sys.argv[1:5]
    if kind == "jieba":
        ranked = jieba_tfidf(domain, 3000)
    else:
        ranked = [w for w, _ in post_pipeline(domain, reference, zero_fill=kind == "post_zero_fill")]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(ranked) + "\n")
