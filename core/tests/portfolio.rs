//! The in-memory portfolio and its stored form: queries, the deletion rule over
//! real records, and the storage codec (round trip, deletes, damaged records).

use portfolio_core::catalogue::CatalogueKind;
use portfolio_core::id::{Context, FixedContext};
use portfolio_core::school::ClassForm;
use portfolio_core::stored::{decode, writes_for, Key, META_STORE, STUDENTS_STORE};
use portfolio_core::student::{Status, StudentForm};
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

#[test]
fn stored_documents_round_trip() {
    let (_, p) = school();
    let mut keys = vec![Key::School, Key::Years, Key::Catalogues, Key::Classes];
    keys.extend(p.students.keys().cloned().map(Key::Student));
    let writes = writes_for(&p, &keys);
    assert_eq!(writes.iter().filter(|w| w.store == META_STORE).count(), 4);
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
fn a_missing_student_is_written_as_a_delete() {
    let (_, mut p) = school();
    let id = p.students.keys().next().unwrap().clone();
    p.students.remove(&id);
    let w = writes_for(&p, &[Key::Student(id.clone())]);
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].store, w[0].key.as_str(), &w[0].value),
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

mod documents {
    use super::*;
    use portfolio_core::document::{sniff, Prepared};
    use portfolio_core::stored::{changes, file_key, thumb_key, NewFile, Value, FILES_STORE};
    use portfolio_core::Document;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

    fn attach(ctx: &FixedContext, bytes: &[u8], thumb: bool) -> (Document, NewFile) {
        let prepared = Prepared {
            bytes: bytes.to_vec(),
            file_type: sniff(bytes).unwrap(),
            width: 1,
            height: 1,
            thumb: thumb.then(|| b"thumb".to_vec()),
        };
        let id = ctx.new_id();
        let d = Document::new(
            id.clone(),
            CatalogueKind::DocumentKinds.default_id(3),
            "скан.pdf",
            &prepared,
            ctx.revision(),
        )
        .unwrap();
        let f = NewFile {
            id,
            bytes: prepared.bytes.into(),
            thumb: prepared.thumb.map(Into::into),
        };
        (d, f)
    }

    /// A school whose first student has one achievement with two documents.
    fn with_documents() -> (FixedContext, Portfolio, Portfolio, Id, Vec<Document>) {
        let (ctx, before) = school();
        let mut after = before.clone();
        let sid = after.students.keys().next().unwrap().clone();
        let mut a = achievement(&ctx, &after, 1, "12.10.2025");
        let (d1, f1) = attach(&ctx, PDF, false);
        let (d2, f2) = attach(&ctx, PNG, true);
        a.documents = vec![d1.clone(), d2.clone()];
        Arc::make_mut(after.students.get_mut(&sid).unwrap())
            .achievements
            .push(a);
        let w = changes(&before, &after, &[Key::Student(sid.clone())], &[f1, f2]).unwrap();
        let files: Vec<(&str, usize)> = w
            .iter()
            .filter(|w| w.store == FILES_STORE)
            .map(|w| match &w.value {
                Some(Value::Bytes(b)) => (w.key.as_str(), b.len()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            files,
            vec![
                (file_key(&d1.id).as_str(), PDF.len()),
                (file_key(&d2.id).as_str(), PNG.len()),
                (thumb_key(&d2.id).as_str(), 5),
            ]
        );
        assert_eq!(w.iter().filter(|w| w.store == STUDENTS_STORE).count(), 1);
        (ctx, before, after, sid, vec![d1, d2])
    }

    fn deleted_files(w: &[portfolio_core::stored::Write]) -> Vec<String> {
        w.iter()
            .filter(|w| w.store == FILES_STORE && w.value.is_none())
            .map(|w| w.key.clone())
            .collect()
    }

    #[test]
    fn record_and_files_are_written_together() {
        with_documents();
    }

    #[test]
    fn deleting_a_document_an_achievement_or_a_student_deletes_the_files() {
        let (_, _, with, sid, docs) = with_documents();
        let all_keys: Vec<String> = docs
            .iter()
            .flat_map(|d| [file_key(&d.id), thumb_key(&d.id)])
            .collect();
        // One document removed in the form.
        let mut one = with.clone();
        Arc::make_mut(one.students.get_mut(&sid).unwrap())
            .achievements
            .last_mut()
            .unwrap()
            .documents
            .remove(0);
        let w = changes(&with, &one, &[Key::Student(sid.clone())], &[]).unwrap();
        assert_eq!(deleted_files(&w), all_keys[..2].to_vec());
        // The achievement deleted.
        let mut none = with.clone();
        Arc::make_mut(none.students.get_mut(&sid).unwrap())
            .achievements
            .pop();
        let w = changes(&with, &none, &[Key::Student(sid.clone())], &[]).unwrap();
        assert_eq!(deleted_files(&w), all_keys);
        // The student deleted.
        let mut gone = with.clone();
        gone.students.remove(&sid);
        let w = changes(&with, &gone, &[Key::Student(sid.clone())], &[]).unwrap();
        assert_eq!(deleted_files(&w), all_keys);
        assert!(w
            .iter()
            .any(|w| w.store == STUDENTS_STORE && w.key == sid.0 && w.value.is_none()));
        // An unchanged record writes no files.
        let w = changes(&with, &with, &[Key::Student(sid)], &[]).unwrap();
        assert!(w.iter().all(|w| w.store != FILES_STORE));
    }

    #[test]
    fn a_document_without_its_bytes_is_refused_and_stray_bytes_are_not_written() {
        let (ctx, before) = school();
        let sid = before.students.keys().next().unwrap().clone();
        let mut after = before.clone();
        let mut a = achievement(&ctx, &after, 1, "12.10.2025");
        let (d, mut f) = attach(&ctx, PDF, false);
        let (_, stray) = attach(&ctx, PNG, true);
        a.documents = vec![d];
        Arc::make_mut(after.students.get_mut(&sid).unwrap())
            .achievements
            .push(a);
        let keys = [Key::Student(sid)];
        let e = changes(&before, &after, &keys, std::slice::from_ref(&stray)).unwrap_err();
        assert!(e.contains("скан.pdf") && e.contains("ещё раз"), "{e}");
        let mut flipped = f.bytes.to_vec();
        flipped[3] ^= 1;
        let good = f.bytes.clone();
        f.bytes = flipped.into();
        assert!(changes(&before, &after, &keys, std::slice::from_ref(&f)).is_err());
        f.bytes = good;
        let w = changes(&before, &after, &keys, &[f, stray]).unwrap();
        assert_eq!(w.iter().filter(|w| w.store == FILES_STORE).count(), 1);
    }

    #[test]
    fn a_document_kind_in_use_cannot_be_deleted() {
        let (_, _, mut p, _, _) = with_documents();
        let kind = CatalogueKind::DocumentKinds.default_id(3);
        let uses = p.usage(CatalogueKind::DocumentKinds, &kind);
        assert_eq!((uses.achievements, uses.students), (1, 1));
        let e = p
            .catalogues
            .delete(CatalogueKind::DocumentKinds, &kind, uses)
            .unwrap_err();
        assert!(e.contains("Диплом победителя/призёра"), "{e}");
    }

    #[test]
    fn documents_survive_the_storage_round_trip() {
        let (_, _, p, sid, docs) = with_documents();
        let w = writes_for(&p, &[Key::Student(sid.clone())]);
        let (back, problems) = decode(&[], &[w[0].text().unwrap().to_string()]);
        assert!(problems.is_empty());
        assert_eq!(
            back.students[&sid].achievements.last().unwrap().documents,
            docs
        );
    }
}

#[test]
fn records_stored_by_the_previous_release_open_with_the_new_fields_defaulted() {
    // The stored shape before «Баллы рейтинга», «Форма участия» and former
    // classes: the records of the version-1 fixture, as the previous release
    // kept them in IndexedDB (one JSON text per meta key and per student).
    let v1: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/export-v1.json")).unwrap();
    let data = &v1["data"];
    let meta: Vec<(String, String)> = ["school", "years", "catalogues", "classes"]
        .iter()
        .map(|k| (k.to_string(), data[k].to_string()))
        .collect();
    let students: Vec<String> = data["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    for s in &students {
        assert!(
            !s.contains("former_classes") && !s.contains("\"remote\"") && !s.contains("\"team\"")
        );
    }
    assert!(!meta[2].1.contains("\"weight\""));
    let (p, problems) = decode(&meta, &students);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(p.students.len(), 1);
    let r = p.students.values().next().unwrap();
    assert_eq!(r.achievements.len(), 1);
    assert!(!r.achievements[0].remote && !r.achievements[0].team);
    assert_eq!(
        p.school.as_ref().unwrap().rating,
        portfolio_core::school::RatingFactors::default()
    );
    assert!(p
        .catalogues
        .list(CatalogueKind::EventLevels)
        .iter()
        .all(|e| e.weight.is_none()));
    // Written back unchanged, the records keep their old shape byte for byte.
    let again: Vec<String> = p
        .students
        .values()
        .map(|r| serde_json::to_string(r.as_ref()).unwrap())
        .collect();
    let reparsed: Vec<serde_json::Value> = again
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    // …except the ГТО tick, which layout 3 keeps as a badge (none for `false`).
    let original: Vec<serde_json::Value> = students
        .iter()
        .map(|s| {
            let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
            for a in v["achievements"].as_array_mut().unwrap() {
                assert_eq!(a.as_object_mut().unwrap().remove("gto"), Some(false.into()));
            }
            v
        })
        .collect();
    assert_eq!(reparsed, original);
}

/// What the release before format 3 kept in IndexedDB (made at commit
/// ce709ca by `fixtures/stored_v2.rs.txt`; the e2e test loads the same file
/// into a browser's database).
type Stored = (
    Vec<(String, String)>,
    Vec<String>,
    BTreeMap<String, Vec<u8>>,
);

fn stored_v2() -> Stored {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/stored-v2.json")).unwrap();
    let db = &v["database"];
    let texts = |k: &str| -> Vec<(String, String)> {
        db[k]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect()
    };
    let files = texts("files")
        .into_iter()
        .map(|(k, v)| (k, portfolio_core::base64::decode(&v).unwrap()))
        .collect();
    (
        texts("meta"),
        texts("students").into_iter().map(|(_, v)| v).collect(),
        files,
    )
}

#[test]
fn data_stored_by_the_previous_release_is_upgraded_in_one_set_of_writes() {
    use portfolio_core::stored::{upgrade, Value, LAYOUT, LAYOUT_KEY};
    let (meta, students, files) = stored_v2();
    assert!(students.iter().any(|s| s.contains("\"gto\":true")));
    let (before, problems) = decode(&meta, &students);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(before.students.len(), 2);
    // Every document the records name has its bytes, as stored.
    let docs: Vec<_> = before
        .students
        .values()
        .flat_map(|r| r.documents())
        .collect();
    assert_eq!(docs.len(), 1);
    for d in &docs {
        assert!(d.matches(&files[&portfolio_core::stored::file_key(&d.id)]));
    }
    let gto: Vec<_> = before
        .students
        .values()
        .flat_map(|r| &r.achievements)
        .map(|a| (a.title.as_str(), a.gto.clone()))
        .collect();
    assert!(gto.contains(&(
        "Сдача норм ГТО",
        Some(portfolio_core::achievement::GtoBadge::default())
    )));
    assert!(gto.contains(&("Олимпиада «Юный математик»", None)));
    // The upgrade rewrites what changed shape, and the mark last.
    let writes = upgrade(&meta, &students).expect("an upgrade is due");
    let last = writes.last().unwrap();
    assert_eq!((last.key.as_str(), last.text()), (LAYOUT_KEY, Some("3")));
    assert!(writes.iter().any(|w| w.key == "catalogues"));
    assert!(writes
        .iter()
        .all(|w| matches!(w.value, Some(Value::Text(_)))));
    // Applied to the stored data, it reads as the same portfolio…
    let mut meta2 = meta.clone();
    let mut students2: BTreeMap<String, String> = students
        .iter()
        .map(|s| {
            let r: StudentRecord = serde_json::from_str(s).unwrap();
            (r.student.id.0, s.clone())
        })
        .collect();
    for w in &writes {
        let text = w.text().unwrap().to_string();
        if w.store == "meta" {
            meta2.retain(|(k, _)| k != &w.key);
            meta2.push((w.key.clone(), text));
        } else {
            students2.insert(w.key.clone(), text);
        }
    }
    let students2: Vec<String> = students2.into_values().collect();
    let (after, problems) = decode(&meta2, &students2);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(after, before);
    assert!(after.catalogues.list(CatalogueKind::RewardKinds).len() == 6);
    assert!(students2.iter().any(|s| s.contains("\"gto\":{}")));
    assert!(!students2
        .iter()
        .any(|s| s.contains("\"gto\":true") || s.contains("\"gto\":false")));
    // …and nothing is left to do.
    assert_eq!(upgrade(&meta2, &students2), None);
    assert_eq!(LAYOUT, 3);
    // An empty database only gets the mark.
    let fresh = upgrade(&[], &[]).unwrap();
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].text(), Some("3"));
}

