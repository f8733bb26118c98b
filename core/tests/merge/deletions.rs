use super::*;

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
        let details = portfolio_core::exchange::merge::lost_details(&m.lost[i], &m);
        assert!(
            details.iter().any(|(k, _)| *k == "Кем вручено"),
            "{details:?}"
        );
        let lost_value = m.lost[i].value.clone();
        let mut back = m.clone();
        portfolio_core::exchange::merge::restore(
            &mut back,
            i,
            &Revision::new(T0 + 2 * DAY, "dev-a"),
            T0 + 2 * DAY,
        )
        .unwrap();
        let was: portfolio_core::records::reward::Reward =
            serde_json::from_str(&lost_value).unwrap();
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
