"""Reading ids and numbers from query strings and URLs without trusting them.

`str.isdigit()` is true for '²' and other digits `int()` refuses, `int()` refuses more than 4,300
digits, and an id beyond the database's integer type makes SQLite raise OverflowError (PostgreSQL
an out-of-range error) in a lookup through a related key, such as a page type's `page_ptr`.
Each of these was a 500 (tests/badinput/test_every_input.py)."""

import re

MAX_ID = 2**31 - 1  # PostgreSQL `integer`: Wagtail's page ids and Django's AutoField
_DECIMAL = re.compile(r"[0-9]{1,19}")


def int_in_range(value, low=1, high=MAX_ID):
    """`value` (a string of ASCII digits) as an int when low <= it <= high, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _DECIMAL.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None
