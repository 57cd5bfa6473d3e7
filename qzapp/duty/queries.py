"""The SQL of community duty. Each part of the domain keeps its functions in its own section
below."""
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value  # noqa: F401
