//! Reading a file: its head first (a newer or foreign file is refused
//! before anything else of it is read), then the records, then every rule
//! ([`super::check`]); and what a merge needs of the file's documents.

use super::check::check;
use super::error::ReadError;
use super::format::{Data, Envelope, FIRST_VERSION, FORMAT, MAX_FILE_BYTES, VERSION};
use super::sealed;
use crate::records::Portfolio;
use crate::stored::{file_key, thumb_key, NewFile};
use crate::util::id::Id;
use std::collections::{BTreeMap, BTreeSet};

/// Just the envelope's head, read first, so a newer file is refused before
/// anything else of it is read.
pub(super) struct Head {
    pub format: Option<String>,
    pub version: Option<i64>,
}

impl Head {
    /// A plain export of a version this release reads.
    pub fn readable(&self) -> bool {
        self.format.as_deref() == Some(FORMAT)
            && self
                .version
                .is_some_and(|v| (FIRST_VERSION as i64..=VERSION as i64).contains(&v))
    }
}

/// Reads the head: the keys up to `format` and `version` (the first two in
/// every file the app writes), not the whole text — the full read follows,
/// and a second pass over a large file cost as much as the first.
pub(super) fn head_of(text: &str) -> Result<Head, ReadError> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
    struct HeadVisitor<'a>(&'a std::cell::RefCell<Option<Head>>);
    impl<'de> Visitor<'de> for HeadVisitor<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut head = Head {
                format: None,
                version: None,
            };
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "format" => head.format = map.next_value()?,
                    "version" => head.version = map.next_value()?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if head.format.is_some() && head.version.is_some() {
                    break;
                }
            }
            // Kept here: stopping early makes the reader complain about the
            // rest of the object, which the full read checks anyway.
            *self.0.borrow_mut() = Some(head);
            Ok(())
        }
    }
    let found = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de.deserialize_map(HeadVisitor(&found));
    if let Some(head) = found.into_inner() {
        return Ok(head);
    }
    Err(match result {
        Err(e) if !e.is_data() || e.to_string().contains("recursion limit") => ReadError::json(&e),
        _ => ReadError::NotOurs,
    })
}

/// What a file turned out to be: an export read and checked, or an
/// encrypted one whose envelope is checked and which waits for its passphrase.
pub enum Opened {
    Plain(Box<Envelope>),
    Sealed(sealed::Sealed),
}

/// `text` is at most `limit` bytes long.
pub(super) fn within(text: &str, limit: usize) -> Result<(), ReadError> {
    if text.len() > limit {
        return Err(ReadError::TooBig {
            len: text.len(),
            limit,
        });
    }
    Ok(())
}

/// Reads any file the app writes; its head is read once and decides which.
pub fn open(text: &str) -> Result<Opened, ReadError> {
    within(text, sealed::MAX_SEALED_BYTES)?;
    let head = head_of(text)?;
    if head.format.as_deref() == Some(sealed::SEALED_FORMAT) {
        return Ok(Opened::Sealed(sealed::open(text)?));
    }
    within(text, MAX_FILE_BYTES)?;
    read(text, head).map(|e| Opened::Plain(Box::new(e)))
}

/// Reads an export file: the head, then the data, then every rule.
pub fn parse(text: &str) -> Result<Envelope, ReadError> {
    within(text, MAX_FILE_BYTES)?;
    read(text, head_of(text)?)
}

/// The rest of [`parse`] once the head is read.
fn read(text: &str, head: Head) -> Result<Envelope, ReadError> {
    if head.format.as_deref() != Some(FORMAT) {
        return Err(ReadError::NotOurs);
    }
    match head.version {
        // Every earlier version reads as it is: see VERSION.
        Some(_) if head.readable() => {}
        Some(version) if version > VERSION as i64 => return Err(ReadError::Newer { version }),
        _ => return Err(ReadError::UnknownVersion),
    }
    let env: Envelope = serde_json::from_str(text).map_err(|e| ReadError::json(&e))?;
    let problems = check(&env);
    if problems.is_empty() {
        Ok(env)
    } else {
        Err(ReadError::Rules(problems))
    }
}

/// The bytes of the embedded files, by storage key (after [`parse`] checked them).
pub fn embedded_files(d: &Data) -> BTreeMap<String, Vec<u8>> {
    d.files
        .iter()
        .filter_map(|f| Some((f.key.clone(), crate::util::base64::decode(&f.data)?)))
        .collect()
}

/// For a file «без документов»: removes from `incoming` the documents whose
/// bytes are neither in the file nor already on this device (`here`), so
/// the records can be merged; returns how many were left out.
pub fn drop_missing_documents(incoming: &mut Portfolio, here: &Portfolio) -> usize {
    let known: BTreeSet<&Id> = here
        .students
        .values()
        .flat_map(|r| r.documents())
        .map(|d| &d.id)
        .collect();
    let mut dropped = 0;
    for r in incoming.students.values_mut() {
        let missing = r.documents().any(|d| !known.contains(&d.id));
        if !missing {
            continue;
        }
        for documents in std::sync::Arc::make_mut(r).documents_mut() {
            let before = documents.len();
            documents.retain(|d| known.contains(&d.id));
            dropped += before - documents.len();
        }
    }
    dropped
}

/// The bytes a merge needs: the embedded documents (with thumbnails) that
/// `here` does not have yet. Only those are decoded and kept until «Применить»:
/// re-opening a large backup holds no second copy of photos already stored.
pub fn new_files(d: &Data, here: &Portfolio) -> Vec<NewFile> {
    let known: BTreeSet<&Id> = here
        .students
        .values()
        .flat_map(|r| r.documents())
        .map(|doc| &doc.id)
        .collect();
    let wanted: BTreeSet<String> = d
        .students
        .iter()
        .flat_map(|r| r.documents())
        .filter(|doc| !known.contains(&doc.id))
        .flat_map(|doc| [file_key(&doc.id), thumb_key(&doc.id)])
        .collect();
    let bytes: BTreeMap<&str, Vec<u8>> = d
        .files
        .iter()
        .filter(|f| wanted.contains(&f.key))
        .filter_map(|f| Some((f.key.as_str(), crate::util::base64::decode(&f.data)?)))
        .collect();
    d.students
        .iter()
        .flat_map(|r| r.documents())
        .filter(|doc| !known.contains(&doc.id))
        .filter_map(|doc| {
            let main = bytes.get(file_key(&doc.id).as_str())?;
            Some(NewFile {
                id: doc.id.clone(),
                bytes: main.clone().into(),
                thumb: bytes
                    .get(thumb_key(&doc.id).as_str())
                    .map(|t| t.clone().into()),
            })
        })
        .collect()
}
