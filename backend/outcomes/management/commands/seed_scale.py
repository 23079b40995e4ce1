"""Generates synthetic data at national scale (DESIGN §9) for benchmarks: ``seed_scale --parcours N``.

The world (600 structures in the 18 French regions, overseas included, their managers and 3 to 5
counsellors each, programmes, employers and their establishments, training bodies and weekly
sessions, one national network with an analyst and one network per region) is created once through
the ORM. The parcours and everything hanging off them (persons, phase history, object permissions,
follow-ups, placements, enrolments and their event logs) are written by set-based SQL, in chunks,
with a progress bar per table: the services would take days at this size. The permission rows are
the ones the services derive (parcours.permissions, employers.permissions, trainings.permissions).

``--parcours`` is the total wanted: run again with a larger figure and it adds the missing parcours,
so a benchmark can measure at 10,000 and then grow the same database to 1,000,000. Parcours number
``g`` is always the same parcours for a given ``--seed``; with ``--probe-parcours P`` the first
structure holds exactly the first P parcours and the others share the rest, so what one manager and
one counsellor see does not change as the network grows.

Distributions follow the demo: about 40 % of parcours exited (reasons by category: durable
employment 20 %, transition employment 20 %, positive exits 15 %, other exits 35 %, withdrawals 10 %),
entries over five years, no parcours longer than 24 months, about one placement for two parcours
and one enrolment for five, about 20 follow-ups per parcours spread over its active period.

Refuses to touch a database holding anything but its own data (``--force`` to override). Everything
is written in one transaction: secondary indexes dropped for a large load are rebuilt before the
commit, and a failure rolls the whole load back, indexes included.
"""

import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from employers.models import Establishment
from organisations.models import Membership, Organisation, User
from parcours.models import ExitCategory, ExitReason, Programme
from parcours.reference import load_reference
from trainings.models import Certification, Training, TrainingSession

SEED_DOMAIN = "@seed.tremplin.test"
NATIONAL_NETWORK = "Réseau national de l'inclusion dans l'emploi"
ANALYST_EMAIL = f"analyste{SEED_DOMAIN}"
PASSWORD = "seed-tremplin"  # noqa: S105 (synthetic accounts on a benchmark database)
CHUNK = 50_000  # parcours per statement: about a million follow-up rows

# (name, IANA time zone, département prefix of postal codes, weight in structures, cities)
REGIONS = [
    ("Auvergne-Rhône-Alpes", "Europe/Paris", "69", 11, ["Lyon", "Grenoble", "Saint-Étienne", "Clermont-Ferrand"]),
    ("Bourgogne-Franche-Comté", "Europe/Paris", "21", 5, ["Dijon", "Besançon", "Chalon-sur-Saône"]),
    ("Bretagne", "Europe/Paris", "35", 6, ["Rennes", "Brest", "Lorient", "Saint-Brieuc"]),
    ("Centre-Val de Loire", "Europe/Paris", "45", 4, ["Orléans", "Tours", "Bourges"]),
    ("Corse", "Europe/Paris", "20", 1, ["Ajaccio", "Bastia"]),
    ("Grand Est", "Europe/Paris", "67", 8, ["Strasbourg", "Reims", "Metz", "Nancy", "Mulhouse"]),
    ("Hauts-de-France", "Europe/Paris", "59", 10, ["Lille", "Amiens", "Roubaix", "Dunkerque", "Calais"]),
    ("Île-de-France", "Europe/Paris", "75", 14, ["Paris", "Saint-Denis", "Montreuil", "Créteil", "Nanterre"]),
    ("Normandie", "Europe/Paris", "76", 5, ["Rouen", "Caen", "Le Havre", "Cherbourg"]),
    ("Nouvelle-Aquitaine", "Europe/Paris", "33", 9, ["Bordeaux", "Limoges", "Poitiers", "Pau"]),
    ("Occitanie", "Europe/Paris", "31", 9, ["Toulouse", "Montpellier", "Nîmes", "Perpignan"]),
    ("Pays de la Loire", "Europe/Paris", "44", 6, ["Nantes", "Angers", "Le Mans", "Saint-Nazaire"]),
    ("Provence-Alpes-Côte d'Azur", "Europe/Paris", "13", 8, ["Marseille", "Nice", "Toulon", "Avignon"]),
    ("La Réunion", "Indian/Reunion", "974", 3, ["Saint-Denis", "Saint-Pierre", "Le Port", "Saint-Paul"]),
    ("Guadeloupe", "America/Guadeloupe", "971", 1, ["Pointe-à-Pitre", "Les Abymes", "Basse-Terre"]),
    ("Martinique", "America/Martinique", "972", 1, ["Fort-de-France", "Le Lamentin", "Schœlcher"]),
    ("Guyane", "America/Cayenne", "973", 1, ["Cayenne", "Kourou", "Saint-Laurent-du-Maroni"]),
    ("Mayotte", "Indian/Mayotte", "976", 1, ["Mamoudzou", "Koungou", "Dzaoudzi"]),
]
STRUCTURE_TYPES = ["ACI", "ACI", "ACI", "AI", "AI", "EI", "EI", "ETTI", "EITI", "GES"]
STRUCTURE_NAMES = [
    "Le Tremplin",
    "Les Jardins solidaires",
    "Horizon Emploi",
    "Solidarité Travail",
    "Les Ateliers du lien",
    "Passerelle",
    "Envol",
    "Cap Avenir",
    "La Ressourcerie",
    "Bâtir ensemble",
]
PROGRAMMES = ["Parcours EHPAD", "Parcours BTP", "Parcours logistique", "Parcours propreté"]
FIRST_NAMES = [
    "Nadia",
    "Sylvie",
    "Karim",
    "Fatoumata",
    "Céline",
    "Julien",
    "Mamadou",
    "Sandrine",
    "Kévin",
    "Esra",
    "Patricia",
    "Brigitte",
    "Yasmina",
    "Thomas",
    "Océane",
    "Ibrahim",
    "Mélanie",
    "Nathalie",
    "Stéphane",
    "Leïla",
    "Dylan",
    "Aminata",
    "Christine",
    "Rachid",
    "Farida",
    "Jordan",
    "Marie-Claude",
    "Jean-Yves",
    "Johanna",
    "Sully",
    "Priscilla",
    "Dimitri",
    "Lucette",
    "Mickaël",
    "Noémie",
    "Rosemay",
    "Fabrice",
    "Cindy",
    "Teddy",
    "Ludovic",
    "Sébastien",
    "Aurélie",
    "Mohamed",
    "Samia",
    "Grégory",
    "Laetitia",
    "Anthony",
    "Virginie",
    "Moussa",
    "Émilie",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Benali",
    "Haddad",
    "Diallo",
    "Traoré",
    "Lopez",
    "Rousseau",
    "Yilmaz",
    "Chevalier",
    "Cherif",
    "Koné",
    "Faure",
    "Garnier",
    "Mansouri",
    "Sow",
    "Blanc",
    "Amrani",
    "Bouzid",
    "Masson",
    "Payet",
    "Hoarau",
    "Grondin",
    "Técher",
    "Nativel",
    "Boyer",
    "Rivière",
    "Fontaine",
    "Maillot",
    "Dijoux",
    "Ramassamy",
    "Lebon",
    "Moutoussamy",
    "Clain",
]
NOTES = [
    "Point d'étape sur le projet professionnel ; prochaine étape convenue.",
    "Entretien de suivi : démarches réalisées depuis le dernier rendez-vous revues ensemble.",
    "Atelier CV et lettre de motivation ; CV mis à jour.",
    "Visite sur le poste de travail avec l'encadrant·e technique.",
    "Appel pour confirmer le rendez-vous avec l'employeur.",
    "Préparation de l'entretien d'embauche (simulation).",
    "Bilan de la période en entreprise avec la personne.",
    "Point sur les démarches administratives (mutuelle, transport).",
    "Recherche d'offres d'emploi sur le secteur visé.",
    "Atelier collectif : connaître les métiers du grand âge.",
    "Point mobilité : itinéraire et abonnement de transport.",
    "Entretien de suivi : objectifs du mois fixés ensemble.",
]
FOLLOW_UP_KINDS = ["interview", "interview", "interview", "call", "call", "workshop", "visit"]
ELIGIBILITY = ["rsa", "deld", "detld", "jeune_26", "senior_50", "qpv", "rqth", "ass", "zrr", "sans_hebergement"]
POSITIONS = [
    "Agent·e de service hospitalier",
    "Manutentionnaire",
    "Agent·e d'entretien",
    "Aide maçon",
    "Préparateur·rice",
]
# Share of exits per category (the demo's spread), in fixtures/reference/exit_categories.csv order.
EXIT_CATEGORY_SHARES = [
    ("emploi_durable", 0.20),
    ("emploi_transition", 0.20),
    ("sortie_positive", 0.15),
    ("autre_sortie", 0.35),
    ("retrait", 0.10),
]
# The tables whose secondary indexes may be dropped for a large load and rebuilt after it.
BIG_TABLES = [
    "parcours_person",
    "parcours_parcours",
    "parcours_phasetransition",
    "parcours_followup",
    "parcours_parcoursuserobjectpermission",
    "parcours_parcoursgroupobjectpermission",
    "parcours_personuserobjectpermission",
    "parcours_persongroupobjectpermission",
    "employers_placement",
    "employers_placementevent",
    "employers_placementuserobjectpermission",
    "employers_placementgroupobjectpermission",
    "trainings_enrolment",
    "trainings_enrolmentevent",
    "trainings_enrolmentuserobjectpermission",
    "trainings_enrolmentgroupobjectpermission",
]


