//! Takes the TLS parameters libpq knows and the `postgres` crate does not (`sslrootcert`, and
//! the `sslmode` values `verify-ca`/`verify-full`) out of a connection string, leaving the rest
//! for `postgres::Config` to parse.
//!
//! Both forms libpq accepts are handled: the URI (`postgresql://host/db?sslmode=verify-full&
//! sslrootcert=/ca.pem`, query values percent-decoded) and the keyword form (`host=db
//! sslmode=require sslrootcert='/my ca.pem'`, values optionally single-quoted with `\` escapes).

/// A connection string without its TLS parameters, and their values.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SplitUrl {
    /// What remains, for `postgres::Config::from_str`.
    pub rest: String,
    /// `sslmode`, as written.
    pub sslmode: Option<String>,
    /// `sslrootcert`, as written.
    pub sslrootcert: Option<String>,
}

/// Splits `url` (URI or keyword form). An unterminated quote is an error.
pub(crate) fn split_tls_params(url: &str) -> Result<SplitUrl, String> {
    let trimmed = url.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        Ok(split_uri(trimmed))
    } else {
        split_keywords(trimmed)
    }
}

fn split_uri(url: &str) -> SplitUrl {
    let Some((base, query)) = url.split_once('?') else {
        return SplitUrl {
            rest: url.to_string(),
            ..Default::default()
        };
    };
    let mut split = SplitUrl::default();
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match percent_decode(key).as_str() {
            "sslmode" => split.sslmode = Some(percent_decode(value)),
            "sslrootcert" => split.sslrootcert = Some(percent_decode(value)),
            _ => kept.push(pair),
        }
    }
    split.rest = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    split
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn split_keywords(text: &str) -> Result<SplitUrl, String> {
    let mut split = SplitUrl::default();
    let mut kept = Vec::new();
    for (key, value) in keyword_pairs(text)? {
        match key.as_str() {
            "sslmode" => split.sslmode = Some(value),
            "sslrootcert" => split.sslrootcert = Some(value),
            _ => kept.push(format!("{key}='{}'", quote(&value))),
        }
    }
    split.rest = kept.join(" ");
    Ok(split)
}

fn quote(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\'")
}

/// `key = value` pairs as libpq reads them.
fn keyword_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!(
                "missing \"=\" after \"{key}\" in the connection string"
            ));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    Some('\'') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                    None => {
                        return Err(format!(
                            "unterminated quoted value of \"{key}\" in the connection string"
                        ))
                    }
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_query_parameters_are_taken_and_decoded() {
        let split = split_tls_params(
            "postgresql://u:p@db.example.com:5432/shop?sslmode=verify-full&connect_timeout=5&sslrootcert=%2Fetc%2Fca%20x.pem",
        )
        .unwrap();
        assert_eq!(split.sslmode.as_deref(), Some("verify-full"));
        assert_eq!(split.sslrootcert.as_deref(), Some("/etc/ca x.pem"));
        assert_eq!(
            split.rest,
            "postgresql://u:p@db.example.com:5432/shop?connect_timeout=5"
        );
    }

    #[test]
    fn uri_without_tls_parameters_is_unchanged() {
        let split = split_tls_params("postgres://h/db?application_name=x").unwrap();
        assert_eq!(split.rest, "postgres://h/db?application_name=x");
        assert_eq!(split.sslmode, None);
        let split = split_tls_params("postgres://h/db?sslmode=require").unwrap();
        assert_eq!(split.rest, "postgres://h/db");
    }

    #[test]
    fn keyword_form_with_quotes_and_spaces() {
        let split = split_tls_params(
            "host=db port = 5433 sslmode=verify-ca sslrootcert='/my ca\\'s.pem' password='a b'",
        )
        .unwrap();
        assert_eq!(split.sslmode.as_deref(), Some("verify-ca"));
        assert_eq!(split.sslrootcert.as_deref(), Some("/my ca's.pem"));
        assert_eq!(split.rest, "host='db' port='5433' password='a b'");
        let config: postgres::Config = split.rest.parse().unwrap();
        assert_eq!(config.get_password(), Some(&b"a b"[..]));
    }

    #[test]
    fn keyword_form_errors_are_reported() {
        assert!(split_tls_params("host=db sslrootcert='/x").is_err());
        assert!(split_tls_params("host db").is_err());
    }
}
