//! The in-memory portfolio and its stored form: queries, the deletion rule over
//! real records, and the storage codec (round trip, deletes, damaged records).

use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::school::ClassForm;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::stored::{decode, writes_for, Key, META_STORE, STUDENTS_STORE};
use portfolio_core::util::id::{Context, FixedContext};
use portfolio_core::{AchievementForm, Id, Portfolio, School, SchoolYear, StudentRecord};
use std::collections::BTreeMap;
use std::sync::Arc;

fn student(ctx: &FixedContext, class: &Id, last: &str, first: &str) -> portfolio_core::Student {
    let mut f = StudentForm::new_student(class, ctx.today());
    for (k, v) in [
        ("last_name", last),
        ("first_name", first),
        ("sex", "male"),
        ("birth_date", "01.09.2017"),
        ("birth_place", "с. Биллингс"),
        ("residence_confirmed", "no"),
    ] {
        f.set(k, v);
    }
    f.parse(ctx.new_id(), Status::Active, ctx.today(), ctx.revision())
        .expect("valid student")
}

fn achievement(
    ctx: &FixedContext,
    p: &Portfolio,
    type_n: usize,
    date: &str,
) -> portfolio_core::Achievement {
    AchievementForm {
        title: format!("Мероприятие {type_n}"),
        type_id: CatalogueKind::AchievementTypes.default_id(type_n).0,
        level_id: CatalogueKind::EventLevels.default_id(1).0,
        date: date.into(),
        ..AchievementForm::blank(ctx.today())
    }
    .parse(&p.catalogues, ctx.new_id(), ctx.today(), ctx.revision())
    .expect("valid achievement")
}

/// A school with two classes of 2025/2026 and three students.
fn school() -> (FixedContext, Portfolio) {
    let ctx = FixedContext::at("2025-11-23");
    let mut p = Portfolio {
        school: Some(School::parse("МБОУ НШ с.Биллингс", ctx.revision()).unwrap()),
        years: vec![SchoolYear::with_quarters(2025)],
        ..Default::default()
    };
    for name in ["3 Б", "10 А", "3 А"] {
        let c = ClassForm {
            name: name.into(),
            year: 2025,
            teacher_id: String::new(),
        }
        .parse(ctx.new_id(), &p.classes, ctx.revision())
        .unwrap();
        p.classes.push(c);
    }
    let a3 = p.classes[2].id.clone();
    let b3 = p.classes[0].id.clone();
    let students = [
        (
            student(&ctx, &a3, "Тынавье", "Эттын"),
            vec![(1, "10.10.2025"), (1, "11.11.2025"), (2, "12.11.2025")],
        ),
        (
            student(&ctx, &a3, "Айвазова", "Ольга"),
            vec![(1, "01.09.2025")],
        ),
        (student(&ctx, &b3, "Кутышев", "Иван"), vec![]),
    ];
    for (s, list) in students {
        let achievements = list
            .iter()
            .map(|(t, d)| achievement(&ctx, &p, *t, d))
            .collect();
        p.students.insert(
            s.id.clone(),
            Arc::new(StudentRecord {
                achievements,
                ..StudentRecord::new(s)
            }),
        );
    }
    (ctx, p)
}

#[test]
fn classes_and_students_in_reading_order() {
    let (_, p) = school();
    let names: Vec<&str> = p
        .classes_of_year(2025)
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["3 А", "3 Б", "10 А"]);
    assert!(p.classes_of_year(2024).is_empty());
    let a3 = &p.classes[2].id;
    let names: Vec<String> = p
        .students_of_class(a3)
        .iter()
        .map(|r| r.student.full_name())
        .collect();
    assert_eq!(names, ["Айвазова Ольга", "Тынавье Эттын"]);
    assert_eq!(p.achievement_count(), 4);
}

