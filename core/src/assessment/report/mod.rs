//! What the deputy director and the class teacher read (П1 §1.9, §1.11,
//! §2.4, §5.4; П2 §2.2): the class «Достижения» table, the statistical
//! reports of a class or the school for a school year or period, the bank of
//! gifted children, and their CSV for Excel.
//!
//! Every report is a [`Table`] of text cells: the screen, the CSV and the
//! print show the same figures.

use crate::assessment::rating::{is_prize, places, score, Place, Points};
use crate::records::achievement::Achievement;
use crate::records::catalogue::{CatalogueKind, Catalogues};
use crate::records::filter::AchievementFilter;
use crate::records::portfolio::{Portfolio, StudentRecord};
use crate::records::student::Status;
use crate::util::date::format_ru;
use crate::util::id::Id;
use crate::util::text::fold;
use std::collections::BTreeMap;

/// A report as the screen, the CSV and the print show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The «Итого» row, if the table has one.
    pub total: Option<Vec<String>>,
}

impl Table {
    /// The table as CSV that Excel and LibreOffice open by double-click in a
    /// Russian locale: UTF-8 with a BOM, `;` between cells, CRLF line ends.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        let lines = std::iter::once(&self.head)
            .chain(self.rows.iter())
            .chain(self.total.iter());
        for line in lines {
            let cells: Vec<String> = line.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(";"));
            out.push_str("\r\n");
        }
        out
    }
}

/// One CSV cell: quoted when it holds `;`, a quote or a line break; a text
/// that a spreadsheet would take for a formula starts with `'`.
fn csv_cell(s: &str) -> String {
    let number = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ',');
    let formula = !number && s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The name of a report's CSV file: «Отчёт_<what>_<date>.csv».
pub fn csv_name(what: &str, day: chrono::NaiveDate) -> String {
    format!(
        "Отчёт_{}_{}.csv",
        crate::records::document::file_part(what),
        crate::util::date::format_iso(day)
    )
}

/// Whose achievements a report counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    School,
    Class(Id),
}

/// The students a report counts, by name: the active students of the
/// school, or those who are or were in the class.
pub fn students<'a>(p: &'a Portfolio, scope: &Scope) -> Vec<&'a StudentRecord> {
    let mut v: Vec<&StudentRecord> = p
        .students
        .values()
        .map(|r| r.as_ref())
        .filter(|r| r.student.status == Status::Active)
        .filter(|r| match scope {
            Scope::School => true,
            Scope::Class(id) => r.student.classes().any(|c| c == id),
        })
        .collect();
    v.sort_by_cached_key(|r| r.student.sort_key());
    v
}

/// Whether an achievement of a student counts for the scope: for a class,
/// only what the student achieved while in it.
fn counts(scope: &Scope, r: &StudentRecord, a: &Achievement) -> bool {
    match scope {
        Scope::School => true,
        Scope::Class(id) => r.student.class_on(a.date) == id,
    }
}

fn class_name(p: &Portfolio, r: &StudentRecord) -> String {
    p.class(&r.student.class_id)
        .map(|c| c.name.clone())
        .unwrap_or_default()
}

// ---- the class «Достижения» table (П1 §1.9, §5.4) ----------------------------

/// One student's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassRow {
    pub student_id: Id,
    pub name: String,
    /// Achievements of each type of [`ClassTable::types`].
    pub by_type: Vec<usize>,
    pub total: usize,
    pub points: Points,
    /// Place in the class by points.
    pub place: Place,
}

/// Every student of a class with their number of achievements, in total and
/// by type, their points and place, for a filter (year, period, type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassTable {
    /// The types in use, in catalogue order: (id, name).
    pub types: Vec<(Id, String)>,
    pub rows: Vec<ClassRow>,
    pub total_by_type: Vec<usize>,
    pub total: usize,
    pub points: Points,
}

/// A column to sort the class table by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Name,
    /// The n-th type column.
    Type(usize),
    Total,
    Points,
}

