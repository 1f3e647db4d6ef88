"""The URL × role matrix: every URL of the project, for every kind of visitor, on GET and POST.

Guards the need-to-know rule (42 U.S.C. 2000g-2(b)): an engagement, and everything recorded
in it, is known only to CRS staff of its office and to headquarters, to the facilitators of a
breakout group for that group's notes, and to the members of its council for the published
plan. Anyone else who signs in gets a 404, exactly as for an engagement that does not exist,
and anonymous visitors are sent to sign in; a refused write changes nothing in the database,
and no answer to a visitor shows what they may not see (``Demo.secrets``).

The URL patterns are not listed here: they are read from the resolver, and each URL is built
from its converters (``engagement_pk`` is the demo's Erie engagement, ``<model name>_pk`` the
first such record of Erie; on the facilitators' pages the group the demo ``facilitator``
leads, or co-leads for a solution, and a note of it). Three namespaces are walked: the staff
pages (``engagements``: staff only, whatever the page), the facilitators' pages
(``facilitator_portal``) and the council's (``council_portal``), whose every page must have
its entry in ``PORTAL_PAGES``. A new pattern is therefore checked the day it is added, and one
the matrix cannot build (a kwarg it does not know, a portal page without an entry, a pattern
outside these namespaces that is not in the short skip list) makes it fail until the matrix is
taught.
"""

import datetime
import html
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from engagements import models, services
from engagements.demo import load_demo
from engagements.demo.data import DEMO_COUNCIL, DEMO_FACILITATOR, ERIE_VENUE
from offices.models import User
from tests import factories

pytestmark = pytest.mark.django_db

NAMESPACE = "engagements"
FACILITATOR_NAMESPACE = "facilitator_portal"
COUNCIL_NAMESPACE = "council_portal"
#: The namespaces the matrix walks; every other pattern must be skipped below.
NAMESPACES = (NAMESPACE, FACILITATOR_NAMESPACE, COUNCIL_NAMESPACE)
ENGAGEMENT_KWARG = "engagement_pk"
GROUP_KWARG = "breakoutgroup_pk"
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
# Invited people (accounts without an office, each with a sign-in link in force).
FACILITATOR = "facilitator of this group"
OTHER_GROUP_FACILITATOR = "facilitator of another group of the engagement"
OTHER_ENGAGEMENT_FACILITATOR = "facilitator in another engagement"
COUNCIL = "council member of the engagement"
OTHER_COUNCIL = "council member of another engagement"
INVITED_ROLES = [
    FACILITATOR,
    OTHER_GROUP_FACILITATOR,
    OTHER_ENGAGEMENT_FACILITATOR,
    COUNCIL,
    OTHER_COUNCIL,
]
ROLES = [ANONYMOUS, NO_OFFICE, OTHER_OFFICE, OWN_OFFICE, HEADQUARTERS, *INVITED_ROLES]
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
#: The staff who run Erie: the only roles allowed on the staff pages.
ALLOWED_ROLES = [OWN_OFFICE, HEADQUARTERS]
STAFF = frozenset(ALLOWED_ROLES)
#: The demo users (``load_demo``) who play each role for the Erie engagement; the other
#: invited roles are made by the ``demo`` fixture.
DEMO_USERNAMES = {
    OTHER_OFFICE: "central",
    OWN_OFFICE: "demo",
    HEADQUARTERS: "hq",
    FACILITATOR: DEMO_FACILITATOR,
    COUNCIL: DEMO_COUNCIL,
}

# Outcomes besides a status code.
LOGIN = "redirect to sign in"
REDIRECT = "redirect elsewhere"
ERROR = "exception"
REFUSALS = {LOGIN, 404}
#: What an allowed user's POST with empty data may answer: the form again, or a redirect
#: (with a message when the service refused).
POST_OK = {200, REDIRECT}

