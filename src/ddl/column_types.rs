//! Column types of the PostgreSQL backend: `DatabaseWrapper.data_types`,
//! `data_types_suffix`, `data_type_check_constraints`, and the fields' own `db_type`.

use crate::ir::{Field, FieldClass, FieldType, Value};

/// The data type of a non-relation field (`field.db_type(connection)`): `Ok(None)` for a
/// field without a column, `Err` when it cannot be known.
pub fn base_db_type(field: &Field) -> Result<Option<String>, String> {
    use FieldType::*;
    let FieldClass::Known(kind) = &field.class else {
        return Err(format!("custom field class {}", class_name(field)));
    };
    let max_length = |default: Option<i64>| -> Result<String, String> {
        match field.arg("max_length") {
            Some(value) if value.is_none() => Ok("varchar".to_string()),
            // Django formats it with `%s`: `max_length="30"` (django-helpdesk's 0001) is
            // `varchar(30)` too.
            Some(Value::Str(text)) => Ok(format!("varchar({text})")),
            Some(Value::Unknown { reason, .. }) => {
                Err(format!("max_length is not statically known: {reason}"))
            }
            Some(value) => value
                .as_int()
                .map(|n| format!("varchar({n})"))
                .ok_or_else(|| "max_length is not a static integer".to_string()),
            None => Ok(default.map_or_else(|| "varchar".to_string(), |n| format!("varchar({n})"))),
        }
    };
    let text = match kind {
        AutoField | IntegerField | PositiveIntegerField => "integer".to_string(),
        BigAutoField | BigIntegerField | PositiveBigIntegerField => "bigint".to_string(),
        SmallAutoField | SmallIntegerField | PositiveSmallIntegerField => "smallint".to_string(),
        BinaryField => "bytea".to_string(),
        BooleanField | NullBooleanField => "boolean".to_string(),
        CharField | CommaSeparatedIntegerField | CICharField => max_length(None)?,
        EmailField | CIEmailField => max_length(Some(254))?,
        SlugField => max_length(Some(50))?,
        URLField => max_length(Some(200))?,
        FileField | ImageField | FilePathField => max_length(Some(100))?,
        DateField => "date".to_string(),
        DateTimeField => "timestamp with time zone".to_string(),
        TimeField => "time".to_string(),
        DurationField => "interval".to_string(),
        DecimalField => {
            let digits = field.arg("max_digits").and_then(Value::as_int);
            let places = field.arg("decimal_places").and_then(Value::as_int);
            match (digits, places) {
                (Some(digits), Some(places)) => format!("numeric({digits}, {places})"),
                _ => "numeric(None, None)".to_string(),
            }
        }
        FloatField => "double precision".to_string(),
        IPAddressField | GenericIPAddressField => "inet".to_string(),
        JSONField => "jsonb".to_string(),
        TextField | CITextField => "text".to_string(),
        UUIDField => "uuid".to_string(),
        HStoreField => "hstore".to_string(),
        IntegerRangeField => "int4range".to_string(),
        BigIntegerRangeField => "int8range".to_string(),
        DecimalRangeField => "numrange".to_string(),
        DateTimeRangeField => "tstzrange".to_string(),
        DateRangeField => "daterange".to_string(),
        FloatRangeField => return Err("FloatRangeField has no PostgreSQL type".to_string()),
        SearchVectorField => "tsvector".to_string(),
        ArrayField => return array_db_type(field),
        GeneratedField => return generated_output_type(field),
        ManyToManyField | ForeignObject | CompositePrimaryKey => return Ok(None),
        OrderWrt => "integer".to_string(),
        ForeignKey | OneToOneField => {
            return Err("relation fields take their target's type".to_string())
        }
    };
    Ok(Some(text))
}

fn class_name(field: &Field) -> String {
    match &field.class {
        FieldClass::Known(kind) => kind.name().to_string(),
        FieldClass::Unknown(name) => name.clone(),
    }
}

/// The field class of `base_field=`/`output_field=`, read as a field.
pub fn nested_field(field: &Field, argument: &str) -> Result<Field, String> {
    let call = field
        .arg(argument)
        .and_then(Value::as_call)
        .ok_or_else(|| format!("{argument} is not a field call"))?;
    Ok(crate::parse::field_from_call(call))
}

fn array_db_type(field: &Field) -> Result<Option<String>, String> {
    let base = nested_field(field, "base_field")?;
    let base_type =
        base_db_type(&base)?.ok_or_else(|| "array of a field without a column".to_string())?;
    let size = match field.arg("size") {
        Some(value) if !value.is_none() => value
            .as_int()
            .map(|n| n.to_string())
            .ok_or_else(|| "size is not static".to_string())?,
        _ => String::new(),
    };
    Ok(Some(format!("{base_type}[{size}]")))
}

