//! Files of changes: what travels between the teacher and a family over a
//! thin link is only what the other side does not have yet.
//!
//! Each device keeps, per child, what it knows the other side has
//! ([`Known`]): the revision of every record and the hash of every document
//! in the last file that went either way (the teacher's device remembers the
//! files it sent and received; a family's device, the files it received
//! from the teacher). A file of changes ([`thin`]) leaves out every record
//! the other side has at the same revision, and the bytes of every document
//! it has; it names what it left out in its `base`, so the reader can check
//! it has all of it before anything is applied ([`lacking`]). A reader that
//! lacks the base refuses the file and says to ask for the whole package.
//!
//! The child's personal data and classes always travel: they are small, and
//! a file of changes still says whose it is.

use super::format::{Base, EmbeddedFile, Envelope, DELTA_VERSION, PROPOSALS_VERSION};
use crate::records::achievement::Achievement;
use crate::records::catalogue::CatalogueKind;
use crate::records::document::Document;
use crate::records::identity::{Deleted, InStudent, Lost, RecordKey};
use crate::records::observation::Observation;
use crate::records::portfolio::{Portfolio, StudentRecord};
use crate::records::reward::Reward;
use crate::stored::{file_key, thumb_key, Value, Write, META_STORE};
use crate::util::id::{Id, Revision, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What this device knows the other side (the family, or the teacher) has
/// of one child. Kept in «meta» under [`known_key`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// When the file it comes from went (ms since 1970-01-01 UTC).
    pub at: i64,
    pub records: BTreeMap<RecordKey, Stamp>,
    /// Documents whose bytes the other side has: id → SHA-256.
    pub documents: BTreeMap<Id, String>,
    /// Deletions («key@at:device») and lost versions («lost:key@at») it has.
    #[serde(default)]
    pub logged: BTreeSet<String>,
}

/// Where [`Known`] of a child is kept.
pub fn known_key(student_id: &Id) -> String {
    format!("{}{student_id}", crate::stored::READ_ON_DEMAND)
}

/// The write that keeps `known` for the child.
pub fn remember(student_id: &Id, known: &Known) -> Write {
    Write {
        store: META_STORE,
        key: known_key(student_id),
        value: Some(Value::Text(
            serde_json::to_string(known).unwrap_or_default(),
        )),
    }
}

/// Reads what [`remember`] kept: `Ok(None)` when nothing is kept, an error
/// when the text does not read (the caller then knows nothing of the other
/// side, and offers only the whole package).
pub fn recall(text: Option<&str>) -> Result<Option<Known>, serde_json::Error> {
    text.map(serde_json::from_str).transpose()
}

fn deleted_id(d: &Deleted) -> String {
    format!("{}@{}:{}", d.key, d.rev.updated_at, d.rev.device)
}

fn lost_id(l: &Lost) -> String {
    format!("lost:{}@{}", l.key, l.lost_at)
}

/// Calls `f` with every record of `p` (of the child `only`, when given):
/// its key, revision and documents.
fn visit(p: &Portfolio, only: Option<&Id>, f: &mut dyn FnMut(RecordKey, &Revision, &[Document])) {
    if let Some(s) = &p.school {
        f(RecordKey::School, &s.rev, &[]);
    }
    for y in &p.years {
        let key = RecordKey::Year {
            start_year: y.start_year,
        };
        f(key, &y.rev, &[]);
    }
    for kind in CatalogueKind::ALL {
        for e in p.catalogues.list(kind) {
            let key = RecordKey::Entry {
                catalogue: kind,
                id: e.id.clone(),
            };
            f(key, &e.rev, &[]);
        }
    }
    for c in &p.classes {
        f(RecordKey::Class { id: c.id.clone() }, &c.rev, &[]);
    }
    for r in p.students.values() {
        if only.is_some_and(|id| id != &r.student.id) {
            continue;
        }
        visit_student(r, f);
    }
}

fn visit_student(r: &StudentRecord, f: &mut dyn FnMut(RecordKey, &Revision, &[Document])) {
    let sid = &r.student.id;
    f(RecordKey::Student { id: sid.clone() }, &r.student.rev, &[]);
    visit_list::<Achievement>(r, f);
    visit_list::<Reward>(r, f);
    visit_list::<Observation>(r, f);
}

