"""The `hazards` step of django_reference.py: deploy-hazard evidence from real Django + PostgreSQL.

For every case of corpus/hazards (one app per case, `CASE.toml` beside it), on a
fresh database per run: migrate the app up to just before its `change`
migration, run the seed SQL, then `migrate APP CHANGE` while recording every
statement with the relation locks the backend holds right after it, whether
migrate failed, which pre-existing tables were rewritten (relfilenode), and
whether the OLD code (the historical models before the change) can still
SELECT, INSERT and UPDATE. From that it derives the evidence categories
(rewrite, runtime-failure, breaks-old-code, blocks-reads, blocks-writes) and
writes corpus/hazards/expected/evidence/<case>.json.

`--verify-fixes MIGGUARD_BIN` checks the staged fixes `migguard check` proposes
(see scripts/README.md).

The orchestrator half (cmd_*) uses only the standard library; the worker half
(worker_*) runs inside the venv through django_reference.py's `_worker`.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import django_reference as ref

HAZARDS_DIR = ref.CORPUS_DIR / "hazards"
EVIDENCE_DIR = HAZARDS_DIR / "expected" / "evidence"
SETTINGS_MODULE = "hazards.settings"
# Lock modes that conflict with ROW EXCLUSIVE (what INSERT/UPDATE/DELETE take).
WRITE_BLOCKING = {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
READ_BLOCKING = {"AccessExclusiveLock"}
# Categories a recorded run can show (the others are about code, not the database).
EVIDENCE_CATEGORIES = ("blocks-reads", "blocks-writes", "breaks-old-code", "rewrite", "runtime-failure")


# ---------------------------------------------------------------------------
# orchestrator side (stdlib only)
# ---------------------------------------------------------------------------


def load_cases() -> list[dict]:
    """Every case of corpus/hazards: its CASE.toml plus its name (= app label)."""
    cases = []
    for path in sorted(HAZARDS_DIR.glob("*/CASE.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        for key in ("description", "change", "seed"):
            if key not in data:
                raise ref.Failure(f"{path}: missing key {key!r}")
        runs = [{"name": "seed", "seed": data["seed"]}]
        runs += [{"name": v["name"], "seed": v["seed"]} for v in data.get("variant", [])]
        cases.append({"case": path.parent.name, "change": data["change"],
                      "description": data["description"], "runs": runs})
    if not cases:
        raise ref.Failure(f"no case (*/CASE.toml) under {HAZARDS_DIR}")
    return cases


def require_database() -> str:
    url = ref.database_url()
    if url is None:
        raise ref.Failure(f"{ref.DB_URL_ENV} is not set: hazard evidence must come from PostgreSQL "
                          "(start one with `bash scripts/pg-throwaway.sh start DIR`)")
    return url


def worker_config(mode: str, project_dir: Path, url: str, **extra) -> dict:
    return dict(mode=mode, project_dir=str(project_dir), settings_module=SETTINGS_MODULE,
                database_url=url, **extra)


def render_json(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def cmd_hazards(args) -> None:
    ref.require_venv()
    url = require_database()
    if args.verify_fixes:
        verify_fixes(Path(args.verify_fixes), url)
        return
    cases = load_cases()
    result = ref.run_worker(worker_config("hazards-evidence", HAZARDS_DIR, url, cases=cases),
                            cwd=HAZARDS_DIR)
    fresh = {f"{name}.json": render_json(ev) for name, ev in result["evidence"].items()}
    before = {p.name: p.read_text() for p in EVIDENCE_DIR.glob("*.json")} if EVIDENCE_DIR.is_dir() else {}
    label = "corpus/hazards/expected/evidence"
    added = sorted(set(fresh) - set(before))
    removed = sorted(set(before) - set(fresh))
    changed = sorted(n for n in set(fresh) & set(before) if fresh[n] != before[n])
    for kind, names in (("added", added), ("changed", changed), ("removed", removed)):
        for n in names:
            ref.say(f"  {kind}: {label}/{n}")
    for name, ev in sorted(result["evidence"].items()):
        ref.say(f"  {name}: {', '.join(ev['categories']) or '(no category)'}")
    if args.check:
        if added or changed or removed:
            raise ref.Failure(f"{label} is stale ({len(added)} added, {len(changed)} changed, "
                              f"{len(removed)} removed): run `python3 scripts/django_reference.py "
                              "hazards` (with a throwaway PostgreSQL) and commit")
        ref.say(f"{label}: up to date ({len(fresh)} files)")
        return
    EVIDENCE_DIR.mkdir(parents=True, exist_ok=True)
    for name in removed:
        (EVIDENCE_DIR / name).unlink()
    for name, text in fresh.items():
        (EVIDENCE_DIR / name).write_text(text)
    ref.say(f"{label}: {len(fresh)} files: {len(added)} added, {len(changed)} changed, "
            f"{len(removed)} removed")


# --- fix verification -------------------------------------------------------


# Cases whose change migguard cannot analyse on purpose (a project-specific operation class).
UNREADABLE_BY_DESIGN = ("not_analysed",)


def migguard_check(binary: Path, project: Path) -> dict:
    """`MIGGUARD_BIN check PROJECT --format json`; exit 0/1 are answers, and 2 only when every
    error it reports is in a case that is unreadable by design (`not_analysed`)."""
    # From the repository root, with the path relative to it when it is inside (as CI runs it).
    shown = project.relative_to(ref.REPO) if project.is_relative_to(ref.REPO) else project
    proc = subprocess.run([str(binary.resolve()), "check", str(shown), "--format", "json"],
                          capture_output=True, text=True, cwd=ref.REPO)
    if proc.returncode not in (0, 1, 2):
        raise ref.Failure(f"`{binary} check {project}` exited {proc.returncode}:\n{proc.stderr}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise ref.Failure(f"`{binary} check {project} --format json` printed no JSON ({e})")
    if proc.returncode == 2:
        unexpected = [d for d in report.get("diagnostics", []) if d.get("severity") == "error"
                      and not any(f"/{case}/" in (d.get("path") or "") for case in UNREADABLE_BY_DESIGN)]
        if unexpected:
            raise ref.Failure(f"`{binary} check {project}` could not analyse: {unexpected}")
    if report.get("schema_version") != 1:
        raise ref.Failure(f"unsupported check JSON schema_version {report.get('schema_version')!r}")
    return report


def finding_label(finding: dict) -> str:
    return f"{finding.get('app')}.{finding.get('migration')} {finding.get('rule')} (line {finding.get('line')})"


def apply_fix(project: Path, fix: dict) -> None:
    """Delete the replaced migration and write every file of every release, in order."""
    def inside(path_text: str) -> Path:
        rel = Path(path_text)
        if rel.is_absolute():
            if not rel.is_relative_to(HAZARDS_DIR):
                raise ref.Failure(f"fix path {path_text!r} is outside {HAZARDS_DIR}")
            rel = rel.relative_to(HAZARDS_DIR)
        if ".." in rel.parts:
            raise ref.Failure(f"fix path {path_text!r} leaves the project")
        parts = rel.parts
        # Paths are given as migguard printed them (e.g. corpus/hazards/APP/...).
        prefix = HAZARDS_DIR.relative_to(ref.REPO).parts
        if parts[:len(prefix)] == prefix:
            parts = parts[len(prefix):]
        return project.joinpath(*parts)

    replaced = inside(fix["replaces"])
    if not replaced.is_file():
        raise ref.Failure(f"the fix replaces {fix['replaces']}, which does not exist")
    replaced.unlink()
    for release in fix["releases"]:
        for f in release["files"]:
            target = inside(f["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f["contents"])


def verify_fixes(binary: Path, url: str) -> None:
    if not binary.is_file():
        raise ref.Failure(f"MIGGUARD_BIN {binary} does not exist")
    cases = {c["case"]: c for c in load_cases()}
    report = migguard_check(binary, HAZARDS_DIR)
    findings = [f for f in report.get("findings", []) if f.get("fix")]
    skipped = len(report.get("findings", [])) - len(findings)
    ref.say(f"--verify-fixes: {len(findings)} findings with a fix ({skipped} without)")
    if not findings:
        return
    apps = sorted({f["app"] for f in findings})
    unknown = [a for a in apps if a not in cases]
    if unknown:
        raise ref.Failure(f"findings with a fix in apps that are not hazard cases: {unknown}")
    originals = ref.run_worker(
        worker_config("hazards-schema", HAZARDS_DIR, url, cases=[cases[a] for a in apps]),
        cwd=HAZARDS_DIR,
    )["schemas"]
    failures = []
    for finding in findings:
        reasons = verify_one(binary, url, finding, cases[finding["app"]], originals[finding["app"]])
        status = "pass" if not reasons else "FAIL"
        ref.say(f"  {status}: {finding_label(finding)}: {finding['fix'].get('title', '')}")
        for r in reasons:
            ref.say(f"      {r}")
        if reasons:
            failures.append(finding_label(finding))
    if failures:
        raise ref.Failure(f"{len(failures)} of {len(findings)} fixes fail verification: {failures}")
    ref.say(f"--verify-fixes: all {len(findings)} fixes pass")


def verify_one(binary: Path, url: str, finding: dict, case: dict, original_schema: dict) -> list[str]:
    """Reasons the fix of one finding fails (empty: it passes)."""
    app = finding["app"]
    with tempfile.TemporaryDirectory(prefix=f"migguard-fix-{app}-") as tmp:
        project = Path(tmp) / "hazards"
        shutil.copytree(HAZARDS_DIR, project, ignore=shutil.ignore_patterns("expected", "__pycache__"))
        try:
            apply_fix(project, finding["fix"])
        except (KeyError, TypeError, ref.Failure) as e:
            return [f"cannot apply the fix: {e}"]
        reasons = []
        again = migguard_check(binary, project)
        # Hazards of the same operation the fix says it does not address may remain.
        leaves = set(finding["fix"].get("leaves") or [])
        left = [f for f in again.get("findings", [])
                if f.get("app") == app and f.get("severity") in ("warning", "error")
                and f.get("rule") not in leaves]
        reasons += [f"the fixed project still has {f['severity']} {finding_label(f)}: {f.get('message')}"
                    for f in left]
        run = ref.run_worker(worker_config("hazards-verify", project, url, case=case), cwd=project)
        reasons += run["problems"]
        expected, actual = original_schema, run["schema"]
        if expected is None:
            return reasons  # the original fails on its own: nothing to compare with
        actual = with_kept_names(actual, finding)
        if finding["rule"] in DEFAULTS_KEPT_BY_DESIGN:
            expected, actual = without_column_defaults(expected), without_column_defaults(actual)
        if actual != expected:
            reasons.append("final schema differs from the original migration's: "
                           + schema_diff(expected, actual))
        return reasons


# Fixes whose point is a database default the original drops (db_default): the final schemas
# are compared without column defaults.
DEFAULTS_KEPT_BY_DESIGN = {"adding-not-null-column"}


def with_kept_names(schema: dict, finding: dict) -> dict:
    """A rename fix keeps the database name by design (the field or model is renamed in the
    state only): the fixed schema is compared after giving the kept column or table the name
    the original migration's RENAME statement gives it."""
    statement = finding.get("statement") or ""
    column = re.search(r'RENAME COLUMN "([^"]+)" TO "([^"]+)"', statement)
    table = re.search(r'ALTER TABLE "([^"]+)" RENAME TO "([^"]+)"', statement)
    if finding["rule"] == "rename-column" and column:
        old, new = column.groups()
        return {
            name: {**parts, "columns": sorted(([new] + row[1:] if row[0] == old else row
                                               for row in parts.get("columns", [])), key=json.dumps)}
            for name, parts in schema.items()
        }
    if finding["rule"] == "rename-table" and table:
        old, new = table.groups()
        # Index definitions name their table too (`... ON public.<table> USING ...`).
        return {(new if name == old else name): json.loads(json.dumps(parts).replace(old, new))
                for name, parts in schema.items()}
    return schema


