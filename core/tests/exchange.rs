//! The export file: round trips over generated schools, the child package's
//! privacy rule, and a corpus of more than 1,000 malformed files, each of
//! which must be refused with a Russian message (and none may panic).

use portfolio_core::catalogue::CatalogueKind;
use portfolio_core::exchange::{
    embedded_files, export, file_keys, parse, to_json, to_portfolio, Envelope, Scope, FORMAT,
    VERSION,
};
use portfolio_core::{Id, Portfolio};
use std::collections::BTreeMap;

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
        assert_eq!(env.version, VERSION);
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
            assert_eq!(&env.data.students[0], r.as_ref());
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
                for d in other.achievements.iter().flat_map(|a| &a.documents) {
                    assert!(!text.contains(&d.id.0) && !text.contains(&d.sha256));
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
    assert!(text.contains("\"version\":2"));
    let v3 = text.replacen("\"version\":2", "\"version\":3", 1);
    let e = refused(&v3);
    assert!(e.contains("более новой версией"), "{e}");
    // A newer file is refused even if its data would not fit this version.
    let v3_other = v3.replacen("\"data\":{", "\"data\":{\"unknown_new_thing\":[1,2,3],", 1);
    assert!(refused(&v3_other).contains("более новой версией"));
    for v in ["0", "-1", "\"2\"", "1.5", "null"] {
        let t = text.replacen("\"version\":2", &format!("\"version\":{v}"), 1);
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
    env.data.students[si].achievements[ai].type_id = Id("Олимпиада1".into());
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
    e.data.students[0].student.personal.last_name = "Я".repeat(1_000_000);
    out.push(("huge name".into(), to_json(&e)));
    let mut e = env.clone();
    if let Some(a) = e
        .data
        .students
        .iter_mut()
        .flat_map(|r| &mut r.achievements)
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
    e.data.students[0].student.class_id = Id("нет-такого-класса".into());
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
    e.data.students[0].student.personal.last_name = "  ".into();
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
            | "birth_certificate" | "other_document" | "citizenship"
    ) || path.contains("/personal/")
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
    // Written again, it is version 2 and reads back the same.
    let again = parse(&to_json(
        &export(&p, &Scope::School, None, &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(to_portfolio(&again.data).students, p.students);
}

#[test]
fn the_documented_example_is_a_valid_version_2_file() {
    // docs/export-example.json is written by `cargo run -p portfolio-core
    // --example export_example`.
    let env = parse(include_str!("../../docs/export-example.json")).unwrap();
    assert_eq!(env.version, 2);
    let pos = env.data.class_position.as_ref().unwrap();
    assert!(pos.basis.is_some(), "a child's place says what it is by");
}

#[test]
fn a_file_without_documents_merges_its_records_and_leaves_unknown_documents_out() {
    let (_, p, _) = school(21, 8);
    let text = to_json(&export(&p, &Scope::School, None, &writer()).unwrap());
    let env = parse(&text).unwrap();
    let mut incoming = to_portfolio(&env.data);
    let n: usize = p
        .students
        .values()
        .flat_map(|r| &r.achievements)
        .map(|a| a.documents.len())
        .sum();
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
