from .errors import InvalidInput


def add_service_error(form, error: InvalidInput | Exception) -> None:
    """Put an AgoraError's messages on a bound form, by field where the service named one."""
    errors = getattr(error, "errors", None) or {}
    placed = False
    for field, messages in errors.items():
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, str(getattr(error, "message", error)))
