//! Resolving custom field classes from source files written into a temporary directory.

use std::path::Path;

use super::*;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create package");
    }
    std::fs::write(path, text).expect("write module");
}

fn resolve(files: &[(&str, &str)], class: &str) -> Resolution {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    let classes = FieldClasses::new(vec![dir.path().to_path_buf()], []);
    (*classes.resolve(class)).clone()
}

fn resolved(files: &[(&str, &str)], class: &str) -> ResolvedClass {
    match resolve(files, class) {
        Resolution::Resolved(resolved) => resolved,
        Resolution::Unresolved(reason) | Resolution::Missing(reason) => {
            panic!("{class} unresolved: {reason}")
        }
    }
}

fn unresolved(files: &[(&str, &str)], class: &str) -> String {
    match resolve(files, class) {
        Resolution::Resolved(resolved) => panic!("{class} resolved: {resolved:?}"),
        Resolution::Unresolved(reason) | Resolution::Missing(reason) => reason,
    }
}

#[test]
fn a_subclass_overriding_only_model_methods_is_its_base() {
    let files = [(
        "shop/fields.py",
        "from django.db import models\n\nclass SecretField(models.CharField):\n    def pre_save(self, instance, add):\n        return hash(instance)\n",
    )];
    let class = resolved(&files, "shop.fields.SecretField");
    assert_eq!(class.behaves_as, FieldType::CharField);
    assert!(class.implied.is_empty());
    assert_eq!(class.value_preparation, None);
    assert!(class.origin.ends_with("fields.py:3"), "{}", class.origin);
}

#[test]
fn internal_type_and_init_defaults_are_read_and_custom_value_storage_is_named() {
    let files = [(
        "tz/fields.py",
        r#"from django.db import models

class ZoneField(models.Field):
    default_max_length = 63

    def __init__(self, *args, **kwargs):
        if len(args) > 3:
            raise ValueError("no")
        kwargs.setdefault("max_length", self.default_max_length)
        self.backend = kwargs.pop("backend", None)
        if "choices" in kwargs:
            kwargs["choices"] = sorted(kwargs["choices"])
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"

    def get_prep_value(self, value):
        return str(value)
"#,
    )];
    let class = resolved(&files, "tz.fields.ZoneField");
    assert_eq!(class.behaves_as, FieldType::CharField);
    assert_eq!(
        class.implied,
        vec![ImpliedArg {
            name: "max_length".into(),
            value: Value::Int(63),
            forced: false
        }]
    );
    let method = class.value_preparation.expect("get_prep_value is custom");
    assert!(
        method.starts_with("ZoneField.get_prep_value (") && method.ends_with("fields.py:18)"),
        "{method}"
    );
}

#[test]
fn value_methods_that_only_validate_before_super_keep_the_base_storage() {
    let files = [(
        "auth2/models.py",
        r#"from django.db import models

class ListField(models.JSONField):
    def get_db_prep_value(self, value, connection, prepared=False):
        """Validate first."""
        if value is not None:
            if not isinstance(value, list):
                raise ValueError("a list")
        return super().get_db_prep_value(value, connection, prepared)
"#,
    )];
    let class = resolved(&files, "auth2.models.ListField");
    assert_eq!(class.behaves_as, FieldType::JSONField);
    assert_eq!(class.value_preparation, None);
}