impl SortBy {
    /// «name», «type-2», «total», «points» (for the address bar).
    pub fn key(&self) -> String {
        match self {
            SortBy::Name => "name".into(),
            SortBy::Type(n) => format!("type-{n}"),
            SortBy::Total => "total".into(),
            SortBy::Points => "points".into(),
        }
    }

    pub fn parse(s: &str) -> Option<SortBy> {
        Some(match s {
            "name" => SortBy::Name,
            "total" => SortBy::Total,
            "points" => SortBy::Points,
            _ => SortBy::Type(s.strip_prefix("type-")?.parse().ok()?),
        })
    }
}

/// The table of a class: its students (and those who were in it), each
/// with what they achieved while in the class.
pub fn class_table(p: &Portfolio, class_id: &Id, filter: &AchievementFilter) -> ClassTable {
    let factors = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
    let scope = Scope::Class(class_id.clone());
    let members = students(p, &scope);
    let counted: Vec<Vec<&Achievement>> = members
        .iter()
        .map(|r| {
            r.achievements
                .iter()
                .filter(|a| filter.matches(a, &p.years) && counts(&scope, r, a))
                .collect()
        })
        .collect();
    let types = types_in_use(&p.catalogues, counted.iter().flatten().map(|a| &a.type_id));
    let points: Vec<Points> = counted
        .iter()
        .map(|list| list.iter().map(|a| score(a, &p.catalogues, &factors)).sum())
        .collect();
    let ranks = places(&points);
    let rows: Vec<ClassRow> = members
        .iter()
        .zip(&counted)
        .enumerate()
        .map(|(i, (r, list))| ClassRow {
            student_id: r.student.id.clone(),
            name: r.student.full_name(),
            by_type: types
                .iter()
                .map(|(t, _)| list.iter().filter(|a| &a.type_id == t).count())
                .collect(),
            total: list.len(),
            points: points[i],
            place: ranks[i],
        })
        .collect();
    ClassTable {
        total_by_type: (0..types.len())
            .map(|k| rows.iter().map(|r| r.by_type[k]).sum())
            .collect(),
        total: rows.iter().map(|r| r.total).sum(),
        points: points.iter().copied().sum(),
        types,
        rows,
    }
}

impl ClassTable {
    /// Sorts the rows by a column; ties keep alphabetical order.
    pub fn sort(&mut self, by: SortBy, descending: bool) {
        let key = |r: &ClassRow| -> u64 {
            match by {
                SortBy::Name => 0,
                SortBy::Type(n) => r.by_type.get(n).copied().unwrap_or(0) as u64,
                SortBy::Total => r.total as u64,
                SortBy::Points => r.points.0,
            }
        };
        self.rows.sort_by_cached_key(|r| fold(&r.name));
        if by == SortBy::Name {
            if descending {
                self.rows.reverse();
            }
        } else if descending {
            self.rows.sort_by_key(|r| std::cmp::Reverse(key(r)));
        } else {
            self.rows.sort_by_key(key);
        }
    }

    /// As a report: what the screen shows, for CSV and print.
    pub fn to_table(&self, title: String) -> Table {
        let mut head = vec!["Ученик".to_string()];
        head.extend(self.types.iter().map(|(_, n)| n.clone()));
        head.extend(["Всего".into(), "Баллы".into(), "Место в классе".into()]);
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.name.clone()];
                row.extend(r.by_type.iter().map(|n| n.to_string()));
                row.extend([r.total.to_string(), r.points.number(), r.place.ordinal()]);
                row
            })
            .collect();
        let mut total = vec!["Итого".to_string()];
        total.extend(self.total_by_type.iter().map(|n| n.to_string()));
        total.extend([self.total.to_string(), self.points.number(), String::new()]);
        Table {
            title,
            head,
            rows,
            total: Some(total),
        }
    }
}

// ---- reports of a class or the school (П1 §1.11, §2.4) ------------------------

