use super::*;

#[test]
fn reimporting_the_same_file_changes_nothing() {
    for seed in 1..=20 {
        let (_, p, _) = school(seed, 12);
        let (out, report) = merge(&p, &via_file(&p, Scope::School), T0);
        assert!(report.is_empty(), "seed {seed}: {report:?}");
        assert_eq!(out, p);
    }
}

#[test]
fn a_fresh_device_counts_every_new_record_and_names_the_first_ones() {
    let (_, p, _) = school(7, 12);
    let (out, report) = merge(&Portfolio::default(), &via_file(&p, Scope::School), T0);
    assert_eq!(canonical(&out).students, canonical(&p).students);
    let records: usize = p
        .students
        .values()
        .map(|r| 1 + r.achievements.len() + r.rewards.len() + r.observations.len())
        .sum();
    let entries: usize = portfolio_core::records::catalogue::CatalogueKind::ALL
        .iter()
        .map(|k| p.catalogues.list(*k).len())
        .sum();
    // The school, its years, the classes, the catalogues' entries (the
    // standard ones are already here), every student and their records.
    assert_eq!(
        report.added.len() + report.unchanged,
        1 + p.years.len() + entries + p.classes.len() + records,
        "{report:?}"
    );
    assert!(report.added.len() > Lines::NAMED);
    assert_eq!(report.added.named().len(), Lines::NAMED);
    // Named in the order met.
    assert_eq!(report.added.named()[0], "название школы");
    let (sid, r) = p.students.iter().next().unwrap();
    let student = format!("ученик {}", r.student.full_name());
    assert!(
        report.added.named().contains(&student),
        "{sid:?}: {report:?}"
    );
    assert!(report.updated.is_empty());
}

#[test]
fn a_parent_adds_an_achievement_and_the_teacher_gets_exactly_that() {
    let (_, mut teacher, _) = school(4, 10);
    let sid = first_with_achievements(&teacher);
    // The teacher sends the child's package; the parent's phone starts empty.
    let package = via_file(
        &teacher,
        Scope::Student {
            student_id: sid.clone(),
        },
    );
    let (mut parent, report) = merge(&Portfolio::default(), &package, T0);
    assert!(report
        .added
        .named()
        .iter()
        .any(|a| a.starts_with("ученик ")));
    assert_eq!(parent.students.len(), 1);
    // The parent adds an achievement and a phone number.
    let mut a = teacher.students[&sid].achievements[0].clone();
    a.id = Id("parent-achievement-1".into());
    a.title = "Соревнования по национальной борьбе".into();
    a.documents.clear();
    parent_adds(&mut parent, &sid, &a, T0 + DAY);
    // The teacher imports the parent's package.
    let back = via_file(
        &parent,
        Scope::Student {
            student_id: sid.clone(),
        },
    );
    let (merged, report) = merge(&teacher, &back, T0 + 2 * DAY);
    let name = teacher.students[&sid].student.full_name();
    assert_eq!(
        report.added.named(),
        [format!(
            "достижение «Соревнования по национальной борьбе» ({name})"
        )]
    );
    assert_eq!(report.updated.named(), [format!("ученик {name}")]);
    assert!(report.conflicts.is_empty() && report.deleted.is_empty());
    assert_eq!(report.keys, vec![Key::Student(sid.clone())]);
    assert_eq!(
        merged.students[&sid].student.personal.contacts.mobile_phone,
        "+7 914 000-00-00"
    );
    assert_eq!(
        merged.students[&sid].achievements.len(),
        teacher.students[&sid].achievements.len() + 1
    );
    // Everything else is as it was.
    for (id, r) in &teacher.students {
        if id != &sid {
            assert_eq!(&merged.students[id], r);
        }
    }
    // The teacher edits later; the parent's next package is older: nothing comes back wrong.
    teacher = merged;
    edit_first(&mut teacher, "teacher-laptop", T0 + 3 * DAY, &sid, |a| {
        a.result = "Диплом I степени".into()
    });
    let (again, report) = merge(&teacher, &back, T0 + 4 * DAY);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(report.newer_here, 1);
    assert_eq!(again, teacher);
}

