//! Source decoding as Python does it (PEP 263): UTF-8 unless a coding declaration on the
//! first or second line names another codec. The decoded text is what every later stage sees:
//! spans (byte offsets, lines, columns) are into the decoded UTF-8 text, without a BOM, never
//! into the bytes on disk. For a file in UTF-8 without a BOM the two are the same.
//!
//! Codecs decoded: UTF-8, ASCII, Latin-1, ISO-8859-2 to -16 (not -9, -11, -12), Windows-1250
//! to -1258 and KOI8-R, under the names and aliases Python accepts. Each non-UTF-8 codec is a
//! single-byte table taken from `encoding_rs`, made strict where Python is: bytes a Windows
//! code page leaves undefined are errors in Python, not C1 controls as in WHATWG.

use std::borrow::Cow;

/// Why a file's bytes cannot be read as Python source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    /// 1-based line and column (in characters) of the offending byte or declaration.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// What is wrong with a file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// Bytes that are not UTF-8, in a file without a coding declaration.
    NotUtf8,
    /// A coding declaration naming a codec migguard does not decode, or one Python rejects
    /// (unknown codec, a non-UTF-8 codec after a UTF-8 BOM), or bytes invalid in that codec.
    BadEncoding,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a Python source file's bytes.
pub fn decode_source(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    let (bom, body) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let Some(declaration) = coding_declaration(body) else {
        return decode_utf8(body, DecodeErrorKind::NotUtf8, "UTF-8");
    };
    let at_declaration = |message: String| DecodeError {
        kind: DecodeErrorKind::BadEncoding,
        line: declaration.line,
        column: declaration.column,
        message,
    };
    let codec = match Codec::named(&declaration.name) {
        Some(codec) => codec,
        None if PYTHON_CODECS_NOT_DECODED.contains(&normalized(&declaration.name).as_str()) => {
            return Err(at_declaration(format!(
                "coding declaration names '{}', a codec migguard does not decode",
                declaration.name
            )))
        }
        None => {
            return Err(at_declaration(format!(
                "coding declaration names an unknown codec '{}'; Python cannot import the file \
                 (SyntaxError: unknown encoding: {})",
                declaration.name, declaration.name
            )))
        }
    };
    match codec {
        Codec::Utf8 => decode_utf8(body, DecodeErrorKind::BadEncoding, "UTF-8"),
        _ if bom => Err(at_declaration(format!(
            "the file starts with a UTF-8 byte order mark but declares '{}'; Python cannot \
             import it",
            declaration.name
        ))),
        Codec::SingleByte { name, table } => decode_single_byte(body, name, &table),
    }
}

/// A coding declaration found on line 1 or 2.
struct Declaration {
    name: String,
    line: u32,
    column: u32,
}

/// The codec named by a `coding[:=]NAME` comment on the first line, or on the second when the
/// first holds only a comment or whitespace (CPython's tokenizer rule).
fn coding_declaration(bytes: &[u8]) -> Option<Declaration> {
    let mut lines = bytes.split_inclusive(|byte| *byte == b'\n');
    for line_number in 1..=2u32 {
        let line = lines.next()?;
        if let Some((name, column)) = coding_spec(line) {
            return Some(Declaration {
                name,
                line: line_number,
                column,
            });
        }
        if !is_blank_or_comment(line) {
            return None;
        }
    }
    None
}

/// CPython's `get_coding_spec`: a comment line containing `coding:` or `coding=` followed by a
/// name of letters, digits, `-`, `_` and `.`. Returns the name and its 1-based column.
fn coding_spec(line: &[u8]) -> Option<(String, u32)> {
    let start = line
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let mut at = start;
    while let Some(found) = find(&line[at..], b"coding") {
        let mut position = at + found + b"coding".len();
        at = position;
        if !matches!(line.get(position), Some(b':' | b'=')) {
            continue;
        }
        position += 1;
        while matches!(line.get(position), Some(b' ' | b'\t')) {
            position += 1;
        }
        let begin = position;
        while line
            .get(position)
            .is_some_and(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
        {
            position += 1;
        }
        if position > begin {
            let name = String::from_utf8_lossy(&line[begin..position]).into_owned();
            return Some((name, begin as u32 + 1));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    line.iter()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\x0c'))
        .is_none_or(|byte| matches!(byte, b'#' | b'\r' | b'\n'))
}

fn decode_utf8<'b>(
    bytes: &'b [u8],
    kind: DecodeErrorKind,
    codec: &str,
) -> Result<Cow<'b, str>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The valid prefix is UTF-8, so its characters can be counted.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            Err(invalid_byte(
                prefix,
                bytes[error.valid_up_to()],
                codec,
                kind,
                "Python cannot import it",
            ))
        }
    }
}

