//! Merging what a file brings into the portfolio, without losing anyone's work.
//!
//! Records are compared one by one — the school, each school year, each
//! catalogue entry, each class, each student's personal data, each
//! achievement (with its documents) — by their revisions:
//! - the same revision: nothing to do;
//! - one side was made from the other (its history holds the other's
//!   revision): the newer one is kept;
//! - both were changed since they last met: a **conflict**. The later edit
//!   wins (the device id breaks a tie, so every device picks the same one),
//!   and the losing version is kept whole in the portfolio's archive of lost
//!   versions, so nothing anyone typed is lost.
//!
//! A record in the file that differs from the copy here **under the same
//! revision** was changed outside the app (edited by hand, or damaged): it is
//! never taken silently. The preview lists it as «Запись изменена вне
//! приложения», and it is applied only when the user confirms — with the
//! copy here kept in «Архив версий».
//!
//! Deletions are logged. An incoming record that was deleted here stays
//! deleted unless it was changed after the deletion; a child whose study
//! ended (or who was deleted) never comes back. A deletion that comes with
//! the file removes the record here unless it was changed here afterwards.

use crate::achievement::Achievement;
use crate::catalogue::{CatalogueKind, Entry};
use crate::id::{Id, Revision};
use crate::observation::Observation;
use crate::portfolio::{Portfolio, StudentRecord};
use crate::reward::Reward;
use crate::school::{Class, School};
use crate::school_year::{year_label, SchoolYear};
use crate::stored::Key;
use crate::student::Student;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

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

/// Lines of a preview: the first [`Lines::NAMED`] written out, the rest
/// only counted (a fresh device opening a school's file gets 50,000 «новое»
/// lines; nobody reads past the first screen of them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    named: Vec<String>,
    more: usize,
}

impl Lines {
    /// How many lines are written out.
    pub const NAMED: usize = 30;

    /// Adds a line; `line` is called only when it is written out.
    pub fn add(&mut self, line: impl FnOnce() -> String) {
        if self.named.len() < Self::NAMED {
            self.named.push(line());
        } else {
            self.more += 1;
        }
    }

    /// All lines, named or not.
    pub fn len(&self) -> usize {
        self.named.len() + self.more
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }

    /// The lines written out, in the order they were added.
    pub fn named(&self) -> &[String] {
        &self.named
    }
}

/// What a merge did (or, before it is applied, would do): the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: Lines,
    pub updated: Lines,
    /// «достижение «…» (Иванов Иван): оставлена версия с устройства X от …»
    pub conflicts: Lines,
    pub deleted: Lines,
    /// Records in the file that stay deleted here.
    pub not_restored: Lines,
    /// Records that differ from the copy here under the same revision:
    /// changed outside the app. Left as they are here unless the merge was
    /// told to accept them.
    pub changed_outside: Lines,
    /// Records newer here than in the file.
    pub newer_here: usize,
    pub unchanged: usize,
    /// The stored documents to write.
    pub keys: Vec<Key>,
}

impl Report {
    /// Nothing would change.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

pub(crate) trait Record: Clone + PartialEq + Serialize {
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
fn brings_documents(there: &[crate::Document], here: &[crate::Document]) -> bool {
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

enum Outcome<T> {
    Same,
    Incoming(T),
    /// The same revision, other content.
    ChangedOutside(T),
    NewerHere,
    /// The merged record and the losing version.
    Conflict {
        merged: T,
        loser: T,
        incoming_won: bool,
    },
}

fn pair<T: Record>(here: &T, there: &T) -> Outcome<T> {
    if here == there {
        return Outcome::Same;
    }
    if here.rev().stamp() == there.rev().stamp() {
        return if there.completes(here) {
            Outcome::Incoming(there.clone())
        } else if same_content(here, there) {
            // Only the history differs (one side merged a conflict since).
            Outcome::Same
        } else {
            Outcome::ChangedOutside(there.clone())
        };
    }
    if there.rev().descends_from(here.rev()) {
        return Outcome::Incoming(there.clone());
    }
    if here.rev().descends_from(there.rev()) {
        return Outcome::NewerHere;
    }
    let incoming_won = there.rev().is_newer_than(here.rev());
    let (mut merged, loser) = if incoming_won {
        (there.clone(), here.clone())
    } else {
        (here.clone(), there.clone())
    };
    // The merged record now knows both pasts: the next merge with either
    // side sees it as newer, not as another conflict.
    let loser_rev = loser.rev().clone();
    merged.rev_mut().inherit(&loser_rev);
    Outcome::Conflict {
        merged,
        loser,
        incoming_won,
    }
}

/// Equal but for their revisions' history.
fn same_content<T: Record>(a: &T, b: &T) -> bool {
    let mut b = b.clone();
    *b.rev_mut() = a.rev().clone();
    *a == b
}

fn when(rev: &Revision) -> String {
    chrono::DateTime::from_timestamp_millis(rev.updated_at)
        .map(|t| crate::date::format_ru(t.date_naive()))
        .unwrap_or_default()
}

struct Merger<'a> {
    deleted_here: &'a [Deleted],
    /// Take records changed outside the app (the user confirmed).
    accept_changed: bool,
    out: Portfolio,
    report: Report,
    now: i64,
    keys: BTreeSet<Key>,
}

impl Merger<'_> {
    fn deletion_here(&self, key: &RecordKey) -> Option<&Deleted> {
        self.deleted_here.iter().find(|d| &d.key == key)
    }