def without_column_defaults(schema: dict) -> dict:
    """The schema with every column's default blanked (column rows: name, type, not null,
    default, generated)."""
    return {
        table: {**parts, "columns": [row[:3] + [None] + row[4:] for row in parts.get("columns", [])]}
        for table, parts in schema.items()
    }


def schema_diff(expected: dict, actual: dict) -> str:
    parts = []
    for table in sorted(set(expected) | set(actual)):
        e, a = expected.get(table), actual.get(table)
        if e == a:
            continue
        if e is None or a is None:
            parts.append(f"table {table} only in {'the fix' if e is None else 'the original'}")
            continue
        for key in sorted(set(e) | set(a)):
            only_e = sorted(set(map(json.dumps, e.get(key, []))) - set(map(json.dumps, a.get(key, []))))
            only_a = sorted(set(map(json.dumps, a.get(key, []))) - set(map(json.dumps, e.get(key, []))))
            if only_e or only_a:
                parts.append(f"{table} {key}: original only {only_e}, fix only {only_a}")
    return "; ".join(parts) or "(ordering only)"


# ---------------------------------------------------------------------------
# worker side (inside the venv)
# ---------------------------------------------------------------------------


def worker_run(config: dict) -> dict:
    mode = config["mode"]
    if mode == "hazards-evidence":
        return {"evidence": {c["case"]: case_evidence(config, c) for c in config["cases"]}}
    if mode == "hazards-schema":
        return {"schemas": {c["case"]: original_schema(config, c) for c in config["cases"]}}
    if mode == "hazards-verify":
        return verify_run(config, config["case"])
    raise ref.Failure(f"unknown hazards worker mode {mode}")


