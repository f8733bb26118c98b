//! «Поощрения» (П2 §1.3, §3.3): a prize, diploma, memorable gift, certificate
//! of merit or letter of thanks given to a student, what it was for and who
//! gave it, with an optional link to the achievement it rewards and its
//! confirming documents (kept like an achievement's).

use crate::records::catalogue::{CatalogueKind, Catalogues};
use crate::records::document::{
    default_kind, parse_documents, Document, DocumentForm, WithDocuments,
};
use crate::util::date::format_ru;
use crate::util::id::{Id, Revision};
use crate::util::text::clean;
use crate::util::validation::{max_len, past_date, required, FieldErrors, MAX_SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the reward is for: the kinds of activity of П2 §3.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Study,
    PhysicalCulture,
    Sport,
    Social,
    Science,
    Engineering,
    Creative,
    Experimental,
    Innovative,
}

impl Activity {
    pub const ALL: [Activity; 9] = [
        Activity::Study,
        Activity::PhysicalCulture,
        Activity::Sport,
        Activity::Social,
        Activity::Science,
        Activity::Engineering,
        Activity::Creative,
        Activity::Experimental,
        Activity::Innovative,
    ];

    /// «за успехи в … деятельности».
    pub fn label(self) -> &'static str {
        match self {
            Activity::Study => "учебная",
            Activity::PhysicalCulture => "физкультурная",
            Activity::Sport => "спортивная",
            Activity::Social => "общественная",
            Activity::Science => "научная",
            Activity::Engineering => "научно-техническая",
            Activity::Creative => "творческая",
            Activity::Experimental => "экспериментальная",
            Activity::Innovative => "инновационная",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Activity::Study => "study",
            Activity::PhysicalCulture => "physical_culture",
            Activity::Sport => "sport",
            Activity::Social => "social",
            Activity::Science => "science",
            Activity::Engineering => "engineering",
            Activity::Creative => "creative",
            Activity::Experimental => "experimental",
            Activity::Innovative => "innovative",
        }
    }

    pub fn from_slug(s: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.slug() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reward {
    pub id: Id,
    /// «Вид поощрения»: an entry of «Виды поощрений».
    pub kind_id: Id,
    /// «Дата вручения».
    #[serde(with = "crate::util::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub date: NaiveDate,
    /// «За успехи в … деятельности».
    pub activity: Activity,
    /// «Кем вручено».
    pub awarded_by: String,
    /// «За достижение»: the achievement it rewards, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// Added on the family's device (П2 §5.1): the family's own, which it
    /// may change; every other reward is the school's. Absent before
    /// format 5: the school's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_family: bool,
    pub rev: Revision,
}

impl Reward {
    /// «Грамота за успехи в творческой деятельности, 12.03.2026».
    pub fn describe(&self, c: &Catalogues) -> String {
        format!(
            "{} за успехи в {} деятельности, {}",
            c.name(CatalogueKind::RewardKinds, &self.kind_id),
            prepositional(self.activity),
            format_ru(self.date)
        )
    }

    /// The school year of the reward, «2025/2026».
    pub fn year_label(&self) -> String {
        crate::records::school_year::year_label(crate::records::school_year::year_of(self.date))
    }
}

/// «в учебной деятельности».
pub fn prepositional(a: Activity) -> &'static str {
    match a {
        Activity::Study => "учебной",
        Activity::PhysicalCulture => "физкультурной",
        Activity::Sport => "спортивной",
        Activity::Social => "общественной",
        Activity::Science => "научной",
        Activity::Engineering => "научно-технической",
        Activity::Creative => "творческой",
        Activity::Experimental => "экспериментальной",
        Activity::Innovative => "инновационной",
    }
}

/// The reward form as typed; select values are ids and slugs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RewardForm {
    pub kind_id: String,
    pub date: String,
    pub activity: String,
    pub awarded_by: String,
    pub achievement_id: String,
    pub documents: Vec<DocumentForm>,
    /// Kept as it was: see [`Reward::by_family`].
    pub by_family: bool,
}

impl RewardForm {
    /// A new form: today, and the achievement it rewards when opened from one.
    pub fn blank(today: NaiveDate) -> RewardForm {
        RewardForm {
            date: format_ru(today),
            ..Default::default()
        }
    }

    pub fn from_reward(r: &Reward) -> RewardForm {
        RewardForm {
            kind_id: r.kind_id.0.clone(),
            date: format_ru(r.date),
            activity: r.activity.slug().into(),
            awarded_by: r.awarded_by.clone(),
            achievement_id: r
                .achievement_id
                .as_ref()
                .map(|i| i.0.clone())
                .unwrap_or_default(),
            documents: r
                .documents
                .iter()
                .map(DocumentForm::from_document)
                .collect(),
            by_family: r.by_family,
        }
    }