    /// Merges one record; `slot` is the record here (None: not here).
    /// Returns the record to keep, or None to leave `slot` as it is.
    fn one<T: Record>(
        &mut self,
        key: RecordKey,
        what: &dyn Fn() -> String,
        here: Option<&T>,
        there: &T,
        store: Key,
    ) -> Option<T> {
        match here {
            None => {
                if let Some(d) = self.deletion_here(&key) {
                    // A child whose data was deleted (end of study) never
                    // comes back; other records only if changed afterwards.
                    let ended = matches!(key, RecordKey::Student { .. });
                    if ended || there.rev().updated_at <= d.rev.updated_at {
                        self.report.not_restored.add(what);
                        return None;
                    }
                    // Changed elsewhere after it was deleted here: it comes back.
                    self.out.deleted.retain(|x| x.key != key);
                }
                self.report.added.add(what);
                self.keys.insert(store);
                Some(there.clone())
            }
            Some(here) => match pair(here, there) {
                Outcome::Same => {
                    self.report.unchanged += 1;
                    None
                }
                Outcome::NewerHere => {
                    self.report.newer_here += 1;
                    None
                }
                Outcome::Incoming(t) => {
                    self.report.updated.add(what);
                    self.keys.insert(store);
                    Some(t)
                }
                Outcome::ChangedOutside(t) => {
                    let what = what();
                    self.report.changed_outside.add(|| what.clone());
                    if !self.accept_changed {
                        return None;
                    }
                    // The copy here stays readable in «Архив версий».
                    self.out.lost.push(Lost {
                        key,
                        what: format!("{what} (до изменения вне приложения)"),
                        value: serde_json::to_string(here).unwrap_or_default(),
                        lost_at: self.now,
                    });
                    self.keys.insert(Key::Lost);
                    self.keys.insert(store);
                    Some(t)
                }
                Outcome::Conflict {
                    merged,
                    loser,
                    incoming_won,
                } => {
                    let what = what();
                    let side = if incoming_won {
                        "из файла"
                    } else {
                        "с этого устройства"
                    };
                    self.report.conflicts.add(|| format!(
                        "{what}: изменено и здесь, и в файле; оставлена более поздняя версия {side} ({}), другая сохранена в архиве",
                        when(merged.rev())
                    ));
                    self.out.lost.push(Lost {
                        key,
                        what,
                        value: serde_json::to_string(&loser).unwrap_or_default(),
                        lost_at: self.now,
                    });
                    self.keys.insert(Key::Lost);
                    self.keys.insert(store);
                    Some(merged)
                }
            },
        }
    }

