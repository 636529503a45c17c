"""An HTML report of a mining run, one self-contained file that works offline: a scatter of the terms by
frequency in the domain and in the reference, a searchable table of the top terms with the lines they occur
in, the candidates each rule dropped, and the run's settings and timings.

Bokeh draws the scatter and the table (its JavaScript is inlined). The data travel in one JSON block of
the page, compressed (gzip, then base64), which the browser unpacks with its own DecompressionStream:
Bokeh's own document would escape each Chinese character to six bytes, and the JSON shrinks to two
fifths (law's report: 3.0 MB, against 4.6 MB with the JSON as it is).
"""
import base64
import collections
import gzip
import json
import math
import time

import numpy as np

from .config import REPORT_CONTEXTS, REPORT_TERMS
from .corpus import iter_texts
from .errors import TermmineError
from .files import atomic_file, check_output_path
from .normalize import CharTables, nfkc_text
from .progress import CONTEXTS, bytes_read

CONTEXT_CHARS = 14         # characters shown on each side of a term in its contexts
RULE_EXAMPLES = 6          # dropped strings shown for each rule, the most frequent first
LABELS = 40                # labelled terms in the scatter, at most (the best that do not overlap)
# the scatter's size in pixels and its plotting area (the axes take the rest), for placing labels
PLOT_WIDTH, PLOT_HEIGHT = 700, 560
_AREA_LEFT, _AREA_RIGHT, _AREA_TOP, _AREA_BOTTOM = 70, 20, 40, 50
_LABEL_FONT_PX = 12


def check_report(path, report_terms=REPORT_TERMS, report_contexts=REPORT_CONTEXTS, flag="`report`"):
    """Before the long work: the report's file can be written (`flag`: what gave its path, for messages) and
    Bokeh is installed."""
    check_output_path(path, example="report.html", flag=flag)
    if not (isinstance(report_terms, int) and report_terms >= 1):
        raise TermmineError(f"`report_terms` must be a whole number of 1 or more, not {report_terms!r}")
    if not (isinstance(report_contexts, int) and report_contexts >= 0):
        raise TermmineError(f"`report_contexts` must be a whole number of 0 or more, not {report_contexts!r}")
    try:
        import bokeh  # noqa: F401
    except ImportError:
        raise TermmineError("the report needs Bokeh, which is not installed: pip install 'termmine[report]'") \
            from None


class StageClock:
    """A progress callback (termmine.progress) that notes when each stage starts, and passes every call
    on to `progress`; durations() gives the seconds of each stage, in the order they ran."""

    def __init__(self, progress=None):
        self.progress = progress
        self.started = {}
        self.origin = time.monotonic()

    def __call__(self, stage, done, total):
        self.started.setdefault(stage, time.monotonic())
        if self.progress is not None:
            self.progress(stage, done, total)

    def durations(self):
        now = time.monotonic()
        stages = sorted(self.started.items(), key=lambda item: item[1])
        ends = [start for _, start in stages[1:]] + [now]
        return [(stage, end - start) for (stage, start), end in zip(stages, ends)] + [("total", now - self.origin)]


def find_contexts(pieces, strings, per_string, width=CONTEXT_CHARS, keep_case=False):
    """Up to `per_string` lines in which each of `strings` occurs, as (left, match, right) with `width`
    characters on each side within the line: the first occurrence in each line, in the order of the text,
    no two alike. One pass over `pieces` (texts, as corpus.iter_texts gives them), which ends early once
    every string has its share. The text is matched as the counting saw it (NFKC, lower-case unless
    keep_case) and shown in its own case."""
    import ahocorasick
    wanted = sorted({s for s in strings if s})
    found = {s: [] for s in wanted}
    if not wanted or per_string <= 0:
        return found
    automaton = ahocorasick.Automaton()
    for s in wanted:
        automaton.add_word(s if keep_case else s.lower(), s)
    automaton.make_automaton()
    missing, tables = len(wanted), CharTables()
    last_line = {}          # string -> (piece, start of line) of its last context
    for number, piece in enumerate(pieces):
        shown = nfkc_text(piece, tables)
        lowered = shown if keep_case else shown.lower()
        if len(lowered) != len(shown):      # a character whose lower case is longer: show the text lowered
            shown = lowered
        for end, s in automaton.iter(lowered):
            kept = found[s]
            if len(kept) >= per_string:
                continue
            start = end - len(s) + 1
            line_start = shown.rfind("\n", 0, start) + 1
            if last_line.get(s) == (number, line_start):
                continue
            line_end = shown.find("\n", end + 1)
            line_end = len(shown) if line_end < 0 else line_end
            context = (shown[max(line_start, start - width):start], shown[start:end + 1],
                       shown[end + 1:min(line_end, end + 1 + width)])
            if context not in kept:
                kept.append(context)
                last_line[s] = (number, line_start)
                if len(kept) == per_string:
                    missing -= 1
        if missing == 0:
            break
    return found


