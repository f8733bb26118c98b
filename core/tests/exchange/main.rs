//! The export file: round trips over generated schools, the child package's
//! privacy rule, and a corpus of more than 1,000 malformed files, each of
//! which must be refused with a Russian message (and none may panic).

use portfolio_core::exchange::{
    embedded_files, export, file_keys, to_json, to_portfolio, Envelope, KnownTexts, PartRead,
    Scope, FORMAT, VERSION, WHOLE_VERSION,
};
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::{Id, Portfolio, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

#[path = "../common/mod.rs"]
mod common;
use common::{school, writer, Rng};

/// The file's reading, its refusal as the Russian text a user is shown.
fn parse(text: &str) -> Result<Envelope, String> {
    portfolio_core::exchange::parse(text).map_err(|e| e.to_string())
}

fn full_export(p: &Portfolio, files: &BTreeMap<String, Vec<u8>>) -> String {
    to_json(&export(p, &Scope::School, Some(files), &writer()).unwrap())
}

/// A valid file to break.
fn sample() -> String {
    let (_, p, files) = school(42, 6);
    assert!(!files.is_empty());
    full_export(&p, &files)
}

fn refused(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("accepted: {}", &text[..text.len().min(300)]),
        Err(e) => {
            assert!(!e.is_empty());
            assert!(
                e.chars().any(|c| ('а'..='я').contains(&c)),
                "not Russian: {e}"
            );
            e
        }
    }
}

/// Every way the tests break a valid file.
fn corpus(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Truncations at 700 places.
    for k in 0..700 {
        let cut = k * (bytes.len() - 1) / 700;
        if let Ok(t) = std::str::from_utf8(&bytes[..cut]) {
            out.push((format!("truncated at {cut}"), t.to_string()));
        }
    }
    let env: Envelope = serde_json::from_str(text).unwrap();
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    // Every field removed and every field given a value of the wrong type.
    let mut paths = Vec::new();
    collect_paths(&value, String::new(), &mut paths);
    for path in &paths {
        let mut v = value.clone();
        if remove(&mut v, path) {
            out.push((format!("without {path}"), v.to_string()));
        }
        let mut v = value.clone();
        if let Some(slot) = v.pointer_mut(path) {
            *slot = match slot {
                serde_json::Value::String(_) => serde_json::json!(12345),
                serde_json::Value::Number(_) => serde_json::json!("двенадцать"),
                serde_json::Value::Bool(_) => serde_json::json!("да"),
                serde_json::Value::Array(_) => serde_json::json!({"a": 1}),
                serde_json::Value::Object(_) => serde_json::json!([1, 2]),
                serde_json::Value::Null => serde_json::json!([[]]),
            };
            out.push((format!("wrong type at {path}"), v.to_string()));
        }
    }
    // Huge strings, deep nesting, broken references, bad dates, bad files.
    let mut e = env.clone();
    Arc::make_mut(&mut e.data.students[0])
        .student
        .personal
        .last_name = "Я".repeat(1_000_000);
    out.push(("huge name".into(), to_json(&e)));
    let mut e = env.clone();
    if let Some(a) = e
        .data
        .students
        .iter_mut()
        .flat_map(|r| &mut Arc::make_mut(r).achievements)
        .next()
    {
        a.result = "ы".repeat(50_000);
    }
    out.push(("huge result".into(), to_json(&e)));
    for depth in [200, 10_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        out.push((
            format!("nesting {depth} in data"),
            text.replacen("\"data\":{", &format!("\"data\":{{\"x\":{nested},"), 1),
        ));
        out.push((format!("nesting {depth} alone"), nested));
    }
    let mut e = env.clone();
    Arc::make_mut(&mut e.data.students[0]).student.class_id = Id("нет-такого-класса".into());
    out.push(("student in unknown class".into(), to_json(&e)));
    let mut e = env.clone();
    let dup = e.data.students[0].clone();
    e.data.students.push(dup);
    out.push(("student twice".into(), to_json(&e)));
    for date in ["2026-02-30", "2026-13-01", "26.10.2026", "", "2026-1-1"] {
        out.push((
            format!("bad date {date}"),
            text.replacen(
                "\"date\":\"2026-10-",
                &format!("\"date\":\"{date}\",\"x\":\"2026-10-"),
                1,
            ),
        ));
        out.push((
            format!("bad birth date {date}"),
            text.replacen(
                "\"birth_date\":\"2018-09-01\"",
                &format!("\"birth_date\":\"{date}\""),
                1,
            ),
        ));
    }
    let mut e = env.clone();
    e.data.files[0].data.push('!');
    out.push(("bad base64".into(), to_json(&e)));
    let mut e = env.clone();
    e.data.files[0].sha256 = "0".repeat(64);
    out.push(("hash mismatch".into(), to_json(&e)));
    let mut e = env.clone();
    e.data.files.remove(0);
    out.push(("missing file".into(), to_json(&e)));
    let mut e = env.clone();
    let extra = e.data.files[0].clone();
    e.data.files.push(portfolio_core::exchange::EmbeddedFile {
        key: "чужой".into(),
        ..extra
    });
    out.push(("stray file".into(), to_json(&e)));
    let mut e = env.clone();
    e.scope = Scope::Student {
        student_id: e.data.students[0].student.id.clone(),
    };
    out.push(("child scope with the whole school".into(), to_json(&e)));
    let mut e = env.clone();
    e.data.catalogues.achievement_types.clear();
    out.push(("no achievement types".into(), to_json(&e)));
    let mut e = env;
    Arc::make_mut(&mut e.data.students[0])
        .student
        .personal
        .last_name = "  ".into();
    out.push(("no last name".into(), to_json(&e)));
    out
}

