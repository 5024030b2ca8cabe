//! Model fields of `django.db.models` and `django.contrib.postgres`, with their arguments.

use serde::Serialize;

use super::{Span, Value};

/// A field as written in a migration: its class and every argument bound by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub class: FieldClass,
    /// Keyword arguments, and positional ones bound to their parameter names.
    pub args: Vec<(String, Value)>,
    pub span: Span,
    /// The custom class written in the migration, when `class` is the built-in field it was
    /// found to behave as (`oauth2_provider.models.ClientSecretField` → `CharField`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_class: Option<String>,
}

impl Field {
    /// An argument by name (`max_length`, `null`, `to`, ...).
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// A boolean argument, or Django's default for it.
    pub fn flag(&self, name: &str, default: bool) -> bool {
        self.arg(name).and_then(Value::as_bool).unwrap_or(default)
    }
}

/// The class of a field: a built-in one, or a class migguard cannot see into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum FieldClass {
    Known(FieldType),
    /// A custom or third-party field; the dotted name as resolved from the file's imports.
    Unknown(String),
}

macro_rules! field_types {
    ($( $variant:ident => $module:literal ),* $(,)?) => {
        /// Every field class of `django.db.models` and `django.contrib.postgres` that can
        /// appear in a migration (including those kept only for historical migrations).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum FieldType { $( $variant ),* }

        impl FieldType {
            /// All field types, in declaration order.
            pub const ALL: &'static [FieldType] = &[$( FieldType::$variant ),*];

            /// The class name, as Django spells it.
            pub fn name(self) -> &'static str {
                match self { $( FieldType::$variant => stringify!($variant) ),* }
            }

            /// The package that defines it: `django.db.models` or a `django.contrib.postgres` module.
            pub fn package(self) -> &'static str {
                match self { $( FieldType::$variant => $module ),* }
            }
        }
    };
}

field_types! {
    AutoField => "django.db.models",
    BigAutoField => "django.db.models",
    SmallAutoField => "django.db.models",
    BigIntegerField => "django.db.models",
    BinaryField => "django.db.models",
    BooleanField => "django.db.models",
    CharField => "django.db.models",
    CommaSeparatedIntegerField => "django.db.models",
    CompositePrimaryKey => "django.db.models",
    DateField => "django.db.models",
    DateTimeField => "django.db.models",
    DecimalField => "django.db.models",
    DurationField => "django.db.models",
    EmailField => "django.db.models",
    FileField => "django.db.models",
    FilePathField => "django.db.models",
    FloatField => "django.db.models",
    GeneratedField => "django.db.models",
    GenericIPAddressField => "django.db.models",
    IPAddressField => "django.db.models",
    ImageField => "django.db.models",
    IntegerField => "django.db.models",
    JSONField => "django.db.models",
    NullBooleanField => "django.db.models",
    PositiveBigIntegerField => "django.db.models",
    PositiveIntegerField => "django.db.models",
    PositiveSmallIntegerField => "django.db.models",
    SlugField => "django.db.models",
    SmallIntegerField => "django.db.models",
    TextField => "django.db.models",
    TimeField => "django.db.models",
    URLField => "django.db.models",
    UUIDField => "django.db.models",
    ForeignKey => "django.db.models",
    OneToOneField => "django.db.models",
    ManyToManyField => "django.db.models",
    ForeignObject => "django.db.models",
    OrderWrt => "django.db.models",
    ArrayField => "django.contrib.postgres.fields",
    HStoreField => "django.contrib.postgres.fields",
    CICharField => "django.contrib.postgres.fields",
    CIEmailField => "django.contrib.postgres.fields",
    CITextField => "django.contrib.postgres.fields",
    IntegerRangeField => "django.contrib.postgres.fields",
    BigIntegerRangeField => "django.contrib.postgres.fields",
    DecimalRangeField => "django.contrib.postgres.fields",
    DateTimeRangeField => "django.contrib.postgres.fields",
    DateRangeField => "django.contrib.postgres.fields",
    FloatRangeField => "django.contrib.postgres.fields",
    SearchVectorField => "django.contrib.postgres.search",
}

impl FieldType {
    /// Fields that point at another model (`to=`): their column, table or both belong to it.
    pub fn is_relation(self) -> bool {
        use FieldType::*;
        matches!(
            self,
            ForeignKey | OneToOneField | ManyToManyField | ForeignObject
        )
    }

    /// Fields whose values are Python integers stored in an integer column (the auto fields
    /// and every `*IntegerField`).
    pub fn is_integer(self) -> bool {
        use FieldType::*;
        matches!(
            self,
            AutoField
                | BigAutoField
                | SmallAutoField
                | IntegerField
                | BigIntegerField
                | SmallIntegerField
                | PositiveIntegerField
                | PositiveBigIntegerField
                | PositiveSmallIntegerField
        )
    }

