"""The OpenAPI schema's generator (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Apart from tremplin.api: drf-spectacular's AutoSchema imports DRF's generic views, which import the
filter backends of tremplin.api.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import SAFE_METHODS, AllowAny

from tremplin.api import ErrorSerializer


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error responses an operation can give whatever its view
    declares (ErrorSerializer's shape; responses the view documents itself are kept): 400 for a
    request body or query parameters, 415 for a body in a media type the view does not parse, 404
    for an object in the path, a page out of range or an unknown ``format``, 401 and 403 when it
    needs a logged-in user with the right role, 403 for a write (CSRF), 429 when it is throttled."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        query = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
        codes = set()
        if "requestBody" in operation or query:
            codes.add("400")
        if "requestBody" in operation:
            codes.add("415")
        if "{" in self.path or {"page", "format"} & query:
            codes.add("404")
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes |= {"401", "403"}
        if self.method not in SAFE_METHODS:
            codes.add("403")
        if self.view.get_throttles():
            codes.add("429")
        responses = operation["responses"]
        for code in sorted(codes - responses.keys()):
            responses[code] = self._get_response_for_code(ErrorSerializer, code)
        operation["responses"] = dict(sorted(responses.items()))
        return operation