def seed_counts() -> dict[str, int]:
    """Rows of the seed's data already in the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM parcours_parcours")
        (parcours,) = cursor.fetchone()
    return {
        "structures": Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE).count(),
        "parcours": parcours,
    }


def foreign_data() -> bool:
    """Whether the database holds users or organisations this command did not write."""
    return (
        User.objects.exclude(email__endswith=SEED_DOMAIN).exists()
        or Organisation.objects.exclude(memberships__user__email__endswith=SEED_DOMAIN).exists()
    )


class Command(BaseCommand):
    help = "Génère des données synthétiques à l'échelle nationale (600 structures, jusqu'à 1 000 000 de parcours)."

    def add_arguments(self, parser):
        parser.add_argument("--parcours", type=int, default=10_000, help="Nombre total de parcours voulu.")
        parser.add_argument("--structures", type=int, default=600)
        parser.add_argument("--follow-ups-per-parcours", type=int, default=20, help="En moyenne.")
        parser.add_argument("--probe-parcours", type=int, default=0, help="Parcours de la première structure.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Écrire même si la base contient d'autres données.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale écrit en SQL PostgreSQL : DATABASE_URL doit pointer vers PostgreSQL.")
        if options["structures"] < 2:
            raise CommandError("Il faut au moins 2 structures.")
        if not options["force"] and foreign_data():
            raise CommandError(
                "La base contient des données qui ne viennent pas de seed_scale : rien n'est écrit "
                "(--force pour passer outre, jamais sur une base réelle)."
            )
        self.progress = not options["no_progress"]
        self.timings: list[tuple[str, int, float]] = []
        started = time.perf_counter()
        load_reference()
        structures = self._world(options["structures"])
        current = seed_counts()["parcours"]
        wanted = options["parcours"]
        if wanted <= current:
            self.stdout.write(f"Déjà {current:,} parcours : rien à ajouter.")
            return
        self._load(current, wanted, structures, options)
        total = time.perf_counter() - started
        self.stdout.write(f"{'étape':<50} {'parcours':>10} {'secondes':>9}")
        for step, rows, seconds in self.timings:
            self.stdout.write(f"{step:<50} {rows:>10,} {seconds:>9.1f}")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s) ORDER BY reltuples DESC",
                [BIG_TABLES],
            )
            self.stdout.write(f"{'table (lignes, estimation ANALYZE)':<50} {'lignes':>10}")
            for table, rows in cursor.fetchall():
                self.stdout.write(f"{table:<50} {max(rows, 0):>10,}")
        self.stdout.write(f"{wanted - current:,} parcours ajoutés ({wanted:,} en tout) en {total:.0f} s.")

    # -- the world, through the ORM (a few thousand rows) ----------------------------------------

    def _world(self, count: int) -> int:
        existing = Organisation.objects.filter(kind=Organisation.Kind.STRUCTURE).count()
        if existing:
            if existing != count:
                raise CommandError(f"La base a déjà {existing} structures (demandé : {count}).")
            return existing
        started = time.perf_counter()
        with transaction.atomic():
            self._create_world(count)
        self.timings.append(("monde (organisations, comptes, sessions)", count, time.perf_counter() - started))
        return count

    def _create_world(self, count: int) -> None:
        password = make_password(PASSWORD)
        weights = [region[3] for region in REGIONS]
        # Structures per region, in proportion to the weights, every region at least one (a small
        # test world takes one structure in each of the first regions).
        if count < len(REGIONS):
            shares = [1] * count + [0] * (len(REGIONS) - count)
        else:
            shares = [max(1, round(count * weight / sum(weights))) for weight in weights]
            shares[[r[0] for r in REGIONS].index("Île-de-France")] += count - sum(shares)
        national = Organisation.objects.create(name=NATIONAL_NETWORK, kind="network", region="")
        regional = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Délégation régionale {region[0]}", kind="network", region=region[0])
                for region in REGIONS
            ]
        )
        structures, employers, bodies = [], [], []
        for index, (region, zone, _, _, cities) in enumerate(REGIONS):
            for k in range(shares[index]):
                number = len(structures)
                kind = STRUCTURE_TYPES[number % len(STRUCTURE_TYPES)]
                city = cities[k % len(cities)]
                structures.append(
                    Organisation(
                        name=f"{kind} {STRUCTURE_NAMES[number % len(STRUCTURE_NAMES)]} {city} ({number + 1:03d})",
                        kind="structure",
                        structure_type=kind,
                        siret=f"999{number:011d}",
                        region=region,
                        time_zone=zone,
                    )
                )
            for k in range(6):
                employers.append(
                    Organisation(
                        name=f"Employeur {cities[k % len(cities)]} {k + 1} ({region})", kind="employer", region=region
                    )
                )
            for k in range(2):
                bodies.append(
                    Organisation(
                        name=f"Organisme de formation {cities[k % len(cities)]} ({region})",
                        kind="training_body",
                        region=region,
                    )
                )
        structures = Organisation.objects.bulk_create(structures)
        employers = Organisation.objects.bulk_create(employers)
        bodies = Organisation.objects.bulk_create(bodies)
        through = Organisation.networks.through
        by_region = {network.region: network for network in regional}
        through.objects.bulk_create(
            [through(from_organisation=s, to_organisation=national) for s in structures]
            + [through(from_organisation=s, to_organisation=by_region[s.region]) for s in structures]
        )

        groups = Group.objects.bulk_create(
            [Group(name=f"structure-{s.pk}-managers") for s in structures]
            + [Group(name=f"employer-{e.pk}-contacts") for e in employers]
            + [Group(name=f"training-body-{b.pk}-trainers") for b in bodies]
        )
        group_of = {group.name: group for group in groups}
        users, memberships = [], []

        def account(email: str, organisation: Organisation, role: str, group: str | None = None) -> None:
            number = len(users)
            user = User(
                email=email,
                password=password,
                first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number * 7) % len(LAST_NAMES)],
            )
            users.append(user)
            memberships.append((user, organisation, role, group))

        account(ANALYST_EMAIL, national, "network_analyst")
        for network in regional:
            account(f"analyste.{network.pk}{SEED_DOMAIN}", network, "network_analyst")
        for rank, structure in enumerate(structures):
            account(f"direction.{rank:03d}{SEED_DOMAIN}", structure, "manager", f"structure-{structure.pk}-managers")
            for k in range(3 + rank % 3):
                account(f"cip{k + 1}.{rank:03d}{SEED_DOMAIN}", structure, "counsellor")
        for employer in employers:
            account(f"rh.{employer.pk}{SEED_DOMAIN}", employer, "employer_contact", f"employer-{employer.pk}-contacts")
        for body in bodies:
            account(f"formation.{body.pk}{SEED_DOMAIN}", body, "trainer", f"training-body-{body.pk}-trainers")
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(user=user, organisation=org, role=role) for user, org, role, _ in memberships]
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user=user, group=group_of[name]) for user, _, _, name in memberships if name]
        )

        programmes = []
        for rank, structure in enumerate(structures):
            for k in range(1 + rank % 2):
                programmes.append(Programme(structure=structure, name=PROGRAMMES[(rank + k) % len(PROGRAMMES)]))
        Programme.objects.bulk_create(programmes)

        establishments = []
        for employer in employers:
            zone = next(r[1] for r in REGIONS if r[0] == employer.region)
            for k in range(3):
                establishments.append(
                    Establishment(
                        employer=employer, name=f"{employer.name} — site {k + 1}", kind="ehpad", time_zone=zone
                    )
                )
        Establishment.objects.bulk_create(establishments)

        certification = Certification.objects.get(code="DEAS")
        trainings = [
            Training.objects.create(
                title="DEAS — parcours complet (seed)", certification=certification, duration_hours=1540
            ),
            Training.objects.create(title="Agent·e de service hospitalier (seed)", duration_hours=140),
        ]
        # A session every week for each training body, from five years ago to six months ahead.
        first_monday = date.today() - timedelta(days=date.today().weekday() + 7 * 265)
        sessions = []
        for index, body in enumerate(bodies):
            for week in range(292):
                start = first_monday + timedelta(weeks=week)
                sessions.append(
                    TrainingSession(
                        training=trainings[index % 2],
                        training_body=body,
                        start_date=start,
                        end_date=start + timedelta(days=20 + (week * 7) % 50),
                        place=f"{body.name}, session {week + 1}",
                        capacity=30,
                    )
                )
        TrainingSession.objects.bulk_create(sessions, batch_size=2000)

    # -- the parcours and what hangs off them, in SQL --------------------------------------------

    def _load(self, start: int, stop: int, structures: int, options: dict) -> None:
        params = {
            "start": start,
            "stop": stop,
            "nstruct": structures,
            "probe": min(options["probe_parcours"], stop) if options["probe_parcours"] else 0,
            "fu": max(1, options["follow_ups_per_parcours"]),
            "first_names": FIRST_NAMES,
            "last_names": LAST_NAMES,
            "notes": NOTES,
            "kinds": FOLLOW_UP_KINDS,
            "eligibility": ELIGIBILITY,
            "positions": POSITIONS,
        }
        with transaction.atomic(), connection.cursor() as cursor:
            self.cursor = cursor
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")  # compiling each statement cost more than running it
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                # Foreign keys are checked by per-row triggers; the rows below are built from the
                # referenced tables, so the checks are skipped for the load (superuser only).
                cursor.execute("SET LOCAL session_replication_role = replica")
            self._helpers(options["seed"], params)
            dropped = self._drop_indexes() if stop - start >= 200_000 and stop - start > start else []
            self._step("plan (table temporaire)", self._plan, params)
            steps = [
                ("parcours_person", PERSONS_SQL),
                ("parcours_parcours", PARCOURS_SQL),
                ("parcours_phasetransition", TRANSITIONS_SQL),
                ("permissions des parcours et personnes", PERMISSIONS_SQL),
                ("parcours_followup", FOLLOW_UPS_SQL),
                ("employers_placement (+ événements, permissions)", PLACEMENTS_SQL),
                ("trainings_enrolment (+ événements, permissions)", ENROLMENTS_SQL),
            ]
            for name, sql in steps:
                self._chunked(name, sql, params)
            for sequence_table in ("parcours_person", "parcours_parcours"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{sequence_table}', 'id'), "  # noqa: S608 (constant names)
                    f"(SELECT max(id) FROM {sequence_table}))"
                )
            if dropped:
                self._step("index recréés", self._recreate_indexes, dropped)
            self._step("ANALYZE", cursor.execute, "ANALYZE")
            # Leave the connection as it was (a test runs this inside its own transaction).
            cursor.execute(
                "DROP TABLE seed_plan, seed_structure, seed_region, seed_establishment, seed_session, seed_reason"
            )
            cursor.execute("DROP FUNCTION pg_temp.rnd(bigint, int)")
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    def _step(self, name: str, function, *args) -> None:
        started = time.perf_counter()
        rows = function(*args)
        self.timings.append((name, rows if isinstance(rows, int) else 0, time.perf_counter() - started))

    def _helpers(self, seed: int, params: dict) -> None:
        cursor = self.cursor
        offset = seed * 1_000_003
        # A reproducible uniform number in [0, 1) for parcours g and a salt (inlined by the planner).
        cursor.execute(
            "CREATE FUNCTION pg_temp.rnd(g bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE "
            f"AS $$ SELECT (hashint8(g * 1009 + salt + {offset}) & 2147483647)::float8 / 2147483648 $$"
        )
        cursor.execute(
            """
            CREATE TEMP TABLE seed_region ON COMMIT DROP AS
            SELECT r.ord::int - 1 AS rank, r.name, r.dept,
                   (SELECT array_agg(e.id ORDER BY e.id) FROM employers_establishment e
                    JOIN organisations_organisation o ON o.id = e.employer_id WHERE o.region = r.name) AS establishments
            FROM unnest(%(regions)s::text[], %(depts)s::text[]) WITH ORDINALITY AS r(name, dept, ord)
            """,
            {"regions": [r[0] for r in REGIONS], "depts": [r[2] for r in REGIONS]},
        )
        cursor.execute(
            """
            CREATE TEMP TABLE seed_structure ON COMMIT DROP AS
            SELECT (row_number() OVER (ORDER BY o.id) - 1)::int AS rank, o.id, o.time_zone AS tz, r.rank AS region,
                   r.dept, g.id AS manager_group,
                   (SELECT array_agg(m.user_id ORDER BY m.user_id) FROM organisations_membership m
                    WHERE m.organisation_id = o.id AND m.role = 'counsellor') AS counsellors,
                   (SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}') FROM parcours_programme p
                    WHERE p.structure_id = o.id) AS programmes
            FROM organisations_organisation o
            JOIN seed_region r ON r.name = o.region
            JOIN auth_group g ON g.name = 'structure-' || o.id || '-managers'
            WHERE o.kind = 'structure'
            """
        )
        cursor.execute("CREATE UNIQUE INDEX ON seed_structure (rank)")
        cursor.execute(
            """
            CREATE TEMP TABLE seed_establishment ON COMMIT DROP AS
            SELECT e.id, g.id AS host_group,
                   (SELECT min(m.user_id) FROM organisations_membership m
                    WHERE m.organisation_id = e.employer_id AND m.role = 'employer_contact') AS contact
            FROM employers_establishment e JOIN auth_group g ON g.name = 'employer-' || e.employer_id || '-contacts'
            """
        )
        cursor.execute(
            """
            CREATE TEMP TABLE seed_session ON COMMIT DROP AS
            SELECT r.rank AS region,
                   (dense_rank() OVER (PARTITION BY s.training_body_id ORDER BY s.start_date))::int - 1 AS week,
                   (dense_rank() OVER (PARTITION BY o.region ORDER BY o.id))::int - 1 AS body,
                   s.id, s.start_date, s.end_date, g.id AS trainer_group,
                   (SELECT min(m.user_id) FROM organisations_membership m
                    WHERE m.organisation_id = o.id AND m.role = 'trainer') AS trainer
            FROM trainings_trainingsession s
            JOIN organisations_organisation o ON o.id = s.training_body_id
            JOIN seed_region r ON r.name = o.region
            JOIN auth_group g ON g.name = 'training-body-' || o.id || '-trainers'
            """
        )
        cursor.execute("CREATE UNIQUE INDEX ON seed_session (region, week, body)")
        cursor.execute("SELECT min(start_date), max(week) FROM seed_session")
        params["first_week"], params["last_week"] = cursor.fetchone()
        # Exit reasons per category, the category picked by its share of exits.
        counted = {category.code for category in ExitCategory.objects.all()}
        thresholds, total = [], 0.0
        for code, share in EXIT_CATEGORY_SHARES:
            if code not in counted:
                raise CommandError(f"Catégorie de sortie inconnue : {code} (manage.py load_reference).")
            total += share
            thresholds.append(total)
        reasons = [
            list(
                ExitReason.objects.filter(category=code, is_active=True).order_by("code").values_list("code", flat=True)
            )
            for code, _ in EXIT_CATEGORY_SHARES
        ]
        cursor.execute(
            "CREATE TEMP TABLE seed_reason ON COMMIT DROP AS "
            "SELECT ord::int - 1 AS category, threshold, string_to_array(codes, ',') AS codes "
            "FROM unnest(%(thresholds)s::float8[], %(codes)s::text[]) WITH ORDINALITY AS t(threshold, codes, ord)",
            {"thresholds": thresholds, "codes": [",".join(codes) for codes in reasons]},
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM parcours_person")
        params["person_base"] = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM parcours_parcours")
        params["parcours_base"] = cursor.fetchone()[0]
        perms = dict(
            Permission.objects.filter(content_type__app_label__in=["parcours", "employers", "trainings"]).values_list(
                "codename", "pk"
            )
        )
        for codename, pk in perms.items():
            params[f"p_{codename}"] = pk

    def _plan(self, params: dict) -> int:
        self.cursor.execute(PLAN_SQL, params)
        self.cursor.execute("CREATE UNIQUE INDEX ON seed_plan (g)")
        self.cursor.execute("ANALYZE seed_plan")
        return params["stop"] - params["start"]

    def _chunked(self, name: str, sql: str, params: dict) -> None:
        started = time.perf_counter()
        total = params["stop"] - params["start"]
        with tqdm(total=total, desc=f"{name[:40]:<40}", unit=" parcours", disable=not self.progress) as bar:
            for low in range(params["start"], params["stop"], CHUNK):
                high = min(low + CHUNK, params["stop"])
                statements = sql if isinstance(sql, list) else [sql]
                for statement in statements:
                    self.cursor.execute(statement, {**params, "low": low, "high": high})
                bar.update(high - low)
        self.timings.append((name, total, time.perf_counter() - started))

    def _drop_indexes(self) -> list[str]:
        """Drop the secondary (non-unique, non-primary) indexes of the big tables; their definitions
        are returned to be rebuilt in the same transaction."""
        self.cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
            """,
            [BIG_TABLES],
        )
        found = self.cursor.fetchall()
        for name, _ in found:
            self.cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in found]

    def _recreate_indexes(self, definitions: list[str]) -> int:
        for definition in tqdm(definitions, desc=f"{'index':<40}", unit=" index", disable=not self.progress):
            self.cursor.execute(definition)
        return len(definitions)


