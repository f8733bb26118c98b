//! Merging files: teacher → parent → teacher, conflicts that lose nothing,
//! deletions and ended children that stay deleted, and the properties over
//! generated schools — re-importing changes nothing, non-conflicting changes
//! merge the same in any order, and a losing version is always kept whole.

mod common;
use common::{school, writer, Rng};
use portfolio_core::exchange::{export, parse, to_json, to_portfolio, Scope};
use portfolio_core::merge::{merge, record_edit, Lines, RecordKey};
use portfolio_core::observation::{ObservationForm, Tag};
use portfolio_core::stored::Key;
use portfolio_core::{Achievement, Id, Portfolio, Revision};
use std::sync::Arc;

const DAY: i64 = 86_400_000;
/// After the generated school was written (2026-11-23 noon UTC).
const T0: i64 = 1_796_000_000_000;

/// What a device sees after reading `scope` of `p` from a file.
fn via_file(p: &Portfolio, scope: Scope) -> Portfolio {
    let text = to_json(&export(p, &scope, None, &writer()).unwrap());
    to_portfolio(&parse(&text).unwrap().data)
}

/// An edit as the app makes it: the change, then lineage and the deletion log.
fn edit(
    p: &mut Portfolio,
    device: &str,
    at: i64,
    change: impl FnOnce(&mut Portfolio, Revision) -> Vec<Key>,
) {
    let before = p.clone();
    let rev = Revision::new(at, device);
    let keys = change(p, rev.clone());
    record_edit(&before, p, &keys, &rev);
}

/// An edit of the student's first achievement, as the app makes it.
fn edit_first(
    p: &mut Portfolio,
    device: &str,
    at: i64,
    sid: &Id,
    change: impl FnOnce(&mut Achievement),
) {
    edit(p, device, at, |p, rev| {
        let a = achievement_mut(p, sid, 0);
        change(a);
        a.rev = rev;
        vec![Key::Student(sid.clone())]
    });
}

fn first_with_achievements(p: &Portfolio) -> Id {
    p.students
        .iter()
        .find(|(_, r)| !r.achievements.is_empty())
        .map(|(id, _)| id.clone())
        .unwrap()
}

fn achievement_mut<'a>(p: &'a mut Portfolio, sid: &Id, i: usize) -> &'a mut Achievement {
    &mut Arc::make_mut(p.students.get_mut(sid).unwrap()).achievements[i]
}

/// Records compared regardless of the order they were appended in.
fn canonical(p: &Portfolio) -> Portfolio {
    let mut p = p.clone();
    for r in p.students.values_mut() {
        Arc::make_mut(r)
            .achievements
            .sort_by(|a, b| a.id.cmp(&b.id));
    }
    p.classes.sort_by(|a, b| a.id.cmp(&b.id));
    p.deleted.sort_by(|a, b| a.key.cmp(&b.key));
    p.lost.clear();
    p
}

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
    let entries: usize = portfolio_core::catalogue::CatalogueKind::ALL
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
    edit(&mut parent, "parent-phone", T0 + DAY, |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(&sid).unwrap());
        r.achievements.push(Achievement {
            rev: rev.clone(),
            ..a.clone()
        });
        r.student.personal.contacts.mobile_phone = "+7 914 000-00-00".into();
        r.student.rev = rev;
        vec![Key::Student(sid.clone())]
    });
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

/// The same child's first achievement changed by the teacher (a day after
/// the school was written) and, a day later, by the parent: gives the child,
/// both devices and the parent's file.
struct Diverged {
    sid: Id,
    teacher: Portfolio,
    parent: Portfolio,
    from_parent: Portfolio,
}

