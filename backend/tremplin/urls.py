"""One router for the whole API, under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from organisations.api import MeView, TokenView
from parcours.api import ExitReasonViewSet, ParcoursViewSet, PersonViewSet, ProgrammeViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("persons", PersonViewSet, basename="person")
router.register("parcours", ParcoursViewSet, basename="parcours")
router.register("exit-reasons", ExitReasonViewSet, basename="exit-reason")
router.register("programmes", ProgrammeViewSet, basename="programme")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]

# Unknown URLs and server errors answer in the API's JSON error shape, not Django's HTML page.
handler404 = "tremplin.api.json_not_found"
handler500 = "tremplin.api.json_server_error"

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
