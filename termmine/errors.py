"""The exceptions termmine raises. The CLI turns each into a one-line message and exit status 1."""


class TermmineError(Exception):
    """A problem the user can fix; the message says what to do."""


class InputError(TermmineError):
    """A corpus file that cannot be read or decoded."""


class TableError(TermmineError):
    """A count table that is truncated, of another format version, or made with other settings."""