fn generated_output_type(field: &Field) -> Result<Option<String>, String> {
    let output = nested_field(field, "output_field")?;
    base_db_type(&output)
}

/// `db_type` used where another column refers to this one (`rel_db_type`): auto and positive
/// integer fields map to their plain integer type.
pub fn rel_db_type(field: &Field) -> Result<Option<String>, String> {
    use FieldType::*;
    match &field.class {
        FieldClass::Known(AutoField | PositiveIntegerField) => Ok(Some("integer".into())),
        FieldClass::Known(BigAutoField | PositiveBigIntegerField) => Ok(Some("bigint".into())),
        FieldClass::Known(SmallAutoField | PositiveSmallIntegerField) => {
            Ok(Some("smallint".into()))
        }
        _ => base_db_type(field),
    }
}

/// `data_types_suffix`: identity for auto fields.
pub fn type_suffix(kind: &FieldClass) -> Option<&'static str> {
    match kind {
        FieldClass::Known(
            FieldType::AutoField | FieldType::BigAutoField | FieldType::SmallAutoField,
        ) => Some("GENERATED BY DEFAULT AS IDENTITY"),
        _ => None,
    }
}

pub fn is_auto(kind: &FieldClass) -> bool {
    type_suffix(kind).is_some()
}

/// `data_type_check_constraints` for the column.
pub fn check_constraint(kind: &FieldClass, column: &str) -> Option<String> {
    match kind {
        FieldClass::Known(
            FieldType::PositiveBigIntegerField
            | FieldType::PositiveIntegerField
            | FieldType::PositiveSmallIntegerField,
        ) => Some(format!("\"{column}\" >= 0")),
        _ => None,
    }
}

/// `get_internal_type()` for comparisons (`_field_data_type` keys on it).
pub fn internal_type(kind: &FieldClass) -> String {
    match kind {
        FieldClass::Known(FieldType::CommaSeparatedIntegerField | FieldType::CICharField) => {
            "CharField".into()
        }
        FieldClass::Known(FieldType::CIEmailField) => "CharField".into(),
        FieldClass::Known(FieldType::CITextField) => "TextField".into(),
        FieldClass::Known(FieldType::EmailField | FieldType::URLField) => "CharField".into(),
        FieldClass::Known(FieldType::ImageField) => "FileField".into(),
        FieldClass::Known(FieldType::NullBooleanField) => "BooleanField".into(),
        FieldClass::Known(kind) => kind.name().into(),
        FieldClass::Unknown(name) => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Span;

    fn field(kind: FieldType, args: &[(&str, Value)]) -> Field {
        Field {
            class: FieldClass::Known(kind),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            span: Span::default(),
            custom_class: None,
        }
    }

    #[test]
    fn postgres_column_types() {
        assert_eq!(
            base_db_type(&field(
                FieldType::CharField,
                &[("max_length", Value::Int(20))]
            )),
            Ok(Some("varchar(20)".into()))
        );
        assert_eq!(
            base_db_type(&field(FieldType::EmailField, &[])),
            Ok(Some("varchar(254)".into()))
        );
        assert_eq!(
            base_db_type(&field(FieldType::DateTimeField, &[])),
            Ok(Some("timestamp with time zone".into()))
        );
        assert_eq!(
            base_db_type(&field(
                FieldType::DecimalField,
                &[
                    ("max_digits", Value::Int(12)),
                    ("decimal_places", Value::Int(4))
                ]
            )),
            Ok(Some("numeric(12, 4)".into()))
        );
        assert_eq!(
            base_db_type(&field(FieldType::ManyToManyField, &[])),
            Ok(None)
        );
        assert_eq!(
            rel_db_type(&field(FieldType::BigAutoField, &[])),
            Ok(Some("bigint".into()))
        );
        assert_eq!(
            rel_db_type(&field(FieldType::PositiveSmallIntegerField, &[])),
            Ok(Some("smallint".into()))
        );
        assert_eq!(
            check_constraint(&FieldClass::Known(FieldType::PositiveIntegerField), "n"),
            Some("\"n\" >= 0".into())
        );
        assert!(base_db_type(&Field {
            class: FieldClass::Unknown("x.MyField".into()),
            args: vec![],
            span: Span::default(),
            custom_class: None,
        })
        .is_err());
    }

    #[test]
    fn array_types_nest() {
        let inner = Value::Call(Box::new(crate::ir::Call {
            func: "django.db.models.IntegerField".into(),
            receiver: None,
            args: vec![],
            kwargs: vec![],
            span: Span::default(),
        }));
        let array = field(
            FieldType::ArrayField,
            &[("base_field", inner), ("size", Value::Int(5))],
        );
        assert_eq!(base_db_type(&array), Ok(Some("integer[5]".into())));
    }
}