/// The types of `used`, in catalogue order, then any no longer in the
/// catalogue (their achievements still count): (id, name).
fn types_in_use<'a>(c: &Catalogues, used: impl Iterator<Item = &'a Id>) -> Vec<(Id, String)> {
    let used: std::collections::BTreeSet<&Id> = used.collect();
    let kind = CatalogueKind::AchievementTypes;
    let mut out: Vec<(Id, String)> = c
        .list(kind)
        .iter()
        .filter(|t| used.contains(&t.id))
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    for id in used {
        if c.get(kind, id).is_none() {
            out.push((id.clone(), c.name(kind, id)));
        }
    }
    out
}

/// The achievements of the scope's students that match `filter`, with
/// their student.
fn matching<'a>(
    p: &'a Portfolio,
    scope: &Scope,
    filter: &AchievementFilter,
) -> Vec<(&'a StudentRecord, &'a Achievement)> {
    students(p, scope)
        .into_iter()
        .flat_map(|r| r.achievements.iter().map(move |a| (r, a)))
        .filter(|(r, a)| filter.matches(a, &p.years) && counts(scope, r, a))
        .collect()
}

/// Whether a student has an achievement of `filter` that counts for the scope.
fn achieved(p: &Portfolio, scope: &Scope, filter: &AchievementFilter, r: &StudentRecord) -> bool {
    r.achievements
        .iter()
        .any(|a| filter.matches(a, &p.years) && counts(scope, r, a))
}

