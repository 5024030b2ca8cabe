#!/usr/bin/env python3
"""Generate migguard's reference data by running real Django against a real PostgreSQL.

migguard reads Django migration files statically. What it must agree with is
what Django itself does, so every expected result used by the Rust tests is
produced here, by real Django 5.2 (in a venv) against a real PostgreSQL, and
never typed by hand.

Steps (run from anywhere; paths are relative to the repository):

  venv       Create/update the venv ($MIGGUARD_FIELDTEST_DIR/venv) from
             scripts/fieldtest-requirements.txt (exact pins).
  fieldtest  Find every app with a migrations package in Django's contrib and
             in the field-test packages, build a settings module with all of
             them, and record into $MIGGUARD_FIELDTEST_DIR: apps.json, plan.txt,
             sqlmigrate/<app>/<migration>.sql|.error, executed/<app>/<migration>.sql,
             manifest.json.
  fieldtest-wide
             The widened field test (scripts/fieldtest-wide/) into
             $MIGGUARD_FIELDTEST_WIDE_DIR: venv/, project/, plan.txt, sqlmigrate/,
             manifest.json (no executed/: pass A only).
  corpus     For every corpus/<project>/manage.py, record the same (minus
             apps.json) into corpus/<project>/expected/ (committed files).
  project    For any project DIR (a manage.py there): plan.txt, sqlmigrate/ and
             manifest.json into OUT (no executed/: pass A only). Used by
             tests/scale_parity.rs on scripts/scale_project.py's output.

Environment:
  MIGGUARD_TEST_DATABASE_URL  postgresql://user@host:port/db of a throwaway server
                              (scripts/pg-throwaway.sh). Fresh databases are
                              created on it and dropped afterwards.
  MIGGUARD_FIELDTEST_DIR      default <repo>/.fieldtest
  MIGGUARD_FIELDTEST_WIDE_DIR default <repo>/.fieldtest-wide

Only the standard library is needed to run this file; the `_worker` command
runs inside the venv, where Django and psycopg are installed.
See scripts/README.md for file formats.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO = SCRIPTS_DIR.parent
REQUIREMENTS = SCRIPTS_DIR / "fieldtest-requirements.txt"
# The widened field test (issue 9): its pinned packages and its project.
WIDE_DIR = SCRIPTS_DIR / "fieldtest-wide"
WIDE_REQUIREMENTS = WIDE_DIR / "requirements.txt"
CORPUS_DIR = REPO / "corpus"
DB_URL_ENV = "MIGGUARD_TEST_DATABASE_URL"
FIELDTEST_ENV = "MIGGUARD_FIELDTEST_DIR"
FIELDTEST_WIDE_ENV = "MIGGUARD_FIELDTEST_WIDE_DIR"
EXPECTED_DJANGO_SERIES = "5.2"
# Distributions whose apps make up the field test (besides django.contrib).
FIELDTEST_DISTRIBUTIONS = [
    "django",
    "django-taggit",
    "django-allauth",
    "djangorestframework",
    "django-celery-beat",
    "django-celery-results",
    "django-oauth-toolkit",
]
# Marker lines in executed/*.sql (see scripts/README.md).
EXEC_HEADER = "-- migguard:executed"
EXEC_STATEMENT = "-- migguard:statement"
EXEC_NOTE = "-- migguard:note"


class Failure(Exception):
    """An unexpected problem: reported on stderr, exit status 1."""


def say(msg: str) -> None:
    print(f"django_reference: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Paths and environment (orchestrator side: stdlib only)
# ---------------------------------------------------------------------------


def fieldtest_dir() -> Path:
    d = os.environ.get(FIELDTEST_ENV)
    return Path(d).resolve() if d else REPO / ".fieldtest"


def fieldtest_wide_dir() -> Path:
    d = os.environ.get(FIELDTEST_WIDE_ENV)
    return Path(d).resolve() if d else REPO / ".fieldtest-wide"


def venv_dir() -> Path:
    return fieldtest_dir() / "venv"


def venv_python() -> Path:
    return venv_dir() / "bin" / "python"


def database_url() -> str | None:
    url = os.environ.get(DB_URL_ENV, "").strip()
    if not url:
        return None
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise Failure(f"{DB_URL_ENV}={url!r}: only postgresql:// URLs are supported")
    return url


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    say("$ " + " ".join(str(c) for c in cmd))
    proc = subprocess.run([str(c) for c in cmd], **kw)
    if proc.returncode != 0:
        raise Failure(f"command failed with exit status {proc.returncode}: {' '.join(map(str, cmd))}")
    return proc


# ---------------------------------------------------------------------------
# venv step
# ---------------------------------------------------------------------------


def requirements_stamp(requirements: Path) -> str:
    h = hashlib.sha256()
    h.update(requirements.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def cmd_venv(args: argparse.Namespace) -> None:
    ensure_venv(venv_dir(), REQUIREMENTS, force=args.force)


def ensure_venv(vdir: Path, requirements: Path, force: bool = False) -> Path:
    """Creates/updates the venv VDIR from REQUIREMENTS (exact pins); returns its python."""
    if not requirements.is_file():
        raise Failure(f"missing {requirements}")
    python = vdir / "bin" / "python"
    stamp_file = vdir / ".migguard-requirements.sha256"
    stamp = requirements_stamp(requirements)
    if force and vdir.exists():
        say(f"--force: removing {vdir}")
        shutil.rmtree(vdir)
    if not python.exists():
        vdir.parent.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "venv", str(vdir)])
    if stamp_file.exists() and stamp_file.read_text().strip() == stamp and not force:
        say(f"venv {vdir} is up to date with {requirements.name}")
    else:
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input"]
        run(pip + ["install", "--quiet", "-r", str(requirements)])
        run(pip + ["check"], stdout=subprocess.DEVNULL)
        stamp_file.write_text(stamp + "\n")
        say(f"venv {vdir} installed from {requirements.name}")
    out = subprocess.run(
        [str(python), "-c", "import django, psycopg; print(django.get_version())"],
        capture_output=True, text=True,
    )
    if out.returncode != 0:
        raise Failure(f"venv is broken (cannot import django/psycopg):\n{out.stderr}")
    version = out.stdout.strip()
    if not version.startswith(EXPECTED_DJANGO_SERIES + "."):
        raise Failure(f"venv has Django {version}, expected {EXPECTED_DJANGO_SERIES}.x")
    say(f"venv ready: Django {version}, python {python}")
    return python


def require_venv() -> Path:
    py = venv_python()
    if not py.exists():
        raise Failure(f"no venv at {venv_dir()}: run `python3 {Path(__file__).name} venv` first")
    return py


def run_worker(config: dict, cwd: Path, python: Path | None = None) -> dict:
    """Run the `_worker` command inside the venv (PYTHON's, default the field test's); returns its JSON result."""
    py = python or require_venv()
    with tempfile.TemporaryDirectory(prefix="migguard-ref-") as tmp:
        cfg_path = Path(tmp) / "config.json"
        res_path = Path(tmp) / "result.json"
        config = dict(config, result_path=str(res_path))
        cfg_path.write_text(json.dumps(config, indent=2))
        env = dict(os.environ)
        # Set iteration order inside Django (e.g. unique_together diffs) must
        # not vary between runs.
        env["PYTHONHASHSEED"] = "0"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env["TZ"] = "UTC"
        env["LC_ALL"] = "C.UTF-8"
        cmd = [str(py), str(Path(__file__).resolve()), "_worker", str(cfg_path)]
        say(f"running Django worker ({config['mode']}) in {cwd}")
        proc = subprocess.run(cmd, cwd=str(cwd), env=env)
        if proc.returncode != 0:
            raise Failure(f"Django worker ({config['mode']}) failed with exit status {proc.returncode}")
        return json.loads(res_path.read_text())


# ---------------------------------------------------------------------------
# fieldtest step
# ---------------------------------------------------------------------------

FIELDTEST_SETTINGS = '''\
"""Settings for migguard's field test. GENERATED by scripts/django_reference.py: do not edit.

