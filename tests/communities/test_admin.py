import pytest
from django.contrib import admin
from django.urls import reverse

from communities import models

from .conftest import build_world
from .factories import UserFactory

COMMUNITY_MODELS = [m for m in admin.site._registry if m._meta.app_label == "communities"]


def test_every_community_model_has_an_admin():
    from django.apps import apps

    assert set(COMMUNITY_MODELS) == set(apps.get_app_config("communities").get_models())


@pytest.mark.parametrize("model", COMMUNITY_MODELS, ids=lambda m: m._meta.model_name)
def test_admin_changelist_search_and_change_pages_render(client, db, model):
    build_world(models.Visibility.MEMBERS_ONLY)
    admin_user = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    client.force_login(admin_user)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse(f"admin:{info[0]}_{info[1]}_changelist"), {"q": "gas"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk])).status_code == 200
