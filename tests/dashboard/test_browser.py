from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}{next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_path}")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("size", SIZES)
def test_office_sees_charts_and_lights_on_the_dashboard(page, live_server, seeded, size):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(SIZES[size])
    _login(page, live_server, "office", "/dashboard/")
    page.wait_for_selector("#chart-progress canvas")
    assert page.locator("#chart-ranks canvas").count() == 1
    assert page.locator("#chart-status canvas").count() == 1
    assert page.locator(".light.green").count() + page.locator(".light.yellow").count() > 0
    assert _fits(page)
    page.screenshot(path=SCREENSHOTS / f"dashboard-{size}.png", full_page=True)
    for section in ("targets", "charts"):
        page.locator(f"#{section}").screenshot(path=SCREENSHOTS / f"dashboard-{section}-{size}.png")


@pytest.mark.parametrize("size", SIZES)
def test_leader_reads_the_summary_on_a_phone_and_a_desktop(page, live_server, seeded, size):
    page.set_viewport_size(SIZES[size])
    _login(page, live_server, "leader", "/leader/")
    assert page.locator(".lights .light").count() == 6
    assert "暂无通报" in page.inner_text("main")
    assert _fits(page)
    page.screenshot(path=SCREENSHOTS / f"dashboard-leader-{size}.png", full_page=True)
