"""write_terms(): a ranked term table to a file or stream, in one of several formats.

Files are written to a temporary file beside the target and renamed into place only when complete, so a
failure or an interrupt never leaves a partial file and never spoils a file that was there before
(files.atomic_file).
"""
import bz2
import gzip
import io
import itertools
import json
import lzma
import math
import os

import numpy as np

from .config import FORMATS
from .errors import TermmineError
from .files import atomic_file

# an output file's name gives its format (any other name: tsv) and, after it, its compression
NAMED_FORMATS = {".tsv": "tsv", ".csv": "csv", ".jsonl": "jsonl"}
COMPRESSORS = {".gz": gzip.GzipFile, ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}


def _suffixes(path):
    """(format suffix, compression suffix) of a file name, each '' if none: out.csv.gz -> .csv, .gz."""
    stem, last = os.path.splitext(os.path.basename(os.fspath(path)).lower())
    compression = last if last in COMPRESSORS else ""
    if compression:
        last = os.path.splitext(stem)[1]
    return last, compression


def output_format(path, fmt=None):
    """The format to write `path` in: `fmt` if given, else the one its name says (.tsv, .csv, .jsonl,
    each perhaps followed by .gz, .bz2 or .xz), else tsv. A `fmt` that another name says is an error."""
    named = NAMED_FORMATS.get(_suffixes(path)[0]) if path is not None and str(path) != "-" else None
    if fmt is None:
        return named or "tsv"
    if fmt not in FORMATS:
        raise TermmineError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if named and named != fmt:
        raise TermmineError(f"fmt '{fmt}' contradicts the name {path}, which says {named}")
    return fmt


def _float_cell(value):
    return "" if math.isnan(value) else f"{value:.4f}"


def _cell(value):
    """A value as text: a float to 4 places, None and NaN (not measured) empty."""
    if value is None:
        return ""
    return _float_cell(value) if isinstance(value, float) else str(value)


def _values(data, name):
    """A column of a DataFrame, or of a dict of columns (numpy arrays or lists), as a list or an array."""
    values = data[name]
    return values.to_numpy() if hasattr(values, "to_numpy") else values


def _as_list(values):
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _column_cells(values):
    """_cell of every value of a column, tabs turned into spaces."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        cells = [f"{v:.4f}" for v in values.tolist()]
        for i in np.flatnonzero(np.isnan(values)).tolist():
            cells[i] = ""
        return cells
    if isinstance(values, np.ndarray) and values.dtype.kind in "iub":
        return list(map(str, values.tolist()))
    return [_cell(v).replace("\t", " ") for v in _as_list(values)]


_TSV_ROWS = 1 << 14       # rows written at a time


def _json_value(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def render_terms(data, columns, fmt, stream):
    """Write the rows of `data` (a DataFrame, or a dict of columns: numpy arrays or lists), only
    `columns`, in order, to a text stream."""
    values = {name: _values(data, name) for name in columns}
    n_rows = len(values[columns[0]]) if columns else 0

    def rows():
        return zip(*(_as_list(values[name]) for name in columns))

    if fmt == "tsv":
        stream.write("\t".join(columns) + "\n")
        # rows are written by one %-format per chunk of rows: %d and %.4f for columns of numbers, which
        # print as str() and f"{:.4f}" do, %s for the others (cells made by _column_cells)
        specs, cells = [], []
        for name in columns:
            column = values[name]
            if isinstance(column, np.ndarray) and column.dtype.kind in "iu":
                specs.append("%d")
                cells.append(column.tolist())
            elif isinstance(column, np.ndarray) and column.dtype.kind == "f" and not np.isnan(column).any():
                specs.append("%.4f")
                cells.append(column.tolist())
            else:
                specs.append("%s")
                cells.append(_column_cells(column))
        row_format = "\t".join(specs) + "\n"
        for at in range(0, n_rows, _TSV_ROWS):
            chunk = list(itertools.chain.from_iterable(zip(*(c[at:at + _TSV_ROWS] for c in cells))))
            stream.write(row_format * (len(chunk) // max(len(columns), 1)) % tuple(chunk))
    elif fmt == "csv":
        import csv
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows():
            writer.writerow([_cell(v) for v in row])
    elif fmt == "jsonl":
        for row in rows():
            record = {c: _json_value(v) for c, v in zip(columns, row)}
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt in ("jieba", "hanlp"):
        from .filters import dictionary_tags
        count_column = "domain_count" if "domain_count" in columns else "count"
        terms = _as_list(_values(data, "term"))
        line = "{0} {1} {2}\n" if fmt == "jieba" else "{0} {2} {1}\n"      # word freq tag / word tag freq
        for term, count, tag in zip(terms, _as_list(_values(data, count_column)), dictionary_tags(terms)):
            if not term.strip() or any(ch.isspace() for ch in term):   # both read a line as fields split on spaces
                continue
            stream.write(line.format(term, max(int(count), 1), tag))
    elif fmt == "synonyms":
        if "group" not in columns:
            raise TermmineError("the synonyms format writes the variant groups that only `termmine mine` makes")
        members = {}
        for term, group in zip(_as_list(_values(data, "term")), _as_list(_values(data, "group"))):
            if "," not in term and "\n" not in term:          # a comma separates the members of a line
                members.setdefault(group, [group]).extend([term] if term != group else [])
        for group in members.values():
            if len(group) > 1:
                stream.write(",".join(group) + "\n")
    elif fmt == "words":
        for term in _as_list(_values(data, "term")):
            if term.strip():
                stream.write(term.replace("\n", " ") + "\n")
    elif fmt == "table":
        _render_table(list(rows()), columns, stream)
    else:
        raise TermmineError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")


def _width(text):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _render_table(rows, columns, stream):
    cells = [[c for c in columns]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(columns))]
    for k, row in enumerate(cells):
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - _width(text))
            parts.append(text + pad if i == 0 else pad + text)
        stream.write("  ".join(parts).rstrip() + "\n")
        if k == 0:
            stream.write("  ".join("-" * w for w in widths) + "\n")


def write_terms(data, columns, path=None, fmt=None, stream=None):
    """Write to `path` atomically (see atomic_file), or to `stream` if path is None or '-'. The format is
    `fmt`, or else the one the path's name says (output_format); a name ending in .gz, .bz2 or .xz is
    compressed so."""
    fmt = output_format(path, fmt)
    if path is None or str(path) == "-":
        render_terms(data, columns, fmt, stream)
        return
    compressor = COMPRESSORS.get(_suffixes(path)[1])
    if compressor is None:
        with atomic_file(path) as f:
            render_terms(data, columns, fmt, f)
        return
    with atomic_file(path, "wb") as f:
        # gzip: no name or time in the header, so that the same terms make the same file
        with (compressor(fileobj=f, mode="wb", mtime=0, filename="") if compressor is gzip.GzipFile
              else compressor(f, "wb")) as packed:
            text = io.TextIOWrapper(packed, encoding="utf-8", newline="")
            render_terms(data, columns, fmt, text)
            text.flush()
            text.detach()

