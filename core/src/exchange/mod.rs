//! The file between devices: how portfolios travel (teacher → parents,
//! parents → teacher, teacher → backup) and come back together.
//!
//! Four scopes: the whole school (a backup), one class, a finished school
//! year's archive (read-only, never merged), and one child — the package
//! for that child's legal representatives (П2 §6.2, §6.4), which holds that
//! child's records and documents, the shared catalogues (and of the staff
//! only the people its records name), their class, and nothing about any
//! other child but an anonymous place in the class.
//!
//! Reading is strict: a file from a newer version is refused before its
//! data is read; then every record is checked (references, ids, lengths,
//! hashes) and the first problems are reported in Russian, saying where.
//!
//! - [`format`]: the envelope and its versions;
//! - [`write`]: what a scope's file holds, and its text in parts;
//! - [`read`], [`scan`], [`check`]: reading (a large file in parts) and
//!   the rules; [`error`]: why a file is refused;
//! - [`delta`]: files of changes; [`sealed`]: the encrypted envelope;
//! - [`merge`]: merging a file into the portfolio; [`names`]: file names
//!   and the backup reminder; `schema`: the JSON Schemas.

pub mod check;
pub mod delta;
pub mod error;
pub mod format;
pub mod merge;
pub mod names;
pub mod read;
pub mod scan;
#[cfg(feature = "schema")]
pub mod schema;
pub mod sealed;
pub mod sign;
pub mod write;

pub use check::check;
pub use error::{ReadError, Refused, SealedError, Why};
pub use format::{
    into_portfolio, to_portfolio, Base, ClassPosition, Data, EmbeddedFile, Envelope, Scope,
    DELTA_VERSION, FIRST_VERSION, FORMAT, MAX_FILE_BYTES, SIGNED_VERSION, VERSION, WHOLE_VERSION,
};
pub use names::{backup_status, file_name, BACKUP_REMINDER_DAYS};
pub use read::{drop_missing_documents, embedded_files, new_files, open, parse, Opened};
pub use scan::{KnownTexts, PartRead, StoredText};
pub use write::{export, export_skeleton, file_keys, to_json, to_json_parts, Part, Writer};
