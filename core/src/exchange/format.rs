//! The format of the file between devices: a versioned envelope around the
//! records, with documents embedded as base64 beside their SHA-256. What
//! each version added is said at [`VERSION`]; `docs/export-format.md` has
//! the whole description.

use crate::records::{
    Catalogues, Class, Deleted, Lost, Portfolio, RecordKey, School, SchoolYear, StudentRecord,
};
use crate::util::id::{Id, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the `format` field of every export says.
pub const FORMAT: &str = "portfolio-export";
/// The version this app writes and the newest it reads.
///
/// Version 2 added, all optional, so a version-1 file reads as it is (no
/// conversion needed; the tests keep a version-1 fixture): «Баллы рейтинга»
/// (`weight` and `prize` of catalogue entries, `rating` of the school), an
/// achievement's `remote` and `team`, a student's `former_classes`, and a
/// child's class place by rating points (`place_to`, `basis`). A version-1
/// app refuses a version-2 file by its head, instead of dropping those.
///
/// Version 3 (the second regulation) added a student's `rewards` and
/// `observations`, the catalogue `reward_kinds`, an achievement's
/// `by_family`, the archive of a school year (scope `archive`), and made
/// `gto` a badge (`{"sign","stage","date"}`). The one change of meaning is
/// `gto`: a version-1/2 tick `true` reads as a badge of unknown sign and
/// stage (`{}`), `false` as none; everything else is absent in older files
/// and takes its default («Виды поощрений»: the regulation's list).
///
/// Version 4 added `base` (see [`crate::exchange::delta`]): a file of changes, which
/// leaves out what its reader already has and names it there. Only such a
/// file is written as version 4: the previous release refuses it by its head
/// (it would take the file for a whole one), while a whole file, unchanged
/// from version 3, is still written as 3 ([`WHOLE_VERSION`]) so that release
/// reads it.
///
/// Version 5 added the school's signature (see [`crate::exchange::sign`]):
/// a school or class file written by a school device carries the school
/// key (`data.school_key`) and ends with `mac`; and a student's
/// `proposals` — a family's proposals to correct the school's achievements,
/// with the school's answers (`records::proposal`). Only files with either
/// are written as version 5 — the previous release refuses them by their
/// head, rather than stumble on the new fields or drop them; any other
/// file is written as before (3, or 4 for a file of changes).
pub const VERSION: u32 = 5;
/// The version a signed school or class file is written as.
pub const SIGNED_VERSION: u32 = 5;
/// The version a file whose students carry proposals is written as.
pub const PROPOSALS_VERSION: u32 = 5;
/// The version a file of changes (with `base`) is written as.
pub const DELTA_VERSION: u32 = 4;
/// The version any other file is written as.
pub const WHOLE_VERSION: u32 = 3;
/// The oldest version this app reads.
pub const FIRST_VERSION: u32 = 1;
/// The largest export file read (documents embedded make files large; a
/// backup «без документов» stays small).
pub const MAX_FILE_BYTES: usize = 300 * 1024 * 1024;

/// Whose data a file holds: `"school"`, `{"class":{"class_id":…}}` or
/// `{"student":{"student_id":…}}` (serde's external tagging: an internally
/// tagged enum would cost kilobytes of wasm to read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    School,
    Class {
        class_id: Id,
    },
    /// One child's package, for that child's family.
    Student {
        student_id: Id,
    },
    /// The archive of a finished school year (П2 §7): every class of that
    /// year, and their students' records of that year. It is opened for
    /// reading only, never merged.
    Archive {
        start_year: i32,
    },
}

/// A document's (or thumbnail's) bytes, under its storage key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmbeddedFile {
    pub key: String,
    pub sha256: String,
    /// Standard base64 with padding.
    pub data: String,
}

/// A child's place in their class, with no name of anyone else: «3-е место
/// из 18 (12 баллов за 2026/2027 учебный год)».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassPosition {
    pub place: u32,
    /// The last place of a tie («2–3-е место»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_to: Option<u32>,
    pub of: u32,
    /// What the place is by: the rating points and their span. Absent in
    /// version 1, which ranked by the number of achievements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl ClassPosition {
    pub fn describe(&self) -> String {
        let place = match self.place_to {
            Some(to) if to != self.place => format!("{}–{to}", self.place),
            _ => self.place.to_string(),
        };
        match &self.basis {
            Some(basis) => format!("{place}-е место из {} ({basis})", self.of),
            None => format!("{place}-е место из {} по числу достижений", self.of),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Data {
    #[serde(default)]
    pub school: Option<School>,
    #[serde(default)]
    pub years: Vec<SchoolYear>,
    pub catalogues: Catalogues,
    #[serde(default)]
    pub classes: Vec<Class>,
    #[serde(default)]
    // Shared with the portfolio a file was written from or opened into.
    pub students: Vec<Arc<StudentRecord>>,
    /// Deletions known to the writer (for this scope), so merged copies
    /// do not bring deleted records back.
    #[serde(default)]
    pub deleted: Vec<Deleted>,
    /// Versions that lost merge conflicts (for this scope).
    #[serde(default)]
    pub lost: Vec<Lost>,
    /// False for a file made «без документов»: records describe documents
    /// whose bytes are not in the file.
    pub documents_included: bool,
    #[serde(default)]
    pub files: Vec<EmbeddedFile>,
    #[serde(default)]
    pub class_position: Option<ClassPosition>,
    /// In a file of changes (version 4): what it leaves out because its
    /// reader has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Base>,
    /// In a school or class file of a school device (version 5): the school
    /// key, 64 hex digits, for a new school device to take (never in a
    /// child's file). See [`crate::exchange::sign`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_key: Option<String>,
}

/// What a file of changes left out: every record the reader had when the
/// writer last exchanged a file with it, at the revision it had.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Base {
    /// When the file this one continues went (ms since 1970-01-01 UTC).
    pub since: i64,
    /// The records left out, each at the revision the reader has (or a
    /// later one made from it).
    pub records: BTreeMap<RecordKey, Stamp>,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    #[cfg_attr(feature = "schema", schemars(extend("const" = "portfolio-export")))]
    pub format: String,
    #[cfg_attr(feature = "schema", schemars(extend("enum" = [1, 2, 3, 4, 5])))]
    pub version: u32,
    /// Milliseconds since 1970-01-01 UTC.
    pub exported_at: i64,
    pub scope: Scope,
    pub app_version: String,
    /// The device that wrote the file (as in record revisions).
    pub device: String,
    pub data: Data,
    /// A signed file's HMAC-SHA-256, the last member of its text (version 5;
    /// see [`crate::exchange::sign`]). Never written through serde: the
    /// writer appends it to the text it signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
}

/// The records of a file as a portfolio (for a preview or a merge).
pub fn to_portfolio(d: &Data) -> Portfolio {
    Portfolio {
        school: d.school.clone(),
        years: d.years.clone(),
        catalogues: d.catalogues.clone(),
        classes: d.classes.clone(),
        students: d
            .students
            .iter()
            .map(|r| (r.student.id.clone(), r.clone()))
            .collect(),
        deleted: d.deleted.clone(),
        lost: d.lost.clone(),
    }
}

/// [`to_portfolio`] that takes the records instead of copying them (a large
/// backup's records are not held twice).
pub fn into_portfolio(d: Data) -> Portfolio {
    Portfolio {
        school: d.school,
        years: d.years,
        catalogues: d.catalogues,
        classes: d.classes,
        students: d
            .students
            .into_iter()
            .map(|r| (r.student.id.clone(), r))
            .collect(),
        deleted: d.deleted,
        lost: d.lost,
    }
}