#[test]
fn a_re_export_from_a_package_is_followed_and_custom_bases_chain() {
    let files = [
        ("money/__init__.py", "from .fields import PriceField\n"),
        (
            "money/fields.py",
            r#"from django.db.models import DecimalField

class AmountField(DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

class PriceField(AmountField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        super().__init__(*args, db_index=True, **kwargs)
"#,
        ),
    ];
    let class = resolved(&files, "money.PriceField");
    assert_eq!(class.behaves_as, FieldType::DecimalField);
    let implied: Vec<(&str, &Value, bool)> = class
        .implied
        .iter()
        .map(|arg| (arg.name.as_str(), &arg.value, arg.forced))
        .collect();
    assert_eq!(
        implied,
        vec![
            ("max_digits", &Value::Int(14), false),
            ("db_index", &Value::Bool(true), true),
            ("decimal_places", &Value::Int(2), false),
        ]
    );
}

#[test]
fn star_imports_are_followed() {
    let files = [
        ("shop/__init__.py", ""),
        (
            "shop/fields/__init__.py",
            "from .text import *\nfrom shop.numbers import *\n",
        ),
        (
            "shop/fields/text.py",
            "from django.db import models\nclass SlugCodeField(models.SlugField):\n    pass\n",
        ),
        (
            "shop/numbers.py",
            "from django.db import models\nclass Cents(models.BigIntegerField):\n    pass\n",
        ),
    ];
    assert_eq!(
        resolved(&files, "shop.fields.SlugCodeField").behaves_as,
        FieldType::SlugField
    );
    assert_eq!(
        resolved(&files, "shop.fields.Cents").behaves_as,
        FieldType::BigIntegerField
    );
    assert!(unresolved(&files, "shop.fields.Nothing").contains("defines no class Nothing"));

    let circular = [
        ("a.py", "from b import *\n"),
        ("b.py", "from a import *\n"),
        ("c.py", "import d\nclass X(d.Y):\n    pass\n"),
        ("d.py", "import c\nclass Y(c.X):\n    pass\n"),
    ];
    assert!(unresolved(&circular, "a.Thing").contains("defines no class Thing"));
    assert!(unresolved(&circular, "c.X").contains("reached again"));
}

#[test]
fn schema_overrides_and_unfollowed_init_code_are_named_with_their_line() {
    let db_type = [(
        "geo/fields.py",
        "from django.db import models\n\nclass PointField(models.Field):\n    def db_type(self, connection):\n        return 'geometry(Point)'\n",
    )];
    let reason = unresolved(&db_type, "geo.fields.PointField");
    assert!(
        reason.contains("PointField.db_type (") && reason.contains("fields.py:4)"),
        "{reason}"
    );

    let conditional = [(
        "shop/fields.py",
        "from django.db import models\n\nclass CodeField(models.CharField):\n    def __init__(self, *args, wide=False, **kwargs):\n        if wide:\n            kwargs['max_length'] = 200\n        super().__init__(*args, **kwargs)\n",
    )];
    let reason = unresolved(&conditional, "shop.fields.CodeField");
    assert!(
        reason.contains("sets max_length under a condition") && reason.contains("fields.py:6"),
        "{reason}"
    );

    let mixin = [(
        "shop/fields.py",
        "from django.db import models\nfrom other import Mixin\n\nclass MixedField(Mixin, models.CharField):\n    pass\n",
    )];
    let reason = unresolved(&mixin, "shop.fields.MixedField");
    assert!(
        reason.contains("several classes (other.Mixin, django.db.models.CharField)"),
        "{reason}"
    );
}

#[test]
fn missing_modules_and_classes_say_what_was_looked_for() {
    let reason = unresolved(&[], "nowhere.fields.Thing");
    assert!(
        reason.contains("module nowhere.fields was not found"),
        "{reason}"
    );
    let files = [("shop/fields.py", "X = 1\n")];
    let reason = unresolved(&files, "shop.fields.Thing");
    assert!(reason.contains("defines no class Thing"), "{reason}");
    let files = [("shop/fields.py", "class Broken(:\n")];
    assert!(unresolved(&files, "shop.fields.Broken").contains("syntax error"));
}

#[test]
fn declarations_win_over_source_and_the_bundled_table_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "geo/fields.py",
        "from django.db import models\nclass PointField(models.Field):\n    def db_type(self, c):\n        return 'x'\n",
    );
    let declaration: FieldClassDeclaration =
        toml::from_str("behaves-as = \"TextField\"\nargs = { null = true }\n").expect("valid");
    let classes = FieldClasses::new(
        vec![dir.path().to_path_buf()],
        [("geo.fields.PointField".to_string(), declaration)],
    );
    let Resolution::Resolved(class) = &*classes.resolve("geo.fields.PointField") else {
        panic!("declared")
    };
    assert_eq!(class.behaves_as, FieldType::TextField);
    assert_eq!(class.implied[0].value, Value::Bool(true));

    assert_eq!(declared::parse_known(), Ok(3));
    let bad: FieldClassDeclaration = toml::from_str("behaves-as = \"Nope\"\n").expect("valid toml");
    assert!(matches!(bad.resolution(), Resolution::Unresolved(reason) if reason.contains("Nope")));
}

/// dj-stripe's `class StripeIdField(FieldDeconstructMixin, models.CharField)`: a mixin defined
/// beside the field class is read like a subclass's own methods.
#[test]
fn a_plain_mixin_beside_the_field_class_is_followed() {
    let files = [(
        "pay/fields.py",
        r#"from django.db import models

class DeconstructMixin:
    IGNORED = ["help_text"]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs

class TypeMixin:
    def db_type(self, connection):
        return "money"

class IdField(DeconstructMixin, models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

class MoneyField(TypeMixin, models.DecimalField):
    pass

class OtherField(models.CharField, DeconstructMixin):
    pass
"#,
    )];
    let id = resolved(&files, "pay.fields.IdField");
    assert_eq!(id.behaves_as, FieldType::CharField);
    assert_eq!(
        id.implied
            .iter()
            .map(|arg| arg.name.as_str())
            .collect::<Vec<_>>(),
        ["max_length"]
    );
    // A mixin that decides the column is reported, as a subclass's override would be.
    let money = unresolved(&files, "pay.fields.MoneyField");
    assert!(money.contains("TypeMixin.db_type"), "{money}");
    // A mixin after the field base (reached only where the field defines nothing) is not read.
    let other = unresolved(&files, "pay.fields.OtherField");
    assert!(other.contains("several classes"), "{other}");
}

/// django-oscar's `NullCharField`/`UppercaseCharField` and phonenumber-field's
/// `PhoneNumberField`: `contribute_to_class` runs Django's, then puts a descriptor on the model
/// class. The column is Django's; anything else the override does is reported.
#[test]
fn contribute_to_class_that_only_installs_a_descriptor_is_transparent() {
    let files = [(
        "shop/fields.py",
        r#"from django.db.models import CharField

class Creator:
    def __init__(self, field):
        self.field = field

class NullCharField(CharField):
    def __init__(self, *args, **kwargs):
        if not kwargs.get("null", True) or not kwargs.get("blank", True):
            raise ValueError("NullCharField implies null==blank==True")
        kwargs["null"] = kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, private_only=False, **kwargs):
        super().contribute_to_class(cls, name, private_only=private_only, **kwargs)
        setattr(cls, self.name, Creator(self))

class PhoneField(CharField):
    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, self.name, Creator(self))

class RenamingField(CharField):
    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, "other_" + name, **kwargs)

class ColumnField(CharField):
    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        self.column = "renamed"
"#,
    )];
    let null_char = resolved(&files, "shop.fields.NullCharField");
    assert_eq!(null_char.behaves_as, FieldType::CharField);
    let forced: Vec<(&str, bool)> = null_char
        .implied
        .iter()
        .map(|arg| (arg.name.as_str(), arg.forced))
        .collect();
    assert_eq!(forced, [("null", true), ("blank", true)]);
    assert_eq!(
        resolved(&files, "shop.fields.PhoneField").behaves_as,
        FieldType::CharField
    );
    for class in ["RenamingField", "ColumnField"] {
        let reason = unresolved(&files, &format!("shop.fields.{class}"));
        assert!(
            reason.contains(&format!("{class}.contribute_to_class (")),
            "{reason}"
        );
    }
}

