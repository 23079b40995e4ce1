"""docs/operations.md's backup and restore, as a round trip: pg_dump -Fc of the test database,
pg_restore into a new database, the same rows on both sides."""

import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from organisations.models import User
from parcours.models import Parcours

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def client_binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install postgresql-client)")
    return str(found)


def connect(dbname: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        autocommit=True,
    )


def snapshot(dbname: str) -> dict:
    with connect(dbname) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        counts = {
            table: database.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in tables
        }
        users = database.execute("SELECT id, email, password FROM organisations_user ORDER BY id").fetchall()
        parcours = database.execute(
            "SELECT id, phase, entry_date, phase_changed_at FROM parcours_parcours ORDER BY id"
        ).fetchall()
        migrations = database.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return {"counts": counts, "users": users, "parcours": parcours, "migrations": migrations}


def test_pg_dump_then_pg_restore_gives_back_the_same_rows(world, tmp_path):
    settings = connection.settings_dict
    source = settings["NAME"]
    target = f"tremplin_restore_{uuid.uuid4().hex[:12]}"
    options = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432), "-U", settings["USER"]]
    dump = tmp_path / "tremplin.dump"
    assert User.objects.count() >= 7 and Parcours.objects.count() >= 3  # committed by World.build()

    subprocess.run([client_binary("pg_dump"), *options, "-Fc", "-f", str(dump), source], check=True)
    with connect("postgres") as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        subprocess.run(
            [client_binary("pg_restore"), *options, "--no-owner", "--exit-on-error", "-d", target, str(dump)],
            check=True,
        )
        before, after = snapshot(source), snapshot(target)
        assert after["counts"] == before["counts"]
        assert before["counts"]["organisations_user"] >= 7
        assert after["users"] == before["users"]
        assert after["parcours"] == before["parcours"]
        assert after["migrations"] == before["migrations"]
    finally:
        with connect("postgres") as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))
