//! «Достижения» (П1 §3.3.2, §5.3) with the fields of П2: result category,
//! where it was obtained, internal/external assessment, ГИР and ГТО marks.

use crate::records::catalogue::{no_subject_id, participant_place_id, CatalogueKind, Catalogues};
use crate::records::document::{
    default_kind, parse_documents, Document, DocumentForm, WithDocuments,
};
use crate::util::date::{format_ru, parse_ru};
use crate::util::id::{Id, Revision};
use crate::util::text::clean;
use crate::util::validation::{max_len, required, FieldErrors, MAX_SHORT, MAX_TEXT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// П2 §4.1: the result was assessed inside the school or outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Internal,
    External,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Achievement {
    pub id: Id,
    /// Наименование
    pub title: String,
    pub type_id: Id,
    pub level_id: Id,
    /// Результат: a free description.
    #[serde(default)]
    pub result: String,
    /// Дата проведения
    #[serde(with = "crate::util::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub date: NaiveDate,
    pub subject_id: Id,
    #[serde(default)]
    pub staff_id: Option<Id>,
    pub place_id: Id,
    #[serde(default)]
    pub category_id: Option<Id>,
    /// Another organisation where the result was obtained; empty means this school (П2 §5).
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// «Сведения размещены в ГИР о детях, проявивших выдающиеся способности» (П2 §3.4).
    #[serde(default)]
    pub in_gir: bool,
    /// Знак ГТО (П2 §3.2.2). Formats 1 and 2 had only a tick (`true`),
    /// read as a badge of unknown sign and stage.
    #[serde(
        default,
        deserialize_with = "gto_compat",
        skip_serializing_if = "Option::is_none"
    )]
    pub gto: Option<GtoBadge>,
    /// Added on the family's device (П2 §5.1: results from other
    /// organisations are recorded at the family's wish).
    #[serde(default, skip_serializing_if = "is_false")]
    pub by_family: bool,
    /// «Форма участия: дистанционная» (the rating discounts it); absent means
    /// очная (format 1 had no such field).
    #[serde(default, skip_serializing_if = "is_false")]
    pub remote: bool,
    /// «Командное» participation (the rating discounts it slightly); absent
    /// means индивидуальное.
    #[serde(default, skip_serializing_if = "is_false")]
    pub team: bool,
    /// Подтверждающие документы; their bytes are stored apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    pub rev: Revision,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// «Знак отличия ГТО» (П2 §3.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GtoSign {
    Gold,
    Silver,
    Bronze,
}

impl GtoSign {
    pub const ALL: [GtoSign; 3] = [GtoSign::Gold, GtoSign::Silver, GtoSign::Bronze];

    pub fn label(self) -> &'static str {
        match self {
            GtoSign::Gold => "золотой знак",
            GtoSign::Silver => "серебряный знак",
            GtoSign::Bronze => "бронзовый знак",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            GtoSign::Gold => "gold",
            GtoSign::Silver => "silver",
            GtoSign::Bronze => "bronze",
        }
    }
}

/// The highest stage (ступень) of the ГТО complex.
pub const GTO_STAGES: u8 = 18;

/// A ГТО badge: its sign, stage and date. A badge carried over from the
/// tick of formats 1–2 has none of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GtoBadge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign: Option<GtoSign>,
    /// 1…18.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<u8>,
    #[serde(
        with = "crate::util::date::iso_opt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date")))]
    pub date: Option<NaiveDate>,
}

impl GtoBadge {
    /// «золотой знак, II ступень, 15.05.2026»; «знак ГТО (вид не указан)».
    pub fn describe(&self) -> String {
        let mut parts = vec![self
            .sign
            .map(|s| s.label().to_string())
            .unwrap_or_else(|| "знак ГТО (вид не указан)".into())];
        if let Some(n) = self.stage {
            parts.push(format!("{} ступень", roman(n)));
        }
        if let Some(d) = self.date {
            parts.push(format_ru(d));
        }
        parts.join(", ")
    }
}

