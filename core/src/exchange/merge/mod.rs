//! Merging what a file brings into the portfolio, without losing anyone's work.
//!
//! Records are compared one by one — the school, each school year, each
//! catalogue entry, each class, each student's personal data, each
//! achievement (with its documents) — by their revisions:
//! - the same revision: nothing to do;
//! - one side was made from the other (its history holds the other's
//!   revision): the newer one is kept;
//! - both were changed since they last met: a **conflict**. The later edit
//!   wins (the device id breaks a tie, so every device picks the same one),
//!   and the losing version is kept whole in the portfolio's archive of lost
//!   versions, so nothing anyone typed is lost.
//!
//! A record in the file that differs from the copy here **under the same
//! revision** was changed outside the app (edited by hand, or damaged): it is
//! never taken silently. The preview lists it as «Запись изменена вне
//! приложения», and it is applied only when the user confirms — with the
//! copy here kept in «Архив версий».
//!
//! Deletions are logged. An incoming record that was deleted here stays
//! deleted unless it was changed after the deletion; a child whose study
//! ended (or who was deleted) never comes back. A deletion that comes with
//! the file removes the record here unless it was changed here afterwards.
//!
//! A family's file is merged under the rules of `trust.rs`: what the school
//! entered is never changed by it, only proposed.

mod decide;
mod edit;
mod lost;
mod report;
mod trust;

pub use decide::{decide, Decision};
pub use edit::record_edit;
pub use lost::{lost_details, restore};
pub use report::{Lines, Report};
pub use trust::{achievement_changes, Sender};

use crate::records::identity::{Deleted, InStudent, Lost, Record, RecordKey};
use crate::records::school_year::{sort_years, year_label};
use crate::records::{
    Achievement, CatalogueKind, Observation, Portfolio, Reward, Student, StudentRecord,
};
use crate::stored::Key;
use crate::util::date::format_ru;
use crate::util::id::{Id, Revision};
use std::collections::BTreeSet;
use std::sync::Arc;

enum Outcome<T> {
    Same,
    Incoming(T),
    /// The same revision, other content.
    ChangedOutside(T),
    NewerHere,
    /// The merged record and the losing version.
    Conflict {
        merged: T,
        loser: T,
        incoming_won: bool,
    },
}

fn pair<T: Record>(here: &T, there: &T) -> Outcome<T> {
    if here == there {
        return Outcome::Same;
    }
    if here.rev().stamp() == there.rev().stamp() {
        return if there.completes(here) {
            Outcome::Incoming(there.clone())
        } else if same_content(here, there) {
            // Only the history differs (one side merged a conflict since).
            Outcome::Same
        } else {
            Outcome::ChangedOutside(there.clone())
        };
    }
    if there.rev().descends_from(here.rev()) {
        return Outcome::Incoming(there.clone());
    }
    if here.rev().descends_from(there.rev()) {
        return Outcome::NewerHere;
    }
    let incoming_won = there.rev().is_newer_than(here.rev());
    let (mut merged, loser) = if incoming_won {
        (there.clone(), here.clone())
    } else {
        (here.clone(), there.clone())
    };
    // The merged record now knows both pasts: the next merge with either
    // side sees it as newer, not as another conflict.
    let loser_rev = loser.rev().clone();
    merged.rev_mut().inherit(&loser_rev);
    Outcome::Conflict {
        merged,
        loser,
        incoming_won,
    }
}

/// A change from `here` to `there` that the school did not make since.
fn trust_changed<T: Record>(here: &T, there: &T) -> bool {
    !matches!(pair(here, there), Outcome::Same | Outcome::NewerHere)
}

/// Equal but for their revisions' history.
fn same_content<T: Record>(a: &T, b: &T) -> bool {
    let mut b = b.clone();
    *b.rev_mut() = a.rev().clone();
    *a == b
}

