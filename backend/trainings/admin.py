from django import forms
from django.contrib import admin

from parcours.admin import ObjectPermissionAdmin
from trainings.models import (
    AttendanceRecord,
    Certification,
    CertificationBloc,
    Enrolment,
    EnrolmentEvent,
    EnrolmentGroupObjectPermission,
    EnrolmentUserObjectPermission,
    Training,
    TrainingSession,
    VaeApplication,
    VaeEvent,
)


class CertificationBlocInline(admin.TabularInline):
    model = CertificationBloc
    extra = 0


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    """Reference data: ``manage.py load_reference`` keeps it in step with fixtures/reference/."""

    list_display = ["code", "title", "rncp", "required_experience_hours", "is_active"]
    inlines = [CertificationBlocInline]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "certification", "duration_hours"]
    list_filter = ["certification"]
    search_fields = ["title"]
    filter_horizontal = ["blocs"]


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["training", "training_body", "start_date", "end_date", "place", "capacity"]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            taken = self.instance.enrolments.filter(state__in=Enrolment.SEAT_STATES).count()
            if capacity < taken:
                raise forms.ValidationError(
                    f"{taken} places sont déjà attribuées : la capacité ne peut pas être moindre."
                )
        return capacity


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    form = TrainingSessionForm
    list_display = ["training", "training_body", "start_date", "end_date", "place", "capacity"]
    list_filter = ["training_body", "training"]
    list_select_related = ["training", "training_body"]
    date_hierarchy = "start_date"

    def get_readonly_fields(self, request, obj=None):
        # Its trainers hold the permissions on its enrolments: once it has some, it stays with
        # its training body (and its training, whose blocs the results refer to).
        if obj is not None and obj.enrolments.exists():
            return ["training", "training_body"]
        return []


class _ReadOnlyEventInline(admin.TabularInline):
    extra = 0
    can_delete = False
    fields = ["occurred_at", "effective_date", "name", "source", "target", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EnrolmentEventInline(_ReadOnlyEventInline):
    model = EnrolmentEvent


class VaeEventInline(_ReadOnlyEventInline):
    model = VaeEvent


class AttendanceInline(admin.TabularInline):
    model = AttendanceRecord
    extra = 0
    can_delete = False
    fields = ["date", "status", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: these move through the API, whose services check the rules, keep object
    permissions in step and log each change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(_ReadOnlyAdmin):
    list_display = ["parcours", "session", "state", "result", "created_at"]
    list_filter = ["state", "session__training_body"]
    list_select_related = ["parcours__person", "parcours__structure", "session__training"]
    inlines = [EnrolmentEventInline, AttendanceInline]


@admin.register(VaeApplication)
class VaeApplicationAdmin(_ReadOnlyAdmin):
    list_display = ["parcours", "certification", "state", "feasibility_submitted_on", "jury_date"]
    list_filter = ["state", "certification"]
    list_select_related = ["parcours__person", "parcours__structure", "certification"]
    inlines = [VaeEventInline]


for model in (EnrolmentUserObjectPermission, EnrolmentGroupObjectPermission):
    admin.site.register(model, ObjectPermissionAdmin)
