"""Reading corpora: files, folders, '-' (stdin), compressed files, JSON lines, several encodings.

iter_texts() yields pieces of text of bounded size, each ending at a line end where there is one, so
memory does not grow with the size of a file. A text with no line end for `max_chars` characters is cut
before the last Latin/digit run (never inside a token). rereadable() makes a corpus that can be read twice
(mine reads it once to count, once for word counts), spooling stdin or an iterator of texts to a file.
"""
import bz2
import codecs
import contextlib
import dataclasses
import gzip
import io
import json
import lzma
import os
import re
import shutil
import sys
import zlib
from pathlib import Path

from .errors import InputError, TermmineError
from .files import temporary_folder

BLOCK_BYTES = 1 << 20
MAX_CHARS = 1 << 20
_DECOMPRESS_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error)


@dataclasses.dataclass(frozen=True)
class Source:
    """One input: a path, or '-' for standard input; `label` is how messages name it, if not by path
    (standard input spooled to a temporary file is still called '-')."""
    name: str
    label: str = None

    @property
    def shown(self):
        return self.label or self.name

    @property
    def is_stdin(self):
        return self.name == "-"


def list_sources(paths, glob="*.txt"):
    """Expand paths (files, folders searched recursively for `glob`, '-') into a sorted list of Sources."""
    sources = []
    for item in paths:
        p = os.fspath(item)
        if p == "-":
            sources.append(Source("-"))
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob(glob) if f.is_file())
            if not found:
                raise InputError(f"{p}: no files matching '{glob}' in this folder; pass `glob` to choose others")
            sources.extend(Source(str(f)) for f in found)
        elif path.exists():
            sources.append(Source(p, getattr(item, "label", None)))
        else:
            raise InputError(f"{p}: no such file or folder")
    return sources


# compressed data is known by its first bytes, whatever the file's name
_COMPRESSED = ((b"\x1f\x8b", gzip.open), (b"BZh", bz2.open), (b"\xfd7zXZ\x00", lzma.open))
_ZIP = b"PK\x03\x04"
_HEAD_BYTES = 512


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes, read to tell what it holds, are put back in front of the rest."""

    def __init__(self, head, rest):
        self.head, self.rest = head, rest

    def readable(self):
        return True

    def readinto(self, buffer):
        if not self.head:
            return self.rest.readinto(buffer)
        n = min(len(buffer), len(self.head))
        buffer[:n] = self.head[:n]
        self.head = self.head[n:]
        return n


def _read_head(stream):
    head = b""
    while len(head) < _HEAD_BYTES:
        more = stream.read(_HEAD_BYTES - len(head))
        if not more:
            break
        head += more
    return head


def _zip_message(head, name):
    """What to say of a zip archive: a count table (an .npz, whose members are .npy arrays) or other."""
    name_size = int.from_bytes(head[26:28], "little")
    first_member = head[30:30 + name_size]
    if first_member.endswith(b".npy"):
        return f"{name}: is a count table (.npz), not text; pass it to mine with `reference`, or to merge"
    return (f"{name}: is a zip archive, not text; unpack it and pass the files inside "
            "(save a .docx or .epub, which are zip archives too, as text)")


@contextlib.contextmanager
def _opened(source, data=None):
    """A binary stream of a source's text, decompressed if it is gzip, bzip2 or xz data (whatever its
    name); `data` is the source's bytes if they were read already. A zip archive is an InputError."""
    if data is not None:
        raw = io.BytesIO(data)
    elif source.is_stdin:
        raw = sys.stdin.buffer
    else:
        try:
            raw = open(source.name, "rb")
        except OSError as e:
            raise InputError(f"{source.shown}: cannot open ({e.strerror or e})") from None
    try:
        head = _read_head(raw)
        if head.startswith(_ZIP):
            raise InputError(_zip_message(head, source.shown))
        stream = io.BufferedReader(_Prefixed(head, raw), BLOCK_BYTES)
        for magic, opener in _COMPRESSED:
            if head.startswith(magic):
                stream = opener(stream, "rb")       # closing it leaves `raw` open
                break
        yield stream
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def _sniff_bom(head):
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", 0
    return None, 0


