//! Record identity: which record a key names ([`RecordKey`]), the log of
//! deleted records ([`Deleted`]), a version set aside by a merge ([`Lost`]),
//! and what every versioned record offers the merge, the deletion log, the
//! lineage of edits and files of changes ([`Record`], [`InStudent`]).

use super::achievement::Achievement;
use super::catalogue::{CatalogueKind, Entry};
use super::document::Document;
use super::observation::Observation;
use super::portfolio::StudentRecord;
use super::reward::Reward;
use super::school::{Class, School};
use super::school_year::SchoolYear;
use super::student::Student;
use crate::util::date::format_ru;
use crate::util::id::{Id, Revision};
use serde::{Deserialize, Serialize};

/// Which record. Stored as a short text key — «school», «year:2026»,
/// «entry:types:<id>», «class:<id>», «student:<id>»,
/// «achievement:<student id>:<id>» — rather than a tagged object, whose
/// serde code costs kilobytes of wasm.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordKey {
    School,
    Year {
        start_year: i32,
    },
    Entry {
        catalogue: CatalogueKind,
        id: Id,
    },
    Class {
        id: Id,
    },
    Student {
        id: Id,
    },
    Achievement {
        student_id: Id,
        id: Id,
    },
    /// «Поощрение»; format 3.
    Reward {
        student_id: Id,
        id: Id,
    },
    /// An observation of personal and meta-subject results; format 3.
    Observation {
        student_id: Id,
        id: Id,
    },
}

impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordKey::School => f.write_str("school"),
            RecordKey::Year { start_year } => write!(f, "year:{start_year}"),
            RecordKey::Entry { catalogue, id } => write!(f, "entry:{}:{id}", catalogue.slug()),
            RecordKey::Class { id } => write!(f, "class:{id}"),
            RecordKey::Student { id } => write!(f, "student:{id}"),
            RecordKey::Achievement { student_id, id } => write!(f, "achievement:{student_id}:{id}"),
            RecordKey::Reward { student_id, id } => write!(f, "reward:{student_id}:{id}"),
            RecordKey::Observation { student_id, id } => {
                write!(f, "observation:{student_id}:{id}")
            }
        }
    }
}

impl RecordKey {
    /// Reads the text form back; `None` for anything else.
    pub fn parse(s: &str) -> Option<RecordKey> {
        let id = |x: &str| (!x.is_empty() && !x.contains(':')).then(|| Id(x.to_string()));
        let mut parts = s.splitn(3, ':');
        let kind = parts.next()?;
        let (a, b) = (parts.next(), parts.next());
        Some(match (kind, a, b) {
            ("school", None, None) => RecordKey::School,
            ("year", Some(y), None) => RecordKey::Year {
                start_year: y.parse().ok()?,
            },
            ("entry", Some(k), Some(i)) => RecordKey::Entry {
                catalogue: CatalogueKind::from_slug(k)?,
                id: id(i)?,
            },
            ("class", Some(i), None) => RecordKey::Class { id: id(i)? },
            ("student", Some(i), None) => RecordKey::Student { id: id(i)? },
            ("achievement", Some(s), Some(i)) => RecordKey::Achievement {
                student_id: id(s)?,
                id: id(i)?,
            },
            ("reward", Some(s), Some(i)) => RecordKey::Reward {
                student_id: id(s)?,
                id: id(i)?,
            },
            ("observation", Some(s), Some(i)) => RecordKey::Observation {
                student_id: id(s)?,
                id: id(i)?,
            },
            _ => return None,
        })
    }

    /// The student whose data this is, if any.
    pub fn student(&self) -> Option<&Id> {
        match self {
            RecordKey::Student { id } => Some(id),
            RecordKey::Achievement { student_id, .. }
            | RecordKey::Reward { student_id, .. }
            | RecordKey::Observation { student_id, .. } => Some(student_id),
            _ => None,
        }
    }
}

/// In the JSON Schema a record key is text of a stated pattern.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for RecordKey {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RecordKey".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Which record: «school», «year:2026», «entry:<types|levels|places|subjects|staff|categories|documents|rewards>:<id>», «class:<id>», «student:<id>», «achievement:<student id>:<id>», «reward:<student id>:<id>» or «observation:<student id>:<id>».",
            "pattern": "^(school|year:-?[0-9]+|entry:(types|levels|places|subjects|staff|categories|documents|rewards):[^:]+|class:[^:]+|student:[^:]+|(achievement|reward|observation):[^:]+:[^:]+)$"
        })
    }
}

impl Serialize for RecordKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RecordKey::parse(&s).ok_or_else(|| serde::de::Error::custom("неверный ключ записи"))
    }
}

/// A record deleted on some device: who deleted it and when (`rev`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deleted {
    pub key: RecordKey,
    /// What it was, for the preview («ученик Иванов Иван»).
    pub what: String,
    pub rev: Revision,
}

/// A version that lost a conflict, kept whole (as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lost {
    pub key: RecordKey,
    pub what: String,
    pub value: String,
    /// When the merge that set it aside happened.
    pub lost_at: i64,
}

pub trait Record: Clone + PartialEq + Serialize {
    fn rev(&self) -> &Revision;
    fn rev_mut(&mut self) -> &mut Revision;
    /// Whether this copy, of the same revision as `here`, has more in it.
    fn completes(&self, _here: &Self) -> bool {
        false
    }
}

