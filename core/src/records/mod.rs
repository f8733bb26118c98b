//! What the school records (П1 §3.3, §5.1; П2 §3.2–3.3, §4.7): the school
//! and its years, справочники, students with «Личные данные», their
//! achievements, rewards and observations, confirming documents; the
//! portfolio that holds them in memory; and record identity.

pub mod achievement;
pub mod catalogue;
pub mod document;
pub mod filter;
pub mod identity;
pub mod observation;
pub mod portfolio;
pub mod proposal;
pub mod reward;
pub mod school;
pub mod school_year;
pub mod student;

pub use achievement::{Achievement, AchievementForm};
pub use catalogue::{CatalogueKind, Catalogues, Entry};
pub use document::Document;
pub use identity::{Deleted, Lost, RecordKey};
pub use observation::Observation;
pub use portfolio::{Portfolio, StudentRecord};
pub use reward::Reward;
pub use school::{Class, School};
pub use school_year::SchoolYear;
pub use student::Student;
