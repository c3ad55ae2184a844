"""Where the current change comes from (page, API, import, command, job), set once per request."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .choices import AuditSource

_source: ContextVar[tuple[str, str]] = ContextVar("audit_source", default=(AuditSource.COMMAND, ""))


def current_source() -> tuple[str, str]:
    """The (source, request path) of the change being made now."""
    return _source.get()


@contextmanager
def audit_source(source: str, path: str = "") -> Iterator[None]:
    """Mark every audit entry written inside the block as coming from `source`."""
    token = _source.set((source, path[:300]))
    try:
        yield
    finally:
        _source.reset(token)


class AuditSourceMiddleware:
    """Records whether a request is an API call or a page, for the audit trail."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        source = AuditSource.API if request.path.startswith("/api/") else AuditSource.PAGE
        with audit_source(source, request.path):
            return self.get_response(request)
