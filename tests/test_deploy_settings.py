"""The production recipe in README.md passes ``check --deploy`` without a warning, and HTTPS is
on by default wherever the site answers to a public name.

Each test starts a fresh Python with only the environment it names, since the settings are read
once, from the environment, at start-up."""

import json
import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
]


def readme_recipe(tmp_path):
    """The variables of the ``export`` line in README.md's production recipe, its ``...``
    placeholders filled in: a random 50-character key and an SQLite database (the checks do not
    connect to it)."""
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it in production", 1)[1].split("\n## ", 1)[0]
    exports = [line for line in section.splitlines() if line.startswith("export ")]
    assert len(exports) == 1, "the production recipe has one export line"
    recipe = dict(item.split("=", 1) for item in shlex.split(exports[0])[1:])
    assert recipe["SECRET_KEY"] == "..."
    recipe["SECRET_KEY"] = secrets.token_urlsafe(50)
    assert recipe["DATABASE_URL"].startswith("postgres://")
    recipe["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    return recipe


def run(args, variables):
    """Run ``python args`` in the project folder with ``variables`` as the only settings."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **variables}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(variables):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {HTTPS_SETTINGS!r}}}))"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "spcp.settings", **variables})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_deploy(variables):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], variables)


def assert_no_issues(result):
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output, output
    assert "System check identified no issues" in output, output


def test_readme_production_recipe_passes_check_deploy(tmp_path):
    recipe = readme_recipe(tmp_path)
    assert recipe["DEBUG"] == "0"
    assert recipe["ALLOWED_HOSTS"] == "spcp.example.gov"
    assert len(recipe["SECRET_KEY"]) >= 50

    assert_no_issues(check_deploy(recipe))
    assert settings_under(recipe) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_https_is_on_for_a_public_host_without_any_proxy_or_tls_setting(tmp_path):
    recipe = readme_recipe(tmp_path)
    del recipe["SECURE_PROXY_SSL_HEADER"]

    assert settings_under(recipe) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    assert_no_issues(check_deploy(recipe))


def test_https_is_on_with_debug_on_too(tmp_path):
    recipe = readme_recipe(tmp_path)
    recipe["DEBUG"] = "1"

    settings = settings_under(recipe)
    assert settings["SECURE_SSL_REDIRECT"] and settings["SESSION_COOKIE_SECURE"]


def test_tls_terminated_elsewhere_turns_off_only_the_redirect(tmp_path):
    recipe = readme_recipe(tmp_path)
    del recipe["SECURE_PROXY_SSL_HEADER"]
    recipe["TLS_TERMINATED_ELSEWHERE"] = "1"

    settings = settings_under(recipe)
    assert settings == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    # The deployment said a proxy redirects, so the warning about the redirect is silenced.
    assert_no_issues(check_deploy(recipe))


def test_local_runs_stay_on_plain_http():
    """``make run`` (no variables: DEBUG off, 127.0.0.1 and localhost) and the tests."""
    assert settings_under({}) == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }
