use super::*;

#[test]
fn records_stored_by_the_previous_release_open_with_the_new_fields_defaulted() {
    // The stored shape before «Баллы рейтинга», «Форма участия» and former
    // classes: the records of the version-1 fixture, as the previous release
    // kept them in IndexedDB (one JSON text per meta key and per student).
    let v1: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/export-v1.json")).unwrap();
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
        portfolio_core::records::school::RatingFactors::default()
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

/// The stored database of a fixture: «meta» texts, «students» texts, files.
fn stored(v: serde_json::Value) -> Stored {
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
        .map(|(k, v)| (k, portfolio_core::util::base64::decode(&v).unwrap()))
        .collect();
    (
        texts("meta"),
        texts("students").into_iter().map(|(_, v)| v).collect(),
        files,
    )
}

/// Applies `writes` to stored «meta» and «students» texts, as a
/// transaction would.
fn applied(
    meta: &[(String, String)],
    students: &[String],
    writes: &[portfolio_core::stored::Write],
) -> (Vec<(String, String)>, Vec<String>) {
    let mut meta: BTreeMap<String, String> = meta.iter().cloned().collect();
    let mut students: BTreeMap<String, String> = students
        .iter()
        .map(|s| {
            let r: StudentRecord = serde_json::from_str(s).unwrap();
            (r.student.id.0, s.clone())
        })
        .collect();
    for w in writes {
        let target = if w.store == "meta" {
            &mut meta
        } else {
            &mut students
        };
        match w.text() {
            Some(t) => target.insert(w.key.clone(), t.to_string()),
            None => target.remove(&w.key),
        };
    }
    (meta.into_iter().collect(), students.into_values().collect())
}

#[test]
fn data_stored_by_layout_3_gets_a_summary_beside_each_record() {
    use portfolio_core::stored::{decode_roster, upgrade, Summary, LAYOUT_KEY};
    // What the last release of layout 3 kept (made at f7e7a81 by
    // `fixtures/stored_v3.rs.txt`; the e2e test opens the same database).
    let (meta, students, _) =
        stored(serde_json::from_str(include_str!("../fixtures/stored-v3.json")).unwrap());
    assert!(meta.iter().any(|(k, v)| k == LAYOUT_KEY && v == "3"));
    let (before, problems) = decode(&meta, &students);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(before.students.len(), 2);
    assert_eq!(decode_roster(&meta).0, vec![]);
    let writes = upgrade(&meta, &students).expect("an upgrade is due");
    // Records already in today's shape are not written again: only a
    // summary per student, and the mark last.
    assert!(writes.iter().all(|w| w.store == "meta"));
    let last = writes.last().unwrap();
    assert_eq!((last.key.as_str(), last.text()), (LAYOUT_KEY, Some("4")));
    assert_eq!(writes.len(), 3);
    let (meta2, students2) = applied(&meta, &students, &writes);
    assert_eq!(students2.len(), 2);
    let (after, problems) = decode(&meta2, &students2);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(after, before, "nothing is lost");
    let (mut roster, problems) = decode_roster(&meta2);
    assert!(problems.is_empty(), "{problems:?}");
    roster.sort_by(|a, b| a.sort.cmp(&b.sort));
    let mut expected: Vec<Summary> = before.students.values().map(|r| Summary::of(r)).collect();
    expected.sort_by(|a, b| a.sort.cmp(&b.sort));
    assert_eq!(roster, expected);
    let names: Vec<(&str, usize, usize, usize)> = roster
        .iter()
        .map(|s| (s.name.as_str(), s.achievements, s.rewards, s.observations))
        .collect();
    assert_eq!(
        names,
        vec![("Кымын Алина", 0, 0, 0), ("Тынэтэгин Вадим", 1, 1, 1)]
    );
    assert_eq!(upgrade(&meta2, &students2), None);
}

#[test]
fn an_upgrade_leaves_no_summary_without_its_record() {
    use portfolio_core::stored::{decode_roster, upgrade, LAYOUT_KEY};
    let (mut meta, students, _) =
        stored(serde_json::from_str(include_str!("../fixtures/stored-v3.json")).unwrap());
    // A summary left by an interrupted older write of a student since removed.
    meta.push(("roster:gone".into(), "{}".into()));
    let writes = upgrade(&meta, &students).unwrap();
    assert!(writes
        .iter()
        .any(|w| w.key == "roster:gone" && w.value.is_none()));
    let (meta2, _) = applied(&meta, &students, &writes);
    let (roster, problems) = decode_roster(&meta2);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(roster.len(), 2);
    assert!(meta2.iter().any(|(k, v)| k == LAYOUT_KEY && v == "4"));
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
    stored(serde_json::from_str(include_str!("../fixtures/stored-v2.json")).unwrap())
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
        Some(portfolio_core::records::achievement::GtoBadge::default())
    )));
    assert!(gto.contains(&("Олимпиада «Юный математик»", None)));
    // The upgrade rewrites what changed shape, and the mark last.
    let writes = upgrade(&meta, &students).expect("an upgrade is due");
    let last = writes.last().unwrap();
    assert_eq!((last.key.as_str(), last.text()), (LAYOUT_KEY, Some("4")));
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
    assert_eq!(LAYOUT, 4);
    // An empty database only gets the mark.
    let fresh = upgrade(&[], &[]).unwrap();
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].text(), Some("4"));
}

#[test]
fn a_class_list_of_rewards_counts_each_for_the_class_of_its_date() {
    use portfolio_core::records::reward::{of_class, RewardForm};
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
    s.former_classes
        .push(portfolio_core::records::student::Membership {
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
    let dates = |v: Vec<portfolio_core::records::reward::ClassReward>| -> Vec<String> {
        v.iter()
            .map(|x| portfolio_core::util::date::format_ru(x.reward.date))
            .collect()
    };
    assert_eq!(dates(of_class(&p, &a, Some(2026))), ["05.11.2026"]);
    assert_eq!(dates(of_class(&p, &b, Some(2026))), ["20.11.2026"]);
    assert_eq!(dates(of_class(&p, &a, Some(2025))), ["15.05.2026"]);
    assert_eq!(dates(of_class(&p, &a, None)), ["05.11.2026", "15.05.2026"]);
    assert_eq!(of_class(&p, &a, None)[0].student, "Ранаургина Вера");
    // «Отчёты»: rewards by kind, for the class of each reward's date.
    use portfolio_core::assessment::report::{gto_badges, rewards_by_kind, Scope};
    use portfolio_core::records::filter::AchievementFilter;
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
    let mut gto = |sign: Option<portfolio_core::records::achievement::GtoSign>| {
        let mut x = AchievementForm {
            title: "ГТО".into(),
            type_id: CatalogueKind::AchievementTypes.default_id(11).0,
            level_id: CatalogueKind::EventLevels.default_id(1).0,
            date: "12.11.2026".into(),
            ..AchievementForm::blank(ctx.today())
        }
        .parse(&p.catalogues, ctx.new_id(), ctx.today(), ctx.revision())
        .unwrap();
        x.gto = Some(portfolio_core::records::achievement::GtoBadge {
            sign,
            ..Default::default()
        });
        let r = Arc::make_mut(p.students.get_mut(&s.id).unwrap());
        r.achievements.push(x);
    };
    gto(Some(portfolio_core::records::achievement::GtoSign::Gold));
    gto(Some(portfolio_core::records::achievement::GtoSign::Gold));
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
