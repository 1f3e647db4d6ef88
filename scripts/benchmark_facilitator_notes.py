"""Benchmark the facilitators' breakout notes: 50 simulated phones saving notes at once.

Run it against a throwaway PostgreSQL (it writes its own engagement into that database):

    scripts/with-postgres.sh .venv/bin/python scripts/benchmark_facilitator_notes.py
        [--facilitators 50] [--duration 60] [--workers 2] [--threads 4]

What it does:

1. migrates, and creates one engagement for its program day: 80 participants on the roster
   (their names are what the "notes are never attributed" check reads on every save), 50
   trained facilitators, each with an account and a sign-in link in force
   (``engagements.services.access.sign_in_link_create``), leading or co-leading 25 breakout
   groups two by two (so two phones type into every group at once): half morning groups
   (strengths and issues), half afternoon groups (solutions with actions for the three
   priority issues). Each facilitator reads the pages in one of the six languages;
2. starts the app with gunicorn on a free port on 127.0.0.1 (``--workers`` processes of
   ``--threads`` threads each, DEBUG off, like production; keep-alive connections held as a
   proxy in front would hold them);
3. gives each facilitator a signed-in session (written the way ``django.contrib.auth.login``
   writes it: the benchmark times saving notes, not signing in) and a CSRF cookie, and runs
   one thread per facilitator for ``--duration`` seconds, on its own keep-alive connection,
   doing what the note page does once opened (the phones open it at different moments in
   the first 5 s): POST ``notes.json`` ``{"op": "create", ...}`` with a new client id every
   2-4 s (jittered), and GET ``notes.json`` every 5 s. Like the page's
   outbox, a save that got no answer (or a 5xx) is sent again with the same client id until
   it is acknowledged; on top of that ``--resend`` (5 %) of the saves are sent a second time
   after their answer (a lost response) and ``--double-tap`` (2 %) are sent twice at the same
   moment on two connections (a double tap racing itself);
4. then counts the notes in the database and prints: requests, p50/p95/max of saving a note
   (first sends) and of sending it again, p50/p95 of the poll (as the phones timed them,
   and as the server did: gunicorn's request time in its access log), how long a
   co-facilitator's phone took to see a note after it was saved, notes sent (distinct client
   ids), stored,
   lost (acknowledged but not stored, or stored with other text) and duplicated (more stored
   than sent: a client id or a text stored twice); and, for one phone alone in this process
   (Django's test client, no HTTP, no other load), the queries and the median wall and CPU
   time of a save and of a poll: what a save costs whatever else the machine is doing.

It exits with status 1 when a note was lost or duplicated, or a save was never acknowledged.
Goal (issue 6): save p95 ≤ 50 ms, 0 lost, 0 duplicated. Not a test: timings depend on the
machine and its load (the load average is printed with the figures); the 50 phones run in
this same process, on the same CPUs as the server.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spcp.settings")
os.environ["DEBUG"] = "0"
os.environ["TASKS_BACKEND"] = "immediate"

LANGUAGES = ["en", "vi", "fa", "zh-hant", "ko", "hi"]
STAKEHOLDER_GROUPS = [
    "Youth",
    "Faith leaders",
    "Business owners",
    "Law enforcement",
    "Local government",
    "Residents",
    "Social services",
]
FIRST_NAMES = [
    "Maria", "James", "Linh", "Reza", "Mei", "Ji-woo", "Priya", "David", "Aisha", "Tomas",
]  # fmt: skip
LAST_NAMES = ["Lopez", "Carter", "Nguyen", "Ahmadi", "Chen", "Kim", "Sharma", "Brooks"]
PARTICIPANTS = 80
# What breakout groups say, never naming anyone (the roster check would refuse the note).
STRENGTHS = [
    "Neighbours look out for each other's children on the way to school",
    "The community center opens its doors to every group in the city",
    "Faith communities already meet monthly to plan joint events",
]
ISSUES = [
    "Residents do not know how to file a complaint about an officer",
    "Traffic stops near the high school feel like harassment to students",
    "There are no interpreters when police respond to a call at home",
]
SOLUTIONS = [
    "A joint youth and police basketball league at the community center",
    "A complaint form in every language of the city, online and on paper",
    "Interpreters on call for the police, paid by the city",
]
ACTIONS = "Agree on a schedule\nFind a sponsor\nReport to the council in three months"


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class Group:
    """A breakout group of the benchmark and what its phones need to know."""

    pk: int
    kinds: tuple[str, ...]
    facilitators: list = field(default_factory=list)  # User objects


def build_engagement(facilitators: int):
    """One engagement with a roster, ``facilitators`` trained facilitators with sign-in links
    in force, and breakout groups they lead two by two. Returns (engagement, staff user,
    [Group], [priority issue id], {user pk: language})."""
    import datetime

    from django.utils import timezone

    from engagements.models import (
        BreakoutGroup,
        Engagement,
        Facilitator,
        Issue,
        Participant,
        StakeholderGroup,
        TrainingAttendance,
        TrainingSession,
    )
    from engagements.services import engagement_create
    from engagements.services.access import sign_in_link_create
    from engagements.services.notes import ROUND_KINDS
    from offices.models import Office, User

    office = Office.objects.get(code="mid-atlantic")
    staff = User.objects.create_user(
        username="bench-staff", password=secrets.token_urlsafe(), office=office
    )
    engagement = engagement_create(
        engagement=Engagement(
            community="Benchmark",
            state="PA",
            office=office,
            lead_staff=staff,
            law_enforcement_agencies="Benchmark Police Department",
            program_date=timezone.localdate(),
            program_venue="Community center",
        ),
        user=staff,
    )
    stakeholders = [
        StakeholderGroup.objects.create(engagement=engagement, name=name)
        for name in STAKEHOLDER_GROUPS
    ]
    names = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES][:PARTICIPANTS]
    Participant.objects.bulk_create(
        Participant(
            engagement=engagement, name=name, stakeholder_group=stakeholders[i % len(stakeholders)]
        )
        for i, name in enumerate(names)
    )
    session = TrainingSession.objects.create(
        engagement=engagement,
        held_on=timezone.localdate() - datetime.timedelta(days=7),
        place="Community center",
        trainer="CRS",
    )
    people = [
        Facilitator.objects.create(engagement=engagement, name=f"Facilitator {n + 1}")
        for n in range(facilitators)
    ]
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(engagement=engagement, session=session, facilitator=f, completed=True)
        for f in people
    )
    languages = {}
    for n, person in enumerate(people):
        language = LANGUAGES[n % len(LANGUAGES)]
        link = sign_in_link_create(
            person=person, user=staff, language=language, base_url="http://127.0.0.1"
        )
        languages[link.user_id] = language
    groups = []
    pairs = [people[i : i + 2] for i in range(0, len(people), 2)]
    morning_count = (len(pairs) + 1) // 2
    for n, pair in enumerate(pairs):
        morning = n < morning_count
        fields = {
            "engagement": engagement,
            "facilitator": pair[0],
            "second_facilitator": pair[1] if len(pair) > 1 else None,
            "room": f"Room {n + 1}",
        }
        if morning:
            group = BreakoutGroup.objects.create(
                round=BreakoutGroup.Round.HOMOGENEOUS,
                name=f"Morning group {n + 1}",
                stakeholder_group=stakeholders[n % len(stakeholders)],
                **fields,
            )
        else:
            group = BreakoutGroup.objects.create(
                round=BreakoutGroup.Round.HETEROGENEOUS, number=n - morning_count + 1, **fields
            )
        groups.append(
            Group(
                pk=group.pk,
                kinds=ROUND_KINDS[group.round],
                facilitators=[User.objects.get(pk=p.user_id) for p in pair],
            )
        )
    first_morning = BreakoutGroup.objects.get(pk=groups[0].pk)
    priorities = [
        Issue.objects.create(
            engagement=engagement,
            group=first_morning,
            text=text,
            dot_votes=10 - i,
            is_priority=True,
        ).pk
        for i, text in enumerate(ISSUES)
    ]
    return engagement, staff, groups, priorities, languages


def session_cookie(user) -> str:
    """A signed-in session for ``user``, written the way ``django.contrib.auth.login``
    writes it; returns the cookie's ``name=value``."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def notes_path(group_pk: int, language: str) -> str:
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    try:
        with translation.override(language):
            return reverse("facilitator_portal:notes_api", args=[group_pk])
    except NoReverseMatch:
        raise SystemExit(
            "The URL facilitator_portal:notes_api is not routed yet (facilitator_portal/urls.py)."
        ) from None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int, log, access_log: str) -> subprocess.Popen:
    """gunicorn serving the app on ``port``; its messages go to the file ``log``, one line
    per request to ``access_log`` ("<method> <status> <microseconds in the server>")."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "spcp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            # Phones keep their connection between saves (a proxy in front would hold it).
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
            "--access-logfile",
            access_log,
            "--access-logformat",
            "%(m)s %(s)s %(D)s",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class Stats:
    """What the phones measured and sent, shared by their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.save_ms: list[float] = []  # first sends, acknowledged
        self.repeat_ms: list[float] = []  # the same client id sent again
        self.poll_ms: list[float] = []
        self.seen_after: list[float] = []  # s from a save to the co-facilitator's poll showing it
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()  # connection errors, 5xx, unexpected answers
        self.reconnects = 0
        self.requests = 0
        # client id -> (group pk, text, actions, note id or None, acknowledged at (monotonic))
        self.sent: dict[str, list] = {}
        self.unacknowledged: set[str] = set()

    def add(self, name: str, value):
        with self.lock:
            getattr(self, name).append(value)

    def count(self, status=None, error=None):
        with self.lock:
            self.requests += 1
            if status is not None:
                self.statuses[status] += 1
            if error is not None:
                self.errors[error] += 1


