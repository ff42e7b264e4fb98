"""CSV cells that Excel or WPS would run as formulas (=HYPERLINK(...), +, -, @, or a leading tab
or carriage return) are written as text, with a leading apostrophe."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row):
    return [safe_cell(value) for value in row]
