"""Unit tests of migguard.django's pure helpers (no database, no Django settings).

Run by tests/django_before_migrate.rs with the field-test venv:
    PYTHONPATH=python .fieldtest/venv/bin/python -m unittest discover -s tests/python
"""

import os
import stat
import tempfile
import types
import unittest
from unittest import mock

from migguard import find_binary
from migguard.django.arguments import (
    CheckCommand,
    LiveApp,
    in_project,
    pg_major,
    setting_text,
    settings_named_in,
    settings_to_pass,
    supported_pg_version,
)


class CheckCommandTest(unittest.TestCase):
    def test_argv_passes_apps_settings_targets_and_options_in_order(self):
        command = CheckCommand(
            binary="/bin/migguard",
            project_dir="/srv/shop",
            apps=[
                LiveApp("auth", "/venv/site-packages/django/contrib/auth/migrations", False),
                LiveApp("payments", "/srv/shop/billing/migrations", True),
            ],
            settings={"DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField", "AUTH_USER_MODEL": "accounts.User"},
            targets=["payments.0002_invoice", "payments.0003_payment"],
            change=True,
            pg_version=15,
            fail_on="error",
            output_format="json",
            external=["/venv/site-packages"],
            extra=["--ignore", "rename-column"],
        )
        self.assertEqual(
            command.argv(),
            [
                "/bin/migguard", "check", "/srv/shop",
                "--app", "auth=/venv/site-packages/django/contrib/auth/migrations",
                "--app", "payments=/srv/shop/billing/migrations",
                "--setting", "AUTH_USER_MODEL=accounts.User",
                "--setting", "DEFAULT_AUTO_FIELD=django.db.models.BigAutoField",
                "--external", "/venv/site-packages",
                "-m", "payments.0002_invoice", "-m", "payments.0003_payment",
                "--change", "--pg-version", "15", "--fail-on", "error", "--format", "json",
                "--ignore", "rename-column",
            ],
        )

    def test_options_not_given_are_left_to_migguard_and_unpassable_settings_are_listed(self):
        command = CheckCommand(
            binary="migguard",
            project_dir="/p",
            apps=[],
            settings={"FLAG": True, "LIMIT": 3, "NAMES": ["a"], "TRICKY": "42"},
        )
        self.assertEqual(
            command.argv(),
            ["migguard", "check", "/p", "--setting", "FLAG=True", "--setting", "LIMIT=3"],
        )
        self.assertEqual(sorted(command.skipped_settings), ["NAMES", "TRICKY"])


class SettingsTest(unittest.TestCase):
    def test_setting_text_reads_back_as_the_same_value_or_is_refused(self):
        self.assertEqual(setting_text(None), ("None", None))
        self.assertEqual(setting_text(False), ("False", None))
        self.assertEqual(setting_text(7), ("7", None))
        self.assertEqual(setting_text("accounts.User"), ("accounts.User", None))
        self.assertEqual(setting_text("1_000"), ("1_000", None))  # migguard reads it as a string
        for value in ("True", "None", "12", "-3", ("a",)):
            text, why = setting_text(value)
            self.assertIsNone(text, value)
            self.assertTrue(why)

    def test_settings_named_in_a_migration(self):
        source = (
            "dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]\n"
            "to=settings.SHOP_PRODUCT_MODEL, size=getattr(settings, 'THUMB_SIZE', 64)\n"
            "x = settings.lower_case  # not a setting\n"
        )
        self.assertEqual(
            settings_named_in(source), {"AUTH_USER_MODEL", "SHOP_PRODUCT_MODEL", "THUMB_SIZE"}
        )

    def test_settings_to_pass_takes_the_named_swappable_and_always_passed_that_exist(self):
        live = types.SimpleNamespace(
            AUTH_USER_MODEL="accounts.User", THUMB_SIZE=64, OAUTH2_PROVIDER_APPLICATION_MODEL="oauth.App"
        )
        self.assertEqual(
            settings_to_pass(["THUMB_SIZE", "MISSING"], live, ["OAUTH2_PROVIDER_APPLICATION_MODEL"]),
            {
                "AUTH_USER_MODEL": "accounts.User",
                "OAUTH2_PROVIDER_APPLICATION_MODEL": "oauth.App",
                "THUMB_SIZE": 64,
            },
        )


class VersionAndPlaceTest(unittest.TestCase):
    def test_pg_major_and_supported_range(self):
        self.assertEqual(pg_major(150004), 15)
        self.assertEqual(pg_major(180000), 18)
        self.assertEqual(supported_pg_version(15), (15, None))
        version, note = supported_pg_version(11)
        self.assertEqual(version, 12)
        self.assertIn("PostgreSQL 11", note)
        version, note = supported_pg_version(19)
        self.assertEqual(version, 18)
        self.assertIn("PostgreSQL 19", note)

    def test_in_project_excludes_other_folders_and_a_virtualenv_inside_the_project(self):
        packages = ["/srv/shop/.venv/lib/python3.12/site-packages"]
        self.assertTrue(in_project("/srv/shop/orders/migrations", "/srv/shop", packages))
        self.assertFalse(in_project("/srv/shopping/orders/migrations", "/srv/shop", packages))
        self.assertFalse(
            in_project("/srv/shop/.venv/lib/python3.12/site-packages/taggit/migrations", "/srv/shop", packages)
        )


class ReadOnlyGuardTest(unittest.TestCase):
    def test_reads_pass_and_anything_else_is_refused_before_it_runs(self):
        from migguard.django.live import WriteRefused, _refuse_writes

        ran = []

        def execute(sql, params, many, context):
            ran.append(sql)

        _refuse_writes(execute, "  SELECT 1", None, False, {})
        _refuse_writes(execute, "show server_version", None, False, {})
        for sql in ('CREATE TABLE "django_migrations" (id serial)', "INSERT INTO t VALUES (1)", "SET x = 1"):
            with self.assertRaises(WriteRefused):
                _refuse_writes(execute, sql, None, False, {})
        self.assertEqual(ran, ["  SELECT 1", "show server_version"])


class FindBinaryTest(unittest.TestCase):
    def test_migguard_bin_wins_and_must_be_executable(self):
        with tempfile.TemporaryDirectory() as folder:
            binary = os.path.join(folder, "migguard")
            with open(binary, "w") as file:
                file.write("#!/bin/sh\n")
            with mock.patch.dict(os.environ, {"MIGGUARD_BIN": binary}):
                with self.assertRaises(FileNotFoundError):
                    find_binary()
                os.chmod(binary, stat.S_IRWXU)
                self.assertEqual(find_binary(), binary)


if __name__ == "__main__":
    unittest.main()