#[test]
fn usage_counts_achievements_and_students() {
    let (_, p) = school();
    let olymp = CatalogueKind::AchievementTypes.default_id(1);
    let u = p.usage(CatalogueKind::AchievementTypes, &olymp);
    assert_eq!((u.achievements, u.students), (3, 2));
    let school_level = CatalogueKind::EventLevels.default_id(1);
    assert_eq!(
        p.usage(CatalogueKind::EventLevels, &school_level)
            .achievements,
        4
    );
    let quiz = CatalogueKind::AchievementTypes.default_id(3);
    assert_eq!(p.usage(CatalogueKind::AchievementTypes, &quiz).total(), 0);

    let mut c = p.catalogues.clone();
    let e = c.delete(
        CatalogueKind::AchievementTypes,
        &olymp,
        p.usage(CatalogueKind::AchievementTypes, &olymp),
    );
    assert_eq!(
        e.unwrap_err(),
        "Нельзя удалить тип достижения «Олимпиада»: он указан в 3 достижениях у 2 учеников. Сначала измените или удалите эти достижения."
    );
    assert!(c
        .delete(
            CatalogueKind::AchievementTypes,
            &quiz,
            p.usage(CatalogueKind::AchievementTypes, &quiz)
        )
        .is_ok());
}

fn meta_of(writes: &[portfolio_core::stored::Write]) -> Vec<(String, String)> {
    writes
        .iter()
        .filter(|w| w.store == META_STORE)
        .map(|w| (w.key.clone(), w.text().unwrap().to_string()))
        .collect()
}

#[test]
fn stored_documents_round_trip() {
    let (_, p) = school();
    let mut keys = vec![Key::School, Key::Years, Key::Catalogues, Key::Classes];
    keys.extend(p.students.keys().cloned().map(Key::Student));
    let writes = writes_for(&p, &keys);
    // Four documents, and a summary beside each of the three students.
    assert_eq!(writes.iter().filter(|w| w.store == META_STORE).count(), 7);
    let (roster, problems) = portfolio_core::stored::decode_roster(&meta_of(&writes));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(roster, portfolio_core::stored::summaries(&p));
    assert_eq!(
        writes.iter().filter(|w| w.store == STUDENTS_STORE).count(),
        3
    );
    let meta: Vec<(String, String)> = writes
        .iter()
        .filter(|w| w.store == META_STORE)
        .map(|w| (w.key.clone(), w.text().unwrap().to_string()))
        .collect();
    let students: Vec<String> = writes
        .iter()
        .filter(|w| w.store == STUDENTS_STORE)
        .map(|w| w.text().unwrap().to_string())
        .collect();
    let (back, problems) = decode(&meta, &students);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back, p);
}

#[test]
fn start_up_in_two_steps_reads_the_same_school_as_one() {
    use portfolio_core::records::identity::{Deleted, Lost, RecordKey};
    use portfolio_core::stored::{
        add_records, decode_logs, decode_records, decode_school, is_current, of_class,
    };
    let (ctx, mut p) = school();
    // Logs that hold whole records: read with the records, not before.
    p.deleted.push(Deleted {
        key: RecordKey::Class { id: ctx.new_id() },
        what: "класс 1 Б".into(),
        rev: ctx.revision(),
    });
    p.lost.push(Lost {
        key: RecordKey::School,
        what: "школа".into(),
        value: "{}".into(),
        lost_at: 1,
    });
    let mut keys = vec![Key::School, Key::Years, Key::Catalogues, Key::Classes];
    keys.extend([Key::Deleted, Key::Lost]);
    keys.extend(p.students.keys().cloned().map(Key::Student));
    let writes = writes_for(&p, &keys);
    let mut meta = meta_of(&writes);
    let students: Vec<String> = writes
        .iter()
        .filter(|w| w.store == STUDENTS_STORE)
        .map(|w| w.text().unwrap().to_string())
        .collect();
    // Without the layout mark the summaries are not trusted.
    assert!(!is_current(&meta));
    meta.push(("layout".into(), portfolio_core::stored::LAYOUT.to_string()));
    assert!(is_current(&meta));
    // Step 1: the school and the summaries, no record and no log read.
    let (mut first, problems) = decode_school(&meta);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(first.students.is_empty());
    assert!(first.deleted.is_empty() && first.lost.is_empty());
    assert_eq!(first.classes, p.classes);
    let (roster, _) = portfolio_core::stored::decode_roster(&meta);
    for class in &p.classes {
        let listed: Vec<(&str, usize)> = of_class(&roster, &class.id)
            .map(|s| (s.name.as_str(), s.achievements))
            .collect();
        let expected: Vec<(String, usize)> = p
            .students_of_class(&class.id)
            .into_iter()
            .map(|r| (r.student.full_name(), r.achievements.len()))
            .collect();
        let expected: Vec<(&str, usize)> = expected.iter().map(|(n, a)| (n.as_str(), *a)).collect();
        assert_eq!(listed, expected, "class {}", class.name);
    }
    // Step 2: the logs, then the records, one slice at a time; a bad text
    // is named by its place among all of them.
    assert!(decode_logs(&mut first, &meta).is_empty());
    let mut texts = students.clone();
    texts.insert(2, "{}".into());
    let (a, b) = texts.split_at(2);
    let one = decode_records(a.to_vec(), 0);
    let two = decode_records(b.to_vec(), 2);
    assert!(one.problems.is_empty());
    assert_eq!(two.problems.len(), 1);
    assert!(
        two.problems[0].starts_with("Не удалось прочитать запись ученика №3"),
        "{}",
        two.problems[0]
    );
    let mut kept = add_records(&mut first, one.records);
    kept.extend(add_records(&mut first, two.records));
    assert_eq!(first, p);
    assert_eq!(kept.len(), 3);
    assert!(kept
        .iter()
        .all(|(id, text)| students.contains(text) && p.students.contains_key(id)));
}

