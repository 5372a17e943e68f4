from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SemanticConfig(AppConfig):
    name = "semantic"
    verbose_name = _("Associative search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.contentversion import ignore_tables

        from . import signals

        signals.connect()
        _offer_to_exchange()
        # Vectors are derived rows: the write that changed their object already raised its table's
        # version; storing them after the commit raising theirs would miss the search pages twice.
        ignore_tables("semantic_embedding")


def _offer_to_exchange() -> None:
    """exchange's pages read by meaning through its registry (exchange sits below semantic)."""
    from exchange import meaning

    from . import selectors

    meaning.register(
        meaning.Meaning(
            similar_threads=lambda user, text, limit: [
                pk for pk, _score in selectors.similar_threads(user, text, k=limit)
            ],
            instruments_for_request=lambda request, limit, exclude: [
                pk for pk, _score in selectors.instruments_for_request(request, k=limit, exclude=exclude)
            ],
        )
    )
