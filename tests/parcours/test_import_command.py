"""manage.py import_parcours: dry run, per-row errors on stderr with a non-zero exit, all or
nothing, idempotence, who may import, and its progress bar."""

import pytest
from django.core.management import CommandError, call_command

from parcours.models import Parcours, Person, PhaseTransition
from tests.parcours.test_import import counts, csv_bytes, row

pytestmark = pytest.mark.django_db


def run(path, *args, **options):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_parcours", str(path), *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(world, tmp_path):
    path = tmp_path / "parcours.csv"
    path.write_bytes(
        csv_bytes(
            [row(world, 1), row(world, 2, phase="Immersion (PMSMP)"), row(world, 3, numero_pass_iae="999990000041")]
        )
    )
    return path


def test_dry_run_prints_what_it_would_do_and_writes_nothing(world, good_file):
    before = counts()
    out, _ = run(good_file, "--structure", str(world.ges.pk), "--user", world.manager.email, "--dry-run")
    assert counts() == before
    assert "Essai (rien n'est écrit)" in out
    assert "ligne 3 : IMPORT2 Léa — personne create, parcours create (immersion)" in out
    assert "Personnes : 3 créée(s), 0 mise(s) à jour, 0 inchangée(s). Parcours : 3 créé(s), 0 inchangé(s)." in out


def test_import_by_structure_name_then_again_changes_nothing(world, good_file):
    before = counts()
    out, _ = run(good_file, "--structure", "ges rhône", "--user", world.manager.email.upper(), "--no-progress")
    assert "Importé" in out
    assert Person.objects.count() == before["Person"] + 3
    transition = PhaseTransition.objects.get(parcours__person__last_name="Import2")
    assert (transition.name, transition.actor, transition.target) == ("import", world.manager, "immersion")
    after = counts()
    out, _ = run(good_file, "--structure", "GES Rhône", "--user", world.manager.email, "--no-progress")
    assert "Personnes : 0 créée(s), 0 mise(s) à jour, 3 inchangée(s). Parcours : 0 créé(s), 3 inchangé(s)." in out
    assert counts() == after


def test_invalid_rows_go_to_stderr_with_their_line_and_column_and_nothing_is_written(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes([row(world, 1), row(world, 2, date_entree="2025-13-01"), row(world, 3, email_referent="x@y.z")])
    )
    before = counts()
    with pytest.raises(CommandError, match="2 erreur"):
        run(path, "--structure", str(world.ges.pk), "--user", world.manager.email, "--no-progress")
    assert counts() == before


def test_errors_are_written_to_stderr(world, tmp_path):
    from io import StringIO

    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(world, 1), row(world, 2, date_entree="2025-13-01")]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_parcours",
            str(path),
            "--structure",
            str(world.ges.pk),
            "--user",
            world.manager.email,
            "--no-progress",
            stdout=out,
            stderr=err,
        )
    assert "ligne 3 [date_entree] invalid_date : Date invalide : « 2025-13-01 »" in err.getvalue()
    assert out.getvalue() == "Non importé : GES Rhône — 2 ligne(s), 1 en erreur.\n"


@pytest.mark.parametrize("who", ["counsellor", "other_manager", "analyst"])
def test_only_a_manager_of_the_structure_may_import(world, good_file, who):
    before = counts()
    with pytest.raises(CommandError, match="direction"):
        run(good_file, "--structure", str(world.ges.pk), "--user", getattr(world, who).email)
    assert counts() == before


def test_unknown_structure_user_or_file(world, good_file, tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        run(good_file, "--structure", "Nulle part", "--user", world.manager.email)
    with pytest.raises(CommandError, match="Aucun utilisateur"):
        run(good_file, "--structure", str(world.ges.pk), "--user", "personne@example.test")
    with pytest.raises(CommandError, match="Lecture impossible"):
        run(tmp_path / "absent.csv", "--structure", str(world.ges.pk), "--user", world.manager.email)


def test_shows_a_progress_bar(world, good_file, capsys):
    run(good_file, "--structure", str(world.ges.pk), "--user", world.manager.email)
    progress = capsys.readouterr().err
    assert "Vérification" in progress and "Écriture" in progress and "3/3" in progress
    assert Parcours.objects.filter(transitions__name="import").count() == 3
