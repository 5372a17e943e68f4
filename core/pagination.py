"""Pagination helpers shared by the lists of every app."""

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    """A paginator told its count, so it does not count the rows a second time.

    For lists whose total is already known (from a cached summary or a list of matching ids).
    """

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count (a cached_property)
