"""Reading ids and numbers from the query string or a form without a server error.

`int()` accepts what the database cannot hold (25 digits overflow SQLite's 64-bit integer
in a foreign-key lookup) and `str.isdigit()` accepts digits that `int()` refuses ("²"), so
every view reads ids through `positive_id`.
"""

# The largest integer SQLite and PostgreSQL's bigint can store.
MAX_ID = 2**63 - 1


def positive_id(value: object) -> int | None:
    """The id in `value` (1 … MAX_ID), or None when it is missing, not a number or too large."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