def _label_positions(x, y, terms, x_range, y_range, count=LABELS):
    """Indices of the terms to label, best first: each whose label, set above its point, stays inside
    the plotting area and overlaps no label before it (x and y in data units, log axes)."""
    area_w = PLOT_WIDTH - _AREA_LEFT - _AREA_RIGHT
    area_h = PLOT_HEIGHT - _AREA_TOP - _AREA_BOTTOM
    lx0, lx1 = (math.log10(v) for v in x_range)
    ly0, ly1 = (math.log10(v) for v in y_range)
    boxes, chosen = [], []
    for i in range(min(len(terms), 20 * count)):
        px = (math.log10(x[i]) - lx0) / (lx1 - lx0) * area_w
        py = (math.log10(y[i]) - ly0) / (ly1 - ly0) * area_h
        w = sum(_LABEL_FONT_PX if ord(ch) > 0x2e80 else _LABEL_FONT_PX * 0.6 for ch in terms[i]) + 4
        box = (px - w / 2 - 3, py + 1, px + w / 2 + 3, py + 3 + _LABEL_FONT_PX + 3)   # with a margin
        if box[0] < 0 or box[2] > area_w or box[3] > area_h:
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        chosen.append(i)
        if len(chosen) == count:
            break
    return chosen


def _rounded(values, digits=4):
    """Numbers for JSON: rounded (whole numbers for digits=0), None where not finite."""
    return [None if v is None or not math.isfinite(v) else round(float(v), digits) if digits else int(round(v))
            for v in values]


def report_data(explanation, *, domain_tokens, reference_tokens, termhood_weight, report_terms=REPORT_TERMS,
                contexts=None, settings=(), timings=(), domain_bytes=None):
    """What the page shows, as one JSON-ready dict: from mine(explain=True)'s explanation, the token totals
    of the two corpora, the contexts (find_contexts) and the settings and timings as (name, value) pairs."""
    from .rules import RULES
    contexts = contexts or {}
    ranked = explanation[explanation["kept"] == "yes"]
    kept_terms = ranked["term"].tolist()
    domain = ranked["domain_count"].astype(float).to_numpy()
    reference = ranked["reference_count"].astype(float).to_numpy()
    score = (ranked["keyness"] + termhood_weight * ranked["termhood"]).to_numpy()
    dropped = explanation[explanation["kept"] == "no"]
    rule_index = {rule.name: i for i, rule in enumerate(RULES)}
    fired = [[rule_index[name] for name in names.split(",")] for names in dropped["rules"]]
    dropped_domain = dropped["domain_count"].astype(float).to_numpy()
    dropped_reference = dropped["reference_count"].astype(float).to_numpy()
    measured = np.isfinite(dropped_domain) & np.isfinite(dropped_reference) & (dropped_domain > 0)
    first_dropped = _first_dropped_by(dropped)
    rules = [{"name": rule.name, "stage": rule.stage, "description": rule.description,
              "dropped": len(first_dropped.get(rule.name, ())),
              "examples": first_dropped.get(rule.name, [])[:RULE_EXAMPLES]} for rule in RULES]
    x, y = _per_million(domain, domain_tokens), _per_million(reference, reference_tokens, at_least=0.5)
    x_range = _log_range(np.concatenate([x, _per_million(dropped_domain[measured], domain_tokens)]))
    y_range = _log_range(np.concatenate([y, _per_million(dropped_reference[measured], reference_tokens,
                                                         at_least=0.5)]))
    finite = score[np.isfinite(score)]
    return {
        "domain_tokens": int(domain_tokens), "reference_tokens": int(reference_tokens), "domain_bytes": domain_bytes,
        "table_terms": min(report_terms, len(kept_terms)),
        "terms": {"term": kept_terms, "domain_count": _rounded(domain, 0), "reference_count": _rounded(reference, 2),
                  "keyness": _rounded(ranked["keyness"], 3), "termhood": _rounded(ranked["termhood"], 3),
                  "score": _rounded(score, 3)},
        "dropped": {"term": dropped["term"].tolist(), "rules": fired,
                    "measured": np.flatnonzero(measured).tolist(),
                    "domain_count": _rounded(dropped_domain[measured], 0),
                    "reference_count": _rounded(dropped_reference[measured], 2)},
        "rules": rules,
        "contexts": {s: [list(c) for c in found] for s, found in contexts.items() if found},
        "labels": _label_positions(x, y, kept_terms, x_range, y_range),
        "x_range": x_range, "y_range": y_range,
        "score_range": [float(np.percentile(finite, 2)), float(np.percentile(finite, 98))] if finite.size else [0, 1],
        "settings": [[str(k), str(v)] for k, v in settings],
        "timings": [[str(k), round(float(v), 2)] for k, v in timings],
    }


