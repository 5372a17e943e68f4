from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

admin.site.site_header = _("LC Platform administration")
admin.site.site_title = _("LC Platform")

urlpatterns = [
    path("", include("core.urls")),
    path("", include("home.urls")),
    path("instruments/", include("instruments.urls")),
    path("communities/", include("communities.urls")),
    # The apps below define full paths (for example communities/<slug>/value/),
    # so they can extend the pages of other apps without owning their prefix.
    path("", include("valuecreation.urls")),
    path("", include("reminders.urls")),
    path("", include("moderation.urls")),
    path("", include("discovery.urls")),
    path("", include("scans.urls")),
    path("", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("", include("privacy.urls")),
    path("profile/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Exempt from CSRF: the worst a forged request does is switch the interface
    # language, and a token in every page's header would make no page cacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