#[test]
fn a_class_list_of_rewards_counts_each_for_the_class_of_its_date() {
    use portfolio_core::reward::{of_class, RewardForm};
    let ctx = FixedContext::at("2026-11-23");
    let mut p = Portfolio::default();
    let mut class = |name: &str| {
        let c = ClassForm {
            name: name.into(),
            year: 2026,
            teacher_id: String::new(),
        }
        .parse(ctx.new_id(), &p.classes, ctx.revision())
        .unwrap();
        p.classes.push(c.clone());
        c.id
    };
    let (a, b) = (class("2 А"), class("2 Б"));
    let mut f = StudentForm::new_student(&b, ctx.today());
    for (k, v) in [
        ("last_name", "Ранаургина"),
        ("first_name", "Вера"),
        ("sex", "female"),
        ("birth_date", "01.09.2018"),
        ("birth_place", "с. Биллингс"),
        ("residence_confirmed", "no"),
    ] {
        f.set(k, v);
    }
    let mut s = f
        .parse(ctx.new_id(), Status::Active, ctx.today(), ctx.revision())
        .unwrap();
    // In 2 А until 10.11.2026, in 2 Б since.
    s.former_classes.push(portfolio_core::student::Membership {
        class_id: a.clone(),
        until: chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
    });
    let reward = |date: &str, kind: usize| {
        RewardForm {
            kind_id: CatalogueKind::RewardKinds.default_id(kind).0,
            date: date.into(),
            activity: "sport".into(),
            awarded_by: "Директор".into(),
            ..Default::default()
        }
        .parse(
            &p.catalogues,
            &[],
            ctx.new_id(),
            ctx.today(),
            ctx.revision(),
        )
        .unwrap()
    };
    let rewards = vec![
        reward("05.11.2026", 4),
        reward("20.11.2026", 5),
        reward("15.05.2026", 1),
    ];
    p.students.insert(
        s.id.clone(),
        Arc::new(StudentRecord {
            rewards,
            ..StudentRecord::new(s.clone())
        }),
    );
    let dates = |v: Vec<portfolio_core::reward::ClassReward>| -> Vec<String> {
        v.iter()
            .map(|x| portfolio_core::date::format_ru(x.reward.date))
            .collect()
    };
    assert_eq!(dates(of_class(&p, &a, Some(2026))), ["05.11.2026"]);
    assert_eq!(dates(of_class(&p, &b, Some(2026))), ["20.11.2026"]);
    assert_eq!(dates(of_class(&p, &a, Some(2025))), ["15.05.2026"]);
    assert_eq!(dates(of_class(&p, &a, None)), ["05.11.2026", "15.05.2026"]);
    assert_eq!(of_class(&p, &a, None)[0].student, "Ранаургина Вера");
    // «Отчёты»: rewards by kind, for the class of each reward's date.
    use portfolio_core::filter::AchievementFilter;
    use portfolio_core::report::{gto_badges, rewards_by_kind, Scope};
    let year = |y| AchievementFilter {
        year: Some(y),
        ..Default::default()
    };
    let t = rewards_by_kind(&p, &Scope::Class(a.clone()), &year(2026));
    assert_eq!(t.rows[3], ["Грамота", "1", "1"]);
    assert_eq!(t.total, Some(vec!["Итого".into(), "1".into(), "1".into()]));
    let t = rewards_by_kind(&p, &Scope::School, &year(2026));
    assert_eq!(t.total, Some(vec!["Итого".into(), "2".into(), "1".into()]));
    let t = rewards_by_kind(&p, &Scope::School, &AchievementFilter::default());
    assert_eq!(t.rows[0], ["Приз", "1", "1"]);
    // ГТО badges by sign; the old tick counts as «вид не указан».
    let mut gto = |sign: Option<portfolio_core::achievement::GtoSign>| {
        let mut x = AchievementForm {
            title: "ГТО".into(),
            type_id: CatalogueKind::AchievementTypes.default_id(11).0,
            level_id: CatalogueKind::EventLevels.default_id(1).0,
            date: "12.11.2026".into(),
            ..AchievementForm::blank(ctx.today())
        }
        .parse(&p.catalogues, ctx.new_id(), ctx.today(), ctx.revision())
        .unwrap();
        x.gto = Some(portfolio_core::achievement::GtoBadge {
            sign,
            ..Default::default()
        });
        let r = Arc::make_mut(p.students.get_mut(&s.id).unwrap());
        r.achievements.push(x);
    };
    gto(Some(portfolio_core::achievement::GtoSign::Gold));
    gto(Some(portfolio_core::achievement::GtoSign::Gold));
    gto(None);
    let t = gto_badges(&p, &Scope::School, &year(2026));
    assert_eq!(
        t.rows,
        vec![
            vec!["Золотой знак".to_string(), "2".into()],
            vec!["Серебряный знак".into(), "0".into()],
            vec!["Бронзовый знак".into(), "0".into()],
            vec!["Вид знака не указан".into(), "1".into()],
        ]
    );
    // The reward kinds in use cannot be deleted from «Виды поощрений».
    let uses = p.usage(
        CatalogueKind::RewardKinds,
        &CatalogueKind::RewardKinds.default_id(4),
    );
    assert_eq!(uses.rewards, 1);
    assert!(p
        .catalogues
        .clone()
        .delete(
            CatalogueKind::RewardKinds,
            &CatalogueKind::RewardKinds.default_id(4),
            uses
        )
        .unwrap_err()
        .contains("1 поощрении"));
}