#[test]
fn a_log_that_does_not_read_is_named_and_the_rest_is_read() {
    use portfolio_core::stored::decode_logs;
    let (_, mut p) = school();
    let meta = vec![
        ("deleted".to_string(), "[]".to_string()),
        ("lost".to_string(), "{".to_string()),
    ];
    let problems = decode_logs(&mut p, &meta);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("Не удалось прочитать сохранённые данные «lost»"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_missing_student_is_written_as_a_delete() {
    let (_, mut p) = school();
    let id = p.students.keys().next().unwrap().clone();
    p.students.remove(&id);
    let w = writes_for(&p, &[Key::Student(id.clone())]);
    assert_eq!(w.len(), 2, "the record and its summary");
    let summary = format!("roster:{}", id.as_str());
    assert_eq!(
        (w[0].store, w[0].key.as_str(), &w[0].value),
        (META_STORE, summary.as_str(), &None)
    );
    assert_eq!(
        (w[1].store, w[1].key.as_str(), &w[1].value),
        (STUDENTS_STORE, id.as_str(), &None)
    );
}

#[test]
fn a_damaged_record_is_reported_and_the_rest_still_load() {
    let (_, p) = school();
    let good: Vec<String> = p
        .students
        .values()
        .map(|r| serde_json::to_string(r.as_ref()).unwrap())
        .collect();
    let mut docs = good.clone();
    docs.insert(1, "{\"student\": 5}".into());
    let meta = vec![
        ("school".to_string(), "not json".to_string()),
        (
            "catalogues".to_string(),
            serde_json::to_string(&p.catalogues).unwrap(),
        ),
    ];
    let (back, problems) = decode(&meta, &docs);
    assert_eq!(back.students.len(), 3);
    assert!(back.school.is_none());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("Не удалось прочитать сохранённые данные «school»"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].starts_with("Не удалось прочитать запись ученика №2"),
        "{}",
        problems[1]
    );
}

#[test]
fn an_empty_store_is_a_fresh_start_with_default_catalogues() {
    let (p, problems) = decode(&[], &[]);
    assert!(problems.is_empty());
    assert!(p.school.is_none());
    assert_eq!(p.catalogues.achievement_types.len(), 11);
}

#[test]
fn stored_dates_are_iso_and_revisions_are_milliseconds() {
    let (_, p) = school();
    let r = p.students.values().next().unwrap();
    let json = serde_json::to_value(r.as_ref()).unwrap();
    assert_eq!(json["student"]["personal"]["birth_date"], "2017-09-01");
    assert_eq!(json["student"]["enrolled_on"], "2025-11-23");
    assert_eq!(json["student"]["rev"]["updated_at"], 1_763_899_200_000_i64);
    assert_eq!(
        json["student"]["personal"]["birth_certificate"]["issue_date"],
        serde_json::Value::Null
    );
    let bad = json.to_string().replace("2017-09-01", "2017-02-30");
    let e = serde_json::from_str::<StudentRecord>(&bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("неверная дата «2017-02-30»"), "{e}");
}

mod documents;
mod upgrade;
