from pathlib import Path

import pytest
from django.conf import settings

from campaigns.models import Campaign
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_staff_logs_in_and_opens_a_campaign_page(page, live_server, hengyang_plan, user):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _login(page, live_server, "reader")
    assert page.locator(".campaign").count() == 7
    page.screenshot(path=SCREENSHOTS / "home.png", full_page=True)
    campaign = Campaign.objects.get(plan=hengyang_plan, number=7)
    page.click(f"text={campaign.name}")
    page.wait_for_url(f"{live_server.url}/campaigns/{campaign.pk}/")
    assert page.locator("h1").inner_text() == campaign.name
    assert page.locator(".tasks.nested li").count() >= 24
    page.screenshot(path=SCREENSHOTS / "campaign.png", full_page=True)


def test_campaign_page_fits_a_phone_screen(page, live_server, hengyang_plan, user):
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, "reader")
    campaign = Campaign.objects.get(plan=hengyang_plan, number=1)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=SCREENSHOTS / "campaign-phone.png", full_page=False)


def test_wrong_password_shows_a_chinese_error_in_the_browser(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.locator(".error").inner_text()
