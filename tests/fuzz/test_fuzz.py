"""Fuzzing: no input a browser can send reaches a server error.

Every URL of the project that a person can reach (the engagements namespace, signing in and
out, the account pages; not Django's admin) gets, from hypothesis, GET requests with generated
query parameters and POST requests with generated form data, in all six languages, signed in
as the engagement's own CRS staff (who get past the permission checks to the forms). The
field names come from the forms the pages themselves render, plus a few names any page might
be sent; the values mix what the forms offer (choices, other engagement's ids) with what they
should refuse (NUL characters, integers beyond 64 bits, dates that do not exist, text in the
wrong type, very long text, several values for one field). Each request runs in a savepoint
that is rolled back, so every request sees the demo data.

The run is deterministic and bounded in ``make test`` (``FUZZ_EXAMPLES`` per URL, default 6:
about 80 URLs × 6 × 2 requests). A longer, random run is documented in the README::

    FUZZ_EXAMPLES=130 FUZZ_RANDOM=1 scripts/with-postgres.sh .venv/bin/python -m pytest \
        tests/fuzz -k no_input -s
"""

import os
import traceback
from collections import Counter, defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engagements import models
from tests.matrix.test_url_role_matrix import (
    NAMESPACE,
    OWN_OFFICE,
    build_urls,
    walk,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") not in {"", "0"}
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

#: Names any page may be sent, besides those its forms render.
GENERIC_NAMES = ["page", "q", "next", "step", "actor", "direction", "round", "id", "pk"]

#: Values a form should refuse with a message, never a 500.
BAD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "9" * 25,
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "abc",
    "۳",
    "٣",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "31/12/2024",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eevil",
    "x" * 5000,
    "on",
    "true",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
]

#: The values every field of every form gets, all at once, in the sweep (one request each).
SWEEP_VALUES = [
    "\x00",
    "a\x00b",
    "9" * 25,
    str(2**63),
    "-1",
    "abc",
    "1e309",
    "۳",
    "2024-02-30",
    "x" * 5000,
    "",
]

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


class FormFields(HTMLParser):
    """The fields of every form of a page: ``{(method, action path): {name: {values}}}``."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms = defaultdict(lambda: defaultdict(set))
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.page_path).path
            self.current = (attrs.get("method", "get").lower(), action)
            self.forms[self.current]  # a form without fields still counts
        elif self.current is None:
            return
        elif tag in {"input", "textarea", "select", "button"} and attrs.get("name"):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken":
                return
            values = self.forms[self.current][name]
            if attrs.get("value") is not None:
                values.add(attrs["value"])
            if tag == "select":
                self.select = name
        elif tag == "option" and self.select and attrs.get("value") is not None:
            self.forms[self.current][self.select].add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def unprefixed(path: str) -> str:
    """``path`` without a leading language prefix (``/fa/engagements/1/`` → ``/engagements/1/``)."""
    parts = path.split("/", 2)
    if len(parts) > 2 and parts[1] in LANGUAGES:
        return "/" + parts[2]
    return path


def in_language(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


def discover(client, paths) -> dict:
    """``{(method, path): {name: {values}}}`` from the forms of every page in ``paths``."""
    found = defaultdict(lambda: defaultdict(set))
    for path in paths:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = FormFields(path)
        parser.feed(response.content.decode())
        for (method, action), fields in parser.forms.items():
            for name, values in fields.items():
                found[(method, unprefixed(action))][name] |= values
    return found


def field_values(known: set, ids: list[str]) -> st.SearchStrategy:
    """One field's value(s): what the form offers, ids of records, bad values or text; now
    and then two values for one name."""
    one = st.one_of(
        st.sampled_from(sorted(known)) if known else st.nothing(),
        st.sampled_from(ids),
        st.sampled_from(BAD_VALUES),
        st.integers().map(str),
        text,
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def request_data(fields: dict, ids: list[str]) -> st.SearchStrategy:
    """A dict of form data: some of ``fields`` (usually most), plus a generic name or two."""
    names = sorted(fields)
    return st.fixed_dictionaries(
        {},
        optional={
            **{name: field_values(fields[name], ids) for name in names},
            **{
                name: field_values(set(), ids)
                for name in GENERIC_NAMES
                if name not in fields
            },
        },
    )


def fuzz_targets(demo) -> list[str]:
    """The paths to fuzz: every URL of the engagements namespace into Erie (built as the
    URL × role matrix builds them), and every pattern outside it that takes no arguments
    (signing in and out, the account pages, switching language); not the admin."""
    urls, _outside = build_urls(demo.erie)
    paths = [url.url for url in urls]
    for pattern in walk(get_resolver()):
        if pattern.namespace != (NAMESPACE,) and not pattern.kwargs and pattern.name:
            paths.append(reverse(":".join((*pattern.namespace, pattern.name))))
    return paths


def record_ids(demo) -> list[str]:
    """Ids of records of Erie and of Topeka (another office's engagement), as strings."""
    ids = set()
    for model in (
        models.StakeholderGroup,
        models.Facilitator,
        models.Participant,
        models.BreakoutGroup,
        models.Issue,
        models.Solution,
        models.PlanItem,
        models.PlanningGroupMember,
        models.CouncilMember,
        models.CouncilMeeting,
        models.TrainingSession,
    ):
        for engagement in (demo.erie, demo.topeka):
            ids.update(
                str(pk)
                for pk in model._base_manager.filter(engagement=engagement).values_list(
                    "pk", flat=True
                )[:3]
            )
    ids.update({str(demo.erie.pk), str(demo.topeka.pk)})
    return sorted(ids, key=int)


#: Requests sent, per method (printed at the end of each test: run with ``-s`` to see it).
SENT = Counter()


def send(client, method: str, path: str, data: dict) -> str | None:
    """Send one request in a savepoint rolled back afterwards; the error, or None."""
    SENT[method] += 1
    with transaction.atomic():
        try:
            if method == "get":
                response = client.get(path, data)
            else:
                response = client.post(path, data)
        except Exception:  # the test client re-raises what would be a 500
            lines = traceback.format_exc(limit=-3).strip().splitlines()
            error = "\n".join(lines[-5:])
        else:
            error = (
                f"{response.status_code} {response.reason_phrase}"
                if response.status_code >= 500
                else None
            )
        transaction.set_rollback(True)
    return error


def stay_signed_in(client, user) -> None:
    """Sign ``client`` in again after a request signed it out (sign out, sign in as nobody)."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)


def fuzz(client, user, path: str, forms: dict, ids: list[str]) -> None:
    """Send ``path`` ``EXAMPLES`` generated GET and POST requests signed in as ``user``;
    raise ``AssertionError`` with the smallest request that got a server error."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        language=st.sampled_from(LANGUAGES),
        query=request_data(forms.get(("get", path), {}), ids),
        data=request_data(forms.get(("post", path), {}), ids),
    )
    def no_server_error(language, query, data):
        target = in_language(path, language)
        for method, values in (("get", query), ("post", data)):
            error = send(client, method, target, values)
            stay_signed_in(client, user)
            assert error is None, f"{method.upper()} {target} {values!r}:\n{error}"

    no_server_error()