# Every statement reads the plan rows whose g is in [low, high). %% is a literal % (psycopg).
PLAN_SQL = """
CREATE TEMP TABLE seed_plan ON COMMIT DROP AS
WITH base AS (
    SELECT g,
           CASE WHEN g < %(probe)s THEN 0
                WHEN %(probe)s > 0 THEN 1 + (g - %(probe)s) %% (%(nstruct)s - 1)
                ELSE g %% %(nstruct)s END AS srank,
           pg_temp.rnd(g, 1) < 0.40 AS exited,
           pg_temp.rnd(g, 2) AS r2, pg_temp.rnd(g, 3) AS r3, pg_temp.rnd(g, 4) AS r4, pg_temp.rnd(g, 5) AS r5
    FROM generate_series(%(start)s::bigint, %(stop)s::bigint - 1) AS g
), dated AS (
    SELECT b.*, current_date - CASE WHEN exited THEN 1 + floor(r2 * 1825) ELSE 1 + floor(r2 * 719) END::int AS entry,
           (15 + floor(power(r3, 1.4) * 705))::int AS wanted_length
    FROM base b
), shaped AS (
    SELECT d.*,
           CASE WHEN NOT exited THEN NULL
                WHEN entry + wanted_length < current_date THEN entry + wanted_length
                ELSE entry + floor((current_date - 1 - entry) * r4)::int END AS exit_date,
           CASE WHEN exited THEN 'exited'
                WHEN r5 < 0.45 THEN 'entry' WHEN r5 < 0.65 THEN 'immersion' WHEN r5 < 0.80 THEN 'interim'
                WHEN r5 < 0.95 THEN 'training' ELSE 'vae' END AS phase,
           CASE WHEN exited AND r5 < 0.20 THEN 'immersion' WHEN exited AND r5 < 0.35 THEN 'interim'
                WHEN exited AND r5 < 0.50 THEN 'training' WHEN NOT exited AND r5 >= 0.95 THEN 'training' END AS mid
    FROM dated d
)
SELECT s.g, %(person_base)s + 1 + (s.g - %(start)s) AS person_id,
       %(parcours_base)s + 1 + (s.g - %(start)s) AS parcours_id,
       st.id AS structure_id, st.tz, st.region, st.dept, st.manager_group,
       st.counsellors[1 + ((hashint8(s.g * 17 + 9) & 65535) %% cardinality(st.counsellors))] AS referent,
       CASE WHEN pg_temp.rnd(s.g, 8) < 0.6 AND cardinality(st.programmes) > 0
            THEN st.programmes[1 + ((hashint8(s.g * 17 + 10) & 65535) %% cardinality(st.programmes))] END AS programme,
       s.entry, s.exit_date, coalesce(s.exit_date, current_date) AS active_end, s.phase, s.mid,
       s.entry + ((coalesce(s.exit_date, current_date) - s.entry) * 3 / 10) AS mid_date,
       CASE WHEN s.exited THEN
           (SELECT rs.codes[1 + floor(pg_temp.rnd(s.g, 7) * cardinality(rs.codes))::int] FROM seed_reason rs
            WHERE rs.threshold > pg_temp.rnd(s.g, 6) ORDER BY rs.category LIMIT 1) END AS exit_reason,
       greatest(1, %(fu)s / 2 + (hashint8(s.g * 31 + 5) & 65535) %% (%(fu)s + 1)) AS follow_ups
FROM shaped s JOIN seed_structure st ON st.rank = s.srank
"""

