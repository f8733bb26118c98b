//! Files of changes between the teacher's laptop and a family's phone: only
//! what is new travels, both ways; a file of changes on a device that lacks
//! what it continues is refused and changes nothing.

mod common;

use common::devices::Device;
use portfolio_core::exchange::{parse, DELTA_VERSION, WHOLE_VERSION};
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::document::{sniff, Prepared};
use portfolio_core::stored::{file_key, thumb_key, Key};
use portfolio_core::{AchievementForm, Document, Id, Portfolio};
use std::sync::Arc;

/// The teacher's laptop with a school, and the first child's id.
fn teacher() -> (Device, Id) {
    let (_, p, files) = common::school(7, 6);
    let mut t = Device::new("teacher-laptop", true);
    t.p = p;
    t.files = files;
    let child =
        t.p.students
            .values()
            .max_by_key(|r| r.documents().count())
            .unwrap()
            .student
            .id
            .clone();
    (t, child)
}

/// A photo of `n` bytes (a JPEG signature, then noise) and its thumbnail.
fn photo(n: usize, seed: u8) -> (Vec<u8>, Vec<u8>) {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.extend((0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    let thumb = vec![0xFF, 0xD8, 0xFF, seed, 1, 2, 3];
    (b, thumb)
}

/// Adds an achievement with a photo on `d`, as the form does.
fn add_achievement(d: &mut Device, child: &Id, title: &str, bytes: (Vec<u8>, Vec<u8>)) -> Id {
    let rev = d.revision();
    let id = Id(format!("{}-{}", d.name, d.now));
    let mut a = AchievementForm {
        title: title.into(),
        type_id: CatalogueKind::AchievementTypes.default_id(2).0,
        level_id: CatalogueKind::EventLevels.default_id(1).0,
        date: "20.11.2026".into(),
        ..AchievementForm::blank(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap())
    }
    .parse(
        &d.p.catalogues,
        id.clone(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        rev.clone(),
    )
    .unwrap();
    let prepared = Prepared {
        file_type: sniff(&bytes.0).unwrap(),
        bytes: bytes.0.clone(),
        width: 2000,
        height: 1500,
        thumb: Some(bytes.1.clone()),
    };
    let doc = Document::new(
        Id(format!("{}-doc", id.0)),
        CatalogueKind::DocumentKinds.default_id(1),
        "фото.jpg",
        &prepared,
        rev,
    )
    .unwrap();
    d.files.insert(file_key(&doc.id), bytes.0);
    d.files.insert(thumb_key(&doc.id), bytes.1);
    a.documents.push(doc);
    // On a family's device the app marks what the family adds.
    a.by_family = !d.teacher;
    let child2 = child.clone();
    d.edit(&[Key::Student(child.clone())], move |p, _| {
        let r = Arc::make_mut(p.students.get_mut(&child2).unwrap());
        r.achievements.push(a);
    });
    id
}

/// What a user sees of the child on a device: the record and its files.
fn child_view(d: &Device, child: &Id) -> (portfolio_core::StudentRecord, Vec<(String, Vec<u8>)>) {
    let r = d.p.students[child].as_ref().clone();
    let files = r
        .documents()
        .flat_map(|doc| [file_key(&doc.id), thumb_key(&doc.id)])
        .filter_map(|k| d.files.get(&k).map(|b| (k, b.clone())))
        .collect();
    (r, files)
}

#[test]
fn a_familys_new_photo_goes_back_alone_and_the_teachers_answer_is_small_too() {
    let (mut t, child) = teacher();
    let mut f = Device::new("family-phone", false);
    // The whole package first: the family's phone has nothing yet.
    let full = t.send(&child, true);
    assert_eq!(parse(&full).unwrap().version, WHOLE_VERSION);
    assert!(
        parse(&full).unwrap().data.base.is_none(),
        "nothing was known: the whole package"
    );
    f.receive(&full).unwrap();
    assert_eq!(child_view(&f, &child), child_view(&t, &child));

    // The family adds one achievement with a 300 KB photo.
    let (big, thumb) = photo(300_000, 9);
    let stored = big.len() + thumb.len();
    let new_id = add_achievement(&mut f, &child, "Рисунок «Моя тундра»", (big, thumb));
    let whole = f.send(&child, false);
    let back = f.send(&child, true);
    let env = parse(&back).unwrap();
    assert_eq!(env.version, DELTA_VERSION);
    let r = &env.data.students[0];
    assert_eq!(r.achievements.len(), 1, "only the new achievement travels");
    assert_eq!(r.achievements[0].id, new_id);
    assert!(r.rewards.is_empty() && r.observations.is_empty());
    assert_eq!(
        env.data.files.len(),
        2,
        "the photo and its thumbnail, nothing of the teacher's"
    );
    // Base64 makes bytes 4/3 as long; everything else fits in 10 KB.
    let limit = stored.div_ceil(3) * 4 + 10_000;
    assert!(back.len() <= limit, "{} > {limit}", back.len());
    assert!(
        whole.len() > back.len() + 2_000,
        "whole {} vs changes {}",
        whole.len(),
        back.len()
    );

    // The teacher's preview: one new record.
    let report = t.receive(&back).unwrap();
    assert_eq!(report.added.len(), 1, "{report:?}");
    assert!(report.added.named()[0].contains("Моя тундра"));
    assert!(report.conflicts.is_empty() && report.changed_outside.is_empty());
    assert_eq!(child_view(&t, &child), child_view(&f, &child));

    // The teacher adds a reward; the answer carries that, not the family's photo.
    let x = portfolio_core::records::reward::RewardForm {
        kind_id: CatalogueKind::RewardKinds.default_id(1).0,
        date: "27.11.2026".into(),
        activity: "creative".into(),
        awarded_by: "Администрация школы".into(),
        achievement_id: new_id.0.clone(),
        ..Default::default()
    }
    .parse(
        &t.p.catalogues,
        &[&new_id],
        Id("reward-new".into()),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        portfolio_core::Revision::new(t.now + 1, "teacher-laptop"),
    )
    .unwrap();
    let c = child.clone();
    t.edit(&[Key::Student(child.clone())], move |p, _| {
        Arc::make_mut(p.students.get_mut(&c).unwrap())
            .rewards
            .push(x)
    });
    let answer = t.send(&child, true);
    let env = parse(&answer).unwrap();
    assert!(env.data.files.is_empty(), "the family has every document");
    assert_eq!(env.data.students[0].rewards.len(), 1);
    assert!(env.data.students[0].achievements.is_empty());
    assert!(answer.len() < 12_000, "{}", answer.len());
    f.receive(&answer).unwrap();
    assert_eq!(child_view(&f, &child), child_view(&t, &child));

    // Nothing new either way: still a valid file, and nothing changes.
    let again = f.send(&child, true);
    assert!(t.receive(&again).unwrap().is_empty());
}

#[test]
fn a_file_of_changes_on_a_device_without_its_base_is_refused_and_changes_nothing() {
    let (mut t, child) = teacher();
    let mut f = Device::new("family-phone", false);
    f.receive(&t.send(&child, true)).unwrap();
    add_achievement(&mut f, &child, "Рисунок", photo(1000, 1));
    let back = f.send(&child, true);

    // A new laptop of the teacher's (restored from nothing): the base is not there.
    let mut fresh = Device::new("new-laptop", true);
    let e = fresh.receive(&back).unwrap_err();
    assert!(
        e.contains("Всё портфолио ребёнка") && e.contains("Ничего не изменено"),
        "{e}"
    );
    assert!(e.contains("достижение (версия от"), "{e}");
    assert_eq!(fresh.p, Portfolio::default());

    // An edit on both sides: another teacher's device removed an
    // achievement's document (its bytes go with it), the family later
    // corrected that achievement's title. The family's version wins and
    // keeps the document, whose bytes the file leaves out as known: that
    // device cannot take the file and must say so, changing nothing.
    let a = f.p.students[&child]
        .achievements
        .iter()
        .find(|a| !a.documents.is_empty() && a.by_family)
        .expect("the family's achievement with a document")
        .clone();
    // (The family's own achievement, which the teacher has taken and
    // answered, so the family knows the teacher holds its photo.)
    t.receive(&back).unwrap();
    f.receive(&t.send(&child, true)).unwrap();
    let mut other = Device::new("teacher-2", true);
    other.p = t.p.clone();
    other.files = t.files.clone();
    let (c, id) = (child.clone(), a.id.clone());
    other.edit(&[Key::Student(child.clone())], move |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(&c).unwrap());
        let x = r.achievements.iter_mut().find(|x| x.id == id).unwrap();
        x.documents.clear();
        x.rev = rev.clone();
    });
    assert!(!other.files.contains_key(&file_key(&a.documents[0].id)));
    f.now = other.now + 60_000;
    let (c, id) = (child.clone(), a.id.clone());
    f.edit(&[Key::Student(child.clone())], move |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(&c).unwrap());
        let x = r.achievements.iter_mut().find(|x| x.id == id).unwrap();
        x.title = "Исправлено семьёй".into();
        x.rev = rev.clone();
    });
    let corrected = f.send(&child, true);
    let doc_key = file_key(&a.documents[0].id);
    assert!(
        !parse(&corrected)
            .unwrap()
            .data
            .files
            .iter()
            .any(|x| x.key == doc_key),
        "the document's bytes are left out as known"
    );
    let before = other.p.clone();
    let e = other.receive(&corrected).unwrap_err();
    assert!(
        e.contains(&format!("документ «{}»", a.documents[0].name)),
        "{e}"
    );
    assert_eq!(other.p, before);

    // A teacher's file of changes to a family whose phone was reset.
    t.receive(&back).unwrap();
    let answer = t.send(&child, true);
    let mut reset = Device::new("family-phone", false);
    let e = reset.receive(&answer).unwrap_err();
    assert!(
        e.contains("личные данные") || e.contains("достижение") || e.contains("справочника"),
        "{e}"
    );
    assert!(reset.p.students.is_empty());
    // The whole package still works there.
    reset.receive(&t.send(&child, false)).unwrap();
    assert_eq!(child_view(&reset, &child), child_view(&t, &child));
}

