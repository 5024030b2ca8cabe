//! Identifiers: quoting, and the names Django (`django/db/backends/utils.py`,
//! `BaseDatabaseSchemaEditor._create_index_name`) and PostgreSQL (`makeObjectName`) generate.

use md5::{Digest, Md5};

/// PostgreSQL's identifier limit (`NAMEDATALEN - 1`), Django's `max_name_length()`.
pub const MAX_NAME_LENGTH: usize = 63;

/// `connection.ops.quote_name`: double quotes, unless already quoted.
pub fn quote_name(name: &str) -> String {
    if name.len() >= 2 && name.starts_with('"') && name.ends_with('"') {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

/// Django's `names_digest`: MD5 of the concatenated arguments, first `length` hex digits.
pub fn names_digest(args: &[&str], length: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut md5 = Md5::new();
    for arg in args {
        md5.update(arg.as_bytes());
    }
    let mut hex = String::with_capacity(32);
    for byte in md5.finalize() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex.truncate(length.min(hex.len()));
    hex
}

/// Django's `split_identifier`: `'"schema"."table"'` → `("schema", "table")`.
pub fn split_identifier(identifier: &str) -> (String, String) {
    match identifier.split_once("\".\"") {
        Some((namespace, name)) if !name.contains("\".\"") => (
            namespace.trim_matches('"').to_string(),
            name.trim_matches('"').to_string(),
        ),
        _ => (String::new(), identifier.trim_matches('"').to_string()),
    }
}

fn char_prefix(text: &str, count: usize) -> String {
    text.chars().take(count).collect()
}

/// Django's `truncate_name(identifier, length, hash_len=4)`.
pub fn truncate_name(identifier: &str, length: usize) -> String {
    // The name is part of the identifier: if the whole fits, so does the name.
    if identifier.chars().count() <= length {
        return identifier.to_string();
    }
    let (namespace, name) = split_identifier(identifier);
    if name.chars().count() <= length {
        return identifier.to_string();
    }
    let digest = names_digest(&[&name], 4);
    let prefix = if namespace.is_empty() {
        String::new()
    } else {
        format!("{namespace}\".\"")
    };
    format!("{prefix}{}{digest}", char_prefix(&name, length - 4))
}

/// `BaseDatabaseSchemaEditor._create_index_name(table, columns, suffix)`.
pub fn create_index_name(table: &str, columns: &[String], suffix: &str) -> String {
    let (_, table) = split_identifier(table);
    let mut digest_args: Vec<&str> = vec![&table];
    digest_args.extend(columns.iter().map(String::as_str));
    let mut hash_suffix = format!("{}{suffix}", names_digest(&digest_args, 8));
    let joined = columns.join("_");
    let name = format!("{table}_{joined}_{hash_suffix}");
    if name.chars().count() <= MAX_NAME_LENGTH {
        return name;
    }
    if hash_suffix.chars().count() > MAX_NAME_LENGTH / 3 {
        hash_suffix = char_prefix(&hash_suffix, MAX_NAME_LENGTH / 3);
    }
    let other_length = (MAX_NAME_LENGTH - hash_suffix.chars().count()) / 2 - 1;
    let name = format!(
        "{}_{}_{hash_suffix}",
        char_prefix(&table, other_length),
        char_prefix(&joined, other_length)
    );
    match name.chars().next() {
        Some(first) if first == '_' || first.is_ascii_digit() => {
            let count = name.chars().count();
            format!("D{}", char_prefix(&name, count - 1))
        }
        _ => name,
    }
}

/// PostgreSQL's `makeObjectName(name1, name2, label)`: the name it gives an unnamed
/// constraint, index or sequence (`table_column_key`), shortening both names to fit.
pub fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let name1_bytes = name1.len();
    let name2_bytes = name2.map_or(0, str::len);
    let mut overhead = 0;
    if name2.is_some() {
        overhead += 1;
    }
    if !label.is_empty() {
        overhead += label.len() + 1;
    }
    let available = MAX_NAME_LENGTH.saturating_sub(overhead);
    let (mut keep1, mut keep2) = (name1_bytes, name2_bytes);
    while keep1 + keep2 > available {
        if keep1 > keep2 {
            keep1 -= 1;
        } else {
            keep2 -= 1;
        }
    }
    let mut name = clip_bytes(name1, keep1).to_string();
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(clip_bytes(name2, keep2));
    }
    if !label.is_empty() {
        name.push('_');
        name.push_str(label);
    }
    name
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
fn clip_bytes(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_index_names_match_django() {
        assert_eq!(
            names_digest(&["auth_user_groups", "user_id"], 8),
            "6a12ed8b"
        );
        assert_eq!(
            create_index_name("auth_user_groups", &["user_id".into()], ""),
            "auth_user_groups_user_id_6a12ed8b"
        );
        assert_eq!(
            create_index_name(
                "auth_group_permissions",
                &["permission_id".into()],
                "_fk_auth_permission_id"
            ),
            "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm"
        );
        assert_eq!(
            create_index_name(
                "auth_permission",
                &["content_type_id".into(), "codename".into()],
                "_uniq"
            ),
            "auth_permission_content_type_id_codename_01ab375a_uniq"
        );
    }

    #[test]
    fn truncates_long_names_with_a_digest() {
        let long = "a".repeat(70);
        let truncated = truncate_name(&long, MAX_NAME_LENGTH);
        assert_eq!(truncated.len(), 63);
        assert!(truncated.starts_with(&"a".repeat(59)));
        assert_eq!(truncate_name("short", MAX_NAME_LENGTH), "short");
    }

    #[test]
    fn postgres_object_names() {
        assert_eq!(
            pg_object_name("core_place", Some("name"), "key"),
            "core_place_name_key"
        );
        assert_eq!(
            pg_object_name("core_place", None, "pkey"),
            "core_place_pkey"
        );
        let long = pg_object_name(&"t".repeat(40), Some(&"c".repeat(40)), "key");
        assert_eq!(long.len(), 63);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_name("x"), "\"x\"");
        assert_eq!(quote_name("\"x\""), "\"x\"");
    }
}