def _per_million(counts, tokens, at_least=0.0):
    """Counts per million tokens, a count below `at_least` taken as it (the scatter's axes; the page's
    script draws the points by the same rule)."""
    return np.maximum(counts, at_least) * 1e6 / max(tokens, 1)


def _log_range(values):
    """A range for a log axis that holds `values` with a margin (1 to 10 if there are none)."""
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return [1.0, 10.0]
    lo, hi = math.log10(values.min()), math.log10(values.max())
    margin = max(0.05 * (hi - lo), 0.1)
    return [10 ** (lo - margin), 10 ** (hi + margin)]


def report_strings(explanation, report_terms=REPORT_TERMS):
    """The strings whose contexts the page shows: the table's terms and the examples of each rule."""
    kept = explanation.loc[explanation["kept"] == "yes", "term"].tolist()[:report_terms]
    examples = _first_dropped_by(explanation[explanation["kept"] == "no"])
    return kept + [term for _, terms in sorted(examples.items()) for term in terms[:RULE_EXAMPLES]]


def _first_dropped_by(dropped):
    """Rule name -> the strings of `dropped` (rows of an explanation) that it was the first to drop, the most
    frequent first (ties in the explanation's order)."""
    by_rule = collections.defaultdict(list)
    for row, (term, names, count) in enumerate(zip(dropped["term"], dropped["rules"], dropped["count"])):
        by_rule[names.split(",")[0]].append((-count, row, term))
    return {name: [term for _, _, term in sorted(rows)] for name, rows in by_rule.items()}


