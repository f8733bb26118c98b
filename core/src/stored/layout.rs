//! Reading what storage holds back into a portfolio, and bringing the
//! records an older release stored to today's layout ([`LAYOUT`]).

use super::roster::{roster_key, Summary, ROSTER_PREFIX};
use super::{json, Value, Write, META_STORE, STUDENTS_STORE};
use crate::records::{Catalogues, Class, Portfolio, School, SchoolYear, StudentRecord};
use crate::util::id::Id;
use std::sync::Arc;

/// Rebuilds the portfolio from stored documents. A document that cannot be
/// read is left out and reported (in Russian) rather than stopping the app;
/// it stays untouched in storage.
pub fn decode(meta: &[(String, String)], students: &[String]) -> (Portfolio, Vec<String>) {
    let (p, problems, _) = decode_keeping(meta, students.to_vec());
    (p, problems)
}

/// [`decode`] that also gives back each student's stored text, by id — the
/// text a file of the school copies instead of writing the record again.
pub fn decode_keeping(
    meta: &[(String, String)],
    students: Vec<String>,
) -> (Portfolio, Vec<String>, Vec<(Id, String)>) {
    let (mut p, mut problems) = decode_meta(meta);
    let records = decode_records(students, 0);
    problems.extend(records.problems);
    let texts = add_records(&mut p, records.records);
    (p, problems, texts)
}

/// The school without its students: what «meta» holds (the school, years,
/// catalogues, classes and logs). Summaries and the keys read on demand
/// are not part of it.
pub fn decode_meta(meta: &[(String, String)]) -> (Portfolio, Vec<String>) {
    let (mut p, mut problems) = decode_school(meta);
    problems.extend(decode_logs(&mut p, meta));
    (p, problems)
}

/// What start-up reads first: the school, its years, catalogues and
/// classes — not the logs of deleted records and of «Архив версий», which
/// hold whole records and are read with the records ([`decode_logs`]).
pub fn decode_school(meta: &[(String, String)]) -> (Portfolio, Vec<String>) {
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
            problems.push(unreadable(key, e));
        }
    }
    crate::records::school_year::sort_years(&mut p.years);
    (p, problems)
}

/// The «meta» keys [`decode_logs`] reads.
pub const LOG_KEYS: [&str; 2] = ["deleted", "lost"];

/// Puts the logs «meta» holds — deleted records, «Архив версий» — into
/// `p`; a problem (in Russian) for each that does not read.
pub fn decode_logs(p: &mut Portfolio, meta: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, value) in meta {
        let r = match key.as_str() {
            "deleted" => serde_json::from_str(value).map(|v| p.deleted = v),
            "lost" => serde_json::from_str(value).map(|v| p.lost = v),
            _ => Ok(()),
        };
        if let Err(e) = r {
            problems.push(unreadable(key, e));
        }
    }
    problems
}

fn unreadable(key: &str, e: serde_json::Error) -> String {
    format!("Не удалось прочитать сохранённые данные «{key}»: {e}.")
}

/// Students' records decoded from their stored texts, each with its text.
#[derive(Debug, Default)]
pub struct Records {
    pub records: Vec<(StudentRecord, String)>,
    /// In Russian, one for each text that does not read.
    pub problems: Vec<String>,
}

/// Decodes stored student texts — all of them, or one slice of them at a
/// time (`first` is the number of texts before this slice, so a problem
/// names the record's place among all of them).
pub fn decode_records(students: Vec<String>, first: usize) -> Records {
    let mut out = Records {
        records: Vec::with_capacity(students.len()),
        problems: Vec::new(),
    };
    for (i, value) in students.into_iter().enumerate() {
        match serde_json::from_str::<StudentRecord>(&value) {
            Ok(r) => out.records.push((r, value)),
            Err(e) => out.problems.push(format!(
                "Не удалось прочитать запись ученика №{}: {e}.",
                first + i + 1
            )),
        }
    }
    out
}

