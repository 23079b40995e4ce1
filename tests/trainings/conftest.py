"""Training fixtures: the World's training body runs a DEAS session of 2 seats; a second training
body with its own trainer and session stands outside."""

import datetime as dt
from dataclasses import dataclass

import pytest

from organisations.models import Organisation, User
from tests.factories import OrganisationFactory, member
from trainings.models import Certification, Training, TrainingSession


@dataclass
class Campus:
    deas: Certification
    training: Training
    session: TrainingSession  # world.training_body, 2 seats, started a week ago, for 90 days
    trainer: User  # world.trainer
    other_body: Organisation
    other_trainer: User
    other_session: TrainingSession


def make_session(*, training: Training, training_body: Organisation, capacity: int = 2, start_in_days: int = -7):
    start = dt.date.today() + dt.timedelta(days=start_in_days)
    return TrainingSession.objects.create(
        training=training,
        training_body=training_body,
        start_date=start,
        end_date=start + dt.timedelta(days=90),
        place="Lyon 7e",
        capacity=capacity,
    )


@pytest.fixture
def campus(world):
    deas = Certification.objects.get(code="DEAS")
    training = Training.objects.create(title="DEAS — parcours complet", certification=deas, duration_hours=1540)
    training.blocs.set(deas.blocs.all())
    other_body = OrganisationFactory(name="Croix-Rouge Formation", training_body=True, structure_type="")
    return Campus(
        deas=deas,
        training=training,
        session=make_session(training=training, training_body=world.training_body),
        trainer=world.trainer,
        other_body=other_body,
        other_trainer=member(other_body, "trainer"),
        other_session=make_session(training=training, training_body=other_body),
    )


def apply(client, parcours, session, **body):
    return client.post("/api/v1/enrolments/", {"parcours": parcours.pk, "session": session.pk, **body}, format="json")


def fire_enrolment(client, enrolment_id: int, name: str, **body):
    return client.post(f"/api/v1/enrolments/{enrolment_id}/transitions/{name}/", body, format="json")


def open_vae(client, parcours, certification="DEAS", **body):
    return client.post(
        "/api/v1/vae-applications/", {"parcours": parcours.pk, "certification": certification, **body}, format="json"
    )


def fire_vae(client, application_id: int, name: str, **body):
    return client.post(f"/api/v1/vae-applications/{application_id}/transitions/{name}/", body, format="json")
