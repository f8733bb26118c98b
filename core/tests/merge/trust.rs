//! A family's file on the teacher's device: what the school entered is
//! never changed by it — whatever revision or mark the file claims — only
//! proposed; the family's own records and the child's personal data merge.

use super::*;
use portfolio_core::exchange::merge::{merge_from, Sender};
use portfolio_core::records::identity::Deleted;

fn from_family(
    here: &Portfolio,
    file: &Portfolio,
) -> (Portfolio, portfolio_core::exchange::merge::Report) {
    merge_from(here, file, T0 + 10 * DAY, false, Sender::Family)
}

fn child_file(p: &Portfolio, sid: &Id) -> Portfolio {
    via_file(
        p,
        Scope::Student {
            student_id: sid.clone(),
        },
    )
}

/// A school whose first child with achievements has a school one first.
fn teacher_and_child() -> (Portfolio, Id) {
    let (_, mut p, _) = school(11, 6);
    let sid = first_with_achievements(&p);
    Arc::make_mut(p.students.get_mut(&sid).unwrap()).achievements[0].by_family = false;
    (p, sid)
}

#[test]
fn a_newer_revision_of_a_school_achievement_is_a_proposal_not_a_change() {
    let (teacher, sid) = teacher_and_child();
    let mut parent = teacher.clone();
    let levels = teacher
        .catalogues
        .list(portfolio_core::CatalogueKind::EventLevels)
        .clone();
    let before = teacher.students[&sid].achievements[0].level_id.clone();
    let other = levels.iter().find(|l| l.id != before).unwrap().clone();
    edit_first(&mut parent, "parent-phone", T0 + DAY, &sid, |a| {
        a.level_id = other.id.clone()
    });
    let (merged, report) = from_family(&teacher, &child_file(&parent, &sid));
    assert_eq!(merged, teacher, "{report:?}");
    assert!(report.is_empty(), "nothing to write: {report:?}");
    let name = teacher.students[&sid].student.full_name();
    let title = &teacher.students[&sid].achievements[0].title;
    let was = teacher
        .catalogues
        .name(portfolio_core::CatalogueKind::EventLevels, &before);
    assert_eq!(
        report.proposals.named(),
        [format!(
            "достижение «{title}» ({name}): Уровень мероприятия: «{was}» → «{}»",
            other.name
        )]
    );
    // The same file from another school device is a change (devices of the school trust each other).
    let (merged, report) = merge_from(
        &teacher,
        &child_file(&parent, &sid),
        T0,
        false,
        Sender::School,
    );
    assert_eq!(merged.students[&sid].achievements[0].level_id, other.id);
    assert!(report.proposals.is_empty());
}

#[test]
fn a_forged_family_mark_or_revision_does_not_make_a_school_record_the_familys() {
    let (teacher, sid) = teacher_and_child();
    let mut forged = child_file(&teacher, &sid);
    {
        let a = &mut Arc::make_mut(forged.students.get_mut(&sid).unwrap()).achievements[0];
        a.by_family = true;
        a.place_id = Id("places-1".into());
        // A revision far in the future, descending from the school's.
        let mut rev = Revision::new(T0 + 365 * DAY, "teacher-laptop");
        rev.inherit(&a.rev);
        a.rev = rev;
    }
    let (merged, report) = from_family(&teacher, &forged);
    assert_eq!(merged, teacher);
    assert_eq!(report.proposals.len(), 1, "{report:?}");
    // Changed outside the app under the school's own revision: a proposal too,
    // even when the teacher accepts records changed outside the app.
    let mut same_rev = child_file(&teacher, &sid);
    Arc::make_mut(same_rev.students.get_mut(&sid).unwrap()).achievements[0].title =
        "Подделка".into();
    let (merged, report) = merge_from(&teacher, &same_rev, T0, true, Sender::Family);
    assert_eq!(merged, teacher);
    assert!(report.changed_outside.is_empty());
    assert!(
        report.proposals.named()[0].contains("Наименование"),
        "{report:?}"
    );
}

#[test]
fn a_familys_file_cannot_delete_a_school_record_but_deletes_its_own() {
    let (teacher, sid) = teacher_and_child();
    let school_one = teacher.students[&sid].achievements[0].clone();
    let mut own = school_one.clone();
    own.id = Id("family-1".into());
    own.by_family = true;
    own.documents.clear();
    let mut here = teacher.clone();
    Arc::make_mut(here.students.get_mut(&sid).unwrap())
        .achievements
        .push(own.clone());
    let mut file = child_file(&here, &sid);
    {
        let r = Arc::make_mut(file.students.get_mut(&sid).unwrap());
        r.achievements
            .retain(|a| a.id != school_one.id && a.id != own.id);
    }
    for (id, what) in [(&school_one.id, "школьное"), (&own.id, "своё")] {
        file.deleted.push(Deleted {
            key: RecordKey::Achievement {
                student_id: sid.clone(),
                id: id.clone(),
            },
            what: format!("достижение ({what})"),
            rev: Revision::new(T0 + 5 * DAY, "parent-phone"),
        });
    }
    // The whole child deleted, too.
    file.deleted.push(Deleted {
        key: RecordKey::Student { id: sid.clone() },
        what: "ученик".into(),
        rev: Revision::new(T0 + 5 * DAY, "parent-phone"),
    });
    let (merged, report) = from_family(&here, &file);
    let kept = &merged.students[&sid].achievements;
    assert!(kept.iter().any(|a| a.id == school_one.id));
    assert!(!kept.iter().any(|a| a.id == own.id));
    assert_eq!(
        report.deleted.named(),
        ["достижение «".to_string()
            + &own.title
            + "» ("
            + &teacher.students[&sid].student.full_name()
            + ")"]
    );
    assert_eq!(
        report.proposals.named(),
        ["удалить: достижение (школьное)", "удалить: ученик"]
    );
    assert!(!merged
        .deleted
        .iter()
        .any(|d| d.key == RecordKey::Student { id: sid.clone() }));
}

