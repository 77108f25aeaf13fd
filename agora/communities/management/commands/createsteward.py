import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agora.accounts.models import User
from agora.accounts.services import create_verified_account
from agora.communities.models import Community
from agora.communities.services.mandates import grant_stewardship
from agora.core.errors import AgoraError, InvalidInput


def _describe(error: AgoraError) -> str:
    details = [str(m) for messages in getattr(error, "errors", {}).values() for m in messages]
    return " ".join(details) or str(error.message)


class Command(BaseCommand):
    help = "Create a verified account and, with --community, give it a stewardship mandate."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--handle", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--community", help="address (slug) of the community")
        parser.add_argument("--password", help="prompted for when absent")

    @transaction.atomic
    def handle(self, *args, email, handle, name, community=None, password=None, **options):
        target = None
        if community:
            target = Community.objects.filter(slug=community).first()
            if target is None:
                raise CommandError(f"No community has the address {community!r}.")
        user = User.objects.filter(email__iexact=email).first()
        try:
            if user is None:
                if password is None:
                    password = getpass.getpass("Password: ")
                user = create_verified_account(
                    email=email, handle=handle, display_name=name, password=password
                )
                self.stdout.write(f"Created the account {user.email} (@{user.handle}).")
            else:
                self.stdout.write(f"The account {user.email} exists already.")
            if target is not None:
                grant_stewardship(community=target, user=user, reason="granted by the operator")
                self.stdout.write(f"@{user.handle} is now a steward of {target.slug}.")
        except InvalidInput as error:
            raise CommandError(_describe(error)) from error
        except AgoraError as error:
            raise CommandError(str(error.message)) from error
