"""API token authentication: DRF's, refusing a key that cannot be a token before looking it up."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

# DRF's keys are 20 random bytes in hexadecimal (rest_framework.authtoken.models.Token.generate_key).
TOKEN_KEY = re.compile(r"[0-9a-f]{40}")


class TokenAuthentication(authentication.TokenAuthentication):
    """A malformed key is answered like an unknown one (401) without a query: a NUL byte in the
    header went to PostgreSQL, which cannot hold it in text, and came back as a 500."""

    def authenticate_credentials(self, key):
        if not TOKEN_KEY.fullmatch(key):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