PERSONS_SQL = """
INSERT INTO parcours_person (id, structure_id, first_name, last_name, birth_name, birth_date, email, phone, address,
                             postal_code, city, pass_iae_number, pass_iae_start, pass_iae_end, eligibility,
                             created_by_id, created_at, updated_at, version)
SELECT p.person_id, p.structure_id,
       (%(first_names)s::text[])[1 + (hashint8(p.g * 13 + 1) & 65535) %% cardinality(%(first_names)s::text[])],
       (%(last_names)s::text[])[1 + (hashint8(p.g * 13 + 2) & 65535) %% cardinality(%(last_names)s::text[])],
       '', p.entry - (6600 + (hashint8(p.g * 13 + 3) & 65535) %% 15000), '',
       '06 39 98 ' || lpad(((p.g / 100) %% 100)::text, 2, '0') || ' ' || lpad((p.g %% 100)::text, 2, '0'), '',
       left(p.dept || lpad(((p.g %% 90) * 10)::text, 3, '0'), 5), '',
       '9' || lpad(p.g::text, 11, '0'), p.entry - (p.g %% 20)::int,
       ((p.entry - (p.g %% 20)::int) + interval '2 years' - interval '1 day')::date,
       jsonb_build_array((%(eligibility)s::text[])[1 + p.g %% cardinality(%(eligibility)s::text[])]),
       p.referent, p.entry + time '09:00', p.entry + time '09:00', 1
FROM seed_plan p WHERE p.g >= %(low)s AND p.g < %(high)s
"""

