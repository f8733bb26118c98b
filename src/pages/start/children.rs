//! The children on a family's device, as its screens list them.

use portfolio_core::stored::Summary;
use portfolio_core::{Id, Portfolio};

/// A child on this device, as the family's screens show them.
pub struct Child {
    pub id: Id,
    pub name: String,
    pub class: String,
    pub achievements: usize,
}

/// The children on this device, by name, from their summaries (start-up
/// shows them before it reads the records).
pub fn children(p: &Portfolio, roster: &[Summary]) -> Vec<Child> {
    let mut v: Vec<Child> = roster
        .iter()
        .map(|s| Child {
            id: s.id.clone(),
            name: s.name.clone(),
            class: p
                .class(&s.class_id)
                .map(|c| format!("класс {}", c.name))
                .unwrap_or_default(),
            achievements: s.achievements,
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}