fn visit_list<T: InStudent>(
    r: &StudentRecord,
    f: &mut dyn FnMut(RecordKey, &Revision, &[Document]),
) {
    for x in T::list(r) {
        f(T::key(&r.student.id, x.id()), x.rev(), x.documents());
    }
}

/// Keeps in one of a student's lists the records `keep` keeps.
fn retain_list<T: InStudent>(
    r: &mut StudentRecord,
    keep: &mut dyn FnMut(RecordKey, &Revision) -> bool,
) {
    let sid = r.student.id.clone();
    T::list_mut(r).retain(|x| keep(T::key(&sid, x.id()), x.rev()));
}

impl Known {
    /// What the other side has once a file went between the two: `file` is
    /// the file's records (documents whose bytes it lacked left out), `base`
    /// its base, `here` this device's data after it (whose copies of the
    /// base's records, at the base's revision, give their documents),
    /// `before` what was known until now (its logged deletions stay known),
    /// `at` when the file went.
    pub fn after(
        file: &Portfolio,
        base: Option<&Base>,
        here: &Portfolio,
        before: Option<&Known>,
        at: i64,
    ) -> Known {
        let mut k = Known {
            at,
            ..Known::default()
        };
        visit(file, None, &mut |key, rev, docs| {
            k.records.insert(key, rev.stamp());
            for d in docs {
                k.documents.insert(d.id.clone(), d.sha256.clone());
            }
        });
        if let Some(base) = base {
            for (key, stamp) in &base.records {
                k.records
                    .entry(key.clone())
                    .or_insert_with(|| stamp.clone());
            }
            // The other side has the base's records at the base's revision:
            // the documents of the copies here at that revision, and of
            // copies changed here since, those it was known to have.
            visit(here, None, &mut |key, rev, docs| {
                let Some(had) = base.records.get(&key) else {
                    return;
                };
                for d in docs {
                    let known_before = before
                        .and_then(|b| b.documents.get(&d.id))
                        .is_some_and(|sha| sha == &d.sha256);
                    if had == &rev.stamp() || known_before {
                        k.documents.insert(d.id.clone(), d.sha256.clone());
                    }
                }
            });
        }
        k.logged.extend(file.deleted.iter().map(deleted_id));
        k.logged.extend(file.lost.iter().map(lost_id));
        if let Some(before) = before {
            k.logged.extend(before.logged.iter().cloned());
        }
        k
    }
}

/// The storage keys of the files a file of changes for the child needs:
/// the documents (and thumbnails) the other side does not have.
pub fn file_keys(p: &Portfolio, student_id: &Id, known: &Known) -> Vec<String> {
    let Some(r) = p.students.get(student_id) else {
        return Vec::new();
    };
    r.documents()
        .filter(|d| known.documents.get(&d.id) != Some(&d.sha256))
        .flat_map(|d| {
            let mut k = vec![file_key(&d.id)];
            if d.thumb {
                k.push(thumb_key(&d.id));
            }
            k
        })
        .collect()
}