PARCOURS_SQL = """
INSERT INTO parcours_parcours (id, person_id, structure_id, programme_id, phase, phase_changed_at, entry_date,
                               referent_id, exit_date, exit_reason_id, exit_comment, created_at, updated_at, version)
SELECT p.parcours_id, p.person_id, p.structure_id, p.programme, p.phase,
       CASE WHEN p.exit_date IS NOT NULL THEN (p.exit_date + time '17:00') AT TIME ZONE p.tz
            WHEN p.phase = 'vae' THEN least((p.mid_date + time '11:00' + interval '14 days') AT TIME ZONE p.tz, now())
            WHEN p.phase <> 'entry' THEN (p.mid_date + time '11:00') AT TIME ZONE p.tz
            ELSE (p.entry + time '09:00') AT TIME ZONE p.tz END,
       p.entry, p.referent, p.exit_date, p.exit_reason,
       CASE WHEN p.exit_date IS NOT NULL THEN 'Sortie enregistrée.' ELSE '' END,
       (p.entry + time '09:00') AT TIME ZONE p.tz, now(), 1
FROM seed_plan p WHERE p.g >= %(low)s AND p.g < %(high)s
"""

# create, then the phases passed through (a VAE comes after a training), then the exit.
TRANSITIONS_SQL = """
INSERT INTO parcours_phasetransition (parcours_id, name, source, target, actor_id, occurred_at, effective_date,
                                      comment, details)
SELECT p.parcours_id, t.name, t.source, t.target, p.referent, least(t.at AT TIME ZONE p.tz, now()), t.effective, '',
       t.details
FROM seed_plan p
CROSS JOIN LATERAL (VALUES
    (1, 'create', '', 'entry', p.entry + time '09:00', p.entry, '{}'::jsonb),
    (2, 'start_' || p.mid, 'entry', p.mid, p.mid_date + time '11:00', NULL::date, '{}'::jsonb),
    (3, 'start_' || CASE WHEN p.phase <> 'exited' THEN p.phase END, coalesce(p.mid, 'entry'), p.phase,
        p.mid_date + time '11:00' + CASE WHEN p.mid IS NULL THEN interval '0' ELSE interval '14 days' END, NULL, '{}'),
    (4, 'exit', coalesce(p.mid, 'entry'), 'exited', p.exit_date + time '17:00', p.exit_date,
        jsonb_build_object('closed', '{}'::jsonb, 'exit_reason', p.exit_reason))
) AS t(step, name, source, target, at, effective, details)
WHERE p.g >= %(low)s AND p.g < %(high)s
  AND (t.step = 1 OR (t.step = 2 AND p.mid IS NOT NULL)
       OR (t.step = 3 AND p.phase NOT IN ('entry', 'exited')) OR (t.step = 4 AND p.phase = 'exited'))
"""

