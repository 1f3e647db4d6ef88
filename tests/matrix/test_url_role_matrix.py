"""The URL × role matrix: every URL of the project, for every kind of visitor, on GET and POST.

Guards the need-to-know rule (42 U.S.C. 2000g-2(b)): an engagement, and everything recorded
in it, is known only to CRS staff of its office and to headquarters. Anyone else who signs in
gets a 404, exactly as for an engagement that does not exist, and anonymous visitors are sent
to sign in; a refused write changes nothing in the database.

The URL patterns are not listed here: they are read from the resolver, and each URL is built
from its converters (``engagement_pk`` is the demo's Erie engagement, ``<model name>_pk`` the
first such record of Erie). A new pattern is therefore checked the day it is added, and one
the matrix cannot build (a kwarg it does not know, a pattern outside the ``engagements``
namespace that is not in the short skip list) makes it fail until the matrix is taught.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from engagements import models
from engagements.demo import load_demo
from offices.models import User
from tests import factories

pytestmark = pytest.mark.django_db

NAMESPACE = "engagements"
ENGAGEMENT_KWARG = "engagement_pk"
RECORD_KWARG_SUFFIX = "_pk"

#: Outside the matrix: the admin (Django's own permissions), switching language, signing in
#: and out and resetting a password (open to everyone by design), and the signed-in user's own
#: account (``offices``: each user sees only their own; tests/offices/test_sign_in.py).
#: Everything else must be covered.
SKIPPED_NAMESPACES = {"admin", "offices"}
SKIPPED_NAMES = {
    "set_language",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
    "sign_in_link",  # a personal link's own page: tests/engagements/test_sign_in_links.py
}

#: The engagements namespace has 66 patterns today; fewer than this means the walk is broken.
MIN_ENGAGEMENT_PATTERNS = 60
LOGIN_PATH = "/accounts/login/"

ANONYMOUS = "anonymous"
NO_OFFICE = "signed in, no office"
OTHER_OFFICE = "staff of another office"
OWN_OFFICE = "staff of the engagement's office"
HEADQUARTERS = "headquarters"
ROLES = [ANONYMOUS, NO_OFFICE, OTHER_OFFICE, OWN_OFFICE, HEADQUARTERS]
REFUSED_ROLES = {ANONYMOUS, NO_OFFICE, OTHER_OFFICE}
ALLOWED_ROLES = [OWN_OFFICE, HEADQUARTERS]
#: The demo users (``load_demo``) who play each role for the Erie engagement.
DEMO_USERNAMES = {OTHER_OFFICE: "central", OWN_OFFICE: "demo", HEADQUARTERS: "hq"}

# Outcomes besides a status code.
LOGIN = "redirect to sign in"
REDIRECT = "redirect elsewhere"
ERROR = "exception"
REFUSALS = {LOGIN, 404}
#: What an allowed user's POST with empty data may answer: the form again, or a redirect
#: (with a message when the service refused).
POST_OK = {200, REDIRECT}

#: The URLs outside any engagement: what each role gets on GET. A POST gets the same refusal,
#: or for an allowed role the form again or a redirect.
OUTSIDE_ENGAGEMENT = {
    "engagement_list": {
        ANONYMOUS: {LOGIN},
        NO_OFFICE: {200},  # a list that shows nothing
        OTHER_OFFICE: {200},
        OWN_OFFICE: {200},
        HEADQUARTERS: {200},
    },
    "engagement_create": {
        ANONYMOUS: {LOGIN},
        NO_OFFICE: {404},
        OTHER_OFFICE: {200},
        OWN_OFFICE: {200},
        HEADQUARTERS: {200},
    },
}

#: Pages that an allowed GET may answer with a redirect to the engagement's pages (with a
#: message) rather than the page, and why. Erie's action plan is published, which locks it,
#: its items and the issues and solutions they link to until staff start a revision.
GET_REDIRECTS = {
    "action_plan_update": "the plan is published",
    "planitem_create": "the plan is published",
    "planitem_update": "the plan is published",
    "issue_update": "Erie's first issue is linked to the published plan",
    "solution_update": "Erie's first solution is linked to the published plan",
    "action_plan_translate": "the plan is published (translations are part of its content)",
}

#: The apps whose tables a refused write must leave alone (with their Historical* models).
SNAPSHOT_APPS = ("engagements", "offices")


# -- the demo data and the users ---------------------------------------------------------


@dataclass
class Demo:
    erie: models.Engagement
    topeka: models.Engagement
    users: dict  # role -> User, or None for anonymous


@pytest.fixture
def demo(db):
    """The demo data (complete Erie in Mid-Atlantic, Topeka in Central) and a user per role."""
    load_demo(scale=1)
    erie = models.Engagement.objects.get(community="Erie", state="PA")
    topeka = models.Engagement.objects.get(community="Topeka", state="KS")
    users = {role: User.objects.get(username=name) for role, name in DEMO_USERNAMES.items()}
    users[NO_OFFICE] = factories.UserFactory(office=None)
    users[ANONYMOUS] = None
    # The roles must be what their names say, or the matrix checks nothing.
    assert erie.office.code == "mid-atlantic"
    assert topeka.office.code == "central"
    assert users[OWN_OFFICE].office_id == erie.office_id
    assert users[OTHER_OFFICE].office_id not in {None, erie.office_id}
    assert not users[OTHER_OFFICE].office.is_headquarters
    assert users[HEADQUARTERS].office.is_headquarters
    assert not users[NO_OFFICE].is_crs_staff
    return Demo(erie=erie, topeka=topeka, users=users)


def sign_in(client, user) -> None:
    """Make ``client`` anonymous (``user`` None) or signed in as ``user``."""
    client.logout()
    if user is not None:
        client.force_login(user)


# -- the URL patterns --------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    namespace: tuple
    name: str | None
    kwargs: frozenset
    route: str

    @property
    def record_kwargs(self) -> list[str]:
        return sorted(k for k in self.kwargs if k != ENGAGEMENT_KWARG)


def walk(resolver, namespace=(), kwargs=frozenset(), route="", skipped=SKIPPED_NAMESPACES):
    """Every URL pattern below ``resolver``, with the namespaces and kwargs of its includes,
    except those in the namespaces ``skipped`` (by default the matrix's)."""
    for entry in resolver.url_patterns:
        entry_kwargs = kwargs | set(entry.pattern.regex.groupindex)
        entry_route = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in skipped:
                continue
            inner = namespace + (entry.namespace,) if entry.namespace else namespace
            yield from walk(entry, inner, entry_kwargs, entry_route, skipped)
        else:
            yield Pattern(namespace, entry.name, frozenset(entry_kwargs), entry_route)


def enumerate_patterns() -> tuple[list[Pattern], list[str]]:
    """The patterns of the engagements namespace, and what the matrix does not cover."""
    covered, uncovered, seen = [], [], set()
    for pattern in walk(get_resolver()):
        if pattern.namespace != (NAMESPACE,):
            if pattern.name not in SKIPPED_NAMES:
                uncovered.append(f"{pattern.route} ({pattern.name}): outside {NAMESPACE}")
        elif pattern.name is None or pattern.name in seen:
            uncovered.append(f"{pattern.route}: no name, or a name used twice")
        elif ENGAGEMENT_KWARG not in pattern.kwargs and pattern.name not in OUTSIDE_ENGAGEMENT:
            uncovered.append(
                f"{pattern.route} ({pattern.name}): no {ENGAGEMENT_KWARG} and no entry in "
                "OUTSIDE_ENGAGEMENT"
            )
        else:
            seen.add(pattern.name)
            covered.append(pattern)
    return covered, uncovered


def record_model(kwarg: str):
    """The model named by a ``<model name>_pk`` kwarg (``LookupError`` if there is none)."""
    if not kwarg.endswith(RECORD_KWARG_SUFFIX):
        raise LookupError(f"{kwarg} is not <model name>{RECORD_KWARG_SUFFIX}")
    return apps.get_model(NAMESPACE, kwarg.removesuffix(RECORD_KWARG_SUFFIX))


def first_record(model, engagement):
    """The first record of ``model`` in ``engagement`` (through its action plan for a
    plan's version), or None."""
    names = {field.name for field in model._meta.fields}
    lookup = "engagement" if "engagement" in names else "plan__engagement"
    return model._base_manager.filter(**{lookup: engagement}).order_by("pk").first()


@dataclass(frozen=True)
class Url:
    pattern: Pattern
    kwargs: dict
    url: str

    @property
    def name(self) -> str:
        return self.pattern.name


def build_urls(engagement) -> tuple[list[Url], list[str]]:
    """Every covered pattern as a URL into ``engagement``, and the patterns it cannot build."""
    patterns, problems = enumerate_patterns()
    urls = []
    for pattern in patterns:
        kwargs = {}
        for kwarg in sorted(pattern.kwargs):
            if kwarg == ENGAGEMENT_KWARG:
                kwargs[kwarg] = engagement.pk
                continue
            try:
                record = first_record(record_model(kwarg), engagement)
            except (LookupError, FieldError) as error:
                problems.append(f"{pattern.route} ({pattern.name}): cannot use {kwarg}: {error}")
                break
            if record is None:
                problems.append(f"{pattern.route} ({pattern.name}): {engagement} has no {kwarg}")
                break
            kwargs[kwarg] = record.pk
        else:
            url = reverse(f"{NAMESPACE}:{pattern.name}", kwargs=kwargs)
            urls.append(Url(pattern, kwargs, url))
    return urls, problems


def erie_urls(demo) -> list[Url]:
    """The matrix's URLs into Erie; fails the test if a pattern is not covered."""
    urls, problems = build_urls(demo.erie)
    if problems:
        pytest.fail("URL patterns the matrix does not cover:\n" + "\n".join(problems))
    return urls


# -- requests and database snapshots -----------------------------------------------------


def snapshot() -> dict:
    """Per model of ``SNAPSHOT_APPS`` (history and audit trail included): the row count, the
    highest primary key and, where the model has ``updated_at``, the latest of it."""
    state = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            aggregates = {"rows": Count("pk"), "last_pk": Max("pk")}
            if any(field.name == "updated_at" for field in model._meta.concrete_fields):
                aggregates["updated_at"] = Max("updated_at")
            state[model._meta.label] = model._base_manager.aggregate(**aggregates)
    return state


def changes(before: dict, after: dict) -> str:
    return "; ".join(
        f"{label} {before.get(label)} -> {after.get(label)}"
        for label in sorted(before.keys() | after.keys())
        if before.get(label) != after.get(label)
    )


def outcome(response):
    """A status code, or LOGIN / REDIRECT for a 302."""
    if response.status_code == 302:
        return LOGIN if urlsplit(response["Location"]).path == LOGIN_PATH else REDIRECT
    return response.status_code


@dataclass
class Result:
    outcome: object
    detail: str = ""  # the exception, or what a refused write changed
    location: str = ""  # where a redirect goes


def send(client, method: str, url: str, *, unchanged: bool = False) -> Result:
    """Send one request with empty data, in a savepoint rolled back afterwards so that every
    request sees the same demo data. With ``unchanged``, a database change is reported."""
    before = snapshot() if unchanged else None
    with transaction.atomic():
        try:
            response = getattr(client, method)(url)
        except Exception as error:  # the test client re-raises what would be a 500
            result = Result(ERROR, f"{type(error).__name__}: {error}")
        else:
            result = Result(outcome(response), location=response.get("Location", ""))
            if unchanged:
                result.detail = changes(before, snapshot())
        transaction.set_rollback(True)
    return result


class PostOnly:
    """Which views are POST-only: those whose GET by an allowed user (signed in on
    ``client``) answers 405. Asked lazily, once per URL name."""

    def __init__(self, client):
        self.client = client
        self.known = {}

    def __call__(self, url: Url) -> bool:
        if url.name not in self.known:
            self.known[url.name] = send(self.client, "get", url.url).outcome == 405
        return self.known[url.name]


def expected(role: str, method: str, url: Url) -> set:
    """What ``role`` may get for ``method`` on ``url`` (besides 405 on a POST-only view)."""
    if url.name in OUTSIDE_ENGAGEMENT:
        on_get = OUTSIDE_ENGAGEMENT[url.name][role]
        return on_get if method == "get" or on_get <= REFUSALS else POST_OK
    if role in REFUSED_ROLES:
        return {LOGIN} if role == ANONYMOUS else {404}
    if method == "post":
        return POST_OK
    return {200, REDIRECT} if url.name in GET_REDIRECTS else {200}


def describe(result: Result) -> str:
    text = f"{result.outcome}"
    if result.outcome in {LOGIN, REDIRECT}:
        text += f" to {result.location}"
    return text + (f" ({result.detail})" if result.detail else "")


# -- the tests ---------------------------------------------------------------------------


def test_every_url_pattern_is_covered(demo):
    """Guards the matrix itself: the walk finds every pattern of the engagements namespace
    (at least ``MIN_ENGAGEMENT_PATTERNS``), every other pattern of the project is in the
    explicit skip list, every kwarg of every pattern resolves to a record of Erie, and the
    snapshot sees the history and audit tables."""
    patterns, uncovered = enumerate_patterns()
    assert len(patterns) >= MIN_ENGAGEMENT_PATTERNS, [p.route for p in patterns]
    assert set(OUTSIDE_ENGAGEMENT) <= {p.name for p in patterns}
    urls = erie_urls(demo)
    assert not uncovered
    assert len(urls) == len(patterns)
    assert sum(1 for url in urls if url.pattern.record_kwargs) >= 10
    assert {
        "engagements.AuditEntry",
        "engagements.HistoricalEngagement",
        "engagements.HistoricalPlanItem",
        "offices.HistoricalUser",
    } <= snapshot().keys()


@pytest.mark.parametrize("role", ROLES)
def test_url_role_matrix(client, demo, role):
    """Guards need-to-know on every URL: anonymous visitors are sent to sign in, a user
    without an office and staff of another office get 404 on Erie's pages (405 only on a GET
    of a POST-only view, which reveals nothing), and a refused POST changes nothing; Erie's
    own office and headquarters get the page (or 405 on a POST-only view, or a redirect where
    ``GET_REDIRECTS`` says why) and never an error, also on POST with empty data."""
    urls = erie_urls(demo)
    probe_client = Client()
    probe_client.force_login(demo.users[OWN_OFFICE])
    post_only = PostOnly(probe_client)
    sign_in(client, demo.users[role])
    allowed = role not in REFUSED_ROLES
    erie_home = reverse(f"{NAMESPACE}:engagement_detail", kwargs={ENGAGEMENT_KWARG: demo.erie.pk})

    failures = []
    for url in urls:
        for method in ("get", "post"):
            wanted = expected(role, method, url)
            refusal = wanted <= REFUSALS
            result = send(client, method, url.url, unchanged=method == "post" and refusal)
            ok = result.outcome in wanted and not result.detail
            if not ok and method == "get" and result.outcome == 405 and not result.detail:
                ok = allowed or post_only(url)  # an allowed user's 405 defines POST-only
            if ok and result.outcome == REDIRECT and url.name not in OUTSIDE_ENGAGEMENT:
                ok = urlsplit(result.location).path.startswith(erie_home)
            if not ok:
                failures.append(
                    f"{method.upper()} {url.url} ({url.name}) as {role}: got "
                    f"{describe(result)}, expected {' or '.join(map(str, sorted(wanted, key=str)))}"
                    + (" and nothing changed" if refusal and method == "post" else "")
                )
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def _strength(engagement):
    group = factories.BreakoutGroupFactory(engagement=engagement)
    return models.Strength.objects.create(engagement=engagement, group=group, text="Strength")


def _solution(engagement):
    issue = factories.IssueFactory(engagement=engagement, is_priority=True)
    group = factories.BreakoutGroupFactory(
        engagement=engagement,
        round=models.BreakoutGroup.Round.HETEROGENEOUS,
        stakeholder_group=None,
    )
    return models.Solution.objects.create(
        engagement=engagement, group=group, issue=issue, text="Solution"
    )


def _councilmember(engagement):
    return models.CouncilMember.objects.create(
        engagement=engagement,
        stakeholder_group=factories.StakeholderGroupFactory(engagement=engagement),
        planning_member=factories.PlanningGroupMemberFactory(engagement=engagement),
    )


def _councilmeeting(engagement):
    return models.CouncilMeeting.objects.create(
        engagement=engagement, held_on=datetime.date(2024, 6, 1)
    )


def _actionplanversion(engagement):
    """A published version of ``engagement``'s plan, frozen from the plan as it is now."""
    from django.utils import timezone

    from engagements import versions

    plan = engagement.action_plan
    return models.ActionPlanVersion.objects.create(
        plan=plan, number=1, published_at=timezone.now(), snapshot=versions.draft_snapshot(plan)
    )


#: How to make a record for the models that ``tests.factories`` has no factory for.
BUILDERS = {
    models.ActionPlanVersion: _actionplanversion,
    models.Strength: _strength,
    models.Solution: _solution,
    models.CouncilMember: _councilmember,
    models.CouncilMeeting: _councilmeeting,
}


def foreign_record(model, engagement):
    """A record of ``model`` in ``engagement``: its first one, else one made by the model's
    factory in ``tests.factories`` or by ``BUILDERS``; None if there is no way to make one."""
    record = first_record(model, engagement)
    if record is None:
        factory = getattr(factories, f"{model.__name__}Factory", None)
        builder = factory or BUILDERS.get(model)
        if builder is not None:
            record = builder(engagement=engagement)
    return record


@pytest.mark.parametrize("role", ALLOWED_ROLES)
def test_record_of_another_engagement_is_refused(client, demo, role):
    """Guards that a record is looked up among the URL's engagement's records only: Erie's
    URL with the id of a Topeka record of the same model is a 404 on GET (405 on a POST-only
    view) and on POST, where nothing changes, even for a user allowed on both (headquarters)."""
    urls = erie_urls(demo)
    foreign, problems = {}, []
    for url in urls:
        for kwarg in url.pattern.record_kwargs:
            model = record_model(kwarg)
            if model not in foreign:
                foreign[model] = foreign_record(model, demo.topeka)
                if foreign[model] is None:
                    problems.append(f"no {model.__name__} in Topeka: add a factory or builder")
                else:
                    record = foreign[model]
                    owner = record.plan if hasattr(record, "plan") else record
                    assert owner.engagement_id == demo.topeka.pk
    assert not problems, "\n".join(problems)
    assert len(foreign) >= 5, foreign

    sign_in(client, demo.users[role])
    post_only = PostOnly(client)
    failures, checked = [], 0
    for url in urls:
        for kwarg in url.pattern.record_kwargs:
            mixed = reverse(
                f"{NAMESPACE}:{url.name}",
                kwargs={**url.kwargs, kwarg: foreign[record_model(kwarg)].pk},
            )
            checked += 1
            for method in ("get", "post"):
                result = send(client, method, mixed, unchanged=method == "post")
                ok = result.outcome == 404 and not result.detail
                if not ok and method == "get" and result.outcome == 405:
                    ok = post_only(url)
                if not ok:
                    failures.append(
                        f"{method.upper()} {mixed} ({url.name}, Topeka's {kwarg}) as {role}: "
                        f"got {describe(result)}, expected 404"
                        + (" and nothing changed" if method == "post" else "")
                    )
    assert checked >= 10
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
