"""Per-community settings rows: one home for "this community's choices, or the defaults".

Apps keep a community's choices in a model with a one-to-one `community` field
(`ModerationSettings`, `WorkbenchSettings`, `HealthSettings`, ...). A community that never
saved its choices has no row: it gets an unsaved row holding the model's defaults, and
reading never writes. Django's own one-to-one cache remembers the row on the community
object for the rest of the request (a page asks many times); `refresh_from_db()` forgets it.
"""

from django.core.exceptions import ObjectDoesNotExist


def settings_of(model, community):
    """The community's row of `model`, or an unsaved row of its defaults (no write)."""
    accessor = model._meta.get_field("community").remote_field.get_accessor_name()
    try:
        return getattr(community, accessor)
    except ObjectDoesNotExist:
        # Assigning the community caches this default row on it too: asked again, no query.
        return model(community=community)
