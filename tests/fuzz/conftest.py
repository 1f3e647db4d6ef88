"""The fuzz test runs on the URL × role matrix's demo data and users."""

from tests.matrix.test_url_role_matrix import demo  # noqa: F401  (the fixture)
