//! Declared field classes: the project's `[field-classes]` and migguard's table of well-known
//! packages (`known.toml`), in one format:
//!
//! ```toml
//! [field-classes."myapp.fields.MoneyField"]
//! behaves-as = "DecimalField"             # a Django field class, by name or dotted path
//! args = { max_digits = 12, decimal_places = 2 }   # what its __init__ supplies
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{ImpliedArg, Resolution, ResolvedClass};
use crate::ir::{FieldType, Value};

/// One declared class.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldClassDeclaration {
    /// The Django field it behaves as: `CharField` or `django.db.models.CharField`.
    pub behaves_as: String,
    /// Arguments the class supplies when a migration does not pass them.
    #[serde(default)]
    pub args: BTreeMap<String, toml::Value>,
    /// A function called with a field (`encrypt(models.CharField(max_length=255))`) whose
    /// result keeps that field's arguments, behaves as `behaves_as`, and stores values its own
    /// way (so a default can't be turned into SQL).
    #[serde(default)]
    pub wraps_field: bool,
    /// Where the declaration comes from, for messages (set by whoever loads it).
    #[serde(skip)]
    pub origin: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KnownFile {
    field_classes: BTreeMap<String, FieldClassDeclaration>,
}

const KNOWN: &str = include_str!("known.toml");

/// migguard's table of field classes of well-known packages.
pub fn known_packages() -> HashMap<String, FieldClassDeclaration> {
    // The table is part of the binary and checked by a test; a broken one declares nothing.
    let Ok(file) = toml::from_str::<KnownFile>(KNOWN) else {
        return HashMap::new();
    };
    file.field_classes
        .into_iter()
        .map(|(name, mut declaration)| {
            declaration.origin = "migguard's table of well-known field classes".to_string();
            (name, declaration)
        })
        .collect()
}

impl FieldClassDeclaration {
    pub fn resolution(&self) -> Resolution {
        let field_type = FieldType::from_qualified_name(&self.behaves_as).or_else(|| {
            FieldType::ALL
                .iter()
                .copied()
                .find(|field| field.name() == self.behaves_as)
        });
        let Some(behaves_as) = field_type else {
            return Resolution::Unresolved(format!(
                "declared (in {}) to behave as {}, which is not a Django field class",
                self.origin, self.behaves_as
            ));
        };
        Resolution::Resolved(ResolvedClass {
            behaves_as,
            implied: self
                .args
                .iter()
                .map(|(name, value)| ImpliedArg {
                    name: name.clone(),
                    value: Value::from_toml(value.clone()),
                    forced: false,
                })
                .collect(),
            origin: format!("declared in {}", self.origin),
            value_preparation: None,
            own_positional_parameters: false,
        })
    }
}

/// Parses the bundled table strictly (for the test that guards it).
#[cfg(test)]
pub fn parse_known() -> Result<usize, String> {
    let file: KnownFile = toml::from_str(KNOWN).map_err(|error| error.to_string())?;
    for (name, declaration) in &file.field_classes {
        if let Resolution::Unresolved(reason) = declaration.resolution() {
            return Err(format!("{name}: {reason}"));
        }
    }
    Ok(file.field_classes.len())
}
