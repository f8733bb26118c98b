//! How the portfolio is laid out in browser storage: a few small documents
//! («meta» store) and one document per student holding the student and all of
//! their achievements («students» store), each as JSON text. The storage
//! adapter only moves these strings; this module decides what they contain.
//!
//! Beside each record, «meta» keeps a small summary of the student
//! (`roster.rs`, layout 4) for the first screens.
//!
//! The bytes of «Подтверждающие документы» live in a third store, «files»,
//! as raw bytes (not Blobs: iOS Safari has a long record of losing Blobs in
//! IndexedDB), keyed by the document id, with its thumbnail at `<id>/thumb`.
//! Records stay small and fast to load; a record and its files are written
//! in the same transaction, so neither is ever left without the other.

use crate::records::document::Document;
use crate::records::portfolio::Portfolio;
use crate::util::id::Id;
use std::sync::Arc;

mod layout;
mod roster;
mod space;

pub use layout::{
    add_records, decode, decode_keeping, decode_logs, decode_meta, decode_records, decode_school,
    is_current, layout_mark, stored_layout, upgrade, Records, LAYOUT, LAYOUT_KEY, LOG_KEYS,
};
pub use roster::{decode_roster, of_class, roster_key, summaries, Summary, ROSTER_PREFIX};
pub use space::StorageUse;

pub const META_STORE: &str = "meta";
/// Keys of «meta» from here (inclusive) to [`READ_ON_DEMAND_END`]
/// (exclusive) are not read at start-up: what other devices are known to
/// have of each child (`delta::Known`), read only when a child's file is
/// made or opened.
pub const READ_ON_DEMAND: &str = "exchange:";
pub const READ_ON_DEMAND_END: &str = "exchange;";
pub const STUDENTS_STORE: &str = "students";
pub const FILES_STORE: &str = "files";

/// Where a document's bytes are kept.
pub fn file_key(id: &Id) -> String {
    id.0.clone()
}

/// Where a document's thumbnail is kept.
pub fn thumb_key(id: &Id) -> String {
    format!("{}/thumb", id.0)
}

/// One stored document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    School,
    Years,
    Catalogues,
    Classes,
    Student(Id),
    /// The log of deleted records.
    Deleted,
    /// Versions that lost a merge conflict.
    Lost,
}

impl Key {
    pub fn store(&self) -> &'static str {
        match self {
            Key::Student(_) => STUDENTS_STORE,
            _ => META_STORE,
        }
    }

    pub fn name(&self) -> String {
        match self {
            Key::School => "school".into(),
            Key::Years => "years".into(),
            Key::Catalogues => "catalogues".into(),
            Key::Classes => "classes".into(),
            Key::Deleted => "deleted".into(),
            Key::Lost => "lost".into(),
            Key::Student(id) => id.0.clone(),
        }
    }
}

/// A stored value: JSON text for records, bytes for files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Bytes(Arc<[u8]>),
}

/// One change to storage: a value to write, or to remove when `value` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    pub store: &'static str,
    pub key: String,
    pub value: Option<Value>,
}

impl Write {
    /// The JSON text written, if this writes a record.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// The bytes of a document just added, and of its thumbnail.
#[derive(Clone, Debug)]
pub struct NewFile {
    pub id: Id,
    pub bytes: Arc<[u8]>,
    pub thumb: Option<Arc<[u8]>>,
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

/// The writes that store `keys` as they are in `p` (a missing student is a
/// delete). A student's record goes with its summary (`roster:<id>` in
/// «meta»), written or removed beside it.
pub fn writes_for(p: &Portfolio, keys: &[Key]) -> Vec<Write> {
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let value = match k {
            Key::School => p.school.as_ref().map(json),
            Key::Years => Some(json(&p.years)),
            Key::Catalogues => Some(json(&p.catalogues)),
            Key::Classes => Some(json(&p.classes)),
            Key::Deleted => Some(json(&p.deleted)),
            Key::Lost => Some(json(&p.lost)),
            Key::Student(id) => {
                let r = p.students.get(id);
                out.push(Write {
                    store: META_STORE,
                    key: roster_key(id),
                    value: r.map(|r| Value::Text(json(&Summary::of(r)))),
                });
                r.map(|r| json(r.as_ref()))
            }
        }
        .map(Value::Text);
        out.push(Write {
            store: k.store(),
            key: k.name(),
            value,
        });
    }
    out
}

fn documents_of<'a>(p: &'a Portfolio, id: &Id) -> Vec<&'a Document> {
    p.students
        .get(id)
        .map(|r| r.documents().collect())
        .unwrap_or_default()
}

/// Everything to write for a change from `before` to `after` that touched
/// `keys`: the records, the bytes of documents added (taken from `files`) and
/// the removal of documents that are gone — with their achievement or their
/// student — so no file is ever orphaned. A new document whose bytes are
/// missing or do not match its hash is refused; bytes that no record refers
/// to are not written.
pub fn changes(
    before: &Portfolio,
    after: &Portfolio,
    keys: &[Key],
    files: &[NewFile],
) -> Result<Vec<Write>, String> {
    let mut out = writes_for(after, keys);
    for key in keys {
        let Key::Student(sid) = key else { continue };
        let old = documents_of(before, sid);
        let new = documents_of(after, sid);
        for d in &old {
            if !new.iter().any(|n| n.id == d.id) {
                for k in [file_key(&d.id), thumb_key(&d.id)] {
                    out.push(Write {
                        store: FILES_STORE,
                        key: k,
                        value: None,
                    });
                }
            }
        }
        for d in &new {
            if old.iter().any(|o| o.id == d.id) {
                continue;
            }
            let file = files
                .iter()
                .find(|f| f.id == d.id)
                .filter(|f| d.matches(&f.bytes))
                .ok_or_else(|| {
                    format!(
                        "Файл «{}» не найден или повреждён — прикрепите его ещё раз.",
                        d.name
                    )
                })?;
            out.push(Write {
                store: FILES_STORE,
                key: file_key(&d.id),
                value: Some(Value::Bytes(file.bytes.clone())),
            });
            if let (true, Some(t)) = (d.thumb, &file.thumb) {
                out.push(Write {
                    store: FILES_STORE,
                    key: thumb_key(&d.id),
                    value: Some(Value::Bytes(t.clone())),
                });
            }
        }
    }
    Ok(out)
}