/// Cuts a child's whole file (`full`, made «без документов») down to what
/// the other side lacks by `known`: the records it does not have at the
/// same revision, the documents' bytes it does not have (from `files`, as
/// [`file_keys`] named them), the deletions and lost versions it has not
/// seen; the rest is named in the file's `base`.
pub fn thin(
    mut full: Envelope,
    known: &Known,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Envelope, String> {
    let d = &mut full.data;
    let mut base = Base {
        since: known.at,
        records: BTreeMap::new(),
    };
    let mut keep = |key: RecordKey, rev: &Revision| -> bool {
        let stamp = rev.stamp();
        if known.records.get(&key) == Some(&stamp) {
            base.records.insert(key, stamp);
            false
        } else {
            true
        }
    };
    if d.school
        .as_ref()
        .is_some_and(|s| !keep(RecordKey::School, &s.rev))
    {
        d.school = None;
    }
    d.years.retain(|y| {
        keep(
            RecordKey::Year {
                start_year: y.start_year,
            },
            &y.rev,
        )
    });
    for kind in CatalogueKind::ALL {
        d.catalogues.retain(kind, |e| {
            keep(
                RecordKey::Entry {
                    catalogue: kind,
                    id: e.id.clone(),
                },
                &e.rev,
            )
        });
    }
    for r in &mut d.students {
        let r = std::sync::Arc::make_mut(r);
        retain_list::<Achievement>(r, &mut keep);
        retain_list::<Reward>(r, &mut keep);
        retain_list::<Observation>(r, &mut keep);
    }
    d.deleted.retain(|x| !known.logged.contains(&deleted_id(x)));
    d.lost.retain(|x| !known.logged.contains(&lost_id(x)));
    let mut embedded = Vec::new();
    for doc in d.students.iter().flat_map(|r| r.documents()) {
        if known.documents.get(&doc.id) == Some(&doc.sha256) {
            continue;
        }
        let mut keys = vec![file_key(&doc.id)];
        if doc.thumb {
            keys.push(thumb_key(&doc.id));
        }
        for key in keys {
            let bytes = files.get(&key).ok_or_else(|| {
                format!("Файл документа «{}» не найден на устройстве: прикрепите документ заново или сохраните «Всё портфолио ребёнка» без документов.", doc.name)
            })?;
            embedded.push(EmbeddedFile {
                sha256: crate::util::sha256::sha256_hex(bytes),
                data: crate::util::base64::encode(bytes),
                key,
            });
        }
    }
    d.files = embedded;
    d.documents_included = true;
    d.base = Some(base);
    full.version = if super::write::carries_proposals(&full.data.students) {
        PROPOSALS_VERSION
    } else {
        DELTA_VERSION
    };
    Ok(full)
}

/// «достижение (версия от 28.11.2026)».
fn describe(key: &RecordKey, stamp: &Stamp) -> String {
    let what = match key {
        RecordKey::School => "сведения о школе".to_string(),
        RecordKey::Year { start_year } => {
            format!(
                "учебный год {}",
                crate::records::school_year::year_label(*start_year)
            )
        }
        RecordKey::Entry { catalogue, .. } => {
            format!("запись справочника «{}»", catalogue.title())
        }
        RecordKey::Class { .. } => "класс".into(),
        RecordKey::Student { .. } => "личные данные".into(),
        RecordKey::Achievement { .. } => "достижение".into(),
        RecordKey::Reward { .. } => "поощрение".into(),
        RecordKey::Observation { .. } => "наблюдение".into(),
    };
    match chrono::DateTime::from_timestamp_millis(stamp.at).filter(|_| stamp.at > 0) {
        Some(t) => format!(
            "{what} (версия от {})",
            crate::util::date::format_ru(t.date_naive())
        ),
        None => what,
    }
}

/// What a file of changes needs and `here` does not have: the records of
/// its base (at their revision or a later one made from it, or deleted
/// here since), and the documents that `merged` (the file's records `file`
/// merged into `here`) keeps but whose bytes are neither here nor among the
/// file's `embedded` ones — a document the other side took for known,
/// removed here since. Empty for a whole file, or when everything is here.
pub fn lacking(
    base: Option<&Base>,
    embedded: &BTreeSet<&str>,
    file: &Portfolio,
    here: &Portfolio,
    merged: &Portfolio,
) -> Vec<String> {
    let Some(base) = base else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The child's own records first: they say most about what is missing.
    let (child, rest): (Vec<_>, Vec<_>) = base
        .records
        .iter()
        .partition(|(k, _)| k.student().is_some());
    for (key, stamp) in child.into_iter().chain(rest) {
        let had = Revision {
            updated_at: stamp.at,
            device: stamp.device.clone(),
            history: Vec::new(),
        };
        let ok = here
            .revision_of(key)
            .is_some_and(|rev| rev.descends_from(&had))
            || here.deleted.iter().any(|x| &x.key == key);
        if !ok {
            out.push(describe(key, stamp));
        }
    }
    let held: BTreeMap<&Id, &str> = here
        .students
        .values()
        .flat_map(|r| r.documents())
        .map(|doc| (&doc.id, doc.sha256.as_str()))
        .collect();
    for id in file.students.keys() {
        let Some(m) = merged.students.get(id) else {
            continue;
        };
        for doc in m.documents() {
            let here_ok = held.get(&doc.id) == Some(&doc.sha256.as_str());
            if !here_ok && !embedded.contains(file_key(&doc.id).as_str()) {
                out.push(format!("документ «{}»", doc.name));
            }
        }
    }
    out
}