fn decode_single_byte<'b>(
    bytes: &'b [u8],
    codec: &str,
    table: &[Option<char>; 256],
) -> Result<Cow<'b, str>, DecodeError> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for byte in bytes {
        match table[usize::from(*byte)] {
            Some(character) => text.push(character),
            None => {
                return Err(invalid_byte(
                    &text,
                    *byte,
                    codec,
                    DecodeErrorKind::BadEncoding,
                    "undefined in the declared codec; Python cannot import the file",
                ))
            }
        }
    }
    Ok(Cow::Owned(text))
}

fn invalid_byte(
    decoded_before: &str,
    byte: u8,
    codec: &str,
    kind: DecodeErrorKind,
    consequence: &str,
) -> DecodeError {
    let line = decoded_before.matches('\n').count() as u32 + 1;
    let line_start = decoded_before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = decoded_before[line_start..].chars().count() as u32 + 1;
    DecodeError {
        kind,
        line,
        column,
        message: format!("file is not valid {codec} (invalid byte 0x{byte:02x}); {consequence}"),
    }
}

/// A codec migguard decodes.
enum Codec {
    Utf8,
    SingleByte {
        name: &'static str,
        table: Box<[Option<char>; 256]>,
    },
}

impl Codec {
    /// The codec Python would use for a declared name (Python's `_get_normal_name` and codec
    /// aliases).
    fn named(declared: &str) -> Option<Codec> {
        let name = normalized(declared);
        let head = |prefix: &str| name == prefix || name.starts_with(&format!("{prefix}_"));
        if head("utf_8") || matches!(name.as_str(), "utf8" | "u8" | "utf" | "cp65001") {
            return Some(Codec::Utf8);
        }
        if head("latin_1") || head("iso_8859_1") || head("iso_latin_1") || LATIN_1.contains(&&*name)
        {
            return Some(Codec::SingleByte {
                name: "latin-1",
                table: Box::new(std::array::from_fn(|byte| char::from_u32(byte as u32))),
            });
        }
        if ASCII.contains(&name.as_str()) {
            return Some(Codec::SingleByte {
                name: "ascii",
                table: Box::new(std::array::from_fn(|byte| {
                    (byte < 0x80).then(|| char::from(byte as u8))
                })),
            });
        }
        let (python_name, encoding) = SINGLE_BYTE
            .iter()
            .find(|(_, aliases, _)| aliases.contains(&name.as_str()))
            .map(|(python_name, _, encoding)| (*python_name, *encoding))?;
        let strict_c1 = python_name.starts_with("cp125");
        Some(Codec::SingleByte {
            name: python_name,
            table: Box::new(std::array::from_fn(|byte| {
                decode_byte(encoding, byte as u8)
                    .filter(|character| !(strict_c1 && ('\u{80}'..='\u{9f}').contains(character)))
            })),
        })
    }
}

/// One byte through an `encoding_rs` single-byte decoder; `None` when it is unmapped.
fn decode_byte(encoding: &'static encoding_rs::Encoding, byte: u8) -> Option<char> {
    let bytes = [byte];
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
    let mut characters = text.chars();
    match (had_errors, characters.next(), characters.next()) {
        (false, Some(character), None) => Some(character),
        _ => None,
    }
}

/// Python's codec-name normalisation: lower case, `-` and spaces as `_`.
fn normalized(name: &str) -> String {
    name.to_ascii_lowercase().replace(['-', ' '], "_")
}

#[rustfmt::skip]
const LATIN_1: &[&str] = &[
    "latin1", "latin", "l1", "iso8859_1", "iso8859", "8859", "cp819", "ibm819", "csisolatin1",
    "iso_ir_100", "iso_8859_1_1987",
];

#[rustfmt::skip]
const ASCII: &[&str] = &[
    "ascii", "us_ascii", "us", "646", "cp367", "ibm367", "csascii", "iso646_us",
    "iso_646.irv_1991", "iso_ir_6", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986",
];