    /// Merges a list of records identified by `id`.
    fn list<T: Record>(
        &mut self,
        here: Vec<T>,
        there: &[T],
        id: impl Fn(&T) -> RecordKey,
        what: impl Fn(&T) -> String,
        store: Key,
    ) -> Vec<T> {
        let mut merged = here;
        // Where each record is, looked up once per incoming record (a
        // search per record made large lists quadratic).
        let mut at: std::collections::BTreeMap<RecordKey, usize> =
            merged.iter().enumerate().map(|(i, h)| (id(h), i)).collect();
        for t in there {
            let key = id(t);
            let pos = at.get(&key).copied();
            let name = || what(t);
            if let Some(new) = self.one(
                key.clone(),
                &name,
                pos.map(|i| &merged[i]),
                t,
                store.clone(),
            ) {
                match pos {
                    Some(i) => merged[i] = new,
                    None => {
                        at.insert(key, merged.len());
                        merged.push(new);
                    }
                }
            }
        }
        merged
    }
}

impl Merger<'_> {
    /// Merges one of a student's lists (achievements, rewards, observations).
    fn in_student<T: InStudent>(
        &mut self,
        here: &StudentRecord,
        there: &StudentRecord,
        name: &str,
    ) -> Vec<T> {
        let sid = there.student.id.clone();
        self.list(
            T::list(here).clone(),
            T::list(there),
            |x| T::key(&sid, x.id()),
            |x| x.what(name),
            Key::Student(sid.clone()),
        )
    }
}

/// Merges `there` (read from a file, with its deletion log) into `here`.
/// `now` stamps the archive of lost versions. Records changed outside the
/// app are listed and left as they are here.
pub fn merge(here: &Portfolio, there: &Portfolio, now: i64) -> (Portfolio, Report) {
    merge_accepting(here, there, now, false)
}

/// [`merge`] that, with `accept_changed`, also takes the records changed
/// outside the app (the copies here go to «Архив версий»).
pub fn merge_accepting(
    here: &Portfolio,
    there: &Portfolio,
    now: i64,
    accept_changed: bool,
) -> (Portfolio, Report) {
    let mut m = Merger {
        accept_changed,
        deleted_here: &here.deleted,
        out: here.clone(),
        report: Report::default(),
        now,
        keys: BTreeSet::new(),
    };
    // The school's name.
    if let Some(s) = &there.school {
        let current = m.out.school.clone();
        if let Some(new) = m.one(
            RecordKey::School,
            &|| "название школы".into(),
            current.as_ref(),
            s,
            Key::School,
        ) {
            m.out.school = Some(new);
        }
    }
    let years = std::mem::take(&mut m.out.years);
    m.out.years = m.list(
        years,
        &there.years,
        |y| RecordKey::Year {
            start_year: y.start_year,
        },
        |y| format!("учебный год {}", year_label(y.start_year)),
        Key::Years,
    );
    crate::school_year::sort_years(&mut m.out.years);
    for kind in CatalogueKind::ALL {
        let entries = m.out.catalogues.list(kind).clone();
        let merged = m.list(
            entries,
            there.catalogues.list(kind),
            |e| RecordKey::Entry {
                catalogue: kind,
                id: e.id.clone(),
            },
            |e| format!("справочник «{}»: «{}»", kind.title(), e.name),
            Key::Catalogues,
        );
        m.out.catalogues.retain(kind, |_| false);
        m.out.catalogues.extend(kind, merged);
    }
    let classes = std::mem::take(&mut m.out.classes);
    m.out.classes = m.list(
        classes,
        &there.classes,
        |c| RecordKey::Class { id: c.id.clone() },
        |c| format!("класс {}", c.name),
        Key::Classes,
    );
    for (sid, r) in &there.students {
        let name = r.student.full_name();
        let key = RecordKey::Student { id: sid.clone() };
        let here_rec = m.out.students.get(sid).cloned();
        let student = match &here_rec {
            None => {
                if m.one::<Student>(
                    key,
                    &|| format!("ученик {name}"),
                    None,
                    &r.student,
                    Key::Student(sid.clone()),
                )
                .is_none()
                {
                    continue; // stays deleted
                }
                // A new student comes with all their records.
                let added = &mut m.report.added;
                r.achievements
                    .iter()
                    .for_each(|a| added.add(|| a.what(&name)));
                r.rewards.iter().for_each(|x| added.add(|| x.what(&name)));
                r.observations
                    .iter()
                    .for_each(|o| added.add(|| o.what(&name)));
                m.out.students.insert(sid.clone(), r.clone());
                continue;
            }
            // The same record here (most of a backup opened again): nothing
            // to merge, nothing to copy.
            Some(h) if Arc::ptr_eq(h, r) || h.as_ref() == r.as_ref() => {
                m.report.unchanged +=
                    1 + r.achievements.len() + r.rewards.len() + r.observations.len();
                continue;
            }
            Some(h) => m
                .one(
                    key,
                    &|| format!("ученик {name}"),
                    Some(&h.student),
                    &r.student,
                    Key::Student(sid.clone()),
                )
                .unwrap_or_else(|| h.student.clone()),
        };
        let here_rec = here_rec.unwrap_or_else(|| r.clone());
        let achievements = m.in_student::<Achievement>(&here_rec, r, &name);
        let rewards = m.in_student::<Reward>(&here_rec, r, &name);
        let observations = m.in_student::<Observation>(&here_rec, r, &name);
        let rec = StudentRecord {
            student,
            achievements,
            rewards,
            observations,
        };
        if rec != *here_rec {
            m.out.students.insert(sid.clone(), Arc::new(rec));
        }
    }
    // Deletions that came with the file.
    for d in &there.deleted {
        apply_deletion(&mut m, d);
    }
    for d in &there.deleted {
        // A deletion that did not apply (the record was changed here after
        // it) is not logged: the record stands.
        if m.out.revision_of(&d.key).is_some() {
            continue;
        }
        // One entry per record: the latest deletion, so the order in which
        // devices' logs meet does not decide what a later edit is compared
        // with.
        match m.out.deleted.iter_mut().find(|x| x.key == d.key) {
            Some(x) if d.rev.is_newer_than(&x.rev) => *x = d.clone(),
            Some(_) => {}
            None => m.out.deleted.push(d.clone()),
        }
    }
    if m.out.deleted != here.deleted {
        m.keys.insert(Key::Deleted);
    }
    let Merger {
        out,
        mut report,
        keys,
        ..
    } = m;
    report.keys = keys.into_iter().collect();
    (out, report)
}

