"""Benchmark the action plan's PDF: per language, the cold render of a 40-item plan and the
p50/p95 of downloading a published plan's PDF over HTTP (served from the copy rendered ahead).

Run it against a throwaway PostgreSQL (it writes a demo database and a temporary MEDIA_ROOT):

    scripts/with-postgres.sh python scripts/benchmark_plan_pdf.py [--downloads 50]

What it does:

1. migrates, loads the demo (``load_demo``), and grows Erie's plan to 40 items in a revision,
   each with its title, actions, responsible party and measure given in all six languages
   (text in each language's own script), issues, solutions and progress updates;
2. publishes it: ``engagements.tasks.render_version_pdfs`` renders the six PDFs ahead (inline:
   the immediate task backend) and the time it took is printed;
3. per language, renders the published version's PDF from the database three times in this
   process (``engagements.pdf.version_pdf``: document from the snapshot, living status, HTML,
   WeasyPrint), and prints the first ("cold": nothing of that document rendered before), its
   CPU time (what the render costs, whatever else the machine is doing) and the best of the
   three;
4. starts the app with gunicorn on a free port (one worker, like a production worker),
   signs in as the demo lead staff member, and per language times N GETs of the plan's PDF
   URL over HTTP on one keep-alive connection (the stored file, FileResponse), printing p50
   and p95.

Goals (issue 7): cold render ≤ 1.0 s in every language; download p95 ≤ 100 ms. Not a test:
timings depend on the machine and its load, which is printed with the figures.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spcp.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="spcp-bench-media-"))
os.environ["TASKS_BACKEND"] = "immediate"

ITEMS = 40

# One sentence per language, in its own script, for the plan's texts.
SAMPLES = {
    "en": "Joint youth and police basketball league at the community center",
    "vi": "Giải bóng rổ chung giữa thanh niên và cảnh sát tại trung tâm cộng đồng",
    "fa": "لیگ بسکتبال مشترک جوانان و پلیس در مرکز محله",
    "zh-hant": "在社區中心舉辦青年與警察聯合籃球聯賽",
    "ko": "주민센터에서 열리는 청소년과 경찰 공동 농구 리그",
    "hi": "सामुदायिक केंद्र में युवाओं और पुलिस की संयुक्त बास्केटबॉल लीग",
}


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_plan():
    """Erie's plan, revised, grown to ``ITEMS`` items in six languages, published. Returns
    (engagement, version, seconds spent publishing and rendering ahead)."""
    from django.db import transaction

    from engagements import services
    from engagements.demo.load import load_demo
    from engagements.models import ActionPlanVersion, Engagement, PlanItem, ProgressUpdate
    from offices.models import User

    load_demo(scale=1)
    erie = Engagement.objects.get(community="Erie", state="PA")
    user = User.objects.get(username="demo")
    plan = erie.action_plan
    services.action_plan_revise(plan=plan, user=user)
    existing = list(PlanItem.objects.filter(plan=plan).prefetch_related("issues", "solutions"))
    template = existing[0]
    with transaction.atomic():
        for n in range(len(existing), ITEMS):
            model = existing[n % len(existing)]
            services.record_create(
                record=PlanItem(
                    engagement=erie,
                    title=f"{SAMPLES['en']} ({n + 1})",
                    actions="\n".join(f"{SAMPLES['en']}: step {s}" for s in (1, 2, 3)),
                    responsible_party=template.responsible_party,
                    target_date=template.target_date,
                    progress_measure=SAMPLES["en"],
                ),
                user=user,
                links={
                    "issues": list(model.issues.all()),
                    "solutions": list(model.solutions.all()),
                },
            )
        items = list(PlanItem.objects.filter(plan=plan))
        for language, sample in SAMPLES.items():
            if language == "en":
                continue
            texts = {("plan", plan.pk, "introduction"): f"{sample}.\n{sample}."}
            for i, item in enumerate(items, start=1):
                texts[("item", item.pk, "title")] = f"{sample} ({i})"
                texts[("item", item.pk, "actions")] = "\n".join(f"{sample}: {s}" for s in (1, 2, 3))
                texts[("item", item.pk, "responsible_party")] = sample
                texts[("item", item.pk, "progress_measure")] = sample
            services.action_plan_translate(plan=plan, user=user, language=language, texts=texts)
    started = time.perf_counter()
    services.action_plan_publish(plan=plan, user=user, note="Forty items")  # renders ahead
    rendered_ahead = time.perf_counter() - started
    for item in items[len(existing) :]:
        services.progress_update_create(
            update=ProgressUpdate(
                engagement=erie, plan_item=item, status="in_progress", note=SAMPLES["en"]
            ),
            user=user,
        )
    plan.refresh_from_db()
    version = ActionPlanVersion.objects.get(plan=plan, number=plan.version)
    pages = len(version.snapshot["items"])
    if pages != ITEMS:
        raise SystemExit(f"the published version has {pages} items, not {ITEMS}")
    # The progress updates changed the status: render the stored copies again.
    from engagements.tasks import render_version_pdfs

    render_version_pdfs.enqueue(version.pk)
    return erie, version, rendered_ahead


def cold_renders(version, languages):
    from engagements import pdf

    results = {}
    for language in languages:
        times, cpu = [], []
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf.version_pdf(version=version, language=language)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        results[language] = (times, cpu)
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(username: str) -> str:
    """A signed-in session for ``username``, written the way ``django.contrib.auth.login``
    writes it (the benchmark times downloads, not the sign-in form)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from offices.models import User

    user = User.objects.get(username=username)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "spcp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
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


