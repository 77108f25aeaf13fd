"""Saved replies (`services/replies.py`): texts Camille may start an answer from."""

import pytest

from agora.core.errors import InvalidInput, NotAllowed, NotFound
from agora.testing.snapshots import snapshot
from agora.workbench.models import SavedReply
from agora.workbench.services import replies


def thanks(community, by, **fields):
    values = {"title": "Merci", "body": "Merci pour votre question !", **fields}
    return replies.save_reply(community=community, by=by, **values)


# --- save_reply -------------------------------------------------------------------------------


def test_save_reply_creates_a_saved_reply(the_community, camille):
    saved = replies.save_reply(
        community=the_community, by=camille, title="  Merci ", body=" Merci pour votre question ! "
    )
    assert (saved.title, saved.body) == ("Merci", "Merci pour votre question !")
    saved.refresh_from_db()
    assert (saved.community, saved.created_by, saved.use_count) == (the_community, camille, 0)
    assert (saved.title, saved.body) == ("Merci", "Merci pour votre question !")


def test_save_reply_changes_a_saved_reply(the_community, camille):
    saved = thanks(the_community, camille)
    changed = thanks(the_community, camille, saved=saved, title="Merci !", body="Merci à vous.")
    assert changed.pk == saved.pk
    saved.refresh_from_db()
    assert (saved.title, saved.body) == ("Merci !", "Merci à vous.")
    assert SavedReply.objects.count() == 1


def test_save_reply_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        thanks(the_community, member_michu)
    assert snapshot() == before


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": " "}, "title"),
        ({"title": "T" * 121}, "title"),
        ({"body": "\x00"}, "body"),
        ({"body": "B" * 5001}, "body"),
    ],
)
def test_save_reply_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, fields, field
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        thanks(the_community, camille, **fields)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_bad_input_leaves_an_existing_saved_reply_as_it_was(the_community, camille):
    saved = thanks(the_community, camille)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        thanks(the_community, camille, saved=saved, title="", body="")
    assert set(refused.value.errors) == {"title", "body"}
    assert snapshot() == before


def test_another_community_s_saved_reply_is_refused_and_left_alone(
    the_community, camille, community_factory
):
    """As `save_fact` and `set_objective` refuse another community's row: Camille, steward
    here, is no steward there."""
    elsewhere = community_factory()
    theirs = thanks(elsewhere, elsewhere.created_by)
    before = snapshot()
    with pytest.raises(NotFound):
        thanks(the_community, camille, saved=theirs, body="Détourné.")
    assert snapshot() == before


# --- delete_reply -----------------------------------------------------------------------------


def test_delete_reply_removes_it(the_community, camille):
    saved = thanks(the_community, camille)
    kept = thanks(the_community, camille, title="Bienvenue", body="Bienvenue parmi nous !")
    assert replies.delete_reply(saved=saved, by=camille) is None
    assert list(SavedReply.objects.all()) == [kept]


def test_delete_reply_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    saved = thanks(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        replies.delete_reply(saved=saved, by=member_michu)
    assert snapshot() == before


def test_delete_reply_by_a_steward_of_another_community_is_refused(
    the_community, camille, community_factory
):
    elsewhere = community_factory()
    theirs = thanks(elsewhere, elsewhere.created_by)
    before = snapshot()
    with pytest.raises(NotAllowed):
        replies.delete_reply(saved=theirs, by=camille)
    assert snapshot() == before
