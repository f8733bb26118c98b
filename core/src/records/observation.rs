//! «Личностные и метапредметные результаты» (П2 §3.2.3–3.2.4; П1 §1.10,
//! §2.1): dated observations of a student by a teacher, each tagged with the
//! kinds of result it shows — the qualitative half of the assessment. They
//! are the school's observations: a family reads them and adds none.

use crate::util::date::format_ru;
use crate::util::id::{Id, Revision};
use crate::util::text::clean;
use crate::util::validation::{max_len, past_date, required, FieldErrors, MAX_TEXT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an observation shows: personal results, and the three kinds of
/// universal learning actions of П2 §3.2.4 (its «личностные» УУД fall under
/// the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    Personal,
    Regulatory,
    Cognitive,
    Communicative,
}

impl Tag {
    pub const ALL: [Tag; 4] = [
        Tag::Personal,
        Tag::Regulatory,
        Tag::Cognitive,
        Tag::Communicative,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tag::Personal => "Личностные",
            Tag::Regulatory => "Регулятивные (рефлексивные)",
            Tag::Cognitive => "Познавательные",
            Tag::Communicative => "Коммуникативные",
        }
    }

    /// What the regulation lists under it, as a hint on the form.
    pub fn hint(self) -> &'static str {
        match self {
            Tag::Personal => "опыт, самостоятельность, толерантность, самоуправление, волонтёрство",
            Tag::Regulatory => "целеполагание, планирование, самоконтроль, самооценка",
            Tag::Cognitive => "поиск информации, смысловое чтение, проекты и исследования",
            Tag::Communicative => "выступление, выражение своего мнения, бесконфликтность, тексты",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Tag::Personal => "personal",
            Tag::Regulatory => "regulatory",
            Tag::Cognitive => "cognitive",
            Tag::Communicative => "communicative",
        }
    }

    pub fn from_slug(s: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.slug() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Observation {
    pub id: Id,
    #[serde(with = "crate::util::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub date: NaiveDate,
    /// At least one, in the order of [`Tag::ALL`].
    pub tags: Vec<Tag>,
    pub text: String,
    /// «Кто наблюдал».
    pub observer: String,
    pub rev: Revision,
}

impl Observation {
    /// «Личностные, Коммуникативные».
    pub fn tag_labels(&self) -> String {
        self.tags
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// «12.03.2026, Петрова А. И.».
    pub fn line(&self) -> String {
        format!("{}, {}", format_ru(self.date), self.observer)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObservationForm {
    pub date: String,
    pub tags: Vec<Tag>,
    pub text: String,
    pub observer: String,
}

impl ObservationForm {
    /// Today, observed by `observer` (the class teacher, when known).
    pub fn blank(today: NaiveDate, observer: &str) -> ObservationForm {
        ObservationForm {
            date: format_ru(today),
            observer: observer.to_string(),
            ..Default::default()
        }
    }

    pub fn from_observation(o: &Observation) -> ObservationForm {
        ObservationForm {
            date: format_ru(o.date),
            tags: o.tags.clone(),
            text: o.text.clone(),
            observer: o.observer.clone(),
        }
    }

    pub fn toggle(&mut self, tag: Tag, on: bool) {
        self.tags.retain(|t| *t != tag);
        if on {
            self.tags.push(tag);
            self.tags.sort();
        }
    }

    pub fn parse(
        &self,
        id: Id,
        today: NaiveDate,
        rev: Revision,
    ) -> Result<Observation, FieldErrors> {
        let mut e = FieldErrors::default();
        let date = past_date(&mut e, "date", "Дата наблюдения", &self.date, today);
        if self.tags.is_empty() {
            e.push(
                "tags",
                "Отметьте хотя бы один вид результатов: личностные, регулятивные, познавательные или коммуникативные.",
            );
        }
        if self.text.trim().is_empty() {
            e.push("text", "Заполните поле «Что наблюдали».");
        }
        max_len(&mut e, "text", "Что наблюдали", &self.text, MAX_TEXT);
        required(&mut e, "observer", "Кто наблюдал", &self.observer);
        let mut tags = self.tags.clone();
        tags.sort();
        tags.dedup();
        match date {
            Some(date) if e.is_empty() => Ok(Observation {
                id,
                date,
                tags,
                text: self.text.trim().to_string(),
                observer: clean(&self.observer),
                rev,
            }),
            _ => Err(e),
        }
    }
}

/// The observations a timeline shows: of `year` (all when `None`) carrying
/// `tag` (any when `None`), newest first.
pub fn timeline(all: &[Observation], year: Option<i32>, tag: Option<Tag>) -> Vec<&Observation> {
    let mut v: Vec<&Observation> = all
        .iter()
        .filter(|o| year.is_none_or(|y| crate::records::school_year::year_of(o.date) == y))
        .filter(|o| tag.is_none_or(|t| o.tags.contains(&t)))
        .collect();
    v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()
    }

    #[test]
    fn parses_with_tags_in_order() {
        let mut f = ObservationForm::blank(today(), "Петрова Анна Ивановна");
        f.text = "  Выступила перед классом с рассказом о тундре. ".into();
        f.toggle(Tag::Communicative, true);
        f.toggle(Tag::Personal, true);
        f.toggle(Tag::Cognitive, true);
        f.toggle(Tag::Cognitive, false);
        let o = f
            .parse(Id::fixed("o"), today(), Revision::builtin())
            .unwrap();
        assert_eq!(o.tags, vec![Tag::Personal, Tag::Communicative]);
        assert_eq!(o.text, "Выступила перед классом с рассказом о тундре.");
        assert_eq!(o.tag_labels(), "Личностные, Коммуникативные");
        assert_eq!(o.line(), "20.05.2026, Петрова Анна Ивановна");
        let back = ObservationForm::from_observation(&o);
        assert_eq!(
            back.parse(Id::fixed("o"), today(), Revision::builtin())
                .unwrap(),
            o
        );
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains("\"tags\":[\"personal\",\"communicative\"]"));
        assert_eq!(serde_json::from_str::<Observation>(&json).unwrap(), o);
    }

    #[test]
    fn rules() {
        let e = ObservationForm::default()
            .parse(Id::fixed("o"), today(), Revision::builtin())
            .unwrap_err();
        assert!(e.get("tags").unwrap().contains("хотя бы один"));
        assert_eq!(e.get("text"), Some("Заполните поле «Что наблюдали»."));
        assert_eq!(e.get("observer"), Some("Заполните поле «Кто наблюдал»."));
        assert_eq!(e.get("date"), Some("Заполните поле «Дата наблюдения»."));
        let f = ObservationForm {
            date: "21.05.2026".into(),
            tags: vec![Tag::Personal],
            text: "x".repeat(MAX_TEXT + 1),
            observer: "Петрова".into(),
        };
        let e = f
            .parse(Id::fixed("o"), today(), Revision::builtin())
            .unwrap_err();
        assert!(e.get("date").unwrap().contains("позже"));
        assert!(e.get("text").unwrap().contains("слишком длинное"));
    }

    #[test]
    fn timeline_filters_by_year_and_tag() {
        let make = |id: &str, d: (i32, u32, u32), tags: Vec<Tag>| Observation {
            id: Id::fixed(id),
            date: NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
            tags,
            text: "t".into(),
            observer: "o".into(),
            rev: Revision::builtin(),
        };
        let all = vec![
            make("a", (2025, 10, 1), vec![Tag::Personal]),
            make("b", (2026, 3, 1), vec![Tag::Cognitive, Tag::Communicative]),
            make("c", (2026, 9, 2), vec![Tag::Communicative]),
        ];
        let ids = |v: Vec<&Observation>| v.iter().map(|o| o.id.0.clone()).collect::<Vec<_>>();
        assert_eq!(ids(timeline(&all, None, None)), ["c", "b", "a"]);
        assert_eq!(ids(timeline(&all, Some(2025), None)), ["b", "a"]);
        assert_eq!(
            ids(timeline(&all, None, Some(Tag::Communicative))),
            ["c", "b"]
        );
        assert_eq!(ids(timeline(&all, Some(2025), Some(Tag::Personal))), ["a"]);
    }
}