/// django-oscar's `ExtendedURLField`: `kwargs["max_length"] = kwargs.get("max_length", 200)`
/// and the base's `__init__` called by name.
#[test]
fn kwargs_get_with_a_default_is_a_setdefault() {
    let files = [(
        "shop/fields.py",
        r#"from django.db.models import CharField

class UrlField(CharField):
    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = kwargs.get("max_length", 200)
        CharField.__init__(self, *args, **kwargs)
        self.validators.append(object())

class PinnedField(CharField):
    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = kwargs.get("length", 10)
        CharField.__init__(self, *args, db_index=True, **kwargs)
"#,
    )];
    let url = resolved(&files, "shop.fields.UrlField");
    let implied: Vec<(&str, &Value, bool)> = url
        .implied
        .iter()
        .map(|arg| (arg.name.as_str(), &arg.value, arg.forced))
        .collect();
    assert_eq!(implied, [("max_length", &Value::Int(200), false)]);
    // Another key's value is not the argument's own default.
    let pinned = unresolved(&files, "shop.fields.PinnedField");
    assert!(
        pinned.contains("sets max_length to a value that is not a constant"),
        "{pinned}"
    );
}

/// django-activity-stream's `jsonfield.py`: `DataField = JSONField`, a module alias of a
/// Django field, is that field (not Django's source read as a custom class).
#[test]
fn a_module_alias_of_a_django_field_is_that_field() {
    let files = [(
        "stream/jsonfield.py",
        "from django.db.models import JSONField\nfrom django.db import models\n\nDataField = JSONField\nTextAlias = models.TextField\n",
    )];
    assert_eq!(
        resolved(&files, "stream.jsonfield.DataField").behaves_as,
        FieldType::JSONField
    );
    assert_eq!(
        resolved(&files, "stream.jsonfield.TextAlias").behaves_as,
        FieldType::TextField
    );
}

/// django-activity-stream's older `jsonfield.py`: the alias chosen by `if` on a constant of the
/// app's settings module, which is read with the project's settings.
#[test]
fn an_alias_chosen_by_a_settings_module_constant_follows_the_constant() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "stream/conf.py",
        "from django.conf import settings\nOPTIONS = getattr(settings, 'STREAM_OPTIONS', {})\nUSE_JSON = OPTIONS.get('USE_JSON', False)\n",
    );
    write(
        dir.path(),
        "stream/fields.py",
        "from django.db import models\nfrom stream.conf import USE_JSON\n\nif USE_JSON:\n    DataField = models.JSONField\nelse:\n    DataField = models.TextField\n",
    );
    let paths = vec![dir.path().to_path_buf()];
    let settings = |json: bool| {
        let mut settings = Settings::default();
        if json {
            settings.set(
                "STREAM_OPTIONS",
                Value::Dict(vec![(Value::Str("USE_JSON".into()), Value::Bool(true))]),
            );
        }
        settings
    };
    for (json, expected) in [(false, FieldType::TextField), (true, FieldType::JSONField)] {
        let constants = Arc::new(crate::settings::package::PackageConstants::new(
            paths.clone(),
            settings(json),
        ));
        let classes = FieldClasses::new(paths.clone(), [])
            .with_settings(settings(json))
            .with_constants(constants);
        let Resolution::Resolved(class) = &*classes.resolve("stream.fields.DataField") else {
            panic!("resolved with STREAM_OPTIONS USE_JSON={json}")
        };
        assert_eq!(class.behaves_as, expected, "USE_JSON={json}");
    }
}
