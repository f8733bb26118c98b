//! The JSON Schemas of the export files, generated from the very types that
//! read and write them (`--features schema`; the app never builds this).
//! `docs/export-schema.json` and `docs/export-encrypted-schema.json` are
//! written by `cargo run -p portfolio-core --features schema --example
//! export_schema`, and a test fails when they fall behind the types.

use crate::exchange::sealed::SealedFile;
use crate::exchange::Envelope;

/// The schema of a plain export file, pretty-printed.
pub fn export_schema() -> String {
    let mut s = schemars::schema_for!(Envelope);
    s.insert(
        "title".into(),
        "Портфолио: файл экспорта (portfolio-export, версия 1)".into(),
    );
    pretty(&s)
}

/// The schema of a file encrypted with a passphrase.
pub fn encrypted_schema() -> String {
    let mut s = schemars::schema_for!(SealedFile);
    s.insert(
        "title".into(),
        "Портфолио: зашифрованный файл экспорта (portfolio-export-encrypted, версия 1)".into(),
    );
    pretty(&s)
}

fn pretty(s: &schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(s).unwrap_or_default();
    text.push('\n');
    text
}
