"""Query expressions for the ``search_vector`` columns of the searchable models.

The column is declared by each model that has one (instruments: Instrument and
Experience, communities: Community) and kept by their database triggers.
:class:`SearchVectorColumn` names it on whichever model the queryset is of: it
resolves to a column reference on the query's base table alias, so it keeps
working when Django nests the queryset as a subquery (``U0``) — a qualified
``RawSQL`` would not.
"""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import BooleanField, Expression, F, Func, Value
from django.db.models.expressions import Col


class _Column(SearchVectorField):
    """A detached field object that only carries the column name for :class:`Col`."""


_SEARCH_VECTOR = _Column()
_SEARCH_VECTOR.set_attributes_from_name("search_vector")


class SearchVectorColumn(Expression):
    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), _SEARCH_VECTOR, output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        # Normally resolved to a Col before compiling; compile that Col if it was not.
        return compiler.compile(self.resolve_expression(compiler.query))


class Matches(Func):
    """``search_vector @@ websearch_to_tsquery('dutch', text)``: served by the GIN index."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, text: str):
        super().__init__(SearchVectorColumn(), SearchQuery(text, config="dutch", search_type="websearch"))


class WordSimilar(Func):
    """``text <% column``: trigram word similarity above pg_trgm's threshold; uses the trigram index."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()

    def __init__(self, text: str, column: str):
        super().__init__(Value(text), F(column))
