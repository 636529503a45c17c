"""How the library reports progress: a callback, progress(stage, done, total), that a caller may pass to
count(), discover() and mine() (the command line draws it on stderr; a notebook can feed it to any
progress bar).

- stage is one of STAGES, in the order they run; a stage that is skipped is not reported;
- done is how much of the stage is done, in the stage's unit (UNITS): bytes of input read, lengths of
  n-gram counted, steps; it starts at 0 and never goes back;
- total is the amount the stage will reach when it is known (the size of the files read), else None
  (standard input, texts given as strings).

It is called with done = 0 as a stage starts and as it goes on, at most once a piece of input (some
1 MB). Nothing is printed by the library.
"""
READING = "reading"            # reading and tokenizing the corpus (bytes)
COUNTING = "counting"          # counting n-grams in memory (lengths of n-gram)
MERGING = "merging"            # writing the table counted on disk (lengths of n-gram)
CANDIDATES = "candidates"      # scoring the n-grams and joining candidates (steps)
FILTERS = "filters"            # jieba's cut of the candidates (steps)
WORD_COUNTS = "word counts"    # counting the candidates as words in the domain text (bytes)
REFERENCE = "reference"        # the candidates' counts in the reference (bytes of text, or steps)
RANKING = "ranking"            # contrast and order (steps)
SEGMENTING = "segmenting"      # expand: cutting the corpus into words with the terms (bytes)
TRAINING = "training"          # expand: training word vectors (epochs)
EXPANDING = "expanding"        # expand: the walk from the seeds (steps)
CONTEXTS = "contexts"          # report: finding the lines the report shows for its terms (bytes)
REPORTING = "report"           # report: writing the page (steps)
STAGES = (READING, COUNTING, MERGING, CANDIDATES, FILTERS, WORD_COUNTS, REFERENCE, RANKING, SEGMENTING, TRAINING,
          EXPANDING, CONTEXTS, REPORTING)
UNITS = {READING: "bytes", COUNTING: "lengths", MERGING: "lengths", CANDIDATES: "steps", FILTERS: "steps",
         WORD_COUNTS: "bytes", REFERENCE: "bytes", RANKING: "steps", SEGMENTING: "bytes", TRAINING: "epochs",
         EXPANDING: "steps", CONTEXTS: "bytes", REPORTING: "steps"}


def no_progress(stage, done, total):
    """The callback used when the caller passes none."""


def bytes_read(progress, stage, total):
    """A callback for corpus.iter_texts(on_bytes=...) that reports the bytes read so far as `stage`
    (reported at 0 at once)."""
    progress(stage, 0, total)
    done = 0

    def on_bytes(n):
        nonlocal done
        done += n
        progress(stage, done, total)
    return on_bytes