    /// Checks the form. `achievements` are the ids of the student's
    /// achievements (the only ones a reward may refer to).
    pub fn parse(
        &self,
        cat: &Catalogues,
        achievements: &[&Id],
        id: Id,
        today: NaiveDate,
        rev: Revision,
    ) -> Result<Reward, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind_id = cat.pick(
            &mut e,
            "kind_id",
            CatalogueKind::RewardKinds,
            "Вид поощрения",
            &self.kind_id,
            true,
        );
        let date = past_date(&mut e, "date", "Дата вручения", &self.date, today);
        let activity = if self.activity.is_empty() {
            e.push("activity", "Выберите, за успехи в какой деятельности.");
            None
        } else {
            let a = Activity::from_slug(&self.activity);
            if a.is_none() {
                e.push("activity", "Недопустимое значение поля «За успехи в».");
            }
            a
        };
        required(&mut e, "awarded_by", "Кем вручено", &self.awarded_by);
        max_len(
            &mut e,
            "awarded_by",
            "Кем вручено",
            &self.awarded_by,
            MAX_SHORT,
        );
        let achievement_id = if self.achievement_id.is_empty() {
            None
        } else if achievements.iter().any(|a| a.0 == self.achievement_id) {
            Some(Id(self.achievement_id.clone()))
        } else {
            e.push(
                "achievement_id",
                "Этого достижения больше нет — выберите другое или «Без связи с достижением».",
            );
            None
        };
        let documents = parse_documents(&self.documents, cat, &rev, &mut e);
        match (kind_id, date, activity) {
            (Some(kind_id), Some(date), Some(activity)) if e.is_empty() => Ok(Reward {
                id,
                kind_id,
                date,
                activity,
                awarded_by: clean(&self.awarded_by),
                achievement_id,
                documents,
                by_family: self.by_family,
                rev,
            }),
            _ => Err(e),
        }
    }
}

/// One line of a class's list of rewards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassReward {
    pub student_id: Id,
    pub student: String,
    pub reward: Reward,
}

/// The rewards of a class for a school year (all years when `None`): each
/// counted for the class the student was in on its date, newest first,
/// then by name.
pub fn of_class(p: &crate::Portfolio, class_id: &Id, year: Option<i32>) -> Vec<ClassReward> {
    let mut out: Vec<ClassReward> = p
        .students
        .values()
        .flat_map(|r| {
            r.rewards
                .iter()
                .filter(|x| r.student.class_on(x.date) == class_id)
                .filter(|x| year.is_none_or(|y| crate::records::school_year::year_of(x.date) == y))
                .map(|x| ClassReward {
                    student_id: r.student.id.clone(),
                    student: r.student.full_name(),
                    reward: x.clone(),
                })
        })
        .collect();
    out.sort_by(|a, b| {
        b.reward
            .date
            .cmp(&a.reward.date)
            .then_with(|| a.student.cmp(&b.student))
    });
    out
}

impl WithDocuments for RewardForm {
    fn documents(&self) -> &[DocumentForm] {
        &self.documents
    }
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm> {
        &mut self.documents
    }
    /// A diploma → «Диплом победителя/призёра», a certificate of merit →
    /// «Грамота», a letter of thanks → «Благодарность», anything else «Иное».
    fn new_document_kind(&self, cat: &Catalogues) -> Id {
        let reward = |n| CatalogueKind::RewardKinds.default_id(n).0;
        let n = match self.kind_id.as_str() {
            k if k == reward(2) => 3,
            k if k == reward(4) => 4,
            k if k == reward(5) => 8,
            _ => 9,
        };
        let id = CatalogueKind::DocumentKinds.default_id(n);
        if cat.get(CatalogueKind::DocumentKinds, &id).is_some() {
            id
        } else {
            default_kind("", cat)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()
    }

    fn form() -> RewardForm {
        RewardForm {
            kind_id: CatalogueKind::RewardKinds.default_id(4).0,
            activity: "creative".into(),
            awarded_by: "  Администрация   школы ".into(),
            date: "12.03.2026".into(),
            ..RewardForm::blank(today())
        }
    }

    #[test]
    fn parses_and_round_trips() {
        let cat = Catalogues::default();
        let a = Id::fixed("a1");
        let f = RewardForm {
            achievement_id: "a1".into(),
            ..form()
        };
        let r = f
            .parse(&cat, &[&a], Id::fixed("r"), today(), Revision::builtin())
            .unwrap();
        assert_eq!(r.awarded_by, "Администрация школы");
        assert_eq!(r.activity, Activity::Creative);
        assert_eq!(r.achievement_id, Some(a.clone()));
        assert_eq!(
            r.describe(&cat),
            "Грамота за успехи в творческой деятельности, 12.03.2026"
        );
        let back = RewardForm::from_reward(&r);
        assert_eq!(
            back.parse(&cat, &[&a], Id::fixed("r"), today(), Revision::builtin())
                .unwrap(),
            r
        );
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Reward>(&json).unwrap(), r);
        assert!(json.contains("\"activity\":\"creative\""));
    }

    #[test]
    fn every_rule_names_its_field() {
        let cat = Catalogues::default();
        let e = RewardForm::default()
            .parse(&cat, &[], Id::fixed("r"), today(), Revision::builtin())
            .unwrap_err();
        assert_eq!(
            e.get("kind_id"),
            Some("Выберите значение поля «Вид поощрения».")
        );
        assert_eq!(e.get("date"), Some("Заполните поле «Дата вручения»."));
        assert!(e.get("activity").is_some());
        assert_eq!(e.get("awarded_by"), Some("Заполните поле «Кем вручено»."));
        let bad = RewardForm {
            kind_id: "rewards-99".into(),
            activity: "sleeping".into(),
            date: "21.05.2026".into(),
            achievement_id: "gone".into(),
            ..form()
        };
        let e = bad
            .parse(&cat, &[], Id::fixed("r"), today(), Revision::builtin())
            .unwrap_err();
        assert!(e.get("kind_id").unwrap().contains("больше нет"));
        assert!(e.get("activity").unwrap().contains("Недопустимое"));
        assert_eq!(
            e.get("date"),
            Some("Дата вручения не может быть позже сегодняшнего дня.")
        );
        assert!(e.get("achievement_id").unwrap().contains("больше нет"));
    }

    #[test]
    fn activities_are_the_regulations() {
        let labels: Vec<&str> = Activity::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(labels.len(), 9);
        assert_eq!(labels[5], "научно-техническая");
        for a in Activity::ALL {
            assert_eq!(Activity::from_slug(a.slug()), Some(a));
        }
    }
}