class Phone:
    """One facilitator's phone: a keep-alive connection, a session and the note page's
    rhythm (a note every 2-4 s, a poll every 5 s)."""

    def __init__(self, *, port, cookie, path, group, kinds, priorities, stats, options, seed):
        self.port, self.path, self.group, self.kinds = port, path, group, kinds
        self.priorities, self.stats, self.options = priorities, stats, options
        self.random = random.Random(seed)
        csrf = "".join(self.random.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.headers = {
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Host": f"127.0.0.1:{port}",
            "Accept": "application/json",
        }
        self.connection = None
        self.number = 0
        self.seen: set[str] = set()
        self.name = f"g{group}-{seed}"

    def request(self, method: str, body: dict | None = None, connection_attr="connection"):
        """Send one request; returns (status or None on a connection error, parsed JSON or
        None, elapsed seconds). A closed keep-alive connection is reopened once."""
        payload = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = getattr(self, connection_attr)
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                setattr(self, connection_attr, connection)
            try:
                connection.request(method, self.path, body=payload, headers=headers)
                response = connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError) as error:
                connection.close()
                setattr(self, connection_attr, None)
                with self.stats.lock:
                    self.stats.reconnects += 1
                if attempt == 2:
                    self.stats.count(error=type(error).__name__)
                    return None, None, time.perf_counter() - started
        elapsed = time.perf_counter() - started
        self.stats.count(status=response.status)
        try:
            data = json.loads(content) if content else None
        except ValueError:
            data = None
        if response.status >= 500 or data is None:
            self.stats.count(error=f"{method} {response.status}")
        return response.status, data, elapsed

    def new_note(self) -> dict:
        self.number += 1
        kind = self.kinds[self.number % len(self.kinds)]
        texts = {"strength": STRENGTHS, "issue": ISSUES, "solution": SOLUTIONS}[kind]
        # Every text is unique, so a note stored twice shows even without its client id.
        body = {
            "op": "create",
            "kind": kind,
            "client_id": str(uuid.uuid4()),
            "text": f"{self.random.choice(texts)} ({self.name} note {self.number})",
        }
        if kind == "solution":
            body["actions"] = ACTIONS
            body["issue_id"] = self.random.choice(self.priorities)
        return body

    def save(self, body: dict):
        """Send a new note until it is acknowledged (like the page's outbox), then maybe
        send it again (a lost response) or twice at once (a double tap)."""
        client_id = body["client_id"]
        with self.stats.lock:
            self.stats.sent[client_id] = [
                self.group,
                body["text"],
                body.get("actions", ""),
                None,
                0,
            ]
        double_tap = self.random.random() < self.options.double_tap
        twin = None
        if double_tap:
            twin = threading.Thread(target=self.double_tap, args=(body,))
            twin.start()
        acknowledged = False
        for attempt in range(8):
            status, data, elapsed = self.request("POST", body)
            if status in (200, 201) and data and data.get("note"):
                note = data["note"]
                if note.get("client_id") != client_id:
                    self.stats.count(error="answer names another client id")
                with self.stats.lock:
                    record = self.stats.sent[client_id]
                    if record[3] is not None and record[3] != note["id"]:
                        self.stats.errors["two note ids for one client id"] += 1
                    record[3] = note["id"]
                    record[4] = record[4] or time.monotonic()
                if attempt == 0:
                    self.stats.add("save_ms", elapsed * 1000)
                else:
                    self.stats.add("repeat_ms", elapsed * 1000)
                acknowledged = True
                break
            if status is not None and 400 <= status < 500:
                self.stats.count(error=f"create refused {status}: {json.dumps(data)[:120]}")
                break
            time.sleep(0.5 * (attempt + 1))
        if twin is not None:
            twin.join()
        if not acknowledged:
            with self.stats.lock:
                self.stats.unacknowledged.add(client_id)
            return
        if self.random.random() < self.options.resend:
            status, data, elapsed = self.request("POST", body)
            self.stats.add("repeat_ms", elapsed * 1000)
            note = (data or {}).get("note") or {}
            if status != 200 or data.get("created") is not False:
                self.stats.count(
                    error=f"resend answered {status} created={data and data.get('created')}"
                )
            with self.stats.lock:
                if note.get("id") != self.stats.sent[client_id][3]:
                    self.stats.errors["two note ids for one client id"] += 1

    def double_tap(self, body: dict):
        """The same note sent on a second connection at the same moment."""
        status, data, elapsed = self.request("POST", body, connection_attr="twin_connection")
        if status in (200, 201) and data and data.get("note"):
            with self.stats.lock:
                record = self.stats.sent[body["client_id"]]
                if record[3] is not None and record[3] != data["note"]["id"]:
                    self.stats.errors["two note ids for one client id"] += 1
                record[3] = record[3] or data["note"]["id"]
                record[4] = record[4] or time.monotonic()
            self.stats.add("repeat_ms", elapsed * 1000)
        else:
            self.stats.count(error=f"double tap answered {status}")

    twin_connection = None

    def poll(self):
        status, data, elapsed = self.request("GET")
        if status != 200 or not data:
            return
        self.stats.add("poll_ms", elapsed * 1000)
        now = time.monotonic()
        for note in data.get("notes", []):
            client_id = note.get("client_id")
            if not client_id or client_id in self.seen:
                continue
            self.seen.add(client_id)
            with self.stats.lock:
                record = self.stats.sent.get(client_id)
            # A note of the co-facilitator's phone (this phone's own texts name it).
            if record and record[4] and f"({self.name} " not in record[1]:
                self.stats.add("seen_after", max(0.0, now - record[4]))

    def run(self, until: float):
        # The phones open the note page at different moments (not all in the same second),
        # and the page loads the notes first; then it polls every 5 s from then on.
        time.sleep(self.random.uniform(0, 5))
        self.poll()
        next_save = time.monotonic() + self.random.uniform(0, 3)
        next_poll = time.monotonic() + 5
        while True:
            now = time.monotonic()
            if now >= until:
                break
            if now >= next_save:
                self.save(self.new_note())
                next_save = max(now, next_save) + self.random.uniform(2, 4)
            elif now >= next_poll:
                self.poll()
                next_poll += 5
            else:
                time.sleep(min(next_save, next_poll, until) - now)
        for connection in (self.connection, self.twin_connection):
            if connection is not None:
                connection.close()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def stored_notes(engagement):
    """{client id: [(group pk, text, actions)]} of the engagement's notes with a client id,
    and the number of notes without one."""
    from engagements.services.notes import NOTE_MODELS

    stored, without = defaultdict(list), 0
    for model in NOTE_MODELS.values():
        fields = ["client_id", "group_id", "text"] + (
            ["actions"] if model.__name__ == "Solution" else []
        )
        for row in model.objects.filter(engagement=engagement).values(*fields):
            if row["client_id"] is None:
                without += 1
                continue
            stored[str(row["client_id"])].append(
                (row["group_id"], row["text"], row.get("actions", ""))
            )
    return stored, without


