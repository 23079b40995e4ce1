"""One router for the whole API, under /api/v1/."""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from audit.api import AuditEntryViewSet
from employers.api import EstablishmentViewSet, PlacementViewSet
from notifications.api import NotificationViewSet
from organisations.api import CsrfView, MeView, SessionLoginView, SessionLogoutView, TokenView
from outcomes.api import (
    OutcomeFunnelView,
    OutcomePlacementsView,
    OutcomeSummaryView,
    OutcomeTimeseriesView,
    OutcomeTrainingsView,
    OutcomeVaeView,
)
from outcomes.export_api import OutcomesExportView, ParcoursExportView
from parcours.api import CounsellorViewSet, ExitReasonViewSet, ParcoursViewSet, PersonViewSet, ProgrammeViewSet
from parcours.api.imports import ParcoursImportViewSet
from parcours.api.journal import (
    ActionViewSet,
    AppointmentViewSet,
    BarrierTypeViewSet,
    BarrierViewSet,
    FollowUpViewSet,
)
from privacy.api import AccessExportView, RetentionDueView
from trainings.api import CertificationViewSet, EnrolmentViewSet, TrainingSessionViewSet, VaeApplicationViewSet
from tremplin import health, spa

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("persons", PersonViewSet, basename="person")
router.register("parcours", ParcoursViewSet, basename="parcours")
router.register("parcours-imports", ParcoursImportViewSet, basename="parcours-import")
router.register("exit-reasons", ExitReasonViewSet, basename="exit-reason")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("counsellors", CounsellorViewSet, basename="counsellor")
router.register("establishments", EstablishmentViewSet, basename="establishment")
router.register("placements", PlacementViewSet, basename="placement")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("barriers", BarrierViewSet, basename="barrier")
router.register("barrier-types", BarrierTypeViewSet, basename="barrier-type")
router.register("actions", ActionViewSet, basename="action")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("certifications", CertificationViewSet, basename="certification")
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("vae-applications", VaeApplicationViewSet, basename="vae-application")
router.register("audit-entries", AuditEntryViewSet, basename="audit-entry")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/csrf/", CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", SessionLoginView.as_view(), name="auth-login"),
    path("auth/logout/", SessionLogoutView.as_view(), name="auth-logout"),
    path("me/", MeView.as_view(), name="me"),
    path("outcomes/summary/", OutcomeSummaryView.as_view(), name="outcomes-summary"),
    path("outcomes/timeseries/", OutcomeTimeseriesView.as_view(), name="outcomes-timeseries"),
    path("outcomes/funnel/", OutcomeFunnelView.as_view(), name="outcomes-funnel"),
    path("outcomes/placements/", OutcomePlacementsView.as_view(), name="outcomes-placements"),
    path("outcomes/trainings/", OutcomeTrainingsView.as_view(), name="outcomes-trainings"),
    path("outcomes/vae/", OutcomeVaeView.as_view(), name="outcomes-vae"),
    path("outcomes/export/", OutcomesExportView.as_view(), name="outcomes-export"),
    path("outcomes/parcours-export/", ParcoursExportView.as_view(), name="outcomes-parcours-export"),
    path("retention/due/", RetentionDueView.as_view(), name="retention-due"),
    path("persons/<int:pk>/access-export/", AccessExportView.as_view(), name="person-access-export"),
    *router.urls,
]

# Unknown URLs and server errors answer in the API's JSON error shape, not Django's HTML page.
handler400 = "tremplin.api.json_bad_request"
handler404 = "tremplin.api.json_not_found"
handler500 = "tremplin.api.json_server_error"

# The API's Swagger UI loads swagger-ui-dist from its CDN (drf-spectacular's default; no extra
# package): that page alone may load scripts, styles and images from there. The split view serves
# its start-up script from this URL (?script=), so no inline script is allowed, even there.
SWAGGER_UI_CDN = "https://cdn.jsdelivr.net"
api_docs = csp_update({"script-src": [SWAGGER_UI_CDN], "style-src": [SWAGGER_UI_CDN], "img-src": [SWAGGER_UI_CDN]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Everything else is a client-side route of the web app.
    re_path(r"^(?!api/|admin/|static/)(?P<path>.*)$", spa.index, name="spa"),
]
