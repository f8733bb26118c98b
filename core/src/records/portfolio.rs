//! The whole local portfolio as the app holds it in memory, with the queries
//! the screens need. Storage keeps one record per student (the student with
//! their achievements) plus a few small documents (school, years, catalogues,
//! classes); see the README for why.

use crate::records::achievement::Achievement;
use crate::records::catalogue::{CatalogueKind, Catalogues, Usage};
use crate::records::document::Document;
use crate::records::identity::RecordKey;
use crate::records::observation::Observation;
use crate::records::reward::Reward;
use crate::records::school::{class_sort_key, Class, School};
use crate::records::school_year::SchoolYear;
use crate::records::student::{Status, Student};
use crate::util::id::{Id, Revision};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One stored document: a student and all of their achievements, rewards
/// and observations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StudentRecord {
    pub student: Student,
    #[serde(default)]
    pub achievements: Vec<Achievement>,
    /// «Поощрения»; format 3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewards: Vec<Reward>,
    /// «Личностные и метапредметные результаты»; format 3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// The family's proposals to correct the school's achievements, with
    /// the school's answers (`proposal.rs`); format 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<crate::records::proposal::Proposal>,
}

/// Puts `x` in `list`: in place of the item `same` as it, or at the end.
pub fn upsert<T>(list: &mut Vec<T>, x: T, same: impl Fn(&T, &T) -> bool) {
    match list.iter().position(|y| same(y, &x)) {
        Some(i) => list[i] = x,
        None => list.push(x),
    }
}

impl StudentRecord {
    pub fn new(student: Student) -> StudentRecord {
        StudentRecord {
            student,
            achievements: Vec::new(),
            rewards: Vec::new(),
            observations: Vec::new(),
            proposals: Vec::new(),
        }
    }

    /// Every confirming document of the student: of achievements, then of rewards.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.achievements
            .iter()
            .flat_map(|a| &a.documents)
            .chain(self.rewards.iter().flat_map(|r| &r.documents))
    }

    /// The documents, to change (dropping those whose bytes are missing).
    pub fn documents_mut(&mut self) -> impl Iterator<Item = &mut Vec<Document>> {
        self.achievements
            .iter_mut()
            .map(|a| &mut a.documents)
            .chain(self.rewards.iter_mut().map(|r| &mut r.documents))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Portfolio {
    pub school: Option<School>,
    pub years: Vec<SchoolYear>,
    pub catalogues: Catalogues,
    pub classes: Vec<Class>,
    /// Shared so that cloning the portfolio for an edit copies pointers, not
    /// 50,000 achievements.
    pub students: BTreeMap<Id, Arc<StudentRecord>>,
    /// Records deleted here or on devices this one merged with, so an older
    /// copy does not bring them back (and a child's end of study sticks).
    pub deleted: Vec<crate::records::identity::Deleted>,
    /// Versions that lost a merge conflict, kept whole.
    pub lost: Vec<crate::records::identity::Lost>,
}

impl Portfolio {
    /// A record's revision, if the record is here.
    pub fn revision_of(&self, key: &RecordKey) -> Option<&Revision> {
        let p = self;
        let in_student = |sid: &Id| p.students.get(sid);
        match key {
            RecordKey::School => p.school.as_ref().map(|s| &s.rev),
            RecordKey::Year { start_year } => p.year(*start_year).map(|y| &y.rev),
            RecordKey::Entry { catalogue, id } => p.catalogues.get(*catalogue, id).map(|e| &e.rev),
            RecordKey::Class { id } => p.class(id).map(|c| &c.rev),
            RecordKey::Student { id } => in_student(id).map(|r| &r.student.rev),
            RecordKey::Achievement { student_id, id } => {
                rev_in::<Achievement>(in_student(student_id)?, id)
            }
            RecordKey::Reward { student_id, id } => rev_in::<Reward>(in_student(student_id)?, id),
            RecordKey::Observation { student_id, id } => {
                rev_in::<Observation>(in_student(student_id)?, id)
            }
        }
    }

    pub fn year(&self, start_year: i32) -> Option<&SchoolYear> {
        self.years.iter().find(|y| y.start_year == start_year)
    }

    pub fn class(&self, id: &Id) -> Option<&Class> {
        self.classes.iter().find(|c| &c.id == id)
    }

    /// Classes of a school year, in reading order.
    pub fn classes_of_year(&self, year: i32) -> Vec<&Class> {
        let mut v: Vec<&Class> = self.classes.iter().filter(|c| c.year == year).collect();
        v.sort_by_key(|c| class_sort_key(&c.name));
        v
    }

    /// Active students of a class, alphabetically.
    pub fn students_of_class(&self, class_id: &Id) -> Vec<&StudentRecord> {
        let mut v: Vec<&StudentRecord> = self
            .students
            .values()
            .map(|r| r.as_ref())
            .filter(|r| &r.student.class_id == class_id && r.student.status == Status::Active)
            .collect();
        v.sort_by_cached_key(|r| r.student.sort_key());
        v
    }

    /// How many records refer to a catalogue entry (for the deletion rule).
    pub fn usage(&self, kind: CatalogueKind, id: &Id) -> Usage {
        let mut u = Usage::default();
        for r in self.students.values() {
            let n = r
                .achievements
                .iter()
                .filter(|a| refers(a, kind, id))
                .count();
            if n > 0 {
                u.achievements += n;
                u.students += 1;
            }
            u.rewards += r
                .rewards
                .iter()
                .filter(|x| match kind {
                    CatalogueKind::RewardKinds => &x.kind_id == id,
                    CatalogueKind::DocumentKinds => x.documents.iter().any(|d| &d.kind_id == id),
                    _ => false,
                })
                .count();
        }
        if kind == CatalogueKind::Staff {
            u.classes = self
                .classes
                .iter()
                .filter(|c| c.teacher_id.as_ref() == Some(id))
                .count();
        }
        u
    }

    /// Every school year something refers to: configured years, classes'
    /// years and the years of achievements.
    pub fn years_in_use(&self) -> std::collections::BTreeSet<i32> {
        let mut out: std::collections::BTreeSet<i32> =
            self.years.iter().map(|y| y.start_year).collect();
        out.extend(self.classes.iter().map(|c| c.year));
        for r in self.students.values() {
            out.extend(
                r.achievements
                    .iter()
                    .map(|a| a.date)
                    .chain(r.rewards.iter().map(|x| x.date))
                    .chain(r.observations.iter().map(|o| o.date))
                    .map(crate::records::school_year::year_of),
            );
        }
        out
    }

    pub fn achievement_count(&self) -> usize {
        self.students.values().map(|r| r.achievements.len()).sum()
    }
}

fn refers(a: &Achievement, kind: CatalogueKind, id: &Id) -> bool {
    match kind {
        CatalogueKind::AchievementTypes => &a.type_id == id,
        CatalogueKind::EventLevels => &a.level_id == id,
        CatalogueKind::PrizePlaces => &a.place_id == id,
        CatalogueKind::Subjects => &a.subject_id == id,
        CatalogueKind::Staff => a.staff_id.as_ref() == Some(id),
        CatalogueKind::ResultCategories => a.category_id.as_ref() == Some(id),
        CatalogueKind::DocumentKinds => a.documents.iter().any(|d| &d.kind_id == id),
        CatalogueKind::RewardKinds => false,
    }
}

/// The revision of the record `id` in one of a student's lists.
fn rev_in<'a, T: crate::records::identity::InStudent + 'a>(
    r: &'a StudentRecord,
    id: &Id,
) -> Option<&'a Revision> {
    T::list(r).iter().find(|x| x.id() == id).map(|x| x.rev())
}
