"""The Sites framework's one site follows ``SITE_URL``.

allauth builds the links and the greeting of its mails (sign-up verification,
password reset) from ``Site.objects.get_current()``; left alone that says
"example.com". Every ``migrate`` (``make run`` runs one) writes the domain of
``SITE_URL`` into the site row, so mails name the address the platform is served on.
"""

from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "LC Platform"


def site_domain(site_url: str | None = None) -> str:
    """The host (and port, when not the default) of ``site_url``: ``127.0.0.1:8000``."""
    parsed = urlsplit(site_url or settings.SITE_URL)
    return parsed.netloc or "127.0.0.1:8000"


def sync_site(*, using: str = "default") -> None:
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": SITE_NAME}
    )
    Site.objects.clear_cache()


def sync_site_after_migrate(sender, using="default", **kwargs) -> None:
    # post_migrate is sent once per app; the sites app's signal comes after its table exists.
    if sender.label == "sites":
        sync_site(using=using)
