from django.contrib import admin

from .models import Embedding


@admin.register(Embedding)
class EmbeddingAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "embedder", "dim", "updated_at")
    list_filter = ("kind", "embedder")
    readonly_fields = ("kind", "object_id", "content_hash", "embedder", "dim", "updated_at")
    exclude = ("vector",)