    /// The field type for a dotted class name resolved from a file's imports, accepting every
    /// module Django defines or re-exports it from (`django.db.models.fields.related.ForeignKey`).
    pub fn from_qualified_name(dotted: &str) -> Option<FieldType> {
        let (module, name) = dotted.rsplit_once('.')?;
        let field = FieldType::ALL
            .iter()
            .copied()
            .find(|field| field.name() == name)?;
        let package = field.package();
        let in_package = module == package
            || module.strip_prefix(package).is_some_and(|rest| rest.starts_with('.'))
            // `django.contrib.postgres.fields` re-exports the search field, and
            // `django.db.models.fields.*` holds what `django.db.models` re-exports.
            || (package.starts_with("django.contrib.postgres") && module.starts_with("django.contrib.postgres"))
            // Kept for historical migrations: `django.contrib.postgres.fields.jsonb.JSONField`
            // is Django's JSONField.
            || (field == FieldType::JSONField && (module == "django.contrib.postgres.fields" || module == "django.contrib.postgres.fields.jsonb"));
        in_package.then_some(field)
    }

    /// Positional parameter names of the class's `__init__`, to bind positional arguments.
    pub fn positional_parameters(self) -> &'static [&'static str] {
        use FieldType::*;
        match self {
            ForeignKey | OneToOneField => &["to", "on_delete"],
            ForeignObject => &["to", "on_delete", "from_fields", "to_fields"],
            ManyToManyField => &[
                "to",
                "related_name",
                "related_query_name",
                "limit_choices_to",
                "symmetrical",
                "through",
                "through_fields",
                "db_constraint",
                "db_table",
            ],
            ArrayField => &["base_field", "size"],
            DecimalField => &["verbose_name", "name", "max_digits", "decimal_places"],
            DateField | DateTimeField => &["verbose_name", "name", "auto_now", "auto_now_add"],
            FilePathField => &[
                "verbose_name",
                "name",
                "path",
                "match",
                "recursive",
                "allow_files",
                "allow_folders",
            ],
            FileField => &["verbose_name", "name", "upload_to", "storage"],
            ImageField => &["verbose_name", "name", "width_field", "height_field"],
            GenericIPAddressField => &["verbose_name", "name", "protocol", "unpack_ipv4"],
            JSONField => &["verbose_name", "name", "encoder", "decoder"],
            UUIDField => &["verbose_name"],
            GeneratedField | CompositePrimaryKey | OrderWrt => &[],
            _ => GENERIC_FIELD_PARAMETERS,
        }
    }
}

/// `django.db.models.Field.__init__` parameters, in order.
const GENERIC_FIELD_PARAMETERS: &[&str] = &[
    "verbose_name",
    "name",
    "primary_key",
    "max_length",
    "unique",
    "blank",
    "null",
    "db_index",
    "rel",
    "default",
    "editable",
    "serialize",
    "unique_for_date",
    "unique_for_month",
    "unique_for_year",
    "choices",
    "help_text",
    "db_column",
    "db_tablespace",
    "auto_created",
    "validators",
    "error_messages",
    "db_comment",
    "db_default",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_module_django_exports_fields_from() {
        assert_eq!(
            FieldType::from_qualified_name("django.db.models.CharField"),
            Some(FieldType::CharField)
        );
        assert_eq!(
            FieldType::from_qualified_name("django.db.models.fields.related.ForeignKey"),
            Some(FieldType::ForeignKey)
        );
        assert_eq!(
            FieldType::from_qualified_name("django.contrib.postgres.fields.ArrayField"),
            Some(FieldType::ArrayField)
        );
        assert_eq!(
            FieldType::from_qualified_name("django.contrib.postgres.fields.array.ArrayField"),
            Some(FieldType::ArrayField)
        );
        assert_eq!(
            FieldType::from_qualified_name("django.contrib.postgres.search.SearchVectorField"),
            Some(FieldType::SearchVectorField)
        );
        assert_eq!(
            FieldType::from_qualified_name("django.contrib.postgres.fields.jsonb.JSONField"),
            Some(FieldType::JSONField)
        );
    }

    #[test]
    fn rejects_lookalikes_from_other_packages() {
        assert_eq!(
            FieldType::from_qualified_name("myapp.fields.CharField"),
            None
        );
        assert_eq!(
            FieldType::from_qualified_name("django.db.modelsx.CharField"),
            None
        );
        assert_eq!(
            FieldType::from_qualified_name("django.db.models.ArrayField"),
            None
        );
        assert_eq!(FieldType::from_qualified_name("CharField"), None);
    }
}