#[test]
fn a_family_that_has_newer_copies_takes_a_file_of_changes() {
    let (mut t, child) = teacher();
    let mut f = Device::new("family-phone", false);
    f.receive(&t.send(&child, true)).unwrap();
    // The family corrects an achievement's title; the teacher adds one.
    let c = child.clone();
    f.edit(&[Key::Student(child.clone())], move |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(&c).unwrap());
        r.achievements[0].title = "Исправлено семьёй".into();
        r.achievements[0].rev = rev.clone();
    });
    add_achievement(&mut t, &child, "Олимпиада", photo(500, 3));
    let answer = t.send(&child, true);
    let report = f.receive(&answer).unwrap();
    assert_eq!(report.added.len(), 1);
    // The family's correction stays and goes back.
    assert_eq!(
        f.p.students[&child].achievements[0].title,
        "Исправлено семьёй"
    );
    let back = f.send(&child, true);
    let env = parse(&back).unwrap();
    assert!(env.data.students[0]
        .achievements
        .iter()
        .any(|a| a.title == "Исправлено семьёй"));
    assert!(
        env.data.files.is_empty(),
        "the teacher has every document: {:?}",
        env.data.files.iter().map(|f| &f.key).collect::<Vec<_>>()
    );
    // On the teacher's device the correction of the school's record is a
    // proposal: shown, not applied.
    let school_title = t.p.students[&child].achievements[0].title.clone();
    let report = t.receive(&back).unwrap();
    assert_eq!(report.proposals.len(), 1, "{report:?}");
    assert!(
        report.proposals.named()[0].contains("«Исправлено семьёй»"),
        "{report:?}"
    );
    assert_eq!(t.p.students[&child].achievements[0].title, school_title);
}

#[test]
fn a_version_3_file_of_the_previous_release_opens() {
    // Written by the release of format 3 (commit 090c819, generator in
    // fixtures/export_v3.rs.txt): a child's file with a ГТО badge and a PDF,
    // a reward and an observation.
    let env = parse(include_str!("fixtures/export-v3.json")).unwrap();
    assert_eq!(env.version, 3);
    assert!(env.data.base.is_none());
    let r = &env.data.students[0];
    assert_eq!(r.rewards.len(), 1);
    assert_eq!(r.observations.len(), 1);
    assert_eq!(
        r.achievements[0].gto.as_ref().unwrap().describe(),
        "серебряный знак, II ступень, 15.10.2026"
    );
    let mut d = Device::new("family-phone", false);
    d.receive(include_str!("fixtures/export-v3.json")).unwrap();
    assert_eq!(d.files.len(), 1);
    assert_eq!(d.known.len(), 1, "what the teacher has is remembered");
}
