"""The trainings admin pages work; a session keeps its training body once it has enrolments, and
its capacity never drops below the seats already given."""

import pytest
from django.urls import reverse

from organisations.models import User
from tests.trainings.conftest import apply, fire_enrolment
from trainings.models import Certification, Enrolment, Training, TrainingSession, VaeApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin@example.test", "an-admin-passw0rd"))
    return client


def test_admin_pages(admin_client, world, campus, client_for):
    apply(client_for(world.counsellor), world.followed, campus.session)
    client_for(world.counsellor).post(
        "/api/v1/vae-applications/", {"parcours": world.followed.pk, "certification": "DEAS"}, format="json"
    )
    for model, pk in [
        (Certification, campus.deas.pk),
        (Training, campus.training.pk),
        (TrainingSession, campus.session.pk),
        (Enrolment, Enrolment.objects.get().pk),
        (VaeApplication, VaeApplication.objects.get().pk),
    ]:
        name = model._meta.model_name
        assert admin_client.get(reverse(f"admin:trainings_{name}_changelist")).status_code == 200, name
        assert admin_client.get(reverse(f"admin:trainings_{name}_change", args=[pk])).status_code == 200, name
    for name in ("enrolment", "vaeapplication"):
        assert admin_client.get(reverse(f"admin:trainings_{name}_add")).status_code == 403


def test_a_session_with_enrolments_keeps_its_training_body_and_its_seats(admin_client, world, campus, client_for):
    url = reverse("admin:trainings_trainingsession_change", args=[campus.session.pk])
    form = {
        "training": campus.training.pk,
        "training_body": campus.other_body.pk,
        "start_date": campus.session.start_date.isoformat(),
        "end_date": campus.session.end_date.isoformat(),
        "place": "Lyon 7e",
        "capacity": 1,
    }
    assert admin_client.post(url, form).status_code == 302  # no enrolment yet: anything may change
    campus.session.refresh_from_db()
    assert (campus.session.training_body, campus.session.capacity) == (campus.other_body, 1)

    TrainingSession.objects.filter(pk=campus.session.pk).update(training_body=world.training_body, capacity=2)
    for parcours in (world.followed, world.unfollowed):
        enrolment = apply(client_for(world.manager), parcours, campus.session).json()["id"]
        assert fire_enrolment(client_for(world.trainer), enrolment, "accept").status_code == 200
    response = admin_client.post(url, form)
    assert response.status_code == 200  # the form comes back with its error
    assert "2 places sont déjà attribuées" in response.content.decode()
    assert admin_client.post(url, {**form, "capacity": 3}).status_code == 302
    campus.session.refresh_from_db()
    # The training body field was read-only: the enrolments' trainers are still the right ones.
    assert (campus.session.training_body, campus.session.capacity) == (world.training_body, 3)
