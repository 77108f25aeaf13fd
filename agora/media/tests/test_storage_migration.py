"""`agora media migrate-storage`: every image file copied from one storage to another, on
real storages (a folder in tmp_path, a bucket of the test's own on the S3 server of
AGORA_TEST_S3_URL: those tests skip without it)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from agora import cli
from agora.media.models import Image, ImageState
from agora.media.services import images as image_services
from agora.media.services import storage
from agora.media.services.storage import MigrationCounts
from agora.testing import images
from agora.testing.storage import MediaStore, media_store_for
from agora.testing.worker import database_url, free_port

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[3]
MOVES = [("filesystem", "s3"), ("s3", "filesystem"), ("filesystem", "filesystem")]


@dataclass
class Move:
    source: MediaStore
    destination: MediaStore

    def storages(self):
        """Both storages as the command builds them from its --from and --to."""
        return (
            storage.open_storage(storage.storage_spec(spec(self.source)), destination=False),
            storage.open_storage(storage.storage_spec(spec(self.destination)), destination=True),
        )

    def run(self, **options) -> MigrationCounts:
        return storage.migrate_storage(*self.storages(), **options)


def spec(store: MediaStore) -> str:
    """The --from or --to that names this store."""
    return "s3" if store.kind == "s3" else f"filesystem:{store.root}"


@pytest.fixture(params=MOVES, ids=[f"{a}-to-{b}" for a, b in MOVES])
def move(request, settings, tmp_path):
    """A source store (Django's default storage during the test, so images land there) and an
    empty destination; the S3 settings (what `s3` names) are those of the one on S3."""
    source_kind, destination_kind = request.param
    label = request.node.name
    with (
        media_store_for(
            destination_kind, settings=settings, folder=tmp_path / "to", label=label
        ) as destination,
        media_store_for(
            source_kind, settings=settings, folder=tmp_path / "from", label=label
        ) as source,
    ):
        on_s3 = source if source.kind == "s3" else destination if destination.kind == "s3" else None
        if on_s3 is not None:
            settings.AGORA_S3_BUCKET = on_s3.bucket
            settings.MEDIA_STORAGE = on_s3.storage()
        yield Move(source, destination)


def some_images(community, uploader, monkeypatch) -> list[Image]:
    """Three prepared images (their sizes) and one still waiting for the worker (its upload)."""
    found = [
        image_services.receive_image(
            uploader=uploader,
            community=community,
            purpose="post",
            data=images.png(300, 200, seed=n),
        )
        for n in range(3)
    ]
    monkeypatch.setattr(image_services, "schedule_processing", lambda image: None)
    found.append(
        image_services.receive_image(
            uploader=uploader, community=community, purpose="post", data=images.jpeg(1600, 1200)
        )
    )
    assert [i.state for i in found] == [ImageState.READY] * 3 + [ImageState.PENDING]
    return found


def all_names() -> list[str]:
    return [name for image in Image.objects.order_by("pk") for name in image.stored_names()]


def contents(store: MediaStore) -> dict[str, bytes]:
    return {name: store.read(name) for name in store.keys()}  # noqa: SIM118 - not a dict


def write(store: MediaStore, name: str, data: bytes) -> None:
    if store.kind == "filesystem":
        (store.root / name).parent.mkdir(parents=True, exist_ok=True)
        (store.root / name).write_bytes(data)
    else:
        store.server.client().put_object(Bucket=store.bucket, Key=name, Body=data)


def remove(store: MediaStore, name: str) -> None:
    if store.kind == "filesystem":
        (store.root / name).unlink()
    else:
        store.server.client().delete_object(Bucket=store.bucket, Key=name)


def test_every_file_is_copied_with_identical_bytes_and_the_source_is_untouched(
    move, the_community, camille, monkeypatch
):
    pending = some_images(the_community, camille, monkeypatch)[-1]
    names = all_names()
    assert pending.upload_name in names and len(names) > 4
    before = contents(move.source)
    assert sorted(before) == sorted(names)
    reported = []

    counts = move.run(batch_size=2, report=lambda file, counts: reported.append(file))

    assert counts == MigrationCounts(copied=len(names))
    assert counts.complete
    assert [file.name for file in reported] == names  # image by image, in pk order
    assert {(file.outcome, file.detail) for file in reported} == {(storage.COPIED, storage.ABSENT)}
    assert contents(move.destination) == before
    assert contents(move.source) == before

    again = move.run()

    assert again == MigrationCounts(already_there=len(names))
    assert contents(move.destination) == before
    assert contents(move.source) == before


def test_a_file_changed_cut_or_lost_at_the_destination_is_copied_again(
    move, the_community, camille, monkeypatch
):
    some_images(the_community, camille, monkeypatch)
    names = all_names()
    move.run()
    changed, cut, lost = names[0], names[1], names[-1]
    original = move.source.read(changed)
    write(move.destination, changed, bytes([original[0] ^ 0xFF]) + original[1:])  # same size
    write(move.destination, cut, move.source.read(cut)[:100])
    remove(move.destination, lost)
    reported = {}

    counts = move.run(report=lambda file, counts: reported.update({file.name: file}))

    assert counts == MigrationCounts(copied=3, already_there=len(names) - 3)
    assert reported[changed].detail == reported[cut].detail == storage.DIFFERENT
    assert reported[lost].detail == storage.ABSENT
    assert contents(move.destination) == contents(move.source)


def test_a_file_missing_at_the_source_is_reported_and_the_others_copied(
    move, the_community, camille, monkeypatch
):
    some_images(the_community, camille, monkeypatch)
    names = all_names()
    gone = names[2]
    remove(move.source, gone)
    missing = []

    def report(file, counts):
        if file.outcome == storage.MISSING:
            missing.append(file.name)

    counts = move.run(report=report)

    assert counts == MigrationCounts(copied=len(names) - 1, missing=1)
    assert not counts.complete
    assert missing == [gone]
    assert move.destination.keys() == sorted(set(names) - {gone})


def test_an_interrupted_run_is_resumed_by_running_it_again(
    move, the_community, camille, monkeypatch
):
    some_images(the_community, camille, monkeypatch)
    names = all_names()

    def stop_after_three(file, counts):
        if counts.copied == 3:
            raise KeyboardInterrupt  # Ctrl-C

    with pytest.raises(KeyboardInterrupt):
        move.run(report=stop_after_three)
    assert move.destination.keys() == sorted(names[:3])

    counts = move.run()

    assert counts == MigrationCounts(copied=len(names) - 3, already_there=3)
    assert contents(move.destination) == contents(move.source)


class FailingWrites:
    """The destination, but the writes of `name` go wrong: cut short by a full disk (a part
    of the file left behind), or stored with other bytes than those sent."""

    def __init__(self, destination, name, how):
        self.destination, self.name, self.how = destination, name, how

    def __getattr__(self, attribute):
        return getattr(self.destination, attribute)

    def save(self, name, content):
        if name != self.name:
            return self.destination.save(name, content)
        data = content.read()
        if self.how == "cut":
            self.destination.save(name, ContentFile(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")
        return self.destination.save(name, ContentFile(data[:-1] + bytes([data[-1] ^ 1])))


@pytest.mark.parametrize("how", ["cut", "garbled"])
def test_a_failed_copy_is_reported_and_done_by_the_next_run(
    move, the_community, camille, monkeypatch, how
):
    some_images(the_community, camille, monkeypatch)
    names = all_names()
    victim = names[1]
    source, destination = move.storages()
    failures = []

    def report(file, counts):
        if file.outcome == storage.FAILED:
            failures.append((file.name, file.detail))

    counts = storage.migrate_storage(source, FailingWrites(destination, victim, how), report=report)

    assert counts == MigrationCounts(copied=len(names) - 1, failed=1)
    ((name, detail),) = failures
    assert name == victim
    assert ("No space left" if how == "cut" else "differs from the source") in detail
    assert move.destination.read(victim) != move.source.read(victim)  # what the failure left

    again = move.run()

    assert again == MigrationCounts(copied=1, already_there=len(names) - 1)
    assert contents(move.destination) == contents(move.source)


def test_the_command_reports_progress_lists_a_dry_run_and_exits_1_for_a_missing_file(
    move, the_community, camille, monkeypatch, capsys
):
    some_images(the_community, camille, monkeypatch)
    names = all_names()
    arguments = ["--from", spec(move.source), "--to", spec(move.destination)]

    call_command("migrate_storage", *arguments, "--dry-run")

    out = capsys.readouterr().out
    assert move.destination.keys() == []  # nothing written
    for name in names:
        assert f"would copy: {name} (image " in out
    assert f"Done: {len(names)} files: {len(names)} to copy, 0 already there" in out
    assert "Nothing was written." in out

    call_command("migrate_storage", *arguments, "--progress-every", "2")

    out = capsys.readouterr().out
    assert "Nothing at the source is deleted or changed." in out
    assert "2 files: 2 copied, 0 already there, 0 missing at the source, 0 failed so far" in out
    assert f"Done: {len(names)} files: {len(names)} copied, 0 already there" in out
    assert "would copy" not in out
    assert contents(move.destination) == contents(move.source)

    remove(move.source, names[0])
    with pytest.raises(CommandError) as failed:
        call_command("migrate_storage", *arguments)

    assert failed.value.returncode == 1
    assert str(failed.value) == "1 file missing at the source (listed above)"
    assert f"missing at the source: {names[0]} (image " in capsys.readouterr().err


def test_the_command_lists_a_failed_copy_and_exits_1(
    settings, tmp_path, the_community, camille, monkeypatch, capsys
):
    with (
        media_store_for("filesystem", settings=settings, folder=tmp_path / "to") as destination,
        media_store_for("filesystem", settings=settings, folder=tmp_path / "from") as source,
    ):
        some_images(the_community, camille, monkeypatch)
        victim = all_names()[0]
        open_storage = storage.open_storage

        def opened(spec, *, destination):
            found = open_storage(spec, destination=destination)
            return FailingWrites(found, victim, "cut") if destination else found

        monkeypatch.setattr(storage, "open_storage", opened)

        with pytest.raises(CommandError) as failed:
            call_command("migrate_storage", "--from", spec(source), "--to", spec(destination))

    assert failed.value.returncode == 1
    assert str(failed.value) == (
        "1 file failed to copy (listed above); run it again to retry the failed copies"
    )
    err = capsys.readouterr().err
    assert f"failed: {victim} (image " in err and "No space left on device" in err


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """`agora ...` in this process (on the settings pytest-django set up): its exit status,
    standard output and error."""
    monkeypatch.setattr(cli, "_django", lambda *args: None)

    def run(*argv):
        try:
            status = cli.main(list(argv))
        except SystemExit as exit:
            status = exit.code
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "ftp://x", "--to", "{b}"], "--from: 'ftp://x' is not a storage: use"),
        (["--from", "{a}", "--to", "filesystem:"], "--to: 'filesystem:' names no folder"),
        (["--from", "filesystem:{tmp}/nowhere", "--to", "{b}"], "--from: there is no folder"),
        (["--from", "{a}", "--to", "filesystem:{tmp}/a.txt"], "--to: {tmp}/a.txt is not a folder"),
        (["--from", "{a}", "--to", "filesystem:{tmp}/a/../a"], "--from and --to both name"),
        (["--from", "s3", "--to", "{b}"], "--from: s3 needs the S3 settings: set AGORA_S3_BUCKET"),
        (["--from", "{a}", "--to", "s3:photos"], "--to: 's3:photos': write s3 alone"),
        (["--from", "{a}", "--to", "{b}", "--progress-every", "0"], "takes a whole number from 1"),
        (["--from", "{a}"], "the following arguments are required: --to"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(run_cli, settings, tmp_path, arguments, message):
    (tmp_path / "a").mkdir()
    (tmp_path / "a.txt").write_text("not a folder")
    settings.AGORA_S3_BUCKET = ""
    places = {"a": f"filesystem:{tmp_path / 'a'}", "b": f"filesystem:{tmp_path / 'b'}"}
    argv = [argument.format(tmp=tmp_path, **places) for argument in arguments]

    status, out, err = run_cli("media", "migrate-storage", *argv)

    assert status == 2
    assert message.format(tmp=tmp_path) in err
    assert not (tmp_path / "b").exists()


def test_a_bucket_that_does_not_answer_exits_2_before_anything_is_read(run_cli, settings, tmp_path):
    (tmp_path / "a").mkdir()
    settings.AGORA_S3_BUCKET = "agora-media"
    settings.MEDIA_STORAGE = {
        "BACKEND": storage.S3_BACKEND,
        "OPTIONS": {
            "bucket_name": "agora-media",
            "endpoint_url": f"http://127.0.0.1:{free_port()}",
            "access_key": "agora",
            "secret_key": "agora",
            "region_name": "us-east-1",
        },
    }

    status, out, err = run_cli(
        "media", "migrate-storage", "--from", f"filesystem:{tmp_path / 'a'}", "--to", "s3"
    )

    assert status == 2
    assert "agora media migrate-storage: --to: the bucket s3:agora-media at http://127.0.0" in err
    assert "cannot be used: Could not connect" in err
    assert out == ""


def test_help_says_what_storages_are_and_that_the_source_is_kept(run_cli):
    status, out, err = run_cli("media", "migrate-storage", "--help")

    assert status == 0
    for words in ("filesystem:PATH", "AGORA_S3_BUCKET", "Nothing at the source is ever deleted"):
        assert words in out


@pytest.mark.process
@pytest.mark.django_db(transaction=True)
def test_the_agora_command_moves_the_files_and_says_so(move, the_community, camille, monkeypatch):
    """The real `agora media migrate-storage`, in its own process, on the test database."""
    some_images(the_community, camille, monkeypatch)
    names = all_names()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGORA_S3_", "AGORA_MEDIA"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url())
    arguments = ["--from", spec(move.source), "--to", spec(move.destination)]
    for store in (move.source, move.destination):
        if store.kind == "s3":
            env.update(store.env())
    if move.destination.kind == "filesystem" and move.source.kind == "filesystem":
        env["AGORA_MEDIA_ROOT"] = str(move.source.root)
        arguments[1] = "filesystem"  # the folder of the settings

    def agora(*argv):
        return subprocess.run(
            [Path(sys.executable).with_name("agora"), "media", "migrate-storage", *argv],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first = agora(*arguments, "--progress-every", "3")

    assert first.returncode == 0, first.stderr
    assert "3 files: 3 copied, 0 already there, 0 missing at the source, 0 failed so far" in (
        first.stdout
    )
    assert f"Done: {len(names)} files: {len(names)} copied, 0 already there, 0 missing" in (
        first.stdout
    )
    assert contents(move.destination) == contents(move.source)
    assert sorted(contents(move.source)) == sorted(names)

    second = agora(*arguments)

    assert second.returncode == 0, second.stderr
    assert f"{len(names)} files: 0 copied, {len(names)} already there" in second.stdout

    remove(move.source, names[0])
    third = agora(*arguments)

    assert third.returncode == 1
    assert f"missing at the source: {names[0]} (image " in third.stderr
    assert "agora media migrate-storage: 1 file missing at the source" in third.stderr

    bad = agora("--from", "nowhere", "--to", spec(move.destination))

    assert bad.returncode == 2
    assert "agora media migrate-storage: --from: 'nowhere' is not a storage" in bad.stderr