fn when(rev: &Revision) -> String {
    chrono::DateTime::from_timestamp_millis(rev.updated_at)
        .map(|t| format_ru(t.date_naive()))
        .unwrap_or_default()
}

struct Merger<'a> {
    deleted_here: &'a [Deleted],
    from: Sender,
    /// Take records changed outside the app (the user confirmed).
    accept_changed: bool,
    out: Portfolio,
    report: Report,
    now: i64,
    keys: BTreeSet<Key>,
}

impl Merger<'_> {
    fn deletion_here(&self, key: &RecordKey) -> Option<&Deleted> {
        self.deleted_here.iter().find(|d| &d.key == key)
    }

    /// Merges one record; `slot` is the record here (None: not here).
    /// Returns the record to keep, or None to leave `slot` as it is.
    fn one<T: Record>(
        &mut self,
        key: RecordKey,
        what: &dyn Fn() -> String,
        here: Option<&T>,
        there: &T,
        store: Key,
    ) -> Option<T> {
        match here {
            None => {
                if let Some(d) = self.deletion_here(&key) {
                    // A child whose data was deleted (end of study) never
                    // comes back; other records only if changed afterwards.
                    let ended = matches!(key, RecordKey::Student { .. });
                    if ended || there.rev().updated_at <= d.rev.updated_at {
                        self.report.not_restored.add(what);
                        return None;
                    }
                    // Changed elsewhere after it was deleted here: it comes back.
                    self.out.deleted.retain(|x| x.key != key);
                }
                self.report.added.add(what);
                self.keys.insert(store);
                Some(there.clone())
            }
            Some(here) => match pair(here, there) {
                Outcome::Same => {
                    self.report.unchanged += 1;
                    None
                }
                Outcome::NewerHere => {
                    self.report.newer_here += 1;
                    None
                }
                Outcome::Incoming(t) => {
                    self.report.updated.add(what);
                    self.keys.insert(store);
                    Some(t)
                }
                Outcome::ChangedOutside(t) => {
                    let what = what();
                    self.report.changed_outside.add(|| what.clone());
                    if !self.accept_changed {
                        return None;
                    }
                    // The copy here stays readable in «Архив версий».
                    self.out.lost.push(Lost {
                        key,
                        what: format!("{what} (до изменения вне приложения)"),
                        value: serde_json::to_string(here).unwrap_or_default(),
                        lost_at: self.now,
                    });
                    self.keys.insert(Key::Lost);
                    self.keys.insert(store);
                    Some(t)
                }
                Outcome::Conflict {
                    merged,
                    loser,
                    incoming_won,
                } => {
                    let what = what();
                    let side = if incoming_won {
                        "из файла"
                    } else {
                        "с этого устройства"
                    };
                    self.report.conflicts.add(|| format!(
                        "{what}: изменено и здесь, и в файле; оставлена более поздняя версия {side} ({}), другая сохранена в архиве",
                        when(merged.rev())
                    ));
                    self.out.lost.push(Lost {
                        key,
                        what,
                        value: serde_json::to_string(&loser).unwrap_or_default(),
                        lost_at: self.now,
                    });
                    self.keys.insert(Key::Lost);
                    self.keys.insert(store);
                    Some(merged)
                }
            },
        }
    }

    /// Merges a list of records identified by `id`.
    fn list<T: Record>(
        &mut self,
        here: Vec<T>,
        there: &[T],
        id: impl Fn(&T) -> RecordKey,
        what: impl Fn(&T) -> String,
        store: Key,
    ) -> Vec<T> {
        let mut merged = here;
        // Where each record is, looked up once per incoming record (a
        // search per record made large lists quadratic).
        let mut at: std::collections::BTreeMap<RecordKey, usize> =
            merged.iter().enumerate().map(|(i, h)| (id(h), i)).collect();
        for t in there {
            let key = id(t);
            let pos = at.get(&key).copied();
            let name = || what(t);
            if let Some(new) = self.one(
                key.clone(),
                &name,
                pos.map(|i| &merged[i]),
                t,
                store.clone(),
            ) {
                match pos {
                    Some(i) => merged[i] = new,
                    None => {
                        at.insert(key, merged.len());
                        merged.push(new);
                    }
                }
            }
        }
        merged
    }
}

