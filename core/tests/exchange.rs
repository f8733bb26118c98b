//! The export file: round trips over generated schools, the child package's
//! privacy rule, and a corpus of more than 1,000 malformed files, each of
//! which must be refused with a Russian message (and none may panic).

use portfolio_core::catalogue::CatalogueKind;
use portfolio_core::exchange::{
    embedded_files, export, file_keys, parse, to_json, to_portfolio, Envelope, KnownTexts,
    PartRead, Scope, FORMAT, VERSION, WHOLE_VERSION,
};
use portfolio_core::{Id, Portfolio, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

mod common;
use common::{school, writer, Rng};

fn full_export(p: &Portfolio, files: &BTreeMap<String, Vec<u8>>) -> String {
    to_json(&export(p, &Scope::School, Some(files), &writer()).unwrap())
}

#[test]
fn a_full_backup_round_trips_exactly() {
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 25);
        let text = full_export(&p, &files);
        let env = parse(&text).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(env.format, FORMAT);
        assert_eq!(env.version, WHOLE_VERSION);
        assert_eq!(to_portfolio(&env.data), p, "seed {seed}");
        assert_eq!(embedded_files(&env.data), files, "seed {seed}");
        // Writing what was read gives the same file.
        assert_eq!(to_json(&env), text);
    }
}

#[test]
fn a_backup_without_documents_is_small_and_still_valid() {
    let (_, p, files) = school(7, 20);
    let with = full_export(&p, &files);
    let without = to_json(&export(&p, &Scope::School, None, &writer()).unwrap());
    assert!(without.len() < with.len());
    let env = parse(&without).unwrap();
    assert!(!env.data.documents_included && env.data.files.is_empty());
    assert_eq!(to_portfolio(&env.data), p);
}

#[test]
fn a_class_file_holds_that_class_only() {
    let (_, p, files) = school(3, 30);
    for class in &p.classes {
        let scope = Scope::Class {
            class_id: class.id.clone(),
        };
        let env = parse(&to_json(
            &export(&p, &scope, Some(&files), &writer()).unwrap(),
        ))
        .unwrap();
        let expected: Vec<&Id> = p
            .students
            .values()
            .filter(|r| r.student.class_id == class.id)
            .map(|r| &r.student.id)
            .collect();
        let got: Vec<&Id> = env.data.students.iter().map(|r| &r.student.id).collect();
        assert_eq!(got, expected);
        assert_eq!(env.data.classes, vec![class.clone()]);
    }
}

