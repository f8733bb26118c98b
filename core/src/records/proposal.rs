//! «Предложить исправление»: a correction a family asks for in an
//! achievement the school entered. The school keeps the record of a
//! child's results (П2 §5.3) — a family's device never changes it; the
//! family writes a proposal beside it instead: the achievement as the
//! family would have it and a comment for the teacher. The proposal travels
//! in the child's file; on the teacher's device it is shown before → after
//! and the teacher accepts it (the achievement then takes the proposed
//! content as the school's own edit) or declines it. The answer stays with
//! the proposal and travels back in the teacher's next file, so the family
//! sees «принято» or «отклонено».

use crate::records::achievement::Achievement;
use crate::records::catalogue::Catalogues;
use crate::util::id::{Id, Revision};
use crate::util::validation::{max_len, FieldErrors, MAX_TEXT};
use serde::{Deserialize, Serialize};

/// A family's proposal to correct one of the school's achievements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Proposal {
    pub id: Id,
    /// The achievement as the family would have it (its `id` is the
    /// achievement's).
    pub proposed: Achievement,
    /// «Комментарий для учителя».
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When and on which device the family made it.
    pub made: Revision,
    /// The school's answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
}

/// The teacher's answer to a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Answer {
    pub accepted: bool,
    /// When and on which device it was given.
    pub by: Revision,
}

impl Proposal {
    /// Makes a proposal from the form of the achievement as the family
    /// would have it and its comment; the errors name the form's fields.
    pub fn new(
        id: Id,
        proposed: Achievement,
        comment: &str,
        made: Revision,
    ) -> Result<Proposal, FieldErrors> {
        let mut e = FieldErrors::default();
        max_len(
            &mut e,
            "comment",
            "Комментарий для учителя",
            comment,
            MAX_TEXT,
        );
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Proposal {
            id,
            // The documents stay the school's: a proposal corrects the
            // record, not its scans.
            proposed: Achievement {
                documents: Vec::new(),
                ..proposed
            },
            comment: crate::util::text::clean(comment),
            made,
            answer: None,
        })
    }

    /// The achievement it corrects.
    pub fn achievement_id(&self) -> &Id {
        &self.proposed.id
    }

    /// What it would change in `here`, field by field («Уровень
    /// мероприятия: «Школьный» → «Всероссийский»»; documents are not part
    /// of a proposal).
    pub fn changes(&self, here: &Achievement, c: &Catalogues) -> Vec<String> {
        let with_docs = Achievement {
            documents: here.documents.clone(),
            ..self.proposed.clone()
        };
        crate::exchange::merge::achievement_changes(here, &with_docs, c)
    }

    /// «ждёт решения учителя», «учитель принял», «учитель отклонил».
    pub fn state(&self) -> &'static str {
        match &self.answer {
            None => "ждёт решения учителя",
            Some(a) if a.accepted => "учитель принял исправление",
            Some(_) => "учитель отклонил исправление",
        }
    }
}

/// The school's achievement `here` after the teacher accepted `p`: the
/// proposed content, as the school's own edit (still the school's record,
/// with a new revision `rev` made from the one it had).
pub fn accepted(here: &Achievement, p: &Proposal, rev: &Revision) -> Achievement {
    let mut rev = rev.clone();
    rev.inherit(&here.rev);
    Achievement {
        id: here.id.clone(),
        by_family: false,
        documents: here.documents.clone(),
        rev,
        ..p.proposed.clone()
    }
}