def downloads(port: int, cookie: str, path: str, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie, "Host": "localhost"}
    times = []
    for n in range(count + 1):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200 or not content.startswith(b"%PDF"):
            raise SystemExit(f"GET {path}: {response.status} {content[:200]!r}")
        if n:  # the first request opens the connection and warms the worker
            times.append(elapsed)
    connection.close()
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--downloads", type=int, default=50, help="GETs per language")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run under scripts/with-postgres.sh (it writes a demo database).")

    setup_django()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    languages = [code for code, _name in settings.LANGUAGES]
    erie, version, rendered_ahead = build_plan()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    print(
        f"plan: {ITEMS} items; publishing with the six PDFs rendered ahead: {rendered_ahead:.2f} s"
    )

    renders = cold_renders(version, languages)

    port = free_port()
    server = start_server(port)
    try:
        cookie = session_cookie("demo")
        fetched = {}
        for language in languages:
            with translation.override(language):
                path = reverse("engagements:action_plan_pdf", args=[erie.pk])
            fetched[language] = downloads(port, cookie, path, args.downloads)
    finally:
        server.terminate()
        server.wait(timeout=10)

    print()
    print(
        f"{'language':<9} {'cold render':>11} {'(CPU)':>7} {'best of 3':>9} "
        f"{'download p50':>12} {'p95':>8}  (n={args.downloads})"
    )
    for language in languages:
        (times, cpu), got = renders[language], fetched[language]
        print(
            f"{language:<9} {times[0]:>9.2f} s {cpu[0]:>5.2f} s {min(times):>7.2f} s "
            f"{statistics.median(got) * 1000:>9.1f} ms {percentile(got, 0.95) * 1000:>5.1f} ms"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    worst_cold = max(times[0] for times, _cpu in renders.values())
    worst_p95 = max(percentile(t, 0.95) for t in fetched.values())
    print(
        f"goals: cold render ≤ 1.0 s: {'met' if worst_cold <= 1.0 else 'NOT met'} "
        f"(worst {worst_cold:.2f} s); download p95 ≤ 100 ms: "
        f"{'met' if worst_p95 <= 0.1 else 'NOT met'} (worst {worst_p95 * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
