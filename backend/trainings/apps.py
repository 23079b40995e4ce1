from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    """Trainings, sessions, enrolments and VAE applications."""

    name = "trainings"
    verbose_name = "Formations et VAE"

    def ready(self) -> None:
        from django.db.models import Exists, OuterRef

        from parcours.hooks import register_daily_job, register_exit_closer, register_fact, register_parcours_syncer
        from parcours.reference import register_reference_loader
        from trainings import receivers  # noqa: F401  (connects membership_ended)
        from trainings.models import Enrolment, VaeApplication
        from trainings.permissions import enrolment_sync_permissions
        from trainings.reference import load_certifications
        from trainings.services import apply_vae_silence_rule, drop_enrolments_on_exit

        register_fact(
            "has_accepted_enrolment",
            lambda: Exists(
                Enrolment.objects.filter(
                    parcours=OuterRef("pk"), state__in=[Enrolment.State.ACCEPTED, Enrolment.State.ATTENDING]
                )
            ),
            default=False,
        )
        register_fact(
            "has_admissible_vae",
            lambda: Exists(
                VaeApplication.objects.filter(parcours=OuterRef("pk"), state__in=VaeApplication.ADMITTED_STATES)
            ),
            default=False,
        )
        register_exit_closer(drop_enrolments_on_exit)
        register_daily_job("vae_silence_rule", apply_vae_silence_rule)
        register_reference_loader(load_certifications)

        def sync_enrolments(*, parcours) -> None:
            # A new referent sees the parcours' enrolments; a former one no longer does.
            for enrolment in Enrolment.objects.filter(parcours=parcours).select_related(
                "parcours__structure", "session__training_body"
            ):
                enrolment_sync_permissions(enrolment)

        register_parcours_syncer(sync_enrolments)
        register_timeline_sources()


def register_timeline_sources() -> None:
    from parcours.timeline import Source, register_timeline_source
    from trainings.models import EnrolmentEvent, VaeEvent

    def actor(event):
        return (event.actor.get_full_name() or event.actor.email) if event.actor else None

    def load_enrolment_events(ids):
        events = EnrolmentEvent.objects.filter(pk__in=ids).select_related("actor", "enrolment__session__training")
        return {
            event.pk: {
                "title": f"Formation « {event.enrolment.session.training.title} » : "
                f"{event.get_target_display().lower()}",
                "actor": actor(event),
                "summary": event.comment,
                "details": {"enrolment": event.enrolment_id, "name": event.name, "to": event.target, **event.details},
            }
            for event in events
        }

    def load_vae_events(ids):
        events = VaeEvent.objects.filter(pk__in=ids).select_related("actor", "application__certification")
        return {
            event.pk: {
                "title": f"VAE {event.application.certification.code} : {event.get_target_display().lower()}",
                "actor": actor(event),
                "summary": event.comment,
                "details": {
                    "application": event.application_id,
                    "name": event.name,
                    "to": event.target,
                    **event.details,
                },
            }
            for event in events
        }

    register_timeline_source(
        Source("enrolment", EnrolmentEvent, "enrolment__parcours_id", "occurred_at", load_enrolment_events)
    )
    register_timeline_source(Source("vae", VaeEvent, "application__parcours_id", "occurred_at", load_vae_events))
