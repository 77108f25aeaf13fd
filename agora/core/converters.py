"""Path converters, registered once by `CoreConfig.ready()` for every urls.py."""

from . import params


class IdConverter:
    """`<id:name>`: a database id in a path, a whole number from 1 to `params.MAX_ID`.

    Django's `<id:…>` takes any number of digits; past 64 bits SQLite raises OverflowError
    on the lookups Django does not guard (a foreign key's) and PostgreSQL may raise DataError.
    Here such a path matches no route, so it answers 404 like any unknown page.
    """

    regex = "[0-9]{1,19}"  # MAX_ID has 19 digits

    def to_python(self, value: str) -> int:
        number = int(value)
        if not params.usable_id(number):
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))