class FreshDatabase:
    """A fresh database on the server for one run; the default connection points at it."""

    counter = 0

    def __init__(self, config: dict):
        FreshDatabase.counter += 1
        self.url = config["database_url"]
        self.name = f"migguard_ref_hazard_{os.getpid()}_{FreshDatabase.counter}"

    def __enter__(self):
        from django.db import connection, connections

        connections.close_all()
        ref.create_database(self.url, self.name)
        self.previous = connection.settings_dict["NAME"]
        connection.settings_dict["NAME"] = self.name
        connection.ensure_connection()
        return self

    def __exit__(self, *exc):
        from django.db import connection

        ref.drop_database(self.url, self.name)
        connection.settings_dict["NAME"] = self.previous
        return False


def previous_migration(app: str, change: str) -> str:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    if (app, change) not in loader.graph.nodes:
        raise ref.Failure(f"case {app}: no migration {change}")
    parents = sorted(p.key for p in loader.graph.node_map[(app, change)].parents if p.key[0] == app)
    if len(parents) != 1:
        raise ref.Failure(f"case {app}: {change} must have exactly one parent in its app, has {parents}")
    return parents[0][1]


def old_models(app: str, previous: str) -> list:
    """The historical models of the app in the state just before the change (incl. M2M through)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state((app, previous))
    models = state.apps.get_app_config(app).get_models(include_auto_created=True)
    return sorted(models, key=lambda m: m._meta.label)


def seed(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def relations(tables: list[str]) -> dict[int, dict]:
    """oid -> {name, relfilenode} of the given tables (those that exist)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT oid, relname, relfilenode FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname = ANY(%s)",
            [tables],
        )
        return {oid: {"name": name, "relfilenode": node} for oid, name, node in cursor.fetchall()}