/// Puts decoded records into `p`; gives back each one's text, by id.
pub fn add_records(p: &mut Portfolio, records: Vec<(StudentRecord, String)>) -> Vec<(Id, String)> {
    let mut texts = Vec::with_capacity(records.len());
    for (r, text) in records {
        texts.push((r.student.id.clone(), text));
        p.students.insert(r.student.id.clone(), Arc::new(r));
    }
    texts
}

/// The layout mark stored in «meta» (`None`: no mark, before layout 3 or an
/// empty database).
pub fn stored_layout(meta: &[(String, String)]) -> Option<u32> {
    meta.iter()
        .find(|(k, _)| k == LAYOUT_KEY)
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// Whether «meta» says the records are in today's layout, so that its
/// summaries can stand for them until they are read; otherwise start-up
/// reads everything and [`upgrade`]s it first.
pub fn is_current(meta: &[(String, String)]) -> bool {
    stored_layout(meta) == Some(LAYOUT)
}

/// The shape of the stored records, kept in «meta» under [`LAYOUT_KEY`]
/// (absent: before the second regulation). Raised with a migration only.
///
/// 3: an achievement's `gto` is a badge object (before, a tick); students
/// hold `rewards` and `observations`; the catalogues hold `reward_kinds`.
/// 4: «meta» holds a summary of each student (`roster:<id>`) beside the
/// record.
pub const LAYOUT: u32 = 4;
pub const LAYOUT_KEY: &str = "layout";

/// The writes that bring data stored by an older release to [`LAYOUT`]:
/// every record that reads is written back in today's shape, and the layout
/// mark last — all in one transaction, so a start interrupted half-way finds
/// the old layout and does it again. `None` when nothing is to do. Records
/// that do not read are left as they are (and reported by [`decode`]). An
/// empty database gets just the mark.
pub fn upgrade(meta: &[(String, String)], students: &[String]) -> Option<Vec<Write>> {
    let layout = stored_layout(meta).unwrap_or(2);
    if layout >= LAYOUT {
        return None;
    }
    // A new, empty database starts at today's layout.
    let mut out = Vec::new();
    let mut rewrite = |store: &'static str, key: String, old: &str, new: Option<String>| {
        if let Some(new) = new.filter(|n| n != old) {
            out.push(Write {
                store,
                key,
                value: Some(Value::Text(new)),
            });
        }
    };
    // Up to 3: records in today's shape.
    if layout < 3 {
        for (key, value) in meta {
            if key == "catalogues" {
                let new = serde_json::from_str::<Catalogues>(value)
                    .ok()
                    .map(|c| json(&c));
                rewrite(META_STORE, key.clone(), value, new);
            }
        }
    }
    // 4: a summary beside each record that reads (and none left over).
    let mut summed = Vec::with_capacity(students.len());
    for value in students {
        if let Ok(r) = serde_json::from_str::<StudentRecord>(value) {
            let key = r.student.id.0.clone();
            if layout < 3 {
                rewrite(STUDENTS_STORE, key, value, Some(json(&r)));
            }
            summed.push((roster_key(&r.student.id), json(&Summary::of(&r))));
        }
    }
    for (key, _) in meta.iter().filter(|(k, _)| k.starts_with(ROSTER_PREFIX)) {
        if !summed.iter().any(|(k, _)| k == key) {
            out.push(Write {
                store: META_STORE,
                key: key.clone(),
                value: None,
            });
        }
    }
    for (key, summary) in summed {
        out.push(Write {
            store: META_STORE,
            key,
            value: Some(Value::Text(summary)),
        });
    }
    out.push(layout_mark());
    Some(out)
}

/// The write that marks the stored records as [`LAYOUT`]: the last write
/// of an upgrade, and the only one a new, empty database needs.
pub fn layout_mark() -> Write {
    Write {
        store: META_STORE,
        key: LAYOUT_KEY.into(),
        value: Some(Value::Text(LAYOUT.to_string())),
    }
}