Every app with a migrations package found in Django's contrib and in the
field-test packages (scripts/fieldtest-requirements.txt) is installed, so that
`manage.py showmigrations --plan`, `sqlmigrate` and `migrate` see all of them.
The database is {db_url_env} (a throwaway PostgreSQL), else SQLite.
"""
import os
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "migguard-fieldtest-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ROOT_URLCONF = "fieldtest_urls"
SITE_ID = 1
STATIC_URL = "static/"

# The migration-less apps the migrated ones need to pass `manage.py check`,
# then the other apps that ship migrations (discovered). Written as literal
# lists so that migguard reads INSTALLED_APPS statically, like a user's.
SUPPORT_APPS = {support_apps}
MIGRATED_APPS = {migrated_apps}
INSTALLED_APPS = SUPPORT_APPS + MIGRATED_APPS

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        }},
    }}
]
CELERY_RESULT_BACKEND = "django-db"
TAGGIT_CASE_INSENSITIVE = False
IDP_OIDC_PRIVATE_KEY = ""


def _database_from_url(url):
    u = urllib.parse.urlsplit(url)
    return {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": urllib.parse.unquote(u.path.lstrip("/")) or "postgres",
        "USER": urllib.parse.unquote(u.username or ""),
        "PASSWORD": urllib.parse.unquote(u.password or ""),
        "HOST": u.hostname or "",
        "PORT": str(u.port or ""),
    }}


_url = os.environ.get("{db_url_env}", "").strip()
DATABASES = {{
    "default": _database_from_url(_url)
    if _url
    else {{"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "fieldtest.sqlite3")}}
}}
'''

FIELDTEST_MANAGE = '''\
#!/usr/bin/env python
"""GENERATED by scripts/django_reference.py: manage.py of migguard's field-test project."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldtest_settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
'''

# Migration-less apps the migrated ones need for `manage.py check` to pass.
FIELDTEST_SUPPORT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
]


def write_fieldtest_project(project: Path, migrated_apps: list[str]) -> None:
    project.mkdir(parents=True, exist_ok=True)
    settings = FIELDTEST_SETTINGS.format(
        migrated_apps=pformat_list([a for a in migrated_apps if a not in FIELDTEST_SUPPORT_APPS]),
        support_apps=pformat_list(FIELDTEST_SUPPORT_APPS),
        db_url_env=DB_URL_ENV,
    )
    (project / "fieldtest_settings.py").write_text(settings)
    (project / "fieldtest_urls.py").write_text(
        "# GENERATED by scripts/django_reference.py\nurlpatterns = []\n"
    )
    (project / "manage.py").write_text(FIELDTEST_MANAGE)


def pformat_list(items: list[str]) -> str:
    return "[\n" + "".join(f"    {item!r},\n" for item in items) + "]"


def cmd_fieldtest(args: argparse.Namespace) -> None:
    out = fieldtest_dir()
    require_venv()
    url = database_url()
    project = out / "project"
    # 1. Discover the apps (inside the venv: needs importlib.metadata of the
    #    installed distributions).
    discovered = run_worker({"mode": "discover", "distributions": FIELDTEST_DISTRIBUTIONS}, cwd=out)
    modules = discovered["modules"]
    for module, why in sorted(discovered["skipped"].items()):
        say(f"skipping {module}: {why}")
    if not modules:
        raise Failure("no app with migrations found in the venv")
    write_fieldtest_project(project, modules)
    say(f"wrote {project}/fieldtest_settings.py with {len(modules)} migrated apps")

    staging = Path(tempfile.mkdtemp(prefix="fieldtest-", dir=out))
    try:
        result = generate(
            project_dir=project,
            settings_module="fieldtest_settings",
            url=url,
            staging=staging,
            write_apps_json=True,
            extra_manifest={"distributions": discovered["distributions"],
                            "skipped_modules": discovered["skipped"]},
        )
        replace_generated(staging, out, ("apps.json",) + GENERATED_NAMES)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summarize(out, result)


def replace_generated(staging: Path, out: Path, names: tuple[str, ...]) -> None:
    """Moves the files NAMES of a finished recording from STAGING to OUT, replacing old ones."""
    for name in names:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if (staging / name).exists():
            shutil.move(str(staging / name), str(target))


# ---------------------------------------------------------------------------
# fieldtest-wide step
# ---------------------------------------------------------------------------


def cmd_fieldtest_wide(args: argparse.Namespace) -> None:
    """The widened field test into $MIGGUARD_FIELDTEST_WIDE_DIR: venv/ (from
    scripts/fieldtest-wide/requirements.txt), project/ (a copy of scripts/fieldtest-wide/project)
    and its reference beside them: plan.txt, sqlmigrate/, manifest.json (pass A only)."""
    out = fieldtest_wide_dir()
    url = database_url()
    if url is None:
        raise Failure(f"{DB_URL_ENV} is not set: sqlmigrate must run against PostgreSQL")
    python = ensure_venv(out / "venv", WIDE_REQUIREMENTS, force=args.force)
    project = out / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(WIDE_DIR / "project", project)
    staging = Path(tempfile.mkdtemp(prefix="fieldtest-wide-", dir=out))
    try:
        result = generate(project_dir=project, settings_module=settings_of(project), url=url,
                          staging=staging, write_apps_json=False, extra_manifest={},
                          executed=False, python=python)
        replace_generated(staging, out, GENERATED_NAMES)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summarize(out, result)


# ---------------------------------------------------------------------------
# corpus step
# ---------------------------------------------------------------------------

SETTINGS_RE = re.compile(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""")


def corpus_projects(selected: list[str]) -> list[Path]:
    if not CORPUS_DIR.is_dir():
        return []
    projects = sorted(p.parent for p in CORPUS_DIR.glob("*/manage.py"))
    if selected:
        names = {p.name for p in projects}
        missing = [s for s in selected if s not in names]
        if missing:
            raise Failure(f"no corpus project(s) {missing}; have {sorted(names)}")
        projects = [p for p in projects if p.name in selected]
    return projects


GENERATED_NAMES = ("plan.txt", "manifest.json", "sqlmigrate", "executed")


def cmd_corpus(args: argparse.Namespace) -> None:
    require_venv()
    url = database_url()
    if url is None:
        raise Failure(
            f"{DB_URL_ENV} is not set: corpus expectations must come from PostgreSQL "
            "(start one with `bash scripts/pg-throwaway.sh start DIR`)"
        )
    projects = corpus_projects(args.projects)
    if not projects:
        say(f"no Django project (corpus/*/manage.py) under {CORPUS_DIR}: nothing to regenerate")
        return
    stale = []
    for project in projects:
        settings_module = settings_of(project)
        expected = project / "expected"
        label = f"corpus/{project.name}/expected"
        fieldtest_dir().mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"corpus-{project.name}-", dir=fieldtest_dir()))
        try:
            say(f"corpus/{project.name}: settings {settings_module}")
            result = generate(
                project_dir=project,
                settings_module=settings_module,
                url=url,
                staging=staging,
                write_apps_json=False,
                extra_manifest={},
            )
            before = snapshot(expected)
            if args.check:
                fresh = snapshot(staging)
                if not before:
                    say(f"WARNING: {label} has no reference data yet ({len(fresh)} files would be "
                        "generated): run `python3 scripts/django_reference.py corpus` and commit them")
                elif fresh != before:
                    stale.append(label)
                    say(f"--check: {label} is stale; regenerating would do:")
                    report_changes(label, before, fresh)
                else:
                    say(f"{label}: up to date ({len(fresh)} files)")
                continue
            expected.mkdir(exist_ok=True)
            replace_generated(staging, expected, GENERATED_NAMES)
            after = snapshot(expected)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report_changes(label, before, after)
        summarize(expected, result)
    if stale:
        raise Failure(
            f"committed reference data differs from what Django generates: {', '.join(stale)}; "
            "run `python3 scripts/django_reference.py corpus` (with a throwaway PostgreSQL) and commit"
        )


def settings_of(project: Path) -> str:
    """The settings module a project's manage.py sets."""
    m = SETTINGS_RE.search((project / "manage.py").read_text())
    if not m:
        raise Failure(f"{project}/manage.py does not set DJANGO_SETTINGS_MODULE")
    return m.group(1)


def cmd_project(args: argparse.Namespace) -> None:
    require_venv()
    url = database_url()
    if url is None:
        raise Failure(f"{DB_URL_ENV} is not set: sqlmigrate must run against PostgreSQL")
    project = Path(args.project).resolve()
    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    result = generate(project_dir=project, settings_module=settings_of(project), url=url,
                      staging=out, write_apps_json=False, extra_manifest={}, executed=False)
    summarize(out, result)


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every generated file under root (other files in expected/ are not ours)."""
    out = {}
    for name in GENERATED_NAMES:
        p = root / name
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file():
                out[str(f.relative_to(root))] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def report_changes(label: str, before: dict, after: dict) -> None:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(after) & set(before) if after[k] != before[k])
    same = len(after) - len(added) - len(changed)
    say(f"{label}: regenerated {len(after)} files: {len(added)} added, "
        f"{len(changed)} changed, {len(removed)} removed, {same} unchanged")
    for kind, names in (("added", added), ("changed", changed), ("removed", removed)):
        limit = 15 if kind == "added" and before else (10 if kind == "added" else None)
        for n in names[:limit]:
            say(f"  {kind}: {label}/{n}")
        if limit is not None and len(names) > limit:
            say(f"  ... and {len(names) - limit} more {kind}")


# ---------------------------------------------------------------------------
# shared: plan + sqlmigrate + executed for one project
# ---------------------------------------------------------------------------


def generate(*, project_dir: Path, settings_module: str, url: str | None, staging: Path,
             write_apps_json: bool, extra_manifest: dict, executed: bool = True,
             python: Path | None = None) -> dict:
    base = {"settings_module": settings_module, "project_dir": str(project_dir), "out": str(staging)}
    # Pass A: fresh database -> plan.txt, then step through the plan running
    # sqlmigrate before applying each migration.
    plan_result = run_worker(
        dict(base, mode="plan-sqlmigrate", database_url=url, write_apps_json=write_apps_json),
        cwd=project_dir, python=python,
    )
    exec_result = None
    failing = [m["id"] for m in plan_result["migrations"] if "migrate_error" in m]
    if url is None:
        say(f"WARNING: {DB_URL_ENV} not set: recorded plan.txt from SQLite only; "
            "no sqlmigrate/ or executed/ (they must come from PostgreSQL)")
    elif executed:
        # Pass B: another fresh database, one real `migrate`, capturing the
        # schema editor's statements per migration.
        exec_result = run_worker(dict(base, mode="executed", database_url=url, failing=failing),
                                 cwd=project_dir, python=python)
        plan_names = [m["id"] for m in plan_result["migrations"]]
        exec_names = exec_result["applied_order"]
        if sorted(plan_names) != sorted(exec_names):
            raise Failure(
                "`migrate` applied a different set of migrations than the plan: "
                f"only in plan {sorted(set(plan_names) - set(exec_names))}, "
                f"only in migrate {sorted(set(exec_names) - set(plan_names))}"
            )
    manifest = {
        "generator": "scripts/django_reference.py",
        "django_version": plan_result["django_version"],
        "database": plan_result["database"],
        "settings_module": settings_module,
        **extra_manifest,
        "apps": [
            {"label": a["label"], "module": a["module"], "migrations_module": a["migrations_module"]}
            for a in plan_result["apps"]
        ],
        "migrate_order": exec_result["applied_order"] if exec_result else None,
        "migrations": [],
    }
    exec_by_id = {m["id"]: m for m in exec_result["migrations"]} if exec_result else {}
    for m in plan_result["migrations"]:
        entry = dict(m)
        if m["id"] in exec_by_id:
            entry["executed_statements"] = exec_by_id[m["id"]]["statements"]
        manifest["migrations"].append(entry)
    # On disk but not in the plan: migrations replaced by a squash that is used.
    manifest["not_in_plan"] = plan_result["not_in_plan"]
    if exec_result:
        manifest["outside_migrations_statements"] = exec_result["outside_statements"]
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    return manifest


def summarize(out: Path, manifest: dict) -> None:
    migs = manifest["migrations"]
    errors = [m for m in migs if m.get("sqlmigrate") == "error"]
    sqls = [m for m in migs if m.get("sqlmigrate") == "sql"]
    executed = [m for m in migs if "executed_statements" in m]
    say(f"{out}: {len(manifest['apps'])} apps, {len(migs)} migrations in plan, "
        f"{len(sqls)} sqlmigrate .sql, {len(errors)} sqlmigrate .error, "
        f"{len(executed)} executed .sql ({sum(m['executed_statements'] for m in executed)} statements)")
    for m in errors:
        say(f"  sqlmigrate error: {m['id']}: {m['error_summary']}")


# ---------------------------------------------------------------------------
# worker side: runs inside the venv with Django importable
# ---------------------------------------------------------------------------


def worker_main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    mode = config["mode"]
    if mode == "discover":
        result = worker_discover(config)
    else:
        result = worker_project(config)
    Path(config["result_path"]).write_text(json.dumps(result))


def worker_discover(config: dict) -> dict:
    """Find packages in the given distributions that ship a migrations package."""
    import importlib.metadata as md

    modules = set()
    skipped = {}
    distributions = {}
    migration_class = re.compile(r"^class Migration\(", re.M)
    for dist_name in config["distributions"]:
        try:
            dist = md.distribution(dist_name)
        except md.PackageNotFoundError:
            raise Failure(f"distribution {dist_name} is not installed in the venv")
        distributions[dist.metadata["Name"]] = dist.version
        for f in dist.files or []:
            parts = f.parts
            if len(parts) < 3 or parts[-2] != "migrations" or parts[-1] != "__init__.py":
                continue
            pkg_parts = parts[:-2]
            if any(not p.isidentifier() for p in pkg_parts):
                continue
            if dist_name == "django" and pkg_parts[:2] != ("django", "contrib"):
                continue  # django.db.migrations is the framework, not an app
            mig_dir = Path(dist.locate_file(f)).parent
            module = ".".join(pkg_parts)
            # Some wheels ship an example *project* (manage.py + settings);
            # its apps are importable only with the project dir on sys.path
            # (e.g. django-taggit's sample_taggit.library_management, whose
            # AppConfig.name is "library_management"). Not an app of the package.
            project_root = next(
                (mig_dir.parents[i] for i in range(1, len(pkg_parts))
                 if (mig_dir.parents[i] / "manage.py").exists()),
                None,
            )
            if project_root is not None:
                skipped[module] = f"inside the example project {project_root.name}/ (has manage.py), not an installable app"
                continue
            # A real migrations package defines at least one Migration class.
            has_migration = any(
                migration_class.search(p.read_text(encoding="utf-8", errors="replace"))
                for p in mig_dir.glob("*.py")
                if p.name != "__init__.py"
            )
            if has_migration:
                modules.add(module)
    return {"modules": sorted(modules), "distributions": distributions, "skipped": skipped}


FROZEN_NOW = "2000-01-01T00:00:00+00:00"


def install_determinism_shims() -> None:
    """Make the values Django computes at migration time reproducible.

    Adding a NOT NULL column makes the schema editor compute the field's
    "effective default" and write it into the DDL as a literal (e.g.
    DEFAULT '...'::timestamptz for auto_now_add or default=timezone.now, a
    fresh UUID for default=uuid.uuid4, a random string for token generators).
    Those literals would change on every run, so in this throwaway worker
    process the clock is frozen at FROZEN_NOW and uuid4/random/secrets are
    seeded. Must run before Django and any migration module are imported.
    Nothing else about the SQL is touched.
    """
    import datetime as dt
    import random
    import secrets
    import uuid

    frozen = dt.datetime.fromisoformat(FROZEN_NOW)

    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            value = frozen.astimezone(tz) if tz is not None else frozen.replace(tzinfo=None)
            return cls(*value.timetuple()[:6], value.microsecond, value.tzinfo)

        @classmethod
        def utcnow(cls):
            return cls.now().replace(tzinfo=None)

        @classmethod
        def today(cls):
            return cls.now()

    import django.utils.timezone as dj_timezone

    dj_timezone.now = lambda: frozen
    import django.db.backends.base.schema as base_schema

    base_schema.datetime = FrozenDatetime

    rng = random.Random(0)
    random.seed(0)
    counter = iter(range(1, 1 << 62))
    uuid.uuid4 = lambda: uuid.UUID(int=next(counter), version=4)
    # SystemRandom (used by secrets, oauthlib, ...) draws from os.urandom: seed it.
    random.SystemRandom.random = lambda self: rng.random()
    random.SystemRandom.getrandbits = lambda self, k: rng.getrandbits(k)
    random.SystemRandom.randbytes = lambda self, n: rng.randbytes(n)
    secrets.token_bytes = lambda nbytes=None: rng.randbytes(32 if nbytes is None else nbytes)


def worker_setup(config: dict) -> tuple[str, str]:
    """Create a fresh database, configure Django for it, django.setup()."""
    install_determinism_shims()
    project_dir = Path(config["project_dir"])
    sys.path.insert(0, str(project_dir))
    url = config.get("database_url")
    db_name = None
    if url:
        db_name = f"migguard_ref_{config['mode'].replace('-', '_')}_{os.getpid()}"
        create_database(url, db_name)
        u = urllib.parse.urlsplit(url)
        os.environ[DB_URL_ENV] = urllib.parse.urlunsplit(u._replace(path="/" + db_name))
    os.environ["DJANGO_SETTINGS_MODULE"] = config["settings_module"]
    import django
    from django.db import connection

    django.setup()
    if not django.get_version().startswith(EXPECTED_DJANGO_SERIES + "."):
        raise Failure(f"Django {django.get_version()} in the venv, expected {EXPECTED_DJANGO_SERIES}.x")
    if url:
        if connection.vendor != "postgresql" or connection.settings_dict["NAME"] != db_name:
            raise Failure(
                f"settings {config['settings_module']} do not use {DB_URL_ENV} for the default "
                f"database (vendor {connection.vendor}, NAME {connection.settings_dict['NAME']!r})"
            )
        connection.ensure_connection()
        database = f"postgresql {connection.pg_version // 10000}"
    else:
        if connection.vendor == "sqlite" and connection.settings_dict["NAME"] not in (":memory:", ""):
            db_file = Path(connection.settings_dict["NAME"])
            if db_file.exists():
                db_file.unlink()  # fresh database
        database = connection.vendor
    return db_name, database


def admin_dsn(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(u._replace(path="/postgres"))


def create_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')


def drop_database(url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker_project(config: dict) -> dict:
    db_name, database = worker_setup(config)
    import django

    try:
        if config["mode"] == "plan-sqlmigrate":
            result = worker_plan_sqlmigrate(config)
        elif config["mode"] == "executed":
            result = worker_executed(config)
        elif config["mode"].startswith("hazards-"):
            import reference_hazards

            result = reference_hazards.worker_run(config)
        else:
            raise Failure(f"unknown worker mode {config['mode']}")
    finally:
        if db_name:
            drop_database(config["database_url"], db_name)
    result["django_version"] = django.get_version()
    result["database"] = database
    return result


def migrated_app_configs():
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    out = []
    for app_config in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app_config.label)
        if module_name is None:
            continue
        try:
            module = __import__(module_name, fromlist=["__name__"])
        except ImportError:
            continue
        if getattr(module, "__file__", None) is None:
            continue
        out.append((app_config, module_name, Path(module.__file__).parent))
    return out


def call(command: str, *argv: str) -> str:
    """`manage.py COMMAND ARGV...` in-process; returns exactly what it writes to stdout.

    Arguments are passed as command-line strings (not keyword options) so that
    they are parsed exactly as manage.py would parse them. call_command skips
    the system checks; run_checks() runs them once up front instead.
    """
    import io

    from django.core.management import call_command

    buf = io.StringIO()
    call_command(command, *argv, stdout=buf, stderr=io.StringIO())
    return buf.getvalue()


def run_checks() -> None:
    """Run `manage.py check`: the commands we imitate run it too (and abort on errors)."""
    import io

    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    err = io.StringIO()
    try:
        call_command("check", stdout=io.StringIO(), stderr=err)
    except SystemCheckError as e:
        raise Failure(f"`manage.py check` fails for these settings:\n{e}")
    if err.getvalue().strip():
        say("manage.py check warnings:\n" + err.getvalue().rstrip())


def operation_kinds(migration) -> list[str]:
    return [type(op).__name__ for op in migration.operations]


def record_sqlmigrate(out: Path, app: str, name: str) -> dict:
    """Writes `sqlmigrate APP NAME` to sqlmigrate/APP/NAME.sql (or .error); returns the manifest fields."""
    from django.db import connection

    d = out / "sqlmigrate" / app
    d.mkdir(parents=True, exist_ok=True)
    try:
        sql = call("sqlmigrate", app, name)
    except Exception as e:  # recorded: this is what Django says
        text = f"{type(e).__name__}: {e}\n"
        (d / f"{name}.error").write_text(text)
        connection.close()  # a failed introspection must not poison the next steps
        return {"sqlmigrate": "error", "error_summary": text.strip().splitlines()[0][:200]}
    (d / f"{name}.sql").write_text(sql)
    return {"sqlmigrate": "sql"}


def worker_plan_sqlmigrate(config: dict) -> dict:
    import reference_plan
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    out = Path(config["out"])
    run_checks()
    apps_info = [
        {"label": ac.label, "module": ac.name, "migrations_module": mod, "migrations_dir": str(d)}
        for ac, mod, d in migrated_app_configs()
    ]
    if config.get("write_apps_json"):
        (out / "apps.json").write_text(json.dumps(apps_info, indent=2) + "\n")

    # plan.txt: exactly `manage.py showmigrations --plan` on the fresh database.
    plan_text = call("showmigrations", "--plan")
    (out / "plan.txt").write_text(plan_text)

    # The plan as `migrate` computes it (all leaf nodes, forwards).
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    shown = [line.split()[-1] for line in plan_text.splitlines() if line.startswith("[")]
    plan_ids = [f"{m.app_label}.{m.name}" for m, _ in plan]
    if sorted(shown) != sorted(plan_ids):
        raise Failure(
            "showmigrations --plan and the executor's plan list different migrations: "
            f"only in showmigrations {sorted(set(shown) - set(plan_ids))}, "
            f"only in executor plan {sorted(set(plan_ids) - set(shown))}"
        )
    replaced = sorted(
        f"{app}.{name}"
        for key, mig in executor.loader.disk_migrations.items()
        for app, name in [key]
        if f"{app}.{name}" not in set(plan_ids)
    )

    if connection.vendor != "postgresql":
        return {"apps": apps_info, "migrations": [
            {"id": i, "app": i.split(".", 1)[0], "name": i.split(".", 1)[1]} for i in shown
        ], "not_in_plan": replaced}

    recorder = MigrationRecorder(connection)
    migrations = []
    # Step through the plan in showmigrations order (a valid topological
    # order): sqlmigrate sees the schema as it is just before the migration.
    # One loader for every sqlmigrate, one executor and a progressive state for
    # migrating (scripts/reference_plan.py): linear, where a fresh command per
    # migration is quadratic.
    stepper = reference_plan.PlanStepper(executor, call)
    with reference_plan.shared_sqlmigrate_loader():
        for ident in shown:
            entry = step_plan_migration(out, executor, recorder, stepper, ident)
            migrations.append(entry)
    return {"apps": apps_info, "migrations": migrations, "not_in_plan": replaced}


def step_plan_migration(out: Path, executor, recorder, stepper, ident: str) -> dict:
    """sqlmigrate of one plan migration (and of the ones it replaces), then migrate it."""
    from django.db import connection

    app, name = ident.split(".", 1)
    migration = executor.loader.graph.nodes[(app, name)]
    entry = {
        "id": ident,
        "app": app,
        "name": name,
        "atomic": bool(migration.atomic),
        "operations": operation_kinds(migration),
    }
    entry.update(record_sqlmigrate(out, app, name))
    # sqlmigrate of each migration a squash replaces (Django loads the graph without
    # replacements for it), on the database as it is just before the squash.
    replaced = [
        dict(id=f"{r_app}.{r_name}", **record_sqlmigrate(out, r_app, r_name))
        for r_app, r_name in (migration.replaces or [])
    ]
    if replaced:
        entry["replaced_sqlmigrate"] = replaced
    before = set(recorder.applied_migrations())
    try:
        stepper.migrate(app, name)
    except Exception as e:  # recorded too: a migration that fails at runtime (corpus/hazards)
        entry["migrate_error"] = exception_summary(e)[:200]
        say(f"`migrate {app} {name}` failed (recorded): {entry['migrate_error']}")
        connection.close()
        return entry
    after = set(recorder.applied_migrations())
    # A squashed migration is recorded together with the ones it replaces.
    expected_new = {(app, name)} | {tuple(r) for r in (migration.replaces or [])}
    if after - before != expected_new:
        raise Failure(
            f"`migrate {app} {name}` applied {sorted(after - before)}, expected {sorted(expected_new)}"
        )
    return entry


def worker_executed(config: dict) -> dict:
    import logging

    from django.db.migrations.executor import MigrationExecutor

    out = Path(config["out"])
    run_checks()
    captured: list[dict] = []  # {"migration": id|None, "sql": str, "params": ...}
    current: list[str | None] = [None]

    class Capture(logging.Handler):
        def emit(self, record):
            captured.append({
                "migration": current[0],
                "sql": getattr(record, "sql", None),
                "params": getattr(record, "params", None),
            })

    logger = logging.getLogger("django.db.backends.schema")
    logger.addHandler(Capture(level=logging.DEBUG))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False

    applied_order: list[str] = []
    migration_objs: dict[str, object] = {}
    original_apply = MigrationExecutor.apply_migration

    def apply_migration(self, state, migration, fake=False, fake_initial=False):
        ident = f"{migration.app_label}.{migration.name}"
        applied_order.append(ident)
        migration_objs[ident] = migration
        current[0] = ident
        try:
            return original_apply(self, state, migration, fake=fake, fake_initial=fake_initial)
        finally:
            current[0] = None

    MigrationExecutor.apply_migration = apply_migration  # marker only; behaviour unchanged
    errors: dict[str, str] = {}
    try:
        if not config.get("failing"):
            call("migrate", "--no-input", "--verbosity", "0")
        else:
            migrate_around_failures(config["failing"], errors)
    finally:
        MigrationExecutor.apply_migration = original_apply

    by_migration: dict[str, list[dict]] = {i: [] for i in applied_order}
    outside = []
    for c in captured:
        (by_migration[c["migration"]] if c["migration"] else outside).append(c)
    results = []
    for ident in applied_order:
        app, name = ident.split(".", 1)
        migration = migration_objs[ident]
        d = out / "executed" / app
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{name}.sql").write_text(
            render_executed(ident, migration, by_migration[ident], errors.get(ident)))
        results.append({"id": ident, "statements": len(by_migration[ident])})
    (out / "executed").mkdir(exist_ok=True)
    (out / "executed" / "_outside_migrations.sql").write_text(
        render_executed("(outside any migration)", None, outside)
    )
    return {"applied_order": applied_order, "migrations": results, "outside_statements": len(outside)}


def render_params(params) -> str:
    # On PostgreSQL the schema editor composes parameters into the SQL text
    # client-side and logs params=None, so this is normally empty.
    if not params:
        return ""
    return " params=" + repr(list(params))


def exception_summary(e: Exception) -> str:
    """`Type: first line of the message`: deterministic (PostgreSQL's DETAIL lines dropped)."""
    lines = str(e).strip().splitlines()
    return f"{type(e).__name__}: {lines[0] if lines else ''}"


def migrate_around_failures(failing: list[str], errors: dict[str, str]) -> None:
    """`migrate` everything, when pass A found migrations that fail at runtime (leaves only).

    Every app is migrated to its leaf, an app whose leaf fails to the migration before it; then
    each failing migration is attempted on its own and its error kept for executed/.
    """
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection).graph
    leaves = graph.leaf_nodes()
    failing_keys = {tuple(ident.split(".", 1)) for ident in failing}
    for key in failing_keys:
        if key not in leaves:
            raise Failure(f"{'.'.join(key)} fails at runtime and other migrations depend on it")
    for app, name in leaves:
        if (app, name) in failing_keys:
            parents = [p for p in graph.node_map[(app, name)].parents if p.key[0] == app]
            target = parents[0].key[1] if parents else "zero"
        else:
            target = name
        call("migrate", app, target, "--no-input", "--verbosity", "0")
    for app, name in sorted(failing_keys):
        try:
            call("migrate", app, name, "--no-input", "--verbosity", "0")
        except Exception as e:
            errors[f"{app}.{name}"] = exception_summary(e)
            connection.close()
        else:
            raise Failure(f"{app}.{name} failed in pass A but applied in pass B")


def render_executed(ident: str, migration, statements: list[dict], error: str | None = None) -> str:
    lines = []
    header = f"{EXEC_HEADER} {ident}"
    if migration is not None:
        header += f" atomic={'true' if migration.atomic else 'false'}"
    lines.append(header)
    if error is not None:
        lines.append(f"{EXEC_NOTE} migrate failed (its transaction, if atomic, was rolled back): {error}")
    if migration is not None:
        for i, op in enumerate(migration.operations, 1):
            kind = type(op).__name__
            if kind == "RunPython":
                lines.append(
                    f"{EXEC_NOTE} operation {i} is RunPython: its Python code ran; only SQL it sent "
                    "through the schema editor is captured, not its ORM queries"
                )
    for i, st in enumerate(statements, 1):
        lines.append(f"{EXEC_STATEMENT} {i}{render_params(st['params'])}")
        sql = st["sql"]
        ending = "" if sql.rstrip().endswith(";") else ";"
        lines.append(sql + ending)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "_worker":
        try:
            worker_main(argv[1])
        except Failure as e:
            print(f"django_reference worker: error: {e}", file=sys.stderr)
            return 1
        return 0

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("venv", help="create/update the field-test venv")
    p.add_argument("--force", action="store_true", help="recreate the venv from scratch")
    p.set_defaults(func=cmd_venv)
    p = sub.add_parser("fieldtest", help="record reference data for the field-test packages")
    p.set_defaults(func=cmd_fieldtest)
    p = sub.add_parser("fieldtest-wide",
                       help="venv, project and reference of the widened field test (scripts/fieldtest-wide/)")
    p.add_argument("--force", action="store_true", help="recreate its venv from scratch")
    p.set_defaults(func=cmd_fieldtest_wide)
    p = sub.add_parser("corpus", help="regenerate corpus/<project>/expected/")
    p.add_argument("projects", nargs="*", help="only these corpus projects (default: all)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; fail if the committed expected/ files differ from a fresh run")
    p.set_defaults(func=cmd_corpus)
    p = sub.add_parser("project", help="record plan.txt + sqlmigrate/ of any project (pass A)")
    p.add_argument("project", help="the project directory (with manage.py)")
    p.add_argument("--out", required=True, help="output directory (replaced)")
    p.set_defaults(func=cmd_project)
    import reference_hazards

    p = sub.add_parser("hazards", help="record deploy-hazard evidence for corpus/hazards")
    p.add_argument("--check", action="store_true",
                   help="write nothing; fail if corpus/hazards/expected/evidence/ differs from a fresh run")
    p.add_argument("--verify-fixes", metavar="MIGGUARD_BIN",
                   help="verify every staged fix `MIGGUARD_BIN check corpus/hazards` proposes")
    p.set_defaults(func=reference_hazards.cmd_hazards)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except Failure as e:
        say(f"error: {e}")
        return 1
    return 0


if __name__ == "__main__":
    # reference_hazards imports this module by name: let it share this instance (one Failure class).
    sys.modules.setdefault("django_reference", sys.modules[__name__])
    sys.exit(main(sys.argv[1:]))
