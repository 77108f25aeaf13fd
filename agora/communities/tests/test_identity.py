"""The community's voice: preferred terms parsed and validated."""

import pytest

from agora.communities.services import identity
from agora.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_identity_terms_are_parsed_and_validated(the_community, camille):
    terms = identity.parse_term_lines("clients -> membres\nSAV => l'équipe\n\n")
    assert terms == [
        {"term": "clients", "replacement": "membres"},
        {"term": "SAV", "replacement": "l'équipe"},
    ]
    with pytest.raises(InvalidInput) as caught:
        identity.parse_term_lines("just a word")
    assert "preferred_terms" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        identity.set_identity(
            community=the_community,
            by=camille,
            address_form="thou",
            emoji_policy="none",
            tone=[],
            preferred_terms=[],
            banned_terms=[],
            signature="",
            signature_required=True,
        )
    assert {"address_form", "signature"} <= set(caught.value.errors)