def render_report(data, title="termmine report"):
    """The page, as a string of HTML: Bokeh's scatter and table, and the page's own sections."""
    from bokeh.document import Document
    from bokeh.embed import file_html
    from bokeh.events import DocumentReady
    from bokeh.layouts import row
    from bokeh.models import (
        CDSView,
        ColorBar,
        ColumnDataSource,
        CustomJS,
        DataTable,
        HoverTool,
        IndexFilter,
        LabelSet,
        LinearColorMapper,
        NumberFormatter,
        Range1d,
        TableColumn,
        TapTool,
    )
    from bokeh.palettes import Viridis256
    from bokeh.plotting import figure
    from bokeh.resources import INLINE

    columns = ("term", "rank", "domain_count", "reference_count", "keyness", "termhood", "score")
    terms = ColumnDataSource({name: [] for name in columns + ("x", "y")}, name="terms")
    table_rows = ColumnDataSource({name: [] for name in columns}, name="table_rows")
    dropped = ColumnDataSource({"x": [], "y": [], "term": [], "rules": []}, name="dropped")
    labels = ColumnDataSource({"x": [], "y": [], "term": []}, name="labels")
    mapper = LinearColorMapper(palette=Viridis256, low=data["score_range"][0], high=data["score_range"][1])
    plot = figure(width=PLOT_WIDTH, height=PLOT_HEIGHT, x_axis_type="log", y_axis_type="log",
                  x_range=Range1d(*data["x_range"]), y_range=Range1d(*data["y_range"]),
                  x_axis_label="domain: per million tokens", tools="pan,wheel_zoom,box_zoom,reset,save",
                  y_axis_label="reference: per million tokens (a term it never holds at 0.5 of a count)",
                  title="Kept terms coloured by score; dropped candidates in grey", name="scatter")
    grey = plot.scatter("x", "y", source=dropped, size=4, color="#bbbbbb", alpha=0.5)
    points = plot.scatter("x", "y", source=terms, size=6, alpha=0.8, line_color=None,
                          fill_color={"field": "score", "transform": mapper},
                          selection_line_color="red", selection_line_width=2, nonselection_fill_alpha=0.5)
    plot.add_tools(HoverTool(renderers=[points], tooltips=[
        ("term", "@term"), ("rank", "@rank"), ("domain count", "@domain_count"),
        ("reference count", "@reference_count{0.00}"), ("keyness", "@keyness{0.000}"),
        ("termhood", "@termhood{0.000}"), ("score", "@score{0.000}")]))
    plot.add_tools(HoverTool(renderers=[grey], tooltips=[("dropped", "@term"), ("by", "@rules")]))
    plot.add_tools(TapTool(renderers=[points]))
    plot.add_layout(LabelSet(x="x", y="y", text="term", source=labels, text_font_size=f"{_LABEL_FONT_PX}px",
                             x_offset=0, y_offset=3, text_align="center"))
    plot.add_layout(ColorBar(color_mapper=mapper, title="score"), "right")
    view = CDSView(filter=IndexFilter(indices=[], name="table_filter"))
    formats = {"keyness": "0.000", "termhood": "0.000", "score": "0.000", "reference_count": "0.00"}
    table_columns = [TableColumn(field="term", title="term", width=150)] + [
        TableColumn(field=name, title=name.replace("_", " "), width=100 if name == "reference_count" else 70,
                    formatter=NumberFormatter(format=formats.get(name, "0"))) for name in columns if name != "term"]
    table = DataTable(source=table_rows, view=view, columns=table_columns, width=660, height=PLOT_HEIGHT,
                      index_position=None, sortable=True, reorderable=False, name="table")
    models = dict(terms=terms, table_rows=table_rows, dropped=dropped, labels=labels, filter=view.filter)
    terms.selected.js_on_change("indices", CustomJS(code="window.termmine.picked('scatter', cb_obj.indices)"))
    table_rows.selected.js_on_change("indices", CustomJS(code="window.termmine.picked('table', cb_obj.indices)"))
    document = Document()
    document.add_root(row(plot, table, name="report"))
    document.js_on_event(DocumentReady, CustomJS(args=models, code="window.termmine.start({terms, table_rows, "
                                                                   "dropped, labels, filter})"))
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    blob = base64.b64encode(gzip.compress(blob, compresslevel=9, mtime=0)).decode("ascii")
    return file_html(document, INLINE, title, template=_template(), template_variables={
        "data_json": blob, "page_script": _PAGE_SCRIPT, "page_style": _PAGE_STYLE, "data": data,
        "page_title": title})


def _template():
    from bokeh.core.templates import get_env
    return get_env().from_string(_PAGE_TEMPLATE)


def write_report(path, data, title="termmine report"):
    """render_report(data) written to `path`, whole or not at all."""
    page = render_report(data, title)
    with atomic_file(path) as f:
        f.write(page)
    return len(page.encode("utf-8"))


def read_report_data(path):
    """The data (report_data) that a report page written by write_report carries."""
    import re
    page = open(path, encoding="utf-8").read()
    block = re.search(r'<script type="application/gzip\+base64" id="termmine-data">(.*?)</script>', page, re.S)
    if block is None:
        raise TermmineError(f"{path}: not a termmine report (no data block)")
    return json.loads(gzip.decompress(base64.b64decode(block.group(1))))


def contexts_for(explanation, corpus, *, report_terms, report_contexts, keep_case, encoding, glob, jsonl_field,
                 max_chars, total_bytes, progress):
    """find_contexts() for report_strings(), over the corpus read once more (stage CONTEXTS)."""
    pieces = iter_texts(corpus, encoding=encoding, glob=glob, jsonl_field=jsonl_field, max_chars=max_chars,
                        on_bytes=bytes_read(progress, CONTEXTS, total_bytes))
    return find_contexts(pieces, report_strings(explanation, report_terms), report_contexts, keep_case=keep_case)


