"""The outcome filters of docs/outcomes.md, read from the query string and checked against the
user's scope (DESIGN §5): what each role may count, and which structures each line covers."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from organisations.models import Membership, Organisation, User
from organisations.selectors import organisation_ids_for
from parcours.models import Programme
from tremplin.api import MAX_ID

MAX_PERIOD_YEARS = 10
# Dates outside these bounds mean nothing for a parcours and overflow date arithmetic (9999-12-31 + 1 day).
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class OutcomeFilters:
    date_from: dt.date
    date_to: dt.date
    structure: tuple[int, ...] = ()
    programme: int | None = None
    referent: int | None = None
    region: str | None = None

    def as_body(self) -> dict:
        return {
            "from": self.date_from,
            "to": self.date_to,
            "structure": list(self.structure),
            "programme": self.programme,
            "referent": self.referent,
            "region": self.region,
        }


@dataclass(frozen=True)
class OutcomeScope:
    """What one user may count. ``kind`` is the role the figures are computed for: staff
    (managers and counsellors), network analysts (suppressed), employer contacts or trainers.
    A user with several roles is counted as staff first, then analyst, employer, trainer."""

    kind: str
    user: User
    managed: tuple[int, ...] = ()  # structures seen whole (managers)
    counselled: tuple[int, ...] = ()  # structures where only the user's caseload is seen
    analysed: tuple[int, ...] = ()  # member structures of the analyst's networks
    organisations: tuple[int, ...] = field(default=())  # employers or training bodies

    @property
    def suppress(self) -> bool:
        return self.kind == "analyst"

    @property
    def structures(self) -> tuple[int, ...]:
        """Every structure whose parcours count, wholly or in part."""
        return tuple(sorted({*self.managed, *self.counselled, *self.analysed}))

    @property
    def listed_structures(self) -> tuple[int, ...]:
        """The structures shown side by side: a counsellor's caseload has no per-structure lines."""
        return self.analysed if self.kind == "analyst" else self.managed


def outcome_scope(*, user: User) -> OutcomeScope:
    Role = Membership.Role
    managed = organisation_ids_for(user=user, roles=[Role.MANAGER])
    counselled = [pk for pk in organisation_ids_for(user=user, roles=[Role.COUNSELLOR]) if pk not in managed]
    if managed or counselled:
        return OutcomeScope("staff", user, managed=tuple(managed), counselled=tuple(counselled))
    networks = organisation_ids_for(user=user, roles=[Role.NETWORK_ANALYST])
    if networks:
        members = Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE, networks__in=networks)
        return OutcomeScope("analyst", user, analysed=tuple(sorted(set(members.values_list("pk", flat=True)))))
    employers = organisation_ids_for(user=user, roles=[Role.EMPLOYER_CONTACT])
    if employers:
        return OutcomeScope("employer", user, organisations=tuple(employers))
    bodies = organisation_ids_for(user=user, roles=[Role.TRAINER])
    if bodies:
        return OutcomeScope("trainer", user, organisations=tuple(bodies))
    return OutcomeScope("none", user)


class _FilterSerializer(serializers.Serializer):
    # ``from`` is a Python keyword: the field is renamed in __init__ (validated_data keeps "date_from").
    date_from = serializers.DateField(required=False)
    to = serializers.DateField(required=False)
    structure = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=1000
    )
    programme = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    referent = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    region = serializers.CharField(max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("date_from")


def _query_data(query_params) -> dict:
    data = {}
    for name in ("from", "to", "programme", "referent", "region"):
        value = query_params.get(name)
        if value not in (None, ""):
            data[name] = value
    getlist = getattr(query_params, "getlist", None)
    structures = getlist("structure") if getlist else query_params.get("structure", [])
    if isinstance(structures, (str, int)):
        structures = [structures]
    structures = [value for value in structures if value not in (None, "")]
    if structures:
        data["structure"] = structures
    return data


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


def parse_filters(user: User, query_params) -> OutcomeFilters:
    """Validated filters, or a ValidationError (400) naming the field that is wrong."""
    serializer = _FilterSerializer(data=_query_data(query_params))
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    default_from, default_to = default_period()
    date_to = data.get("to", default_to)
    date_from = data.get("date_from", dt.date(date_to.year, 1, 1) if "to" in data else default_from)
    errors: dict[str, list[str]] = {}
    for name, value in (("from", date_from), ("to", date_to)):
        if not MIN_DATE <= value <= MAX_DATE:
            errors[name] = [f"La date doit être comprise entre {MIN_DATE:%d/%m/%Y} et {MAX_DATE:%d/%m/%Y}."]
    if "from" in errors or "to" in errors:
        pass  # the period's checks below need two valid dates
    elif date_from > date_to:
        errors["from"] = ["Le début de la période est après sa fin."]
    elif date_to.year - date_from.year > MAX_PERIOD_YEARS or (
        date_to.year - date_from.year == MAX_PERIOD_YEARS
        and (date_to.month, date_to.day) > (date_from.month, date_from.day)
    ):
        errors["from"] = [f"La période ne peut pas dépasser {MAX_PERIOD_YEARS} ans."]

    scope = outcome_scope(user=user)
    in_scope = set(scope.structures)
    structures = tuple(sorted(set(data.get("structure", []))))
    if any(pk not in in_scope for pk in structures):
        errors["structure"] = ["Structure inconnue ou hors de votre périmètre."]
    region = data.get("region")
    if region is not None and not Organisation.objects.filter(pk__in=in_scope, region=region).exists():
        errors["region"] = ["Aucune structure de votre périmètre dans cette région."]
    programme = data.get("programme")
    if programme is not None and not Programme.objects.filter(pk=programme, structure_id__in=in_scope).exists():
        errors["programme"] = ["Programme inconnu ou hors de votre périmètre."]
    referent = data.get("referent")
    if referent is not None:
        if scope.kind != "staff":
            errors["referent"] = ["Le filtre par accompagnateur·rice n'est pas ouvert à votre rôle."]
        elif not Membership.objects.filter(
            user_id=referent, organisation_id__in=in_scope, role__in=Membership.STAFF_ROLES
        ).exists():
            errors["referent"] = ["Accompagnateur·rice inconnu·e ou hors de votre périmètre."]
    if errors:
        raise ValidationError(errors)
    return OutcomeFilters(
        date_from=date_from,
        date_to=date_to,
        structure=structures,
        programme=programme,
        referent=referent,
        region=region,
    )