/// «поощрение от 12.03.2026 (Иванов Иван)».
fn reward_what(r: &Reward, name: &str) -> String {
    format!("поощрение от {} ({name})", crate::date::format_ru(r.date))
}

/// «наблюдение от 12.03.2026 (Иванов Иван)».
fn observation_what(o: &Observation, name: &str) -> String {
    format!("наблюдение от {} ({name})", crate::date::format_ru(o.date))
}

/// The records a student holds in lists — achievements, rewards,
/// observations — as the merge, the deletion log, the lineage of edits and
/// files of changes see them.
pub(crate) trait InStudent: Record {
    fn list(r: &StudentRecord) -> &Vec<Self>;
    fn list_mut(r: &mut StudentRecord) -> &mut Vec<Self>;
    fn id(&self) -> &Id;
    fn key(student_id: &Id, id: &Id) -> RecordKey;
    /// «достижение «…» (Иванов Иван)».
    fn what(&self, name: &str) -> String;
    /// Its confirming documents (none for an observation).
    fn documents(&self) -> &[crate::Document] {
        &[]
    }
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
    fn documents(&self) -> &[crate::Document] {
        &self.documents
    }
}

impl InStudent for Reward {
    in_student!(rewards, Reward);
    fn what(&self, name: &str) -> String {
        reward_what(self, name)
    }
    fn documents(&self) -> &[crate::Document] {
        &self.documents
    }
}

impl InStudent for Observation {
    in_student!(observations, Observation);
    fn what(&self, name: &str) -> String {
        observation_what(self, name)
    }
}

/// Removes a student's record that a deletion in the file names, unless it
/// was changed here after the deletion.
fn delete_in_student<T: InStudent>(m: &mut Merger, d: &Deleted, student_id: &Id, id: &Id) {
    let Some(r) = m.out.students.get(student_id) else {
        return;
    };
    let Some(i) = T::list(r).iter().position(|x| x.id() == id) else {
        return;
    };
    if T::list(r)[i].rev().updated_at > d.rev.updated_at {
        m.report.not_restored.add(|| {
            format!(
                "{}: изменено здесь после удаления в файле — оставлено",
                d.what
            )
        });
        return;
    }
    let Some(r) = m.out.students.get_mut(student_id) else {
        return;
    };
    let rec = Arc::make_mut(r);
    let x = T::list_mut(rec).remove(i);
    m.report.deleted.add(|| x.what(&rec.student.full_name()));
    m.keys.insert(Key::Student(student_id.clone()));
}

