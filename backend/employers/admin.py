from django.contrib import admin

from employers.models import (
    Establishment,
    Placement,
    PlacementEvent,
    PlacementGroupObjectPermission,
    PlacementUserObjectPermission,
)
from parcours.admin import ObjectPermissionAdmin


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "employer", "city"]
    list_filter = ["kind", "employer"]
    search_fields = ["name", "city", "employer__name"]
    list_select_related = ["employer"]


class PlacementEventInline(admin.TabularInline):
    model = PlacementEvent
    extra = 0
    can_delete = False
    fields = ["occurred_at", "name", "source", "target", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    """Read-only: placements are proposed and move through the API, whose services check the
    rules, keep object permissions in step and log each change."""

    list_display = ["parcours", "kind", "establishment", "state", "start_date", "end_date"]
    list_filter = ["kind", "state", "establishment__employer"]
    search_fields = ["parcours__person__last_name", "establishment__name"]
    list_select_related = ["parcours__person", "parcours__structure", "establishment"]
    inlines = [PlacementEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (PlacementUserObjectPermission, PlacementGroupObjectPermission):
    admin.site.register(model, ObjectPermissionAdmin)
