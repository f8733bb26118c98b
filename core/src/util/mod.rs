//! Small pieces every part of the core uses: dates as the school writes
//! them, record ids and revisions, Russian text helpers, СНИЛС, field
//! validation messages, base64 and SHA-256.

pub mod base64;
pub mod date;
pub mod id;
pub mod sha256;
pub mod snils;
pub mod text;
pub mod validation;