macro_rules! record {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn rev(&self) -> &Revision { &self.rev }
            fn rev_mut(&mut self) -> &mut Revision { &mut self.rev }
        }
    )*};
}
record!(School, SchoolYear, Entry, Class, Student, Observation);

/// The same revision with documents this copy lacks: it came here from a
/// file «без документов», and this one brings them.
fn brings_documents(there: &[Document], here: &[Document]) -> bool {
    there.len() > here.len() && here.iter().all(|d| there.iter().any(|x| x.id == d.id))
}

impl Record for Reward {
    fn rev(&self) -> &Revision {
        &self.rev
    }
    fn rev_mut(&mut self) -> &mut Revision {
        &mut self.rev
    }
    fn completes(&self, here: &Self) -> bool {
        brings_documents(&self.documents, &here.documents)
    }
}

impl Record for Achievement {
    fn rev(&self) -> &Revision {
        &self.rev
    }
    fn rev_mut(&mut self) -> &mut Revision {
        &mut self.rev
    }
    fn completes(&self, here: &Self) -> bool {
        brings_documents(&self.documents, &here.documents)
    }
}

/// The records a student holds in lists — achievements, rewards,
/// observations — as the merge, the deletion log, the lineage of edits and
/// files of changes see them.
pub trait InStudent: Record {
    fn list(r: &StudentRecord) -> &Vec<Self>;
    fn list_mut(r: &mut StudentRecord) -> &mut Vec<Self>;
    fn id(&self) -> &Id;
    fn key(student_id: &Id, id: &Id) -> RecordKey;
    /// «достижение «…» (Иванов Иван)».
    fn what(&self, name: &str) -> String;
    /// Its confirming documents (none for an observation).
    fn documents(&self) -> &[Document] {
        &[]
    }
    /// Entered by the school (not by the family on its device): a family's
    /// file may propose a change to it, never make one.
    fn by_school(&self) -> bool {
        true
    }
    /// A family's file may add such a record (then marked as the family's).
    fn family_may_add() -> bool {
        false
    }
    /// Marks a record a family's file added as the family's own.
    fn mark_family(&mut self) {}
}

/// Whether a family's device may change or delete `r`: only what the family
/// entered there itself. The school's records — achievements and rewards it
/// entered, every observation — are read-only on a family's device.
pub fn family_may_change<T: InStudent>(r: &T) -> bool {
    !r.by_school()
}

/// The parts of [`InStudent`] that only name the list and the key.
macro_rules! in_student {
    ($list:ident, $key:ident) => {
        fn list(r: &StudentRecord) -> &Vec<Self> {
            &r.$list
        }
        fn list_mut(r: &mut StudentRecord) -> &mut Vec<Self> {
            &mut r.$list
        }
        fn id(&self) -> &Id {
            &self.id
        }
        fn key(student_id: &Id, id: &Id) -> RecordKey {
            RecordKey::$key {
                student_id: student_id.clone(),
                id: id.clone(),
            }
        }
    };
}

impl InStudent for Achievement {
    in_student!(achievements, Achievement);
    fn what(&self, name: &str) -> String {
        format!("достижение «{}» ({name})", self.title)
    }
    fn documents(&self) -> &[Document] {
        &self.documents
    }
    fn by_school(&self) -> bool {
        !self.by_family
    }
    fn family_may_add() -> bool {
        true
    }
    fn mark_family(&mut self) {
        self.by_family = true;
    }
}

impl InStudent for Reward {
    in_student!(rewards, Reward);
    fn what(&self, name: &str) -> String {
        format!("поощрение от {} ({name})", format_ru(self.date))
    }
    fn documents(&self) -> &[Document] {
        &self.documents
    }
    fn by_school(&self) -> bool {
        !self.by_family
    }
    fn family_may_add() -> bool {
        true
    }
    fn mark_family(&mut self) {
        self.by_family = true;
    }
}

impl InStudent for Observation {
    in_student!(observations, Observation);
    fn what(&self, name: &str) -> String {
        format!("наблюдение от {} ({name})", format_ru(self.date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_round_trip_as_text() {
        let keys = [
            RecordKey::School,
            RecordKey::Year { start_year: 2026 },
            RecordKey::Entry {
                catalogue: CatalogueKind::Staff,
                id: Id("x-1".into()),
            },
            RecordKey::Class { id: Id("c".into()) },
            RecordKey::Student { id: Id("s".into()) },
            RecordKey::Achievement {
                student_id: Id("s".into()),
                id: Id("a".into()),
            },
            RecordKey::Reward {
                student_id: Id("s".into()),
                id: Id("r".into()),
            },
            RecordKey::Observation {
                student_id: Id("s".into()),
                id: Id("o".into()),
            },
        ];
        for k in keys {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(
                serde_json::from_str::<RecordKey>(&json).unwrap(),
                k,
                "{json}"
            );
        }
        assert_eq!(
            RecordKey::Achievement {
                student_id: Id("s".into()),
                id: Id("a".into())
            }
            .to_string(),
            "achievement:s:a"
        );
        for bad in [
            "",
            "school:x",
            "year:двадцать",
            "entry:nope:1",
            "student:",
            "achievement:s",
            "achievement:s:a:b",
            "class:a:b",
        ] {
            assert_eq!(RecordKey::parse(bad), None, "{bad}");
        }
    }
}