impl Merger<'_> {
    /// Merges one of a student's lists (achievements, rewards, observations).
    fn in_student<T: InStudent>(
        &mut self,
        here: &StudentRecord,
        there: &StudentRecord,
        name: &str,
        diff: &dyn Fn(&T, &T) -> Vec<String>,
    ) -> Vec<T> {
        let sid = there.student.id.clone();
        let family;
        let incoming = match self.from {
            Sender::School | Sender::Unproven => T::list(there),
            Sender::Family => {
                family = self.family_changes(T::list(here), T::list(there), name, diff);
                &family
            }
        };
        self.list(
            T::list(here).clone(),
            incoming,
            |x| T::key(&sid, x.id()),
            |x| x.what(name),
            Key::Student(sid.clone()),
        )
    }
}

impl Merger<'_> {
    /// Merges one student of the file with their lists.
    fn student(&mut self, sid: &Id, r: &Arc<StudentRecord>) {
        let name = r.student.full_name();
        let key = RecordKey::Student { id: sid.clone() };
        let here_rec = self.out.students.get(sid).cloned();
        let student = match &here_rec {
            None => {
                if self
                    .one::<Student>(
                        key,
                        &|| format!("ученик {name}"),
                        None,
                        &r.student,
                        Key::Student(sid.clone()),
                    )
                    .is_none()
                {
                    return; // stays deleted
                }
                // A new student comes with all their records.
                let added = &mut self.report.added;
                r.achievements
                    .iter()
                    .for_each(|a| added.add(|| a.what(&name)));
                r.rewards.iter().for_each(|x| added.add(|| x.what(&name)));
                r.observations
                    .iter()
                    .for_each(|o| added.add(|| o.what(&name)));
                let record = if self.from == Sender::Family && !r.proposals.is_empty() {
                    // Nothing of the school's here to correct, and no answer
                    // a family's file claims is taken.
                    Arc::new(StudentRecord {
                        proposals: Vec::new(),
                        ..r.as_ref().clone()
                    })
                } else {
                    r.clone()
                };
                self.out.students.insert(sid.clone(), record);
                return;
            }
            // The same record here (most of a backup opened again): nothing
            // to merge, nothing to copy.
            Some(h) if Arc::ptr_eq(h, r) || h.as_ref() == r.as_ref() => {
                self.report.unchanged +=
                    1 + r.achievements.len() + r.rewards.len() + r.observations.len();
                return;
            }
            Some(h)
                if self.from == Sender::Family
                    && self.student_proposal(&h.student, &r.student, &name) =>
            {
                h.student.clone()
            }
            Some(h) => self
                .one(
                    key,
                    &|| format!("ученик {name}"),
                    Some(&h.student),
                    &r.student,
                    Key::Student(sid.clone()),
                )
                .unwrap_or_else(|| h.student.clone()),
        };
        let here_rec = here_rec.unwrap_or_else(|| r.clone());
        let catalogues = self.out.catalogues.clone();
        let achievements = self.in_student::<Achievement>(&here_rec, r, &name, &|h, t| {
            achievement_changes(h, t, &catalogues)
        });
        let rewards = self.in_student::<Reward>(&here_rec, r, &name, &|_, _| Vec::new());
        let observations = self.in_student::<Observation>(&here_rec, r, &name, &|_, _| Vec::new());
        let proposals = self.proposals(&here_rec, r, &achievements, &name);
        let rec = StudentRecord {
            student,
            achievements,
            rewards,
            observations,
            proposals,
        };
        if rec != *here_rec {
            self.out.students.insert(sid.clone(), Arc::new(rec));
        }
    }
}