fn changed_on_both_sides(
    by_teacher: impl FnOnce(&mut Achievement),
    by_parent: impl FnOnce(&mut Achievement),
) -> Diverged {
    let (_, base, _) = school(8, 6);
    let sid = first_with_achievements(&base);
    let mut teacher = base.clone();
    let mut parent = base;
    edit_first(&mut teacher, "teacher-laptop", T0 + DAY, &sid, by_teacher);
    edit_first(&mut parent, "parent-phone", T0 + 2 * DAY, &sid, by_parent);
    let from_parent = via_file(
        &parent,
        Scope::Student {
            student_id: sid.clone(),
        },
    );
    Diverged {
        sid,
        teacher,
        parent,
        from_parent,
    }
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

#[test]
fn a_deleted_achievement_stays_deleted_unless_changed_after_the_deletion() {
    let (_, base, _) = school(6, 6);
    let sid = first_with_achievements(&base);
    let aid = base.students[&sid].achievements[0].id.clone();
    let mut teacher = base.clone();
    edit(&mut teacher, "teacher-laptop", T0 + 2 * DAY, |p, _| {
        Arc::make_mut(p.students.get_mut(&sid).unwrap())
            .achievements
            .retain(|a| a.id != aid);
        vec![Key::Student(sid.clone())]
    });
    // An old copy does not bring it back...
    let (out, report) = merge(&teacher, &via_file(&base, Scope::School), T0 + 3 * DAY);
    assert!(!out.students[&sid].achievements.iter().any(|a| a.id == aid));
    assert_eq!(report.not_restored.len(), 1, "{report:?}");
    // ...but a copy changed after the deletion does.
    let mut parent = base.clone();
    edit_first(&mut parent, "parent-phone", T0 + 4 * DAY, &sid, |a| {
        a.result = "Исправлено после".into()
    });
    let (out, report) = merge(&teacher, &via_file(&parent, Scope::School), T0 + 5 * DAY);
    assert!(out.students[&sid]
        .achievements
        .iter()
        .any(|a| a.id == aid && a.result == "Исправлено после"));
    assert_eq!(report.added.len(), 1, "{report:?}");
    // And the deletion removes it on a device that has not changed it since.
    let (out, report) = merge(&base, &via_file(&teacher, Scope::School), T0 + 3 * DAY);
    assert!(!out.students[&sid].achievements.iter().any(|a| a.id == aid));
    assert_eq!(report.deleted.len(), 1);
}

/// Random edits of distinct records on two copies of one school.
fn diverge(seed: u64) -> (Portfolio, Portfolio, Portfolio) {
    let (_, base, _) = school(seed, 10);
    let mut rng = Rng(seed * 7 + 1);
    let (mut a, mut b) = (base.clone(), base.clone());
    let ids: Vec<Id> = base.students.keys().cloned().collect();
    for (k, sid) in ids.iter().enumerate() {
        let n = base.students[sid].achievements.len();
        let (side, device) = if k % 2 == 0 {
            (&mut a, "dev-a")
        } else {
            (&mut b, "dev-b")
        };
        let at = T0 + (rng.below(1000) as i64) * 1000;
        match rng.below(7) {
            0 if n > 0 => edit(side, device, at, |p, rev| {
                let x = achievement_mut(p, sid, rng.below(n));
                x.result = format!("изменено на {device}");
                x.rev = rev;
                vec![Key::Student(sid.clone())]
            }),
            1 if n > 0 => edit(side, device, at, |p, _| {
                let i = rng.below(n);
                Arc::make_mut(p.students.get_mut(sid).unwrap())
                    .achievements
                    .remove(i);
                vec![Key::Student(sid.clone())]
            }),
            2 => edit(side, device, at, |p, rev| {
                let r = Arc::make_mut(p.students.get_mut(sid).unwrap());
                r.student.personal.notes = format!("заметка {device}");
                r.student.rev = rev;
                vec![Key::Student(sid.clone())]
            }),
            3 if !base.students[sid].rewards.is_empty() => edit(side, device, at, |p, rev| {
                let r = Arc::make_mut(p.students.get_mut(sid).unwrap());
                r.rewards[0].awarded_by = format!("вручено на {device}");
                r.rewards[0].rev = rev;
                vec![Key::Student(sid.clone())]
            }),
            4 if !base.students[sid].observations.is_empty() => edit(side, device, at, |p, _| {
                Arc::make_mut(p.students.get_mut(sid).unwrap())
                    .observations
                    .remove(0);
                vec![Key::Student(sid.clone())]
            }),
            5 => edit(side, device, at, |p, rev| {
                let mut f = ObservationForm::blank(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    device,
                );
                f.text = format!("наблюдение на {device}");
                f.toggle(Tag::Cognitive, true);
                let o = f
                    .parse(
                        Id::fixed(&format!("obs-{device}-{k}")),
                        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                        rev,
                    )
                    .unwrap();
                Arc::make_mut(p.students.get_mut(sid).unwrap())
                    .observations
                    .push(o);
                vec![Key::Student(sid.clone())]
            }),
            _ => {}
        }
    }
    (base, a, b)
}

#[test]
fn non_conflicting_changes_merge_the_same_in_either_order_and_merging_is_idempotent() {
    for seed in 1..=30 {
        let (_, a, b) = diverge(seed);
        let (fa, fb) = (via_file(&a, Scope::School), via_file(&b, Scope::School));
        let (ab, r1) = merge(&a, &fb, T0 + 10 * DAY);
        let (ba, r2) = merge(&b, &fa, T0 + 10 * DAY);
        assert!(
            r1.conflicts.is_empty() && r2.conflicts.is_empty(),
            "seed {seed}"
        );
        assert!(
            canonical(&ab) == canonical(&ba),
            "seed {seed}: the order matters"
        );
        // Idempotent: the same file again changes nothing.
        let (ab2, r3) = merge(&ab, &fb, T0 + 11 * DAY);
        assert!(r3.is_empty(), "seed {seed}: {r3:?}");
        assert!(ab2 == ab, "seed {seed}: not idempotent");
        // And the merged result, sent back, brings the other side to the same place.
        let (back, _) = merge(&b, &via_file(&ab, Scope::School), T0 + 12 * DAY);
        assert!(
            canonical(&back) == canonical(&ab),
            "seed {seed}: sent back, not the same"
        );
    }
}

#[test]
fn a_conflict_never_drops_a_value_either_side_typed() {
    for seed in 1..=30 {
        let (base, mut a, mut b) = (
            school(seed, 4).1,
            Portfolio::default(),
            Portfolio::default(),
        );
        a.clone_from(&base);
        b.clone_from(&base);
        let sid = first_with_achievements(&base);
        let mut rng = Rng(seed);
        let (ta, tb) = (T0 + rng.below(100) as i64, T0 + rng.below(100) as i64);
        for (side, device, at) in [(&mut a, "dev-a", ta), (&mut b, "dev-b", tb)] {
            edit(side, device, at, |p, rev| {
                let x = achievement_mut(p, &sid, 0);
                x.organisation = format!("организация от {device}");
                x.rev = rev;
                vec![Key::Student(sid.clone())]
            });
        }
        let (m, report) = merge(&a, &via_file(&b, Scope::School), T0 + DAY);
        assert_eq!(report.conflicts.len(), 1, "seed {seed}");
        let kept = m.students[&sid].achievements[0].organisation.clone();
        let archived = &m.lost[0].value;
        for device in ["dev-a", "dev-b"] {
            let v = format!("организация от {device}");
            assert!(kept == v || archived.contains(&v), "seed {seed}: {v} lost");
        }
        // Both devices pick the same winner.
        let (m2, _) = merge(&b, &via_file(&a, Scope::School), T0 + DAY);
        assert_eq!(
            m2.students[&sid].achievements[0].organisation, kept,
            "seed {seed}"
        );
    }
}

#[test]
fn rewards_and_observations_merge_conflict_and_come_back_from_the_archive() {
    let mut checked = 0;
    for seed in 1..=30 {
        let base = school(seed, 6).1;
        let Some(sid) = base
            .students
            .iter()
            .find(|(_, r)| !r.rewards.is_empty() && !r.observations.is_empty())
            .map(|(id, _)| id.clone())
        else {
            continue;
        };
        checked += 1;
        let (mut a, mut b) = (base.clone(), base.clone());
        let mut rng = Rng(seed);
        let (ta, tb) = (T0 + rng.below(100) as i64, T0 + rng.below(100) as i64);
        for (side, device, at) in [(&mut a, "dev-a", ta), (&mut b, "dev-b", tb)] {
            edit(side, device, at, |p, rev| {
                let r = Arc::make_mut(p.students.get_mut(&sid).unwrap());
                r.rewards[0].awarded_by = format!("вручено {device}");
                r.rewards[0].rev = rev.clone();
                r.observations[0].text = format!("наблюдение {device}");
                r.observations[0].rev = rev;
                vec![Key::Student(sid.clone())]
            });
        }
        let (m, report) = merge(&a, &via_file(&b, Scope::School), T0 + DAY);
        assert_eq!(report.conflicts.len(), 2, "seed {seed}: {report:?}");
        assert!(report
            .conflicts
            .named()
            .iter()
            .any(|c| c.starts_with("поощрение от")));
        assert!(report
            .conflicts
            .named()
            .iter()
            .any(|c| c.starts_with("наблюдение от")));
        let r = &m.students[&sid];
        for device in ["dev-a", "dev-b"] {
            let (x, y) = (format!("вручено {device}"), format!("наблюдение {device}"));
            assert!(r.rewards[0].awarded_by == x || m.lost.iter().any(|l| l.value.contains(&x)));
            assert!(r.observations[0].text == y || m.lost.iter().any(|l| l.value.contains(&y)));
        }
        // Both devices pick the same winners.
        let (m2, _) = merge(&b, &via_file(&a, Scope::School), T0 + DAY);
        assert_eq!(
            canonical(&m2).students,
            canonical(&m).students,
            "seed {seed}"
        );
        // The archived reward reads as fields and comes back.
        let i = m
            .lost
            .iter()
            .position(|l| matches!(l.key, RecordKey::Reward { .. }))
            .unwrap();
        let details = portfolio_core::merge::lost_details(&m.lost[i], &m);
        assert!(
            details.iter().any(|(k, _)| *k == "Кем вручено"),
            "{details:?}"
        );
        let lost_value = m.lost[i].value.clone();
        let mut back = m.clone();
        portfolio_core::merge::restore(
            &mut back,
            i,
            &Revision::new(T0 + 2 * DAY, "dev-a"),
            T0 + 2 * DAY,
        )
        .unwrap();
        let was: portfolio_core::reward::Reward = serde_json::from_str(&lost_value).unwrap();
        assert_eq!(back.students[&sid].rewards[0].awarded_by, was.awarded_by);
        // Deleting an observation on one side removes it on the other.
        let mut c = m.clone();
        let oid = c.students[&sid].observations[0].id.clone();
        edit(&mut c, "dev-a", T0 + 3 * DAY, |p, _| {
            Arc::make_mut(p.students.get_mut(&sid).unwrap())
                .observations
                .remove(0);
            vec![Key::Student(sid.clone())]
        });
        assert!(c.deleted.iter().any(|d| d.key
            == RecordKey::Observation {
                student_id: sid.clone(),
                id: oid.clone()
            }));
        let (d, report) = merge(&m, &via_file(&c, Scope::School), T0 + 4 * DAY);
        assert_eq!(report.deleted.len(), 1, "{report:?}");
        assert!(!d.students[&sid].observations.iter().any(|o| o.id == oid));
    }
    assert!(checked >= 5, "only {checked} schools had both");
}

#[test]
fn applying_a_merge_as_an_edit_keeps_the_incoming_deletion_times() {
    let (_, base, _) = school(12, 6);
    let sid = first_with_achievements(&base);
    let aid = base.students[&sid].achievements[0].id.clone();
    let mut teacher = base.clone();
    edit(&mut teacher, "teacher-laptop", T0 + DAY, |p, _| {
        Arc::make_mut(p.students.get_mut(&sid).unwrap())
            .achievements
            .retain(|a| a.id != aid);
        vec![Key::Student(sid.clone())]
    });
    let (mut other, report) = merge(&base, &via_file(&teacher, Scope::School), T0 + 2 * DAY);
    // The app saves a merge like any edit: record_edit runs on it.
    let rev = Revision::new(T0 + 2 * DAY, "other-device");
    record_edit(&base, &mut other, &report.keys, &rev);
    let logged = other
        .deleted
        .iter()
        .find(|d| {
            d.key
                == RecordKey::Achievement {
                    student_id: sid.clone(),
                    id: aid.clone(),
                }
        })
        .unwrap();
    assert_eq!(logged.rev.updated_at, T0 + DAY);
    assert_eq!(logged.rev.device, "teacher-laptop");
}

#[test]
fn an_archived_version_can_be_brought_back_and_the_replaced_one_is_archived() {
    use portfolio_core::merge::restore;
    let Diverged {
        sid,
        teacher,
        parent,
        from_parent,
    } = changed_on_both_sides(
        |a| a.title = "Название от учителя".into(),
        |a| a.title = "Название от родителя".into(),
    );
    let scope = Scope::Student {
        student_id: sid.clone(),
    };
    let (merged, _) = merge(&teacher, &from_parent, T0 + 3 * DAY);
    assert_eq!(
        merged.students[&sid].achievements[0].title,
        "Название от родителя"
    );
    assert!(merged.lost[0].value.contains("Название от учителя"));

    // The teacher brings their version back, as an edit the app makes.
    let mut back = merged.clone();
    let rev = Revision::new(T0 + 4 * DAY, "teacher-laptop");
    let (what, keys) = restore(&mut back, 0, &rev, T0 + 4 * DAY).unwrap();
    record_edit(&merged, &mut back, &keys, &rev);
    assert_eq!(
        what,
        "достижение «Название от родителя» (".to_string()
            + &back.students[&sid].student.full_name()
            + ")"
    );
    assert!(keys.contains(&Key::Lost) && keys.contains(&Key::Student(sid.clone())));
    let a = &back.students[&sid].achievements[0];
    assert_eq!(a.title, "Название от учителя");
    assert_eq!(a.documents, merged.students[&sid].achievements[0].documents);
    // The replaced version is archived in its place, under its own name.
    assert_eq!(back.lost.len(), 1);
    assert!(back.lost[0].value.contains("Название от родителя"));
    assert!(back.lost[0].what.contains("Название от родителя"));
    // It is newer than both versions: the parent's file again changes nothing,
    // and the parent gets the restored version as an update, not a conflict.
    let (again, report) = merge(&back, &from_parent, T0 + 5 * DAY);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(again, back);
    let (p2, report) = merge(&parent, &via_file(&back, scope), T0 + 5 * DAY);
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        p2.students[&sid].achievements[0].title,
        "Название от учителя"
    );
    // Bringing back twice returns to where it was.
    let mut twice = back.clone();
    let rev = Revision::new(T0 + 6 * DAY, "teacher-laptop");
    let (_, keys) = restore(&mut twice, 0, &rev, T0 + 6 * DAY).unwrap();
    record_edit(&back, &mut twice, &keys, &rev);
    assert_eq!(
        twice.students[&sid].achievements[0].title,
        "Название от родителя"
    );
    // A version of a record that is gone, or a damaged one, is refused.
    let mut gone = back.clone();
    Arc::make_mut(gone.students.get_mut(&sid).unwrap())
        .achievements
        .remove(0);
    assert_eq!(
        restore(&mut gone, 0, &rev, T0).unwrap_err(),
        "Этой записи больше нет: версию некуда вернуть."
    );
    let mut damaged = back.clone();
    damaged.lost[0].value = "{".into();
    assert!(restore(&mut damaged, 0, &rev, T0)
        .unwrap_err()
        .contains("повреждена"));
    assert!(restore(&mut damaged, 5, &rev, T0).is_err());
    assert_eq!(
        damaged.lost,
        back.lost
            .iter()
            .map(|l| {
                let mut l = l.clone();
                l.value = "{".into();
                l
            })
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_archived_version_reads_as_labelled_fields() {
    use portfolio_core::merge::{lost_details, Lost};
    let (_, base, _) = school(8, 6);
    let sid = first_with_achievements(&base);
    let r = &base.students[&sid];
    let a = &r.achievements[0];
    let lost = |key: RecordKey, value: String| Lost {
        key,
        what: "—".into(),
        value,
        lost_at: T0,
    };
    let shown = lost_details(
        &lost(
            RecordKey::Achievement {
                student_id: sid.clone(),
                id: a.id.clone(),
            },
            serde_json::to_string(a).unwrap(),
        ),
        &base,
    );
    let c = &base.catalogues;
    use portfolio_core::CatalogueKind as K;
    assert_eq!(shown[0], ("Наименование", a.title.clone()));
    assert!(shown.contains(&("Тип достижения", c.name(K::AchievementTypes, &a.type_id))));
    assert!(shown.contains(&("Уровень мероприятия", c.name(K::EventLevels, &a.level_id))));
    assert!(shown.contains(&("Дата проведения", portfolio_core::date::format_ru(a.date))));
    let student = lost_details(
        &lost(
            RecordKey::Student { id: sid.clone() },
            serde_json::to_string(&r.student).unwrap(),
        ),
        &base,
    );
    assert!(student.contains(&("Фамилия", r.student.personal.last_name.clone())));
    // Choices and the class read as the screen shows them, not as codes.
    let sex = student.iter().find(|(l, _)| *l == "Пол").unwrap();
    assert!(sex.1 == "Женский" || sex.1 == "Мужской", "{sex:?}");
    let class = student.iter().find(|(l, _)| *l == "Класс").unwrap();
    assert_eq!(
        class.1,
        base.class(&r.student.class_id).unwrap().name.clone()
    );
    // A version that does not read is shown as stored.
    assert_eq!(
        lost_details(&lost(RecordKey::Student { id: sid }, "{oops".into()), &base),
        vec![("Запись", "{oops".to_string())]
    );
}

#[test]
fn a_file_with_documents_completes_what_came_without_them() {
    use portfolio_core::exchange::{drop_missing_documents, new_files};
    use portfolio_core::stored::{changes, FILES_STORE};
    let (_, teacher, files) = school(5, 10);
    let docs =
        |p: &Portfolio| -> usize { p.students.values().map(|r| r.documents().count()).sum() };
    assert!(docs(&teacher) > 0, "the generated school has documents");
    // A new device opens a backup «без документов»: the documents are left out.
    let light = parse(&to_json(
        &export(&teacher, &Scope::School, None, &writer()).unwrap(),
    ))
    .unwrap();
    let empty = Portfolio::default();
    let mut incoming = to_portfolio(&light.data);
    let left_out = drop_missing_documents(&mut incoming, &empty);
    assert_eq!(left_out, docs(&teacher));
    let (device, _) = merge(&empty, &incoming, T0);
    assert_eq!(docs(&device), 0);
    // Later the full backup: the same revisions, now with their documents.
    let full = parse(&to_json(
        &export(&teacher, &Scope::School, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    let (completed, report) = merge(&device, &to_portfolio(&full.data), T0 + DAY);
    assert!(report.conflicts.is_empty(), "{report:?}");
    let with_docs = teacher
        .students
        .values()
        .map(|r| {
            r.achievements
                .iter()
                .filter(|a| !a.documents.is_empty())
                .count()
                + r.rewards.iter().filter(|x| !x.documents.is_empty()).count()
        })
        .sum::<usize>();
    assert_eq!(report.updated.len(), with_docs, "{report:?}");
    assert_eq!(docs(&completed), docs(&teacher));
    // …and the bytes are written with them, in the same change.
    let needed = new_files(&full.data, &device);
    let writes = changes(&device, &completed, &report.keys, &needed).unwrap();
    let stored = writes.iter().filter(|w| w.store == FILES_STORE).count();
    assert_eq!(stored, files.len());
    // Where the documents are already stored, no bytes are decoded again.
    assert!(new_files(&full.data, &completed).is_empty());
    assert_eq!(new_files(&full.data, &device).len(), docs(&teacher));
    // Once complete, the full backup again changes nothing.
    let (_, again) = merge(&completed, &to_portfolio(&full.data), T0 + 2 * DAY);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_record_changed_outside_the_app_is_never_taken_silently() {
    use portfolio_core::merge::merge_accepting;
    let (_, teacher, _) = school(12, 6);
    let sid = first_with_achievements(&teacher);
    let a = &teacher.students[&sid].achievements[0];
    let (aid, title) = (a.id.clone(), a.title.clone());
    // The file's achievement edited by hand: another title, the same revision.
    let text = to_json(&export(&teacher, &Scope::School, None, &writer()).unwrap());
    let forged = text.replacen(
        &format!(
            "\"id\":\"{aid}\",\"title\":{}",
            serde_json::to_string(&title).unwrap()
        ),
        &format!("\"id\":\"{aid}\",\"title\":\"Всероссийская олимпиада (исправлено вручную)\""),
        1,
    );
    assert_ne!(forged, text);
    let incoming = to_portfolio(&parse(&forged).unwrap().data);
    let (kept, report) = merge(&teacher, &incoming, T0);
    assert_eq!(report.changed_outside.len(), 1, "{report:?}");
    assert!(
        report.changed_outside.named()[0].contains("исправлено вручную"),
        "{report:?}"
    );
    assert!(report.is_empty(), "nothing is written unless confirmed");
    assert_eq!(kept, teacher);
    // Confirmed: the file's version is taken, the copy here is archived.
    let (taken, report) = merge_accepting(&teacher, &incoming, T0, true);
    assert_eq!(
        taken.students[&sid].achievements[0].title,
        "Всероссийская олимпиада (исправлено вручную)"
    );
    assert!(report.keys.contains(&Key::Lost) && report.keys.contains(&Key::Student(sid.clone())));
    let lost = taken.lost.last().unwrap();
    assert!(
        lost.what.ends_with("(до изменения вне приложения)"),
        "{}",
        lost.what
    );
    assert!(lost.value.contains(&serde_json::to_string(&title).unwrap()));
    // The same file again changes nothing.
    let (_, again) = merge(&taken, &incoming, T0 + DAY);
    assert!(
        again.is_empty() && again.changed_outside.is_empty(),
        "{again:?}"
    );
    // A record whose copies differ only in history (a conflict merged on
    // one side) is not taken for one changed outside.
    let (mut a, mut b) = (teacher.clone(), teacher.clone());
    for (side, device, at) in [(&mut a, "dev-a", T0 + 5), (&mut b, "dev-b", T0 + 9)] {
        edit_first(side, device, at, &sid, |x| {
            x.result = format!("от {device}")
        });
    }
    let (m, report) = merge(&a, &via_file(&b, Scope::School), T0 + DAY);
    assert_eq!(report.conflicts.len(), 1);
    let (_, report) = merge(&m, &via_file(&b, Scope::School), T0 + 2 * DAY);
    assert!(report.changed_outside.is_empty(), "{report:?}");
    let (_, report) = merge(&b, &via_file(&m, Scope::School), T0 + 2 * DAY);
    assert!(report.changed_outside.is_empty(), "{report:?}");
}
