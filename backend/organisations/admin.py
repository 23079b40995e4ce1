from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from organisations.models import Membership, Organisation, User
from organisations.services import membership_create, membership_end
from tremplin.errors import DomainError


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # memberships go through MembershipAdmin, which calls the services


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal: list[str] = []
    list_filter = ["is_active", "is_staff"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "structure_type", "region", "time_zone"]
    list_filter = ["kind", "structure_type", "region"]
    search_fields = ["name", "siret"]
    filter_horizontal = ["networks"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are created and ended through the services, which keep object permissions in step."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation", "role"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = membership_create(user=obj.user, organisation=obj.organisation, role=obj.role)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = created.pk

    def delete_model(self, request, obj):
        try:
            membership_end(membership=obj)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            self.delete_model(request, membership)
