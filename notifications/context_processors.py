from .selectors import unread_count


def notifications(request) -> dict:
    """The unread count shown in the header."""
    if not request.user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(request.user)}
