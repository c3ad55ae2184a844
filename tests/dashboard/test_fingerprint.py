"""The dashboard's data fingerprint: every write to a source table changes it, other writes do
not, and figures computed while a write is still uncommitted are never cached."""

import pytest
from django.core.cache import cache
from django.db import connections
from django.urls import reverse

from audit.models import AuditEntry
from dashboard.selectors import _fingerprint, dashboard_figures
from indicators.models import IndicatorValue
from progress.models import TaskProgress
from tasks.models import RegionalTarget

from .test_pages import API_QUERIES, CACHED_API_QUERIES

pytestmark = pytest.mark.django_db


def test_updates_deletes_and_inserts_in_bulk_change_the_fingerprint(seeded):
    before = _fingerprint()
    TaskProgress.objects.filter(pk=TaskProgress.objects.order_by("pk").first().pk).update(
        percent=40
    )
    after_update = _fingerprint()
    share = RegionalTarget.objects.order_by("pk").first()
    RegionalTarget.objects.filter(pk=share.pk).delete()
    after_delete = _fingerprint()
    value = IndicatorValue.objects.order_by("pk").first()
    IndicatorValue.objects.filter(pk=value.pk).delete()
    value.pk = None
    IndicatorValue.objects.bulk_create([value])
    after_insert = _fingerprint()
    assert len({before, after_update, after_delete, after_insert}) == 4


def test_writes_to_tables_the_figures_do_not_read_leave_the_fingerprint_alone(seeded):
    before = _fingerprint()
    AuditEntry.objects.update(summary="改写")
    assert _fingerprint() == before


def test_figures_computed_while_a_write_is_in_flight_are_served_but_not_cached(
    seeded, personas, login, django_assert_num_queries
):
    client = login(personas["office"])
    cache.clear()
    writer = connections.create_connection("default")
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:
            # A statement on a source table (its trigger ran), not yet committed.
            cursor.execute("UPDATE reporting_period SET deadline = deadline WHERE false")
        _, data = dashboard_figures()
        assert data["cache_key"] is None
        for _ in range(2):  # computed each time: nothing was cached under the new fingerprint
            with django_assert_num_queries(API_QUERIES):
                assert client.get(reverse("api:dashboard-summary")).status_code == 200
        writer.rollback()
    finally:
        writer.close()
    assert client.get(reverse("api:dashboard-summary")).status_code == 200
    with django_assert_num_queries(CACHED_API_QUERIES):
        assert client.get(reverse("api:dashboard-summary")).status_code == 200


def test_an_uncommitted_write_elsewhere_does_not_stop_caching(
    seeded, personas, login, django_assert_num_queries
):
    client = login(personas["office"])
    cache.clear()
    writer = connections.create_connection("default")
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET summary = summary WHERE false")
        assert client.get(reverse("api:dashboard-summary")).status_code == 200
        with django_assert_num_queries(CACHED_API_QUERIES):
            assert client.get(reverse("api:dashboard-summary")).status_code == 200
        writer.rollback()
    finally:
        writer.close()