_PAGE_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0 1.5em 2em; color: #222; }
h1 { font-size: 1.4em; margin: .8em 0 .2em; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
#search-bar { margin: .8em 0; } #search { font-size: 1.05em; width: 22em; padding: .3em; }
#search-info { margin-left: 1em; }
#contexts { min-height: 3em; margin: .8em 0; }
.kwic { font-family: "Noto Sans Mono CJK SC", monospace; white-space: pre; margin: .1em 0; }
.kwic .left { display: inline-block; min-width: 16em; text-align: right; }
mark { background: #ffe27a; }
table.plain { border-collapse: collapse; } table.plain td, table.plain th { padding: .15em .8em .15em 0;
 text-align: left; vertical-align: top; }
.rule { margin: .6em 0 1em; } .rule .name { font-weight: bold; } .muted { color: #666; }
"""

_PAGE_TEMPLATE = """{% extends "file.html.jinja" %}
{% block preamble %}<style>{{ page_style }}</style>
<script type="application/gzip+base64" id="termmine-data">{{ data_json }}</script>
<script>{{ page_script }}</script>{% endblock %}
{% block contents %}
<h1>{{ page_title | e }}</h1>
<p class="muted">{{ data.terms.term | length }} terms kept, {{ data.dropped.term | length }} candidates dropped;
the table holds the best {{ data.table_terms }}. Click a point or a row to see the term in its lines.</p>
<div id="search-bar"><input id="search" type="search" placeholder="Search a term or a dropped string"
 autocomplete="off"><span id="search-info"></span></div>
{{ super() }}
<div id="contexts"></div>
<h2>What each rule dropped</h2>
{% for rule in data.rules if rule.dropped %}<details class="rule"><summary>
<span class="name">{{ rule.name | e }}</span> <span class="muted">({{ rule.stage | e }})</span>:
{{ rule.dropped }} dropped &mdash; {{ rule.description | e }}</summary>
{% for example in rule.examples %}<div class="example" data-term="{{ example | e }}"></div>{% endfor %}</details>
{% else %}<p>No rule dropped a candidate.</p>{% endfor %}
<h2>The run</h2>
<table class="plain">
<tr><th>domain tokens</th><td>{{ data.domain_tokens }}</td></tr>
<tr><th>reference tokens</th><td>{{ data.reference_tokens }}</td></tr>
{% if data.domain_bytes is not none %}<tr><th>domain bytes</th><td>{{ data.domain_bytes }}</td></tr>{% endif %}
{% for name, value in data.settings %}<tr><th>{{ name | e }}</th><td>{{ value | e }}</td></tr>{% endfor %}
</table>
<h2>Timings</h2>
<table class="plain">{% for name, seconds in data.timings %}<tr><th>{{ name | e }}</th><td>{{ seconds }} s</td></tr>
{% endfor %}</table>
{% endblock %}"""

# the page's own behaviour: fill Bokeh's sources from the JSON block once the document is ready, the
# search box (kept terms filter the table; a dropped string says which rules dropped it), and the
# contexts of the term picked in the scatter or the table
_PAGE_SCRIPT = r"""
window.termmine = (function () {
  let data = null, models = null, keptAt = null, droppedAt = null;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
  function kwic(term) {
    const lines = data.contexts[term] || [];
    if (!lines.length) return '<p class="muted">No lines kept for this string.</p>';
    return lines.map(([l, m, r]) => '<div class="kwic"><span class="left">' + esc(l) + '</span><mark>' + esc(m) +
      '</mark>' + esc(r) + '</div>').join("");
  }
  function show(i) {
    const t = data.terms;
    document.getElementById("contexts").innerHTML = '<h2>' + esc(t.term[i]) + '</h2><p class="muted">rank ' +
      (i + 1) + ', domain count ' + t.domain_count[i] + ', reference count ' + t.reference_count[i] + ', score ' +
      t.score[i] + '</p>' + kwic(t.term[i]);
  }
  function droppedWhy(j) {
    return data.dropped.rules[j].map((r) => data.rules[r].name + ' (' + esc(data.rules[r].description) + ')')
      .join('; then ');
  }
  function search(text) {
    const q = text.trim().toLowerCase(), t = data.terms.term, n = data.table_terms, rows = [];
    for (let i = 0; i < n; i++) if (!q || t[i].toLowerCase().includes(q)) rows.push(i);
    models.filter.indices = rows;
    const info = document.getElementById("search-info");
    if (!q) { info.textContent = ""; return; }
    let say = rows.length + " of the table's terms hold it.";
    const k = keptAt.get(q), j = droppedAt.get(q);
    if (k !== undefined) {
      say = "kept, rank " + (k + 1) + (k >= n ? " (below the table's " + n + " rows)" : "") + ". " + say;
      show(k);
    } else if (j !== undefined) {
      say = "dropped by " + data.dropped.rules[j].map((r) => data.rules[r].name).join(", then ") + ". " + say;
      document.getElementById("contexts").innerHTML = '<h2>' + esc(data.dropped.term[j]) + '</h2><p>dropped by ' +
        droppedWhy(j) + '</p>' + kwic(data.dropped.term[j]);
    } else if (!rows.length) {
      say = "not a candidate: too rare, or never cohesive enough to be proposed as a word.";
    }
    info.textContent = say;
  }
  async function unpack(text) {
    const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  async function start(m) {
    models = m;
    data = await unpack(document.getElementById("termmine-data").textContent);
    const t = data.terms, n = t.term.length, nd = data.domain_tokens, nr = data.reference_tokens;
    const x = t.domain_count.map((c) => c * 1e6 / Math.max(nd, 1));
    const y = t.reference_count.map((c) => Math.max(c, 0.5) * 1e6 / Math.max(nr, 1));
    const rank = Array.from({length: n}, (_, i) => i + 1);
    keptAt = new Map(t.term.map((s, i) => [s.toLowerCase(), i]));
    droppedAt = new Map(data.dropped.term.map((s, j) => [s.toLowerCase(), j]));
    models.terms.data = {x, y, rank, term: t.term, domain_count: t.domain_count,
      reference_count: t.reference_count, keyness: t.keyness, termhood: t.termhood, score: t.score};
    const cut = (a) => a.slice(0, data.table_terms);
    models.table_rows.data = {rank: cut(rank), term: cut(t.term), domain_count: cut(t.domain_count),
      reference_count: cut(t.reference_count), keyness: cut(t.keyness), termhood: cut(t.termhood),
      score: cut(t.score)};
    const d = data.dropped, at = d.measured;
    models.dropped.data = {x: d.domain_count.map((c) => c * 1e6 / Math.max(nd, 1)),
      y: d.reference_count.map((c) => Math.max(c, 0.5) * 1e6 / Math.max(nr, 1)),
      term: at.map((j) => d.term[j]), rules: at.map((j) => d.rules[j].map((r) => data.rules[r].name).join(", "))};
    models.labels.data = {x: data.labels.map((i) => x[i]), y: data.labels.map((i) => y[i]),
      term: data.labels.map((i) => t.term[i])};
    models.filter.indices = Array.from({length: data.table_terms}, (_, i) => i);
    document.querySelectorAll(".example").forEach((el) => {
      const s = el.dataset.term;
      el.innerHTML = '<div class="muted">' + esc(s) + '</div>' + kwic(s);
    });
    const box = document.getElementById("search");
    box.addEventListener("input", () => search(box.value));
    if (box.value) search(box.value);
    document.body.dataset.ready = "yes";
  }
  function picked(where, indices) {
    if (!indices.length || !models) return;
    const i = indices[0];
    // a point picked in the scatter is looked up in the table; a row picked in the table is marked in
    // the scatter, which calls this again with the same term, and leaves the table as it is
    if (where === "scatter" && models.table_rows.selected.indices[0] !== i) {
      const box = document.getElementById("search");
      box.value = data.terms.term[i];
      search(box.value);
    } else if (where === "table" && models.terms.selected.indices[0] !== i) {
      models.terms.selected.indices = [i];
    }
    show(i);
  }
  return {start, picked, search};
})();
"""
