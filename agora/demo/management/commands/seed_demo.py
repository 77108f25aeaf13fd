from django.core.management.base import BaseCommand, CommandError

from agora.communities.models import Community
from agora.demo import bulk, story

MAX_SIZE = 1_000_000
MAX_COMMENTS_PER_POST = 50


class Command(BaseCommand):
    help = (
        "Create the French demo community (once) and, with --size N, N generated posts spread "
        "over the last year, each with --comments-per-post comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=0, help="generated posts (0 to 1,000,000)")
        parser.add_argument(
            "--comments-per-post",
            type=int,
            default=5,
            help=f"comments on each generated post (0 to {MAX_COMMENTS_PER_POST}, default 5)",
        )

    def handle(self, *args, size=0, comments_per_post=5, **options):
        if not 0 <= size <= MAX_SIZE:
            raise CommandError("--size takes a number of posts from 0 to 1,000,000.", returncode=2)
        if not 0 <= comments_per_post <= MAX_COMMENTS_PER_POST:
            raise CommandError(
                f"--comments-per-post takes a number of comments from 0 to "
                f"{MAX_COMMENTS_PER_POST}.",
                returncode=2,
            )
        created = story.seed_story()
        self.stdout.write("Demo community created." if created else "Demo community present.")
        if size:
            community = Community.objects.get(slug="brulerie")
            count = bulk.generate(
                community=community, posts=size, comments_per_post=comments_per_post
            )
            self.stdout.write(f"Generated {count} posts with {comments_per_post} comments each.")