#[test]
fn edits_on_both_sides_are_a_conflict_and_nothing_is_lost() {
    let Diverged {
        sid,
        teacher,
        parent,
        from_parent,
    } = changed_on_both_sides(
        |a| a.title = "Олимпиада по математике (название от учителя)".into(),
        |a| a.result = "Решила все задачи (от родителя)".into(),
    );
    let (t2, report) = merge(&teacher, &from_parent, T0 + 3 * DAY);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    assert!(
        report.conflicts.named()[0].contains("оставлена более поздняя версия из файла"),
        "{}",
        report.conflicts.named()[0]
    );
    // The later edit (the parent's) is kept; the teacher's version is in the archive, whole.
    let kept = &t2.students[&sid].achievements[0];
    assert_eq!(kept.result, "Решила все задачи (от родителя)");
    assert_eq!(t2.lost.len(), 1);
    assert!(t2.lost[0].value.contains("название от учителя"));
    assert_eq!(
        t2.lost[0].key,
        RecordKey::Achievement {
            student_id: sid.clone(),
            id: kept.id.clone()
        }
    );
    assert!(report.keys.contains(&Key::Lost));
    // Importing the same file again changes nothing more.
    let (t3, report) = merge(&t2, &from_parent, T0 + 4 * DAY);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(t3, t2);
    // The parent gets the teacher's file: the same winner, no second conflict
    // on the teacher's side later, and the parent's phone keeps the teacher's
    // version in its own archive.
    let (p2, report) = merge(
        &parent,
        &via_file(
            &teacher,
            Scope::Student {
                student_id: sid.clone(),
            },
        ),
        T0 + 3 * DAY,
    );
    assert_eq!(report.conflicts.len(), 1);
    assert!(report.conflicts.named()[0].contains("с этого устройства"));
    assert_eq!(p2.students[&sid].achievements[0].result, kept.result);
    assert_eq!(p2.students[&sid].achievements[0].title, kept.title);
    let (t4, report) = merge(
        &t2,
        &via_file(
            &p2,
            Scope::Student {
                student_id: sid.clone(),
            },
        ),
        T0 + 5 * DAY,
    );
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(t4.students[&sid], t2.students[&sid]);
}

#[test]
fn an_ended_child_does_not_come_back_from_an_old_file() {
    let (_, mut teacher, _) = school(5, 8);
    let sid = first_with_achievements(&teacher);
    let old_package = via_file(
        &teacher,
        Scope::Student {
            student_id: sid.clone(),
        },
    );
    let old_backup = via_file(&teacher, Scope::School);
    let name = teacher.students[&sid].student.full_name();
    edit(&mut teacher, "teacher-laptop", T0 + DAY, |p, _| {
        p.students.remove(&sid);
        vec![Key::Student(sid.clone())]
    });
    assert!(teacher
        .deleted
        .iter()
        .any(|d| d.key == RecordKey::Student { id: sid.clone() }));
    for file in [&old_package, &old_backup] {
        let (out, report) = merge(&teacher, file, T0 + 2 * DAY);
        assert!(!out.students.contains_key(&sid));
        assert!(
            report
                .not_restored
                .named()
                .contains(&format!("ученик {name}")),
            "{report:?}"
        );
        assert!(!report.keys.contains(&Key::Student(sid.clone())));
    }
    // The deletion travels: a device that still has the child deletes it too.
    let (other, report) = merge(
        &old_backup,
        &via_file(&teacher, Scope::School),
        T0 + 2 * DAY,
    );
    assert!(!other.students.contains_key(&sid));
    assert_eq!(report.deleted.named(), [format!("ученик {name}")]);
}