#: The URLs outside any engagement: what each role gets on GET. A POST gets the same refusal,
#: or for an allowed role the form again or a redirect. Invited people are sent from the
#: staff home to their own pages (``REDIRECT_HOMES``).
OUTSIDE_ENGAGEMENT = {
    "engagement_list": {
        ANONYMOUS: {LOGIN},
        NO_OFFICE: {200},  # a list that shows nothing
        OTHER_OFFICE: {200},
        OWN_OFFICE: {200},
        HEADQUARTERS: {200},
        **{role: {REDIRECT} for role in INVITED_ROLES},
    },
    "engagement_create": {
        ANONYMOUS: {LOGIN},
        NO_OFFICE: {404},
        OTHER_OFFICE: {200},
        OWN_OFFICE: {200},
        HEADQUARTERS: {200},
        **{role: {404} for role in INVITED_ROLES},
    },
}
#: Where the staff home sends each invited role.
REDIRECT_HOMES = {
    FACILITATOR: "facilitator_portal:home",
    OTHER_GROUP_FACILITATOR: "facilitator_portal:home",
    OTHER_ENGAGEMENT_FACILITATOR: "facilitator_portal:home",
    COUNCIL: "council_portal:home",
    OTHER_COUNCIL: "council_portal:home",
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


@dataclass(frozen=True)
class Access:
    """Who may open a page, and what they get: ``allowed`` roles get one of ``get`` on GET
    and one of ``post`` on a POST with empty data (or 405 where the view does not take the
    method); every other role is sent to sign in (anonymous) or gets a 404."""

    allowed: frozenset
    get: frozenset = frozenset({200})
    post: frozenset = frozenset(POST_OK)


#: The staff pages: staff of the engagement's office and headquarters.
STAFF_PAGE = Access(allowed=STAFF)
#: The facilitators' pages of one group: its facilitators (with a sign-in link in force), and
#: the engagement's staff (``engagements.view_group_notes``, ``change_breakout_note``).
GROUP_PAGE = Access(allowed=STAFF | {FACILITATOR})
#: The council's pages of one engagement: its council members and, as a preview, its staff
#: (``engagements.view_council_pages``).
COUNCIL_PAGE = Access(allowed=STAFF | {COUNCIL})
#: A person's own list (their groups, their councils): anyone signed in, each seeing their own.
OWN_LIST = Access(allowed=SIGNED_IN)

#: Every page of the portals, by (namespace, name). A new page without an entry fails
#: ``test_every_url_pattern_is_covered`` until it is given one.
PORTAL_PAGES = {
    (FACILITATOR_NAMESPACE, "home"): OWN_LIST,
    # The service worker: public (no user data), so that the browser can update it.
    (FACILITATOR_NAMESPACE, "service_worker"): Access(allowed=frozenset(ROLES), post=frozenset()),
    (FACILITATOR_NAMESPACE, "group"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "strength_update"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "strength_delete"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "issue_update"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "issue_delete"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "solution_update"): GROUP_PAGE,
    (FACILITATOR_NAMESPACE, "solution_delete"): GROUP_PAGE,
    # The note page's JSON endpoint: an empty POST is a malformed request.
    (FACILITATOR_NAMESPACE, "notes_api"): Access(allowed=GROUP_PAGE.allowed, post=frozenset({400})),
    (COUNCIL_NAMESPACE, "home"): OWN_LIST,
    (COUNCIL_NAMESPACE, "plan"): COUNCIL_PAGE,
    (COUNCIL_NAMESPACE, "plan_pdf"): COUNCIL_PAGE,
    # Posting progress: council members only (``post_progress_update``); a GET goes back to
    # the plan, an empty POST shows the plan with the form's errors.
    (COUNCIL_NAMESPACE, "progress_create"): Access(
        allowed=frozenset({COUNCIL}), get=frozenset({REDIRECT}), post=frozenset({200})
    ),
}

#: JSON endpoints that write, with a valid body (``json_bodies``): allowed roles get one of
#: these, everyone else the refusal of the page, and nothing changes.
JSON_WRITES = {(FACILITATOR_NAMESPACE, "notes_api"): {200, 201}}

COUNCIL_PERMISSION = "engagements.view_council_pages"

#: The apps whose tables a refused write must leave alone (with their Historical* models).
SNAPSHOT_APPS = ("engagements", "offices")


# -- the demo data and the users ---------------------------------------------------------


@dataclass
class Demo:
    erie: models.Engagement
    topeka: models.Engagement
    users: dict  # role -> User, or None for anonymous
    #: role -> texts of Erie the role must never be shown (on any page, in any answer)
    secrets: dict = field(default_factory=dict)


def _invite(person, staff) -> User:
    """``person``'s account after staff invite them to sign in (a link in force)."""
    link = services.sign_in_link_create(
        person=person, user=staff, language="en", email="", base_url=""
    )
    return link.user


def _topeka_people(topeka, central) -> tuple[User, User]:
    """A facilitator leading a breakout group of Topeka and a member of Topeka's council,
    each invited by Topeka's staff: the accounts (the demo's Topeka stops at step 1)."""
    facilitator = factories.trained_facilitator(topeka, name="Topeka Facilitator")
    group = factories.BreakoutGroupFactory(engagement=topeka, facilitator=facilitator)
    models.Strength.objects.create(engagement=topeka, group=group, text="A Topeka strength")
    planner = models.PlanningGroupMember.objects.filter(engagement=topeka).order_by("pk").first()
    member = models.CouncilMember.objects.create(
        engagement=topeka,
        planning_member=planner,
        stakeholder_group=models.StakeholderGroup.objects.filter(engagement=topeka).first(),
    )
    return _invite(facilitator, central), _invite(member, central)


def _erie_secrets(erie, users) -> dict:
    """What each role must never see of Erie: everything for those with no part in it; for
    the facilitators and council members, what lies beyond their part."""
    facilitator = users[FACILITATOR]
    mine = models.BreakoutGroup.objects.get(
        engagement=erie, facilitator__user=facilitator, round="homogeneous"
    )
    other = (
        models.BreakoutGroup.objects.filter(engagement=erie, round="homogeneous")
        .exclude(pk=mine.pk)
        .order_by("pk")
        .first()
    )
    my_strength = models.Strength.objects.filter(group=mine).order_by("pk").first().text
    other_strength = models.Strength.objects.filter(group=other).order_by("pk").first().text
    plan_title = models.PlanItem.objects.filter(engagement=erie).order_by("pk").first().title
    on_council = models.CouncilMember.objects.filter(engagement=erie)
    roster_name = (
        models.Participant.objects.filter(breakout_groups=mine)
        .exclude(council_memberships__in=on_council)
        .order_by("pk")
        .first()
        .name
    )
    planner = (
        models.PlanningGroupMember.objects.filter(engagement=erie)
        .exclude(council_memberships__in=on_council)
        .order_by("pk")
        .first()
        .name
    )
    chair = on_council.get(role=models.CouncilMember.Role.CHAIR).name
    # "Erie, PA", not "Erie": staff forms give "e.g. “Erie”" as an example to everyone.
    everything = [str(erie), ERIE_VENUE, my_strength, other_strength, plan_title, chair, planner]
    return {
        ANONYMOUS: everything,
        NO_OFFICE: everything,
        OTHER_OFFICE: everything,
        OTHER_ENGAGEMENT_FACILITATOR: everything,
        OTHER_COUNCIL: everything,
        # Another group's facilitator: not this group's notes, the plan, the council, the roster.
        OTHER_GROUP_FACILITATOR: [my_strength, plan_title, chair, roster_name, planner],
        # The group's facilitator: not other groups' notes, the plan, the roster, the planning
        # group.
        FACILITATOR: [other_strength, plan_title, chair, roster_name, planner],
        # The council: not the strengths (the plan quotes issues and solutions only), the
        # roster, the planning group.
        COUNCIL: [my_strength, other_strength, roster_name, planner],
    }


@pytest.fixture
def demo(db):
    """The demo data (complete Erie in Mid-Atlantic, Topeka in Central) and a user per role:
    the demo's ``facilitator`` (leads Erie's Faith/Clergy morning group) and ``council``
    (chair of Erie's council), and, invited here, the facilitator of another Erie morning
    group, a facilitator of a Topeka group and a member of Topeka's council."""
    load_demo(scale=1)
    erie = models.Engagement.objects.get(community="Erie", state="PA")
    topeka = models.Engagement.objects.get(community="Topeka", state="KS")
    users = {role: User.objects.get(username=name) for role, name in DEMO_USERNAMES.items()}
    users[NO_OFFICE] = factories.UserFactory(office=None)
    users[ANONYMOUS] = None
    # Another Erie morning group's facilitator, sharing no group with the demo facilitator.
    mine = models.BreakoutGroup.objects.filter(
        Q(facilitator__user=users[FACILITATOR]) | Q(second_facilitator__user=users[FACILITATOR])
    )
    colleagues = {pk for g in mine for pk in (g.facilitator_id, g.second_facilitator_id) if pk}
    other = (
        models.BreakoutGroup.objects.filter(engagement=erie, round="homogeneous")
        .exclude(facilitator__isnull=True)
        .exclude(facilitator__in=colleagues)
        .exclude(second_facilitator__in=colleagues)
        .order_by("pk")
        .first()
    )
    users[OTHER_GROUP_FACILITATOR] = _invite(other.facilitator, users[OWN_OFFICE])
    users[OTHER_ENGAGEMENT_FACILITATOR], users[OTHER_COUNCIL] = _topeka_people(
        topeka, users[OTHER_OFFICE]
    )
    # The roles must be what their names say, or the matrix checks nothing.
    assert erie.office.code == "mid-atlantic"
    assert topeka.office.code == "central"
    assert users[OWN_OFFICE].office_id == erie.office_id
    assert users[OTHER_OFFICE].office_id not in {None, erie.office_id}
    assert not users[OTHER_OFFICE].office.is_headquarters
    assert users[HEADQUARTERS].office.is_headquarters
    assert not users[NO_OFFICE].is_crs_staff
    for role in INVITED_ROLES:
        assert users[role].office_id is None, role
    erie_groups = models.BreakoutGroup.objects.filter(engagement=erie)
    may_see = {
        role: {g.pk for g in erie_groups if users[role].has_perm("engagements.view_group_notes", g)}
        for role in INVITED_ROLES
    }
    assert len(may_see[FACILITATOR]) == 2  # the morning group it leads, the afternoon one
    assert other.pk in may_see[OTHER_GROUP_FACILITATOR]
    assert not may_see[OTHER_GROUP_FACILITATOR] & may_see[FACILITATOR]
    assert not may_see[OTHER_ENGAGEMENT_FACILITATOR] | may_see[COUNCIL] | may_see[OTHER_COUNCIL]
    council = {role for role in ROLES[1:] if users[role].has_perm(COUNCIL_PERMISSION, erie)}
    assert council == {COUNCIL, OWN_OFFICE, HEADQUARTERS}
    assert users[OTHER_COUNCIL].has_perm(COUNCIL_PERMISSION, topeka)
    return Demo(erie=erie, topeka=topeka, users=users, secrets=_erie_secrets(erie, users))


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

    @property
    def app(self) -> str:
        """The namespace the pattern is in ("" for none)."""
        return ":".join(self.namespace)

    @property
    def view_name(self) -> str:
        return f"{self.app}:{self.name}" if self.app else str(self.name)


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


def enumerate_patterns(namespaces=(NAMESPACE,)) -> tuple[list[Pattern], list[str]]:
    """The patterns of ``namespaces`` (by default the staff pages), and what the matrix
    does not cover: a pattern outside ``NAMESPACES`` and the skip lists, a pattern without a
    name (or with a name used twice), a staff page outside any engagement without an entry in
    ``OUTSIDE_ENGAGEMENT``, a portal page without an entry in ``PORTAL_PAGES``."""
    covered, uncovered, seen = [], [], set()
    for pattern in walk(get_resolver()):
        if pattern.app not in NAMESPACES:
            if pattern.name not in SKIPPED_NAMES:
                uncovered.append(f"{pattern.route} ({pattern.name}): outside {NAMESPACES}")
        elif pattern.name is None or pattern.view_name in seen:
            uncovered.append(f"{pattern.route}: no name, or a name used twice")
        elif (
            pattern.app == NAMESPACE
            and ENGAGEMENT_KWARG not in pattern.kwargs
            and pattern.name not in OUTSIDE_ENGAGEMENT
        ):
            uncovered.append(
                f"{pattern.route} ({pattern.name}): no {ENGAGEMENT_KWARG} and no entry in "
                "OUTSIDE_ENGAGEMENT"
            )
        elif pattern.app != NAMESPACE and (pattern.app, pattern.name) not in PORTAL_PAGES:
            uncovered.append(f"{pattern.route} ({pattern.view_name}): no entry in PORTAL_PAGES")
        else:
            seen.add(pattern.view_name)
            if pattern.app in namespaces:
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


def facilitator_group(engagement, pattern: Pattern):
    """The group of ``engagement`` a facilitator's page is built on: the morning group the
    demo ``facilitator`` leads, or for a solution's page the afternoon group it co-leads
    (morning groups record no solutions). None if there is none."""
    role = "second_facilitator" if "solution_pk" in pattern.kwargs else "facilitator"
    return (
        models.BreakoutGroup.objects.filter(
            engagement=engagement, **{f"{role}__user__username": DEMO_FACILITATOR}
        )
        .order_by("pk")
        .first()
    )


def choose_record(pattern: Pattern, kwarg: str, engagement, kwargs: dict):
    """The record a URL of ``pattern`` into ``engagement`` names by ``kwarg``: on the
    facilitators' pages the demo facilitator's group and the first note of it, elsewhere the
    first record of ``engagement``. None if there is none; ``LookupError`` or ``FieldError``
    for a kwarg the matrix does not know."""
    model = record_model(kwarg)
    if pattern.app != FACILITATOR_NAMESPACE:
        return first_record(model, engagement)
    if kwarg == GROUP_KWARG:
        return facilitator_group(engagement, pattern)
    group = kwargs.get(GROUP_KWARG) or facilitator_group(engagement, pattern)
    return model._base_manager.filter(group=group).order_by("pk").first()


@dataclass(frozen=True)
class Url:
    pattern: Pattern
    kwargs: dict
    url: str

    @property
    def name(self) -> str:
        return self.pattern.name

    @property
    def namespace(self) -> str:
        return self.pattern.app

    @property
    def view_name(self) -> str:
        return self.pattern.view_name

    @property
    def access(self) -> Access:
        """Who may open the page (not for the pages in ``OUTSIDE_ENGAGEMENT``)."""
        if self.namespace == NAMESPACE:
            return STAFF_PAGE
        return PORTAL_PAGES[(self.namespace, self.name)]


def build_urls(engagement, namespaces=(NAMESPACE,)) -> tuple[list[Url], list[str]]:
    """Every covered pattern of ``namespaces`` (by default the staff pages) as a URL into
    ``engagement``, and the patterns it cannot build (or does not cover)."""
    patterns, problems = enumerate_patterns(namespaces)
    urls = []
    for pattern in patterns:
        kwargs = {}
        # The group before its notes: a note is chosen in the URL's group.
        for kwarg in sorted(pattern.kwargs, key=lambda k: (k != GROUP_KWARG, k)):
            if kwarg == ENGAGEMENT_KWARG:
                kwargs[kwarg] = engagement.pk
                continue
            try:
                record = choose_record(pattern, kwarg, engagement, kwargs)
            except (LookupError, FieldError) as error:
                problems.append(f"{pattern.route} ({pattern.name}): cannot use {kwarg}: {error}")
                break
            if record is None:
                problems.append(f"{pattern.route} ({pattern.name}): {engagement} has no {kwarg}")
                break
            kwargs[kwarg] = record.pk
        else:
            url = reverse(pattern.view_name, kwargs=kwargs)
            urls.append(Url(pattern, kwargs, url))
    return urls, problems


def erie_urls(demo) -> list[Url]:
    """The matrix's URLs into Erie, in all three namespaces; fails the test if a pattern is
    not covered."""
    urls, problems = build_urls(demo.erie, NAMESPACES)
    if problems:
        pytest.fail("URL patterns the matrix does not cover:\n" + "\n".join(problems))
    return urls


def json_bodies(url: Url) -> list[dict]:
    """Valid bodies of a JSON endpoint that writes (``JSON_WRITES``): a new note of the kind
    the URL's group records."""
    group = models.BreakoutGroup.objects.get(pk=url.kwargs[GROUP_KWARG])
    body = {"op": "create", "client_id": str(uuid.uuid4()), "text": "A note from the matrix"}
    if group.round == "homogeneous":
        return [{**body, "kind": "strength"}, {**body, "kind": "issue"}]
    issue = models.Issue.objects.filter(engagement=group.engagement).canonical().priorities()
    return [{**body, "kind": "solution", "issue_id": issue.order_by("pk").first().pk}]


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


def text_of(response) -> str:
    """The body of a text answer (HTML, JSON, JavaScript, plain text), else ""."""
    kind = response.get("Content-Type", "")
    if response.streaming or not kind.startswith(("text/", "application/j")):
        return ""
    return response.content.decode(errors="replace")


@dataclass
class Result:
    outcome: object
    detail: str = ""  # the exception, or what a refused write changed
    location: str = ""  # where a redirect goes
    text: str = ""  # the body of a text answer


def send(client, method: str, url: str, *, unchanged: bool = False, body=None) -> Result:
    """Send one request with empty data (or the JSON ``body``), in a savepoint rolled back
    afterwards so that every request sees the same demo data. With ``unchanged``, a database
    change is reported."""
    before = snapshot() if unchanged else None
    with transaction.atomic():
        try:
            if body is None:
                response = getattr(client, method)(url)
            else:
                response = client.post(url, json.dumps(body), content_type="application/json")
        except Exception as error:  # the test client re-raises what would be a 500
            result = Result(ERROR, f"{type(error).__name__}: {error}")
        else:
            result = Result(
                outcome(response), location=response.get("Location", ""), text=text_of(response)
            )
            if unchanged:
                result.detail = changes(before, snapshot())
        transaction.set_rollback(True)
    return result


def leaked(result: Result, secrets) -> list[str]:
    """Which of ``secrets`` the answer shows (as typed, HTML-escaped or JSON-escaped)."""
    found = []
    for secret in secrets:
        forms = {secret, html.escape(secret), json.dumps(secret)[1:-1]}
        if any(form in result.text for form in forms):
            found.append(secret)
    return found


class Probe:
    """What a role allowed on a URL gets for a method, asked once per URL and method: a 405
    there means the view does not take the method, and then a 405 is what everyone may get
    (it reveals nothing)."""

    def __init__(self, demo):
        self.demo = demo
        self.clients = {}
        self.known = {}

    def __call__(self, url: Url, method: str):
        key = (url.view_name, method)
        if key not in self.known:
            if url.namespace == NAMESPACE and url.name in OUTSIDE_ENGAGEMENT:
                role = OWN_OFFICE
            else:
                role = next(r for r in ROLES if r in url.access.allowed)
            if role not in self.clients:
                self.clients[role] = Client()
                sign_in(self.clients[role], self.demo.users[role])
            self.known[key] = send(self.clients[role], method, url.url).outcome
        return self.known[key]


def expected(role: str, method: str, url: Url) -> set:
    """What ``role`` may get for ``method`` on ``url`` (besides a 405 where the view does
    not take the method)."""
    if url.namespace == NAMESPACE and url.name in OUTSIDE_ENGAGEMENT:
        on_get = OUTSIDE_ENGAGEMENT[url.name][role]
        return on_get if method == "get" or on_get <= REFUSALS else POST_OK
    access = url.access
    if role not in access.allowed:
        return {LOGIN} if role == ANONYMOUS else {404}
    if method == "post":
        return set(access.post)
    if url.namespace == NAMESPACE and url.name in GET_REDIRECTS:
        return {200, REDIRECT}
    return set(access.get)


def redirect_home(demo, role: str, url: Url) -> str:
    """Where an allowed redirect from ``url`` may go: within Erie's staff pages, the
    facilitators' pages, Erie's council pages, or an invited person's home."""
    if url.namespace == NAMESPACE and url.name in OUTSIDE_ENGAGEMENT:
        return reverse(REDIRECT_HOMES[role]) if role in REDIRECT_HOMES else "/"
    if url.namespace == FACILITATOR_NAMESPACE:
        return reverse(f"{FACILITATOR_NAMESPACE}:home")
    if url.namespace == COUNCIL_NAMESPACE:
        return reverse(f"{COUNCIL_NAMESPACE}:plan", kwargs={ENGAGEMENT_KWARG: demo.erie.pk})
    return reverse(f"{NAMESPACE}:engagement_detail", kwargs={ENGAGEMENT_KWARG: demo.erie.pk})


def describe(result: Result) -> str:
    text = f"{result.outcome}"
    if result.outcome in {LOGIN, REDIRECT}:
        text += f" to {result.location}"
    return text + (f" ({result.detail})" if result.detail else "")


# -- the tests ---------------------------------------------------------------------------


def test_every_url_pattern_is_covered(demo):
    """Guards the matrix itself: the walk finds every pattern of the engagements namespace
    (at least ``MIN_ENGAGEMENT_PATTERNS``) and of the two portals, every other pattern of the
    project is in the explicit skip list, every portal page has its entry, every kwarg of
    every pattern resolves to a record of Erie (on the facilitators' pages, of the demo
    facilitator's groups), and the snapshot sees the history and audit tables."""
    patterns, uncovered = enumerate_patterns(NAMESPACES)
    staff_pages = [p for p in patterns if p.app == NAMESPACE]
    assert len(staff_pages) >= MIN_ENGAGEMENT_PATTERNS, [p.route for p in staff_pages]
    assert set(OUTSIDE_ENGAGEMENT) <= {p.name for p in staff_pages}
    assert {(p.app, p.name) for p in patterns if p.app != NAMESPACE} == set(PORTAL_PAGES)
    urls = erie_urls(demo)
    assert not uncovered
    assert len(urls) == len(patterns)
    assert sum(1 for url in urls if url.pattern.record_kwargs) >= 10
    facilitator_groups = {
        url.kwargs.get(GROUP_KWARG) for url in urls if url.namespace == FACILITATOR_NAMESPACE
    } - {None}
    assert facilitator_groups == {
        g.pk
        for g in models.BreakoutGroup.objects.filter(engagement=demo.erie)
        if demo.users[FACILITATOR].has_perm("engagements.view_group_notes", g)
    }
    assert {
        "engagements.AuditEntry",
        "engagements.HistoricalEngagement",
        "engagements.HistoricalPlanItem",
        "offices.HistoricalUser",
    } <= snapshot().keys()


def test_an_unknown_pattern_is_not_covered(demo, monkeypatch):
    """Guards the guard: a new page of a portal without an entry in ``PORTAL_PAGES``, and a
    pattern in a namespace the matrix does not walk, are reported, not silently skipped."""
    monkeypatch.delitem(PORTAL_PAGES, (COUNCIL_NAMESPACE, "plan_pdf"))
    monkeypatch.setattr(
        "tests.matrix.test_url_role_matrix.NAMESPACES", (NAMESPACE, FACILITATOR_NAMESPACE)
    )
    _patterns, uncovered = enumerate_patterns(NAMESPACES)
    assert any("plan.pdf" in problem for problem in uncovered), uncovered
    assert any("progress" in problem for problem in uncovered), uncovered


@pytest.mark.parametrize("role", ROLES)
def test_url_role_matrix(client, demo, role):
    """Guards need-to-know on every URL of the staff pages and of both portals: anonymous
    visitors are sent to sign in; on a staff page of Erie, everyone but Erie's office and
    headquarters gets a 404, facilitators and council members included; a facilitator's page
    of a group opens for that group's facilitator (and staff), a council page of Erie for
    Erie's council (and staff), a 404 for everyone else; a refused POST (empty, and for a JSON
    endpoint also a valid body) changes nothing; an allowed role gets the page (or a 405 where
    the view does not take the method, or a redirect that stays where it belongs) and never
    an error; and no answer to a role shows what it may not see of Erie."""
    urls = erie_urls(demo)
    probe = Probe(demo)
    sign_in(client, demo.users[role])
    secrets = demo.secrets.get(role, [])

    failures = []
    checked = 0
    for url in urls:
        requests = [("get", None), ("post", None)]
        if (url.namespace, url.name) in JSON_WRITES:
            requests += [("post", body) for body in json_bodies(url)]
        for method, body in requests:
            wanted = expected(role, method, url)
            if body is not None and not wanted <= REFUSALS:
                wanted = JSON_WRITES[(url.namespace, url.name)]
            refusal = wanted <= REFUSALS
            result = send(
                client, method, url.url, unchanged=method == "post" and refusal, body=body
            )
            checked += 1
            ok = result.outcome in wanted and not result.detail
            if not ok and result.outcome == 405 and not result.detail:
                ok = probe(url, method) == 405  # the view does not take the method
            if ok and result.outcome == REDIRECT:
                ok = urlsplit(result.location).path.startswith(redirect_home(demo, role, url))
            what = f"{method.upper()} {url.url} ({url.view_name}{', JSON' if body else ''})"
            if not ok:
                failures.append(
                    f"{what} as {role}: got {describe(result)}, expected "
                    f"{' or '.join(map(str, sorted(wanted, key=str)))}"
                    + (" and nothing changed" if refusal and method == "post" else "")
                )
            if shown := leaked(result, secrets):
                failures.append(f"{what} as {role} shows {shown}")
    assert checked >= 2 * len(urls)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def test_the_secrets_are_real(client, demo):
    """The "nothing leaked" check above passes trivially if the texts it looks for are shown
    nowhere: each is on a page of someone allowed to see it."""
    sign_in(client, demo.users[OWN_OFFICE])
    paths = [url.url for url in erie_urls(demo)] + [
        reverse(f"{FACILITATOR_NAMESPACE}:group", kwargs={GROUP_KWARG: group.pk})
        for group in models.BreakoutGroup.objects.filter(engagement=demo.erie)
    ]
    pages = "".join(text_of(client.get(path)) for path in paths)
    everything = {secret for secrets in demo.secrets.values() for secret in secrets}
    missing = [s for s in everything if not leaked(Result(200, text=pages), [s])]
    assert not missing


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


def _progressupdate(engagement):
    item = factories.PlanItemFactory(engagement=engagement)
    return models.ProgressUpdate.objects.create(
        engagement=engagement, plan_item=item, status=item.status, note="Progress"
    )


#: How to make a record for the models that ``tests.factories`` has no factory for.
BUILDERS = {
    models.ProgressUpdate: _progressupdate,
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


def mixable_kwargs(url: Url) -> list[str]:
    """The record kwargs of ``url`` that another engagement's record can be put in while the
    URL still names Erie (through ``engagement_pk`` or another record): all of them on a URL
    with two records or with the engagement, none on a URL that names one group only."""
    if ENGAGEMENT_KWARG in url.kwargs or len(url.pattern.record_kwargs) > 1:
        return url.pattern.record_kwargs
    return []


def refused_everywhere(client, probe, urls_and_roles) -> list[str]:
    """GET and POST each ``(url, path, role, why)``: a 404 (or a 405 where the view does not
    take the method), and a POST changes nothing. Returns the failures."""
    failures = []
    for url, path, role, why in urls_and_roles:
        for method in ("get", "post"):
            result = send(client, method, path, unchanged=method == "post")
            ok = result.outcome == 404 and not result.detail
            if not ok and result.outcome == 405 and not result.detail:
                ok = probe(url, method) == 405
            if not ok:
                failures.append(
                    f"{method.upper()} {path} ({url.view_name}, {why}) as {role}: got "
                    f"{describe(result)}, expected 404"
                    + (" and nothing changed" if method == "post" else "")
                )
    return failures


@pytest.mark.parametrize("role", [*ALLOWED_ROLES, FACILITATOR, COUNCIL])
def test_record_of_another_engagement_is_refused(client, demo, role):
    """Guards that a record is looked up among the URL's engagement's (or group's) records
    only: a URL into Erie with the id of a Topeka record of the same model is a 404 on GET
    (405 where the view does not take it) and on POST, where nothing changes, even for a user
    allowed on both (headquarters), on the staff pages and the portals' pages the role may
    open."""
    urls = [url for url in erie_urls(demo) if role in url.access.allowed or role in STAFF]
    foreign, problems = {}, []
    for url in urls:
        for kwarg in mixable_kwargs(url):
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
    assert len(foreign) >= (5 if role in STAFF else 1), foreign

    sign_in(client, demo.users[role])
    mixed = [
        (
            url,
            reverse(url.view_name, kwargs={**url.kwargs, kwarg: foreign[record_model(kwarg)].pk}),
            role,
            f"Topeka's {kwarg}",
        )
        for url in urls
        if url.namespace == NAMESPACE or role in url.access.allowed
        for kwarg in mixable_kwargs(url)
    ]
    assert len(mixed) >= (10 if role in STAFF else 1)
    failures = refused_everywhere(client, Probe(demo), mixed)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", [FACILITATOR, OWN_OFFICE, HEADQUARTERS])
def test_note_of_another_group_is_refused(client, demo, role):
    """Guards that a facilitator's page of a note opens only in the note's own group: the
    demo facilitator's group with the id of a note of another Erie group is a 404, and a POST
    changes nothing (also for staff, who may open both groups)."""
    urls = [
        url
        for url in erie_urls(demo)
        if url.namespace == FACILITATOR_NAMESPACE and len(url.pattern.record_kwargs) > 1
    ]
    mixed = []
    for url in urls:
        (kwarg,) = [k for k in url.pattern.record_kwargs if k != GROUP_KWARG]
        model = record_model(kwarg)
        other = (
            model._base_manager.filter(engagement=demo.erie)
            .exclude(group_id=url.kwargs[GROUP_KWARG])
            .order_by("pk")
            .first()
        )
        path = reverse(url.view_name, kwargs={**url.kwargs, kwarg: other.pk})
        mixed.append((url, path, role, f"another group's {kwarg}"))
    assert len(mixed) == 6
    sign_in(client, demo.users[role])
    failures = refused_everywhere(client, Probe(demo), mixed)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def test_json_endpoint_changes_no_note_of_another_group(client, demo):
    """Guards the JSON endpoint's ``id``: the demo facilitator, posting to their own group's
    endpoint an update or a delete of a note of another Erie group or of Topeka, changes
    nothing (the note is looked up in the URL's group)."""
    url = next(
        url
        for url in erie_urls(demo)
        if url.view_name == f"{FACILITATOR_NAMESPACE}:notes_api"
        and models.BreakoutGroup.objects.get(pk=url.kwargs[GROUP_KWARG]).round == "homogeneous"
    )
    notes = [
        models.Strength.objects.filter(engagement=demo.erie)
        .exclude(group_id=url.kwargs[GROUP_KWARG])
        .order_by("pk")
        .first(),
        models.Strength.objects.filter(engagement=demo.topeka).order_by("pk").first(),
    ]
    sign_in(client, demo.users[FACILITATOR])
    failures = []
    for note in notes:
        for op in ("update", "delete"):
            body = {
                "op": op,
                "kind": "strength",
                "id": note.pk,
                "base_revision": note.revision,
                "text": "Overwritten by another group's facilitator",
            }
            result = send(client, "post", url.url, unchanged=True, body=body)
            if result.detail or result.outcome == ERROR:
                failures.append(f"{op} of {note.pk}: {describe(result)}")
    assert not failures, "\n".join(failures)