/// Merges `there` (read from a file, with its deletion log) into `here`.
/// `now` stamps the archive of lost versions. Records changed outside the
/// app are listed and left as they are here.
pub fn merge(here: &Portfolio, there: &Portfolio, now: i64) -> (Portfolio, Report) {
    merge_accepting(here, there, now, false)
}

/// [`merge`] that, with `accept_changed`, also takes the records changed
/// outside the app (the copies here go to «Архив версий»).
pub fn merge_accepting(
    here: &Portfolio,
    there: &Portfolio,
    now: i64,
    accept_changed: bool,
) -> (Portfolio, Report) {
    merge_from(here, there, now, accept_changed, Sender::School)
}

/// [`merge_accepting`] of a file from `from`: a family's file changes only
/// what `trust.rs` lets it, and proposes the rest.
pub fn merge_from(
    here: &Portfolio,
    there: &Portfolio,
    now: i64,
    accept_changed: bool,
    from: Sender,
) -> (Portfolio, Report) {
    if from == Sender::Unproven {
        // What it would do as the school's, and not one record of it done.
        let (_, report) = merge_from(here, there, now, accept_changed, Sender::School);
        return (here.clone(), report.unproven());
    }
    let family = from == Sender::Family;
    let mut m = Merger {
        from,
        accept_changed,
        deleted_here: &here.deleted,
        out: here.clone(),
        report: Report::default(),
        now,
        keys: BTreeSet::new(),
    };
    // The school's name.
    if let Some(s) = there.school.as_ref().filter(|s| {
        // A family's file does not rename the school.
        let renamed = family && m.out.school.as_ref().is_some_and(|h| trust_changed(h, s));
        if renamed {
            m.report
                .proposals
                .add(|| format!("название школы: «{}»", s.name));
        }
        !renamed
    }) {
        let current = m.out.school.clone();
        if let Some(new) = m.one(
            RecordKey::School,
            &|| "название школы".into(),
            current.as_ref(),
            s,
            Key::School,
        ) {
            m.out.school = Some(new);
        }
    }
    let there_years = match from {
        Sender::School | Sender::Unproven => there.years.clone(),
        Sender::Family => m.school_list(
            &here.years,
            &there.years,
            |a, b| a.start_year == b.start_year,
            |y| format!("учебный год {}", year_label(y.start_year)),
        ),
    };
    let years = std::mem::take(&mut m.out.years);
    m.out.years = m.list(
        years,
        &there_years,
        |y| RecordKey::Year {
            start_year: y.start_year,
        },
        |y| format!("учебный год {}", year_label(y.start_year)),
        Key::Years,
    );
    sort_years(&mut m.out.years);
    for kind in CatalogueKind::ALL {
        let entries = m.out.catalogues.list(kind).clone();
        let incoming = match from {
            Sender::School | Sender::Unproven => there.catalogues.list(kind).clone(),
            Sender::Family => m.school_list(
                &entries,
                there.catalogues.list(kind),
                |a, b| a.id == b.id,
                |e| format!("справочник «{}»: «{}»", kind.title(), e.name),
            ),
        };
        let merged = m.list(
            entries,
            &incoming,
            |e| RecordKey::Entry {
                catalogue: kind,
                id: e.id.clone(),
            },
            |e| format!("справочник «{}»: «{}»", kind.title(), e.name),
            Key::Catalogues,
        );
        m.out.catalogues.retain(kind, |_| false);
        m.out.catalogues.extend(kind, merged);
    }
    let there_classes = match from {
        Sender::School | Sender::Unproven => there.classes.clone(),
        Sender::Family => m.school_list(
            &here.classes,
            &there.classes,
            |a, b| a.id == b.id,
            |c| format!("класс {}", c.name),
        ),
    };
    let classes = std::mem::take(&mut m.out.classes);
    m.out.classes = m.list(
        classes,
        &there_classes,
        |c| RecordKey::Class { id: c.id.clone() },
        |c| format!("класс {}", c.name),
        Key::Classes,
    );
    for (sid, r) in &there.students {
        m.student(sid, r);
    }
    // Deletions that came with the file (of a family's file, not those of
    // what the school entered).
    for d in &there.deleted {
        if family && m.deletion_refused(d) {
            continue;
        }
        apply_deletion(&mut m, d);
    }
    for d in &there.deleted {
        // A deletion that did not apply (the record was changed here after
        // it) is not logged: the record stands.
        if m.out.revision_of(&d.key).is_some() {
            continue;
        }
        // One entry per record: the latest deletion, so the order in which
        // devices' logs meet does not decide what a later edit is compared
        // with.
        match m.out.deleted.iter_mut().find(|x| x.key == d.key) {
            Some(x) if d.rev.is_newer_than(&x.rev) => *x = d.clone(),
            Some(_) => {}
            None => m.out.deleted.push(d.clone()),
        }
    }
    if m.out.deleted != here.deleted {
        m.keys.insert(Key::Deleted);
    }
    let Merger {
        out,
        mut report,
        keys,
        ..
    } = m;
    report.keys = keys.into_iter().collect();
    (out, report)
}