# The referent (a counsellor of the structure) follows the parcours; the structure's managers'
# group holds the manager permissions; both hold view and change on the person.
PERMISSIONS_SQL = [
    """
INSERT INTO parcours_parcoursuserobjectpermission (permission_id, user_id, content_object_id)
SELECT perm, p.referent, p.parcours_id FROM seed_plan p
CROSS JOIN unnest(ARRAY[%(p_view_parcours)s, %(p_change_parcours)s, %(p_transition_parcours)s]) AS perm
WHERE p.g >= %(low)s AND p.g < %(high)s
""",
    """
INSERT INTO parcours_parcoursgroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm, p.manager_group, p.parcours_id FROM seed_plan p
CROSS JOIN unnest(ARRAY[%(p_view_parcours)s, %(p_change_parcours)s, %(p_transition_parcours)s,
                        %(p_reassign_parcours)s]) AS perm
WHERE p.g >= %(low)s AND p.g < %(high)s
""",
    """
INSERT INTO parcours_personuserobjectpermission (permission_id, user_id, content_object_id)
SELECT perm, p.referent, p.person_id FROM seed_plan p
CROSS JOIN unnest(ARRAY[%(p_view_person)s, %(p_change_person)s]) AS perm
WHERE p.g >= %(low)s AND p.g < %(high)s
""",
    """
INSERT INTO parcours_persongroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm, p.manager_group, p.person_id FROM seed_plan p
CROSS JOIN unnest(ARRAY[%(p_view_person)s, %(p_change_person)s]) AS perm
WHERE p.g >= %(low)s AND p.g < %(high)s
""",
]

# Spread evenly over the active period (entry to exit, or to today), at office hours.
FOLLOW_UPS_SQL = """
INSERT INTO parcours_followup (parcours_id, created_by_id, created_at, updated_at, version, kind, occurred_at,
                               duration_minutes, note)
SELECT p.parcours_id, p.referent, f.at + interval '2 hours', f.at + interval '2 hours', 1,
       (%(kinds)s::text[])[1 + (p.g + k) %% cardinality(%(kinds)s::text[])], f.at,
       (ARRAY[15, 30, 45, 60, 60, 90, 120])[1 + (p.g * 3 + k) %% 7],
       (%(notes)s::text[])[1 + (p.g * 7 + k) %% cardinality(%(notes)s::text[])]
FROM seed_plan p
CROSS JOIN LATERAL generate_series(1, p.follow_ups) AS k
CROSS JOIN LATERAL (
    SELECT least(((p.entry + ((p.active_end - p.entry) * (k - 0.5) / p.follow_ups)::int)
                 + make_interval(hours => (9 + (p.g + k) %% 8)::int)) AT TIME ZONE p.tz,
                 now() - interval '3 hours') AS at
) AS f
WHERE p.g >= %(low)s AND p.g < %(high)s
"""