fn collect_paths(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                collect_paths(x, p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate().take(2) {
                collect_paths(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn remove(v: &mut serde_json::Value, path: &str) -> bool {
    let (parent, key) = path.rsplit_once('/').unwrap();
    match v.pointer_mut(parent) {
        Some(serde_json::Value::Object(m)) => m.remove(key).is_some(),
        _ => false,
    }
}

/// Fields a file may leave out (they have defaults) and free texts whose
/// type change is still refused but whose removal is not an error.
fn optional(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap();
    matches!(
        last,
        "school" | "years" | "classes" | "students" | "deleted" | "lost" | "files" | "class_position"
            | "achievements" | "documents" | "result" | "staff_id" | "category_id" | "organisation"
            | "assessment" | "in_gir" | "gto" | "caption" | "name" | "width" | "height" | "thumb"
            | "role" | "teacher_id" | "patronymic" | "notes" | "contacts" | "snils" | "visa"
            | "birth_certificate" | "other_document" | "citizenship" | "reward_kinds"
            | "rewards" | "observations" | "achievement_id" | "by_family"
    ) || path.contains("/personal/")
        || path.contains("/gto/")
        // School years written before revisions existed on them.
        || (path.starts_with("/data/years/") && last == "rev")
}

/// `text` (a file of today's version) as version `to` wrote the same
/// records: without what came later, the ГТО badge a tick.
fn as_older(text: &str, to: u32) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["version"] = to.into();
    let d = &mut v["data"];
    d["catalogues"]
        .as_object_mut()
        .unwrap()
        .remove("reward_kinds");
    let mut dropped = Vec::new();
    for r in d["students"].as_array_mut().unwrap() {
        let r = r.as_object_mut().unwrap();
        for x in r
            .remove("rewards")
            .iter()
            .flat_map(|x| x.as_array().unwrap())
        {
            for doc in x["documents"].as_array().into_iter().flatten() {
                dropped.push(doc["id"].as_str().unwrap().to_string());
            }
        }
        r.remove("observations");
        for a in r["achievements"].as_array_mut().unwrap() {
            let a = a.as_object_mut().unwrap();
            a.remove("by_family");
            let tick = a.remove("gto").is_some();
            a.insert("gto".into(), tick.into());
        }
    }
    d["files"].as_array_mut().unwrap().retain(|f| {
        !dropped
            .iter()
            .any(|id| f["key"].as_str().unwrap().starts_with(id.as_str()))
    });
    serde_json::to_string(&v).unwrap()
}

/// Reads `text` as the app does: in parts when it can, whole otherwise.
fn read_in_parts(text: &str) -> Result<Envelope, String> {
    read_knowing(text, KnownTexts::default()).0
}

/// [`read_in_parts`] with the texts storage holds here; also how many
/// students were recognised by their text (`None`: read whole).
fn read_knowing(text: &str, known: KnownTexts) -> (Result<Envelope, String>, Option<usize>) {
    let Some(mut r) = PartRead::start(text, known) else {
        return (parse(text), None);
    };
    let mut last = 0.0;
    while !r.done() {
        match r.step(7) {
            Some(done) => {
                assert!((last..=1.0).contains(&done), "progress {last} → {done}");
                last = done;
            }
            None => return (parse(text), None),
        }
    }
    let recognised = r.recognised;
    match r.finish() {
        Some(env) => (Ok(env), Some(recognised)),
        None => (parse(text), None),
    }
}

/// What storage holds for each record of `p`: its text as written.
fn stored_texts(p: &portfolio_core::Portfolio) -> Vec<(Arc<StudentRecord>, Arc<String>)> {
    p.students
        .values()
        .map(|r| {
            (
                r.clone(),
                Arc::new(serde_json::to_string(r.as_ref()).unwrap()),
            )
        })
        .collect()
}

mod archive;
mod parts;
mod refusals;
mod scopes;
mod versions;
