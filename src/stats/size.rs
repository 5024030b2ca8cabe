//! Sizes as people write them in configuration (`"10MB"`, `"1 GB"`) and as findings show
//! them (`9.8M rows, 12 GB`). Units are powers of 1024, as PostgreSQL's `pg_size_pretty`.

const UNITS: [(&str, u64); 5] = [
    ("TB", 1 << 40),
    ("GB", 1 << 30),
    ("MB", 1 << 20),
    ("kB", 1 << 10),
    ("B", 1),
];

/// `"10MB"`, `"1.5 GB"`, `"512kB"`, `"42"` (bytes) → bytes. Units are case-insensitive.
pub fn parse_bytes(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: f64 = number.parse().map_err(|_| {
        format!("invalid size \"{text}\": expected a number and a unit, e.g. \"10MB\"")
    })?;
    let unit = unit.trim();
    let factor = if unit.is_empty() {
        1
    } else {
        UNITS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(unit))
            .map(|(_, factor)| *factor)
            .ok_or_else(|| {
                format!("invalid size unit \"{unit}\" in \"{text}\": use B, kB, MB, GB or TB")
            })?
    };
    Ok((number * factor as f64).round() as u64)
}

/// Bytes for people: `12 GB`, `9.8 MB`, `512 bytes`.
pub fn format_bytes(bytes: u64) -> String {
    for (name, factor) in UNITS.iter().take(4) {
        if bytes >= *factor {
            return format!("{} {name}", one_decimal(bytes as f64 / *factor as f64));
        }
    }
    format!("{bytes} bytes")
}

/// Row counts for people: `9.8M rows`, `12K rows`, `640 rows`.
pub fn format_rows(rows: u64) -> String {
    let scaled = [(1e9, "G"), (1e6, "M"), (1e3, "K")]
        .iter()
        .find(|(factor, _)| rows as f64 >= *factor)
        .map(|(factor, suffix)| format!("{}{suffix}", one_decimal(rows as f64 / factor)));
    let number = scaled.unwrap_or_else(|| rows.to_string());
    if rows == 1 {
        "1 row".into()
    } else {
        format!("{number} rows")
    }
}

/// One decimal below 10 (`9.8`), none above (`12`).
fn one_decimal(value: f64) -> String {
    if value < 9.95 {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
    } else {
        format!("{value:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_bytes("10MB").unwrap(), 10 << 20);
        assert_eq!(parse_bytes("1 GB").unwrap(), 1 << 30);
        assert_eq!(parse_bytes("1.5gb").unwrap(), 3 << 29);
        assert_eq!(parse_bytes("512kB").unwrap(), 512 << 10);
        assert_eq!(parse_bytes("42").unwrap(), 42);
        assert!(parse_bytes("10 parsecs").unwrap_err().contains("parsecs"));
        assert!(parse_bytes("MB").is_err());
    }

    #[test]
    fn formats_sizes_and_rows() {
        assert_eq!(format_bytes(12 << 30), "12 GB");
        assert_eq!(format_bytes(10_276_044), "9.8 MB");
        assert_eq!(format_bytes(8192), "8 kB");
        assert_eq!(format_bytes(100), "100 bytes");
        assert_eq!(format_rows(9_800_000), "9.8M rows");
        assert_eq!(format_rows(12_345), "12K rows");
        assert_eq!(format_rows(640), "640 rows");
        assert_eq!(format_rows(1), "1 row");
    }
}
