"""API authentication: trade an e-mail address and password for a token (``Authorization: Token <token>``)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from marketplace.api import LanguageMixin
from marketplace.apis import ERROR_RESPONSE
from marketplace.errors import MarketplaceError
from marketplace.serializers import InputSerializer


class AuthRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` that reads the rates when asked, not once at import (so settings can change them)."""

    @property
    def THROTTLE_RATES(self) -> dict:  # the attribute DRF reads
        return api_settings.DEFAULT_THROTTLE_RATES


class TokenRequestSerializer(InputSerializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenView(LanguageMixin, APIView):
    """Sign in with e-mail and password; the answer holds the API token of that account."""

    # No session authentication here: a signed-in browser must not need a CSRF token to ask for an API token.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        tags=["auth"],
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: ERROR_RESPONSE,
            401: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
        summary=_("Get an API token"),
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # allauth's authenticate: the same per-address and per-account limit on failures as the sign-in page
        # (ACCOUNT_RATE_LIMITS["login_failed"], one counter for both), which a password reset clears.
        try:
            user = get_adapter(request._request).authenticate(
                request._request,
                email=serializer.validated_data["email"],
                password=serializer.validated_data["password"],
            )
        except ValidationError as error:
            raise MarketplaceError(error.messages[0], code="too_many_login_attempts", status=429) from error
        if user is None or not user.is_active:
            # 401: the credentials failed, like a wrong token anywhere else (a 400 would say the request was malformed).
            raise MarketplaceError(
                _("The e-mail address or the password is not right."), code="invalid_credentials", status=401
            )
        # Same rule as the sign-in page (mandatory verification): only once the password is right, so that this
        # answer does not tell strangers which addresses have accounts.
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise MarketplaceError(
                _("Confirm your e-mail address first: follow the link in the message we sent you."),
                code="email_not_verified",
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
