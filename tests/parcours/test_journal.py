"""The follow-up journal through the API: the parcours' staff log and edit it; stale edits are 409."""

import datetime as dt

import pytest

from parcours.models import BarrierChange

pytestmark = pytest.mark.django_db


def test_counsellor_logs_an_interview_a_barrier_an_action_and_an_appointment(world, client_for):
    client = client_for(world.counsellor)
    pk = world.followed.pk
    response = client.post(
        "/api/v1/follow-ups/",
        {
            "parcours": pk,
            "kind": "interview",
            "occurred_at": "2026-11-20T10:30",
            "duration_minutes": 45,
            "note": "Bilan",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["occurred_at"] == "2026-11-20T10:30:00+01:00"  # read in Europe/Paris
    barrier = client.post(
        "/api/v1/barriers/",
        {
            "parcours": pk,
            "type": "mobilite",
            "identified_on": "2026-11-20",
            "support": "external",
            "support_by": "Wimoov",
        },
        format="json",
    )
    assert barrier.status_code == 201, barrier.json()
    body = barrier.json()
    response = client.patch(f"/api/v1/barriers/{body['id']}/", {"status": "resolved", "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["resolved_on"] == world.ges.today().isoformat()
    stale = client.patch(f"/api/v1/barriers/{body['id']}/", {"status": "in_progress", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_write"
    assert list(BarrierChange.objects.values_list("previous_status", "status")) == [
        ("", "identified"),
        ("identified", "resolved"),
    ]
    action = client.post(
        "/api/v1/actions/",
        {
            "parcours": pk,
            "title": "Permis B",
            "due_date": "2027-01-15",
            "owner": world.counsellor.pk,
            "barrier": body["id"],
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    starts = (dt.datetime.now() - dt.timedelta(days=1)).replace(microsecond=0).isoformat()
    appointment = client.post(
        "/api/v1/appointments/",
        {"parcours": pk, "kind": "interview", "starts_at": starts, "attendance": "no_show"},
        format="json",
    )
    assert appointment.status_code == 201, appointment.json()
    for url in ("follow-ups", "barriers", "actions", "appointments"):
        assert client_for(world.counsellor2).get(f"/api/v1/{url}/?parcours={pk}").json()["count"] == 0
        assert client_for(world.manager).get(f"/api/v1/{url}/?parcours={pk}").json()["count"] == 1
        for user in (world.employer_contact, world.trainer, world.analyst, world.other_manager):
            assert client_for(user).get(f"/api/v1/{url}/").json()["count"] == 0
