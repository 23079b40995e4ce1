"""Django admin: every model has working pages; a parcours' phase is shown, never editable."""

import pytest
from django.contrib import admin
from django.urls import reverse

from organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    superuser = User.objects.create_superuser("admin@example.test", "an-admin-passw0rd")
    client.force_login(superuser)
    return client


def test_every_model_has_a_working_changelist(admin_client):
    from django.apps import apps

    ours = [m for m in apps.get_models() if m._meta.app_label in {"organisations", "parcours"}]
    for model in ours:
        assert model in admin.site._registry, f"{model.__name__} is not in the admin"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url


def test_parcours_page_shows_transitions_and_no_phase_input(admin_client, world):
    url = reverse("admin:parcours_parcours_change", args=[world.followed.pk])
    page = admin_client.get(url).content.decode()
    assert "Transitions possibles depuis cette phase" in page
    assert "Sortie du parcours" in page
    assert 'name="phase"' not in page
    assert admin_client.get(reverse("admin:parcours_parcours_add")).status_code == 403


def test_transition_log_is_read_only_in_admin(admin_client, world):
    row = world.followed.transitions.first()
    url = reverse("admin:parcours_phasetransition_change", args=[row.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="comment"' not in page
    assert admin_client.post(reverse("admin:parcours_phasetransition_delete", args=[row.pk])).status_code == 403
