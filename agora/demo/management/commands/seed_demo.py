from django.core.management.base import BaseCommand

from agora.communities.models import Community
from agora.demo import bulk, story


class Command(BaseCommand):
    help = "Create the French demo community (once) and, with --size N, N generated posts."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=0)

    def handle(self, *args, size=0, **options):
        if size < 0 or size > 1_000_000:
            from django.core.management.base import CommandError

            raise CommandError("--size takes a number of posts from 0 to 1,000,000.")
        created = story.seed_story()
        self.stdout.write("Demo community created." if created else "Demo community present.")
        if size:
            community = Community.objects.get(slug="brulerie")
            count = bulk.generate(community=community, posts=size)
            self.stdout.write(f"Generated {count} posts with comments.")
