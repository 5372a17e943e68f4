"""CSV exports that are safe to open in a spreadsheet."""

# Cells starting with these would run as formulas in a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefix text a spreadsheet would run as a formula with a quote, so it stays text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