def relfilenodes(oids) -> dict[int, tuple[str, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT oid, relname, relfilenode FROM pg_class WHERE oid = ANY(%s)", [list(oids)])
        return {oid: (name, node) for oid, name, node in cursor.fetchall()}


LOCKS_SQL = """
SELECT l.relation::bigint, l.mode, c.relname, c.relkind, coalesce(i.indrelid, 0)::bigint
FROM pg_locks l
LEFT JOIN pg_class c ON c.oid = l.relation
LEFT JOIN pg_index i ON i.indexrelid = l.relation
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND (c.oid IS NULL OR c.relnamespace = 'public'::regnamespace)
"""
RELKINDS = {"r": "table", "i": "index", "S": "sequence", "v": "view", "m": "materialized view",
            "p": "partitioned table", "I": "partitioned index"}
INTROSPECTION_MARKERS = ("pg_catalog", "pg_class", "pg_constraint", "pg_attribute", "pg_index",
                         "information_schema", "pg_attrdef", "pg_type", "pg_namespace")


class StatementRecorder:
    """connection.execute_wrapper that records each statement and the relation locks held after it."""

    def __init__(self, pre: dict[int, dict]):
        self.pre = pre  # oid -> {"name", ...} of the case's tables before the change
        self.statements: list[dict] = []
        self.schema_sql: list[str] = []  # what the schema editor logged, to tell its statements apart

    def __call__(self, execute, sql, params, many, context):
        entry = {"sql": sql}
        if params:
            entry["params"] = [repr(p) for p in params] if not many else "(executemany)"
        from_schema_editor = bool(self.schema_sql) and self.schema_sql[-1] == sql
        if from_schema_editor:
            self.schema_sql.pop()
            entry["source"] = "schema-editor"
        elif any(m in sql for m in INTROSPECTION_MARKERS):
            entry["source"] = "introspection"
        else:
            entry["source"] = "other"
        self.statements.append(entry)
        try:
            result = execute(sql, params, many, context)
        except Exception as e:
            entry["error"] = ref.exception_summary(e)
            raise
        if entry["source"] != "introspection":
            entry["locks"] = self.locks(context["connection"])
        return result

    def locks(self, connection) -> list[dict]:
        with connection.connection.cursor() as raw:  # a raw psycopg cursor: not wrapped, same session
            raw.execute(LOCKS_SQL)
            rows = raw.fetchall()
        out = []
        for oid, mode, relname, relkind, table_oid in rows:
            if relname is None and oid not in self.pre:
                continue  # a relation created and dropped inside this transaction
            owner = table_oid if relkind == "i" else oid
            name = relname if relname is not None else self.pre[oid]["name"]
            lock = {"relation": name, "kind": RELKINDS.get(relkind, "dropped table" if relname is None else relkind),
                    "mode": mode, "pre_existing_table": self.pre.get(owner, {}).get("name")}
            out.append(lock)
        return sorted(out, key=lambda d: (d["relation"], d["mode"]))


class SchemaLog:
    """Notes the SQL the schema editor logs just before it executes it."""

    def __init__(self, recorder: StatementRecorder):
        import logging

        class Handler(logging.Handler):
            def emit(self, record):
                sql = getattr(record, "sql", None)
                if sql is not None:
                    recorder.schema_sql.append(sql)

        self.handler = Handler(level=logging.DEBUG)
        self.logger = logging.getLogger("django.db.backends.schema")

    def __enter__(self):
        import logging

        self.level, self.propagate = self.logger.level, self.logger.propagate
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)
        self.logger.propagate = self.propagate
        return False


def migrate_recorded(app: str, target: str, pre: dict[int, dict]) -> tuple[list[dict], str | None]:
    """`migrate APP TARGET` with every statement recorded; returns (statements, error or None)."""
    from django.db import connection

    recorder = StatementRecorder(pre)
    error = None
    with SchemaLog(recorder), connection.execute_wrapper(recorder):
        try:
            ref.call("migrate", app, target, "--no-input", "--verbosity", "0")
        except Exception as e:  # recorded: this is what Django + PostgreSQL did
            error = ref.exception_summary(e)
    connection.close()  # a failed transaction must not poison what follows
    return recorder.statements, error


def field_value(field, counter: list[int]):
    """A value old code could write into this field (None where it allows NULL)."""
    import datetime as dt
    import decimal
    import uuid

    if field.null:
        return None
    if field.is_relation:
        # Alternate first/last existing row, so a through model's pair is not a seeded one.
        counter[1] += 1
        order = "pk" if counter[1] % 2 else "-pk"
        return field.related_model._default_manager.order_by(order).first()
    counter[0] += 1
    n = counter[0]
    kind = field.get_internal_type()
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        return f"old{n}"[: field.max_length or 20]
    if kind.endswith("IntegerField"):
        return n
    if kind == "DecimalField":
        return decimal.Decimal(n)
    if kind == "FloatField":
        return float(n)
    if kind == "BooleanField":
        return True
    if kind == "DateTimeField":
        return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    if kind == "DateField":
        return dt.date(2000, 1, 1)
    if kind == "UUIDField":
        return uuid.UUID(int=1000 + n)
    if kind == "JSONField":
        return {}
    raise ref.Failure(f"no old-code value for {field.model._meta.label}.{field.name} ({kind})")


def old_code_checks(models) -> list[dict]:
    """What the old code (historical models) can still do: SELECT all rows, INSERT one, UPDATE one.

    Each action runs in a transaction that is rolled back.
    """
    from django.db import transaction

    counter = [0, 0]  # values handed out, relation fields seen
    results = []
    for model in models:
        entry = {"model": model._meta.label, "table": model._meta.db_table}
        actions = {
            "select": lambda: list(model._default_manager.all()),
            "insert": lambda: model._default_manager.create(**{
                f.attname if f.is_relation else f.name: (v.pk if f.is_relation and v is not None else v)
                for f in model._meta.concrete_fields
                if not f.primary_key and not f.generated
                for v in [field_value(f, counter)]
            }),
            "update": lambda: update_first(model),
        }
        for action, run in actions.items():
            try:
                with transaction.atomic():
                    outcome = run()
                    transaction.set_rollback(True)
                entry[action] = "skipped: no row" if outcome == "no row" else "ok"
            except ref.Failure:
                raise
            except Exception as e:
                entry[action] = ref.exception_summary(e)
        results.append(entry)
    return results


def update_first(model):
    row = model._default_manager.order_by("pk").first()
    if row is None:
        return "no row"
    row.save()
    return "ok"


def old_code_broken(results: list[dict]) -> bool:
    return any(r[a] not in ("ok", "skipped: no row") for r in results for a in ("select", "insert", "update"))


def derive_categories(statements, error, tables, old_code) -> list[str]:
    cats = set()
    if error is not None:
        cats.add("runtime-failure")
    if any(t["rewritten"] for t in tables):
        cats.add("rewrite")
    if old_code_broken(old_code):
        cats.add("breaks-old-code")
    for st in statements:
        for lock in st.get("locks", []):
            if lock["pre_existing_table"] is None or lock["kind"] == "index":
                continue
            if lock["mode"] in READ_BLOCKING:
                cats.add("blocks-reads")
            if lock["mode"] in WRITE_BLOCKING:
                cats.add("blocks-writes")
    return sorted(cats)


def record_run(app: str, change: str, run: dict) -> dict:
    """One run of a case on a fresh database (the connection already points at it)."""
    previous = previous_migration(app, change)
    ref.call("migrate", app, previous, "--no-input", "--verbosity", "0")
    seed(run["seed"])
    models = old_models(app, previous)
    baseline = old_code_checks(models)
    if old_code_broken(baseline):
        raise ref.Failure(f"case {app} ({run['name']}): the old code fails before the change: {baseline}")
    pre = relations([m._meta.db_table for m in models])
    statements, error = migrate_recorded(app, change, pre)
    after = relfilenodes(pre)
    tables = [
        {"table": info["name"], "now": after[oid][0] if oid in after else None,
         "rewritten": oid in after and after[oid][1] != info["relfilenode"]}
        for oid, info in sorted(pre.items(), key=lambda kv: kv[1]["name"])
    ]
    old_code = old_code_checks(models)
    return {
        "name": run["name"], "seed": run["seed"], "previous": previous,
        "migrate": {"ok": error is None, "error": error},
        "statements": statements, "tables": tables, "old_code": old_code,
        "categories": derive_categories(statements, error, tables, old_code),
    }


def case_evidence(config: dict, case: dict) -> dict:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    app, change = case["case"], case["change"]
    ref.say(f"hazards: {app}")
    runs = []
    for run in case["runs"]:
        with FreshDatabase(config):
            runs.append(record_run(app, change, run))
    migration = MigrationLoader(connection, ignore_no_migrations=True).disk_migrations[(app, change)]
    return {
        "case": app, "change": change, "description": case["description"],
        "atomic": bool(migration.atomic),
        "operations": ref.operation_kinds(migration),
        "runs": runs,
        "categories": sorted({c for r in runs for c in r["categories"]}),
        "notes": {
            "locks": "relation locks this backend holds right after each statement; in an "
                     "atomic = False migration every statement commits, so none are held after it",
            "old_code": "historical models of the state before the change, each action rolled back",
        },
    }


# --- fix verification (worker) ----------------------------------------------


SCHEMA_SQL = {
    "columns": """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attgenerated
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped""",
    "indexes": """
        SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ', 'CREATE \\1INDEX ')
        FROM pg_index i WHERE i.indrelid = %s::regclass""",
    "constraints": """
        SELECT contype, pg_get_constraintdef(oid), convalidated
        FROM pg_constraint WHERE conrelid = %s::regclass""",
}


def schema_of(tables: list[str]) -> dict:
    """Columns, indexes and constraints of the tables, by definition (generated names dropped)."""
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            out[table] = {}
            for key, sql in SCHEMA_SQL.items():
                cursor.execute(sql, [f'"{table}"'])
                out[table][key] = sorted([list(row) for row in cursor.fetchall()], key=json.dumps)
    return out


def final_tables(app: str) -> list[str]:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state([(app, name) for name in leaf_migrations(app)])
    return [m._meta.db_table for m in state.apps.get_app_config(app).get_models(include_auto_created=True)]


def leaf_migrations(app: str) -> list[str]:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    return sorted(name for key_app, name in graph.leaf_nodes() if key_app == app)


def original_schema(config: dict, case: dict) -> dict | None:
    """The schema the app's migrations leave on a fresh database (no seed); `None` when the
    original migration itself fails (its fix is then checked without a schema to compare)."""
    from django.db import DatabaseError, NotSupportedError

    with FreshDatabase(config):
        try:
            ref.call("migrate", case["case"], "--no-input", "--verbosity", "0")
        except (DatabaseError, NotSupportedError):
            return None
        return schema_of(final_tables(case["case"]))


BUILD_OR_VALIDATE = (
    ("CREATE INDEX", "CONCURRENTLY"),
    ("CREATE UNIQUE INDEX", "CONCURRENTLY"),
    ("ADD CONSTRAINT", "NOT VALID"),
)


def slow_under_write_lock(statement: dict) -> bool:
    """An index build or constraint validation while a seeded table is locked against writes."""
    sql = " ".join(statement["sql"].upper().split())
    builds = any(verb in sql and exempt not in sql for verb, exempt in BUILD_OR_VALIDATE)
    if "USING INDEX" in sql:
        builds = False  # ADD CONSTRAINT ... USING INDEX adopts a built index: catalog-only
    locked = any(lock["pre_existing_table"] and lock["mode"] in WRITE_BLOCKING
                 for lock in statement.get("locks", []))
    return builds and locked


def verify_run(config: dict, case: dict) -> dict:
    """Apply the fixed app on seeded rows; report problems and the final schema."""
    app, change = case["case"], case["change"]
    problems = []
    with FreshDatabase(config):
        previous = previous_migration(app, change)
        ref.call("migrate", app, previous, "--no-input", "--verbosity", "0")
        seed(case["runs"][0]["seed"])
        models = old_models(app, previous)
        pre = relations([m._meta.db_table for m in models])
        leaves = leaf_migrations(app)
        if len(leaves) != 1:
            problems.append(f"the fixed app has {len(leaves)} leaf migrations: {leaves}")
            return {"problems": problems, "schema": {}}
        statements, error = migrate_recorded(app, leaves[0], pre)
        if error:
            problems.append(f"migrate failed on the seeded rows: {error}")
        after = relfilenodes(pre)
        for oid, info in pre.items():
            if oid in after and after[oid][1] != info["relfilenode"]:
                problems.append(f"table {info['name']} was rewritten")
        for st in statements:
            if slow_under_write_lock(st):
                problems.append(f"index build or validation under a write-blocking lock: {st['sql']}")
        schema = schema_of(final_tables(app))
    return {"problems": problems, "schema": schema}