#[test]
fn what_a_family_adds_is_its_own_and_its_own_edits_merge_each_time() {
    let (teacher, sid) = teacher_and_child();
    let mut parent = child_file(&teacher, &sid);
    let mut a = teacher.students[&sid].achievements[0].clone();
    a.id = Id("family-2".into());
    a.title = "Соревнования по национальной борьбе".into();
    a.documents.clear();
    a.by_family = false; // as a hand-written file might claim
    parent_adds(&mut parent, &sid, &a, T0 + DAY);
    let (mut here, report) = from_family(&teacher, &child_file(&parent, &sid));
    assert!(report.proposals.is_empty(), "{report:?}");
    let added = here.students[&sid]
        .achievements
        .iter()
        .find(|x| x.id == a.id)
        .unwrap();
    assert!(
        added.by_family,
        "the teacher's device marks it as the family's"
    );
    assert_eq!(
        here.students[&sid].student.personal.contacts.mobile_phone,
        "+7 914 000-00-00"
    );
    // Edited twice by the family: each edit arrives.
    for (n, result) in ["Диплом", "Диплом I степени"].into_iter().enumerate() {
        edit(
            &mut parent,
            "parent-phone",
            T0 + (2 + n as i64) * DAY,
            |p, rev| {
                let r = Arc::make_mut(p.students.get_mut(&sid).unwrap());
                let x = r.achievements.iter_mut().find(|x| x.id == a.id).unwrap();
                x.result = result.into();
                x.by_family = true;
                x.rev = rev;
                vec![Key::Student(sid.clone())]
            },
        );
        let (next, report) = from_family(&here, &child_file(&parent, &sid));
        assert!(report.proposals.is_empty(), "{report:?}");
        here = next;
        let x = here.students[&sid]
            .achievements
            .iter()
            .find(|x| x.id == a.id)
            .unwrap();
        assert_eq!(x.result, result);
    }
}

#[test]
fn a_family_cannot_move_its_child_to_another_class() {
    let (teacher, sid) = teacher_and_child();
    let other = teacher
        .classes
        .iter()
        .find(|c| c.id != teacher.students[&sid].student.class_id)
        .unwrap()
        .clone();
    let mut parent = child_file(&teacher, &sid);
    edit(&mut parent, "parent-phone", T0 + DAY, |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(&sid).unwrap());
        r.student.class_id = other.id.clone();
        r.student.rev = rev;
        vec![Key::Student(sid.clone())]
    });
    let (merged, report) = from_family(&teacher, &child_file(&parent, &sid));
    assert_eq!(
        merged.students[&sid].student,
        teacher.students[&sid].student
    );
    let line = &report.proposals.named()[0];
    assert!(
        line.starts_with("ученик ") && line.contains(&format!("→ «{}»", other.name)),
        "{line}"
    );
}

#[test]
fn two_families_files_give_the_same_school_in_either_order() {
    let (teacher, _) = teacher_and_child();
    let ids: Vec<Id> = teacher.students.keys().take(2).cloned().collect();
    let files: Vec<Portfolio> = ids
        .iter()
        .enumerate()
        .map(|(n, sid)| {
            let mut parent = child_file(&teacher, sid);
            edit(&mut parent, "parent-phone", T0 + DAY, |p, rev| {
                let r = Arc::make_mut(p.students.get_mut(sid).unwrap());
                r.student.personal.contacts.email = format!("family{n}@example.ru");
                if let Some(a) = r.achievements.first_mut() {
                    a.title = format!("Исправлено семьёй {n}");
                    a.rev = rev.clone();
                }
                r.student.rev = rev;
                vec![Key::Student(sid.clone())]
            });
            child_file(&parent, sid)
        })
        .collect();
    let (ab, _) = from_family(&from_family(&teacher, &files[0]).0, &files[1]);
    let (ba, _) = from_family(&from_family(&teacher, &files[1]).0, &files[0]);
    assert_eq!(canonical(&ab), canonical(&ba));
    for (n, sid) in ids.iter().enumerate() {
        assert_eq!(
            ab.students[sid].student.personal.contacts.email,
            format!("family{n}@example.ru")
        );
        // The school's achievements are as the school has them.
        let school_ones = |p: &Portfolio| -> Vec<Achievement> {
            p.students[sid]
                .achievements
                .iter()
                .filter(|a| !a.by_family)
                .cloned()
                .collect()
        };
        assert_eq!(school_ones(&ab), school_ones(&teacher));
    }
}
