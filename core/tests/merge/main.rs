//! Merging files: teacher → parent → teacher, conflicts that lose nothing,
//! deletions and ended children that stay deleted, and the properties over
//! generated schools — re-importing changes nothing, non-conflicting changes
//! merge the same in any order, and a losing version is always kept whole.

#[path = "../common/mod.rs"]
mod common;
use common::{school, writer, Rng};
use portfolio_core::exchange::merge::{merge, record_edit, Lines};
use portfolio_core::exchange::{export, parse, to_json, to_portfolio, Scope};
use portfolio_core::records::observation::{ObservationForm, Tag};
use portfolio_core::records::RecordKey;
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

/// The parent adds `a` (at its revision `at`) and a mobile phone number, as
/// the family's phone does.
fn parent_adds(parent: &mut Portfolio, sid: &Id, a: &Achievement, at: i64) {
    edit(parent, "parent-phone", at, |p, rev| {
        let r = Arc::make_mut(p.students.get_mut(sid).unwrap());
        r.achievements.push(Achievement {
            rev: rev.clone(),
            ..a.clone()
        });
        r.student.personal.contacts.mobile_phone = "+7 914 000-00-00".into();
        r.student.rev = rev;
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

mod deletions;
mod devices;
mod proposals;
mod signature;
mod trust;
mod versions;
