//! How the portfolio is laid out in browser storage: a few small documents
//! («meta» store) and one document per student holding the student and all of
//! their achievements («students» store), each as JSON text. The storage
//! adapter only moves these strings; this module decides what they contain.

use crate::catalogue::Catalogues;
use crate::id::Id;
use crate::portfolio::{Portfolio, StudentRecord};
use crate::school::{Class, School};
use crate::school_year::SchoolYear;
use std::sync::Arc;

pub const META_STORE: &str = "meta";
pub const STUDENTS_STORE: &str = "students";

/// One stored document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    School,
    Years,
    Catalogues,
    Classes,
    Student(Id),
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
            Key::Student(id) => id.0.clone(),
        }
    }
}

/// One change to storage: a document to write, or to remove when `value` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    pub store: &'static str,
    pub key: String,
    pub value: Option<String>,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

/// The writes that store `keys` as they are in `p` (a missing student is a delete).
pub fn writes_for(p: &Portfolio, keys: &[Key]) -> Vec<Write> {
    keys.iter()
        .map(|k| {
            let value = match k {
                Key::School => p.school.as_ref().map(json),
                Key::Years => Some(json(&p.years)),
                Key::Catalogues => Some(json(&p.catalogues)),
                Key::Classes => Some(json(&p.classes)),
                Key::Student(id) => p.students.get(id).map(|r| json(r.as_ref())),
            };
            Write {
                store: k.store(),
                key: k.name(),
                value,
            }
        })
        .collect()
}

/// Rebuilds the portfolio from stored documents. A document that cannot be
/// read is left out and reported (in Russian) rather than stopping the app;
/// it stays untouched in storage.
pub fn decode(meta: &[(String, String)], students: &[String]) -> (Portfolio, Vec<String>) {
    let mut p = Portfolio::default();
    let mut problems = Vec::new();
    for (key, value) in meta {
        let r = match key.as_str() {
            "school" => serde_json::from_str::<School>(value).map(|v| p.school = Some(v)),
            "years" => serde_json::from_str::<Vec<SchoolYear>>(value).map(|v| p.years = v),
            "catalogues" => serde_json::from_str::<Catalogues>(value).map(|v| p.catalogues = v),
            "classes" => serde_json::from_str::<Vec<Class>>(value).map(|v| p.classes = v),
            _ => Ok(()),
        };
        if let Err(e) = r {
            problems.push(format!(
                "Не удалось прочитать сохранённые данные «{key}»: {e}."
            ));
        }
    }
    for (i, value) in students.iter().enumerate() {
        match serde_json::from_str::<StudentRecord>(value) {
            Ok(r) => {
                p.students.insert(r.student.id.clone(), Arc::new(r));
            }
            Err(e) => problems.push(format!(
                "Не удалось прочитать запись ученика №{}: {e}.",
                i + 1
            )),
        }
    }
    p.years.sort_by_key(|y| y.start_year);
    (p, problems)
}
