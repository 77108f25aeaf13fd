"""Re-run a case's jury draws from their stored seed and eligible list, so anyone can audit."""

from django.core.management.base import BaseCommand, CommandError

from agora.moderation.models import Case
from agora.moderation.services.draws import rank, verify_draw


class Command(BaseCommand):
    help = "Re-run every jury draw of a case from its stored seed and eligible members."

    def add_arguments(self, parser):
        parser.add_argument("case", help="the case number")

    def handle(self, *args, case, **options):
        if not str(case).isdigit():
            raise CommandError(f"{case!r} is not a case number.", returncode=2)
        found = Case.objects.filter(pk=int(case)).select_related("community").first()
        if found is None:
            raise CommandError(f"There is no case {case}.", returncode=2)
        checks = verify_draw(found)
        if not checks:
            raise CommandError(f"Case {case} has no draw yet.", returncode=2)
        self.stdout.write(
            f"Case {found.pk} in {found.community.slug}: each eligible member id is ranked by "
            "SHA-256(seed:id); the lowest ranks are drawn."
        )
        for check, draw in zip(checks, found.draws.order_by("round"), strict=True):
            self.stdout.write(
                f"round {check.round}: seed {draw.seed}, {len(draw.eligible)} eligible, "
                f"{draw.size} to draw"
            )
            for user_id in check.expected:
                self.stdout.write(f"  {user_id}  {rank(draw.seed, user_id)}")
            verdict = "ok" if check.ok else "MISMATCH"
            self.stdout.write(
                f"  stored draw {draw.drawn}, seated {sorted(check.seated)}: {verdict}"
            )
        if not all(check.ok for check in checks):
            raise CommandError("The stored draw does not match a re-run of it.", returncode=1)
        self.stdout.write("Every draw matches.")
