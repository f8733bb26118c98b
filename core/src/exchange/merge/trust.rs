//! Who may change what. School devices trust each other: their files merge
//! by revisions alone. A family's file does not rewrite what the school
//! entered: the teacher's device decides by what **it** holds — a record it
//! has as the school's stays the school's, whatever revision or «внесено
//! семьёй» mark the file claims — and every change the file makes to such a
//! record, or deletion of one, is left out of the merge and listed as a
//! proposal of the family («Предложения семьи»), before → after.
//!
//! What a family's file may do: add its own achievements and rewards (an
//! achievement it adds is marked as the family's, whatever the file says),
//! change and delete its own achievements, change the child's personal data
//! (П1 §3.3.1). The school's fields of a student — class, enrolment date,
//! status — and the school, its years, catalogues and classes are the
//! school's: a change to them is a proposal; new catalogue entries and
//! classes a family's file brings are taken (its own records may use them).

use super::{trust_changed, Merger};
use crate::records::identity::{InStudent, Record};
use crate::records::{Achievement, CatalogueKind, Catalogues, Class, Student};
use crate::util::date::format_ru;

/// Who wrote a file, as the device opening it judges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sender {
    /// Another school device (or a family's device opening the teacher's
    /// file): merged by revisions.
    #[default]
    School,
    /// A family's device, its file opened on a school device.
    Family,
    /// A file that says it is the school's (a backup, a class) without
    /// proof (`exchange::sign`): nothing of it is applied; all it would
    /// change is listed as proposals until the teacher confirms it.
    Unproven,
}

/// «поле: «было» → «стало»» for each field that differs.
fn field(out: &mut Vec<String>, name: &str, before: String, after: String) {
    if before != after {
        out.push(format!("{name}: «{before}» → «{after}»"));
    }
}

/// What a family's version of a school achievement changes, field by field,
/// with the catalogues' names as the teacher reads them.
pub fn achievement_changes(here: &Achievement, there: &Achievement, c: &Catalogues) -> Vec<String> {
    let mut out = Vec::new();
    let name = |kind, id| c.name(kind, id);
    field(
        &mut out,
        "Наименование",
        here.title.clone(),
        there.title.clone(),
    );
    field(
        &mut out,
        "Тип достижения",
        name(CatalogueKind::AchievementTypes, &here.type_id),
        name(CatalogueKind::AchievementTypes, &there.type_id),
    );
    field(
        &mut out,
        "Уровень мероприятия",
        name(CatalogueKind::EventLevels, &here.level_id),
        name(CatalogueKind::EventLevels, &there.level_id),
    );
    field(
        &mut out,
        "Призовое место",
        name(CatalogueKind::PrizePlaces, &here.place_id),
        name(CatalogueKind::PrizePlaces, &there.place_id),
    );
    field(
        &mut out,
        "Дата проведения",
        format_ru(here.date),
        format_ru(there.date),
    );
    field(
        &mut out,
        "Результат",
        here.result.clone(),
        there.result.clone(),
    );
    field(
        &mut out,
        "Предмет",
        name(CatalogueKind::Subjects, &here.subject_id),
        name(CatalogueKind::Subjects, &there.subject_id),
    );
    let docs = |a: &Achievement| a.documents.len().to_string();
    field(
        &mut out,
        "Подтверждающие документы",
        docs(here),
        docs(there),
    );
    out
}

/// The school's fields of a student — class, enrolment, status — differ.
fn school_fields_differ(a: &Student, b: &Student) -> bool {
    a.class_id != b.class_id
        || a.former_classes != b.former_classes
        || a.enrolled_on != b.enrolled_on
        || a.status != b.status
}

