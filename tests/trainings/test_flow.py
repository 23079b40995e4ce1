"""The whole way through, as each role: enrol, accept, start_training; VAE to a partial validation."""

from tests.trainings.conftest import apply, fire_enrolment, fire_vae, open_vae


def test_enrolment_then_start_training(world, campus, client_for):
    counsellor, trainer = client_for(world.counsellor), client_for(campus.trainer)
    response = apply(counsellor, world.followed, campus.session, comment="Projet AS validé")
    assert response.status_code == 201, response.json()
    enrolment = response.json()
    assert enrolment["state"] == "applied"
    assert enrolment["parcours"] == world.followed.pk

    parcours = counsellor.get(f"/api/v1/parcours/{world.followed.pk}/").json()
    blocked = {o["name"]: o for o in parcours["available_transitions"]}["start_training"]
    assert blocked["allowed"] is False
    assert blocked["reasons"][0]["code"] == "no_accepted_enrolment"

    seen_by_trainer = trainer.get(f"/api/v1/enrolments/{enrolment['id']}/").json()
    assert "parcours" not in seen_by_trainer
    assert seen_by_trainer["person"] == {
        "first_name": world.followed.person.first_name,
        "last_name": world.followed.person.last_name,
    }
    response = fire_enrolment(trainer, enrolment["id"], "accept")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "accepted"

    response = counsellor.post(f"/api/v1/parcours/{world.followed.pk}/transitions/start_training/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "training"


def test_vae_to_partial_validation(world, campus, client_for):
    counsellor = client_for(world.counsellor)
    response = open_vae(counsellor, world.followed)
    assert response.status_code == 201, response.json()
    application = response.json()
    assert application["state"] == "project"
    assert application["experience"] == {"hours": "0.00", "required_hours": 1607, "percent": 0}
    for name, body in [
        ("submit_feasibility", {}),
        ("declare_admissible", {}),
        ("submit_validation_file", {}),
        ("schedule_jury", {"date": world.ges.today().isoformat()}),
        ("validate_partial", {"validated_blocs": [1, 3]}),
    ]:
        response = fire_vae(counsellor, application["id"], name, **body)
        assert response.status_code == 200, (name, response.json())
    body = response.json()
    assert body["state"] == "validated_partial"
    assert [bloc["number"] for bloc in body["validated_blocs"]] == [1, 3]
    assert [bloc["number"] for bloc in body["missing_blocs"]] == [2, 4, 5]
    assert [step["target"] for step in body["steps"]] == [
        "project",
        "feasibility_submitted",
        "admissible",
        "validation_file_submitted",
        "jury_scheduled",
        "validated_partial",
    ]
