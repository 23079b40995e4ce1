"""Users (who log in by email), organisations and the memberships that give them a role."""

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"« {value} » n'est pas un fuseau horaire IANA connu.", code="invalid_time_zone")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    date_joined = models.DateTimeField("date d'inscription", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Organisation(models.Model):
    class Kind(models.TextChoices):
        STRUCTURE = "structure", "Structure d'insertion (SIAE)"
        EMPLOYER = "employer", "Employeur partenaire"
        TRAINING_BODY = "training_body", "Organisme de formation"
        NETWORK = "network", "Réseau"

    class StructureType(models.TextChoices):
        ACI = "ACI", "Atelier et chantier d'insertion (ACI)"
        AI = "AI", "Association intermédiaire (AI)"
        EI = "EI", "Entreprise d'insertion (EI)"
        ETTI = "ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"
        EITI = "EITI", "Entreprise d'insertion par le travail indépendant (EITI)"
        GES = "GES", "Groupe économique solidaire (GES)"

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type d'organisation", max_length=20, choices=Kind.choices)
    structure_type = models.CharField(
        "type de SIAE",
        max_length=4,
        choices=StructureType.choices,
        blank=True,
        help_text="Obligatoire pour une structure, vide sinon.",
    )
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^\d{14}$", "Le SIRET compte 14 chiffres.")],
    )
    region = models.CharField("région", max_length=100, blank=True)
    time_zone = models.CharField(
        "fuseau horaire",
        max_length=64,
        default="Europe/Paris",
        validators=[validate_time_zone],
        help_text="Fuseau IANA, par exemple Europe/Paris ou Indian/Reunion.",
    )
    networks = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="members",
        blank=True,
        limit_choices_to={"kind": Kind.NETWORK},
        verbose_name="réseaux",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="structure") & ~models.Q(structure_type=""))
                | (~models.Q(kind="structure") & models.Q(structure_type="")),
                name="organisation_structure_type_iff_structure",
                violation_error_message="Le type de SIAE est obligatoire pour une structure et réservé aux structures.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self):
        """Today's date where the organisation is (Réunion is ahead of Paris)."""
        return timezone.localdate(timezone=self.tz)


class Membership(models.Model):
    class Role(models.TextChoices):
        COUNSELLOR = "counsellor", "Accompagnateur·rice (CIP)"
        MANAGER = "manager", "Direction / encadrement"
        EMPLOYER_CONTACT = "employer_contact", "Contact employeur"
        TRAINER = "trainer", "Formateur·rice"
        NETWORK_ANALYST = "network_analyst", "Analyste réseau"

    # Roles that accompany persons in a structure (and so see their files).
    STAFF_ROLES = (Role.COUNSELLOR, Role.MANAGER)

    # Which kind of organisation each role belongs to.
    ROLE_KINDS = {
        Role.COUNSELLOR: Organisation.Kind.STRUCTURE,
        Role.MANAGER: Organisation.Kind.STRUCTURE,
        Role.EMPLOYER_CONTACT: Organisation.Kind.EMPLOYER,
        Role.TRAINER: Organisation.Kind.TRAINING_BODY,
        Role.NETWORK_ANALYST: Organisation.Kind.NETWORK,
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="utilisateur")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name="organisation"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        expected = self.ROLE_KINDS.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "role": f"Le rôle « {self.get_role_display()} » s'exerce dans une organisation de type "
                    f"« {Organisation.Kind(expected).label} »."
                }
            )
