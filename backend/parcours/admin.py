from django.contrib import admin
from django.utils.html import format_html_join

from parcours.guards import Guard
from parcours.models import (
    ExitCategory,
    ExitReason,
    Parcours,
    ParcoursGroupObjectPermission,
    ParcoursUserObjectPermission,
    Person,
    PersonGroupObjectPermission,
    PersonUserObjectPermission,
    PhaseTransition,
    Programme,
)
from parcours.permissions import parcours_sync_permissions, person_sync_permissions
from parcours.transitions import REGISTRY


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
    """The phase is read-only here: it only moves through the transitions (API and web app)."""

    list_display = ["person", "structure", "phase", "entry_date", "referent", "exit_reason"]
    list_filter = ["phase", "structure", "programme"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "structure", "referent", "exit_reason"]
    autocomplete_fields = ["person", "referent", "structure"]
    filter_horizontal = ["co_referents"]
    readonly_fields = [
        "phase",
        "phase_changed_at",
        "available_transitions",
        "exit_date",
        "exit_reason",
        "exit_comment",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [PhaseTransitionInline]

    def has_add_permission(self, request):
        return False  # a parcours starts through the API or the web app, which log its entry

    @admin.display(description="Transitions possibles depuis cette phase")
    def available_transitions(self, obj: Parcours):
        phase_field = Parcours._meta.get_field("phase")
        rows = []
        for method in phase_field.transitions[Parcours].values():
            meta = method._django_fsm
            if not meta.has_transition(obj.phase) or method.__name__ not in REGISTRY:
                continue
            blocked = [
                guard.message
                for guard in meta.get_transition(obj.phase).conditions
                if isinstance(guard, Guard) and not guard.needs_input and not guard(obj)
            ]
            rows.append((REGISTRY[method.__name__].label, " — bloquée : " + " ; ".join(blocked) if blocked else ""))
        if not rows:
            return "Aucune (parcours clos)."
        return format_html_join("", "<div>{}{}</div>", rows)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        parcours_sync_permissions(form.instance)


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
