//! A small summary of each student kept beside their record (layout 4): what
//! the first screens show — the name, the class, whether the child still
//! studies here, and how many records they hold — so that start-up can read
//! it without reading and decoding every record of the school.
//!
//! A summary is never written on its own: [`super::writes_for`] writes it
//! (or removes it) with its student's record, in the same transaction, so it
//! can never disagree with the record it sums up.

use crate::records::portfolio::{Portfolio, StudentRecord};
use crate::records::student::Status;
use crate::util::id::Id;
use serde::{Deserialize, Serialize};

/// Keys of «meta» holding a summary: `roster:<student id>`.
pub const ROSTER_PREFIX: &str = "roster:";

/// Where the summary of student `id` is kept.
pub fn roster_key(id: &Id) -> String {
    format!("{ROSTER_PREFIX}{}", id.0)
}

/// What the first screens need of one student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: Id,
    pub class_id: Id,
    pub status: Status,
    /// «Фамилия Имя Отчество».
    pub name: String,
    /// The key students are listed by (case-folded name).
    pub sort: String,
    pub achievements: usize,
    #[serde(default)]
    pub rewards: usize,
    #[serde(default)]
    pub observations: usize,
}

impl Summary {
    pub fn of(r: &StudentRecord) -> Summary {
        Summary {
            id: r.student.id.clone(),
            class_id: r.student.class_id.clone(),
            status: r.student.status,
            name: r.student.full_name(),
            sort: r.student.sort_key(),
            achievements: r.achievements.len(),
            rewards: r.rewards.len(),
            observations: r.observations.len(),
        }
    }
}

/// The summaries among the stored «meta» texts, sorted, and a problem (in Russian)
/// for each that does not read.
pub fn decode_roster(meta: &[(String, String)]) -> (Vec<Summary>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in meta {
        if !key.starts_with(ROSTER_PREFIX) {
            continue;
        }
        match serde_json::from_str::<Summary>(value) {
            Ok(s) => out.push(s),
            Err(e) => problems.push(format!("Не удалось прочитать сводку ученика «{key}»: {e}.")),
        }
    }
    sort(&mut out);
    (out, problems)
}

/// The summaries of every student in `p`, in the order students are listed.
pub fn summaries(p: &Portfolio) -> Vec<Summary> {
    let mut v: Vec<Summary> = p.students.values().map(|r| Summary::of(r)).collect();
    sort(&mut v);
    v
}

/// Lists summaries in the order students are listed (by name, then id).
pub fn sort(v: &mut [Summary]) {
    v.sort_by(|a, b| (&a.sort, &a.id).cmp(&(&b.sort, &b.id)));
}

/// The students who study in class `class_id`, from sorted summaries: what
/// [`Portfolio::students_of_class`] gives, without the records.
pub fn of_class<'a>(all: &'a [Summary], class_id: &'a Id) -> impl Iterator<Item = &'a Summary> {
    all.iter()
        .filter(move |s| &s.class_id == class_id && s.status == Status::Active)
}