/// The records of a student's list that an edit removed, for the deletion log.
fn gone_from<T: InStudent>(
    before: &StudentRecord,
    after: &StudentRecord,
    name: &str,
    gone: &mut Vec<(RecordKey, String)>,
) {
    let sid = &before.student.id;
    for x in T::list(before) {
        if !T::list(after).iter().any(|y| y.id() == x.id()) {
            gone.push((T::key(sid, x.id()), x.what(name)));
        }
    }
}

/// Removes a record deleted elsewhere, unless it was changed here later
/// (a child's end of study always applies).
fn apply_deletion(m: &mut Merger, d: &Deleted) {
    let later = |rev: &Revision| rev.updated_at > d.rev.updated_at;
    match &d.key {
        RecordKey::Student { id } => {
            if let Some(r) = m.out.students.remove(id) {
                m.report
                    .deleted
                    .add(|| format!("ученик {}", r.student.full_name()));
                m.keys.insert(Key::Student(id.clone()));
            }
        }
        RecordKey::Achievement { student_id, id } => {
            delete_in_student::<Achievement>(m, d, student_id, id)
        }
        RecordKey::Reward { student_id, id } => delete_in_student::<Reward>(m, d, student_id, id),
        RecordKey::Observation { student_id, id } => {
            delete_in_student::<Observation>(m, d, student_id, id)
        }
        RecordKey::Class { id } => {
            if let Some(i) = m
                .out
                .classes
                .iter()
                .position(|c| &c.id == id && !later(&c.rev))
            {
                let c = m.out.classes.remove(i);
                m.report.deleted.add(|| format!("класс {}", c.name));
                m.keys.insert(Key::Classes);
            }
        }
        RecordKey::Entry { catalogue, id } => {
            let used = m.out.usage(*catalogue, id).total() > 0;
            if let Some(e) = m.out.catalogues.get(*catalogue, id).cloned() {
                if !used && !later(&e.rev) {
                    m.out.catalogues.retain(*catalogue, |x| &x.id != id);
                    m.report
                        .deleted
                        .add(|| format!("справочник «{}»: «{}»", catalogue.title(), e.name));
                    m.keys.insert(Key::Catalogues);
                }
            }
        }
        RecordKey::School | RecordKey::Year { .. } => {}
    }
}

/// After an edit: every changed record takes its previous revision as its
/// past (so a later merge knows it was made from it), and every record that
/// is gone is logged as deleted. Returns the extra stored keys to write.
pub fn record_edit(
    before: &Portfolio,
    after: &mut Portfolio,
    keys: &[Key],
    rev: &Revision,
) -> Vec<Key> {
    fn lineage<T: Record>(before: &[T], after: &mut [T], same: impl Fn(&T, &T) -> bool) {
        for a in after.iter_mut() {
            if let Some(b) = before.iter().find(|b| same(b, a)) {
                if a.rev().stamp() != b.rev().stamp() {
                    let past = b.rev().clone();
                    a.rev_mut().inherit(&past);
                }
            }
        }
    }
    let mut gone = Vec::new();
    for key in keys {
        match key {
            Key::School => {
                if let (Some(b), Some(a)) = (&before.school, &mut after.school) {
                    lineage(std::slice::from_ref(b), std::slice::from_mut(a), |_, _| {
                        true
                    });
                }
            }
            Key::Years => lineage(&before.years, &mut after.years, |x, y| {
                x.start_year == y.start_year
            }),
            Key::Catalogues => {
                for kind in CatalogueKind::ALL {
                    let mut list = after.catalogues.list(kind).clone();
                    lineage(before.catalogues.list(kind), &mut list, |x, y| x.id == y.id);
                    for e in before.catalogues.list(kind) {
                        if !list.iter().any(|x| x.id == e.id) {
                            gone.push((
                                RecordKey::Entry {
                                    catalogue: kind,
                                    id: e.id.clone(),
                                },
                                format!("справочник «{}»: «{}»", kind.title(), e.name),
                            ));
                        }
                    }
                    after.catalogues.retain(kind, |_| false);
                    after.catalogues.extend(kind, list);
                }
            }
            Key::Classes => {
                lineage(&before.classes, &mut after.classes, |x, y| x.id == y.id);
                for c in &before.classes {
                    if !after.classes.iter().any(|x| x.id == c.id) {
                        gone.push((
                            RecordKey::Class { id: c.id.clone() },
                            format!("класс {}", c.name),
                        ));
                    }
                }
            }
            Key::Student(id) => {
                let Some(b) = before.students.get(id) else {
                    continue;
                };
                let name = b.student.full_name();
                match after.students.get_mut(id) {
                    None => gone.push((
                        RecordKey::Student { id: id.clone() },
                        format!("ученик {name}"),
                    )),
                    Some(a) => {
                        if **a == **b {
                            continue;
                        }
                        let a = Arc::make_mut(a);
                        lineage(
                            std::slice::from_ref(&b.student),
                            std::slice::from_mut(&mut a.student),
                            |_, _| true,
                        );
                        lineage(&b.achievements, &mut a.achievements, |x, y| x.id == y.id);
                        lineage(&b.rewards, &mut a.rewards, |x, y| x.id == y.id);
                        lineage(&b.observations, &mut a.observations, |x, y| x.id == y.id);
                        gone_from::<Achievement>(b, a, &name, &mut gone);
                        gone_from::<Reward>(b, a, &name, &mut gone);
                        gone_from::<Observation>(b, a, &name, &mut gone);
                    }
                }
            }
            Key::Deleted | Key::Lost => {}
        }
    }
    if gone.is_empty() {
        return Vec::new();
    }
    let mut logged = false;
    for (key, what) in gone {
        // A deletion already logged (one that came with a file) keeps its
        // own time: re-dating it would delete later edits elsewhere.
        if !after.deleted.iter().any(|d| d.key == key) {
            after.deleted.push(Deleted {
                key,
                what,
                rev: rev.clone(),
            });
            logged = true;
        }
    }
    if logged {
        vec![Key::Deleted]
    } else {
        Vec::new()
    }
}

