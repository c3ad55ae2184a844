import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class ObjectIdFilter(django_filters.ModelChoiceFilter):
    """A filter by an object's id that goes through a filter method (documented as an integer)."""