#[test]
fn a_childs_package_holds_nothing_about_any_other_child() {
    for seed in [2, 5, 11, 19] {
        let (_, p, files) = school(seed, 24);
        for (id, r) in &p.students {
            let scope = Scope::Student {
                student_id: id.clone(),
            };
            let keys = file_keys(&p, &scope);
            let text = to_json(&export(&p, &scope, Some(&files), &writer()).unwrap());
            let env = parse(&text).unwrap();
            assert_eq!(env.data.students.len(), 1);
            assert_eq!(env.data.students[0].as_ref(), r.as_ref());
            assert_eq!(env.data.students[0].rewards, r.rewards);
            assert_eq!(env.data.students[0].observations, r.observations);
            // No other child's id, name or document anywhere in the file.
            for (other_id, other) in &p.students {
                if other_id == id {
                    continue;
                }
                assert!(
                    !text.contains(&other_id.0),
                    "seed {seed}: another child's id"
                );
                let name = other.student.full_name();
                if name != r.student.full_name() {
                    assert!(
                        !text.contains(&name),
                        "seed {seed}: «{name}» in {}'s package",
                        r.student.full_name()
                    );
                }
                for d in other.documents() {
                    assert!(!text.contains(&d.id.0) && !text.contains(&d.sha256));
                }
                // Nor their rewards or observations.
                for x in &other.rewards {
                    assert!(
                        !text.contains(&x.id.0),
                        "seed {seed}: another child's reward"
                    );
                }
                for o in &other.observations {
                    assert!(
                        !text.contains(&o.id.0),
                        "seed {seed}: another child's observation"
                    );
                }
            }
            // Only this child's documents; the shared catalogues whole (the
            // family adds achievements with them), and of the staff only the
            // people this child's records or class name.
            assert_eq!(
                env.data
                    .files
                    .iter()
                    .map(|f| f.key.clone())
                    .collect::<Vec<_>>(),
                keys
            );
            assert_eq!(
                env.data.catalogues.list(CatalogueKind::AchievementTypes),
                p.catalogues.list(CatalogueKind::AchievementTypes)
            );
            let class_teacher = p
                .class(&r.student.class_id)
                .and_then(|c| c.teacher_id.clone());
            for e in env.data.catalogues.list(CatalogueKind::Staff) {
                assert!(
                    r.achievements
                        .iter()
                        .any(|a| a.staff_id.as_ref() == Some(&e.id))
                        || class_teacher.as_ref() == Some(&e.id),
                    "seed {seed}: staff «{}» not named by the child's records",
                    e.name
                );
            }
            assert_eq!(env.data.classes.len(), 1);
            // The anonymous place in the class.
            let pos = env.data.class_position.expect("a place in the class");
            let class_size = p.students_of_class(&r.student.class_id).len() as u32;
            assert_eq!(pos.of, class_size);
            assert!(pos.place >= 1 && pos.place <= class_size);
            // By rating points, with the basis stated.
            let to = pos.place_to.unwrap_or(pos.place);
            assert!(pos.place <= to && to <= class_size);
            let said = pos.describe();
            assert!(said.contains(&format!("место из {class_size} (")), "{said}");
            assert!(said.contains("учебный год)"), "{said}");
        }
    }
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

#[test]
fn newer_older_and_foreign_files_are_refused_before_their_data_is_read() {
    let text = sample();
    let current = format!("\"version\":{WHOLE_VERSION}");
    assert!(text.contains(&current));
    let v4 = text.replacen(&current, &format!("\"version\":{}", VERSION + 1), 1);
    let e = refused(&v4);
    assert!(e.contains("более новой версией"), "{e}");
    // A newer file is refused even if its data would not fit this version.
    let v4_other = v4.replacen("\"data\":{", "\"data\":{\"unknown_new_thing\":[1,2,3],", 1);
    assert!(refused(&v4_other).contains("более новой версией"));
    for v in ["0", "-1", "\"2\"", "1.5", "null"] {
        let t = text.replacen(&current, &format!("\"version\":{v}"), 1);
        refused(&t);
    }
    assert!(refused(&text.replacen(FORMAT, "other-app", 1)).contains("не файл Портфолио"));
    assert!(refused("{}").contains("не файл Портфолио"));
    assert!(refused("[1,2,3]").contains("не файл Портфолио"));
    assert!(refused("").contains("обрывается"));
    assert!(refused("Фамилия;Имя\nИванов;Иван").contains("повреждён"));
}

#[test]
fn problems_name_the_place() {
    let (_, p, files) = school(9, 5);
    let mut env: Envelope = export(&p, &Scope::School, Some(&files), &writer()).unwrap();
    let (si, ai) = env
        .data
        .students
        .iter()
        .enumerate()
        .find_map(|(i, r)| (!r.achievements.is_empty()).then_some((i, 0)))
        .unwrap();
    Arc::make_mut(&mut env.data.students[si]).achievements[ai].type_id = Id("Олимпиада1".into());
    let e = refused(&to_json(&env));
    let who = env.data.students[si].student.full_name();
    assert!(
        e.contains(&format!("ученик №{} («{who}»), достижение №1", si + 1))
            && e.contains("неизвестный тип достижения «Олимпиада1»"),
        "{e}"
    );
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

#[test]
fn more_than_1000_malformed_files_are_refused_with_a_message_and_none_panics() {
    let text = sample();
    let mut refusals = 0;
    let mut accepted_optional = 0;
    let mut unexpected = Vec::new();
    for (what, t) in corpus(&text) {
        let without_optional = what.starts_with("without ") && optional(&what["without ".len()..]);
        match parse(&t) {
            Err(e) => {
                assert!(
                    e.chars().any(|c| ('а'..='я').contains(&c)),
                    "{what}: not Russian: {e}"
                );
                refusals += 1;
            }
            Ok(_) if without_optional => accepted_optional += 1,
            Ok(_) => unexpected.push(what),
        }
    }
    assert!(unexpected.is_empty(), "accepted: {unexpected:#?}");
    // Random byte flips: a flip inside a free text can leave a valid file,
    // which is then accepted as what it now says; nothing may panic.
    let mut rng = Rng(0xdead_beef);
    let mut flips_refused = 0;
    for _ in 0..600 {
        let mut b = text.clone().into_bytes();
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
        if let Ok(t) = String::from_utf8(b) {
            if parse(&t).is_err() {
                flips_refused += 1;
            }
        } else {
            flips_refused += 1; // not even text: the UI refuses it as not UTF-8
        }
    }
    println!("refused {refusals} broken files and {flips_refused} of 600 byte flips; {accepted_optional} files without an optional field accepted");
    assert!(refusals >= 1000, "only {refusals}");
    assert!(flips_refused > 300, "only {flips_refused} flips refused");
}

#[test]
fn messages_say_what_is_wrong_and_where() {
    let text = sample();
    let e = refused(&text[..text.len() / 2]);
    assert!(
        e.starts_with("Файл не прочитан: файл обрывается") && e.contains("строка 1, позиция"),
        "{e}"
    );
    let e = refused(&text.replacen("\"title\":", "\"titel\":", 1));
    assert!(
        e.contains("неизвестное поле «titel»") || e.contains("нет обязательного поля «title»"),
        "{e}"
    );
    let e = refused(&text.replacen(
        "\"documents_included\":true",
        "\"documents_included\":\"да\"",
        1,
    ));
    assert!(e.contains("значение не того типа"), "{e}");
    // Deep nesting: the format has no recursive types, so a nested array is
    // refused at its first level as the wrong type, and the values skipped
    // while reading the head are skipped by serde_json without recursion —
    // no depth can exhaust the stack (1 MB in wasm).
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let e = refused(&text.replacen("\"students\":[", &format!("\"students\":[{deep},"), 1));
    assert!(e.contains("значение не того типа"), "{e}");
    let e = refused(&format!(
        "{{\"format\":\"{FORMAT}\",\"version\":1,\"x\":{deep}}}"
    ));
    assert!(e.contains("неизвестное поле «x»"), "{e}");
    let e = refused(&text.replacen(
        "\"birth_date\":\"2018-09-01\"",
        "\"birth_date\":\"2018-02-30\"",
        1,
    ));
    assert!(e.starts_with("Файл не прочитан:"), "{e}");
}

#[test]
fn a_version_1_file_still_opens() {
    // The worked example as version 1 wrote it (docs/export-example.json
    // before version 2), kept so every later version must still read it.
    let env = parse(include_str!("fixtures/export-v1.json")).unwrap();
    assert_eq!(env.version, 1);
    assert_eq!(env.data.students.len(), 1);
    assert_eq!(env.data.files.len(), 1);
    assert_eq!(
        env.data.class_position.as_ref().unwrap().describe(),
        "1-е место из 1 по числу достижений"
    );
    // Its records merge into an empty device with version 2's defaults.
    let p = to_portfolio(&env.data);
    let r = p.students.values().next().unwrap();
    assert!(r.student.former_classes.is_empty());
    assert!(r.achievements.iter().all(|a| !a.remote && !a.team));
    assert_eq!(p.school.as_ref().unwrap().rating, Default::default());
    // Written again, it is today's version and reads back the same.
    let again = parse(&to_json(
        &export(&p, &Scope::School, None, &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(again.version, WHOLE_VERSION);
    assert_eq!(to_portfolio(&again.data).students, p.students);
}

#[test]
fn the_documented_example_is_a_valid_file_of_this_version() {
    // docs/export-example.json is written by `cargo run -p portfolio-core
    // --example export_example`.
    let env = parse(include_str!("../../docs/export-example.json")).unwrap();
    assert_eq!(env.version, WHOLE_VERSION);
    let r = &env.data.students[0];
    assert_eq!(r.rewards.len(), 1);
    assert_eq!(r.observations.len(), 1);
    assert!(r.achievements[0].gto.as_ref().unwrap().sign.is_some());
    let pos = env.data.class_position.as_ref().unwrap();
    assert!(pos.basis.is_some(), "a child's place says what it is by");
}

#[test]
fn a_file_without_documents_merges_its_records_and_leaves_unknown_documents_out() {
    let (_, p, _) = school(21, 8);
    let text = to_json(&export(&p, &Scope::School, None, &writer()).unwrap());
    let env = parse(&text).unwrap();
    let mut incoming = to_portfolio(&env.data);
    let n: usize = p.students.values().map(|r| r.documents().count()).sum();
    assert!(n > 0);
    // On an empty device none of the documents' bytes exist: they are left out.
    assert_eq!(
        portfolio_core::exchange::drop_missing_documents(&mut incoming, &Portfolio::default()),
        n
    );
    // On the device that has them, nothing is left out.
    let mut again = to_portfolio(&env.data);
    assert_eq!(
        portfolio_core::exchange::drop_missing_documents(&mut again, &p),
        0
    );
    assert!(portfolio_core::exchange::new_files(&env.data, &Portfolio::default()).is_empty());
    let name = portfolio_core::exchange::file_name(
        &p,
        &Scope::School,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    );
    assert_eq!(name, "Портфолио_школа_2026-11-23.json");
}

#[test]
fn one_reading_tells_a_plain_file_from_an_encrypted_one() {
    use portfolio_core::exchange::{open, Opened};
    let text = sample();
    match open(&text) {
        Ok(Opened::Plain(env)) => assert_eq!(*env, parse(&text).unwrap()),
        _ => panic!("a plain export is read whole"),
    }
    // The same rules as `parse`, with the same messages.
    let broken = &text[..text.len() / 2];
    assert_eq!(open(broken).err(), parse(broken).err());
}

#[test]
fn a_version_2_childs_file_of_the_previous_release_opens() {
    // Written by the release before format 3 (commit ce709ca, generator in
    // fixtures/stored_v2.rs.txt): a child's file with a ГТО tick and a document.
    let env = parse(include_str!("fixtures/export-v2.json")).unwrap();
    assert_eq!(env.version, 2);
    assert_eq!(env.data.files.len(), 1);
    let p = to_portfolio(&env.data);
    let r = p.students.values().next().unwrap();
    assert!(r.rewards.is_empty() && r.observations.is_empty());
    let tick = r
        .achievements
        .iter()
        .find(|a| a.title == "Сдача норм ГТО")
        .unwrap();
    assert_eq!(
        tick.gto.as_ref().unwrap().describe(),
        "знак ГТО (вид не указан)"
    );
    assert_eq!(p.catalogues.list(CatalogueKind::RewardKinds).len(), 6);
    // Its document's bytes are intact.
    let files = embedded_files(&env.data);
    let d = r.documents().next().unwrap();
    assert!(d.matches(&files[&portfolio_core::stored::file_key(&d.id)]));
    // Written again it is today's version and reads back the same.
    let again = parse(&to_json(
        &export(&p, &env.scope, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(again.version, WHOLE_VERSION);
    assert_eq!(to_portfolio(&again.data).students, p.students);
    assert_eq!(embedded_files(&again.data), files);
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

#[test]
fn older_files_of_generated_schools_migrate_with_nothing_lost() {
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 12);
        let text = full_export(&p, &files);
        let old = as_older(&text, 2);
        let env = parse(&old).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(env.version, 2);
        let got = to_portfolio(&env.data);
        // What the old file held is all there: the records without the
        // newer kinds, each ГТО badge as a badge of unknown sign.
        let mut expected = p.clone();
        for r in expected.students.values_mut() {
            let r = std::sync::Arc::make_mut(r);
            r.rewards.clear();
            r.observations.clear();
            for a in &mut r.achievements {
                if a.gto.is_some() {
                    a.gto = Some(Default::default());
                }
            }
        }
        assert_eq!(got, expected, "seed {seed}");
        // Every document of those records keeps its bytes.
        let bytes = embedded_files(&env.data);
        for d in got.students.values().flat_map(|r| r.documents()) {
            assert!(
                d.matches(&bytes[&portfolio_core::stored::file_key(&d.id)]),
                "seed {seed}"
            );
        }
        // Migrated and written again, it round-trips exactly.
        let again = to_json(&export(&got, &Scope::School, None, &writer()).unwrap());
        assert_eq!(
            to_portfolio(&parse(&again).unwrap().data),
            got,
            "seed {seed}"
        );
    }
}

#[test]
fn a_years_archive_holds_that_year_and_is_never_merged_by_scope() {
    let (_, mut p, files) = school(9, 12);
    // A class of the year before, and a student who was in it then.
    let old = portfolio_core::school::ClassForm {
        name: "1 А".into(),
        year: 2025,
        teacher_id: String::new(),
    }
    .parse(
        Id::fixed("old-class"),
        &p.classes,
        portfolio_core::Revision::builtin(),
    )
    .unwrap();
    p.classes.push(old.clone());
    let sid = p.students.keys().next().unwrap().clone();
    {
        let r = std::sync::Arc::make_mut(p.students.get_mut(&sid).unwrap());
        r.student
            .former_classes
            .push(portfolio_core::student::Membership {
                class_id: old.id.clone(),
                until: chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
            });
    }
    let scope = Scope::Archive { start_year: 2025 };
    let env = parse(&to_json(
        &export(&p, &scope, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(env.scope, scope);
    assert_eq!(env.data.classes.len(), 1);
    assert_eq!(env.data.students.len(), 1);
    let r = &env.data.students[0];
    assert_eq!(r.student.class_id, old.id);
    // The generated records are all of 2026/2027: none belongs to 2025/2026.
    assert!(r.achievements.is_empty() && r.rewards.is_empty() && r.observations.is_empty());
    assert!(env.data.deleted.is_empty() && env.data.lost.is_empty());
    // This year's archive: every class of 2026, all their students and records.
    let env = parse(&to_json(
        &export(
            &p,
            &Scope::Archive { start_year: 2026 },
            Some(&files),
            &writer(),
        )
        .unwrap(),
    ))
    .unwrap();
    assert_eq!(env.data.classes.len(), 3);
    assert_eq!(env.data.students.len(), p.students.len());
    let docs: usize = env
        .data
        .students
        .iter()
        .map(|r| r.documents().count())
        .sum();
    assert_eq!(
        docs,
        p.students
            .values()
            .map(|r| r.documents().count())
            .sum::<usize>()
    );
    // A year with nobody in it is refused with a message.
    let e = export(&p, &Scope::Archive { start_year: 2020 }, None, &writer()).unwrap_err();
    assert!(e.contains("2020/2021"), "{e}");
    // A file saying it is an archive but holding another year's class is refused.
    let text = to_json(&export(&p, &Scope::Archive { start_year: 2026 }, None, &writer()).unwrap());
    let bad = text.replacen("\"start_year\":2026", "\"start_year\":2024", 1);
    assert!(parse(&bad).unwrap_err().contains("класс другого года"));
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

#[test]
fn a_file_read_in_parts_is_the_file_read_whole() {
    let mut in_parts = 0;
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 25);
        let scopes = common::scopes(&p, 3);
        for scope in scopes {
            for with in [true, false] {
                let f = with.then_some(&files);
                let text = to_json(&export(&p, &scope, f, &writer()).unwrap());
                // Pretty-printed too (a file opened and saved in an editor).
                let pretty = serde_json::to_string_pretty(
                    &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
                )
                .unwrap();
                for t in [&text, &pretty] {
                    let (read, parts) = read_knowing(t, KnownTexts::default());
                    assert_eq!(parts, Some(0), "seed {seed}: not read in parts");
                    in_parts += 1;
                    assert_eq!(read.unwrap(), parse(t).unwrap(), "seed {seed}");
                }
            }
        }
    }
    assert!(in_parts > 300, "{in_parts}");
}

#[test]
fn a_student_whose_text_storage_holds_here_is_taken_as_it_is() {
    for seed in 1..=25 {
        let (_, p, files) = school(seed, 2 + seed as usize % 20);
        let n = p.students.len();
        // The device that wrote the file opens it again.
        let text = to_json(&export(&p, &Scope::School, Some(&files), &writer()).unwrap());
        let (read, recognised) = read_knowing(&text, KnownTexts::new(stored_texts(&p)));
        let read = read.unwrap();
        assert_eq!(recognised, Some(n), "seed {seed}");
        assert_eq!(read, parse(&text).unwrap(), "seed {seed}");
        for r in &read.data.students {
            assert!(
                Arc::ptr_eq(r, &p.students[&r.student.id]),
                "seed {seed}: copied"
            );
        }
        // The file has since changed one child (another device's edit):
        // that child is read from the file, the others recognised.
        let mut there = p.clone();
        let (id, r) = there.students.iter_mut().nth(seed as usize % n).unwrap();
        let id = id.clone();
        Arc::make_mut(r).student.personal.last_name.push('а');
        let text = to_json(&export(&there, &Scope::School, Some(&files), &writer()).unwrap());
        let (read, recognised) = read_knowing(&text, KnownTexts::new(stored_texts(&p)));
        let read = read.unwrap();
        assert_eq!(recognised, Some(n - 1), "seed {seed}");
        assert_eq!(read, parse(&text).unwrap(), "seed {seed}");
        let changed = read
            .data
            .students
            .iter()
            .find(|r| r.student.id == id)
            .unwrap();
        assert_eq!(changed.as_ref(), there.students[&id].as_ref());
        // Pretty-printed (saved in an editor): nothing matches, all read.
        let pretty = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        )
        .unwrap();
        let (read, recognised) = read_knowing(&pretty, KnownTexts::new(stored_texts(&p)));
        assert_eq!(recognised, Some(0), "seed {seed}");
        assert_eq!(read.unwrap(), parse(&pretty).unwrap(), "seed {seed}");
    }
}

#[test]
fn a_known_text_followed_by_anything_else_is_refused_as_when_read_whole() {
    let (_, p, files) = school(7, 6);
    let text = to_json(&export(&p, &Scope::School, Some(&files), &writer()).unwrap());
    let first = serde_json::to_string(p.students.values().next().unwrap().as_ref()).unwrap();
    let at = text.find(&first).unwrap() + first.len();
    for junk in [",", ",,", "x", "\"\"", "{}", "1", ":", "]", "}}", " true"] {
        let t = format!("{}{junk}{}", &text[..at], &text[at..]);
        let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
        assert_eq!(read.is_err(), parse(&t).is_err(), "{junk}");
        assert_eq!(read, parse(&t), "{junk}");
        assert!(read.is_err(), "{junk}");
    }
    // A comma after the last student, or before the first.
    let last = serde_json::to_string(p.students.values().last().unwrap().as_ref()).unwrap();
    let first_at = text.find(&first).unwrap();
    for t in [
        text.replacen(&last, &format!("{last},"), 1),
        format!("{},{}", &text[..first_at], &text[first_at..]),
    ] {
        let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
        assert!(read.is_err());
        assert_eq!(read, parse(&t));
    }
    // A known text cut short is not that text: read, and refused.
    let t = format!("{}{}", &text[..at - 2], &text[at..]);
    let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
    assert_eq!(read, parse(&t));
    assert!(read.is_err());
}

#[test]
fn a_malformed_file_read_in_parts_is_refused_as_when_read_whole() {
    let text = sample();
    let mut n = 0;
    for (what, t) in corpus(&text) {
        assert_eq!(read_in_parts(&t), parse(&t), "{what}");
        n += 1;
    }
    let mut rng = Rng(0x5eed);
    for _ in 0..600 {
        let mut b = text.clone().into_bytes();
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
        if let Ok(t) = String::from_utf8(b) {
            assert_eq!(read_in_parts(&t), parse(&t), "flip at {i}");
            n += 1;
        }
    }
    assert!(n > 1000, "{n}");
}

#[test]
fn a_file_written_in_parts_is_the_file_written_whole() {
    use portfolio_core::exchange::{export_skeleton, to_json_parts};
    for seed in 1..=30 {
        let (_, p, files) = school(seed, 1 + seed as usize % 20);
        // What storage holds: each record's text as it was written.
        let stored: BTreeMap<Id, std::sync::Arc<String>> = p
            .students
            .iter()
            .map(|(id, r)| {
                (
                    id.clone(),
                    serde_json::to_string(r.as_ref()).unwrap().into(),
                )
            })
            .collect();
        let mut scopes = common::scopes(&p, 2);
        scopes.push(Scope::Archive { start_year: 2026 });
        for scope in scopes {
            let Ok(whole) = export(&p, &scope, Some(&files), &writer()) else {
                continue;
            };
            let (skeleton, students) =
                export_skeleton(&p, &scope, Some(&files), &writer()).unwrap();
            for with_stored in [false, true] {
                // As the app looks up: the very record storage read.
                let lookup = |r: &portfolio_core::StudentRecord| {
                    let same = p
                        .students
                        .get(&r.student.id)
                        .is_some_and(|kept| std::ptr::eq(kept.as_ref(), r));
                    (with_stored && same)
                        .then(|| stored.get(&r.student.id).cloned())
                        .flatten()
                };
                let parts = to_json_parts(&skeleton, &students, &lookup);
                let text: String = parts.iter().map(|p| &**p).collect();
                assert_eq!(
                    text,
                    to_json(&whole),
                    "seed {seed}, {scope:?}, stored {with_stored}"
                );
            }
        }
    }
}