/// Brings the archived version `index` of [`Portfolio::lost`] back: it
/// replaces the record as a new edit stamped `rev` (made from both the
/// archived version and the current one, so the next merge with either side
/// sees it as newer), and the version it replaces takes its place in the
/// archive — nothing is lost either way. Gives what it was and the stored
/// documents to write.
pub fn restore(
    p: &mut Portfolio,
    index: usize,
    rev: &Revision,
    now: i64,
) -> Result<(String, Vec<Key>), String> {
    let lost = p
        .lost
        .get(index)
        .cloned()
        .ok_or("Версия не найдена в архиве.")?;
    let gone = "Этой записи больше нет: версию некуда вернуть.";
    let broken = "Версия в архиве повреждена и не может быть возвращена.";
    fn back<T: Record + serde::de::DeserializeOwned>(
        slot: &mut T,
        value: &str,
        rev: &Revision,
        broken: &str,
    ) -> Result<String, String> {
        let mut v: T = serde_json::from_str(value).map_err(|_| broken.to_string())?;
        let archived = v.rev().clone();
        *v.rev_mut() = rev.clone();
        v.rev_mut().inherit(&archived);
        let replaced = serde_json::to_string(slot).unwrap_or_default();
        *slot = v;
        Ok(replaced)
    }
    let (replaced, replaced_what, key) = match &lost.key {
        RecordKey::School => (
            back(p.school.as_mut().ok_or(gone)?, &lost.value, rev, broken)?,
            "школа".to_string(),
            Key::School,
        ),
        RecordKey::Year { start_year } => {
            let y = p
                .years
                .iter_mut()
                .find(|y| y.start_year == *start_year)
                .ok_or(gone)?;
            let what = format!("учебный год {}", year_label(y.start_year));
            (back(y, &lost.value, rev, broken)?, what, Key::Years)
        }
        RecordKey::Entry { catalogue, id } => {
            let mut list = p.catalogues.list(*catalogue).clone();
            let e = list.iter_mut().find(|e| &e.id == id).ok_or(gone)?;
            let what = format!("справочник «{}»: «{}»", catalogue.title(), e.name);
            let replaced = back(e, &lost.value, rev, broken)?;
            p.catalogues.retain(*catalogue, |_| false);
            p.catalogues.extend(*catalogue, list);
            (replaced, what, Key::Catalogues)
        }
        RecordKey::Class { id } => {
            let c = p.classes.iter_mut().find(|c| &c.id == id).ok_or(gone)?;
            let what = format!("класс {}", c.name);
            (back(c, &lost.value, rev, broken)?, what, Key::Classes)
        }
        RecordKey::Student { id } => {
            let r = Arc::make_mut(p.students.get_mut(id).ok_or(gone)?);
            let what = format!("ученик {}", r.student.full_name());
            (
                back(&mut r.student, &lost.value, rev, broken)?,
                what,
                Key::Student(id.clone()),
            )
        }
        RecordKey::Achievement { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let a = r
                .achievements
                .iter_mut()
                .find(|a| &a.id == id)
                .ok_or(gone)?;
            // Documents belong to the record as it is now: their bytes are
            // stored for the current version only.
            let documents = a.documents.clone();
            let what = format!("достижение «{}» ({})", a.title, r.student.full_name());
            let replaced = back(a, &lost.value, rev, broken)?;
            a.documents = documents;
            (replaced, what, Key::Student(student_id.clone()))
        }
        RecordKey::Reward { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let name = r.student.full_name();
            let x = r.rewards.iter_mut().find(|x| &x.id == id).ok_or(gone)?;
            let documents = x.documents.clone();
            let what = reward_what(x, &name);
            let replaced = back(x, &lost.value, rev, broken)?;
            x.documents = documents;
            (replaced, what, Key::Student(student_id.clone()))
        }
        RecordKey::Observation { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let name = r.student.full_name();
            let x = r
                .observations
                .iter_mut()
                .find(|x| &x.id == id)
                .ok_or(gone)?;
            let what = observation_what(x, &name);
            (
                back(x, &lost.value, rev, broken)?,
                what,
                Key::Student(student_id.clone()),
            )
        }
    };
    p.lost[index] = Lost {
        key: lost.key,
        what: replaced_what,
        value: replaced,
        lost_at: now,
    };
    Ok((lost.what, vec![key, Key::Lost]))
}

