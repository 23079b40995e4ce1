"""HTTP API of the parcours app: persons, parcours and their transitions, reference lists.

Views are thin: they read through parcours.selectors (always scoped to the user, so anything
out of scope is a 404) and write through parcours.services.
"""

from parcours.api.parcours import ParcoursViewSet
from parcours.api.persons import PersonViewSet
from parcours.api.reference import CounsellorViewSet, ExitReasonViewSet, ProgrammeViewSet

__all__ = ["CounsellorViewSet", "ExitReasonViewSet", "ParcoursViewSet", "PersonViewSet", "ProgrammeViewSet"]
