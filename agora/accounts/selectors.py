from .models import User


def user_by_handle(handle: str) -> User | None:
    return User.objects.filter(handle=handle.lower(), is_active=True).first()