/// What an archived version says, as (label, value) lines a teacher can
/// read: an achievement's fields with catalogue names, a student's filled
/// «Личные данные», or a name. A version that does not read shows as stored.
pub fn lost_details(l: &Lost, p: &Portfolio) -> Vec<(&'static str, String)> {
    let c = &p.catalogues;
    let v = &l.value;
    let read = match &l.key {
        RecordKey::Achievement { .. } => serde_json::from_str::<Achievement>(v).ok().map(|a| {
            let mut out = vec![
                ("Наименование", a.title.clone()),
                (
                    "Тип достижения",
                    c.name(CatalogueKind::AchievementTypes, &a.type_id),
                ),
                ("Дата проведения", crate::date::format_ru(a.date)),
            ];
            out.extend(crate::achievement::details(&a, c));
            out
        }),
        RecordKey::Reward { .. } => serde_json::from_str::<Reward>(v).ok().map(|r| {
            vec![
                (
                    "Вид поощрения",
                    c.name(CatalogueKind::RewardKinds, &r.kind_id),
                ),
                ("Дата вручения", crate::date::format_ru(r.date)),
                (
                    "За успехи в",
                    format!("{} деятельности", crate::reward::prepositional(r.activity)),
                ),
                ("Кем вручено", r.awarded_by),
            ]
        }),
        RecordKey::Observation { .. } => serde_json::from_str::<Observation>(v).ok().map(|o| {
            vec![
                ("Дата наблюдения", crate::date::format_ru(o.date)),
                ("Результаты", o.tag_labels()),
                ("Что наблюдали", o.text),
                ("Кто наблюдал", o.observer),
            ]
        }),
        RecordKey::Student { .. } => serde_json::from_str::<Student>(v).ok().map(|s| {
            crate::student::filled_fields(&s, &p.classes)
                .into_iter()
                .map(|(f, value)| (f.label, value))
                .collect()
        }),
        RecordKey::Entry { .. } => serde_json::from_str::<Entry>(v)
            .ok()
            .map(|e| vec![("Название", e.name)]),
        RecordKey::Class { .. } => serde_json::from_str::<Class>(v)
            .ok()
            .map(|x| vec![("Класс", x.name)]),
        RecordKey::School => serde_json::from_str::<School>(v)
            .ok()
            .map(|x| vec![("Название школы", x.name)]),
        RecordKey::Year { .. } => serde_json::from_str::<SchoolYear>(v).ok().map(|y| {
            let periods: Vec<String> = y.periods.iter().map(|x| x.name.clone()).collect();
            vec![
                ("Учебный год", year_label(y.start_year)),
                ("Периоды", periods.join(", ")),
            ]
        }),
    };
    read.unwrap_or_else(|| vec![("Запись", v.clone())])
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
