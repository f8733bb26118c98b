//! Each student's record as storage holds it, beside the record it was
//! read as or written from: while the portfolio still holds that very
//! record, a file copies the text instead of writing it again, and a file
//! opened here recognises its students without reading them anew.

use portfolio_core::exchange::KnownTexts;
use portfolio_core::stored::{Value, Write, STUDENTS_STORE};
use portfolio_core::{Id, Portfolio, StudentRecord};
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// (A list, not a map: a map here cost 8 KB of the first download.)
    static TEXTS: RefCell<Vec<(Arc<StudentRecord>, Arc<String>)>> = const { RefCell::new(Vec::new()) };
}

/// The stored text of `r`, if the portfolio still holds the record it was
/// stored from; `f` gets the look-up.
pub fn with_stored_texts<T>(
    f: impl FnOnce(&dyn Fn(&StudentRecord) -> Option<Arc<String>>) -> T,
) -> T {
    TEXTS.with(|t| {
        let t = t.borrow();
        f(&|r: &StudentRecord| {
            t.iter()
                .find(|(kept, _)| std::ptr::eq(kept.as_ref(), r))
                .map(|(_, text)| text.clone())
        })
    })
}

/// The stored texts with the records they read as, to recognise a student
/// in a file opened here without reading it anew.
pub fn known_texts() -> KnownTexts {
    TEXTS.with(|t| KnownTexts::new(t.borrow().iter().cloned()))
}

/// After a read of storage: the texts of `portfolio`'s students, by id
/// (none when they were stored in an older layout: not today's texts).
pub(super) fn read(portfolio: &Portfolio, texts: Option<Vec<(Id, String)>>) {
    TEXTS.with(|t| {
        let mut t = t.borrow_mut();
        t.clear();
        let Some(texts) = texts else { return };
        for (id, text) in texts {
            if let Some(r) = portfolio.students.get(&id) {
                t.push((r.clone(), Arc::new(text)));
            }
        }
    });
}

/// After a save: the records just written, with their texts (moved, not
/// copied), as `next` holds them.
pub(super) fn written(writes: Vec<Write>, next: &Portfolio) {
    TEXTS.with(|t| {
        let mut t = t.borrow_mut();
        for w in writes.into_iter().filter(|w| w.store == STUDENTS_STORE) {
            t.retain(|(r, _)| r.student.id.0 != w.key);
            let written = next.students.get(&Id(w.key));
            if let (Some(Value::Text(text)), Some(r)) = (w.value, written) {
                t.push((r.clone(), Arc::new(text)));
            }
        }
    });
}
