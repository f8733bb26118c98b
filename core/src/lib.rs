//! The pure domain of Портфолио: records, validation, catalogues, school years
//! and filtering. No browser, Leptos or JS types live here, so every rule is
//! tested natively with `cargo test`.

pub mod achievement;
pub mod base64;
pub mod catalogue;
pub mod date;
pub mod delta;
pub mod document;
pub mod exchange;
pub mod filter;
pub mod id;
pub mod merge;
pub mod observation;
pub mod portfolio;
pub mod printout;
pub mod rating;
pub mod report;
pub mod reward;
#[cfg(feature = "schema")]
pub mod schema;
pub mod school;
pub mod school_year;
pub mod sealed;
pub mod sha256;
pub mod snils;
pub mod stored;
pub mod student;
pub mod text;
pub mod validation;

pub use achievement::{Achievement, AchievementForm};
pub use catalogue::{CatalogueKind, Catalogues, Entry};
pub use document::{Document, DocumentForm, FileType};
pub use id::{Id, Revision};
pub use portfolio::{Portfolio, StudentRecord};
pub use school::{Class, School};
pub use school_year::{Period, SchoolYear};
pub use student::{PersonalData, Student};
pub use validation::{FieldError, FieldErrors};
