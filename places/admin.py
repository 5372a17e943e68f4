from django.contrib import admin

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province", "is_current"]
    list_filter = ["province", "is_current"]
    search_fields = ["name", "code"]
    ordering = ["name"]
