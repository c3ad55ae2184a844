"""Bulk writes for large imports: PostgreSQL's COPY, bulk_create where there is no COPY."""

from io import StringIO

from django.db import connections
from django.db.models import Model

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format: \\N for NULL, tabs, newlines and backslashes escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_ESCAPES)


class RowCopier:
    """Buffers rows of one model and writes them in batches inside the caller's transaction.

    Rows are plain tuples in the order of `fields`; `constants` (foreign keys, timestamps, …) are
    the same for every row. On PostgreSQL a batch is one COPY FROM STDIN, several times faster
    than INSERT and without a model instance per row; elsewhere (SQLite under `make run`) it is
    bulk_create. Values are written as given: the caller has validated them.
    """

    def __init__(
        self, model: type[Model], fields: tuple[str, ...], *, constants: dict, batch: int = 5000
    ) -> None:
        self.model = model
        self.fields = fields
        self.constants = constants
        self.batch = batch
        self.rows: list[tuple] = []
        self.written = 0
        self.connection = connections[model.objects.db]
        meta = model._meta
        self.columns = [meta.get_field(name).column for name in (*fields, *constants)]
        self.tail = "\t".join(_copy_text(value) for value in constants.values())

    def add(self, *values) -> None:
        self.rows.append(values)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.connection.vendor == "postgresql":
            self._copy()
        else:
            self.model.objects.bulk_create(
                self.model(**dict(zip(self.fields, row, strict=True)), **self.constants)
                for row in self.rows
            )
        self.written += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        buffer = StringIO()
        tail = f"\t{self.tail}\n" if self.tail else "\n"
        for row in self.rows:
            buffer.write("\t".join(_copy_text(value) for value in row))
            buffer.write(tail)
        buffer.seek(0)
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN", buffer
            )
