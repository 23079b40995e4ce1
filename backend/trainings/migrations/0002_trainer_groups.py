"""Trainers hold enrolment permissions through their training body's group (created with this
app): put the trainers who already exist into it."""

from django.db import migrations


def add_trainers_to_groups(apps, schema_editor):
    Membership = apps.get_model("organisations", "Membership")
    Group = apps.get_model("auth", "Group")
    for membership in Membership.objects.filter(role="trainer").select_related("user"):
        group, _ = Group.objects.get_or_create(name=f"training-body-{membership.organisation_id}-trainers")
        membership.user.groups.add(group)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("organisations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_trainers_to_groups, migrations.RunPython.noop)]
