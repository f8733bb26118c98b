//! The printed portfolio of one child (П1 §4.3, итоговые документы): what
//! goes on paper, assembled from that child's records only. The family
//! decides which personal data are printed; document numbers only if ticked.

use crate::assessment::rating::{describe_standing, score, standings, Points, Span};
use crate::records::catalogue::CatalogueKind;
use crate::records::portfolio::Portfolio;
use crate::records::school_year::{year_label, year_of};
use crate::records::student::{filled_fields, Section};
use crate::util::date::format_ru;
use crate::util::id::Id;
use std::collections::BTreeMap;

/// Which parts of «Личные данные» go on paper (the name and class always do).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// Sex, date and place of birth, citizenship, residence.
    pub basic: bool,
    /// СНИЛС, visa, birth certificate, other document: numbers.
    pub documents: bool,
    /// Addresses, phones, e-mail.
    pub contacts: bool,
    /// The places in the class and the school, not only the points: on a
    /// teacher's device. A family's device holds one child, so a place there
    /// would say nothing.
    pub ranked: bool,
}

/// One achievement on paper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintedAchievement {
    pub title: String,
    pub date: String,
    /// «Уровень: …; Место: …; Педагог: …; …»
    pub details: Vec<(&'static str, String)>,
    pub points: Points,
    /// The documents with a thumbnail, each with its caption (its kind).
    pub pictures: Vec<(crate::Document, String)>,
}

/// The achievements of one type in one school year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeBlock {
    pub type_name: String,
    pub items: Vec<PrintedAchievement>,
}

/// One school year: its achievements by type and its points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearBlock {
    pub label: String,
    pub points: Points,
    pub types: Vec<TypeBlock>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printout {
    pub school: String,
    pub name: String,
    /// «3 А, 2026/2027 учебный год»
    pub class: String,
    pub personal: Vec<(&'static str, String)>,
    /// The place in the class and the school for the school year of `today`.
    pub rating: Option<String>,
    /// Newest year first.
    pub years: Vec<YearBlock>,
    /// «Поощрения», newest first: (what, by whom).
    pub rewards: Vec<(String, String)>,
    /// «Личностные и метапредметные результаты», newest first:
    /// (date and tags, text, observer).
    pub observations: Vec<(String, String, String)>,
}

/// What the printed portfolio of `student` shows; `None` if there is no such
/// student.
pub fn printout(
    p: &Portfolio,
    student: &Id,
    opt: PrintOptions,
    today: chrono::NaiveDate,
) -> Option<Printout> {
    let r = p.students.get(student)?;
    let s = &r.student;
    let c = &p.catalogues;
    let factors = p.school.as_ref().map(|x| x.rating).unwrap_or_default();
    let class = p
        .class(&s.class_id)
        .map(|k| format!("{}, {} учебный год", k.name, year_label(k.year)))
        .unwrap_or_default();
    let wanted = |sec: Section, key: &str| match sec {
        Section::Required => opt.basic && !matches!(key, "last_name" | "first_name" | "patronymic"),
        Section::Documents | Section::BirthCertificate | Section::OtherDocument => opt.documents,
        Section::Contacts => opt.contacts,
        Section::Study | Section::Notes => false,
    };
    let personal = filled_fields(s, &p.classes)
        .into_iter()
        .filter(|(f, _)| wanted(f.section, f.key))
        .map(|(f, v)| (f.label, v))
        .collect();
    let span = Span {
        year: year_of(today),
        period: None,
    };
    let rating = standings(p, &span.filter()).get(student).map(|st| {
        if opt.ranked {
            describe_standing(st, &span, &p.years)
        } else {
            format!("{} {}", st.points.describe(), span.describe(&p.years))
        }
    });
    let years = year_blocks(&r.achievements, c, &factors);
    let mut rewards: Vec<&crate::records::reward::Reward> = r.rewards.iter().collect();
    rewards.sort_by_key(|x| std::cmp::Reverse(x.date));
    let rewards = rewards
        .into_iter()
        .map(|x| (x.describe(c), x.awarded_by.clone()))
        .collect();
    let observations = crate::records::observation::timeline(&r.observations, None, None)
        .into_iter()
        .map(|o| {
            (
                format!("{} — {}", format_ru(o.date), o.tag_labels()),
                o.text.clone(),
                o.observer.clone(),
            )
        })
        .collect();
    Some(Printout {
        rewards,
        observations,
        school: p
            .school
            .as_ref()
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        name: s.full_name(),
        class,
        personal,
        rating,
        years,
    })
}

/// The achievements by school year (newest first), then by type in the
/// catalogue's order, each with its points.
fn year_blocks(
    achievements: &[crate::Achievement],
    c: &crate::Catalogues,
    factors: &crate::records::school::RatingFactors,
) -> Vec<YearBlock> {
    let mut by_year: BTreeMap<i32, BTreeMap<usize, Vec<&crate::Achievement>>> = BTreeMap::new();
    let types = c.list(CatalogueKind::AchievementTypes);
    for a in achievements {
        let order = types
            .iter()
            .position(|t| t.id == a.type_id)
            .unwrap_or(types.len());
        by_year
            .entry(year_of(a.date))
            .or_default()
            .entry(order)
            .or_default()
            .push(a);
    }
    by_year
        .into_iter()
        .rev()
        .map(|(year, by_type)| {
            let mut points = Points(0);
            let types = by_type
                .into_values()
                .map(|mut list| {
                    list.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
                    let type_name = c.name(CatalogueKind::AchievementTypes, &list[0].type_id);
                    let items = list
                        .into_iter()
                        .map(|a| {
                            let pts = score(a, c, factors);
                            points = points + pts;
                            PrintedAchievement {
                                title: a.title.clone(),
                                date: format_ru(a.date),
                                details: crate::records::achievement::details(a, c),
                                points: pts,
                                pictures: a
                                    .documents
                                    .iter()
                                    .filter(|d| d.thumb)
                                    .map(|d| {
                                        (
                                            d.clone(),
                                            c.name(CatalogueKind::DocumentKinds, &d.kind_id),
                                        )
                                    })
                                    .collect(),
                            }
                        })
                        .collect();
                    TypeBlock { type_name, items }
                })
                .collect();
            YearBlock {
                label: format!("{} учебный год", year_label(year)),
                points,
                types,
            }
        })
        .collect()
}
