"""Certifications and their blocs, from fixtures/reference/certifications.csv and
certification_blocs.csv (the DEAS blocs are copied from the official list). Upserted by code and
number; a bloc that left the list is kept (validations point at it)."""

from parcours.reference import rows
from trainings.models import Certification, CertificationBloc


def load_certifications() -> str:
    certifications = rows("certifications.csv")
    for row in certifications:
        Certification.objects.update_or_create(
            code=row["code"],
            defaults={
                "title": row["title"],
                "rncp": row["rncp"],
                "required_experience_hours": int(row["required_experience_hours"]),
                "is_active": True,
            },
        )
    blocs = rows("certification_blocs.csv")
    by_code = dict(Certification.objects.values_list("code", "pk"))
    for row in blocs:
        CertificationBloc.objects.update_or_create(
            certification_id=by_code[row["certification"]], number=int(row["bloc"]), defaults={"label": row["label"]}
        )
    return f"{len(certifications)} certification(s) et {len(blocs)} blocs de compétences"
