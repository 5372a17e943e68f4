"""Writes to the municipality list."""

from .loading import load_municipalities, read_municipalities
from .models import Municipality


def ensure_municipalities() -> int:
    """Load the shipped list when the table is empty; return how many rows were created.

    The data migration fills the table once, but a database flush (``flush``, and the
    transactional test cases behind every browser test) empties it again while the
    migration stays applied. The demo seed calls this so it works on such a database.
    """
    if Municipality.objects.exists():
        return 0
    created, _updated = load_municipalities(Municipality, read_municipalities())
    return created
