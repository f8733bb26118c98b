//! A family's proposals to correct the school's achievements
//! (`records::proposal`) as files carry them. They travel with their
//! student; the answers are the school's alone:
//! - between school devices, and from the teacher to the family, the lists
//!   are joined by proposal, an answered copy taking the place of an open
//!   one — so the family's device learns the answer;
//! - from a family's file on the school's device, a proposal the device
//!   has never seen is a [`Decision`] for the teacher; one it has seen
//!   (answered) proposes nothing again; an answer the file claims is not
//!   taken. [`decide`] applies the teacher's choice with «Применить»: an
//!   accepted proposal's content becomes the school's achievement, and
//!   every proposal is kept with its answer.

use super::{Merger, Sender};
use crate::records::identity::InStudent;
use crate::records::proposal::{accepted, Answer, Proposal};
use crate::records::{Achievement, Portfolio, StudentRecord};
use crate::stored::Key;
use crate::util::id::{Id, Revision};
use std::sync::Arc;

/// A proposal of a family's file for the teacher to decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub student_id: Id,
    pub proposal: Proposal,
    /// «достижение «Конкурс чтецов» (Рультынэ Айна)».
    pub what: String,
    /// Before → after, field by field.
    pub changes: Vec<String>,
}

impl Merger<'_> {
    /// A student's proposals after the merge (`achievements`: the merged
    /// ones, which a proposal must correct).
    pub(super) fn proposals(
        &mut self,
        here: &StudentRecord,
        there: &StudentRecord,
        achievements: &[Achievement],
        name: &str,
    ) -> Vec<Proposal> {
        let mut out = here.proposals.clone();
        for p in &there.proposals {
            let known = out.iter().position(|h| h.id == p.id);
            match (self.from, known) {
                // The school's answer reaches a device that has the proposal open.
                (Sender::School | Sender::Unproven, Some(i)) => {
                    if out[i].answer.is_none() && p.answer.is_some() {
                        let title = p.proposed.title.clone();
                        let state = p.state();
                        self.report
                            .updated
                            .add(|| format!("предложение исправить «{title}» ({name}): {state}"));
                        out[i] = p.clone();
                        self.keys.insert(Key::Student(here.student.id.clone()));
                    }
                }
                (Sender::School | Sender::Unproven, None) => {
                    out.push(p.clone());
                    self.keys.insert(Key::Student(here.student.id.clone()));
                }
                // Seen here before: answered already, nothing to propose.
                (Sender::Family, Some(_)) => {}
                (Sender::Family, None) => {
                    let Some(a) = achievements.iter().find(|a| a.id == *p.achievement_id()) else {
                        // The achievement is gone here: nothing to correct.
                        continue;
                    };
                    let open = Proposal {
                        answer: None,
                        ..p.clone()
                    };
                    self.report.decisions.push(Decision {
                        student_id: here.student.id.clone(),
                        changes: open.changes(a, &self.out.catalogues),
                        what: a.what(name),
                        proposal: open,
                    });
                }
            }
        }
        out
    }
}

/// Applies the teacher's answers to `decisions` (`accept[i]` for the i-th;
/// what is not accepted is declined) to `p`, as of `rev`; gives the stored
/// documents to write.
pub fn decide(
    p: &mut Portfolio,
    decisions: &[Decision],
    accept: &[bool],
    rev: &Revision,
) -> Vec<Key> {
    let mut keys = Vec::new();
    for (i, d) in decisions.iter().enumerate() {
        let Some(r) = p.students.get_mut(&d.student_id) else {
            continue;
        };
        let r = Arc::make_mut(r);
        let yes = accept.get(i).copied().unwrap_or(false);
        if yes {
            if let Some(a) = r
                .achievements
                .iter_mut()
                .find(|a| a.id == *d.proposal.achievement_id())
            {
                *a = accepted(a, &d.proposal, rev);
            }
        }
        let answered = Proposal {
            answer: Some(Answer {
                accepted: yes,
                by: Revision::new(rev.updated_at, &rev.device),
            }),
            ..d.proposal.clone()
        };
        match r.proposals.iter_mut().find(|x| x.id == answered.id) {
            Some(x) => *x = answered,
            None => r.proposals.push(answered),
        }
        let key = Key::Student(d.student_id.clone());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}
