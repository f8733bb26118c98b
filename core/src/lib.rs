//! The pure domain of Портфолио. No browser, Leptos or JS types live here,
//! so every rule is tested natively with `cargo test`.
//!
//! - [`records`]: what the school records — the school and its years,
//!   справочники, students and «Личные данные», achievements, rewards,
//!   observations, documents — the portfolio that holds them, and record
//!   identity (which record, its deletion, a version that lost a conflict).
//! - [`assessment`]: points and places, the class table and the reports,
//!   the printed portfolio.
//! - [`exchange`]: the file between devices — its format, writing, reading
//!   and checking, files of changes, encryption, the merge.
//! - [`stored`]: what browser storage holds under which key, and the
//!   upgrade of an older release's layout.
//! - [`util`]: dates, ids, texts, СНИЛС, validation messages, base64, SHA-256.

pub mod assessment;
pub mod exchange;
pub mod records;
pub mod stored;
pub mod util;

pub use records::achievement::{Achievement, AchievementForm};
pub use records::catalogue::{CatalogueKind, Catalogues, Entry};
pub use records::document::{Document, DocumentForm, FileType};
pub use records::portfolio::{Portfolio, StudentRecord};
pub use records::school::{Class, School};
pub use records::school_year::{Period, SchoolYear};
pub use records::student::{PersonalData, Student};
pub use util::id::{Id, Revision};
pub use util::validation::{FieldError, FieldErrors};
