"""Load the voice coach's models before a web process answers anyone.

The coach's first check loads spaCy's French model and trains the boss/ego model
(`nlp.py`, `learned.py`): 4 to 15 seconds on a busy machine, and about 215 MB. Paid by the
first writer who types in a composer, that is a coach that seems broken; paid when the web
server starts (`config/gunicorn.py`), it is part of the start-up. Nothing else calls this:
management commands, migrations, the task worker and the test suite never need the coach
warm, and never pay for it.
"""

import time

from .engine import Identity, analyse

# Drafts that reach every lazily built piece: spaCy (French, with an address form to check),
# the boss/ego model (trained at first use), and the English and French lexicons.
_DRAFTS = (
    ("fr", "Merci à tous ! Vous devez lire la charte avant de publier, dernier avertissement."),
    ("en", "Thanks everyone! You must read the charter before posting, last warning."),
)


def warm_up() -> float:
    """Load and train everything the coach needs, once per process; return the seconds spent.

    Safe to call again (the models are cached per process, so a second call is quick).
    """
    started = time.perf_counter()
    identity = Identity(address_form="tu")
    for lang, text in _DRAFTS:
        analyse(text, identity, lang=lang)
    return time.perf_counter() - started
