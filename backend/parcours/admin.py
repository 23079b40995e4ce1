from django.contrib import admin
from django.utils.html import format_html_join

from parcours.models import (
    Action,
    AlertNotice,
    Appointment,
    Barrier,
    BarrierChange,
    BarrierType,
    ExitCategory,
    ExitReason,
    FollowUp,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    PhaseTransition,
    Programme,
)
from parcours.permissions import person_sync_permissions
from parcours.transitions import transition_options


@admin.register(ExitCategory)
class ExitCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "dynamic", "counted"]


@admin.register(ExitReason)
class ExitReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "label"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "is_active"]
    list_filter = ["structure", "is_active"]
    filter_horizontal = ["partners"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "structure", "pass_iae_end"]
    list_filter = ["structure"]
    search_fields = ["last_name", "first_name", "pass_iae_number"]
    readonly_fields = ["created_by", "created_at", "updated_at", "version", "anonymised_at"]
    autocomplete_fields = ["structure"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.version = (obj.version or 0) + (1 if change else 0)
        super().save_model(request, obj, form, change)
        person_sync_permissions(obj)


class PhaseTransitionInline(admin.TabularInline):
    model = PhaseTransition
    extra = 0
    can_delete = False
    fields = ["occurred_at", "name", "source", "target", "actor", "effective_date", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Parcours)
class ParcoursAdmin(admin.ModelAdmin):
    """Read-only: a parcours opens, moves and changes referent through the API and the web app,
    whose services check the rules, keep object permissions in step and log each change."""

    list_display = ["person", "structure", "phase", "entry_date", "referent", "exit_reason"]
    list_filter = ["phase", "structure", "programme"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "structure", "referent", "exit_reason"]
    readonly_fields = ["available_transitions"]
    inlines = [PhaseTransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Transitions possibles depuis cette phase")
    def available_transitions(self, obj: Parcours):
        rows = [
            (option.label, " — bloquée : " + " ; ".join(r["message"] for r in option.reasons) if option.reasons else "")
            for option in transition_options(obj, None)
        ]
        if not rows:
            return "Aucune (parcours clos)."
        return format_html_join("", "<div>{}{}</div>", rows)


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(admin.ModelAdmin):
    list_display = ["parcours", "name", "source", "target", "actor", "occurred_at"]
    list_filter = ["name", "target"]
    list_select_related = ["parcours__person", "parcours__structure", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ObjectPermissionAdmin(admin.ModelAdmin):
    """Read-only view of the derived object permissions (the services maintain them)."""

    list_display = ["content_object", "permission"]
    list_select_related = ["permission"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model in (
    ParcoursUserObjectPermission,
    ParcoursGroupObjectPermission,
    PersonUserObjectPermission,
    PersonGroupObjectPermission,
):
    admin.site.register(model, ObjectPermissionAdmin)


@admin.register(BarrierType)
class BarrierTypeAdmin(admin.ModelAdmin):
    """Reference data: ``manage.py load_reference`` keeps it in step with fixtures/reference/freins.csv."""

    list_display = ["code", "label", "is_active"]


class _JournalAdmin(admin.ModelAdmin):
    """Read-only: the journal is written through the API, whose services check who may write,
    refuse stale edits and log barrier changes."""

    list_select_related = ["parcours__person", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(_JournalAdmin):
    list_display = ["parcours", "kind", "occurred_at", "duration_minutes", "created_by"]
    list_filter = ["kind"]


@admin.register(Barrier)
class BarrierAdmin(_JournalAdmin):
    list_display = ["parcours", "type", "status", "support", "identified_on", "resolved_on"]
    list_filter = ["type", "status", "support"]


@admin.register(BarrierChange)
class BarrierChangeAdmin(_JournalAdmin):
    list_display = ["barrier", "previous_status", "status", "actor", "occurred_at"]
    list_select_related = ["barrier__type", "actor"]


@admin.register(Action)
class ActionAdmin(_JournalAdmin):
    list_display = ["parcours", "title", "status", "due_date", "owner"]
    list_filter = ["status"]


@admin.register(Appointment)
class AppointmentAdmin(_JournalAdmin):
    list_display = ["parcours", "kind", "starts_at", "attendance"]
    list_filter = ["kind", "attendance"]


@admin.register(AlertNotice)
class AlertNoticeAdmin(_JournalAdmin):
    """The alerts the daily digest has announced (``manage.py daily --only alert_digest``)."""

    list_display = ["parcours", "code", "announced_at"]
    list_filter = ["code"]
    list_select_related = ["parcours__person", "parcours__structure"]