/// I…XVIII.
pub fn roman(n: u8) -> String {
    const R: [(u8, &str); 5] = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Reads `gto` as formats 1–2 wrote it (a tick) or as an object. A visitor
/// rather than an untagged enum: serde's buffering for those costs kilobytes
/// of wasm in the first download.
fn gto_compat<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<GtoBadge>, D::Error> {
    struct Gto;
    impl<'de> serde::de::Visitor<'de> for Gto {
        type Value = Option<GtoBadge>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("знак ГТО: true, false или объект")
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(v.then(GtoBadge::default))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Gto)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            GtoBadge::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    d.deserialize_option(Gto)
}

/// What a list shows of an achievement under its title and line, resolved
/// from the catalogues: (label, value).
pub fn details(a: &Achievement, c: &Catalogues) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "Уровень мероприятия",
            c.name(CatalogueKind::EventLevels, &a.level_id),
        ),
        (
            "Призовое место",
            c.name(CatalogueKind::PrizePlaces, &a.place_id),
        ),
        ("Предмет", c.name(CatalogueKind::Subjects, &a.subject_id)),
    ];
    if let Some(s) = &a.staff_id {
        out.push(("Педагог", c.name(CatalogueKind::Staff, s)));
    }
    if !a.result.is_empty() {
        out.push(("Результат", a.result.clone()));
    }
    if !a.organisation.is_empty() {
        out.push(("Организация", a.organisation.clone()));
    }
    if let Some(g) = &a.gto {
        out.push(("Знак ГТО", g.describe()));
    }
    if a.by_family {
        out.push(("Внесено", "семьёй".to_string()));
    }
    if a.remote || a.team {
        let how = match (a.remote, a.team) {
            (true, true) => "дистанционная, командное",
            (true, false) => "дистанционная",
            _ => "очная, командное",
        };
        out.push(("Форма участия", how.to_string()));
    }
    out
}

/// The achievement form as typed; select values are catalogue ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AchievementForm {
    pub title: String,
    pub type_id: String,
    pub level_id: String,
    pub result: String,
    pub date: String,
    pub subject_id: String,
    pub staff_id: String,
    pub place_id: String,
    pub category_id: String,
    pub organisation: String,
    pub assessment: String,
    pub in_gir: bool,
    /// «gold», «silver», «bronze», «unknown» (a tick of formats 1–2) or empty.
    pub gto_sign: String,
    /// «1»…«18» or empty.
    pub gto_stage: String,
    /// ДД.ММ.ГГГГ or empty (the date of the achievement).
    pub gto_date: String,
    /// Kept as it was: see [`Achievement::by_family`].
    pub by_family: bool,
    /// «remote» or empty (очная).
    pub remote: String,
    /// «team» or empty (индивидуальное).
    pub team: String,
    pub documents: Vec<DocumentForm>,
}

impl AchievementForm {
    /// A new form with the usual defaults: «Нет предмета», «Участник», today.
    pub fn blank(today: NaiveDate) -> AchievementForm {
        AchievementForm {
            date: format_ru(today),
            subject_id: no_subject_id().0,
            place_id: participant_place_id().0,
            ..Default::default()
        }
    }

    pub fn from_achievement(a: &Achievement) -> AchievementForm {
        let opt = |id: &Option<Id>| id.as_ref().map(|i| i.0.clone()).unwrap_or_default();
        AchievementForm {
            title: a.title.clone(),
            type_id: a.type_id.0.clone(),
            level_id: a.level_id.0.clone(),
            result: a.result.clone(),
            date: format_ru(a.date),
            subject_id: a.subject_id.0.clone(),
            staff_id: opt(&a.staff_id),
            place_id: a.place_id.0.clone(),
            category_id: opt(&a.category_id),
            organisation: a.organisation.clone(),
            assessment: match a.assessment {
                None => String::new(),
                Some(Assessment::Internal) => "internal".into(),
                Some(Assessment::External) => "external".into(),
            },
            in_gir: a.in_gir,
            gto_sign: match &a.gto {
                None => String::new(),
                Some(GtoBadge { sign: None, .. }) => "unknown".into(),
                Some(GtoBadge { sign: Some(s), .. }) => s.slug().into(),
            },
            gto_stage: a
                .gto
                .as_ref()
                .and_then(|g| g.stage)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            gto_date: crate::util::date::format_opt(a.gto.as_ref().and_then(|g| g.date)),
            by_family: a.by_family,
            remote: if a.remote {
                "remote".into()
            } else {
                String::new()
            },
            team: if a.team { "team".into() } else { String::new() },
            documents: a
                .documents
                .iter()
                .map(DocumentForm::from_document)
                .collect(),
        }
    }

