"""Authentication (web sessions with CSRF, API tokens) and the current user's profile."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from audit.models import Event
from audit.services import audit_event
from organisations.models import Membership, User
from tremplin.api import ErrorSerializer
from tremplin.authentication import TokenAuthentication
from tremplin.security import LockedOut


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


def _authenticate(request) -> User:
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    # Django's own request, not DRF's wrapper: the lockout (django-axes) marks it, and its
    # middleware reads the mark there.
    http_request = request._request
    user = authenticate(
        http_request, username=serializer.validated_data["email"], password=serializer.validated_data["password"]
    )
    if user is None:
        if getattr(http_request, "axes_locked_out", False):
            # Too many failures for this e-mail from this address: 429, one message for every
            # e-mail, known or not (tremplin.security).
            raise LockedOut()
        # Same answer for an unknown email and a wrong password: no account enumeration.
        raise serializers.ValidationError({"non_field_errors": ["E-mail ou mot de passe incorrect."]})
    return user


class TokenView(APIView):
    """Exchange email and password for an API token (``Authorization: Token <token>``)."""

    authentication_classes = [TokenAuthentication]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer, 400: ErrorSerializer})
    def post(self, request):
        user = _authenticate(request)
        # No session, so no user_logged_in signal: axes' success path by hand (resets the failures).
        AxesProxyHandler.user_logged_in(sender=type(self), request=request._request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        audit_event(event=Event.LOGIN, actor=user, instance=user, details={"method": "token"})
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        """Revoke the token used for this request."""
        Token.objects.filter(user=request.user).delete()
        audit_event(event=Event.LOGOUT, actor=request.user, instance=request.user, details={"method": "token"})
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name")
    organisation_kind = serializers.CharField(source="organisation.kind")

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "organisation_kind", "role"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "memberships"]


class MeView(APIView):
    """The logged-in user and their roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(_me(request.user.pk)).data)


def _me(user_id: int) -> User:
    return User.objects.prefetch_related("memberships__organisation").get(pk=user_id)


class CsrfResponseSerializer(serializers.Serializer):
    csrf_token = serializers.CharField()


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfView(APIView):
    """Set the CSRF cookie the web app sends back (header X-CSRFToken) on every write."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=CsrfResponseSerializer)
    def get(self, request):
        return Response({"csrf_token": get_token(request)})


@method_decorator(csrf_protect, name="dispatch")
class SessionLoginView(APIView):
    """Open a web session (cookie) with email and password. CSRF-protected, like every session write."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=TokenRequestSerializer, responses={200: MeSerializer, 400: ErrorSerializer})
    def post(self, request):
        user = _authenticate(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(MeSerializer(_me(user.pk)).data)


class SessionLogoutView(APIView):
    """Close the web session."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
