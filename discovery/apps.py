from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from django.db.backends.signals import connection_created

        from core.contentversion import ignore_tables
        from instruments.catalogue import SearchEngine, register_search
        from instruments.panels import register_fact

        from .selectors import in_a_route_fact

        # The routes panel on the instrument page skips its query for an instrument in no route.
        register_fact("in_a_route", in_a_route_fact)
        # Routes, context ratings and related instruments on the instrument page.
        from . import panels

        panels.register()

        from . import signals
        from .search import filter_instruments, hybrid_instrument_matches, instrument_meaning_pending
        from .sqlite import register_functions

        # The catalogue's free-text filter is this app's search (instruments cannot import discovery);
        # its q is hybrid: full text fused with the nearest in meaning (semantic), the meaning part
        # after first paint when the query's vector is not cached yet (meaning_pending, meaning=1).
        register_search(
            SearchEngine(
                filter=filter_instruments,
                matches=hybrid_instrument_matches,
                meaning_pending=instrument_meaning_pending,
            )
        )

        # SQLite has no trigram index; a small SQL function gives the fallback typo tolerance.
        connection_created.connect(register_functions, dispatch_uid="discovery_sqlite_functions")

        # Stored associations go stale when their inputs change (refreshed off the request path).
        signals.connect()
        # Derived rows: the write that made them stale (an instrument, a use, an experience) already
        # raised its table's version; a refresh raising theirs would miss the pages that show them once
        # more, per refresh (a stand-up answer can queue one). Until the refresh lands (debounced,
        # seconds) a cached page may show the previous list, for at most PAGE_CACHE_SECONDS.
        ignore_tables("discovery_association", "discovery_staleassociation")
