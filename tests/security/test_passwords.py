"""Django's password validators, where passwords are set: the admin's user forms (the app has no
password reset nor self-service password change; createsuperuser and changepassword run them too)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from organisations.models import User

pytestmark = pytest.mark.django_db

WEAK = ["12345678", "password", "court1", "marie.dupont@example.test"]
STRONG = "Un-mot-de-passe-solide-42"


@pytest.mark.parametrize("password", WEAK)
def test_validators_reject_weak_passwords(password):
    user = User(email="marie.dupont@example.test", first_name="Marie", last_name="Dupont")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_validators_accept_a_strong_password():
    validate_password(STRONG, User(email="marie.dupont@example.test"))


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin@example.test", STRONG))
    return client


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client):
    form = {
        "email": "new@example.test",
        "password1": "12345678",
        "password2": "12345678",
        "memberships-TOTAL_FORMS": "0",  # the memberships inline (read-only)
        "memberships-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/organisations/user/add/", form)
    assert response.status_code == 200  # the form again, with its errors
    assert "Ce mot de passe est trop courant." in response.content.decode()
    assert not User.objects.filter(email="new@example.test").exists()
    response = admin_client.post("/admin/organisations/user/add/", {**form, "password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    assert User.objects.get(email="new@example.test").check_password(STRONG)


def test_the_admin_refuses_a_weak_password_change(admin_client, world):
    url = f"/admin/organisations/user/{world.counsellor.pk}/password/"
    response = admin_client.post(url, {"password1": "azertyui", "password2": "azertyui"})
    assert response.status_code == 200
    world.counsellor.refresh_from_db()
    assert not world.counsellor.check_password("azertyui")
    assert admin_client.post(url, {"password1": STRONG, "password2": STRONG}).status_code == 302
    world.counsellor.refresh_from_db()
    assert world.counsellor.check_password(STRONG)