_CONTROL = bytes(set(range(1, 32)) - {9, 10, 12, 13, 27})   # NUL inside text is allowed


def _looks_binary(head):
    """Control-heavy bytes at the start: an image, an archive, random data."""
    if not head:
        return False
    sample = head[:8192]
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls > 0.05 * len(sample)


class _UndecodableError(InputError):
    """Bytes that are not text in the encoding tried: with --encoding auto, try another."""


# what a decoder says of a multi-byte character that the end of the text cuts off
_CUT_SHORT = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")


def _iter_decoded(stream, name, encoding, on_bytes=None):
    """Decode a binary stream block by block; errors name the byte offset and suggest --encoding."""
    first = True
    decoder = None
    offset = 0
    while True:
        try:
            block = stream.read(BLOCK_BYTES)
        except _DECOMPRESS_ERRORS as e:
            raise InputError(f"{name}: the compressed data is damaged or truncated ({e})") from None
        final = not block
        if first:
            bom_encoding, skip = _sniff_bom(block)
            if bom_encoding is None and _looks_binary(block):
                if name == "-":
                    raise InputError("-: looks like binary data, not text; pipe text into termmine")
                raise InputError(f"{name}: looks like a binary file, not text; pass text files "
                                 "(or `glob` to choose which files of a folder are read)")
            enc = bom_encoding or encoding
            decoder = codecs.getincrementaldecoder(enc)("strict")
            block = block[skip:]
            offset = skip
            first = False
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as e:
            # the decoder reports offsets in the bytes it held back from the last block and this one
            at = offset - (len(e.object) - len(block)) + e.start
            if final and e.reason in _CUT_SHORT:
                raise InputError(f"{name}: the text ends inside a character (offset {at}); the file looks "
                                 "truncated: cut it at a line end, or copy it again whole") from None
            hint = "`encoding` gb18030 (or `encoding` auto)" if enc.replace("-", "").lower() == "utf8" \
                else "another `encoding`"
            raise _UndecodableError(f"{name}: could not decode as {enc} (byte 0x{e.object[e.start]:02x} at "
                                    f"offset {at}); pass {hint}") from None
        offset += len(block)
        if on_bytes and block:
            on_bytes(len(block))
        if text:
            yield text
        if final:
            return


def _is_utf8(source, data=None):
    """Whether a source decodes as UTF-8 (or has a BOM); errors other than undecodable bytes are raised."""
    with _opened(source, data) as stream:
        try:
            for _ in _iter_decoded(stream, source.shown, "utf-8"):
                pass
        except _UndecodableError:
            return False
    return True


def _iter_lines_bounded(pieces, max_chars):
    """Regroup decoded text into pieces that end at a line end, or are cut at max_chars."""
    pending = ""
    for text in pieces:
        pending += text
        while len(pending) >= max_chars:
            cut = pending.rfind("\n", 0, max_chars) + 1
            if cut == 0:
                cut = _safe_cut(pending, max_chars)
            yield pending[:cut]
            pending = pending[cut:]
    if pending:
        yield pending


_CUTTABLE = re.compile(r"[^\w.\-+#\u0300-\u036f]")


def _safe_cut(text, limit):
    """A cut point at most `limit`: just after the last punctuation, space or symbol (a hard boundary,
    so that no n-gram is lost); failing that, before the last Latin/digit run (never inside a token)."""
    found = _CUTTABLE.search(text[limit - 1::-1])
    if found:
        return limit - found.start()
    cut = limit
    while cut > 0 and (text[cut - 1].isascii() and (text[cut - 1].isalnum() or text[cut - 1] in ".-_+#")):
        cut -= 1
    return cut if cut > 0 else limit