def in_process(group, user, language, priorities, repeats: int = 30):
    """One phone alone, in this process with Django's test client (no HTTP, no other
    load): the SQL queries of one save (POST create) and one poll (GET) of ``notes.json``,
    and the median wall and CPU time of ``repeats`` of each. Returns ``{"save": (queries,
    wall s, CPU s), "poll": (...)}``. The notes it saves are made after the count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # WhiteNoise warns once that staticfiles/ is missing (not collected here).
    warnings.filterwarnings("ignore", message="No directory at")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    path = notes_path(group.pk, language)
    kind = group.kinds[0]

    def save():
        body = {"op": "create", "kind": kind, "client_id": str(uuid.uuid4()), "text": "A meal"}
        if kind == "solution":
            body.update(actions="Book the hall", issue_id=priorities[0])
        response = client.post(path, json.dumps(body), content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"save: {response.status_code} {response.content[:200]!r}")

    def poll():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"poll: {response.status_code} {response.content[:200]!r}")

    results = {}
    for name, action in (("save", save), ("poll", poll)):
        action()  # warm up
        with CaptureQueriesContext(connection) as captured:
            action()
        # Copied now: the next request empties the connection's query log.
        queries = list(captured.captured_queries)
        walls, cpus = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
        results[name] = (queries, statistics.median(walls), statistics.median(cpus))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facilitators", type=int, default=50, help="simulated phones")
    parser.add_argument("--duration", type=float, default=60, help="seconds of saving")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--resend", type=float, default=0.05, help="share of saves sent again")
    parser.add_argument(
        "--double-tap", type=float, default=0.02, help="share of saves sent twice at once"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--queries", action="store_true", help="list the SQL of one save")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run under scripts/with-postgres.sh (it writes to the database).")
    if options.facilitators < 2:
        raise SystemExit("--facilitators: at least 2 (they type two by two)")

    setup_django()
    engagement, _staff, groups, priorities, languages = build_engagement(options.facilitators)
    phones_spec = []
    for group in groups:
        for user in group.facilitators:
            language = languages[user.pk]
            phones_spec.append((group, user, language, notes_path(group.pk, language)))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    print(
        f"engagement: {PARTICIPANTS} participants, {options.facilitators} facilitators in "
        f"{len(groups)} breakout groups ({sum(1 for g in groups if 'strength' in g.kinds)} "
        f"morning, {sum(1 for g in groups if 'solution' in g.kinds)} afternoon); gunicorn "
        f"{options.workers} workers × {options.threads} threads"
    )

    port = free_port()
    log = tempfile.NamedTemporaryFile(
        "w+", prefix="spcp-bench-gunicorn-", suffix=".log", delete=False
    )
    access_log = log.name.replace(".log", "-access.log")
    server = start_server(port, options.workers, options.threads, log, access_log)
    stats = Stats()
    try:
        phones = [
            Phone(
                port=port,
                cookie=session_cookie(user),
                path=path,
                group=group.pk,
                kinds=group.kinds,
                priorities=priorities,
                stats=stats,
                options=options,
                seed=options.seed * 1000 + n,
            )
            for n, (group, user, language, path) in enumerate(phones_spec)
        ]
        # Warm every worker (imports, translations, the first connection to the database).
        for phone in phones[: options.workers * options.threads]:
            phone.request("GET")
        stats = Stats()
        for phone in phones:
            phone.stats = stats
        warm_offset = os.path.getsize(access_log)
        started = time.monotonic()
        until = started + options.duration
        threads = [threading.Thread(target=phone.run, args=(until,)) for phone in phones]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=20)

    # Time in the server, from gunicorn's access log: no client threads, no socket.
    in_server = defaultdict(list)
    with open(access_log) as lines:
        lines.seek(warm_offset)
        for line in lines:
            method, status, microseconds = line.split()
            in_server[(method, status)].append(int(microseconds) / 1000)
    stored, without_client_id = stored_notes(engagement)
    sent = stats.sent
    acknowledged = {cid for cid, record in sent.items() if record[3] is not None}
    lost = [
        cid
        for cid in acknowledged
        if not any(
            (group, text.strip(), actions.strip())
            == (sent[cid][0], sent[cid][1].strip(), sent[cid][2].strip())
            for group, text, actions in stored.get(cid, [])
        )
    ]
    texts = Counter(text for rows in stored.values() for _group, text, _actions in rows)
    duplicated = (
        sum(len(rows) - 1 for rows in stored.values())
        + sum(1 for cid in stored if cid not in sent)
        + sum(count - 1 for count in texts.values())
    )
    stored_count = sum(len(rows) for rows in stored.values())
    never_acked = stats.unacknowledged - set(stored)

    print()
    print(
        f"{elapsed:.0f} s, {stats.requests} requests "
        f"({dict(sorted(stats.statuses.items()))}), {stats.reconnects} reconnections"
    )
    print(
        f"save a note       p50 {statistics.median(stats.save_ms):6.1f} ms   "
        f"p95 {percentile(stats.save_ms, 0.95):6.1f} ms   max {max(stats.save_ms):6.1f} ms   "
        f"(n={len(stats.save_ms)})"
    )
    if stats.repeat_ms:
        print(
            f"send it again     p50 {statistics.median(stats.repeat_ms):6.1f} ms   "
            f"p95 {percentile(stats.repeat_ms, 0.95):6.1f} ms   "
            f"max {max(stats.repeat_ms):6.1f} ms   (n={len(stats.repeat_ms)}: resends, double "
            f"taps, retries)"
        )
    print(
        f"poll              p50 {statistics.median(stats.poll_ms):6.1f} ms   "
        f"p95 {percentile(stats.poll_ms, 0.95):6.1f} ms   max {max(stats.poll_ms):6.1f} ms   "
        f"(n={len(stats.poll_ms)})"
    )
    for label, key in (("save a note", ("POST", "201")), ("poll", ("GET", "200"))):
        times = in_server[key]
        if times:
            print(
                f"  in the server: {label:<12} p50 {statistics.median(times):6.1f} ms   "
                f"p95 {percentile(times, 0.95):6.1f} ms   max {max(times):6.1f} ms"
            )
    if stats.seen_after:
        print(
            f"co-facilitator sees a note after   p50 {statistics.median(stats.seen_after):.1f} s"
            f"   max {max(stats.seen_after):.1f} s"
        )
    print(
        f"notes sent (distinct client ids) {len(sent)}, acknowledged {len(acknowledged)}, "
        f"stored {stored_count} (+{without_client_id} made before the run)"
    )
    print(f"lost {len(lost)}, duplicated {duplicated}, never acknowledged {len(never_acked)}")
    if stats.errors:
        print("errors:", dict(stats.errors.most_common(10)))
    log.seek(0)
    server_log = log.read()
    if "Traceback" in server_log or "[ERROR]" in server_log:
        print(f"the server logged errors: see {log.name}")
    print(f"load average after: {load_after:.2f}")

    alone = in_process(groups[-1], groups[-1].facilitators[0], "en", priorities)
    for name in ("save", "poll"):
        queries, wall, cpu = alone[name]
        print(
            f"one {name} alone, in this process: {len(queries)} queries, "
            f"{wall * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU)"
        )
    if options.queries:
        for query in alone["save"][0]:
            print("  ", query["sql"][:160])
    p95 = percentile(stats.save_ms, 0.95)
    print(
        f"goal: save p95 ≤ 50 ms: {'met' if p95 <= 50 else 'NOT met'} ({p95:.1f} ms); "
        f"0 lost: {'met' if not lost else 'NOT met'}; "
        f"0 duplicated: {'met' if not duplicated else 'NOT met'}"
    )
    if lost or duplicated or never_acked:
        sys.exit(1)


if __name__ == "__main__":
    main()
