"""Month names in templates go through ``short_date``: Django's ``date`` filter capitalises Dutch
abbreviations ("7 Okt 2026"), which is wrong in running Dutch text."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# |date with an M (month abbreviation) or b in its format; F (full month name) is lower case already.
ABBREVIATED_MONTH = re.compile(r"""\|date:["'][^"']*[Mb][^"']*["']""")


def test_no_template_abbreviates_a_month_with_the_date_filter():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ABBREVIATED_MONTH.search(line)
    ]
    assert offenders == [], "use |short_date instead: " + ", ".join(offenders)