    pub fn parse(
        &self,
        cat: &Catalogues,
        id: Id,
        today: NaiveDate,
        rev: Revision,
    ) -> Result<Achievement, FieldErrors> {
        let mut e = FieldErrors::default();
        required(&mut e, "title", "Наименование", &self.title);
        max_len(&mut e, "result", "Результат", &self.result, MAX_TEXT);
        max_len(
            &mut e,
            "organisation",
            "Организация",
            &self.organisation,
            MAX_SHORT,
        );
        use CatalogueKind as K;
        let [type_id, level_id, subject_id, place_id, staff_id, category_id] = [
            (
                "type_id",
                K::AchievementTypes,
                "Тип достижения",
                &self.type_id,
                true,
            ),
            (
                "level_id",
                K::EventLevels,
                "Уровень мероприятия",
                &self.level_id,
                true,
            ),
            ("subject_id", K::Subjects, "Предмет", &self.subject_id, true),
            (
                "place_id",
                K::PrizePlaces,
                "Призовое место",
                &self.place_id,
                true,
            ),
            ("staff_id", K::Staff, "Педагог", &self.staff_id, false),
            (
                "category_id",
                K::ResultCategories,
                "Категория результата",
                &self.category_id,
                false,
            ),
        ]
        .map(|(key, kind, label, value, needed)| cat.pick(&mut e, key, kind, label, value, needed));
        let date = event_date(&self.date, today, &mut e);
        let assessment = match self.assessment.as_str() {
            "" => None,
            "internal" => Some(Assessment::Internal),
            "external" => Some(Assessment::External),
            _ => {
                e.push(
                    "assessment",
                    "Недопустимое значение поля «Оценка результата».",
                );
                None
            }
        };
        let mut choice = |key: &'static str, label: &str, value: &str, yes: &str| -> bool {
            match value {
                "" => false,
                v if v == yes => true,
                _ => {
                    e.push(key, format!("Недопустимое значение поля «{label}»."));
                    false
                }
            }
        };
        let remote = choice("remote", "Форма участия", &self.remote, "remote");
        let team = choice("team", "Участие", &self.team, "team");
        let gto = self.parse_gto(&mut e, today);
        let documents = parse_documents(&self.documents, cat, &rev, &mut e);
        match (type_id, level_id, subject_id, place_id, date) {
            (Some(type_id), Some(level_id), Some(subject_id), Some(place_id), Some(date))
                if e.is_empty() =>
            {
                Ok(Achievement {
                    id,
                    title: clean(&self.title),
                    type_id,
                    level_id,
                    result: self.result.trim().to_string(),
                    date,
                    subject_id,
                    staff_id,
                    place_id,
                    category_id,
                    organisation: clean(&self.organisation),
                    assessment,
                    in_gir: self.in_gir,
                    gto: gto.map(|mut g| {
                        // A badge of a known sign is dated: by default on the event's day.
                        if g.sign.is_some() && g.date.is_none() {
                            g.date = Some(date);
                        }
                        g
                    }),
                    by_family: self.by_family,
                    remote,
                    team,
                    documents,
                    rev,
                })
            }
            _ => Err(e),
        }
    }
}

/// «Дата проведения»: given, a date, and not in the future.
fn event_date(text: &str, today: NaiveDate, e: &mut FieldErrors) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        e.push("date", "Заполните поле «Дата проведения».");
        None
    } else {
        match parse_ru(text) {
            Ok(d) if d > today => {
                e.push(
                    "date",
                    "Дата проведения не может быть позже сегодняшнего дня.",
                );
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.push("date", m);
                None
            }
        }
    }
}

impl AchievementForm {
    fn parse_gto(&self, e: &mut FieldErrors, today: NaiveDate) -> Option<GtoBadge> {
        let sign = match self.gto_sign.as_str() {
            "" => return None,
            "unknown" => None,
            s => match GtoSign::ALL.into_iter().find(|g| g.slug() == s) {
                Some(g) => Some(g),
                None => {
                    e.push("gto_sign", "Недопустимое значение поля «Знак ГТО».");
                    return None;
                }
            },
        };
        let stage = match self.gto_stage.trim() {
            "" if sign.is_some() => {
                e.push("gto_stage", "Выберите ступень ГТО.");
                None
            }
            "" => None,
            s => match s.parse::<u8>() {
                Ok(n) if (1..=GTO_STAGES).contains(&n) => Some(n),
                _ => {
                    e.push(
                        "gto_stage",
                        format!("Ступень ГТО — от I до {}.", roman(GTO_STAGES)),
                    );
                    None
                }
            },
        };
        let date = match crate::util::date::parse_opt(&self.gto_date) {
            Ok(Some(d)) if d > today => {
                e.push(
                    "gto_date",
                    "Дата получения знака не может быть позже сегодняшнего дня.",
                );
                None
            }
            Ok(d) => d,
            Err(m) => {
                e.push("gto_date", m);
                None
            }
        };
        Some(GtoBadge { sign, stage, date })
    }
}

impl WithDocuments for AchievementForm {
    fn documents(&self) -> &[DocumentForm] {
        &self.documents
    }
    fn documents_mut(&mut self) -> &mut Vec<DocumentForm> {
        &mut self.documents
    }
    fn new_document_kind(&self, cat: &Catalogues) -> Id {
        default_kind(&self.place_id, cat)
    }
}

#[cfg(test)]
mod tests;
