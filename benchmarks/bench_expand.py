"""Expansion from seed terms (termmine expand): settings, a leave-one-seed-out check, lists to read, cost.

    python benchmarks/bench_expand.py OUT [--cases law,it] [--windows 5,2,1] [--read-windows 5,2,1] [--no-timing]

For each case, mine once (built-in reference) and train word vectors for each --windows (cached in
OUT/vectors). For each seed set (three per case, five terms of one kind each) and each walk setting,
and for the baseline (the nearest terms to the mean of the seeds' vectors), print how many of the five
seeds the other four reach in the first 50 (a check that needs no reader: a seed is a term of the kind
by definition), how many terms the walk reaches, and how many of its first 50 the default walk has too.
Then write, for --read-windows and the default walk, the first 50 of each expansion and of the baseline
to OUT/lists/CASE-SET-wWINDOW-{expand,baseline}.txt, for blind reading. Last, time `termmine expand` on
each case (cut, training and walk, default settings) under /usr/bin/time -v: wall seconds and peak
memory.

    python benchmarks/bench_expand.py OUT --score LABELS [--cases law,it] [--read-windows 5,2,1]

prints, instead, how the first 50 of each list in OUT/lists were read: LABELS holds, for each seed set,
the pool that readers were given (CASE-SET.tsv: comment lines, then `id string`) and their labels
(CASE-SET.labels.tsv: `id label`, K a term of the seeds' kind, T another term, N not a term), in any
subfolder.
"""
import argparse
import sys
from pathlib import Path

from common import BENCH, corpus, print_table, timed

sys.path.insert(0, str(BENCH.parent))
from termmine import mine  # noqa: E402
from termmine.expand import _gensim, nearest_to_mean, train_vectors, walk  # noqa: E402

SEED_SETS = {
    "law": {"penalties": ["有期徒刑", "拘役", "罚金", "无期徒刑", "剥夺政治权利"],
            "courts and organs": ["人民法院", "人民检察院", "公安机关", "海关", "税务机关"],
            "kinds of contract": ["买卖合同", "租赁合同", "借款合同", "承揽合同", "运输合同"]},
    "it": {"layer types": ["卷积层", "池化层", "全连接层", "隐藏层", "输出层"],
           "Python built-in types": ["列表", "元组", "字典", "字符串", "集合"],
           "optimisers": ["Adam", "RMSprop", "AdaGrad", "Adadelta", "SGD"]},
}
WALKS = [(0.5, 0.1), (0.6, 0.05), (0.7, 0.05), (0.5, 0.0)]      # (threshold, step); the default is one
TOP = 50


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", default="law,it")
    parser.add_argument("--windows", default="5,2,1")
    parser.add_argument("--read-windows", default="5", help="windows whose lists are written for reading")
    parser.add_argument("--no-timing", action="store_true", help="skip the timed runs of termmine expand")
    parser.add_argument("--score", type=Path, default=None, help="print the readings of the lists (see above)")
    args = parser.parse_args()
    if args.score is not None:
        score(args)
        return
    _, KeyedVectors = _gensim()
    (args.out / "vectors").mkdir(parents=True, exist_ok=True)
    (args.out / "lists").mkdir(parents=True, exist_ok=True)
    rows, cost = [], []
    for case in args.cases.split(","):
        mined = mine(corpus(case))
        ranked, scores = mined["term"].tolist(), mined["score"].tolist()
        terms_file = args.out / f"{case}-terms.tsv"
        mined.to_csv(terms_file, sep="\t", index=False)
        every_seed = [s for seeds in SEED_SETS[case].values() for s in seeds]
        for window in map(int, args.windows.split(",")):
            path = args.out / "vectors" / f"{case}-w{window}.bin"
            if path.exists():
                kv = KeyedVectors.load_word2vec_format(str(path), binary=True)
            else:
                kv = train_vectors(corpus(case), ranked + every_seed, {}, window=window)
                kv.save_word2vec_format(str(path), binary=True)
            for name, seeds in SEED_SETS[case].items():
                # run(seeds, pool): the terms reached from seeds among pool (the mined terms, and in the
                # check the seed held out, which mine may not have kept)
                settings = [(f"walk {t} +{s}", lambda sd, pool, t=t, s=s: walk(
                    kv, sd, pool, [0.0] * len(pool), threshold=t, step=s)["term"].tolist()) for t, s in WALKS]
                settings.append(("baseline (mean)", lambda sd, pool: nearest_to_mean(kv, sd, pool, TOP)))
                default = walk(kv, seeds, ranked, scores)["term"].tolist()[:TOP]
                for label, run in settings:
                    found = run(seeds, ranked)
                    held_out = sum(seed in run([s for s in seeds if s != seed], ranked + [seed])[:TOP]
                                   for seed in seeds)
                    rows.append([case, window, name, label, f"{held_out}/5", len(found),
                                 len(set(found[:TOP]) & set(default))])
                if str(window) in args.read_windows.split(","):
                    expansion = walk(kv, seeds, ranked, scores)["term"].tolist()[:TOP]
                    baseline = nearest_to_mean(kv, seeds, ranked, TOP)
                    for kind, terms in (("expand", expansion), ("baseline", baseline)):
                        (args.out / "lists" / f"{case}-{name.replace(' ', '_')}-w{window}-{kind}.txt").write_text(
                            "\n".join(terms) + "\n", encoding="utf-8")
        if args.no_timing:
            continue
        seeds = ",".join(next(iter(SEED_SETS[case].values())))
        wall, rss, _ = timed(["termmine", "expand", corpus(case), "--seeds", seeds, "--terms", terms_file,
                              "-o", args.out / f"{case}-timed.tsv", "-q"])
        cost.append([case, f"{corpus(case).stat().st_size / 1e6:.1f} MB", f"{wall:.1f}", f"{rss:.0f}"])
    print_table(["case", "window", "seed set", "method", "held-out seed in top 50", "terms reached",
                 "top 50 shared with the default walk"], rows)
    print()
    if cost:
        print_table(["case", "corpus", "termmine expand wall s (cut, train, walk)", "peak RSS MiB"],
                    cost)


def score(args):
    rows, shares = [], {}
    for case in args.cases.split(","):
        for name in SEED_SETS[case]:
            stem = f"{case}-{name.replace(' ', '_')}"
            pool = next(args.score.rglob(f"{stem}.tsv"))
            strings = dict(line.split("\t") for line in _lines(pool) if not line.startswith(("#", "id\t")))
            labels = {strings[i]: label.strip() for i, label in
                      (line.split("\t")[:2] for line in _lines(pool.with_suffix(".labels.tsv"))[1:])}
            for window in args.read_windows.split(","):
                cells = [case, name, window]
                for kind in ("expand", "baseline"):
                    top = _lines(args.out / "lists" / f"{stem}-w{window}-{kind}.txt")[:TOP]
                    counts = [sum(labels[t] == k for t in top) for k in "KTN"]
                    shares.setdefault((window, kind), []).append(counts[0] / len(top))
                    cells.append(" / ".join(map(str, counts)))
                rows.append(cells)
    print_table(["case", "seed set", "window", "expand K / T / N", "baseline K / T / N"], rows)
    print()
    print_table(["window", "list", "share of K, mean of the sets"],
                [[w, kind, f"{sum(v) / len(v):.2f}"] for (w, kind), v in shares.items()])


def _lines(path):
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


if __name__ == "__main__":
    main()
