#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds from the repository's corpus and the few handwritten
ones of fuzz/seeds/<target>/ (run by run.sh; fuzz/corpus/ is generated, never committed)."""

import pathlib
import re
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
REPO = FUZZ.parent
CORPUS = REPO / "corpus"
SEPARATOR = b"\n#~file~\n"


def seed_dir(target):
    path = FUZZ / "corpus" / target
    path.mkdir(parents=True, exist_ok=True)
    return path


def migration_files(app_migrations):
    return sorted(p for p in app_migrations.glob("*.py") if not p.name.startswith("_"))


def app_dirs():
    """Every migrations package of the corpus, grouped by project (the folder above the app)."""
    projects = {}
    for migrations in sorted(CORPUS.rglob("migrations")):
        if (migrations / "__init__.py").is_file():
            projects.setdefault(migrations.parent.parent, []).append(migrations)
    return projects


def project_seed(apps):
    """Up to two apps of one project as one input: their labels become `a` and `b`, their
    migrations `0001_m`, `0002_m`, ... and dependencies between them are renamed to match."""
    names = {}
    for new_label, migrations in zip("ab", apps):
        for index, path in enumerate(migration_files(migrations), start=1):
            names[(migrations.parent.name, path.stem)] = (new_label, f"{index:04}_m")

    def rename(match):
        key = (match.group(2), match.group(4))
        if key not in names:
            return match.group(0)
        label, name = names[key]
        return f"({match.group(1)}{label}{match.group(3)}{name}{match.group(5)})"

    pattern = re.compile(r"\((['\"])(\w+)(['\"],\s*['\"])(\w+)(['\"])\)")
    files = []
    for new_label, migrations in zip("ab", apps):
        for path in migration_files(migrations):
            text = path.read_bytes().decode("utf-8", "surrogateescape")
            text = pattern.sub(rename, text)
            prefix = "#app:b\n" if new_label == "b" else ""
            files.append((prefix + text).encode("utf-8", "surrogateescape"))
    return SEPARATOR.join(files)


def main():
    parse = seed_dir("parse_migration")
    for path in sorted(CORPUS.rglob("*.py")):
        if "migrations" in path.parts and not path.name.startswith("_"):
            relative = path.relative_to(CORPUS)
            shutil.copyfile(path, parse / "_".join(relative.parts))
    project = seed_dir("project_pipeline")
    for root, apps in app_dirs().items():
        for start in range(0, len(apps), 2):
            name = "_".join(root.relative_to(CORPUS).parts + (str(start),))
            (project / name).write_bytes(project_seed(apps[start : start + 2]))
    classify = seed_dir("classify_sql")
    for path in sorted(CORPUS.rglob("*.sql")):
        name = "_".join(path.relative_to(CORPUS).parts)
        (classify / name).write_bytes(b"\x04" + path.read_bytes())
    config = seed_dir("config_toml")
    for path in sorted(CORPUS.rglob("migguard.toml")) + sorted(CORPUS.rglob("pyproject.toml")):
        prefix = b"\x00" if path.name == "migguard.toml" else b"\x01"
        name = "_".join(path.relative_to(CORPUS).parts)
        (config / name).write_bytes(prefix + path.read_bytes())
    for target in ("parse_migration", "project_pipeline", "classify_sql", "config_toml"):
        for path in sorted((FUZZ / "seeds" / target).glob("*")):
            shutil.copyfile(path, seed_dir(target) / f"seed_{path.name}")
        print(f"{target}: {len(list(seed_dir(target).iterdir()))} seeds")


if __name__ == "__main__":
    main()