def iter_json_field(lines, name, field, error=InputError, advice=("", "")):
    """The string in `field` of each JSON line (blank lines skipped); `error` naming the file and line
    where a line is not JSON or has no such string, with advice[0] or advice[1] added."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise error(f"{name}: line {lineno} is not valid JSON ({e.msg}){advice[0]}") from None
        if not isinstance(record, dict) or field not in record:
            raise error(f"{name}: line {lineno} has no field '{field}'{advice[1]}")
        value = record[field]
        if not isinstance(value, str):
            raise error(f"{name}: line {lineno}: field '{field}' is not a string")
        yield value


_JSONL_ADVICE = ("; pass the file without `jsonl_field` if it is plain text", "; check `jsonl_field`")


def _iter_text_lines(pieces):
    pending = ""
    for text in pieces:
        pending += text
        lines = pending.split("\n")
        pending = lines.pop()
        for line in lines:
            yield line
    if pending:
        yield pending


def iter_source_texts(source, encoding="utf-8", jsonl_field=None, max_chars=MAX_CHARS, notify=None,
                      on_bytes=None):
    """Pieces of text of one source."""
    enc, data = encoding, None
    if encoding.lower() == "auto":
        if source.is_stdin:
            data = sys.stdin.buffer.read()     # read twice: to tell its encoding, then to decode it
        enc = "utf-8"
        if not _is_utf8(source, data):
            enc = "gb18030"
            if notify:
                notify(f"{source.shown}: not UTF-8, reading it as GB18030")
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise TermmineError(f"unknown encoding '{encoding}'; "
                                "pass a Python codec name such as utf-8 or gb18030, or auto") from None
    with _opened(source, data) as stream:
        pieces = _iter_decoded(stream, source.shown, enc, on_bytes)
        if jsonl_field:
            pieces = (value + "\n" for value in
                      iter_json_field(_iter_text_lines(pieces), source.shown, jsonl_field, advice=_JSONL_ADVICE))
        yield from _iter_lines_bounded(pieces, max_chars)


def iter_texts(corpus, encoding="utf-8", glob="*.txt", jsonl_field=None, max_chars=None, notify=None,
               on_bytes=None):
    """Pieces of text of a corpus, of at most max_chars characters (MAX_CHARS if None).

    `corpus` is a path (str or PathLike), a list of PathLike paths ('-' as Path('-') is stdin), or any
    other iterable of strings, each string a text.
    """
    max_chars = max_chars or MAX_CHARS
    if isinstance(corpus, (str, os.PathLike)):
        corpus = [Path(corpus)]
    elif not hasattr(corpus, "__iter__"):
        raise TermmineError(f"expected a path or an iterable of texts, got {type(corpus).__name__}")
    if isinstance(corpus, (list, tuple)) and corpus and all(isinstance(c, os.PathLike) for c in corpus):
        for source in list_sources(corpus, glob):
            yield from iter_source_texts(source, encoding, jsonl_field, max_chars, notify, on_bytes)
        return
    for text in corpus:
        if not isinstance(text, str):
            raise TermmineError(f"expected strings or paths in the corpus, got {type(text).__name__}")
        yield from _iter_lines_bounded([text + "\n"], max_chars)


def corpus_bytes(corpus, glob="*.txt"):
    """Total bytes of the files of a path corpus (for progress), or None if unknown."""
    if isinstance(corpus, (str, os.PathLike)):
        corpus = [Path(corpus)]
    if not (isinstance(corpus, (list, tuple)) and corpus and all(isinstance(c, os.PathLike) for c in corpus)):
        return None
    try:
        sources = list_sources(corpus, glob)
        if any(s.is_stdin for s in sources):
            return None
        return sum(os.path.getsize(s.name) for s in sources)
    except (TermmineError, OSError):
        return None


def check_corpus(paths, texts, names=("paths", "texts="), what="corpus", required=True):
    """(paths, texts): a corpus given to the library either as paths or as texts, never guessed.

    paths: a str or PathLike (a file, a folder, or '-' for standard input) or an iterable of them;
    returned as a list (strings made Paths). texts: an iterable of strings, one text each; returned as
    given (its items are checked here if it is a list or tuple, else as they are read). `names` are
    the two parameters as messages name them. Neither given: an error if `required`, else (None, None).
    A string path that does not exist is an error here, with a hint: it may be a text passed as a path
    (Path objects, as the command line passes, are left to list_sources).
    """
    paths_name, texts_name = names
    if paths is not None and texts is not None:
        raise TermmineError(f"pass the {what} as {paths_name} or as {texts_name}, not both")
    if texts is not None:
        if isinstance(texts, (str, bytes)):
            raise TermmineError(f"{texts_name} takes an iterable of strings, not one string; "
                                "pass [text] for one text")
        if not hasattr(texts, "__iter__"):
            raise TermmineError(f"{texts_name} takes an iterable of strings, not {type(texts).__name__}")
        if isinstance(texts, (list, tuple)):
            for i, text in enumerate(texts):
                if not isinstance(text, str):
                    raise TermmineError(f"{texts_name.rstrip('=')}[{i}] is {type(text).__name__}, not a string; "
                                        f"{texts_name} takes texts, {paths_name} takes paths")
        return None, texts
    if paths is None:
        if required:
            raise TermmineError(f"no {what}: pass {paths_name} (files, folders or '-') or {texts_name} (strings)")
        return None, None
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, bytes) or not hasattr(paths, "__iter__"):
        raise TermmineError(f"{paths_name} takes a path (str or PathLike) or a list of them, "
                            f"not {type(paths).__name__}")
    paths = list(paths)
    if not paths:
        raise TermmineError(f"{paths_name.rstrip('=')} is empty: no file to read")
    out = []
    for i, path in enumerate(paths):
        if not isinstance(path, (str, os.PathLike)):
            raise TermmineError(f"{paths_name.rstrip('=')}[{i}] is {type(path).__name__}, not a path (str or "
                                f"PathLike); {texts_name} takes texts")
        if isinstance(path, str):
            if path != "-" and not os.path.exists(path):
                shown = path if len(path) <= 40 else path[:40] + "…"
                raise InputError(f"'{shown}': no such file or folder (in {paths_name}); "
                                 f"to pass texts, use {texts_name}")
            path = Path(path)
        out.append(path)
    return out, None


@contextlib.contextmanager
def rereadable(paths, texts, tmpdir=None):
    """(paths, texts) of a corpus (corpus.check_corpus) in a form that can be read twice: stdin and
    one-shot iterators of texts are spooled to a temporary file, removed afterwards."""
    paths, texts = check_corpus(paths, texts)
    if isinstance(texts, (list, tuple)) or (paths is not None and not any(os.fspath(c) == "-" for c in paths)):
        yield paths, texts
        return
    with temporary_folder(tmpdir) as folder:
        if paths is not None:
            out = []
            for c in paths:
                if os.fspath(c) == "-":
                    spooled = Path(folder) / "stdin"
                    with open(spooled, "wb") as f:
                        shutil.copyfileobj(sys.stdin.buffer, f)
                    out.append(_Named(spooled, "-"))
                else:
                    out.append(c)
            yield out, None
        else:
            spooled = Path(folder) / "texts.txt"
            with open(spooled, "w", encoding="utf-8") as f:
                for i, text in enumerate(texts):
                    if not isinstance(text, str):
                        raise TermmineError(f"texts yielded {type(text).__name__} (item {i}), not a string")
                    f.write(text.replace("\n", " ") + "\n")
            yield [spooled], None


class _Named(os.PathLike):
    """A spooled file that keeps the name the user gave ('-') for messages."""

    def __init__(self, path, label):
        self.path, self.label = Path(path), label

    def __fspath__(self):
        return os.fspath(self.path)
