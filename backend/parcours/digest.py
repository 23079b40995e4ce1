"""The daily alert digest: each counsellor gets one message listing the new alerts of the parcours
they follow, never one message per alert.

An alert is "new" when it has no AlertNotice yet. Each run computes every open parcours' alerts in
SQL (parcours.alerts), announces the new ones, records them, and forgets the notices of alerts
that have cleared, so an alert that clears and comes back is announced again. A second run on the
same day finds nothing new and sends nothing. The message names the person and the alert, its due
date and what to do: never notes or barriers (DESIGN §8).
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection, transaction

from notifications.models import Kind
from notifications.services import notify
from organisations.models import Membership, User
from parcours.alerts import alerts_of, has_alert, with_alerts
from parcours.models import OPEN_PHASES, AlertNotice, Parcours

CHUNK = 2000
RUN_LOCK = 710_2026  # PostgreSQL advisory lock key: one digest run at a time


def _chunks(items, size: int = CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _followers(parcours: dict[int, Parcours]) -> dict[int, set[int]]:
    """For each parcours, its referent and co-referents who are counsellors of its structure
    (the rule of parcours.permissions.parcours_followers), in a fixed number of queries."""
    candidates: dict[int, set[int]] = {pk: {row.referent_id} for pk, row in parcours.items()}
    through = Parcours.co_referents.through
    for ids in _chunks(parcours):
        for parcours_id, user_id in through.objects.filter(parcours_id__in=ids).values_list("parcours_id", "user_id"):
            candidates[parcours_id].add(user_id)
    users = {user for found in candidates.values() for user in found}
    structures = {row.structure_id for row in parcours.values()}
    counsellors = set(
        Membership.objects.filter(
            user_id__in=users, organisation_id__in=structures, role=Membership.Role.COUNSELLOR
        ).values_list("user_id", "organisation_id")
    )
    return {
        pk: {user for user in found if (user, parcours[pk].structure_id) in counsellors}
        for pk, found in candidates.items()
    }


def _body(items: list[tuple[Parcours, list[dict[str, Any]]]]) -> str:
    count = sum(len(alerts) for _, alerts in items)
    lines = [
        f"{count} nouvelle{'s' if count > 1 else ''} alerte{'s' if count > 1 else ''} "
        "sur les parcours que vous suivez :"
    ]
    for parcours, alerts in items:
        lines.append("")
        lines.append(f"{parcours.person.first_name} {parcours.person.last_name}")
        for alert in alerts:
            due = f" (échéance : {alert['due_date']:%d/%m/%Y})" if alert["due_date"] else ""
            lines.append(f"- {alert['label']}{due}. À faire : {alert['action']}")
    return "\n".join(lines)


@transaction.atomic
def alert_digest(*, now: dt.datetime) -> str:
    """Announce the alerts raised since the last run, one digest per counsellor. Two runs at once
    (a manual run during the scheduled one) queue up on a transaction-level lock: the second then
    reads the first's notices and sends nothing twice. The e-mails leave on commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK])
    announced = dict(
        ((parcours_id, code), pk)
        for pk, parcours_id, code in AlertNotice.objects.values_list("pk", "parcours_id", "code")
    )
    rows = (
        with_alerts(Parcours.objects.filter(phase__in=OPEN_PHASES), now=now)
        .filter(has_alert(now=now))
        .select_related("person", "structure")
        .order_by("pk")
    )
    current: set[tuple[int, str]] = set()
    new: dict[int, tuple[Parcours, list[dict[str, Any]]]] = {}
    for row in rows.iterator(chunk_size=CHUNK):
        alerts = alerts_of(row)
        fresh = []
        for alert in alerts:
            current.add((row.pk, alert["code"]))
            if (row.pk, alert["code"]) not in announced:
                fresh.append(alert)
        if fresh:
            new[row.pk] = (row, fresh)

    cleared = [pk for key, pk in announced.items() if key not in current]
    for pks in _chunks(cleared):
        AlertNotice.objects.filter(pk__in=pks).delete()
    AlertNotice.objects.bulk_create(
        [
            AlertNotice(parcours_id=pk, code=alert["code"], announced_at=now)
            for pk, (_, alerts) in new.items()
            for alert in alerts
        ],
        batch_size=CHUNK,
    )

    per_user: dict[int, list[tuple[Parcours, list[dict[str, Any]]]]] = defaultdict(list)
    for pk, users in _followers({pk: row for pk, (row, _) in new.items()}).items():
        for user in users:
            per_user[user].append(new[pk])
    recipients = User.objects.in_bulk(list(per_user))
    sent = 0
    for user_id, items in sorted(per_user.items()):
        user = recipients[user_id]
        if not user.is_active:
            continue
        items.sort(key=lambda item: (item[0].person.last_name, item[0].person.first_name, item[0].pk))
        count = sum(len(alerts) for _, alerts in items)
        notify(
            users=[user],
            kind=Kind.ALERT_DIGEST,
            title=f"Récapitulatif quotidien : {count} nouvelle{'s' if count > 1 else ''} "
            f"alerte{'s' if count > 1 else ''}",
            body=_body(items),
            link="/accueil",
        )
        sent += 1
    raised = sum(len(alerts) for _, alerts in new.values())
    return f"{raised} nouvelle(s) alerte(s), {sent} récapitulatif(s) envoyé(s), {len(cleared)} alerte(s) levée(s)"