# About one placement for two parcours; one for every parcours in immersion or interim (and those
# that went through them). The state follows the parcours: live ones while it is open, closed ones
# once it has exited (exiting cancels proposals and interrupts what runs).
PLACEMENTS_SQL = """
WITH chosen AS (
    SELECT p.*, pg_temp.rnd(p.g, 21) AS r,
           CASE WHEN p.phase = 'immersion' OR p.mid = 'immersion' THEN 'pmsmp'
                WHEN p.phase = 'interim' OR p.mid = 'interim' THEN 'mission'
                WHEN pg_temp.rnd(p.g, 22) < 0.6 THEN 'pmsmp' ELSE 'mission' END AS kind,
           p.phase IN ('immersion', 'interim') OR p.mid IN ('immersion', 'interim') AS drives_phase,
           r.establishments[1 + ((hashint8(p.g * 17 + 11) & 65535) %% cardinality(r.establishments))] AS establishment
    FROM seed_plan p JOIN seed_region r ON r.rank = p.region
    WHERE p.g >= %(low)s AND p.g < %(high)s
      AND (pg_temp.rnd(p.g, 20) < 0.25 OR p.phase IN ('immersion', 'interim') OR p.mid IN ('immersion', 'interim'))
), stated AS (
    SELECT c.*,
           CASE WHEN c.drives_phase AND c.phase <> 'exited'
                    THEN CASE WHEN c.r < 0.2 THEN 'confirmed' ELSE 'in_progress' END
                WHEN c.drives_phase THEN CASE WHEN c.r < 0.7 THEN 'completed' ELSE 'interrupted' END
                WHEN c.phase = 'exited' THEN CASE WHEN c.r < 0.35 THEN 'completed' WHEN c.r < 0.5 THEN 'declined'
                                                  WHEN c.r < 0.75 THEN 'cancelled' ELSE 'interrupted' END
                ELSE CASE WHEN c.r < 0.25 THEN 'proposed' WHEN c.r < 0.45 THEN 'declined'
                          WHEN c.r < 0.6 THEN 'cancelled' ELSE 'completed' END END AS state,
           (CASE WHEN c.kind = 'pmsmp' THEN 5 + (c.g %% 25) ELSE 14 + (c.g %% 76) END)::int AS days
    FROM chosen c
), dated AS (
    SELECT s.*,
           CASE WHEN s.state IN ('proposed', 'confirmed') AND s.phase <> 'exited'
                    THEN current_date + 3 + (s.g %% 20)::int
                WHEN s.drives_phase THEN s.mid_date
                ELSE s.entry + floor((s.active_end - s.entry) * s.r)::int END AS start_date
    FROM stated s
), inserted AS (
    INSERT INTO employers_placement (parcours_id, establishment_id, kind, state, start_date, end_date, purpose,
                                     position, weekly_hours, hours_worked, assessment, decline_reason, proposed_by_id,
                                     created_at, updated_at, version)
    SELECT d.parcours_id, d.establishment, d.kind, d.state, d.start_date, d.start_date + d.days - 1,
           CASE WHEN d.kind = 'pmsmp' THEN (ARRAY['discover', 'confirm', 'recruit'])[1 + d.g %% 3] ELSE '' END,
           CASE WHEN d.kind = 'mission' THEN (%(positions)s::text[])[1 + d.g %% cardinality(%(positions)s::text[])]
                ELSE '' END,
           CASE WHEN d.kind = 'mission' THEN 20 + (d.g %% 16) END,
           CASE WHEN d.state = 'completed' THEN d.days * 5 END,
           CASE WHEN d.state = 'completed' THEN 'Période réalisée ; objectifs atteints.' ELSE '' END,
           CASE WHEN d.state = 'declined' THEN 'Pas de poste disponible sur ces dates.' ELSE '' END,
           d.referent, least((d.start_date - 10 + time '10:00') AT TIME ZONE d.tz, now() - interval '2 hours'), now(), 1
    FROM dated d
    RETURNING id, parcours_id, establishment_id, state, created_at
), joined AS (
    SELECT i.*, p.referent, p.manager_group, e.host_group, e.contact
    FROM inserted i JOIN seed_plan p ON p.g = i.parcours_id - %(parcours_base)s - 1 + %(start)s
    JOIN seed_establishment e ON e.id = i.establishment_id
), events AS (
    INSERT INTO employers_placementevent (placement_id, name, source, target, actor_id, occurred_at, comment, details)
    SELECT j.id, s.name, s.source, s.target, CASE WHEN s.by_staff THEN j.referent ELSE j.contact END,
           least(j.created_at + s.step * interval '2 days', now() - interval '1 hour' + s.step * interval '1 minute'),
           '', '{}'
    FROM joined j JOIN (VALUES
        ('proposed', 0, 'propose', '', 'proposed', true),
        ('confirmed', 0, 'propose', '', 'proposed', true), ('confirmed', 1, 'confirm', 'proposed', 'confirmed', false),
        ('declined', 0, 'propose', '', 'proposed', true), ('declined', 1, 'decline', 'proposed', 'declined', false),
        ('cancelled', 0, 'propose', '', 'proposed', true), ('cancelled', 1, 'cancel', 'proposed', 'cancelled', true),
        ('in_progress', 0, 'propose', '', 'proposed', true),
        ('in_progress', 1, 'confirm', 'proposed', 'confirmed', false),
        ('in_progress', 2, 'start', 'confirmed', 'in_progress', false),
        ('completed', 0, 'propose', '', 'proposed', true), ('completed', 1, 'confirm', 'proposed', 'confirmed', false),
        ('completed', 2, 'start', 'confirmed', 'in_progress', false),
        ('completed', 3, 'complete', 'in_progress', 'completed', false),
        ('interrupted', 0, 'propose', '', 'proposed', true),
        ('interrupted', 1, 'confirm', 'proposed', 'confirmed', false),
        ('interrupted', 2, 'start', 'confirmed', 'in_progress', false),
        ('interrupted', 3, 'interrupt', 'in_progress', 'interrupted', false)
    ) AS s(state, step, name, source, target, by_staff) ON s.state = j.state
    ORDER BY j.id, s.step
    RETURNING 1
), user_perms AS (
    INSERT INTO employers_placementuserobjectpermission (permission_id, user_id, content_object_id)
    SELECT perm, j.referent, j.id FROM joined j
    CROSS JOIN unnest(ARRAY[%(p_view_placement)s, %(p_change_placement)s]) AS perm
    RETURNING 1
)
INSERT INTO employers_placementgroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm, j.manager_group, j.id FROM joined j
CROSS JOIN unnest(ARRAY[%(p_view_placement)s, %(p_change_placement)s]) AS perm
UNION ALL
SELECT perm, j.host_group, j.id FROM joined j
CROSS JOIN unnest(ARRAY[%(p_view_placement)s, %(p_respond_placement)s]) AS perm
WHERE j.state NOT IN ('declined', 'cancelled')
"""

