//! The lineage of an edit made on this device: every changed record takes
//! its previous revision as its past, and every record that is gone is
//! logged as deleted — so later merges know what came from what.

use crate::records::identity::{Deleted, InStudent, Record, RecordKey};
use crate::records::{Achievement, CatalogueKind, Observation, Portfolio, Reward, StudentRecord};
use crate::stored::Key;
use crate::util::id::Revision;
use std::sync::Arc;

/// The records of a student's list that an edit removed, for the deletion log.
fn gone_from<T: InStudent>(
    before: &StudentRecord,
    after: &StudentRecord,
    name: &str,
    gone: &mut Vec<(RecordKey, String)>,
) {
    let sid = &before.student.id;
    for x in T::list(before) {
        if !T::list(after).iter().any(|y| y.id() == x.id()) {
            gone.push((T::key(sid, x.id()), x.what(name)));
        }
    }
}

/// After an edit: every changed record takes its previous revision as its
/// past (so a later merge knows it was made from it), and every record that
/// is gone is logged as deleted. Returns the extra stored keys to write.
pub fn record_edit(
    before: &Portfolio,
    after: &mut Portfolio,
    keys: &[Key],
    rev: &Revision,
) -> Vec<Key> {
    fn lineage<T: Record>(before: &[T], after: &mut [T], same: impl Fn(&T, &T) -> bool) {
        for a in after.iter_mut() {
            if let Some(b) = before.iter().find(|b| same(b, a)) {
                if a.rev().stamp() != b.rev().stamp() {
                    let past = b.rev().clone();
                    a.rev_mut().inherit(&past);
                }
            }
        }
    }
    let mut gone = Vec::new();
    for key in keys {
        match key {
            Key::School => {
                if let (Some(b), Some(a)) = (&before.school, &mut after.school) {
                    lineage(std::slice::from_ref(b), std::slice::from_mut(a), |_, _| {
                        true
                    });
                }
            }
            Key::Years => lineage(&before.years, &mut after.years, |x, y| {
                x.start_year == y.start_year
            }),
            Key::Catalogues => {
                for kind in CatalogueKind::ALL {
                    let mut list = after.catalogues.list(kind).clone();
                    lineage(before.catalogues.list(kind), &mut list, |x, y| x.id == y.id);
                    for e in before.catalogues.list(kind) {
                        if !list.iter().any(|x| x.id == e.id) {
                            gone.push((
                                RecordKey::Entry {
                                    catalogue: kind,
                                    id: e.id.clone(),
                                },
                                format!("справочник «{}»: «{}»", kind.title(), e.name),
                            ));
                        }
                    }
                    after.catalogues.retain(kind, |_| false);
                    after.catalogues.extend(kind, list);
                }
            }
            Key::Classes => {
                lineage(&before.classes, &mut after.classes, |x, y| x.id == y.id);
                for c in &before.classes {
                    if !after.classes.iter().any(|x| x.id == c.id) {
                        gone.push((
                            RecordKey::Class { id: c.id.clone() },
                            format!("класс {}", c.name),
                        ));
                    }
                }
            }
            Key::Student(id) => {
                let Some(b) = before.students.get(id) else {
                    continue;
                };
                let name = b.student.full_name();
                match after.students.get_mut(id) {
                    None => gone.push((
                        RecordKey::Student { id: id.clone() },
                        format!("ученик {name}"),
                    )),
                    Some(a) => {
                        if **a == **b {
                            continue;
                        }
                        let a = Arc::make_mut(a);
                        lineage(
                            std::slice::from_ref(&b.student),
                            std::slice::from_mut(&mut a.student),
                            |_, _| true,
                        );
                        lineage(&b.achievements, &mut a.achievements, |x, y| x.id == y.id);
                        lineage(&b.rewards, &mut a.rewards, |x, y| x.id == y.id);
                        lineage(&b.observations, &mut a.observations, |x, y| x.id == y.id);
                        gone_from::<Achievement>(b, a, &name, &mut gone);
                        gone_from::<Reward>(b, a, &name, &mut gone);
                        gone_from::<Observation>(b, a, &name, &mut gone);
                    }
                }
            }
            Key::Deleted | Key::Lost => {}
        }
    }
    if gone.is_empty() {
        return Vec::new();
    }
    let mut logged = false;
    for (key, what) in gone {
        // A deletion already logged (one that came with a file) keeps its
        // own time: re-dating it would delete later edits elsewhere.
        if !after.deleted.iter().any(|d| d.key == key) {
            after.deleted.push(Deleted {
                key,
                what,
                rev: rev.clone(),
            });
            logged = true;
        }
    }
    if logged {
        vec![Key::Deleted]
    } else {
        Vec::new()
    }
}
