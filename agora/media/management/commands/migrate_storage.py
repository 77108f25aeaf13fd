"""Copy every image file from one media storage to another; `agora media migrate-storage`."""

from django.core.management.base import BaseCommand, CommandError

from agora.media.services import storage


class Command(BaseCommand):
    help = (
        "Copy every stored file of every image from one media storage to another, each copy "
        "verified by SHA-256; nothing at the source is deleted or changed. STORAGE is "
        f"{storage.SPEC_SYNTAX}. `agora media migrate-storage --help` says more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, metavar="STORAGE")
        parser.add_argument("--to", dest="destination", required=True, metavar="STORAGE")
        parser.add_argument("--dry-run", action="store_true", help="list what would be copied")
        parser.add_argument(
            "--progress-every", type=int, default=1000, metavar="N", help="files per progress line"
        )

    def handle(self, *args, source, destination, dry_run, progress_every, **options):
        if progress_every < 1:
            raise CommandError("--progress-every takes a whole number from 1", returncode=2)
        specs = {}
        for option, text in (("--from", source), ("--to", destination)):
            try:
                specs[option] = storage.storage_spec(text)
            except storage.StorageSpecError as error:
                raise CommandError(f"{option}: {error}", returncode=2) from None
        if specs["--from"] == specs["--to"]:
            raise CommandError(
                f"--from and --to both name {specs['--from']}: nothing to copy", returncode=2
            )
        opened = {}
        for option, spec in specs.items():
            try:
                opened[option] = storage.open_storage(spec, destination=option == "--to")
            except storage.StorageSpecError as error:
                raise CommandError(f"{option}: {error}", returncode=2) from None

        self.stdout.write(
            f"{'Dry run: would copy' if dry_run else 'Copying'} the media files from "
            f"{specs['--from']} to {specs['--to']}. Nothing at the source is deleted or changed."
        )

        def report(file: storage.FileOutcome, counts: storage.MigrationCounts) -> None:
            where = f"{file.name} (image {file.image_id})"
            if file.outcome == storage.TO_COPY:
                self.stdout.write(f"would copy: {where}, {file.detail}")
            elif file.outcome == storage.MISSING:
                self.stderr.write(f"missing at the source: {where}")
            elif file.outcome == storage.FAILED:
                self.stderr.write(f"failed: {where}: {file.detail}")
            if counts.files % progress_every == 0:
                self.stdout.write(f"{_summary(counts, dry_run=dry_run)} so far")

        counts = storage.migrate_storage(
            opened["--from"], opened["--to"], dry_run=dry_run, report=report
        )
        self.stdout.write(f"Done: {_summary(counts, dry_run=dry_run)}.")
        if not counts.complete:
            problems = []
            if counts.missing:
                problems.append(f"{_files(counts.missing)} missing at the source")
            if counts.failed:
                problems.append(f"{_files(counts.failed)} failed to copy")
            retry = "; run it again to retry the failed copies" if counts.failed else ""
            raise CommandError(f"{' and '.join(problems)} (listed above){retry}", returncode=1)
        if dry_run:
            self.stdout.write("Nothing was written.")
        else:
            self.stdout.write(
                f"Every file is at {specs['--to']}: switch the settings to it and restart the "
                "web and task workers."
            )


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _summary(counts: storage.MigrationCounts, *, dry_run: bool) -> str:
    first = f"{counts.to_copy} to copy" if dry_run else f"{counts.copied} copied"
    return (
        f"{_files(counts.files)}: {first}, {counts.already_there} already there, "
        f"{counts.missing} missing at the source, {counts.failed} failed"
    )