/// Python codec, its normalised aliases, and the `encoding_rs` table with the same mapping.
#[rustfmt::skip]
static SINGLE_BYTE: &[(&str, &[&str], &encoding_rs::Encoding)] = &[
    ("iso8859-2", &[
        "iso8859_2", "iso_8859_2", "latin2", "l2", "iso_8859_2_1987", "iso_ir_101", "csisolatin2",
    ],
        &encoding_rs::ISO_8859_2_INIT),
    ("iso8859-3", &[
        "iso8859_3", "iso_8859_3", "latin3", "l3", "iso_8859_3_1988", "iso_ir_109", "csisolatin3",
    ],
        &encoding_rs::ISO_8859_3_INIT),
    ("iso8859-4", &[
        "iso8859_4", "iso_8859_4", "latin4", "l4", "iso_8859_4_1988", "iso_ir_110", "csisolatin4",
    ],
        &encoding_rs::ISO_8859_4_INIT),
    ("iso8859-5", &[
        "iso8859_5", "iso_8859_5", "cyrillic", "iso_8859_5_1988", "iso_ir_144",
        "csisolatincyrillic",
    ],
        &encoding_rs::ISO_8859_5_INIT),
    ("iso8859-6", &[
        "iso8859_6", "iso_8859_6", "arabic", "iso_8859_6_1987", "iso_ir_127", "asmo_708",
        "ecma_114", "csisolatinarabic",
    ],
        &encoding_rs::ISO_8859_6_INIT),
    ("iso8859-7", &[
        "iso8859_7", "iso_8859_7", "greek", "greek8", "iso_8859_7_1987", "iso_ir_126", "elot_928",
        "ecma_118", "csisolatingreek",
    ],
        &encoding_rs::ISO_8859_7_INIT),
    ("iso8859-8", &[
        "iso8859_8", "iso_8859_8", "hebrew", "iso_8859_8_1988", "iso_ir_138", "csisolatinhebrew",
    ],
        &encoding_rs::ISO_8859_8_INIT),
    ("iso8859-10", &[
        "iso8859_10", "iso_8859_10", "latin6", "l6", "iso_8859_10_1992", "iso_ir_157",
        "csisolatin6",
    ],
        &encoding_rs::ISO_8859_10_INIT),
    ("iso8859-13", &["iso8859_13", "iso_8859_13", "latin7", "l7"],
        &encoding_rs::ISO_8859_13_INIT),
    ("iso8859-14", &[
        "iso8859_14", "iso_8859_14", "latin8", "l8", "iso_8859_14_1998", "iso_celtic",
        "iso_ir_199",
    ],
        &encoding_rs::ISO_8859_14_INIT),
    ("iso8859-15", &["iso8859_15", "iso_8859_15", "latin9", "l9"],
        &encoding_rs::ISO_8859_15_INIT),
    ("iso8859-16", &[
        "iso8859_16", "iso_8859_16", "latin10", "l10", "iso_8859_16_2001", "iso_ir_226",
    ],
        &encoding_rs::ISO_8859_16_INIT),
    ("cp1250", &["cp1250", "windows_1250"],
        &encoding_rs::WINDOWS_1250_INIT),
    ("cp1251", &["cp1251", "windows_1251"],
        &encoding_rs::WINDOWS_1251_INIT),
    ("cp1252", &["cp1252", "windows_1252"],
        &encoding_rs::WINDOWS_1252_INIT),
    ("cp1253", &["cp1253", "windows_1253"],
        &encoding_rs::WINDOWS_1253_INIT),
    ("cp1254", &["cp1254", "windows_1254"],
        &encoding_rs::WINDOWS_1254_INIT),
    ("cp1255", &["cp1255", "windows_1255"],
        &encoding_rs::WINDOWS_1255_INIT),
    ("cp1256", &["cp1256", "windows_1256"],
        &encoding_rs::WINDOWS_1256_INIT),
    ("cp1257", &["cp1257", "windows_1257"],
        &encoding_rs::WINDOWS_1257_INIT),
    ("cp1258", &["cp1258", "windows_1258"],
        &encoding_rs::WINDOWS_1258_INIT),
    ("koi8-r", &["koi8_r", "cskoi8r"],
        &encoding_rs::KOI8_R_INIT),
];

