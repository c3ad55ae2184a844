from .selectors import access_for, role_labels


def access(request) -> dict:
    """The user's Access and role labels for the header and navigation."""
    if not request.user.is_authenticated:
        return {}
    return {"access": access_for(request.user), "role_labels": role_labels(request.user)}
