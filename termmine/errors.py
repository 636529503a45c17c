"""The exceptions termmine raises. The CLI turns each into a one-line message and exit status 1.

A message names a setting by its parameter, in backquotes (`max_len`, `min_count`): the library's name for
it. The command line writes the same message with its flag instead (--max-len, --min-count).
"""


class TermmineError(Exception):
    """A problem the user can fix; the message says what to do."""


class InputError(TermmineError):
    """A corpus file that cannot be read or decoded."""


class TableError(TermmineError):
    """A count table that is truncated, of another format version, or made with other settings."""
