"""The API's answer to the services' Django exceptions, in one place.

Services raise django.core.exceptions.ValidationError / PermissionDenied with Chinese messages;
views call them directly and this handler turns them into DRF's 400 / 403 answers:
`{"field": ["原因"]}` for field errors, `{"detail": ["原因", …]}` otherwise, and the 403's own
message instead of DRF's generic one. Django's English "No X matches the given query." of an
unknown or out-of-reach id becomes a Chinese 404.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND = "未找到该记录，或您无权查看。"


def validation_detail(exc: DjangoValidationError) -> dict:
    """A Django ValidationError's messages keyed by field (`detail` when it names none)."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404) and (not str(exc) or "matches the given query" in str(exc)):
        exc = exceptions.NotFound(NOT_FOUND)
    return drf_exception_handler(exc, context)
