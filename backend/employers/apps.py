from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """Partner employers, their establishments and placements (PMSMP, interim missions)."""

    name = "employers"
    verbose_name = "Employeurs partenaires"

    def ready(self) -> None:
        from decimal import Decimal

        from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
        from django.db.models.functions import Coalesce

        from employers import receivers  # noqa: F401  (connects membership_ended)
        from employers.models import Placement
        from employers.permissions import placement_sync_permissions
        from employers.services import close_placements_on_exit
        from parcours.hooks import register_exit_closer, register_fact, register_parcours_syncer

        live = [Placement.State.CONFIRMED, Placement.State.IN_PROGRESS]
        register_fact(
            "has_confirmed_pmsmp",
            lambda: Exists(
                Placement.objects.filter(parcours=OuterRef("pk"), kind=Placement.Kind.PMSMP, state__in=live)
            ),
            default=False,
        )
        register_fact(
            "has_confirmed_mission",
            lambda: Exists(
                Placement.objects.filter(parcours=OuterRef("pk"), kind=Placement.Kind.MISSION, state__in=live)
            ),
            default=False,
        )
        hours = DecimalField(max_digits=9, decimal_places=2)
        register_fact(
            "mission_hours",
            lambda: Coalesce(
                Subquery(
                    Placement.objects.filter(
                        parcours=OuterRef("pk"), kind=Placement.Kind.MISSION, state=Placement.State.COMPLETED
                    )
                    .values("parcours")
                    .annotate(total=Sum("hours_worked"))
                    .values("total"),
                    output_field=hours,
                ),
                Value(Decimal(0)),
                output_field=hours,
            ),
            default=Decimal(0),
        )
        register_exit_closer(close_placements_on_exit)

        def sync_placements(*, parcours) -> None:
            # A new referent sees the parcours' placements; a former one no longer does.
            for placement in Placement.objects.filter(parcours=parcours).select_related(
                "parcours__structure", "establishment__employer"
            ):
                placement_sync_permissions(placement)

        register_parcours_syncer(sync_placements)

        from employers.models import PlacementEvent
        from parcours.timeline import Source, register_timeline_source

        def load_events(ids):
            events = PlacementEvent.objects.filter(pk__in=ids).select_related("actor", "placement__establishment")
            return {
                event.pk: {
                    "title": f"{event.placement.get_kind_display()} à {event.placement.establishment.name} : "
                    f"{event.get_target_display().lower()}",
                    "actor": (event.actor.get_full_name() or event.actor.email) if event.actor else None,
                    "summary": event.comment,
                    "details": {"placement": event.placement_id, "name": event.name, "to": event.target},
                }
                for event in events
            }

        register_timeline_source(
            Source("placement", PlacementEvent, "placement__parcours_id", "occurred_at", load_events)
        )
        register_placement_alerts()


def register_placement_alerts() -> None:
    import datetime as dt

    from django.db.models import DateField, DateTimeField

    from employers.models import Placement
    from parcours.alerts import (
        HIGH,
        MEDIUM,
        AlertRule,
        Fact,
        register_alert,
        start_of,
        working_days_after,
        working_days_before,
    )

    placements = Placement._meta.db_table
    register_alert(
        AlertRule(
            code="pmsmp_ending",
            severity=HIGH,
            label="Une immersion (PMSMP) se termine dans 3 jours sans bilan",
            action="Préparer le bilan de l'immersion avec la personne et l'employeur.",
            facts={
                "fact_pmsmp_end": Fact(
                    f"(SELECT min(x.end_date) FROM {placements} x WHERE x.parcours_id = p.id AND x.kind = %s"  # noqa: S608 (table names and bits from code)
                    " AND x.state IN (%s, %s) AND x.assessment = '')",
                    DateField(),
                    (Placement.Kind.PMSMP.value, Placement.State.CONFIRMED.value, Placement.State.IN_PROGRESS.value),
                )
            },
            active=lambda today, zone: ("f.fact_pmsmp_end <= %s", [today + dt.timedelta(days=3)]),
            due=lambda row, zone: row.fact_pmsmp_end,
        )
    )
    register_alert(
        AlertRule(
            code="placement_unanswered",
            severity=MEDIUM,
            label="Un employeur n'a pas répondu depuis 3 jours ouvrés",
            action="Relancer l'employeur, ou annuler la proposition.",
            facts={
                "fact_oldest_proposal": Fact(
                    f"(SELECT min(x.created_at) FROM {placements} x WHERE x.parcours_id = p.id AND x.state = %s)",  # noqa: S608 (table names and bits from code)
                    DateTimeField(),
                    (Placement.State.PROPOSED.value,),
                )
            },
            active=lambda today, zone: (
                "f.fact_oldest_proposal < %s",
                [start_of(working_days_before(today, 3), zone)],
            ),
            due=lambda row, zone: (
                working_days_after(row.fact_oldest_proposal.astimezone(zone).date(), 4)
                if row.fact_oldest_proposal
                else None
            ),
        )
    )