fn names(c: &Catalogues, kind: CatalogueKind) -> Vec<(Id, String)> {
    c.list(kind)
        .iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

/// «Достижения по типам и уровням»: types down, levels across, totals.
pub fn by_type_and_level(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let list = matching(p, scope, filter);
    let mut types = names(&p.catalogues, CatalogueKind::AchievementTypes);
    for extra in types_in_use(&p.catalogues, list.iter().map(|(_, a)| &a.type_id)) {
        if !types.contains(&extra) {
            types.push(extra);
        }
    }
    let levels = names(&p.catalogues, CatalogueKind::EventLevels);
    let mut count: BTreeMap<(&Id, &Id), usize> = BTreeMap::new();
    for (_, a) in &list {
        *count.entry((&a.type_id, &a.level_id)).or_default() += 1;
    }
    let cell = |t: &Id, l: &Id| count.get(&(t, l)).copied().unwrap_or(0);
    let mut head = vec!["Тип достижения".to_string()];
    head.extend(levels.iter().map(|(_, n)| n.clone()));
    head.push("Всего".into());
    let rows = types
        .iter()
        .map(|(t, name)| {
            let mut row = vec![name.clone()];
            row.extend(levels.iter().map(|(l, _)| cell(t, l).to_string()));
            row.push(
                list.iter()
                    .filter(|(_, a)| &a.type_id == t)
                    .count()
                    .to_string(),
            );
            row
        })
        .collect();
    let mut total = vec!["Итого".to_string()];
    total.extend(levels.iter().map(|(l, _)| {
        list.iter()
            .filter(|(_, a)| &a.level_id == l)
            .count()
            .to_string()
    }));
    total.push(list.len().to_string());
    Table {
        title: "Достижения по типам и уровням".into(),
        head,
        rows,
        total: Some(total),
    }
}

/// «Достижения по категориям результатов» (П2 §3.2).
pub fn by_category(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let list = matching(p, scope, filter);
    let mut rows: Vec<Vec<String>> = names(&p.catalogues, CatalogueKind::ResultCategories)
        .into_iter()
        .map(|(id, name)| {
            let n = list
                .iter()
                .filter(|(_, a)| a.category_id.as_ref() == Some(&id))
                .count();
            vec![name, n.to_string()]
        })
        .collect();
    let none = list.iter().filter(|(_, a)| a.category_id.is_none()).count();
    rows.push(vec!["Категория не указана".into(), none.to_string()]);
    Table {
        title: "Достижения по категориям результатов".into(),
        head: vec!["Категория результатов".into(), "Достижений".into()],
        rows,
        total: Some(vec!["Итого".into(), list.len().to_string()]),
    }
}

/// «Победители и призёры по уровням»: results and students per level.
pub fn winners_by_level(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let list: Vec<_> = matching(p, scope, filter)
        .into_iter()
        .filter(|(_, a)| is_prize(&p.catalogues, &a.place_id))
        .collect();
    let distinct = |it: &mut dyn Iterator<Item = &Id>| {
        let mut v: Vec<&Id> = it.collect();
        v.sort();
        v.dedup();
        v.len()
    };
    let rows = names(&p.catalogues, CatalogueKind::EventLevels)
        .into_iter()
        .map(|(id, name)| {
            let here: Vec<_> = list.iter().filter(|(_, a)| a.level_id == id).collect();
            let people = distinct(&mut here.iter().map(|(r, _)| &r.student.id));
            vec![name, here.len().to_string(), people.to_string()]
        })
        .collect();
    let people = distinct(&mut list.iter().map(|(r, _)| &r.student.id));
    Table {
        title: "Победители и призёры по уровням".into(),
        head: vec![
            "Уровень мероприятия".into(),
            "Побед и призовых мест".into(),
            "Учеников".into(),
        ],
        rows,
        total: Some(vec![
            "Итого".into(),
            list.len().to_string(),
            people.to_string(),
        ]),
    }
}

/// «Поощрения по видам» (П2 §3.3): rewards of each kind, and how many
/// students received one; each counted for the class of its date.
pub fn rewards_by_kind(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let list: Vec<(&StudentRecord, &crate::records::reward::Reward)> = students(p, scope)
        .into_iter()
        .flat_map(|r| r.rewards.iter().map(move |x| (r, x)))
        .filter(|(r, x)| {
            filter.matches_date(x.date, &p.years)
                && match scope {
                    Scope::School => true,
                    Scope::Class(id) => r.student.class_on(x.date) == id,
                }
        })
        .collect();
    let people = |it: &mut dyn Iterator<Item = &Id>| {
        let mut v: Vec<&Id> = it.collect();
        v.sort();
        v.dedup();
        v.len()
    };
    let rows = names(&p.catalogues, CatalogueKind::RewardKinds)
        .into_iter()
        .map(|(id, name)| {
            let here: Vec<_> = list.iter().filter(|(_, x)| x.kind_id == id).collect();
            let n = people(&mut here.iter().map(|(r, _)| &r.student.id));
            vec![name, here.len().to_string(), n.to_string()]
        })
        .collect();
    let n = people(&mut list.iter().map(|(r, _)| &r.student.id));
    Table {
        title: "Поощрения по видам".into(),
        head: vec![
            "Вид поощрения".into(),
            "Поощрений".into(),
            "Учеников".into(),
        ],
        rows,
        total: Some(vec!["Итого".into(), list.len().to_string(), n.to_string()]),
    }
}

/// «Знаки ГТО» (П2 §3.2.2): badges by sign among the achievements of the
/// span (a badge carried over from the old tick counts as «вид не указан»).
pub fn gto_badges(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    use crate::records::achievement::GtoSign;
    let list: Vec<_> = matching(p, scope, filter)
        .into_iter()
        .filter_map(|(_, a)| a.gto.as_ref())
        .collect();
    let mut rows: Vec<Vec<String>> = GtoSign::ALL
        .into_iter()
        .map(|s| {
            let n = list.iter().filter(|g| g.sign == Some(s)).count();
            let label = s.label();
            let mut name: Vec<char> = label.chars().collect();
            name[0] = name[0].to_uppercase().next().unwrap_or(name[0]);
            vec![name.into_iter().collect(), n.to_string()]
        })
        .collect();
    let unknown = list.iter().filter(|g| g.sign.is_none()).count();
    if unknown > 0 {
        rows.push(vec!["Вид знака не указан".into(), unknown.to_string()]);
    }
    Table {
        title: "Знаки ГТО".into(),
        head: vec!["Знак".into(), "Знаков".into()],
        rows,
        total: Some(vec!["Итого".into(), list.len().to_string()]),
    }
}

/// «Участие»: how many students have at least one achievement, and who has
/// none.
pub fn participation(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let who = students(p, scope);
    let with = who.iter().filter(|r| achieved(p, scope, filter, r)).count();
    let share = if who.is_empty() {
        0
    } else {
        (with * 100 + who.len() / 2) / who.len()
    };
    Table {
        title: "Участие в мероприятиях".into(),
        head: vec!["Показатель".into(), "Значение".into()],
        rows: vec![
            vec!["Учеников".into(), who.len().to_string()],
            vec!["С достижениями".into(), with.to_string()],
            vec!["Без достижений".into(), (who.len() - with).to_string()],
            vec!["Доля учеников с достижениями, %".into(), share.to_string()],
        ],
        total: None,
    }
}

/// «Ученики без достижений».
pub fn without_achievements(p: &Portfolio, scope: &Scope, filter: &AchievementFilter) -> Table {
    let rows = students(p, scope)
        .into_iter()
        .filter(|r| !achieved(p, scope, filter, r))
        .map(|r| vec![r.student.full_name(), class_name(p, r)])
        .collect();
    Table {
        title: "Ученики без достижений".into(),
        head: vec!["Ученик".into(), "Класс".into()],
        rows,
        total: None,
    }
}

/// «Банк данных одарённых детей» (П1 §1.11, П2 §2.2): the students who are
/// winners or prize-winners at `min_level` or higher (levels rise in
/// catalogue order), one row each, with those results and whether they are
/// in ГИР.
pub fn gifted(p: &Portfolio, scope: &Scope, filter: &AchievementFilter, min_level: &Id) -> Table {
    let c = &p.catalogues;
    let levels = c.list(CatalogueKind::EventLevels);
    let rank = |id: &Id| levels.iter().position(|e| &e.id == id);
    let floor = rank(min_level).unwrap_or(0);
    let mut by_student: BTreeMap<&Id, (&StudentRecord, Vec<&Achievement>)> = BTreeMap::new();
    for (r, a) in matching(p, scope, filter) {
        if is_prize(c, &a.place_id) && rank(&a.level_id).is_some_and(|x| x >= floor) {
            by_student
                .entry(&r.student.id)
                .or_insert((r, Vec::new()))
                .1
                .push(a);
        }
    }
    let mut list: Vec<(&StudentRecord, Vec<&Achievement>)> = by_student.into_values().collect();
    list.sort_by_cached_key(|(r, _)| r.student.sort_key());
    let rows = list
        .into_iter()
        .map(|(r, mut results)| {
            results.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
            let in_gir = results.iter().filter(|a| a.in_gir).count();
            let gir = match in_gir {
                0 => "нет".to_string(),
                n if n == results.len() => "да".to_string(),
                n => format!("{n} из {}", results.len()),
            };
            let shown: Vec<String> = results
                .iter()
                .map(|a| {
                    format!(
                        "{} ({}, {}, {})",
                        a.title,
                        c.name(CatalogueKind::EventLevels, &a.level_id),
                        c.name(CatalogueKind::PrizePlaces, &a.place_id),
                        format_ru(a.date)
                    )
                })
                .collect();
            vec![
                r.student.full_name(),
                class_name(p, r),
                results.len().to_string(),
                shown.join("; "),
                gir,
            ]
        })
        .collect();
    Table {
        title: "Банк данных одарённых детей".into(),
        head: [
            "Ученик",
            "Класс",
            "Побед и призовых мест",
            "Достижения",
            "Сведения в ГИР",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        total: None,
    }
}

#[cfg(test)]
mod tests;