# About one enrolment for five parcours, in the region's weekly session nearest its date; one for
# every parcours that went through training. The state follows the session's dates and the parcours.
ENROLMENTS_SQL = """
WITH chosen AS (
    SELECT p.*, pg_temp.rnd(p.g, 31) AS r,
           p.phase IN ('training', 'vae') OR p.mid = 'training' AS drives_phase,
           CASE WHEN p.phase IN ('training', 'vae') OR p.mid = 'training' THEN p.mid_date
                WHEN p.phase <> 'exited' AND pg_temp.rnd(p.g, 32) < 0.4 THEN current_date + 7 + (p.g %% 50)::int
                ELSE p.entry + floor((p.active_end - p.entry) * pg_temp.rnd(p.g, 31))::int END AS target
    FROM seed_plan p
    WHERE p.g >= %(low)s AND p.g < %(high)s
      AND (pg_temp.rnd(p.g, 30) < 0.03 OR p.phase IN ('training', 'vae') OR p.mid = 'training')
), placed AS (
    SELECT c.*, s.id AS session, s.start_date AS session_start, s.end_date AS session_end, s.trainer, s.trainer_group
    FROM chosen c
    JOIN seed_session s ON s.region = c.region AND s.body = (hashint8(c.g * 17 + 12) & 1)
     AND s.week = least(%(last_week)s, greatest(0, (c.target - %(first_week)s::date) / 7))
), stated AS (
    SELECT pl.*,
           CASE WHEN pl.drives_phase AND pl.phase = 'exited'
                    THEN CASE WHEN pl.r < 0.7 THEN 'completed' ELSE 'dropped' END
                WHEN pl.drives_phase THEN CASE WHEN pl.session_end < current_date THEN 'completed' ELSE 'attending' END
                WHEN pl.session_end < current_date
                    THEN CASE WHEN pl.r < 0.5 THEN 'completed' WHEN pl.r < 0.7 THEN 'dropped' ELSE 'refused' END
                WHEN pl.session_start <= current_date THEN
                    CASE WHEN pl.r < 0.3 THEN 'refused' WHEN pl.phase = 'exited' THEN 'dropped' ELSE 'attending' END
                WHEN pl.r < 0.2 THEN 'refused' WHEN pl.phase = 'exited' THEN 'dropped'
                WHEN pl.r < 0.6 THEN 'applied' ELSE 'accepted' END AS state
    FROM placed pl
), inserted AS (
    INSERT INTO trainings_enrolment (parcours_id, session_id, state, result, refusal_reason, applied_by_id, created_at,
                                     updated_at, version)
    SELECT s.parcours_id, s.session, s.state,
           CASE WHEN s.state = 'completed' THEN CASE WHEN s.g %% 4 = 0 THEN 'failed' ELSE 'passed' END ELSE '' END,
           CASE WHEN s.state = 'refused' THEN 'Prérequis non réunis pour cette session.' ELSE '' END,
           s.referent, least((s.session_start - 21 + time '10:00') AT TIME ZONE s.tz, now() - interval '2 hours'),
           now(), 1
    FROM stated s
    RETURNING id, parcours_id, session_id, state, created_at
), joined AS (
    SELECT i.*, p.referent, p.manager_group, s.trainer, s.trainer_group
    FROM inserted i JOIN seed_plan p ON p.g = i.parcours_id - %(parcours_base)s - 1 + %(start)s
    JOIN seed_session s ON s.id = i.session_id
), events AS (
    INSERT INTO trainings_enrolmentevent (enrolment_id, name, source, target, actor_id, occurred_at, effective_date,
                                          comment, details)
    SELECT j.id, s.name, s.source, s.target, CASE WHEN s.step = 0 THEN j.referent ELSE j.trainer END,
           least(j.created_at + s.step * interval '7 days', now() - interval '1 hour' + s.step * interval '1 minute'),
           NULL, '', '{}'
    FROM joined j JOIN (VALUES
        ('applied', 0, 'apply', '', 'applied'),
        ('accepted', 0, 'apply', '', 'applied'), ('accepted', 1, 'accept', 'applied', 'accepted'),
        ('refused', 0, 'apply', '', 'applied'), ('refused', 1, 'refuse', 'applied', 'refused'),
        ('attending', 0, 'apply', '', 'applied'), ('attending', 1, 'accept', 'applied', 'accepted'),
        ('attending', 2, 'attend', 'accepted', 'attending'),
        ('completed', 0, 'apply', '', 'applied'), ('completed', 1, 'accept', 'applied', 'accepted'),
        ('completed', 2, 'attend', 'accepted', 'attending'), ('completed', 3, 'complete', 'attending', 'completed'),
        ('dropped', 0, 'apply', '', 'applied'), ('dropped', 1, 'accept', 'applied', 'accepted'),
        ('dropped', 2, 'drop', 'accepted', 'dropped')
    ) AS s(state, step, name, source, target) ON s.state = j.state
    ORDER BY j.id, s.step
    RETURNING 1
), user_perms AS (
    INSERT INTO trainings_enrolmentuserobjectpermission (permission_id, user_id, content_object_id)
    SELECT perm, j.referent, j.id FROM joined j
    CROSS JOIN unnest(ARRAY[%(p_view_enrolment)s, %(p_change_enrolment)s]) AS perm
    RETURNING 1
)
INSERT INTO trainings_enrolmentgroupobjectpermission (permission_id, group_id, content_object_id)
SELECT perm, j.manager_group, j.id FROM joined j
CROSS JOIN unnest(ARRAY[%(p_view_enrolment)s, %(p_change_enrolment)s]) AS perm
UNION ALL
SELECT perm, j.trainer_group, j.id FROM joined j
CROSS JOIN unnest(ARRAY[%(p_view_enrolment)s, %(p_decide_enrolment)s]) AS perm
"""