/// Removes a student's record that a deletion in the file names, unless it
/// was changed here after the deletion.
fn delete_in_student<T: InStudent>(m: &mut Merger, d: &Deleted, student_id: &Id, id: &Id) {
    let Some(r) = m.out.students.get(student_id) else {
        return;
    };
    let Some(i) = T::list(r).iter().position(|x| x.id() == id) else {
        return;
    };
    if T::list(r)[i].rev().updated_at > d.rev.updated_at {
        m.report.not_restored.add(|| {
            format!(
                "{}: изменено здесь после удаления в файле — оставлено",
                d.what
            )
        });
        return;
    }
    let Some(r) = m.out.students.get_mut(student_id) else {
        return;
    };
    let rec = Arc::make_mut(r);
    let x = T::list_mut(rec).remove(i);
    m.report.deleted.add(|| x.what(&rec.student.full_name()));
    m.keys.insert(Key::Student(student_id.clone()));
}

/// Removes a record deleted elsewhere, unless it was changed here later
/// (a child's end of study always applies).
fn apply_deletion(m: &mut Merger, d: &Deleted) {
    let later = |rev: &Revision| rev.updated_at > d.rev.updated_at;
    match &d.key {
        RecordKey::Student { id } => {
            if let Some(r) = m.out.students.remove(id) {
                m.report
                    .deleted
                    .add(|| format!("ученик {}", r.student.full_name()));
                m.keys.insert(Key::Student(id.clone()));
            }
        }
        RecordKey::Achievement { student_id, id } => {
            delete_in_student::<Achievement>(m, d, student_id, id)
        }
        RecordKey::Reward { student_id, id } => delete_in_student::<Reward>(m, d, student_id, id),
        RecordKey::Observation { student_id, id } => {
            delete_in_student::<Observation>(m, d, student_id, id)
        }
        RecordKey::Class { id } => {
            if let Some(i) = m
                .out
                .classes
                .iter()
                .position(|c| &c.id == id && !later(&c.rev))
            {
                let c = m.out.classes.remove(i);
                m.report.deleted.add(|| format!("класс {}", c.name));
                m.keys.insert(Key::Classes);
            }
        }
        RecordKey::Entry { catalogue, id } => {
            let used = m.out.usage(*catalogue, id).total() > 0;
            if let Some(e) = m.out.catalogues.get(*catalogue, id).cloned() {
                if !used && !later(&e.rev) {
                    m.out.catalogues.retain(*catalogue, |x| &x.id != id);
                    m.report
                        .deleted
                        .add(|| format!("справочник «{}»: «{}»", catalogue.title(), e.name));
                    m.keys.insert(Key::Catalogues);
                }
            }
        }
        RecordKey::School | RecordKey::Year { .. } => {}
    }
}
