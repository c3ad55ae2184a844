"""The task list API at the plan's size and at ten times it: requests/s and queries/request."""

import json
import time

from common import ROOT, Recorder, setup_django

REQUESTS = 60
PAGE_SIZE = 100


def load_copies(count: int, data: dict, start: int) -> None:
    from campaigns.services import plan_load

    for copy in range(start, start + count):
        plan_load(data={**data, "document_number": f"{data['document_number']}-bench{copy}"})


def measure(client, recorder: Recorder, scale: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tasks.models import Task

    url = f"/api/tasks/?page_size={PAGE_SIZE}"
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        for page in range(REQUESTS):
            pages = max(1, Task.objects.count() // PAGE_SIZE)
            response = client.get(f"{url}&page={page % pages + 1}")
            assert response.status_code == 200, response.status_code
        elapsed = time.perf_counter() - started
    recorder.record(f"task_api_scale{scale}_tasks", Task.objects.count(), "tasks")
    recorder.record(f"task_api_scale{scale}_rps", REQUESTS / elapsed, "req/s")
    # One COUNT per loop iteration above is the benchmark's own, not the API's.
    recorder.record(
        f"task_api_scale{scale}_queries_per_request",
        (len(ctx.captured_queries) - REQUESTS) / REQUESTS,
        "queries",
    )


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import Membership

    call_command("load_reference", verbosity=0)
    data = json.loads((ROOT / "fixtures" / "hengyang-2025-plan.json").read_text(encoding="utf-8"))
    user, _ = get_user_model().objects.get_or_create(username="bench")
    Membership.objects.get_or_create(user=user, role="office")  # 总专班 reads every task
    client = Client()
    client.force_login(user)
    recorder = Recorder(__file__)

    load_copies(1, data, start=0)
    measure(client, recorder, scale=1)
    load_copies(9, data, start=1)
    measure(client, recorder, scale=10)
    ratio = (
        recorder.figures["task_api_scale1_rps"]["value"]
        / recorder.figures["task_api_scale10_rps"]["value"]
    )
    recorder.record("task_api_scale10_slowdown", ratio, "x")
    recorder.save()


if __name__ == "__main__":
    main()