def test_no_input_reaches_a_server_error(demo):
    """Guards "no input reaches a 500": generated query strings and form posts, in every
    language, to every URL, never get a server error. The failures list each URL with the
    smallest input hypothesis found."""
    client = Client()
    user = demo.users[OWN_OFFICE]
    client.force_login(user)
    paths = fuzz_targets(demo)
    forms = discover(client, paths)
    ids = record_ids(demo)
    assert len(paths) >= 69 and len(forms) >= 30, (len(paths), len(forms))

    failures = []
    SENT.clear()
    for path in paths:
        try:
            fuzz(client, user, path, forms, ids)
        except AssertionError as failure:
            failures.append(str(failure))
    print(f"\nfuzz: {len(paths)} URLs, {SENT['get']} GET and {SENT['post']} POST requests")
    assert not failures, f"{len(failures)} URLs gave a server error:\n\n" + "\n\n".join(
        failures
    )


@pytest.mark.both_databases
def test_every_field_refuses_bad_values(demo):
    """Guards "no input reaches a 500" systematically: every URL gets one GET and one POST
    per value of ``SWEEP_VALUES``, with that value in every field its forms have (and in the
    generic names), in a language that changes from value to value."""
    client = Client()
    user = demo.users[OWN_OFFICE]
    client.force_login(user)
    paths = fuzz_targets(demo)
    forms = discover(client, paths)
    failures = []
    for path in paths:
        for index, value in enumerate(SWEEP_VALUES):
            target = in_language(path, LANGUAGES[index % len(LANGUAGES)])
            for method in ("get", "post"):
                names = set(forms.get((method, path), {})) | set(GENERIC_NAMES)
                data = dict.fromkeys(names, value)
                error = send(client, method, target, data)
                stay_signed_in(client, user)
                if error:
                    failures.append(f"{method.upper()} {target} with {value[:20]!r}:\n{error}")
    assert not failures, f"{len(failures)} server errors:\n\n" + "\n\n".join(failures)


#: The values the admin sweep sends (fewer: the admin is Django's own, well-fuzzed code; the
#: sweep checks what this project adds to it, its forms, choices and service calls).
ADMIN_SWEEP_VALUES = ["\x00", "9" * 25, "abc", "x" * 5000]


def admin_targets(demo) -> list[str]:
    """The admin's list, add and change page of every model registered in it (the change page
    of the model's first record, when it has one)."""
    from django.contrib import admin

    paths = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:%s_%s_changelist" % info))
        paths.append(reverse("admin:%s_%s_add" % info))
        first = model._base_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse("admin:%s_%s_change" % info, args=[first.pk]))
    return paths


@pytest.mark.both_databases
def test_admin_refuses_bad_values(demo):
    """The sweep of ``test_every_field_refuses_bad_values`` over the admin, as a superuser
    (who reaches every page): no server error."""
    user = demo.users[OWN_OFFICE]
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    paths = admin_targets(demo)
    forms = discover(client, paths)
    assert len(paths) >= 40, len(paths)
    failures = []
    for path in paths:
        for value in ADMIN_SWEEP_VALUES:
            for method in ("get", "post"):
                names = set(forms.get((method, path), {})) | {"q", "o", "p", "_save"}
                error = send(client, method, path, dict.fromkeys(names, value))
                stay_signed_in(client, user)
                if error:
                    failures.append(f"{method.upper()} {path} with {value[:20]!r}:\n{error}")
    assert not failures, f"{len(failures)} server errors:\n\n" + "\n\n".join(failures)