/// Codecs Python has that migguard does not decode (multi-byte, or tables that differ from
/// WHATWG's): a declaration naming one is valid Python, reported as not analysable.
#[rustfmt::skip]
const PYTHON_CODECS_NOT_DECODED: &[&str] = &[
    "utf_16", "utf16", "utf_16_le", "utf_16_be", "utf_32", "utf32", "utf_32_le", "utf_32_be",
    "utf_7", "utf7", "iso8859_9", "iso_8859_9", "latin5", "l5", "iso8859_11", "iso_8859_11",
    "thai", "koi8_u", "koi8_t", "cp437", "cp850", "cp852", "cp866", "cp874", "cp932", "cp949",
    "cp950", "mac_roman", "macroman", "macintosh", "mac_cyrillic", "shift_jis", "sjis",
    "shift_jis_2004", "euc_jp", "eucjp", "euc_kr", "euckr", "gb2312", "gbk", "gb18030", "big5",
    "big5hkscs", "hz", "iso2022_jp", "iso2022_kr", "johab", "ptcp154", "tis_620",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> String {
        decode_source(bytes).expect("decodes").into_owned()
    }

    fn error(bytes: &[u8]) -> DecodeError {
        decode_source(bytes).expect_err("is refused")
    }

    #[test]
    fn latin1_with_a_cookie_on_either_line_decodes() {
        let text = decoded(b"# -*- coding: latin-1 -*-\nX = 'caf\xe9'\n");
        assert!(text.ends_with("X = 'caf\u{e9}'\n"));
        let text =
            decoded(b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nX = '\xe9'\n");
        assert!(text.contains('\u{e9}'));
        // Latin-1 maps every byte, C1 controls included (unlike WHATWG's windows-1252).
        assert_eq!(decoded(b"# coding=latin1\n\x80"), "# coding=latin1\n\u{80}");
    }

    #[test]
    fn the_second_line_counts_only_after_a_comment_or_blank_line() {
        let refused = error(b"import os\n# coding: latin-1\nX = '\xe9'\n");
        assert_eq!(refused.kind, DecodeErrorKind::NotUtf8);
        assert_eq!((refused.line, refused.column), (3, 6));
        assert!(decoded(b"\n# coding: latin-1\nX = '\xe9'\n").contains('\u{e9}'));
    }

    #[test]
    fn other_codecs_and_spellings() {
        assert!(decoded(b"# coding: iso-8859-15\nX = '\xa4'\n").contains('\u{20ac}'));
        assert!(decoded(b"# -*- coding: cp1252 -*-\nX = '\x80'\n").contains('\u{20ac}'));
        assert!(decoded(b"# coding: Windows-1251\nX = '\xc0'\n").contains('\u{410}'));
        assert_eq!(
            decoded(b"# coding: utf-8\nX = 1\n"),
            "# coding: utf-8\nX = 1\n"
        );
        assert_eq!(decoded(b"\xef\xbb\xbfX = 1\n"), "X = 1\n");
        assert_eq!(
            decoded(b"\xef\xbb\xbf# coding: utf-8-sig\nX = 1\n")
                .lines()
                .count(),
            2
        );
    }

    #[test]
    fn bytes_undefined_in_the_declared_codec_are_errors() {
        let refused = error(b"# coding: cp1252\nX = '\x81'\n");
        assert_eq!(refused.kind, DecodeErrorKind::BadEncoding);
        assert_eq!((refused.line, refused.column), (2, 6));
        let refused = error(b"# coding: ascii\nX = '\xe9'\n");
        assert_eq!((refused.line, refused.column), (2, 6));
        let refused = error(b"# coding: utf-8\nX = '\xe9'\n");
        assert_eq!(refused.kind, DecodeErrorKind::BadEncoding);
    }

    #[test]
    fn unknown_and_undecoded_codecs_are_errors_at_the_declaration() {
        let refused = error(b"# -*- coding: foo-bar -*-\nX = 1\n");
        assert_eq!(refused.kind, DecodeErrorKind::BadEncoding);
        assert_eq!((refused.line, refused.column), (1, 15));
        assert!(refused.message.contains("unknown codec 'foo-bar'"));
        let refused = error(b"# coding: shift_jis\nX = 1\n");
        assert!(refused.message.contains("does not decode"));
        let refused = error(b"\xef\xbb\xbf# coding: latin-1\nX = 1\n");
        assert!(refused.message.contains("byte order mark"));
    }

    #[test]
    fn a_multibyte_character_before_the_bad_byte_counts_as_one_column() {
        let refused = error(b"X = '\xc3\xa9'\nY = '\xc3\xa9\xff'\n");
        assert_eq!((refused.line, refused.column), (2, 7));
    }
}
