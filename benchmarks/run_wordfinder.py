"""Run nlp_zero's Word_Finder on one corpus and write word<TAB>count (a child process for timing)."""
import sys

from baselines import run_wordfinder, write_counts_tsv

if __name__ == "__main__":
    write_counts_tsv(run_wordfinder(sys.argv[1]), sys.argv[2])
