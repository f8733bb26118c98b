//! What a merge would do, for the preview: lines of what is new, changed,
//! in conflict or deleted — the first few written out, the rest counted.

use crate::stored::Key;

/// Lines of a preview: the first [`Lines::NAMED`] written out, the rest
/// only counted (a fresh device opening a school's file gets 50,000 «новое»
/// lines; nobody reads past the first screen of them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    named: Vec<String>,
    more: usize,
}

impl Lines {
    /// How many lines are written out.
    pub const NAMED: usize = 30;

    /// Adds a line; `line` is called only when it is written out.
    pub fn add(&mut self, line: impl FnOnce() -> String) {
        if self.named.len() < Self::NAMED {
            self.named.push(line());
        } else {
            self.more += 1;
        }
    }

    /// All lines, named or not.
    pub fn len(&self) -> usize {
        self.named.len() + self.more
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }

    /// The lines written out, in the order they were added.
    pub fn named(&self) -> &[String] {
        &self.named
    }

    /// Adds `other`'s lines, each behind `prefix`.
    fn absorb(&mut self, prefix: &str, other: Lines) {
        for line in other.named {
            self.add(|| format!("{prefix}{line}"));
        }
        for _ in 0..other.more {
            self.add(String::new);
        }
    }
}

/// What a merge did (or, before it is applied, would do): the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: Lines,
    pub updated: Lines,
    /// «достижение «…» (Иванов Иван): оставлена версия с устройства X от …»
    pub conflicts: Lines,
    pub deleted: Lines,
    /// Records in the file that stay deleted here.
    pub not_restored: Lines,
    /// Records that differ from the copy here under the same revision:
    /// changed outside the app. Left as they are here unless the merge was
    /// told to accept them.
    pub changed_outside: Lines,
    /// What a family's file would change in the school's records: left
    /// out of the merge, listed for the teacher (before → after).
    pub proposals: Lines,
    /// Records newer here than in the file.
    pub newer_here: usize,
    pub unchanged: usize,
    /// The stored documents to write.
    pub keys: Vec<Key>,
    /// A family's proposals to correct the school's achievements, for the
    /// teacher to accept or decline with «Применить» (`decide.rs`).
    pub decisions: Vec<super::Decision>,
}

impl Report {
    /// Nothing would change, and nothing is to decide.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.decisions.is_empty()
    }

    /// What a file without proof would change, every line a proposal:
    /// nothing of it is applied.
    pub(super) fn unproven(self) -> Report {
        let mut proposals = self.proposals;
        proposals.absorb("добавить: ", self.added);
        proposals.absorb("изменить: ", self.updated);
        proposals.absorb("изменить (конфликт): ", self.conflicts);
        proposals.absorb("удалить: ", self.deleted);
        proposals.absorb(
            "изменить (запись изменена вне приложения): ",
            self.changed_outside,
        );
        Report {
            proposals,
            not_restored: self.not_restored,
            newer_here: self.newer_here,
            unchanged: self.unchanged,
            ..Report::default()
        }
    }
}
