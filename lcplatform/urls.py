from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("LC Platform administration")
admin.site.site_title = _("LC Platform")

urlpatterns = [
    path("", include("core.urls")),
    path("instruments/", include("instruments.urls")),
    path("communities/", include("communities.urls")),
    path("profile/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