/// What a family's version of a student changes in the school's fields.
fn student_changes(here: &Student, there: &Student, classes: &[Class]) -> Vec<String> {
    let class = |s: &Student| {
        classes
            .iter()
            .find(|c| c.id == s.class_id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| s.class_id.0.clone())
    };
    let mut out = Vec::new();
    field(&mut out, "Класс", class(here), class(there));
    field(
        &mut out,
        "Дата зачисления",
        format_ru(here.enrolled_on),
        format_ru(there.enrolled_on),
    );
    field(
        &mut out,
        "Статус",
        format!("{:?}", here.status),
        format!("{:?}", there.status),
    );
    out
}

impl Merger<'_> {
    fn propose(&mut self, what: String, changes: Vec<String>) {
        self.report.proposals.add(|| {
            if changes.is_empty() {
                format!("{what}: изменено семьёй")
            } else {
                format!("{what}: {}", changes.join("; "))
            }
        });
    }

    /// One of a student's lists as a family's file may change it: the
    /// changes to records the school entered become proposals and are left
    /// out; the family's own records (and new ones it may add) are marked
    /// as the family's and merged.
    pub(super) fn family_changes<T: InStudent>(
        &mut self,
        here: &[T],
        there: &[T],
        name: &str,
        diff: &dyn Fn(&T, &T) -> Vec<String>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(there.len());
        for t in there {
            match here.iter().find(|h| h.id() == t.id()) {
                Some(h) if h.by_school() => {
                    if trust_changed(h, t) {
                        self.propose(t.what(name), diff(h, t));
                    } else {
                        out.push(t.clone());
                    }
                }
                Some(_) => {
                    let mut t = t.clone();
                    t.mark_family();
                    out.push(t);
                }
                None if T::family_may_add() => {
                    let mut t = t.clone();
                    t.mark_family();
                    out.push(t);
                }
                None => self
                    .report
                    .proposals
                    .add(|| format!("добавить: {}", t.what(name))),
            }
        }
        out
    }

    /// A family's version of a student whose school fields it changed: a
    /// proposal, and the student here stays as it is. `true` when so.
    pub(super) fn student_proposal(&mut self, here: &Student, there: &Student, name: &str) -> bool {
        if !school_fields_differ(here, there) || !trust_changed(here, there) {
            return false;
        }
        let changes = student_changes(here, there, &self.out.classes);
        self.propose(format!("ученик {name}"), changes);
        true
    }

    /// A list the school keeps (years, catalogue entries, classes) as a
    /// family's file may change it: new entries are taken, changes to
    /// those here become proposals and are left out.
    pub(super) fn school_list<T: Record + Clone>(
        &mut self,
        here: &[T],
        there: &[T],
        same: impl Fn(&T, &T) -> bool,
        what: impl Fn(&T) -> String,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(there.len());
        for t in there {
            match here.iter().find(|h| same(h, t)) {
                Some(h) if trust_changed(h, t) => self.propose(what(t), Vec::new()),
                _ => out.push(t.clone()),
            }
        }
        out
    }

    /// A deletion in a family's file of a record the school entered: a
    /// proposal, not applied. `true` when so.
    pub(super) fn deletion_refused(&mut self, d: &crate::records::identity::Deleted) -> bool {
        use crate::records::identity::RecordKey as K;
        let school_owned = match &d.key {
            K::Student { id } => self.out.students.contains_key(id),
            K::Achievement { student_id, id } => self
                .out
                .students
                .get(student_id)
                .and_then(|r| r.achievements.iter().find(|a| &a.id == id))
                .is_some_and(|a| a.by_school()),
            K::Reward { student_id, id } => self
                .out
                .students
                .get(student_id)
                .is_some_and(|r| r.rewards.iter().any(|x| &x.id == id)),
            K::Observation { student_id, id } => self
                .out
                .students
                .get(student_id)
                .is_some_and(|r| r.observations.iter().any(|x| &x.id == id)),
            K::Class { .. } | K::Entry { .. } => self.out.revision_of(&d.key).is_some(),
            K::School | K::Year { .. } => false,
        };
        if school_owned {
            let what = d.what.clone();
            self.report.proposals.add(|| format!("удалить: {what}"));
        }
        school_owned
    }
}
