"""Small helpers shared by the progress tests."""


def progress_form(*, version: int = 0, status: str = "in_progress", percent=40, **extra) -> dict:
    """The fields the progress page posts."""
    return {
        "version": version,
        "status": status,
        "percent": percent,
        "done": "",
        "problems": "",
        "next_steps": "",
        **extra,
    }


def page_url(task, period) -> str:
    return f"/progress/tasks/{task.pk}/{period.pk}/"
