//! The children on a family's device, as its screens list them.

use portfolio_core::{Id, Portfolio};

/// A child on this device, as the family's screens show them.
pub struct Child {
    pub id: Id,
    pub name: String,
    pub class: String,
    pub achievements: usize,
}

/// The children on this device, by name.
pub fn children(p: &Portfolio) -> Vec<Child> {
    let mut v: Vec<Child> = p
        .students
        .values()
        .map(|r| Child {
            id: r.student.id.clone(),
            name: r.student.full_name(),
            class: p
                .class(&r.student.class_id)
                .map(|c| format!("класс {}", c.name))
                .unwrap_or_default(),
            achievements: r.achievements.len(),
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}
